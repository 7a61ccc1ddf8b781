"""Cached fonts and text surfaces: text is for adults; children's screens use pictures.

The text is set in Noto Sans, the font the therapist console's widgets use too (it comes
with pygame_gui, a dependency), so a size means the same on every screen: capitals are
0.71 of the size, which is what ScreenMetrics.font_px counts on. A text Noto Sans cannot
draw whole (an alias in Chinese, Arabic, Hebrew...) is drawn, and measured, in the Noto
font of its script (ui/fonts.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pygame

from sensory_games.domain.bidi import ISOLATE_CONTROLS
from sensory_games.ui.fonts import drawn_pieces, face_font
from sensory_games.ui.kept import kept_by_bytes


def font(size_px: int) -> pygame.font.Font:
    """Noto Sans at `size_px` (loaded once per size): line heights, capitals."""
    return face_font(0, size_px)


@lru_cache(maxsize=64)
def capitals_px(size_px: int) -> int:
    """How tall (px) a capital letter is at `size_px`: what "text at least 3 mm" means."""
    glyph = font(size_px).metrics("H")[0]
    return int(glyph[3]) if glyph is not None else round(size_px * 0.7)


def printable(text: str) -> str:
    """`text` with the control characters no font draws (a NUL would raise) as spaces,
    except the isolate controls (domain/bidi.py: a path in an Arabic sentence), which
    drawn_pieces places the text by and never draws."""
    return "".join(c if c.isprintable() or c in ISOLATE_CONTROLS else " " for c in text)


@lru_cache(maxsize=1024)
def measure(text: str, size_px: int) -> tuple[int, int]:
    """How wide and tall (px) `text` is drawn at `size_px`: each piece (see
    ui/fonts.drawn_pieces) in the face that draws it, side by side. A line read from the
    right is cut into other pieces than from the left, a pixel or two wider or narrower
    (a space drawn by the Arabic face rather than Noto Sans): this is the wider, so a box
    made to fit it holds the line whichever way its reader reads."""
    sizes = [_drawn_size(printable(text), size_px, rtl) for rtl in (False, True)]
    return max(w for w, _h in sizes), max(h for _w, h in sizes)


def _drawn_size(text: str, size_px: int, right_to_left: bool) -> tuple[int, int]:
    """The width and height (px) of `text`'s pieces in a line of that direction."""
    pieces = drawn_pieces(text, right_to_left)
    sizes = [face_font(index, size_px).size(piece) for piece, index in pieces]
    return sum(w for w, _h in sizes), max(h for _w, h in sizes)


@kept_by_bytes()
def text_surface(
    text: str,
    size_px: int,
    colour: tuple[int, int, int],
    right_to_left: bool | None = None,
) -> pygame.Surface:
    """A rendered line of text (cached: drawing a frame never re-renders it). Control
    characters, which the font cannot draw (a NUL would raise), become spaces. Runs of
    right-to-left letters and of other text ("דניאל B12") are drawn each in its own font
    and direction, placed from the right when the line reads right to left:
    `right_to_left` is its reader's language's direction (an Arabic screen's line that
    starts with a Latin alias or a file name still starts at the right), None for a line
    that is not words of a language (an alias alone: its own first letter decides)."""
    pieces = drawn_pieces(printable(text), right_to_left)
    drawn = [face_font(index, size_px).render(piece, True, colour) for piece, index in pieces]
    if len(drawn) == 1:
        return drawn[0]
    line = pygame.Surface(
        (sum(d.get_width() for d in drawn), max(d.get_height() for d in drawn)), pygame.SRCALPHA
    )
    x = 0
    for part in drawn:
        line.blit(part, (x, (line.get_height() - part.get_height()) // 2))
        x += part.get_width()
    return line


#: The colour a line is rendered in to serve as its mask (:func:`tinted_text`).
MASK_COLOUR = (255, 255, 255)


def tinted_text(
    text: str,
    size_px: int,
    colour: tuple[int, int, int],
    right_to_left: bool | None = None,
) -> pygame.Surface:
    """:func:`text_surface`'s line in `colour`, pixel for pixel, made from the line rendered
    once in white (kept: its alpha is the glyphs' coverage, whatever the colour) and
    multiplied by `colour`: a colour never drawn before (a slider moved) costs a copy of
    the line's few kB, not a render. Exact: the multiply gives (255 * c + 255) >> 8 = c
    for every channel value c, and the alpha as it was (tests/test_text_tint.py). For
    the app's fonts, whose glyphs are coverage only: a colour font's glyphs (emoji) would
    be tinted too."""
    line = text_surface(text, size_px, MASK_COLOUR, right_to_left).copy()
    line.fill((*colour, 255), special_flags=pygame.BLEND_RGBA_MULT)
    return line


def blit_centred(
    surface: pygame.Surface,
    text: str,
    size_px: int,
    colour: tuple[int, int, int],
    centre: tuple[float, float],
    right_to_left: bool | None = None,
) -> pygame.Rect:
    """Draw one line of text centred on `centre` (px), read in its reader's direction
    (`right_to_left`: see :func:`text_surface`); returns the area it covers."""
    rendered = text_surface(text, size_px, colour, right_to_left)
    rect = rendered.get_rect(center=centre)
    surface.blit(rendered, rect)
    return rect


@lru_cache(maxsize=256)
def fitted_size(text: str, size_px: int, width_px: int, smallest_px: int) -> int:
    """The largest size from `size_px` down to `smallest_px` at which `text` fits in
    `width_px` on one line (a long alias shrinks before anything is cut); `smallest_px`
    when even that is too wide (the caller then cuts or wraps)."""
    for size in range(size_px, smallest_px, -1):
        if measure(text, size)[0] <= width_px:
            return size
    return smallest_px


#: Where a line may break inside a word: after a hyphen ("Anna-" / "Sophia"), and after
#: the full-width punctuation Chinese and Japanese write without spaces ("绿色：" /
#: "准备好了", never "绿色：准备好" / "了").
_BREAK_AFTER = re.compile(r"(?<=[-\uff1a\uff0c\u3001\u3002\uff1b\uff01\uff1f])")


@lru_cache(maxsize=256)
def wrapped(text: str, size_px: int, width_px: int) -> tuple[str, ...]:
    """`text` broken into lines no wider than `width_px` at `size_px`, at spaces and after
    hyphens ("Anna-" / "Sophia Marie") or Chinese punctuation (:data:`_BREAK_AFTER`); a
    word still wider than the line, such as a long file path, is broken where it must
    be."""
    lines: list[str] = []
    line = ""

    def width(part: str) -> int:
        return measure(part, size_px)[0]

    for word in text.split():
        for index, part in enumerate(p for p in _BREAK_AFTER.split(word) if p):
            glue = "" if index else " "  # (a part after a hyphen joins without a space)
            candidate = f"{line}{glue}{part}" if line else part
            if width(candidate) <= width_px:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width(part) > width_px and len(part) > 1:
                cut = max(
                    1, next(k for k in range(len(part), 0, -1) if width(part[:k]) <= width_px)
                )
                lines.append(part[:cut])
                part = part[cut:]
            line = part
    if line:
        lines.append(line)
    return tuple(lines)


def cut_line(text: str, size_px: int, width_px: int, more_follows: bool = False) -> str:
    """The first line of `text` wrapped at `width_px` (px, at `size_px`), ending in "…"
    when more of it (or, `more_follows`, another text) is not shown: wrapped narrower by
    the "…"'s width then, so that the whole stays inside ("…" alone where not even a
    letter fits beside it; "" for no text)."""
    lines = wrapped(text, size_px, width_px)
    if not lines:
        return ""
    if len(lines) == 1 and not more_follows:
        return lines[0]
    room = width_px - measure(" …", size_px)[0]
    if room < measure(text[0], size_px)[0]:
        return "…"
    return wrapped(text, size_px, room)[0] + " …"


@lru_cache(maxsize=256)
def broken(text: str, size_px: int, width_px: int) -> tuple[str, ...]:
    """`text` broken wherever a line is full, inside words too: fewer lines than
    :func:`wrapped` when its words are long (a double name on a small tile)."""
    lines: list[str] = []
    line = ""
    for char in " ".join(text.split()):
        if line and measure(line + char, size_px)[0] > width_px:
            lines.append(line.rstrip())
            line = char.lstrip()
        else:
            line += char
    if line:
        lines.append(line)
    return tuple(lines)
