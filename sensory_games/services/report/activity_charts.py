"""An activity's page of charts over its attempts: the measures it follows (accuracy and
completion time unless it declares others; never a time its level fixes) with their
trends (one line per level run), then the charts the activity declares
(:mod:`sensory_games.domain.report_spec`), stacked down the page; sessions shaded in turn
and level changes as labelled lines.

Black and white print safe: series differ by marker shape (filled or hollow) and line
style, in black and greys. Sizes are in inches (layout) or points (markers, lines).
Words in the report's language; in one written right to left, chart titles stand at the
right and legends at the left (the attempts still run left to right, like the numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import tzinfo

from sensory_games.domain.language import N_, Words
from sensory_games.domain.report_spec import COMPLETION_TIME, DEFAULT_FOLLOWED, Chart, Measure
from sensory_games.services.pdf import Page
from sensory_games.services.pdf.chart import TITLE_GAP_PT, Look, nice_ticks, tick_text
from sensory_games.services.pdf.chart import Chart as Drawing
from sensory_games.services.report.data import (
    LevelStep,
    Series,
    day_ticks,
    label_rows,
    session_blocks,
)
from sensory_games.services.report.layout import (
    A4_IN,
    BOTTOM_IN,
    LEFT_IN,
    PT,
    RIGHT_IN,
    axis_labels,
    chart,
    empty,
    text_width_in,
)
from sensory_games.services.report.trends import LevelTrend

#: Shading every other session stops being readable beyond this many sessions on a chart.
MOST_SESSION_BANDS = 150
#: Level-change labels: rows above the first chart, row height (in).
LABEL_ROWS, LABEL_ROW_IN = 2, 0.16
#: The least room between two level labels in a row (in): two words' spaces at 8 pt were
#: too few to see where one label ends ("level 4 to 5" in words, as Arabic writes it).
LABEL_GAP_IN = 0.3
#: A chart's width on the page (in).
CHART_WIDTH_IN = A4_IN[0] - LEFT_IN - RIGHT_IN
SESSION_GREY = 0.94
#: Level changes: dash-dot lines (grey, width and dashes in pt).
LEVEL_GREY, LEVEL_WIDTH, LEVEL_DASH = 0.3, 0.9, (4.0, 1.5, 1.0, 1.5)
#: Trends: dashed lines.
TREND_GREY, TREND_WIDTH, TREND_DASH = 0.35, 1.4, (5.0, 2.2)
#: Two series on one chart (left / right hand): filled circles on a solid black line,
#: hollow squares on a dashed grey line.
HANDS: tuple[tuple[str, Look], ...] = (
    (N_("left hand"), Look("o", 0.0, 0.0, line=0.0)),
    (N_("right hand"), Look("s", 1.0, 0.4, line=0.4, dash=(3.0, 1.5))),
)
#: Draws one chart of a page into its frame: (the frame, the series, how far its title and
#: legend are lifted over the usual (pt: over the level labels), the words).
Drawer = Callable[[Drawing, Series, float, Words], None]


def activity_page(
    page: Page,
    top_in: float,
    series: Series,
    steps: Sequence[LevelStep],
    tz: tzinfo | None,
    said: Words,
    extra: Sequence[Chart] = (),
    followed: Sequence[Measure] = DEFAULT_FOLLOWED,
) -> None:
    """The measures the activity follows (accuracy and completion time unless it declares
    others), then the `extra` charts it declares (per-hand timing of a two-handed
    activity...), stacked down the page; level changes labelled over the first; words in
    `said`'s language."""
    charts: list[Drawer] = [*map(_followed, followed), *map(_declared, extra)]
    slot = (A4_IN[1] - top_in - BOTTOM_IN - 0.5) / len(charts)
    ticks = day_ticks([a.started_at for a in series.attempts], tz, language=said.language)
    blocks = session_blocks(series.attempts)
    n = len(series.attempts)
    for index, draw in enumerate(charts):
        lift = LABEL_ROWS * LABEL_ROW_IN if index == 0 and steps else 0.0  # in
        height = slot - lift - 0.75
        drawing = chart(page, top_in + index * slot + 0.3 + lift, height, x_limits=(0.5, n + 0.5))
        _frame(drawing, blocks, steps)
        if lift:
            _level_labels(drawing, series, steps, said)
        draw(drawing, series, lift * PT, said)
        drawing.x_ticks([t for t, _ in ticks], [label for _, label in ticks])
        drawing.frame()
        if index == len(charts) - 1:
            last = said.tr("attempts 1–{count} in order (date: first attempt of each day)", count=n)
            axis_labels(drawing, last, None)


def _frame(drawing: Drawing, blocks: Sequence[tuple[int, int]], steps: Sequence[LevelStep]) -> None:
    """Every other session shaded, level changes as lines (behind what is drawn after)."""
    if 1 < len(blocks) <= MOST_SESSION_BANDS:
        drawing.spans([(a - 0.5, b + 0.5) for a, b in blocks[1::2]], SESSION_GREY)
    drawing.vertical_lines([step.index + 0.5 for step in steps], LEVEL_GREY, LEVEL_DASH)


def _level_labels(
    drawing: Drawing, series: Series, steps: Sequence[LevelStep], said: Words
) -> None:
    """ "level 2→3" over each level line, in up to LABEL_ROWS rows above the chart; a label
    with no room is left out (its line stays)."""
    top = drawing.y_pt + drawing.height_pt
    for step, row in zip(steps, _label_rows(series, steps, said), strict=True):
        if row is not None:
            x, _ = drawing.at(step.index + 0.5, 0)
            baseline = top + 2 + row * LABEL_ROW_IN * PT + 1
            drawing.page.text(x, baseline, step.label_in(said), 8, align="center")


def _label_rows(series: Series, steps: Sequence[LevelStep], said: Words) -> list[int | None]:
    """The row of each level change's label over a chart the page's width wide (None: no
    room, left out)."""
    per_in = len(series.attempts) / CHART_WIDTH_IN  # attempts per inch along x
    positions = [step.index + 0.5 for step in steps]
    widths = [(text_width_in(s.label_in(said), 8) + LABEL_GAP_IN) * per_in for s in steps]
    return label_rows(positions, widths, LABEL_ROWS)


def unlabelled(series: Series, steps: Sequence[LevelStep], said: Words) -> int:
    """How many of the level changes an activity page's first chart has no room to
    label (their lines are drawn all the same)."""
    return sum(row is None for row in _label_rows(series, steps, said))


def _marker_pt(n: int) -> float:
    """A marker's width (pt): smaller the more attempts share the chart's width."""
    return 6.0 if n <= 60 else 3.75 if n <= 250 else 2.45


def _fraction_axis(drawing: Drawing, percent: bool = False) -> str:
    """y from 0 to 1 (a share or an accuracy), ticks at quarters (as percentages when
    `percent`: as the report's summary tells a share); returns the axis's label."""
    drawing.y_limits = (-0.04, 1.04)
    labels = ["0", "25%", "50%", "75%", "100%"] if percent else ["0", "0.25", "0.5", "0.75", "1"]
    drawing.y_ticks([0, 0.25, 0.5, 0.75, 1], labels, grid=False)
    return "%" if percent else "0..1"


#: Room over the highest value on a chart from 0, as a share of that value: its marker
#: (up to ~6 pt across) stays inside the frame on a chart ~1.5 in tall.
HEADROOM = 0.1


def _from_zero(drawing: Drawing, values: Sequence[float]) -> None:
    """y from 0 to the highest of `values` (the points and the trend lines' ends) with
    :data:`HEADROOM` over it, ticked at a few round values."""
    highest = max((v for v in values if math.isfinite(v)), default=0.0)
    top = highest * (1 + HEADROOM) if highest > 0 else 1.0
    _ticked(drawing, 0.0, top)


def _ticked(drawing: Drawing, low: float, high: float) -> None:
    """y from `low` to `high`, ticked at up to five round values (their labels as short as
    the values let them be)."""
    drawing.y_limits = (low, high)
    values = nice_ticks(low, high, 5)
    drawing.y_ticks(values, [tick_text(v) for v in values], grid=False)


def _title(drawing: Drawing, text: str, lift: float, said: Words) -> None:
    """A chart's bold title at the reading side, `lift` pt higher than usual (over the
    level labels)."""
    drawing.title(text, 10, said.right_to_left, lift)


def _legend(drawing: Drawing, items: Sequence[tuple[str, Look]], lift: float, said: Words) -> None:
    """The legend across from the title (at the right; at the left in a language written
    right to left), above the chart (`lift` pt higher)."""
    rtl = said.right_to_left
    x = drawing.x_pt if rtl else drawing.x_pt + drawing.width_pt
    y = drawing.y_pt + drawing.height_pt + TITLE_GAP_PT + lift
    drawing.legend(items, x, y, at_right=not rtl, right_to_left=rtl)


def _measure_chart(
    drawing: Drawing, series: Series, measure: Measure, lift: float, said: Words
) -> None:
    """A followed measure over the attempts: dots (hollow triangles: stopped early) and its
    trend within each level run. A completion time has none for an attempt stopped early:
    its time played is drawn instead, and the trend is fitted to completed attempts only."""
    _title(drawing, said.tr(measure.title), lift, said)
    timed = measure.value == COMPLETION_TIME.value
    stopped_value = "duration_s" if timed else measure.value
    done = series.points(measure.value, completed=True)
    stopped = series.points(stopped_value, completed=False)
    if not done[0] and not stopped[0]:
        empty(drawing, said.tr("nothing recorded yet"))  # (no made-up range or unit)
        return
    trends = series.trends(measure.value, completed=True if timed else None)
    segments = [t.segment for t in trends if t.segment is not None]
    if measure.percent:
        unit = _fraction_axis(drawing, percent=True)
    else:
        ends = [y for segment in segments for _, y in segment]
        _from_zero(drawing, [*done[1], *stopped[1], *ends])
        unit = said.tr(measure.unit) if measure.unit else ""
    axis_labels(drawing, None, unit or None)
    size = _marker_pt(len(series.attempts))
    items: list[tuple[str, Look]] = []
    if done[0]:
        items.append((said.tr("completed"), Look("o", 0.0)))
        drawing.scatter(*done, "o", size, 0.0, label=items[-1][0])
    if stopped[0]:
        words = said.tr("stopped early (time played)") if timed else said.tr("stopped early")
        items.append((words, Look("^", 1.0, 0.0)))
        drawing.scatter(*stopped, "^", size * 1.3, 1.0, 0.0, label=words, width_pt=0.8)
    if _trend(drawing, trends, said):
        items.append((said.tr("trend per level"), Look(line=TREND_GREY, dash=TREND_DASH)))
    _legend(drawing, items, lift, said)


def _trend(drawing: Drawing, trends: Sequence[LevelTrend], said: Words) -> bool:
    """One dashed line per level run with enough points (never a line across a level
    change); returns whether there is one. Its legend says only "trend per level": the
    trend at the latest level is in the page's lines above the charts (a longer legend
    ran into the chart's title). No run with enough points: no line, and no legend entry
    for one (a legend naming a line the chart does not have read as a missing line)."""
    xs: list[float] = []
    ys: list[float] = []
    for found in trends:
        if found.segment is not None:
            (x0, y0), (x1, y1) = found.segment
            xs += [x0, x1, math.nan]
            ys += [y0, y1, math.nan]
    if xs:
        label = said.tr("trend per level")
        drawing.plot(xs, ys, TREND_WIDTH, TREND_GREY, TREND_DASH, label=label)
    return bool(xs)


def _per_hand(drawing: Drawing, series: Series, spec: Chart, lift: float, said: Words) -> None:
    """Left vs right hand of one measure (`spec.metrics`: left, right), one line each;
    y from 0 to 1 (a fraction) or from 0 up."""
    _title(drawing, said.tr(spec.title), lift, said)
    found = [(said.tr(label), look, series.points(name)) for (label, look), name in zip(
        HANDS, spec.metrics, strict=True
    )]  # fmt: skip
    drawn = [y for _, _, (_, ys) in found for y in ys]
    if spec.fraction:
        _fraction_axis(drawing)
    else:
        _from_zero(drawing, drawn)
    axis_labels(drawing, None, said.tr(spec.axis))
    size = _marker_pt(len(series.attempts)) * 0.9
    items = []
    for label, look, (xs, ys) in found:
        if xs:
            drawing.plot(xs, ys, 0.8, look.line or 0.0, look.dash, label=label)
            drawing.scatter(xs, ys, look.shape or "o", size, look.fill, look.stroke)
            items.append((label, look))
    if items:
        _legend(drawing, items, lift, said)
    else:
        empty(drawing, said.tr(spec.empty))


def _signed_times(drawing: Drawing, series: Series, spec: Chart, lift: float, said: Words) -> None:
    """One signed time per attempt (`spec.metrics[0]`) around a zero line: hollow
    squares or filled dots."""
    _title(drawing, said.tr(spec.title), lift, said)
    xs, ys = series.points(spec.metrics[0])
    if not xs:
        axis_labels(drawing, None, said.tr(spec.axis))
        empty(drawing, said.tr(spec.empty))
        return
    low, high = min(0.0, *ys), max(0.0, *ys)
    margin = 0.05 * (high - low) or 1.0
    _ticked(drawing, low - margin, high + margin)
    axis_labels(drawing, None, said.tr(spec.axis))
    drawing.plot([drawing.x_limits[0], drawing.x_limits[1]], [0, 0], 0.7, 0.0, label="zero")
    look = Look("s", 1.0, 0.0, line=0.0) if spec.hollow else Look("o", 0.0, 0.0, line=0.0)
    words = said.tr(spec.legend)
    drawing.plot(xs, ys, 0.8, 0.0, label=words)
    size = _marker_pt(len(series.attempts)) * 0.9
    drawing.scatter(xs, ys, look.shape or "o", size, look.fill, look.stroke)
    _legend(drawing, [(words, look)], lift, said)


#: How each kind of declared chart (report_spec.CHART_KINDS) is drawn.
CHART_DRAWERS: dict[str, Callable[[Drawing, Series, Chart, float, Words], None]] = {
    "per_hand": _per_hand,
    "signed_times": _signed_times,
}


def _followed(measure: Measure) -> Drawer:
    """A followed measure's chart."""
    return lambda drawing, series, lift, said: _measure_chart(drawing, series, measure, lift, said)


def _declared(spec: Chart) -> Drawer:
    """An activity's declared chart, drawn as its kind says."""
    return lambda drawing, series, lift, said: CHART_DRAWERS[spec.kind](
        drawing, series, spec, lift, said
    )
