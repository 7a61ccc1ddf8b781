"""Geometry shared by activities (millimetres throughout), built on numpy."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

RectMM = tuple[float, float, float, float]  # x, y, width, height in mm


def distances_mm(points: np.ndarray, point: tuple[float, float]) -> np.ndarray:
    """Euclidean distance (mm) from each row of `points` (N x 2, mm) to `point`."""
    if len(points) == 0:
        return np.empty(0)
    return np.hypot(points[:, 0] - point[0], points[:, 1] - point[1])


def circle_hits_rect(centre: tuple[float, float], radius: float, rect: RectMM) -> bool:
    """True if a circle (mm) overlaps an axis-aligned rectangle (mm)."""
    x, y, w, h = rect
    nearest_x = min(max(centre[0], x), x + w)
    nearest_y = min(max(centre[1], y), y + h)
    return (centre[0] - nearest_x) ** 2 + (centre[1] - nearest_y) ** 2 < radius**2


def place_circle(
    rng: random.Random,
    area: RectMM,
    radius: float,
    others: Sequence[tuple[float, float, float]],
    reserved: Sequence[RectMM] = (),
    gap_mm: float = 4.0,
    tries: int = 60,
) -> tuple[float, float]:
    """A centre (mm) for a circle of `radius` inside `area` that avoids `others`
    (x, y, r circles) and `reserved` rectangles by at least `gap_mm`.

    Falls back to the candidate with the most room when nothing fits, so a crowded
    small screen still gets a target instead of an endless search.
    """
    x, y, w, h = area
    margin = radius + gap_mm
    low_x, high_x = x + margin, max(x + margin, x + w - margin)
    low_y, high_y = y + margin, max(y + margin, y + h - margin)
    best, best_room = (x + w / 2, y + h / 2), -np.inf
    for _ in range(tries):
        candidate = (rng.uniform(low_x, high_x), rng.uniform(low_y, high_y))
        if any(circle_hits_rect(candidate, radius + gap_mm, rect) for rect in reserved):
            continue
        room = min(
            (np.hypot(candidate[0] - ox, candidate[1] - oy) - r - radius for ox, oy, r in others),
            default=np.inf,
        )
        if room >= gap_mm:
            return candidate
        if room > best_room:
            best, best_room = candidate, room
    return best
