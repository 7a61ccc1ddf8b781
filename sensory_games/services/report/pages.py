"""Drawing the report's A4 pages with matplotlib (Figure + Agg/PDF canvases, no pyplot).

Every page must read printed in black and white: series differ by marker shape (filled
or hollow) and line style, in black and greys; text is at least 8 pt. Sizes are in
inches (figure layout), points (fonts, lines) or millimetres (tracing overlays, screen).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from sensory_games.domain.check_in import FEELINGS, BeforeAfter
from sensory_games.domain.report_spec import Chart
from sensory_games.services.report.data import (
    LevelStep,
    Overlay,
    Series,
    Summary,
    count_changes,
    day_ticks,
    label_rows,
    session_blocks,
    trend,
    trend_label,
)

A4_IN = (8.27, 11.69)  # width, height (in)
LEFT_IN, RIGHT_IN = 0.95, 0.45  # page margins (in)
TOP_IN, BOTTOM_IN = 0.55, 0.6

#: matplotlib settings for every page (fonts in pt, never below 8).
STYLE: dict[str, Any] = {
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
#: Shading every other session stops being readable beyond this many sessions on a chart.
MOST_SESSION_BANDS = 150
#: Level-change labels: rows above the first chart, row height (in), mean width of an
#: 8 pt character (in).
LABEL_ROWS, LABEL_ROW_IN, CHAR_IN = 2, 0.16, 0.062
BAND_GREY, SESSION_GREY = "0.82", "0.94"
LEVEL_LINE: dict[str, Any] = {"color": "0.3", "linestyle": "-.", "linewidth": 0.9}
TREND_LINE: dict[str, Any] = {"color": "0.35", "linestyle": "--", "linewidth": 1.4}
#: Two series on one chart (left / right hand): filled circles on a solid black line,
#: hollow squares on a dashed grey line.
HANDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("left hand", {"marker": "o", "color": "black", "linestyle": "-", "mfc": "black"}),
    ("right hand", {"marker": "s", "color": "0.4", "linestyle": "--", "mfc": "white"}),
)


def new_page() -> Figure:
    return Figure(figsize=A4_IN, dpi=100, facecolor="white")


def _fx(inches: float) -> float:
    return inches / A4_IN[0]


def _fy(inches: float) -> float:
    return inches / A4_IN[1]


def finish_pages(pages: Sequence[Figure], running_head: str) -> None:
    """Footer on every page; the child and period at the top of every page but the first."""
    for number, fig in enumerate(pages, start=1):
        fig.text(
            0.5,
            _fy(0.3),
            FOOTER.format(page=number, pages=len(pages)),
            ha="center",
            va="center",
            fontsize=8,
            color="0.25",
        )
        if number > 1:
            fig.text(_fx(LEFT_IN), 1 - _fy(0.35), running_head, fontsize=8, color="0.25")


def page_title(fig: Figure, title: str, lines: Sequence[str], top_in: float = TOP_IN) -> float:
    """A bold title and smaller lines under it; returns where they end (in from the top)."""
    fig.text(_fx(LEFT_IN), 1 - _fy(top_in + 0.15), title, fontsize=14, weight="bold", va="top")
    y = top_in + 0.5
    for line in lines:
        fig.text(_fx(LEFT_IN), 1 - _fy(y), line, fontsize=9, va="top")
        y += 0.2
    return y + 0.1


def note(fig: Figure, top_in: float, text: str, size: float = 9) -> None:
    """A line of text at the left margin, `top_in` inches from the top of the page."""
    fig.text(_fx(LEFT_IN), 1 - _fy(top_in), text, fontsize=size, va="top")


def _axes(
    fig: Figure,
    top_in: float,
    height_in: float,
    left_in: float = LEFT_IN,
    width_in: float | None = None,
) -> Axes:
    width = A4_IN[0] - LEFT_IN - RIGHT_IN if width_in is None else width_in
    return fig.add_axes((_fx(left_in), 1 - _fy(top_in + height_in), _fx(width), _fy(height_in)))


def _empty(ax: Axes, text: str) -> None:
    ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="0.2"
    )


# -- page 1 -------------------------------------------------------------------------------


def summary_table(fig: Figure, top_in: float, rows: Sequence[Summary]) -> float:
    """The per-activity table; returns where it ends (in from the top)."""
    header = (
        "Activity",
        "Attempts",
        "Completed",
        "Accuracy\nfirst 5",
        "Accuracy\nlast 5",
        "Level\nnow",
    )
    height = 0.42 + 0.24 * len(rows)
    ax = _axes(fig, top_in, height)
    ax.set_axis_off()
    cells = [
        [
            r.title,
            str(r.attempts),
            str(r.completed),
            _acc(r.accuracy_first),
            _acc(r.accuracy_last),
            str(r.level),
        ]
        for r in rows
    ]
    table = ax.table(
        cellText=cells,
        colLabels=header,
        colWidths=[0.34, 0.12, 0.13, 0.14, 0.14, 0.13],
        cellLoc="center",
        colLoc="center",
        loc="upper left",
        bbox=(0, 0, 1, 1),
        edges="horizontal",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    for (row, col), cell in table.get_celld().items():
        cell.set_linewidth(0.6)
        if col == 0:
            cell.set_text_props(ha="left")
            cell.PAD = 0.02
        if row == 0:
            cell.set_text_props(weight="bold")
            cell.set_height(cell.get_height() * 1.6)
    fig.text(
        _fx(LEFT_IN),
        1 - _fy(top_in + height + 0.1),
        "Accuracy: median (0..1) of the first and of the last 5 scored attempts (they overlap\n"
        "when an activity has fewer than 10 scored); –: nothing to score. Level now: the\n"
        "child's current level (of their latest attempt, or set by an adult or a bundle since).",
        fontsize=8,
        va="top",
        color="0.2",
        linespacing=1.4,
    )
    return top_in + height + 0.55


def _acc(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def check_in_chart(
    fig: Figure,
    top_in: float,
    height_in: float,
    pairs: Sequence[BeforeAfter],
    tz: tzinfo | None,
    most: int = 30,
) -> None:
    """Before/after check-ins as paired dots (before hollow, after filled) in time order,
    joined by a solid (more settled), dashed (less settled) or dotted (same) line."""
    counts = count_changes(pairs)
    fig.text(
        _fx(LEFT_IN),
        1 - _fy(top_in),
        "How the child felt: check-ins before and after",
        fontsize=11,
        weight="bold",
        va="top",
    )
    if not pairs:
        fig.text(
            _fx(LEFT_IN),
            1 - _fy(top_in + 0.35),
            "No before/after check-ins in this period.",
            fontsize=9,
            va="top",
        )
        return
    shown = list(pairs[-most:])
    note = "" if len(shown) == len(pairs) else f" (the latest {len(shown)} of {len(pairs)} shown)"
    summary = textwrap.fill(counts.text + note, 100)  # two lines at most, above the chart
    fig.text(_fx(LEFT_IN), 1 - _fy(top_in + 0.3), summary, fontsize=9, va="top")
    ax = _axes(
        fig,
        top_in + 0.75,
        height_in - 1.45,
        left_in=LEFT_IN + 0.55,
        width_in=A4_IN[0] - LEFT_IN - RIGHT_IN - 0.55,
    )
    half = 0.25  # before and after sit this far left and right of the pair's place
    for sign, style in ((1, "-"), (-1, "--"), (0, ":")):
        xs: list[float] = []
        ys: list[float] = []
        for x, pair in enumerate(shown, start=1):
            if pair.change is not None and int(np.sign(pair.change)) == sign:
                xs += [x - half, x + half, math.nan]
                ys += [pair.before, pair.after, math.nan]  # type: ignore[list-item]
        if xs:
            ax.plot(xs, ys, color="black", linewidth=1.1, linestyle=style, zorder=2)
    for marker, by_session in (("o", False), ("D", True)):
        for side, offset, face in (("before", -half, "white"), ("after", half, "black")):
            points = [
                (x + offset, getattr(pair, side))
                for x, pair in enumerate(shown, start=1)
                if (pair.attempt_id is None) == by_session and getattr(pair, side) is not None
            ]
            if points:
                ax.plot(
                    *zip(*points, strict=True),
                    marker=marker,
                    mfc=face,
                    mec="black",
                    ms=6,
                    linestyle="none",
                    zorder=3,
                )
    ax.set_ylim(0.5, len(FEELINGS) + 0.5)
    ax.set_yticks([f.value for f in FEELINGS], [f"{f.words} ({f.value})" for f in FEELINGS])
    ax.set_xlim(0.4, len(shown) + 0.6)
    ticks = day_ticks([p.asked_at for p in shown], tz)
    ax.set_xticks([t for t, _ in ticks], [label for _, label in ticks])
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_xlabel("check-in pairs in order (date: the first pair of each day)")
    legend = [
        Line2D([], [], marker="o", mfc="white", mec="black", linestyle="none", label="before"),
        Line2D([], [], marker="o", mfc="black", mec="black", linestyle="none", label="after"),
        Line2D([], [], color="black", linestyle="-", label="more settled"),
        Line2D([], [], color="black", linestyle="--", label="less settled"),
        Line2D([], [], color="black", linestyle=":", label="same"),
    ]
    if any(pair.attempt_id is None for pair in shown):
        legend.insert(
            2,
            Line2D(
                [],
                [],
                marker="D",
                mfc="white",
                mec="black",
                linestyle="none",
                label="session start / end",
            ),
        )
    ax.legend(
        handles=legend,
        loc="upper left",
        bbox_to_anchor=(0, -0.22),
        ncol=6,
        frameon=False,
        handlelength=2.2,
        columnspacing=1.0,
    )


# -- activity pages -----------------------------------------------------------------------


def activity_page(
    fig: Figure,
    top_in: float,
    series: Series,
    steps: Sequence[LevelStep],
    tz: tzinfo | None,
    extra: Sequence[Chart] = (),
) -> None:
    """Accuracy and completion time over attempts, then the `extra` charts the activity
    declares (per-hand timing of a two-handed activity...), stacked down the page; level
    changes labelled over the first."""
    charts: list[Any] = [_accuracy_chart, _time_chart, *map(_declared, extra)]
    slot = (A4_IN[1] - top_in - BOTTOM_IN - 0.5) / len(charts)
    ticks = day_ticks([a.started_at for a in series.attempts], tz)
    blocks = session_blocks(series.attempts)
    width = A4_IN[0] - LEFT_IN - RIGHT_IN
    for index, chart in enumerate(charts):
        lift = LABEL_ROWS * LABEL_ROW_IN if index == 0 and steps else 0.0  # in
        height = slot - lift - 0.75
        ax = _axes(fig, top_in + index * slot + 0.3 + lift, height)
        ax.xaxis.set_label_coords(0.5, -0.3 / height)  # 0.3 in under the axes
        _frame(ax, series, ticks, blocks, steps)
        if lift:
            _level_labels(ax, series, steps, width)
        chart(ax, series, lift * 72)
        if index == len(charts) - 1:
            ax.set_xlabel(
                f"attempts 1–{len(series.attempts)} in order (date: first attempt of each day)"
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
        ax.add_patch(shade)
        shade.set_facecolor(SESSION_GREY)
    if steps:
        xs = [x for step in steps for x in (step.index + 0.5, step.index + 0.5, math.nan)]
        ys = [0.0, 1.0, math.nan] * len(steps)
        ax.plot(xs, ys, transform=across, zorder=1, **LEVEL_LINE)
    ax.tick_params(labelsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(4))  # few labels: each costs ~3 ms to draw
    ax.yaxis.set_label_coords(-0.065, 0.5)  # fixed: no measuring of the tick labels


def _level_labels(ax: Axes, series: Series, steps: Sequence[LevelStep], width_in: float) -> None:
    """ "level 2→3" over each level line, in up to LABEL_ROWS rows above the chart; a label
    with no room is left out (its line stays)."""
    per_in = len(series.attempts) / width_in  # attempts per inch along x
    positions = [step.index + 0.5 for step in steps]
    widths = [(len(step.label) * CHAR_IN + 0.1) * per_in for step in steps]
    for step, x, row in zip(
        steps, positions, label_rows(positions, widths, LABEL_ROWS), strict=True
    ):
        if row is not None:
            ax.annotate(
                step.label,
                (x, 1.0),
                xycoords=ax.get_xaxis_transform(),
                xytext=(0, 2 + row * LABEL_ROW_IN * 72),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                annotation_clip=False,
            )


def _marker_size(n: int) -> float:
    """Scatter marker area (pt²): smaller the more attempts share the width."""
    return 36.0 if n <= 60 else 14.0 if n <= 250 else 6.0


def _fraction_axis(ax: Axes) -> None:
    """y from 0 to 1 (a share or an accuracy), ticks at quarters."""
    ax.set_ylim(-0.04, 1.04)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0", "0.25", "0.5", "0.75", "1"])
    ax.set_ylabel("0..1")


def _title(ax: Axes, text: str, lift: float) -> None:
    """A chart's bold title, `lift` pt higher than usual (over the level labels)."""
    ax.set_title(text, loc="left", fontsize=10, weight="bold", pad=4 + lift, y=1.0)
    # (a fixed y: matplotlib need not measure the tick labels to place the title)


def _accuracy_chart(ax: Axes, series: Series, lift: float = 0.0) -> None:
    scored = len(series.points("accuracy")[0])
    _title(ax, "Accuracy", lift)
    _fraction_axis(ax)
    if not scored:
        _empty(ax, "no accuracy (nothing to score)")
        return
    size = _marker_size(len(series.attempts))
    done = series.points("accuracy", completed=True)
    stopped = series.points("accuracy", completed=False)
    _scatter(ax, done, stopped, size, "stopped early")
    xs, ys = series.points("accuracy")
    _trend(ax, xs, ys, len(series.attempts), "", 2)
    _legend(ax, lift)


def _time_chart(ax: Axes, series: Series, lift: float = 0.0) -> None:
    _title(ax, "Completion time", lift)
    ax.set_ylabel("seconds")
    done = series.points("completion_time_s", completed=True)
    stopped = series.points("duration_s", completed=False)
    if not done[0] and not stopped[0]:
        _empty(ax, "no completed attempts")
        return
    _scatter(ax, done, stopped, _marker_size(len(series.attempts)), "stopped early (time played)")
    _trend(ax, *done, len(series.attempts), "s", 1)
    ax.set_ylim(bottom=0)
    _legend(ax, lift)


def _scatter(
    ax: Axes,
    done: tuple[list[int], list[float]],
    stopped: tuple[list[int], list[float]],
    size: float,
    stopped_label: str,
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
            label="completed",
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


def _trend(
    ax: Axes, xs: Sequence[float], ys: Sequence[float], n: int, unit: str, digits: int
) -> None:
    fit = trend(xs, ys)
    if fit is None:
        ax.plot([], [], linestyle="none", label=trend_label(None, unit, digits))
        return
    x0, x1 = min(xs), max(xs)
    ax.plot(
        [x0, x1],
        [fit.at(x0), fit.at(x1)],
        label=trend_label(fit, unit, digits),
        zorder=4,
        **TREND_LINE,
    )


def _legend(ax: Axes, lift: float) -> None:
    """The legend right of the title, above the chart (`lift` pt higher)."""
    ax.legend(
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        bbox_transform=ax.transAxes + ScaledTranslation(0, lift / 72, ax.figure.dpi_scale_trans),
        ncol=3,
        frameon=False,
        borderaxespad=0.1,
        handlelength=2.4,
        columnspacing=1.2,
    )


def _per_hand(ax: Axes, series: Series, spec: Chart, lift: float) -> None:
    """Left vs right hand of one measure (`spec.metrics`: left, right), one line each;
    y from 0 to 1 (a fraction) or from 0 up."""
    _title(ax, spec.title, lift)
    drawn = False
    size = math.sqrt(_marker_size(len(series.attempts))) * 0.9
    for (label, style), name in zip(HANDS, spec.metrics, strict=True):
        xs, ys = series.points(name)
        if xs:
            ax.plot(
                xs,
                ys,
                label=label,
                markersize=size,
                linewidth=0.8,
                mec=style["color"],
                zorder=3,
                **style,
            )
            drawn = True
    if drawn:
        _legend(ax, lift)
    else:
        _empty(ax, spec.empty)
    if spec.fraction:
        _fraction_axis(ax)
    else:
        ax.set_ylim(bottom=0)  # (after the lines: the top still fits them)
    ax.set_ylabel(spec.axis)


def _signed_times(ax: Axes, series: Series, spec: Chart, lift: float) -> None:
    """One signed time per attempt (`spec.metrics[0]`) around a zero line: hollow
    squares or filled dots."""
    _title(ax, spec.title, lift)
    ax.set_ylabel(spec.axis)
    xs, ys = series.points(spec.metrics[0])
    if not xs:
        _empty(ax, spec.empty)
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
        label=spec.legend,
    )
    _legend(ax, lift)


#: How each kind of declared chart (report_spec.CHART_KINDS) is drawn.
CHART_DRAWERS: dict[str, Callable[[Axes, Series, Chart, float], None]] = {
    "per_hand": _per_hand,
    "signed_times": _signed_times,
}


def _declared(spec: Chart) -> Callable[[Axes, Series, float], None]:
    """An activity's declared chart, drawn as its kind says."""
    return lambda ax, series, lift: CHART_DRAWERS[spec.kind](ax, series, spec, lift)


# -- tracing overlays ---------------------------------------------------------------------


def overlay_page(
    fig: Figure, top_in: float, overlays: Sequence[Overlay], columns: int, rows: int
) -> None:
    """Up to columns × rows overlays in a grid, each with its caption under it."""
    width = (A4_IN[0] - LEFT_IN - RIGHT_IN) / columns
    height = (A4_IN[1] - top_in - BOTTOM_IN - 0.3) / rows
    for index, item in enumerate(overlays[: columns * rows]):
        row, col = divmod(index, columns)
        box_w, box_h = width - 0.3, height - 0.75
        ax = _axes(fig, top_in + row * height, box_h, LEFT_IN + col * width, box_w)
        draw_overlay(ax, item, box_w, box_h)
        fig.text(
            _fx(LEFT_IN + col * width),
            1 - _fy(top_in + row * height + box_h + 0.08),
            item.caption,
            fontsize=8,
            va="top",
            linespacing=1.3,
        )


def draw_overlay(ax: Axes, item: Overlay, width_in: float, height_in: float) -> None:
    """The target as a light band (± tolerance) with a dotted centre line, and the child's
    contacts as black lines, in screen mm (y down), equal scale on both axes."""
    x0, y0, x1, y1 = item.bounds
    margin = 4.0  # mm
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    pt_per_mm = min(width_in * 72 / (x1 - x0), height_in * 72 / (y1 - y0))
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
    ax.plot([x0 + 2, x0 + 12], [y1 - 2, y1 - 2], color="black", linewidth=1.5)
    ax.text(x0 + 13, y1 - 2, "10 mm", fontsize=8, va="center")


OVERLAY_KEY = (
    "Grey band: the path ± its tolerance; dotted: its centre line; black: the child's finger "
    "(each contact, finger down to up). Shown: the last shape the child touched in each attempt."
)
