"""A page of tracing overlays: the latest attempts' finger contacts over their paths, in
a grid, each captioned; the path's tolerance as a light band, equal scale on both axes
(screen mm, y down) with a 10 mm scale bar. Captions in the report's language, at the
reading side of their cell."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sensory_games.domain.language import N_, Words
from sensory_games.services.report.data import Overlay
from sensory_games.services.report.layout import (
    A4_IN,
    BOTTOM_IN,
    LEFT_IN,
    RIGHT_IN,
    axes,
    fy,
    start,
)

BAND_GREY = "0.82"  # the path's tolerance band


def overlay_page(
    fig: Figure,
    top_in: float,
    overlays: Sequence[Overlay],
    said: Words,
    columns: int,
    rows: int,
) -> None:
    """Up to columns × rows overlays in a grid, each with its caption under it."""
    width = (A4_IN[0] - LEFT_IN - RIGHT_IN) / columns
    height = (A4_IN[1] - top_in - BOTTOM_IN - 0.3) / rows
    for index, item in enumerate(overlays[: columns * rows]):
        row, col = divmod(index, columns)
        box_w, box_h = width - 0.3, height - 0.75
        ax = axes(fig, top_in + row * height, box_h, LEFT_IN + col * width, box_w)
        draw_overlay(ax, item, box_w, box_h, said)
        place = start(said, LEFT_IN + col * width, box_w)
        fig.text(
            place["x"],
            1 - fy(top_in + row * height + box_h + 0.08),
            item.caption,
            ha=place["ha"],
            fontsize=8,
            va="top",
            linespacing=1.3,
        )


#: The strip under an overlay's drawing that holds its 10 mm scale bar and the bar's 8 pt
#: label (pt), and the bar's distance from the frame's left edge (pt): in points, not mm,
#: so that a large shape drawn small never puts the label on the frame.
SCALE_BAR_ROOM_PT, SCALE_BAR_INSET_PT = 16.0, 6.0


def draw_overlay(ax: Axes, item: Overlay, width_in: float, height_in: float, said: Words) -> None:
    """The target as a light band (± tolerance) with a dotted centre line, and the child's
    contacts as black lines, in screen mm (y down), equal scale on both axes."""
    x0, y0, x1, y1 = item.bounds
    margin = 4.0  # mm
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    room = SCALE_BAR_ROOM_PT  # (under the drawing, at any scale: the bar and its label)
    pt_per_mm = min(width_in * 72 / (x1 - x0), (height_in * 72 - room) / (y1 - y0))
    y1 += room / pt_per_mm
    for stroke in item.strokes:
        ax.plot(
            stroke[:, 0],
            stroke[:, 1],
            color=BAND_GREY,
            solid_capstyle="round",
            solid_joinstyle="round",
            linewidth=2 * item.tolerance_mm * pt_per_mm,
            zorder=1,
        )
        ax.plot(stroke[:, 0], stroke[:, 1], color="0.3", linestyle=":", linewidth=0.8, zorder=2)
    for contact in item.contacts:
        ax.plot(
            contact[:, 0],
            contact[:, 1],
            color="black",
            linewidth=1.1,
            zorder=3,
            solid_capstyle="round",
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)  # screen y grows downwards
    ax.set_aspect("equal", adjustable="box", anchor="W")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("0.6")
    bar_y, bar_x = y1 - room / 2 / pt_per_mm, x0 + SCALE_BAR_INSET_PT / pt_per_mm
    ax.plot([bar_x, bar_x + 10], [bar_y, bar_y], color="black", linewidth=1.5)
    label_x = bar_x + 10 + 3 / pt_per_mm
    ax.text(label_x, bar_y, said.tr("{count} mm", count=10), fontsize=8, va="center")


OVERLAY_KEY = N_(
    "Grey band: the path ± its tolerance; dotted: its centre line; black: the child's finger "
    "(each contact, finger down to up). Shown: the last shape the child touched in each attempt."
)
