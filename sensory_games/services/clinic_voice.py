"""The clinic's own recordings of the spoken prompts, as use cases: "keep this take for
prompt P in language L" and "go back to the shipped clip".

The console's Voice page calls this module, so a recording is stored owner-only and put on
the audit list the same way whichever screen an adult used. A take from the microphone is
finished first (domain/voice_clip.finished_clip: one channel at CLIP_RATE_HZ, silence
trimmed, peak at the sensory cap, 20 ms ramps) so the adult hears exactly what a child
will; only a finished take is kept. One tap never deletes a voice: going back to the
shipped clip, or keeping a new take over the clinic's recording, renames the recording
aside beside it (storage/voice_recordings.py). Each change and its audit entries go
together: a new take is written to a file of its own first and renamed into place only
once its entries are committed, and a recording set aside is put back when they are not.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.voice_clip import CLIP_PEAK_DBFS, ClipError, peak_dbfs
from sensory_games.storage import Repository
from sensory_games.storage.voice_recordings import VoiceRecordings

#: The action names of the audit entries the changes make.
KEPT, SET_ASIDE = "voice recording kept", "voice recording set aside"


class ClinicVoice:
    """The clinic's recordings in `repository`'s data folder, and the audit list that
    says who changed them."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.files = VoiceRecordings(repository.data_dir)

    def has(self, language: str, prompt_id: str) -> bool:
        """Whether the clinic has its own recording of `prompt_id` in `language`."""
        return self.files.has(language, prompt_id)

    def path(self, language: str, prompt_id: str) -> Path:
        """Where the clinic's recording of `prompt_id` in `language` is (or would be)."""
        return self.files.path(language, prompt_id)

    def keep(
        self, language: str, prompt_id: str, take: np.ndarray, at: datetime | None = None
    ) -> Path:
        """Keep `take` (from domain/voice_clip.finished_clip) as the clinic's recording of
        `prompt_id` in `language`: said instead of the shipped clip from the next time. A
        recording already there is set aside first (kept beside it, as by
        :meth:`back_to_shipped`). Audit entries (`at`: when, default now, UTC): the
        recording set aside, if any, and the take kept. Returns the file.

        Raises ClipError for a take that is not finished (not int16, or over the peak
        cap) and ValueError for a language or prompt that is not shipped, with nothing
        stored; StorageError (the audit list) or OSError (the files): before the commit
        nothing is changed (the take is written to a file of its own, renamed into place
        only once the audit entries are committed); if that last rename fails, the audit
        list says the take was kept, the earlier recording stays set aside (never
        deleted) and the shipped clip is said until the take is kept again."""
        if take.dtype != np.int16 or not np.any(take):
            raise ClipError(Sentence(N_("the take is not finished to the audio caps (or silent)")))
        if peak_dbfs(take / 32768) > CLIP_PEAK_DBFS + 1e-6:
            cap = f"{CLIP_PEAK_DBFS:g}"
            raise ClipError(Sentence(N_("the take is louder than {cap} dBFS"), cap=cap))
        staged = self.files.staged(language, prompt_id, take)  # (checks both names first)
        try:
            with self._aside_until_committed(language, prompt_id, at):
                self.repository.audit(KEPT, f"{language} {prompt_id}", None, at)
            # (the one step after the commit: a rename within one folder)
            return self.files.put_in_place(staged, language, prompt_id)
        finally:
            with contextlib.suppress(OSError):
                staged.unlink(missing_ok=True)  # (gone already once in place)

    def back_to_shipped(
        self, language: str, prompt_id: str, at: datetime | None = None
    ) -> str | None:
        """Go back to the shipped clip of `prompt_id` in `language`: the clinic's recording
        is renamed aside (kept in its folder: one tap never deletes a voice) with one audit
        entry. Returns where it went, relative to the data folder (`voice/es/...`), or None
        when there was no recording. StorageError (the audit list; the recording is put
        back) or OSError (the rename), with nothing changed."""
        with self._aside_until_committed(language, prompt_id, at) as aside:
            pass
        if aside is None:
            return None
        return aside.relative_to(self.files.folder.parent).as_posix()

    @contextlib.contextmanager
    def _aside_until_committed(
        self, language: str, prompt_id: str, at: datetime | None
    ) -> Iterator[Path | None]:
        """One transaction in which the clinic's recording of `prompt_id` in `language`
        (if any) is renamed aside, with its SET_ASIDE audit entry, and the caller's own
        entries are written; the recording is put back as it was when anything in it,
        the commit included, fails. Yields where the recording went (None: there was
        none)."""
        aside: Path | None = None
        try:
            with self.repository.transaction():
                aside = self.files.set_aside(language, prompt_id)
                if aside is not None:
                    self.repository.audit(SET_ASIDE, f"{language} {aside.name}", None, at)
                yield aside
        except BaseException:
            if aside is not None:
                self.files.put_back(aside, language, prompt_id)
            raise
