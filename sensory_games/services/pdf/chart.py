"""A chart on a PDF page: the few things the progress report draws (a frame, ticks and
their labels, grid lines, lines and markers over the attempts, shaded spans, vertical
level lines, a legend row), in data coordinates mapped onto a rectangle of the page.

Tick values are "nice" (1, 2, 2.5 or 5 times a power of ten) unless given; every label is text
shaped as the page's other text is (pdf/fonts.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sensory_games.services.pdf.document import Page

#: Greys of a chart (0 black .. 1 white): its frame, grid lines, tick labels.
FRAME_GREY, GRID_GREY, LABEL_GREY = 0.6, 0.85, 0.2
#: Tick marks' length and the gap to their labels (pt).
TICK_PT, TICK_GAP_PT = 3.0, 2.0
#: From a chart's top edge to its title's baseline (pt).
TITLE_GAP_PT = 6.0


def tick_text(value: float) -> str:
    """A tick's label: as short as the value lets it be, never in powers of ten (1e+08):
    thousands grouped from 10,000 on; below zero with a minus sign (−), not a hyphen."""
    text = f"{abs(value):,.0f}" if abs(value) >= 10_000 else f"{abs(value):g}"
    return f"\u2212{text}" if value < 0 else text


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """At most `most` tick values from `low` to `high`, each a multiple of 1, 2, 2.5 or 5
    times a power of ten (0 to 1 in 5 ticks: 0, 0.25, 0.5, 0.75, 1)."""
    if not math.isfinite(low) or not math.isfinite(high) or high <= low:
        return [low]
    raw = (high - low) / max(1, most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + k * step, 10) for k in range(count)]


class Look(NamedTuple):
    """How a series is drawn: a marker `shape` ("o", "s", "^", "D"; None: none) filled
    and outlined in greys (None: not), a line (None: none) in `grey` with `dash` (pt)."""

    shape: str | None = None
    fill: float | None = 0.0
    stroke: float | None = None
    line: float | None = None
    dash: tuple[float, ...] = ()


class Drawn(NamedTuple):
    """A series as the chart drew it (what a test reads): its label and its points."""

    label: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass
class Chart:
    """A chart's rectangle on `page` (pt, y up) and its data limits; what it shows, for
    whoever checks it: its title, the series drawn, the legend's words and the ticks'."""

    page: Page
    x_pt: float
    y_pt: float
    width_pt: float
    height_pt: float
    x_limits: tuple[float, float]
    y_limits: tuple[float, float]
    title_text: str = ""
    drawn: list[Drawn] = field(default_factory=list)
    legend_words: list[str] = field(default_factory=list)
    x_labels: list[str] = field(default_factory=list)
    y_labels: list[str] = field(default_factory=list)
    #: Where the legend's row runs from and to (pt), once drawn.
    legend_span: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        self.page.charts.append(self)

    def at(self, x: float, y: float) -> tuple[float, float]:
        """Where the data point (x, y) is on the page (pt)."""
        (x0, x1), (y0, y1) = self.x_limits, self.y_limits
        return (
            self.x_pt + (x - x0) / (x1 - x0) * self.width_pt,
            self.y_pt + (y - y0) / (y1 - y0) * self.height_pt,
        )

    def frame(self) -> None:
        self.page.rectangle(self.x_pt, self.y_pt, self.width_pt, self.height_pt, None, FRAME_GREY)

    def y_ticks(
        self,
        values: Sequence[float],
        labels: Sequence[str],
        size_pt: float = 8,
        grid: bool = True,
    ) -> None:
        """Tick marks and labels on the left edge (and grid lines across, `grid`)."""
        self.y_labels = list(labels)
        for value, label in zip(values, labels, strict=True):
            _, y = self.at(self.x_limits[0], value)
            if grid:
                self.page.line([(self.x_pt, y), (self.x_pt + self.width_pt, y)], 0.5, GRID_GREY)
            self.page.line([(self.x_pt - TICK_PT, y), (self.x_pt, y)], 0.6, FRAME_GREY)
            baseline = y - 0.35 * size_pt  # (a label's middle on its tick)
            self.page.text(
                self.x_pt - TICK_PT - TICK_GAP_PT,
                baseline,
                label,
                size_pt,
                align="right",
                grey=LABEL_GREY,
            )

    def x_ticks(self, values: Sequence[float], labels: Sequence[str], size_pt: float = 8) -> None:
        """Tick marks and labels under the bottom edge."""
        self.x_labels = list(labels)
        for value, label in zip(values, labels, strict=True):
            x, _ = self.at(value, self.y_limits[0])
            self.page.line([(x, self.y_pt - TICK_PT), (x, self.y_pt)], 0.6, FRAME_GREY)
            self.page.text(
                x,
                self.y_pt - TICK_PT - TICK_GAP_PT - size_pt,
                label,
                size_pt,
                align="center",
                grey=LABEL_GREY,
            )

    def spans(self, ranges: Sequence[tuple[float, float]], grey: float) -> None:
        """Shaded vertical bands over the x ranges (every other session), the frame's
        height, behind what is drawn after."""
        for left, right in ranges:
            x0, _ = self.at(max(left, self.x_limits[0]), 0)
            x1, _ = self.at(min(right, self.x_limits[1]), 0)
            if x1 > x0:
                self.page.rectangle(x0, self.y_pt, x1 - x0, self.height_pt, grey, None)

    def vertical_lines(
        self, xs: Sequence[float], grey: float = 0.3, dash: Sequence[float] = (4, 1.5, 1, 1.5)
    ) -> None:
        """Lines across the chart's height at `xs` (level changes: dash-dot)."""
        for value in xs:
            x, _ = self.at(value, 0)
            self.page.line([(x, self.y_pt), (x, self.y_pt + self.height_pt)], 0.9, grey, dash)

    def plot(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        width_pt: float = 1.0,
        grey: float = 0.0,
        dash: Sequence[float] = (),
        *,
        label: str = "",
        round_ends: bool = False,
    ) -> None:
        """A line through the points, broken where a value is not a number (NaN), clipped
        to the frame; recorded under `label`."""
        self.drawn.append(Drawn(label, tuple(xs), tuple(ys)))
        self.page.clipped(self.x_pt, self.y_pt, self.width_pt, self.height_pt)
        piece: list[tuple[float, float]] = []
        for x, y in [*zip(xs, ys, strict=True), (math.nan, math.nan)]:
            if math.isfinite(x) and math.isfinite(y):
                piece.append(self.at(x, y))
            elif piece:
                self.page.line(piece, width_pt, grey, dash, round_ends=round_ends)
                piece = []
        self.page.unclipped()

    def scatter(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        shape: str,
        size_pt: float,
        fill: float | None = 0.0,
        stroke: float | None = None,
        *,
        label: str = "",
        width_pt: float = 0.6,
    ) -> None:
        """A marker at each point inside the limits; recorded under `label`."""
        self.drawn.append(Drawn(label, tuple(xs), tuple(ys)))
        (x0, x1), (y0, y1) = self.x_limits, self.y_limits
        (x0, x1), (y0, y1) = sorted((x0, x1)), sorted((y0, y1))
        inside = [(x, y) for x, y in zip(xs, ys, strict=True) if x0 <= x <= x1 and y0 <= y <= y1]
        self.page.markers(
            [self.at(x, y) for x, y in inside], shape, size_pt, fill, stroke, width_pt
        )

    def title(
        self, text: str, size_pt: float = 10, right_to_left: bool = False, lift_pt: float = 0
    ) -> None:
        """The chart's bold title above its frame (`lift_pt` higher: over labels there), at
        the reading side: its left, or its right when read `right_to_left`."""
        self.title_text = text
        x = self.x_pt + self.width_pt if right_to_left else self.x_pt
        self.page.text(
            x,
            self.y_pt + self.height_pt + TITLE_GAP_PT + lift_pt,
            text,
            size_pt,
            bold=True,
            align="right" if right_to_left else "left",
        )

    def legend(
        self,
        items: Sequence[tuple[str, Look]],
        x: float,
        y: float,
        size_pt: float = 8,
        at_right: bool = True,
        right_to_left: bool = False,
    ) -> None:
        """One row of items, each a sample (a marker, a line, or a line through a marker)
        and its words, with its baseline at `y` (pt): ending at `x` (`at_right`) or starting
        there. Read `right_to_left`, the first item is at the right and each sample at the
        right of its words."""
        self.legend_words += [words for words, _ in items]
        widths = [self.page.measure(words, size_pt) for words, _ in items]
        sample, gap, between = 18.0, 4.0, 10.0  # (pt)
        total = sum(sample + gap + w for w in widths) + between * (len(items) - 1)
        at = x - total if at_right else x
        self.legend_span = (at, at + total)
        middle = y + 0.35 * size_pt
        placed = list(zip(items, widths, strict=True))
        for (words, look), width in reversed(placed) if right_to_left else placed:
            start = at + width + gap if right_to_left else at
            if look.line is not None:
                self.page.line(
                    [(start, middle), (start + sample, middle)], 1.0, look.line, look.dash
                )
            if look.shape is not None:
                marker = [(start + sample / 2, middle)]
                self.page.markers(marker, look.shape, 5.0, look.fill, look.stroke)
            self.page.text(at if right_to_left else at + sample + gap, y, words, size_pt)
            at += sample + gap + width + between
