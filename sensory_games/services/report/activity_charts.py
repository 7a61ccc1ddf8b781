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
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from sensory_games.domain.language import N_, Words
from sensory_games.domain.report_spec import COMPLETION_TIME, DEFAULT_FOLLOWED, Chart, Measure
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
    RIGHT_IN,
    axes,
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
SESSION_GREY = "0.94"
LEVEL_LINE: dict[str, Any] = {"color": "0.3", "linestyle": "-.", "linewidth": 0.9}
TREND_LINE: dict[str, Any] = {"color": "0.35", "linestyle": "--", "linewidth": 1.4}
#: Two series on one chart (left / right hand): filled circles on a solid black line,
#: hollow squares on a dashed grey line.
HANDS: tuple[tuple[str, dict[str, Any]], ...] = (
    (N_("left hand"), {"marker": "o", "color": "black", "linestyle": "-", "mfc": "black"}),
    (N_("right hand"), {"marker": "s", "color": "0.4", "linestyle": "--", "mfc": "white"}),
)


def activity_page(
    fig: Figure,
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
    charts: list[Any] = [*map(_followed, followed), *map(_declared, extra)]
    slot = (A4_IN[1] - top_in - BOTTOM_IN - 0.5) / len(charts)
    ticks = day_ticks([a.started_at for a in series.attempts], tz, language=said.language)
    blocks = session_blocks(series.attempts)
    for index, chart in enumerate(charts):
        lift = LABEL_ROWS * LABEL_ROW_IN if index == 0 and steps else 0.0  # in
        height = slot - lift - 0.75
        ax = axes(fig, top_in + index * slot + 0.3 + lift, height)
        ax.xaxis.set_label_coords(0.5, -0.3 / height)  # 0.3 in under the axes
        _frame(ax, series, ticks, blocks, steps)
        if lift:
            _level_labels(ax, series, steps, said)
        chart(ax, series, lift * 72, said)
        if index == len(charts) - 1:
            ax.set_xlabel(
                said.tr(
                    "attempts 1–{count} in order (date: first attempt of each day)",
                    count=len(series.attempts),
                )
            )


def _frame(
    ax: Axes,
    series: Series,
    ticks: Sequence[tuple[int, str]],
    blocks: Sequence[tuple[int, int]],
    steps: Sequence[LevelStep],
) -> None:
    """x range, date ticks, every other session shaded, level changes as lines."""
    n = len(series.attempts)
    ax.set_xlim(0.5, n + 0.5)
    ax.set_xticks([t for t, _ in ticks], [label for _, label in ticks])
    across = ax.get_xaxis_transform()  # x in attempts, y 0..1 of the axes
    # One artist each (not one per band or line): a PDF draws each artist's paths in Python.
    if 1 < len(blocks) <= MOST_SESSION_BANDS:
        bands = [
            Path(
                [(a - 0.5, 0), (b + 0.5, 0), (b + 0.5, 1), (a - 0.5, 1), (a - 0.5, 0)], closed=True
            )
            for a, b in blocks[1::2]
        ]
        shade = PathPatch(Path.make_compound_path(*bands), transform=across, zorder=0, lw=0)
        # add_artist, not add_patch: the x range is set above and the bands span y 0..1 of
        # the axes, so they take no part in the data limits that add_patch would work out
        # from every corner of every band, in Python (~5 ms a chart).
        ax.add_artist(shade)
        shade.set_facecolor(SESSION_GREY)
    if steps:
        xs = [x for step in steps for x in (step.index + 0.5, step.index + 0.5, math.nan)]
        ys = [0.0, 1.0, math.nan] * len(steps)
        ax.plot(xs, ys, transform=across, zorder=1, **LEVEL_LINE)
    ax.tick_params(labelsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(4))  # few labels: each costs ~3 ms to draw
    ax.yaxis.set_label_coords(-0.065, 0.5)  # fixed: no measuring of the tick labels


def _level_labels(ax: Axes, series: Series, steps: Sequence[LevelStep], said: Words) -> None:
    """ "level 2→3" over each level line, in up to LABEL_ROWS rows above the chart; a label
    with no room is left out (its line stays)."""
    labels = [step.label_in(said) for step in steps]
    positions = [step.index + 0.5 for step in steps]
    for label, x, row in zip(labels, positions, _label_rows(series, steps, said), strict=True):
        if row is not None:
            ax.annotate(
                label,
                (x, 1.0),
                xycoords=ax.get_xaxis_transform(),
                xytext=(0, 2 + row * LABEL_ROW_IN * 72),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                annotation_clip=False,
            )


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


def _marker_size(n: int) -> float:
    """Scatter marker area (pt²): smaller the more attempts share the width."""
    return 36.0 if n <= 60 else 14.0 if n <= 250 else 6.0


def _fraction_axis(ax: Axes, percent: bool = False) -> None:
    """y from 0 to 1 (a share or an accuracy), ticks at quarters (as percentages when
    `percent`: as the report's summary tells a share)."""
    ax.set_ylim(-0.04, 1.04)
    labels = ["0", "25%", "50%", "75%", "100%"] if percent else ["0", "0.25", "0.5", "0.75", "1"]
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], labels)
    ax.set_ylabel("%" if percent else "0..1")


#: Room over the highest value on a chart from 0, as a share of that value: its marker
#: (up to ~6 pt across) stays inside the frame on a chart ~1.5 in tall.
HEADROOM = 0.1


def _from_zero(ax: Axes, values: Sequence[float]) -> None:
    """y from 0 to the highest of `values` and of what matplotlib fitted (trend lines),
    with :data:`HEADROOM` over the highest value: matplotlib's own margin is a share of
    the values' range, which, once the axis starts at 0, can leave the top point's marker
    cut by the frame."""
    highest = max((v for v in values if math.isfinite(v)), default=0.0)
    top = max(ax.get_ylim()[1], highest * (1 + HEADROOM))
    ax.set_ylim(0, top if top > 0 else 1)


def _title(ax: Axes, text: str, lift: float, said: Words) -> None:
    """A chart's bold title at the reading side, `lift` pt higher than usual (over the
    level labels)."""
    side: Literal["left", "right"] = "right" if said.right_to_left else "left"
    ax.set_title(text, loc=side, fontsize=10, weight="bold", pad=4 + lift, y=1.0)
    # (a fixed y: matplotlib need not measure the tick labels to place the title)


def _measure_chart(ax: Axes, series: Series, measure: Measure, lift: float, said: Words) -> None:
    """A followed measure over the attempts: dots (hollow triangles: stopped early) and its
    trend within each level run. A completion time has none for an attempt stopped early:
    its time played is drawn instead, and the trend is fitted to completed attempts only."""
    _title(ax, said.tr(measure.title), lift, said)
    timed = measure.value == COMPLETION_TIME.value
    stopped_value = "duration_s" if timed else measure.value
    done = series.points(measure.value, completed=True)
    stopped = series.points(stopped_value, completed=False)
    if not done[0] and not stopped[0]:
        empty(ax, said.tr("nothing recorded yet"))
        ax.set_yticks([])  # (no made-up range or unit around nothing)
        return
    if measure.percent:
        _fraction_axis(ax, percent=True)
    elif measure.unit:
        ax.set_ylabel(said.tr(measure.unit))
    size = _marker_size(len(series.attempts))
    stopped_label = said.tr("stopped early (time played)") if timed else said.tr("stopped early")
    _scatter(ax, done, stopped, size, stopped_label, said)
    _trend(ax, series.trends(measure.value, completed=True if timed else None), said)
    if not measure.percent:
        _from_zero(ax, [*done[1], *stopped[1]])
    _legend(ax, lift, said)


def _scatter(
    ax: Axes,
    done: tuple[list[int], list[float]],
    stopped: tuple[list[int], list[float]],
    size: float,
    stopped_label: str,
    said: Words,
) -> None:
    marker_pt = math.sqrt(size)  # (a scatter's size is an area; a line marker's a width)
    if done[0]:
        ax.plot(
            *done,
            marker="o",
            ms=marker_pt,
            mfc="black",
            mec="black",
            mew=0,
            linestyle="none",
            label=said.tr("completed"),
            zorder=3,
        )
    if stopped[0]:
        ax.plot(
            *stopped,
            marker="^",
            ms=marker_pt * 1.3,
            mfc="white",
            mec="black",
            mew=0.8,
            linestyle="none",
            label=stopped_label,
            zorder=3,
        )


def _trend(ax: Axes, trends: Sequence[LevelTrend], said: Words) -> None:
    """One dashed line per level run with enough points (one artist, never a line across a
    level change). Its legend says only "trend per level": the trend at the latest level
    is in the page's lines above the charts (a longer legend ran into the chart's title).
    No run with enough points: no line, and no legend entry for one (a legend naming a
    line the chart does not have, beside nothing, read as a missing line)."""
    xs: list[float] = []
    ys: list[float] = []
    for found in trends:
        if found.segment is not None:
            (x0, y0), (x1, y1) = found.segment
            xs += [x0, x1, math.nan]
            ys += [y0, y1, math.nan]
    if xs:
        ax.plot(xs, ys, label=said.tr("trend per level"), zorder=4, **TREND_LINE)


def _legend(ax: Axes, lift: float, said: Words) -> None:
    """The legend across from the title (at the right; at the left in a language written
    right to left), above the chart (`lift` pt higher)."""
    rtl = said.right_to_left
    ax.legend(
        loc="lower left" if rtl else "lower right",
        bbox_to_anchor=(0.0 if rtl else 1.0, 1.0),
        bbox_transform=ax.transAxes + ScaledTranslation(0, lift / 72, ax.figure.dpi_scale_trans),
        ncol=3,
        frameon=False,
        borderaxespad=0.1,
        handlelength=2.4,
        columnspacing=1.2,
    )


def _per_hand(ax: Axes, series: Series, spec: Chart, lift: float, said: Words) -> None:
    """Left vs right hand of one measure (`spec.metrics`: left, right), one line each;
    y from 0 to 1 (a fraction) or from 0 up."""
    _title(ax, said.tr(spec.title), lift, said)
    drawn: list[float] = []  # every value drawn
    size = math.sqrt(_marker_size(len(series.attempts))) * 0.9
    for (label, style), name in zip(HANDS, spec.metrics, strict=True):
        xs, ys = series.points(name)
        if xs:
            ax.plot(
                xs,
                ys,
                label=said.tr(label),
                markersize=size,
                linewidth=0.8,
                mec=style["color"],
                zorder=3,
                **style,
            )
            drawn += ys
    if drawn:
        _legend(ax, lift, said)
    else:
        empty(ax, said.tr(spec.empty))
    if spec.fraction:
        _fraction_axis(ax)
    else:
        _from_zero(ax, drawn)
    ax.set_ylabel(said.tr(spec.axis))


def _signed_times(ax: Axes, series: Series, spec: Chart, lift: float, said: Words) -> None:
    """One signed time per attempt (`spec.metrics[0]`) around a zero line: hollow
    squares or filled dots."""
    _title(ax, said.tr(spec.title), lift, said)
    ax.set_ylabel(said.tr(spec.axis))
    xs, ys = series.points(spec.metrics[0])
    if not xs:
        empty(ax, said.tr(spec.empty))
        return
    ax.axhline(0, color="black", linewidth=0.7, zorder=2)
    ax.plot(
        xs,
        ys,
        marker="s" if spec.hollow else "o",
        color="black",
        mfc="white" if spec.hollow else "black",
        linewidth=0.8,
        markersize=math.sqrt(_marker_size(len(series.attempts))) * 0.9,
        label=said.tr(spec.legend),
    )
    _legend(ax, lift, said)


#: How each kind of declared chart (report_spec.CHART_KINDS) is drawn.
CHART_DRAWERS: dict[str, Callable[[Axes, Series, Chart, float, Words], None]] = {
    "per_hand": _per_hand,
    "signed_times": _signed_times,
}


def _followed(measure: Measure) -> Callable[[Axes, Series, float, Words], None]:
    """A followed measure's chart."""
    return lambda ax, series, lift, said: _measure_chart(ax, series, measure, lift, said)


def _declared(spec: Chart) -> Callable[[Axes, Series, float, Words], None]:
    """An activity's declared chart, drawn as its kind says."""
    return lambda ax, series, lift, said: CHART_DRAWERS[spec.kind](ax, series, spec, lift, said)
