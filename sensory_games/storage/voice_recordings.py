"""The clinic's own recordings of the spoken prompts, in the data folder.

``<data folder>/voice/<language>/<prompt id>.wav``: a recording there is said instead of
the shipped clip (ui/voice.py). Each is kept already finished to the audio caps
(domain/voice_clip.py) and written as the app's own files are (storage/files.py: whole or
not at all, readable by its owner only); going back to the shipped clip removes it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sensory_games.domain.language import check_language
from sensory_games.domain.prompts import check_prompt
from sensory_games.domain.voice_clip import CLIP_RATE_HZ, RECORDINGS_FOLDER, wav_bytes
from sensory_games.storage.files import OWNER_ONLY_FOLDER, write_own_file


class VoiceRecordings:
    """The recordings folder of the data folder `data_dir`."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / RECORDINGS_FOLDER

    def path(self, language: str, prompt_id: str) -> Path:
        """Where the recording of `prompt_id` in `language` is (ValueError for a language
        or prompt that is not shipped: no other file name is ever made)."""
        return self.folder / check_language(language) / f"{check_prompt(prompt_id)}.wav"

    def has(self, language: str, prompt_id: str) -> bool:
        return self.path(language, prompt_id).is_file()

    def keep(self, language: str, prompt_id: str, clip: np.ndarray) -> Path:
        """Store a finished clip (int16 at CLIP_RATE_HZ) as the clinic's recording."""
        target = self.path(language, prompt_id)
        target.parent.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
        write_own_file(target, wav_bytes(clip, CLIP_RATE_HZ))
        return target

    def remove(self, language: str, prompt_id: str) -> bool:
        """Go back to the shipped clip; False when there was no recording."""
        target = self.path(language, prompt_id)
        if not target.is_file():
            return False
        target.unlink()
        return True
