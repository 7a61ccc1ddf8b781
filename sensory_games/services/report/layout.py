"""The report's A4 page: its size and margins, the matplotlib style every page is drawn
in, and the text on it (title, notes, footer, running head) placed in inches from the top.

Every page must read printed in black and white: text is at least 8 pt, in black and
greys. Sizes are in inches (figure layout) or points (fonts, lines). Lines of text start
at the reading side's margin: the left one, the right one in a language written right
to left (the whole report in Arabic); long lines are wrapped to the page's width as
drawn (Chinese has no spaces: it wraps between any two characters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sensory_games.domain.language import N_, Words
from sensory_games.services.report.lettering import families, shape_pages

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

A4_IN = (8.27, 11.69)  # width, height (in)
LEFT_IN, RIGHT_IN = 0.95, 0.45  # page margins (in)
TOP_IN, BOTTOM_IN = 0.55, 0.6

#: matplotlib settings for every page (fonts in pt, never below 8); :func:`style` adds
#: the fonts.
STYLE: dict[RcKeyType, Any] = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "axes.linewidth": 0.8,
    "axes.edgecolor": "black",
    "pdf.fonttype": 42,  # the glyphs used, as TrueType outlines: text a reader can search
    "svg.fonttype": "none",
}

#: (No file or program name: the page may go to a family.)
FOOTER = N_("Progress report · page {page} of {pages}")

#: Width of the text between the margins (in).
TEXT_WIDTH_IN = A4_IN[0] - LEFT_IN - RIGHT_IN


def style() -> dict[RcKeyType, Any]:
    """:data:`STYLE` with the Noto fonts of every script, in fallback order."""
    return {**STYLE, "font.family": list(families())}


def new_page() -> Figure:
    """A blank white A4 portrait page."""
    return Figure(figsize=A4_IN, dpi=100, facecolor="white")


def fx(inches: float) -> float:
    """`inches` from the page's left edge as a fraction of its width (figure coordinates)."""
    return inches / A4_IN[0]


def fy(inches: float) -> float:
    """`inches` as a fraction of the page's height (figure coordinates: 1 - fy(d) is d in
    from the top)."""
    return inches / A4_IN[1]


def finish_pages(pages: list[Figure], title: str, period: str, words: Words) -> None:
    """Footer on every page; the child (`title`) at the reading side and the `period` at
    the other at the top of every page but the first (two texts, never one line: a
    right-to-left alias in a left-to-right line would take the date's number into its
    own run); then every text in display order where matplotlib cannot shape it
    (lettering.shape_pages), each line that mixes directions in the language's."""
    end = line_end(words)
    for number, fig in enumerate(pages, start=1):
        fig.text(
            0.5,
            fy(0.3),
            words.tr(FOOTER, page=number, pages=len(pages)),
            ha="center",
            va="center",
            fontsize=8,
            color="0.25",
        )
        if number > 1:
            note(fig, 0.35, title, words, size=8, va="center", color="0.25")
            fig.text(
                end["x"], 1 - fy(0.35), period, ha=end["ha"], va="center", fontsize=8, color="0.25"
            )
    shape_pages(pages, words.right_to_left)


def start(
    words: Words, left_in: float = LEFT_IN, width_in: float = TEXT_WIDTH_IN
) -> dict[str, Any]:
    """Where a line of text starts in a box `left_in` from the page's left edge and
    `width_in` wide: x (figure fraction) and ha, at the box's left or, in a language
    written right to left, its right."""
    if words.right_to_left:
        return {"x": fx(left_in + width_in), "ha": "right"}
    return {"x": fx(left_in), "ha": "left"}


def line_end(words: Words) -> dict[str, Any]:
    """Where a line of text ends on the page's text width: x (figure fraction) and ha, at
    the right margin, or the left in a language written right to left."""
    if words.right_to_left:
        return {"x": fx(LEFT_IN), "ha": "left"}
    return {"x": fx(LEFT_IN + TEXT_WIDTH_IN), "ha": "right"}


def page_title(
    fig: Figure, title: str, lines: Sequence[str], words: Words, top_in: float = TOP_IN
) -> float:
    """A bold title and smaller lines under it (each wrapped to the page's width);
    returns where they end (in from the top)."""
    note(fig, top_in + 0.15, title, words, size=14, weight="bold")
    y = top_in + 0.5
    for line in lines:
        for part in wrap(line, TEXT_WIDTH_IN, 9):
            note(fig, y, part, words)
            y += 0.2
    return y + 0.1


def paragraph(
    fig: Figure, top_in: float, heading: str, lines: Sequence[str], words: Words
) -> float:
    """A bold `heading` (10 pt) and `lines` (10 pt, each wrapped to the page's width)
    under it; returns where they end (in from the top)."""
    note(fig, top_in, heading, words, size=10, weight="bold")
    y = top_in + 0.24
    for line in lines:
        for part in wrap(line, TEXT_WIDTH_IN, 10):
            note(fig, y, part, words, size=10)
            y += 0.2
    return y + 0.05


def note(
    fig: Figure, top_in: float, text: str, words: Words, size: float = 9, **style: Any
) -> None:
    """A line of text at the reading side's margin, `top_in` inches from the top of the
    page, `size` pt (more text properties in `style`)."""
    place = start(words)
    fig.text(
        place["x"], 1 - fy(top_in), text, ha=place["ha"], fontsize=size, **{"va": "top", **style}
    )


#: Where a line may break: after a space, or before and after a character of a script
#: written without spaces (Han, kana, Hangul syllables, full-width forms).
_WIDE = r"\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_PIECES = re.compile(rf"\s*[{_WIDE}]|\s*[^\s{_WIDE}]+")


@lru_cache(maxsize=4096)
def text_width_in(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` is drawn in the report's fonts at `size_pt` (in)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(
        family=list(families()), size=size_pt, weight="bold" if bold else "normal"
    )
    width, _, _ = text_to_path.get_text_width_height_descent(text, font, ismath=False)
    return width / 72


def wrap(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """`text` cut into lines no wider than `width_in` drawn at `size_pt` (a word wider
    than that stays whole on its own line); its own line breaks are kept.

    Each line takes as many pieces (words, or wide characters) as fit: the same lines as
    adding one piece at a time until the next would not fit, found with a few
    measurements (:func:`_line_end`) rather than one per piece: a measurement costs
    about 20-30 µs a character."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        pieces = _PIECES.findall(paragraph)
        first = 0
        while first < len(pieces):
            end = _line_end(pieces, first, width_in, size_pt, bold)
            lines.append(_line(pieces, first, end))
            first = end
        if not pieces:
            lines.append("")
    return lines


def _line(pieces: Sequence[str], first: int, end: int) -> str:
    """The line of `pieces[first:end]` (a line after the first starts without spaces)."""
    head = pieces[first] if first == 0 else pieces[first].lstrip()
    return head + "".join(pieces[first + 1 : end])


def _line_end(
    pieces: Sequence[str], first: int, width_in: float, size_pt: float, bold: bool
) -> int:
    """One past the last of `pieces` on the line starting at `first`: all the rest if
    they fit (one measurement: most lines), else the most that fit, found by halving
    (a line grows wider with every piece); at least the first piece."""

    def fits(end: int) -> bool:
        return text_width_in(_line(pieces, first, end), size_pt, bold) <= width_in

    if fits(len(pieces)):
        return len(pieces)
    low, high = first + 1, len(pieces) - 1  # the answer: in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def axes(
    fig: Figure,
    top_in: float,
    height_in: float,
    left_in: float = LEFT_IN,
    width_in: float | None = None,
) -> Axes:
    """A chart's axes `top_in` in from the top, `height_in` tall; from the left margin to
    the right one unless `left_in` and `width_in` say otherwise (in)."""
    width = A4_IN[0] - LEFT_IN - RIGHT_IN if width_in is None else width_in
    return fig.add_axes((fx(left_in), 1 - fy(top_in + height_in), fx(width), fy(height_in)))


def empty(ax: Axes, text: str) -> None:
    """Why a chart has nothing to show, in its middle, on white (the chart's level lines
    and shading stop at it rather than run through its words)."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color="0.2",
        zorder=5,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 3},
    )
