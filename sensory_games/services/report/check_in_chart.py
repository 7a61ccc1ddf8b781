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

from sensory_games.domain.check_in import SCALES, BeforeAfter
from sensory_games.domain.language import Words
from sensory_games.services.pdf import Page
from sensory_games.services.pdf.chart import Look
from sensory_games.services.report.data import count_changes, day_ticks
from sensory_games.services.report.layout import (
    LEFT_IN,
    PT,
    TEXT_WIDTH_IN,
    axis_labels,
    chart,
    note,
    wrap,
)

#: The line joining a pair: solid when the child came out more settled, dashed when less,
#: dotted when the same (dashes in pt).
CHANGE_DASHES: dict[int, tuple[float, ...]] = {1: (), -1: (4.0, 2.0), 0: (1.0, 1.5)}


def check_in_chart(
    page: Page,
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
    note(page, top_in, title, said, size=11, bold=True)
    if not pairs:
        note(page, top_in + 0.35, said.tr("No before/after check-ins in this period."), said)
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
    note(page, top_in + 0.3, "\n".join(lines), said)
    drawn = chart(
        page,
        top_in + 0.75,
        height_in - 1.45,
        left_in=LEFT_IN + 0.55,
        width_in=TEXT_WIDTH_IN - 0.55,
        x_limits=(0.4, len(shown) + 0.6),
        y_limits=(0.5, len(scale.points) + 0.5),
    )
    feelings = [f"{said.tr(f.words)} ({f.value})" for f in scale.points]
    drawn.y_ticks([f.value for f in scale.points], feelings, size_pt=8)
    ticks = day_ticks([p.asked_at for p in shown], tz, language=said.language)
    drawn.x_ticks([t for t, _ in ticks], [label for _, label in ticks], size_pt=8)
    half = 0.25  # before and after sit this far left and right of the pair's place
    for sign, dash in CHANGE_DASHES.items():
        xs: list[float] = []
        ys: list[float] = []
        for x, pair in enumerate(shown, start=1):
            if pair.change is not None and (pair.change > 0) - (pair.change < 0) == sign:
                xs += [x - half, x + half, math.nan]
                ys += [pair.before, pair.after, math.nan]  # type: ignore[list-item]
        if xs:
            drawn.plot(xs, ys, 1.1, 0.0, dash)
    for marker, by_session in (("o", False), ("D", True)):
        for side, offset, face in (("before", -half, 1.0), ("after", half, 0.0)):
            points = [
                (x + offset, getattr(pair, side))
                for x, pair in enumerate(shown, start=1)
                if (pair.attempt_id is None) == by_session and getattr(pair, side) is not None
            ]
            if points:
                xs, ys = (list(v) for v in zip(*points, strict=True))
                drawn.scatter(xs, ys, marker, 6.0, face, 0.0, label=side, width_pt=0.8)
    drawn.frame()
    axis_labels(
        drawn,
        said.tr("check-in pairs in order (date: the first pair of each day)"),
        said.tr("{scale} scale", scale=said.tr(scale.title)),
    )
    legend = [
        (said.tr("before"), Look("o", 1.0, 0.0)),
        (said.tr("after"), Look("o", 0.0, 0.0)),
        (said.tr("more settled"), Look(line=0.0, dash=CHANGE_DASHES[1])),
        (said.tr("less settled"), Look(line=0.0, dash=CHANGE_DASHES[-1])),
        (said.tr("same"), Look(line=0.0, dash=CHANGE_DASHES[0])),
    ]
    if any(pair.attempt_id is None for pair in shown):
        legend.insert(2, (said.tr("session start / end"), Look("D", 1.0, 0.0)))
    rtl = said.right_to_left
    legend_y = drawn.y_pt - 0.65 * PT  # (under the axis's words)
    start_x = drawn.x_pt + drawn.width_pt if rtl else drawn.x_pt
    drawn.legend(legend, start_x, legend_y, at_right=rtl, right_to_left=rtl)
