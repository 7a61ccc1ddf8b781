"""The progress page's charts, drawn into a surface the page shows as a pygame_gui image (so
the UI's layers keep an open drop-down above them).

The two measures the activity follows (report_spec.Measure: accuracy above completion time
unless it declares others; never a time its level fixes), over the attempts in order: dots
(hollow when stopped early), a least-squares trend within each level run (never one line
across a level change), each level change a dashed line labelled with the new level ("L3",
the short form of "level 3" in the clinic's language) above the charts, and the attempts'
days under each chart ("28 Nov" at the first attempt of a day, as in the printed report,
written as the clinic's language writes a short date). Every label is at least
``font_px(3.0)`` and kept inside the surface: margins are measured from the labels, never
guessed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

import pygame

from sensory_games.domain.language import N_, SOURCE_LANGUAGE, Words, words
from sensory_games.domain.report_spec import DEFAULT_FOLLOWED, Measure
from sensory_games.services.report.data import (
    LevelStep,
    Series,
    day_text,
    day_ticks,
    label_rows,
)
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import cut_line, font, measure, text_surface

INK, GREY, PANEL = (46, 58, 75), (150, 163, 176), (248, 250, 252)
LEVEL_INK = (94, 110, 128)
#: Rows of level labels above the charts (a label with no room in either is left out).
LABEL_ROWS = 2
#: Space around the charts and between a label and its axis (mm).
PAD_MM = 1.5
#: A level, short ("L3": "level 3"), as the charts and the list mark it (translated).
LEVEL_MARK = N_("L{level}")


def level_mark(level: int, said: Words) -> str:
    """`L3`: level `level`, short, in `said`'s language."""
    return said.tr(LEVEL_MARK, level=level)


def widest_day_px(size: int, language: str, suffix: str = "") -> int:
    """The width (px, at text size `size`) of the widest short date (`28 Nov`, no year)
    `language` writes, with `suffix` after it (e.g. a time): the 28th of every month
    (two digits, and the longest month name shows)."""
    samples = (datetime(2026, month, 28) for month in range(1, 13))
    return max(
        measure(day_text(day, year=False, language=language) + suffix, size)[0] for day in samples
    )


def label_px(metrics: ScreenMetrics) -> int:
    """The charts' text size (px): capitals of at least 3 mm, as every adult text."""
    return metrics.font_px(3.0)


@dataclass(frozen=True)
class Axis:
    """One chart's plot area (px, in the chart surface) over attempts 1..`count` and
    values 0..`top`: where an attempt number and a value are drawn."""

    plot: pygame.Rect
    count: int
    top: float

    def x(self, number: float) -> int:
        """Attempt `number` (1..count; level changes fall half way between two) across
        the plot, half an attempt of room at either end."""
        return self.plot.x + round((number - 0.5) / max(1, self.count) * self.plot.w)

    def y(self, value: float) -> int:
        share = min(1.0, max(0.0, value / (self.top or 1.0)))
        return self.plot.bottom - round(share * self.plot.h)

    def at(self, number: float, value: float) -> tuple[int, int]:
        return self.x(number), self.y(value)


#: A label drawn: its text and where (px, in the chart surface).
Placed = tuple[str, pygame.Rect]


@dataclass(frozen=True)
class Drawn:
    """What :func:`draw_charts` drew: both charts' axes (in the order of :func:`charted`),
    the day labels under each, the level labels over the first and each chart's title."""

    axes: list[Axis]
    days: list[list[Placed]]
    levels: list[Placed]
    titles: list[Placed] = field(default_factory=list)


#: How many measures the console charts (one above the other).
CHARTED = 2


def charted(series: Series, followed: Sequence[Measure]) -> tuple[Measure, ...]:
    """The :data:`CHARTED` measures to chart: the first the activity follows that the
    attempts have values of, then (when fewer have values) the next ones it follows, so a
    measure added to the activity later takes its place once it is recorded."""
    having = [m for m in followed if series.has(m.value)]
    rest = [m for m in followed if m not in having]
    return tuple((having + rest)[:CHARTED])


def chart_title(measure: Measure, said: Words) -> str:
    """`Drawing time (s)`: a measure's title with its unit (in `said`'s language)."""
    title = said.tr(measure.title)
    if measure.unit and not measure.percent:
        return said.tr("{title} ({unit})", title=title, unit=said.tr(measure.unit))
    return title


def draw_charts(
    surface: pygame.Surface,
    series: Series,
    steps: Sequence[LevelStep],
    metrics: ScreenMetrics,
    tz: tzinfo | None = None,
    said: Words | None = None,
    followed: Sequence[Measure] = DEFAULT_FOLLOWED,
) -> Drawn:
    """The charts of the measures the activity follows (:func:`charted`: never a time
    the level fixes) filling `surface`, their words in `said`'s language (default the
    source's); returns what was placed where."""
    said = said or words(SOURCE_LANGUAGE)
    tr = said.tr
    surface.fill(PANEL)
    panel = surface.get_rect()
    pygame.draw.rect(surface, GREY, panel, 1)
    size = label_px(metrics)
    line = font(size).get_linesize()
    pad = metrics.px(PAD_MM)
    measures = charted(series, followed)
    tops = [_top(series, measure) for measure in measures]
    y_labels = ("0", *(_value_text(m, top) for m, top in zip(measures, tops, strict=True)))
    left = pad + max(font(size).size(t)[0] for t in y_labels) + pad
    inner = panel.inflate(-2 * pad, -2 * pad)
    labels_h = LABEL_ROWS * line if steps else 0
    block = (inner.h - labels_h) // CHARTED  # a chart: its title, plot and day row
    edge = widest_day_px(size, said.language) // 2  # a date centred on the last one fits
    drawn, y = Drawn([], [], []), inner.y
    for index, (followed_now, top) in enumerate(zip(measures, tops, strict=True)):
        value = followed_now.value
        above = labels_h if index == 0 else 0  # the level labels, over the first chart
        plot = pygame.Rect(
            left, y + line + above, inner.right - edge - left, block - 2 * line - pad
        )
        axis = Axis(plot, len(series.attempts), top)
        # (from the panel's edge where lines start, over the values' column: a long title in
        # a narrow panel has the whole width, and is cut with "…" only if even that is short)
        title = cut_line(chart_title(followed_now, said), size, inner.w)
        rtl = said.right_to_left
        lettered = text_surface(title, size, INK, rtl)
        at = lettered.get_rect(topright=(inner.right, y)) if rtl else (inner.x, y)
        drawn.titles.append((title, surface.blit(lettered, at)))
        _frame(surface, axis, size, _value_text(followed_now, top))
        drawn.days.append(_days(surface, axis, series, size, tz, said.language))
        _levels(surface, axis, steps)
        _points(surface, axis, series, value, metrics)
        if above and series.attempts:
            drawn.levels.extend(_level_labels(surface, axis, steps, size, y + line, said))
        if not series.attempts or not series.has(value):
            shown = N_("no attempts yet") if not series.attempts else N_("nothing to score")
            rendered = text_surface(tr(shown), size, INK, said.right_to_left)
            surface.blit(rendered, rendered.get_rect(center=plot.center))
        drawn.axes.append(axis)
        y += block + above
    return drawn


def _top(series: Series, measure: Measure) -> float:
    """The value at the top of `measure`'s plot: 1 for a share, else a tenth over the
    highest value (1 with none)."""
    if measure.percent:
        return 1.0
    return max(series.points(measure.value)[1], default=0.0) * 1.1 or 1.0


def _value_text(measure: Measure, value: float) -> str:
    """The top of a plot as its axis prints it: `100%` for a share, else rounded."""
    if measure.percent:
        return f"{value:.0%}"
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}"


def _frame(surface: pygame.Surface, axis: Axis, size: int, top_text: str) -> None:
    """The axes (1 px) and the y range at their left."""
    plot = axis.plot
    pygame.draw.line(surface, GREY, plot.bottomleft, plot.bottomright)
    pygame.draw.line(surface, GREY, plot.bottomleft, plot.topleft)
    top = text_surface(top_text, size, INK)  # (inside the plot's height: clear of the days)
    surface.blit(top, top.get_rect(topright=(plot.x - 4, plot.y)))
    zero = text_surface("0", size, INK)
    surface.blit(zero, zero.get_rect(bottomright=(plot.x - 4, plot.bottom)))


def _days(
    surface: pygame.Surface,
    axis: Axis,
    series: Series,
    size: int,
    tz: tzinfo | None,
    language: str,
) -> list[Placed]:
    """The day of the first attempt of each day under the axis (written in `language`), a
    tick at it; a day whose label would touch the one before is left out (the first is
    always kept)."""
    placed: list[Placed] = []
    times = [a.started_at for a in series.attempts]
    ticks = day_ticks(times, tz, most=len(series.attempts), language=language)
    gap = font(size).size("  ")[0]
    end = float("-inf")
    bounds = surface.get_rect().inflate(-2, -2)
    for number, text in ticks:
        x = axis.x(number)
        rendered = text_surface(text, size, INK)
        rect = rendered.get_rect(midtop=(x, axis.plot.bottom + 3))
        rect.clamp_ip(bounds)
        if rect.x < end:
            continue
        end = rect.right + gap
        pygame.draw.line(surface, GREY, (x, axis.plot.bottom), (x, axis.plot.bottom + 3))
        surface.blit(rendered, rect)
        placed.append((text, rect))
    return placed


def _levels(surface: pygame.Surface, axis: Axis, steps: Sequence[LevelStep]) -> None:
    """Each level change: a dashed line half way between its two attempts."""
    for step in steps:
        x = axis.x(step.index + 0.5)
        for dash in range(axis.plot.y, axis.plot.bottom, 8):
            end = min(axis.plot.bottom, dash + 4)
            pygame.draw.line(surface, LEVEL_INK, (x, dash), (x, end))


def _level_labels(
    surface: pygame.Surface,
    axis: Axis,
    steps: Sequence[LevelStep],
    size: int,
    top: int,
    said: Words,
) -> list[Placed]:
    """`L3` (level_mark, in `said`'s language) over each level line, in up to LABEL_ROWS
    rows above the first chart."""
    placed: list[Placed] = []
    line = font(size).get_linesize()
    xs = [axis.x(step.index + 0.5) for step in steps]
    gap = font(size).size(" ")[0]
    labels = [level_mark(step.to_level, said) for step in steps]
    widths = [measure(label, size)[0] + gap for label in labels]
    rows = label_rows(xs, widths, LABEL_ROWS)
    for label, x, row in zip(labels, xs, rows, strict=True):
        if row is None:
            continue
        rendered = text_surface(label, size, LEVEL_INK)
        rect = rendered.get_rect(midtop=(x, top + (LABEL_ROWS - 1 - row) * line))
        rect.clamp_ip(surface.get_rect().inflate(-2, -2))
        surface.blit(rendered, rect)
        placed.append((label, rect))
    return placed


def _points(
    surface: pygame.Surface, axis: Axis, series: Series, value: str, metrics: ScreenMetrics
) -> None:
    """The dots (hollow: stopped early), then the trend of each level run (2 px). A dot
    is 1 mm across at most, less when many attempts share the width."""
    radius = max(2, min(metrics.px(1.0), axis.plot.w // max(1, axis.count) // 3))
    for completed in (True, False):
        xs, ys = series.points(value, completed=completed)
        for x, y in zip(xs, ys, strict=True):
            pygame.draw.circle(surface, INK, axis.at(x, y), radius, 0 if completed else 2)
    for found in series.trends(value):  # one line per level run, never across
        if found.segment is not None:
            start, end = found.segment
            pygame.draw.line(surface, GREY, axis.at(*start), axis.at(*end), 2)
