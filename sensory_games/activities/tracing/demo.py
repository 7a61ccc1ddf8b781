"""Tracing's demonstration: before a shape's first repetition a dot runs along each of its
strokes in writing order at DEMO_SPEED_MM_S, painting the stroke behind it, with a pause
of DEMO_PAUSE_S after each; a touch skips it (the level's `demonstration`, docs/config.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sensory_games.domain.path_scoring import TargetPath

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TraceItem

#: The demonstration dot's speed (mm/s) and its pause between strokes (s).
DEMO_SPEED_MM_S = 60.0
DEMO_PAUSE_S = 0.5


def demo_seconds(target: TargetPath) -> float:
    """How long (s) the demonstration of `target` lasts, pauses included."""
    return sum(float(length) / DEMO_SPEED_MM_S + DEMO_PAUSE_S for length in target.lengths_mm)


def shown_so_far(item: TraceItem, now: float) -> tuple[int, np.ndarray] | None:
    """The demonstration of `item` at clock time `now` (s): (stroke, its points in mm up
    to the dot), or None once it is over; painted under the dot, no flicker where a
    stroke goes back along itself (a, d, g)."""
    if now >= item.demo_until:
        return None
    elapsed = now - item.shown_at
    for k, length in enumerate(item.target.lengths_mm):
        span = float(length) / DEMO_SPEED_MM_S
        if elapsed <= span + DEMO_PAUSE_S:
            along = min(1.0, elapsed / max(span, 1e-6)) * float(length)
            arcs, stroke = item.target.stroke_arcs[k], item.strokes[k]
            head = item.target.point_at(k, along)
            return k, np.vstack((stroke[arcs < along], head[None, :]))
        elapsed -= span + DEMO_PAUSE_S
    return None
