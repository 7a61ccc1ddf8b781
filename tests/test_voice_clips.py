"""The spoken prompts and their shipped clips: one per prompt and language, each within
the audio caps, its transcript the words the catalogs give; and the clip finishing every
clip (shipped or recorded) goes through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from sensory_games.domain.intensity import MAX_PEAK_DBFS
from sensory_games.domain.language import LANGUAGES, words
from sensory_games.domain.prompts import (
    PRAISE,
    PRAISE_GOOD_TRYING,
    PROMPT_ID,
    PROMPTS,
    check_prompt,
    praise_for,
)
from sensory_games.domain.voice_clip import (
    CLIP_RATE_HZ,
    RAMP_S,
    ClipError,
    finished_clip,
    peak_dbfs,
    read_wav,
    wav_bytes,
)

VOICE_DIR = Path(__file__).resolve().parent.parent / "sensory_games" / "assets" / "voice"
RAMP_SAMPLES = round(RAMP_S * CLIP_RATE_HZ)


def _clip(language: str, prompt_id: str):
    path = VOICE_DIR / language / f"{prompt_id}.wav"
    assert path.is_file(), f"no clip {path}: run make voices"
    return read_wav(path.read_bytes(), path.name)


def test_prompt_ids_are_file_names_and_praise_varies() -> None:
    assert all(PROMPT_ID.match(prompt_id) for prompt_id in PROMPTS)
    assert set(PRAISE) <= set(PROMPTS)
    assert {praise_for(seed, went_well=True) for seed in range(len(PRAISE))} == set(PRAISE)
    # a child who struggled hears "good trying", never "great job"
    assert {praise_for(seed, went_well=False) for seed in range(9)} == {PRAISE_GOOD_TRYING}
    assert PRAISE_GOOD_TRYING not in PRAISE
    assert check_prompt("breathe_in") == "breathe_in"
    with pytest.raises(ValueError, match="no voice prompt 'shout'; known: and_out"):
        check_prompt("shout")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_prompt_has_a_clip_within_the_caps(language: str) -> None:
    """Mono 16-bit at 22,050 Hz, peak at most -6 dBFS, and it starts and ends at silence
    with ramps no steeper than 20 ms (no click)."""
    for prompt_id in PROMPTS:
        clip = _clip(language, prompt_id)
        samples = clip.samples
        assert clip.rate == CLIP_RATE_HZ
        assert 0.3 < clip.duration_s < 8.0, (language, prompt_id, clip.duration_s)
        assert peak_dbfs(samples) <= MAX_PEAK_DBFS + 1e-9
        assert peak_dbfs(samples) > MAX_PEAK_DBFS - 1.0  # normalised, not faint
        assert samples[0] == 0.0 and samples[-1] == 0.0
        peak = float(np.max(np.abs(samples)))
        # inside a ramp a sample is at most its share of the way up (or down) to the peak
        rising = np.arange(RAMP_SAMPLES) / RAMP_SAMPLES
        assert np.all(np.abs(samples[:RAMP_SAMPLES]) <= rising * peak + 1 / 32768)
        assert np.all(np.abs(samples[::-1][:RAMP_SAMPLES]) <= rising * peak + 1 / 32768)
    assert {p.stem for p in (VOICE_DIR / language).glob("*.wav")} == set(PROMPTS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_transcript_is_what_the_catalogs_say(language: str) -> None:
    path = VOICE_DIR / language / "transcripts.yaml"
    transcript = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert transcript["language"] == language
    assert transcript["engine"].startswith("eSpeak NG ")
    assert transcript["voice"]
    said = transcript["prompts"]
    assert said == {pid: words(language).tr(english) for pid, english in PROMPTS.items()}
    if language != "en":  # translated: not the English words
        assert all(said[pid] != PROMPTS[pid] for pid in PROMPTS)


def test_the_shipped_clips_stay_small() -> None:
    total = sum(p.stat().st_size for p in VOICE_DIR.rglob("*") if p.is_file())
    assert total < 8 * 1024 * 1024


def test_a_loud_long_stereo_recording_is_finished_to_the_caps() -> None:
    """A 48 kHz stereo take, clipping at full scale, with a second of room noise before
    and after: mono 22,050 Hz, trimmed, peak -6 dBFS, ramps at both ends."""
    rate = 48_000
    t = np.arange(rate) / rate
    speech = np.clip(1.5 * np.sin(2 * np.pi * 220 * t), -1, 1)
    room = 0.001 * np.sin(2 * np.pi * 50 * np.arange(rate) / rate)
    mono = np.concatenate([room, speech, room])
    stereo = np.stack([mono, mono], axis=1)
    clip = finished_clip(stereo, rate)
    assert clip.dtype == np.int16
    assert 1.0 <= clip.size / CLIP_RATE_HZ < 1.1  # the room noise is trimmed
    assert peak_dbfs(clip / 32768) == pytest.approx(MAX_PEAK_DBFS, abs=0.01)
    assert clip[0] == 0 and clip[-1] == 0
    assert abs(int(clip[RAMP_SAMPLES // 2])) < 0.6 * np.max(np.abs(clip))
    read = read_wav(wav_bytes(clip), "take.wav")
    assert read.rate == CLIP_RATE_HZ and np.array_equal(read.samples * 32768, clip)
    assert wav_bytes(clip) == wav_bytes(clip.copy())  # the same samples, the same bytes


def test_a_silent_or_unreadable_clip_is_refused_with_its_name() -> None:
    with pytest.raises(ClipError, match="silent"):
        finished_clip(np.zeros(1000), 22_050)
    with pytest.raises(ClipError, match=r"take\.wav: not a WAV file"):
        read_wav(b"RIFF nonsense", "take.wav")
    eight_bit = bytearray(wav_bytes(np.zeros(10, dtype=np.int16)))
    eight_bit[34] = 8  # bits per sample
    with pytest.raises(ClipError, match="8-bit samples; a clip must be 16-bit PCM"):
        read_wav(bytes(eight_bit), "take.wav")


def test_make_voices_gives_the_same_bytes_again() -> None:
    """The shipped clips are what `make voices` makes now, byte for byte (only where the
    `voices` extra, the speech engine, is installed)."""
    pytest.importorskip("espeakng_loader")
    script = Path(__file__).resolve().parent.parent / "scripts" / "voices.py"
    run = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 stale" in run.stdout
