"""The clinic's recordings as use cases (services/clinic_voice.py): a take finished to the
audio caps, kept owner-only with its audit entry, never kept unfinished, and set aside
(never deleted) on going back to the shipped clip; a change and its audit entry together."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator

import numpy as np
import pytest

from sensory_games.domain.intensity import MAX_PEAK_DBFS
from sensory_games.domain.language import words
from sensory_games.domain.prompts import BREATHE_IN, HOW_DO_YOU_FEEL
from sensory_games.domain.sentence import render
from sensory_games.domain.voice_clip import (
    CLIP_RATE_HZ,
    ClipError,
    finished_clip,
    peak_dbfs,
    read_wav,
)
from sensory_games.services.clinic_voice import KEPT, SET_ASIDE, ClinicVoice
from sensory_games.storage import StorageError

RATE = 48_000
UNREADABLE = "the log x.db could not be read (EIO)"


def spoken(seconds: float = 1.5, loudness: float = 0.9) -> np.ndarray:
    """A loud tone (a voice, for the caps) between half a second of room noise each side."""
    t = np.arange(round(seconds * RATE)) / RATE
    room = np.full(RATE // 2, 0.001)
    return np.concatenate([room, loudness * np.sin(2 * np.pi * 180 * t), room])


def audited(repository) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(entry.action, entry.detail) for entry in repository.audit_entries()]


def test_a_take_is_finished_to_the_caps_before_it_is_heard_or_kept() -> None:
    take = finished_clip(np.stack([spoken(), spoken()], axis=1), RATE)  # (stereo in)
    assert take.dtype == np.int16
    assert take.size / CLIP_RATE_HZ == pytest.approx(1.56, abs=0.01)  # 30 ms kept each side
    assert peak_dbfs(take / 32768) == pytest.approx(MAX_PEAK_DBFS, abs=0.01)
    assert peak_dbfs(take / 32768) <= MAX_PEAK_DBFS
    assert take[0] == 0 and take[-1] == 0  # 20 ms ramps: no click
    with pytest.raises(ClipError, match="silent"):
        finished_clip(np.zeros(RATE), RATE)


@pytest.mark.parametrize(
    ("refused", "spanish"),
    [
        (lambda _voice: finished_clip(np.zeros(RATE), RATE), "no se oyó nada"),
        (lambda _voice: read_wav(b"RIFF", "take.wav"), "take.wav: no es un archivo WAV"),
        (lambda voice: voice.keep("es", BREATHE_IN, np.full(9, 0.4)), "no está ajustada"),
        (
            lambda voice: voice.keep("es", BREATHE_IN, np.full(9, 30_000, dtype=np.int16)),
            "supera los -6 dBFS",
        ),
    ],
)
def test_why_a_clip_is_refused_is_said_in_the_readers_language(
    repository, refused, spanish: str
) -> None:
    """The Voice page shows these to an adult: English in the code, Spanish on screen."""
    with pytest.raises(ClipError) as refusal:
        refused(ClinicVoice(repository))
    assert spanish in render(refusal.value, words("es"))
    assert spanish not in str(refusal.value)  # (English for the logs)


def test_a_kept_take_is_stored_owner_only_and_put_on_the_audit_list(repository) -> None:
    voice = ClinicVoice(repository)
    take = finished_clip(spoken(), RATE)
    previous = os.umask(0o022)
    try:
        kept = voice.keep("es", HOW_DO_YOU_FEEL, take)
    finally:
        os.umask(previous)
    assert kept == repository.data_dir / "voice" / "es" / f"{HOW_DO_YOU_FEEL}.wav"
    assert voice.has("es", HOW_DO_YOU_FEEL) and not voice.has("ar", HOW_DO_YOU_FEEL)
    assert voice.path("es", HOW_DO_YOU_FEEL) == kept
    clip = read_wav(kept.read_bytes())
    assert clip.rate == CLIP_RATE_HZ and np.array_equal(np.round(clip.samples * 32768), take)
    assert audited(repository) == [(KEPT, f"es {HOW_DO_YOU_FEEL}")]
    if os.name == "posix":  # (permission bits decide who reads a file on POSIX only)
        for folder in (kept.parent.parent, kept.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("take", "problem"),
    [
        (np.full(2_000, 0.4), "not finished"),  # float samples: straight from the microphone
        (np.zeros(2_000, dtype=np.int16), "not finished"),  # silence
        (np.full(2_000, 30_000, dtype=np.int16), "louder than -6 dBFS"),  # over the cap
    ],
)
def test_a_take_that_is_not_finished_is_never_kept(repository, take, problem: str) -> None:
    with pytest.raises(ClipError, match=problem):
        ClinicVoice(repository).keep("es", HOW_DO_YOU_FEEL, take)
    assert not (repository.data_dir / "voice").exists() and audited(repository) == []


@pytest.mark.parametrize(("language", "prompt_id"), [("fr", HOW_DO_YOU_FEEL), ("es", "../x")])
def test_only_a_shipped_language_and_prompt_make_a_file_name(
    repository, language: str, prompt_id: str
) -> None:
    with pytest.raises(ValueError):
        ClinicVoice(repository).keep(language, prompt_id, finished_clip(spoken(), RATE))
    assert not (repository.data_dir / "voice").exists() and audited(repository) == []


def test_a_take_the_audit_list_refuses_is_not_kept(repository, monkeypatch) -> None:
    def refuse(*_args: object) -> None:
        raise StorageError(UNREADABLE)

    monkeypatch.setattr(repository, "audit", refuse)
    with pytest.raises(StorageError):
        ClinicVoice(repository).keep("es", HOW_DO_YOU_FEEL, finished_clip(spoken(), RATE))
    assert not (repository.data_dir / "voice" / "es" / f"{HOW_DO_YOU_FEEL}.wav").exists()


def test_a_take_that_cannot_be_written_leaves_no_audit_entry(repository) -> None:
    (repository.data_dir / "voice").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        ClinicVoice(repository).keep("es", HOW_DO_YOU_FEEL, finished_clip(spoken(), RATE))
    assert audited(repository) == []


def test_going_back_to_the_shipped_clip_sets_the_recording_aside(repository) -> None:
    voice = ClinicVoice(repository)
    assert voice.back_to_shipped("zh", BREATHE_IN) is None  # nothing to set aside
    kept = voice.keep("zh", BREATHE_IN, finished_clip(spoken(), RATE))
    recorded = kept.read_bytes()
    where = voice.back_to_shipped("zh", BREATHE_IN)
    assert where is not None and where.startswith(f"voice/zh/{BREATHE_IN}.wav.set-aside-")
    assert not voice.has("zh", BREATHE_IN)
    assert (repository.data_dir / where).read_bytes() == recorded  # kept, never deleted
    assert audited(repository)[-1] == (SET_ASIDE, f"zh {where.rsplit('/', 1)[1]}")
    assert voice.back_to_shipped("zh", BREATHE_IN) is None


def test_a_set_aside_the_audit_list_refuses_changes_nothing(repository, monkeypatch) -> None:
    voice = ClinicVoice(repository)
    kept = voice.keep("ar", BREATHE_IN, finished_clip(spoken(), RATE))

    def refuse(*_args: object) -> None:
        raise StorageError(UNREADABLE)

    monkeypatch.setattr(repository, "audit", refuse)
    with pytest.raises(StorageError):
        voice.back_to_shipped("ar", BREATHE_IN)
    assert kept.is_file() and list(kept.parent.iterdir()) == [kept]  # put back as it was


def refuse_the_commit(repository, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every write in a transaction goes through, then its COMMIT fails (a full disk, a
    lock held too long): the transaction is rolled back and the error raised. (Only the
    outermost one commits: those the writes open inside it join it.)"""
    real, depth = repository.transaction, [0]

    @contextlib.contextmanager
    def failing_commit() -> Iterator[None]:
        depth[0] += 1
        try:
            with real():
                yield
                if depth[0] == 1:
                    raise StorageError("the log could not be written (disk full)")
        finally:
            depth[0] -= 1

    monkeypatch.setattr(repository, "transaction", failing_commit)


def test_a_take_whose_commit_fails_leaves_no_file(repository, monkeypatch) -> None:
    refuse_the_commit(repository, monkeypatch)
    with pytest.raises(StorageError):
        ClinicVoice(repository).keep("es", HOW_DO_YOU_FEEL, finished_clip(spoken(), RATE))
    assert audited(repository) == []
    assert list((repository.data_dir / "voice" / "es").iterdir()) == []  # (no take left)


def test_a_new_take_sets_the_clinics_recording_aside_never_over_it(repository) -> None:
    voice = ClinicVoice(repository)
    first = voice.keep("es", BREATHE_IN, finished_clip(spoken(1.0), RATE)).read_bytes()
    kept = voice.keep("es", BREATHE_IN, finished_clip(spoken(2.0), RATE))
    assert kept.read_bytes() != first
    aside = [path for path in kept.parent.iterdir() if path != kept]
    assert len(aside) == 1 and aside[0].name.startswith(f"{BREATHE_IN}.wav.set-aside-")
    assert aside[0].read_bytes() == first  # (the first voice is still there)
    entries = audited(repository)  # (the second keep's two entries share their time)
    assert entries[0] == (KEPT, f"es {BREATHE_IN}")
    assert sorted(entries[1:]) == [(KEPT, f"es {BREATHE_IN}"), (SET_ASIDE, f"es {aside[0].name}")]


@pytest.mark.parametrize("change", ["keep", "back_to_shipped"])
def test_a_change_whose_commit_fails_leaves_the_recording_as_it_was(
    repository, monkeypatch, change: str
) -> None:
    voice = ClinicVoice(repository)
    kept = voice.keep("ar", BREATHE_IN, finished_clip(spoken(), RATE))
    recorded = kept.read_bytes()
    refuse_the_commit(repository, monkeypatch)
    with pytest.raises(StorageError):
        if change == "keep":
            voice.keep("ar", BREATHE_IN, finished_clip(spoken(2.0), RATE))
        else:
            voice.back_to_shipped("ar", BREATHE_IN)
    assert list(kept.parent.iterdir()) == [kept] and kept.read_bytes() == recorded
    assert audited(repository) == [(KEPT, f"ar {BREATHE_IN}")]
