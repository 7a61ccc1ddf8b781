"""Page 1's check-in chart: how the child felt before and after, as paired dots in time
order joined by a line whose style says whether they came out more settled, less or the
same (black and white print safe: hollow / filled dots, solid / dashed / dotted lines).
One scale only: the latest pair's (a value means something only on its own scale); pairs
on another scale are counted in a note, not drawn."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from datetime import tzinfo

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sensory_games.domain.check_in import SCALES, BeforeAfter
from sensory_games.services.report.data import count_changes, day_ticks
from sensory_games.services.report.layout import A4_IN, LEFT_IN, RIGHT_IN, axes, fx, fy


def check_in_chart(
    fig: Figure,
    top_in: float,
    height_in: float,
    pairs: Sequence[BeforeAfter],
    tz: tzinfo | None,
    most: int = 30,
) -> None:
    """Before/after check-ins as paired dots (before hollow, after filled) in time order,
    joined by a solid (more settled), dashed (less settled) or dotted (same) line, on the
    scale of the latest pair (pairs on other scales are counted, not drawn)."""
    scale = SCALES[pairs[-1].scale] if pairs else SCALES["faces"]
    other = sum(p.scale != scale.name for p in pairs)
    pairs = [p for p in pairs if p.scale == scale.name]
    counts = count_changes(pairs)
    fig.text(
        fx(LEFT_IN),
        1 - fy(top_in),
        "How the child felt: check-ins before and after",
        fontsize=11,
        weight="bold",
        va="top",
    )
    if not pairs:
        fig.text(
            fx(LEFT_IN),
            1 - fy(top_in + 0.35),
            "No before/after check-ins in this period.",
            fontsize=9,
            va="top",
        )
        return
    shown = list(pairs[-most:])
    note = "" if len(shown) == len(pairs) else f" (the latest {len(shown)} of {len(pairs)} shown)"
    if other:  # (a value means something only on its own scale)
        note += f". {other} pair{'s' * (other != 1)} on another scale not shown"
    summary = textwrap.fill(counts.text + note, 100)  # two lines at most, above the chart
    fig.text(fx(LEFT_IN), 1 - fy(top_in + 0.3), summary, fontsize=9, va="top")
    ax = axes(
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
    ax.set_ylim(0.5, len(scale.points) + 0.5)
    ax.set_yticks([f.value for f in scale.points], [f"{f.words} ({f.value})" for f in scale.points])
    ax.set_ylabel(f"{scale.title} scale", fontsize=8)
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
