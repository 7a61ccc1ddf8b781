"""The clinic's own recordings of the spoken prompts, in the data folder.

``<data folder>/voice/<language>/<prompt id>.wav``: a recording there is said instead of
the shipped clip (ui/voice.py). Each is kept already finished to the audio caps
(domain/voice_clip.py) and written as the app's own files are (storage/files.py: whole or
not at all, readable by its owner only, in folders only their owner may open); going back
to the shipped clip moves it aside (``<prompt id>.wav.set-aside-<UTC time>``, beside it),
never deletes it: a recording is a person's voice the clinic may want back.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import numpy as np

from sensory_games.domain.language import check_language
from sensory_games.domain.prompts import check_prompt
from sensory_games.domain.voice_clip import CLIP_RATE_HZ, RECORDINGS_FOLDER, wav_bytes
from sensory_games.storage.files import (
    OWNER_ONLY_FOLDER,
    aside_name,
    restrict_to_owner,
    sync_folder,
    write_own_file,
)

#: The label of a recording moved aside (storage.files.aside_name).
SET_ASIDE = "set-aside"
#: The last part of the name of a take written but not yet in place (VoiceRecordings.staged).
TAKE = "take"


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

    def staged(self, language: str, prompt_id: str, clip: np.ndarray) -> Path:
        """Write a finished clip (int16 at CLIP_RATE_HZ) to a new file beside where the
        recording of `prompt_id` in `language` goes, under a name that is never said
        (``.<prompt id>.wav.<random>.take``): nothing changes until :meth:`put_in_place`
        renames it there, so a take whose audit entry is refused is simply removed."""
        target = self.path(language, prompt_id)
        for folder in (self.folder, target.parent):  # (mkdir's mode: the last folder only)
            folder.mkdir(mode=OWNER_ONLY_FOLDER, exist_ok=True)
            restrict_to_owner(folder, folder=True)
        staged = target.with_name(f".{target.name}.{secrets.token_hex(4)}.{TAKE}")
        write_own_file(staged, wav_bytes(clip, CLIP_RATE_HZ))
        return staged

    def put_in_place(self, staged: Path, language: str, prompt_id: str) -> Path:
        """Make a :meth:`staged` take the recording of `prompt_id` in `language` (one
        rename in the same folder: all or nothing); the recording's path."""
        target = self.path(language, prompt_id)
        os.replace(staged, target)
        sync_folder(target.parent)
        return target

    def set_aside(self, language: str, prompt_id: str) -> Path | None:
        """Go back to the shipped clip (or make room for a new take): the recording is
        renamed aside (kept, no longer said); where it went, or None when there was no
        recording. :meth:`put_back` undoes it."""
        target = self.path(language, prompt_id)
        if not target.is_file():
            return None
        aside = aside_name(target, SET_ASIDE)
        target.rename(aside)
        return aside

    def put_back(self, aside: Path, language: str, prompt_id: str) -> None:
        """Undo :meth:`set_aside`: the recording moved to `aside` is said again."""
        aside.rename(self.path(language, prompt_id))
