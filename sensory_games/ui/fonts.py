"""Which font draws a text: Noto Sans, or the Noto font of the text's script.

A child's alias may be written in any script (Zoë, 山田花子, محمد, דניאל, 김민준). Noto Sans
(Latin, Greek, Cyrillic, Vietnamese, Devanagari) draws most; for a text it cannot draw whole, the
first Noto font that can is used — Simplified Chinese (Han, kana), Japanese, Korean,
Arabic and Hebrew (shaped and right to left), Georgian. They all come with pygame_gui, a
dependency: nothing is copied into the repository, nothing is downloaded. Whether a font
has a glyph is asked of FreeType (pygame.freetype), which says so per character; the text
is then drawn by SDL_ttf with HarfBuzz shaping (joined Arabic letters).

A script none of them covers (Thai, Tamil, Amharic, emoji...) is drawn by Noto Sans, as
boxes:
:func:`missing` says which characters, for tests and the layout check. The files and where
they are installed: :mod:`sensory_games.domain.font_files` (the report uses them too).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pygame
import pygame.freetype

from sensory_games.domain.bidi import reading_direction, visual_runs
from sensory_games.domain.font_files import FACES, Face, face_path

#: Brackets as a line read right to left shows them (Unicode's mirrored pairs), for those
#: drawn by a face that draws left to right (HarfBuzz mirrors them only in a right-to-left
#: face).
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")

__all__ = [
    "FACES",
    "Face",
    "drawn_pieces",
    "face_font",
    "face_of",
    "face_path",
    "font_for",
    "has_glyphs",
    "missing",
]


@lru_cache(maxsize=16)
def _glyphs(file: str) -> pygame.freetype.Font | None:
    """FreeType's view of a font file, asked which characters it has."""
    path = face_path(file)
    if path is None:
        return None
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    return pygame.freetype.Font(str(path), 16)


@lru_cache(maxsize=1024)
def has_glyphs(file: str, text: str) -> bool:
    """Whether the font `file` draws every visible character of `text`."""
    glyphs = _glyphs(file)
    shown = "".join(c for c in text if c.isprintable() and not c.isspace())
    if glyphs is None or not shown:
        return glyphs is not None
    return all(metric is not None for metric in glyphs.get_metrics(shown))


def face_font(index: int, size_px: int, bold: bool = False) -> pygame.font.Font:
    """The font of FACES[`index`] at `size_px`, set to shape its script (loaded once);
    `bold`: its bold file (each face's "-Bold" sibling, which pygame_gui ships too)."""
    return _loaded_face(index, size_px, bold)  # (one cache entry however it is called)


@lru_cache(maxsize=128)
def _loaded_face(index: int, size_px: int, bold: bool) -> pygame.font.Font:
    """The font :func:`face_font` gives, loaded."""
    if not pygame.font.get_init():
        pygame.font.init()
    face = FACES[index]
    path = face_path(face.file.replace("-Regular", "-Bold") if bold else face.file)
    loaded = pygame.font.Font(None if path is None else str(path), size_px)
    if path is not None and face.script is not None:
        loaded.set_script(face.script)
    if path is not None and face.right_to_left:
        loaded.set_direction(pygame.DIRECTION_RTL)
    return loaded


@lru_cache(maxsize=512)
def face_of(text: str) -> int:
    """The index in FACES of the font that draws `text`: Noto Sans when it can, else the
    first that draws it whole, else Noto Sans (boxes for what it lacks)."""
    for index, face in enumerate(FACES):  # (a script's own shaping first)
        low, high = face.block or (1, 0)
        if any(low <= ord(c) <= high for c in text) and has_glyphs(face.file, text):
            return index
    for index, face in enumerate(FACES):
        if has_glyphs(face.file, text):
            return index
    return 0


def font_for(text: str, size_px: int, bold: bool = False) -> pygame.font.Font:
    """The font that draws `text` at `size_px` (see :func:`face_of`), bold or not."""
    return face_font(face_of(text), size_px, bold)


def missing(text: str) -> str:
    """The characters of `text` its font (:func:`face_of`) draws as boxes, each once."""
    file = FACES[face_of(text)].file
    absent = ""
    for char in text:
        if char not in absent and not has_glyphs(file, char):
            absent += char
    return absent


def face_runs(text: str) -> list[tuple[str, int]]:
    """`text` (a run of one direction) cut where the face that draws it changes, each
    part with its index in FACES: the whole of it when one face draws it all, else a
    part per face — the Arabic font has no brackets or plus sign, so "محمد (2)" is the
    letters in the Arabic face and " (2)" in Noto Sans, where drawn as one it would be
    all boxes. A character other than a letter stays with the part before it when that
    part's face draws it; a mark always does."""
    whole = face_of(text)
    if has_glyphs(FACES[whole].file, text):
        return [(text, whole)]
    parts: list[tuple[str, int]] = []
    for char in text:
        kind = unicodedata.category(char)[0]
        if parts:
            part, index = parts[-1]
            same = kind != "L" or face_of(char) == index
            if kind == "M" or (same and has_glyphs(FACES[index].file, char)):
                parts[-1] = (part + char, index)
                continue
        parts.append((char, face_of(char)))
    return parts


@lru_cache(maxsize=2048)
def drawn_pieces(text: str, right_to_left: bool | None = None) -> tuple[tuple[str, int], ...]:
    """`text` (one line) in the pieces it is drawn in, from the left, each with the index
    in FACES of the face that draws it: the one place that decides which face draws which
    character and in which order (ui/text draws the app's screens, adult and child, by
    it, and the console's ScriptFont every widget's text).

    The line reads right to left when `right_to_left` says so (the reader's language,
    which every screen passes for its words: an Arabic screen's line starts at the right
    even when it starts with a Latin name or a number, an English one's at the left even
    when it starts with an Arabic alias), or, when None, when its first strong letter
    does (an alias shown alone). Its runs
    of one direction are placed by Unicode's bidirectional algorithm (domain/bidi.py:
    numbers and Latin words keep their order inside an Arabic sentence, the punctuation
    between runs follows the line); each run is cut where its face changes
    (:func:`face_runs`: the Arabic font has no brackets, "%", "?" or "/", drawn in Noto
    Sans), a right-to-left run's pieces placed from the right. A piece drawn by a face of
    the other direction than its run's (punctuation in Noto Sans inside Arabic; "، 5"
    in the Arabic face inside a Latin run) is given to it reversed, its brackets mirrored,
    so that the face's own direction puts it back in the run's order."""
    pieces: list[tuple[str, int]] = []
    for run, rtl in visual_runs(text, reading_direction(text, right_to_left)):
        parts = face_runs(run)
        pieces += [
            (part if FACES[index].right_to_left == rtl else part[::-1].translate(MIRRORED), index)
            for part, index in (reversed(parts) if rtl else parts)
        ]
    return tuple(pieces) or (("", 0),)  # (nothing drawn: an empty line, one face's height)
