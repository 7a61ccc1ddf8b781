"""The report's A4 page: its size and margins, the matplotlib style every page is drawn
in, and the text on it (title, notes, footer, running head) placed in inches from the top.

Every page must read printed in black and white: text is at least 8 pt, in black and
greys. Sizes are in inches (figure layout) or points (fonts, lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

A4_IN = (8.27, 11.69)  # width, height (in)
LEFT_IN, RIGHT_IN = 0.95, 0.45  # page margins (in)
TOP_IN, BOTTOM_IN = 0.55, 0.6

#: matplotlib settings for every page (fonts in pt, never below 8).
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "axes.linewidth": 0.8,
    "axes.edgecolor": "black",
    "pdf.fonttype": 3,  # (42 embeds whole TrueType subsets: 0.5 s slower, same text)
    "svg.fonttype": "none",
}

FOOTER = "sensory_games report · page {page} of {pages} · metrics defined in docs/metrics.md"


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


def finish_pages(pages: Sequence[Figure], running_head: str) -> None:
    """Footer on every page; the child and period at the top of every page but the first."""
    for number, fig in enumerate(pages, start=1):
        fig.text(
            0.5,
            fy(0.3),
            FOOTER.format(page=number, pages=len(pages)),
            ha="center",
            va="center",
            fontsize=8,
            color="0.25",
        )
        if number > 1:
            fig.text(fx(LEFT_IN), 1 - fy(0.35), running_head, fontsize=8, color="0.25")


def page_title(fig: Figure, title: str, lines: Sequence[str], top_in: float = TOP_IN) -> float:
    """A bold title and smaller lines under it; returns where they end (in from the top)."""
    fig.text(fx(LEFT_IN), 1 - fy(top_in + 0.15), title, fontsize=14, weight="bold", va="top")
    y = top_in + 0.5
    for line in lines:
        fig.text(fx(LEFT_IN), 1 - fy(y), line, fontsize=9, va="top")
        y += 0.2
    return y + 0.1


def note(fig: Figure, top_in: float, text: str, size: float = 9) -> None:
    """A line of text at the left margin, `top_in` inches from the top of the page."""
    fig.text(fx(LEFT_IN), 1 - fy(top_in), text, fontsize=size, va="top")


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
    """Why a chart has nothing to show, in its middle."""
    ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="0.2"
    )
