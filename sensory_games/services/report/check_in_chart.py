"""Page 1's check-in chart: how the child felt before and after, as paired dots in time
order joined by a line whose style says whether they came out more settled, less or the
same (black and white print safe: hollow / filled dots, solid / dashed / dotted lines).
Words in the report's language (the feelings' words as the check-in catalog says them).
One scale only: the latest pair's (a value means something only on its own scale); pairs
on another scale are counted in a note, not drawn."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sensory_games.domain.check_in import SCALES, BeforeAfter
from sensory_games.domain.language import Words
from sensory_games.services.report.data import count_changes, day_ticks
from sensory_games.services.report.layout import (
    A4_IN,
    LEFT_IN,
    RIGHT_IN,
    TEXT_WIDTH_IN,
    axes,
    note,
    wrap,
)


def check_in_chart(
    fig: Figure,
    top_in: float,
    height_in: float,
    pairs: Sequence[BeforeAfter],
    tz: tzinfo | None,
    said: Words,
    most: int = 30,
) -> None:
    """Before/after check-ins as paired dots (before hollow, after filled) in time order,
    joined by a solid (more settled), dashed (less settled) or dotted (same) line, on the
    scale of the latest pair (pairs on other scales are counted, not drawn)."""
    scale = SCALES[pairs[-1].scale] if pairs else SCALES["faces"]
    other = sum(p.scale != scale.name for p in pairs)
    pairs = [p for p in pairs if p.scale == scale.name]
    counts = count_changes(pairs)
    title = said.tr("How the child felt: check-ins before and after")
    note(fig, top_in, title, said, size=11, weight="bold")
    if not pairs:
        note(fig, top_in + 0.35, said.tr("No before/after check-ins in this period."), said)
        return
    shown = list(pairs[-most:])
    summary = counts.text_in(said)
    if len(shown) != len(pairs):
        summary += said.tr(
            " (the latest {count} of {total} shown)", count=len(shown), total=len(pairs)
        )
    if other:  # (a value means something only on its own scale)
        summary += said.tr_n(
            ". {count} pair on another scale not shown",
            ". {count} pairs on another scale not shown",
            other,
            count=other,
        )
    lines = wrap(summary, TEXT_WIDTH_IN, 9)[:2]  # two lines at most, above the chart
    note(fig, top_in + 0.3, "\n".join(lines), said)
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
    feelings = [f"{said.tr(f.words)} ({f.value})" for f in scale.points]
    ax.set_yticks([f.value for f in scale.points], feelings)
    ax.set_ylabel(said.tr("{scale} scale", scale=said.tr(scale.title)), fontsize=8)
    ax.set_xlim(0.4, len(shown) + 0.6)
    ticks = day_ticks([p.asked_at for p in shown], tz, language=said.language)
    ax.set_xticks([t for t, _ in ticks], [label for _, label in ticks])
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_xlabel(said.tr("check-in pairs in order (date: the first pair of each day)"))
    dot: dict[str, Any] = {"marker": "o", "mec": "black", "linestyle": "none"}
    legend = [
        Line2D([], [], mfc="white", label=said.tr("before"), **dot),
        Line2D([], [], mfc="black", label=said.tr("after"), **dot),
        Line2D([], [], color="black", linestyle="-", label=said.tr("more settled")),
        Line2D([], [], color="black", linestyle="--", label=said.tr("less settled")),
        Line2D([], [], color="black", linestyle=":", label=said.tr("same")),
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
                label=said.tr("session start / end"),
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
