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

from sensory_games.domain.font_files import FACES, Face, face_path

#: Brackets as a line read right to left shows them (Unicode's mirrored pairs), for those
#: drawn by a face that draws left to right (HarfBuzz mirrors them only in a right-to-left
#: face).
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
#: Punctuation that ends a sentence or closes a bracket: after a run against the line's
#: direction it belongs to the line (Unicode's neutrals, simplified).
LINE_PUNCTUATION = ").]}!?,.:;\u060c\u061b\u061f "

__all__ = [
    "FACES",
    "Face",
    "direction_runs",
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


def direction_runs(text: str) -> tuple[list[str], bool]:
    """`text` cut where its direction changes — runs of right-to-left letters (Hebrew,
    Arabic) and runs of everything else (Latin, digits: "B12" stays "B12") — and whether
    the line reads right to left (its first strong letter is). Spaces and punctuation go
    with the run before them. The runs are in reading order; drawn right to left, a line's
    runs are placed from the right. (A small part of Unicode's bidirectional algorithm:
    enough for a name.)"""
    runs: list[str] = []
    kinds: list[bool] = []
    leading = ""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl: bool | None = True
        elif kind in ("L", "EN", "AN"):
            rtl = False
        else:
            rtl = None  # (a space or a mark: goes with the run it follows)
        if rtl is None or (kinds and kinds[-1] == rtl):
            if runs:
                runs[-1] += char
            else:
                leading += char
            continue
        runs.append(leading + char)
        kinds.append(rtl)
        leading = ""
    if not runs:
        return [text], False
    runs[-1] += leading
    for index, (run, rtl) in enumerate(zip(runs, kinds, strict=True)):
        if rtl != kinds[0]:  # (a run against the line: its trailing space drawn on its far side)
            body = run.rstrip()
            runs[index] = run[len(body) :] + body
    return runs, kinds[0]


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
def drawn_pieces(text: str) -> tuple[tuple[str, int], ...]:
    """`text` (one line) in the pieces it is drawn in, from the left, each with the index
    in FACES of the face that draws it: the one place that decides which face draws which
    character and in which order (ui/text draws the child's screens by it, and the
    console's ScriptFont every widget's text).

    Its runs of one direction (:func:`direction_runs`) are placed from the right when the
    line reads right to left; the punctuation that ends a run against the line ("4)" in an
    Arabic line) is read in the line's direction; each run is cut where its face changes
    (:func:`face_runs`: the Arabic font has no brackets, "%", "?" or "/", drawn in Noto
    Sans), a right-to-left run's pieces placed from the right and what a left-to-right
    face draws there (punctuation, spaces: no letter or digit is in such a run) read from
    the right, its brackets mirrored."""
    runs, right_to_left = direction_runs(text)
    items: list[tuple[str, bool]] = []  # (a run, whether it reads right to left)
    for run in runs:
        rtl = _reads_right_to_left(run)
        body = run.rstrip(LINE_PUNCTUATION)
        if rtl != right_to_left and body and body != run:
            items += [(body, rtl), (run[len(body) :], right_to_left)]
        else:
            items.append((run, rtl))
    pieces: list[tuple[str, int]] = []
    for run, rtl in reversed(items) if right_to_left else items:
        parts = face_runs(run)
        if rtl:
            parts = [
                (part if FACES[index].right_to_left else part[::-1].translate(MIRRORED), index)
                for part, index in reversed(parts)
            ]
        pieces += parts
    return tuple(pieces)


def _reads_right_to_left(run: str) -> bool:
    """Whether the first strong letter of `run` is a right-to-left one."""
    for char in run:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL", "L"):
            return kind != "L"
    return False
