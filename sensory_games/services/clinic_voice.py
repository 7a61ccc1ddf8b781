"""The clinic's own recordings of the spoken prompts, as use cases: "keep this take for
prompt P in language L" and "go back to the shipped clip".

The console's Voice page calls this module, so a recording is finished to the audio caps,
stored owner-only and put on the audit list the same way whichever screen an adult used.
A take from the microphone is finished first (:func:`finished_take`: one channel at
CLIP_RATE_HZ, silence trimmed, peak at the sensory cap, 20 ms ramps; domain/voice_clip.py)
so the adult hears exactly what a child will; only a finished take is kept. Going back to
the shipped clip never deletes a voice: the recording is renamed aside beside it
(storage/voice_recordings.py). Each change and its audit entry go together: nothing is
changed that the audit list does not say.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.voice_clip import CLIP_PEAK_DBFS, ClipError, finished_clip, peak_dbfs
from sensory_games.storage import Repository
from sensory_games.storage.voice_recordings import VoiceRecordings

#: The action names of the audit entries the changes make.
KEPT, SET_ASIDE = "voice recording kept", "voice recording set aside"


def finished_take(samples: np.ndarray, rate: int) -> np.ndarray:
    """A microphone take (float samples, any channels, at `rate` Hz) finished to the audio
    caps, as it would be kept and said: int16 at CLIP_RATE_HZ. ClipError when there is
    nothing to keep (silence)."""
    return finished_clip(samples, rate)


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
        """Keep `take` (from :func:`finished_take`) as the clinic's recording of
        `prompt_id` in `language`: said instead of the shipped clip from the next time.
        One audit entry (`at`: when, default now, UTC). Returns the file. Raises ClipError
        for a take that is not finished (not int16, or over the peak cap) and ValueError
        for a language or prompt that is not shipped, with nothing stored; StorageError
        (the audit list) or OSError (the file), with nothing kept."""
        if take.dtype != np.int16 or not np.any(take):
            raise ClipError(Sentence(N_("the take is not finished to the audio caps (or silent)")))
        if peak_dbfs(take / 32768) > CLIP_PEAK_DBFS + 1e-6:
            cap = f"{CLIP_PEAK_DBFS:g}"
            raise ClipError(Sentence(N_("the take is louder than {cap} dBFS"), cap=cap))
        self.files.path(language, prompt_id)  # (checks both before anything is written)
        with self.repository.transaction():  # (the entry is kept only once the file is)
            self.repository.audit(KEPT, f"{language} {prompt_id}", None, at)
            return self.files.keep(language, prompt_id, take)

    def back_to_shipped(
        self, language: str, prompt_id: str, at: datetime | None = None
    ) -> str | None:
        """Go back to the shipped clip of `prompt_id` in `language`: the clinic's recording
        is renamed aside (kept in its folder: one tap never deletes a voice) with one audit
        entry. Returns where it went, relative to the data folder (`voice/es/...`), or None
        when there was no recording. StorageError (the audit list; the recording is put
        back) or OSError (the rename), with nothing changed."""
        with self.repository.transaction():
            aside = self.files.set_aside(language, prompt_id)
            if aside is None:
                return None
            try:
                self.repository.audit(SET_ASIDE, f"{language} {aside.name}", None, at)
            except BaseException:
                aside.rename(self.files.path(language, prompt_id))  # (put back as it was)
                raise
        return aside.relative_to(self.files.folder.parent).as_posix()
