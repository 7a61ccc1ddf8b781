"""A page of tracing overlays: the latest attempts' finger contacts over their paths, in
a grid, each captioned; the path's tolerance as a light band, equal scale on both axes
(screen mm, y down) with a 10 mm scale bar. Captions in the report's language, at the
reading side of their cell."""

from __future__ import annotations

from collections.abc import Sequence

from sensory_games.domain.language import N_, Words
from sensory_games.services.pdf import Page
from sensory_games.services.pdf.chart import Chart
from sensory_games.services.report.data import Overlay
from sensory_games.services.report.layout import (
    A4_IN,
    BOTTOM_IN,
    LEFT_IN,
    PT,
    RIGHT_IN,
    chart,
    note,
)

BAND_GREY = 0.82  # the path's tolerance band


def overlay_page(
    page: Page,
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
        left = LEFT_IN + col * width
        draw_overlay(page, top_in + row * height, left, item, box_w, box_h, said)
        top = top_in + row * height + box_h + 0.08
        note(page, top, item.caption, said, size=8, spacing=1.3, left_in=left, width_in=box_w)


#: The strip under an overlay's drawing that holds its 10 mm scale bar and the bar's 8 pt
#: label (pt), and the bar's distance from the frame's left edge (pt): in points, not mm,
#: so that a large shape drawn small never puts the label on the frame.
SCALE_BAR_ROOM_PT, SCALE_BAR_INSET_PT = 16.0, 6.0


def draw_overlay(
    page: Page,
    top_in: float,
    left_in: float,
    item: Overlay,
    width_in: float,
    height_in: float,
    said: Words,
) -> Chart:
    """The target as a light band (± tolerance) with a dotted centre line, and the child's
    contacts as black lines, in screen mm (y down), equal scale on both axes, in a frame
    at the box's left, halfway down (`top_in`, `left_in`, `width_in` × `height_in`)."""
    x0, y0, x1, y1 = item.bounds
    margin = 4.0  # mm
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    room = SCALE_BAR_ROOM_PT  # (under the drawing, at any scale: the bar and its label)
    pt_per_mm = min(width_in * PT / (x1 - x0), (height_in * PT - room) / (y1 - y0))
    y1 += room / pt_per_mm
    drawn_in = (y1 - y0) * pt_per_mm / PT
    drawing = chart(
        page,
        top_in + (height_in - drawn_in) / 2,  # (at the box's left, halfway down)
        drawn_in,
        left_in,
        (x1 - x0) * pt_per_mm / PT,
        x_limits=(x0, x1),
        y_limits=(y1, y0),  # screen y grows downwards
    )
    band = 2 * item.tolerance_mm * pt_per_mm
    for stroke in item.strokes:
        xs, ys = stroke[:, 0].tolist(), stroke[:, 1].tolist()
        drawing.plot(xs, ys, band, BAND_GREY, label="band", round_ends=True)
        drawing.plot(xs, ys, 0.8, 0.3, (1.0, 1.5), label="path")
    for contact in item.contacts:
        xs, ys = contact[:, 0].tolist(), contact[:, 1].tolist()
        drawing.plot(xs, ys, 1.1, 0.0, label="finger", round_ends=True)
    drawing.frame()
    bar_y, bar_x = y1 - room / 2 / pt_per_mm, x0 + SCALE_BAR_INSET_PT / pt_per_mm
    drawing.plot([bar_x, bar_x + 10], [bar_y, bar_y], 1.5, 0.0, label="10 mm")
    label_x, label_y = drawing.at(bar_x + 10 + 3 / pt_per_mm, bar_y)
    page.text(label_x, label_y - 0.35 * 8, said.tr("{count} mm", count=10), 8, align="left")
    return drawing


OVERLAY_KEY = N_(
    "Grey band: the path ± its tolerance; dotted: its centre line; black: the child's finger "
    "(each contact, finger down to up). Shown: the last shape the child touched in each attempt."
)
