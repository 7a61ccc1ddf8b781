"""Which font file draws which script: the Noto fonts that pygame_gui installs.

The app's screens (ui/fonts.py, with pygame) and the printed report (services/report,
with its own PDF writer) draw an alias in any shipped script — Latin with Vietnamese, Devanagari,
Han and kana, Hangul, Arabic, Hebrew, Georgian — from the same files. They come with
pygame_gui, a dependency: nothing is copied into the repository, nothing is downloaded.
This module only knows the files and finds them (no pygame, no font library), so both
layers can use it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """A font file in pygame_gui's data folder, the script HarfBuzz shapes it as (ISO
    15924; None: the default), whether its lines run right to left, and the block of
    characters (first, last code point) that choose it over an earlier face drawing them
    unshaped (Noto Sans has Devanagari glyphs, which need the "Deva" shaping)."""

    file: str
    script: str | None = None
    right_to_left: bool = False
    block: tuple[int, int] | None = None

    @property
    def bold_file(self) -> str:
        """The bold weight's file beside it (`NotoSans-Bold.ttf`)."""
        return self.file.replace("-Regular.", "-Bold.")


#: Noto Sans first, then the fonts of other scripts, in the order they are tried.
FACES: tuple[Face, ...] = (
    Face("NotoSans-Regular.ttf"),
    Face("NotoSans-Regular.ttf", "Deva", block=(0x0900, 0x097F)),
    Face("NotoSansSC-Regular.otf", "Hani"),
    Face("NotoSansJP-Regular.otf", "Hani"),
    Face("NotoSansKR-Regular.ttf", "Hang"),
    Face("NotoSansArabic-Regular.ttf", "Arab", right_to_left=True),
    Face("NotoSansHebrew-Regular.ttf", "Hebr", right_to_left=True),
    Face("NotoSansGeorgian-Regular.ttf", "Geor"),
)


@lru_cache(maxsize=32)
def face_path(file: str) -> Path | None:
    """A font file as pygame_gui installs it (found without importing pygame_gui), or
    None when it is not there (a broken install: the caller's own font stands in)."""
    spec = importlib.util.find_spec("pygame_gui")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "data" / file
        if candidate.is_file():
            return candidate
    return None


def face_files() -> tuple[str, ...]:
    """Each font file of FACES once, in their order, regular then bold."""
    files = dict.fromkeys(f for face in FACES for f in (face.file, face.bold_file))
    return tuple(files)
