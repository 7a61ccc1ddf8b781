"""The team's pictures: SVG files in sensory_games/assets/art/, drawn at any size.

An SVG is drawn by pygame-ce (SDL_image's vector renderer, anti-aliased) at the size a
screen needs, in the colours of the child's sensory palette: a file paints with a few
*placeholder* colours (PLACEHOLDERS: the accent, its edge, the ink, the paper...), and
each is swapped for the palette's colour before the file is drawn. So one file serves
every intensity preset and every avatar colour, and the sensory caps that hold for the
palette hold for the picture.

Pictures are drawn once per (name, size, colours) and kept (an LRU cache), so a frame
only blits them. A missing or broken file is never the child's problem: `picture`
returns None and the caller draws its own fallback; `problems()` lists what went wrong
for the adult's warnings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pygame

from sensory_games.domain.intensity import Colour
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.ui.kept import KeptByBytes

#: The placeholder colours art files paint with, by role (docs/art.md). A file may use
#: any other colour too: those are drawn as written (keep them soft: docs/art.md).
PLACEHOLDERS: dict[str, str] = {
    "accent": "#ff00ff",  # the main colour: an avatar's body, a drum's skin
    "edge": "#00ffff",  # the accent's darker edge and shading
    "ink": "#0000fe",  # lines and eyes: the palette's text colour
    "paper": "#fefe00",  # the light fill behind: the palette's surface colour
    "glow": "#00fe00",  # a highlight: a lighter accent
}

#: Why a file that SDL_image reads without an error is still refused: not one pixel of it
#: is drawn (a file cut short, or with its shapes lost, reads as an empty picture).
DRAWS_NOTHING = N_("it draws nothing (cut short or broken?)")

_failures: dict[str, str] = {}  # name -> why (SDL's words, or DRAWS_NOTHING)


def art_dir() -> Path:
    """The shipped art (sensory_games/assets/art/), wherever the package is installed."""
    return Path(str(resources.files("sensory_games") / "assets" / "art"))


def _hex(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour[:3])


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str | None:
    """The file's text (read once); None, noted in problems(), if it cannot be read."""
    file = art_dir() / f"{name}.svg"
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _failures[name] = str(error)
        return None


def picture(
    name: str, size_px: tuple[int, int], colours: Mapping[str, Colour] | None = None
) -> pygame.Surface | None:
    """`assets/art/<name>.svg` drawn at `size_px` (w, h in px; the file's own aspect kept
    inside that box by the SVG's viewBox), its placeholder colours replaced by `colours`
    (role -> RGB). None when the file is missing or broken (see problems())."""
    return _drawn(*_key(name, size_px, colours))


def _key(
    name: str, size_px: tuple[int, int], colours: Mapping[str, Colour] | None
) -> tuple[str, tuple[int, int], tuple[tuple[str, Colour], ...]]:
    """picture's arguments as one hashable key: whole px, at least 1; colours sorted."""
    chosen = tuple(sorted((role, (c[0], c[1], c[2])) for role, c in (colours or {}).items()))
    return name, (max(1, int(size_px[0])), max(1, int(size_px[1]))), chosen


#: Drawn pictures are kept up to this many bytes of pixels (RGBA): a screen's avatars,
#: tiles and rewards at its sizes (forty children's avatars on the picker are about
#: 10 MB at 1920x1080); past it the longest unused is dropped (drawn again if asked for:
#: a few ms).
KEPT_BYTES = 32 * 1024 * 1024


def _draw(
    name: str, size_px: tuple[int, int], colours: tuple[tuple[str, Colour], ...]
) -> pygame.Surface | None:
    text = _svg_text(name)
    if text is None:
        return None
    for role, colour in colours:
        if role not in PLACEHOLDERS:
            raise ValueError(f"{role!r} is not a placeholder colour; use {', '.join(PLACEHOLDERS)}")
        text = text.replace(PLACEHOLDERS[role], _hex(colour))
    try:
        surface = pygame.image.load_sized_svg(io.BytesIO(text.encode("utf-8")), size_px)
    except (pygame.error, ValueError) as error:
        _failures[name] = str(error)
        return None
    if not pygame.mask.from_surface(surface).count():  # (a cut-short file draws nothing)
        _failures[name] = DRAWS_NOTHING
        return None
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        surface = surface.convert_alpha()
    return surface


_drawn = KeptByBytes(_draw, lambda: KEPT_BYTES)


def picture_copy(
    name: str, size_px: tuple[int, int], colours: Mapping[str, Colour] | None = None
) -> pygame.Surface | None:
    """The picture as `picture` draws it, drawn afresh and not kept: for a caller that
    keeps its own copy and changes it (its opacity), so the pixels are not held twice."""
    return _draw(*_key(name, size_px, colours))


def declared(name: str) -> dict[str, str]:
    """What a file says of itself: the `data-*` attributes of its <svg> element, without
    the prefix (e.g. {"guide-pose": "point", "accent": "4"}: docs/art.md); {} when the
    file cannot be read. So a new picture brings its settings, no code names it."""
    text = _svg_text(name)
    root = re.search(r"<svg\b[^>]*>", text or "")
    return dict(re.findall(r'\bdata-([\w-]+)="([^"]*)"', root.group(0))) if root else {}


def shipped(name: str) -> bool:
    """Whether `assets/art/<name>.svg` is there (an optional picture: not a problem)."""
    return (art_dir() / f"{name}.svg").is_file()


def problems() -> dict[str, str]:
    """Art files that could not be drawn so far: {name: why} (for the adult's warnings)."""
    return dict(_failures)


def problem_sentences(found: Mapping[str, str]) -> list[Sentence]:
    """`found` (as problems() gives it) as the adult reads it: each file, why, and that a
    plainer drawing stands in."""
    return [
        Sentence(
            N_("picture {file} cannot be drawn: {reason}; a plainer drawing stands in"),
            file=art_dir() / f"{name}.svg",
            reason=Sentence(why) if why == DRAWS_NOTHING else why,
        )
        for name, why in sorted(found.items())
    ]


def check_every_picture() -> dict[str, str]:
    """Draw every shipped art file once (small, in its own placeholder colours) and say
    which cannot be drawn, as problems() does (for `sensory-games doctor`)."""
    for file in sorted(art_dir().glob("*.svg")):
        picture(file.stem, (48, 48))
    return problems()
