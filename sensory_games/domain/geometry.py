"""Geometry shared by activities (millimetres throughout), built on numpy."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from functools import cached_property

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


def rects_overlap(a: RectMM, b: RectMM) -> bool:
    """Do two (x, y, w, h) rectangles overlap (touching edges do not)?"""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


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


# -- polylines (arrays of shape (n, 2), millimetres) -------------------------------------


def cumulative_length(points: np.ndarray) -> np.ndarray:
    """Arc length (mm) at each vertex of a polyline, starting at 0."""
    if len(points) < 2:
        return np.zeros(len(points))
    steps = np.hypot(*np.diff(points, axis=0).T)
    return np.concatenate(([0.0], np.cumsum(steps)))


def point_along(
    path: np.ndarray, arc: np.ndarray, along_mm: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The point `along_mm` along a polyline (clamped to its ends) and the unit normal
    (left of the direction of travel) there. `arc` is :func:`cumulative_length` of it."""
    along = min(max(along_mm, 0.0), float(arc[-1]))
    x = float(np.interp(along, arc, path[:, 0]))
    y = float(np.interp(along, arc, path[:, 1]))
    ahead = min(along + 0.5, float(arc[-1]))
    dx = float(np.interp(ahead, arc, path[:, 0])) - x
    dy = float(np.interp(ahead, arc, path[:, 1])) - y
    norm = math.hypot(dx, dy) or 1.0
    return (x, y), (-dy / norm, dx / norm)


def resample(points: np.ndarray, spacing_mm: float) -> np.ndarray:
    """Points every `spacing_mm` of arc length along a polyline (ends included), so that
    later measures weigh every millimetre the same whatever the drawing speed."""
    points = np.asarray(points, dtype=float)
    if len(points) < 2:
        return np.array(points)  # (a copy)
    arc = cumulative_length(points)
    total = arc[-1]
    if total == 0:
        return np.array(points[:1])
    count = max(2, int(np.ceil(total / spacing_mm)) + 1)
    where = np.linspace(0.0, total, count)
    return np.column_stack(
        (np.interp(where, arc, points[:, 0]), np.interp(where, arc, points[:, 1]))
    )


def passes(stroke: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """A polyline cut where it turns straight back along itself (by more than about 172
    degrees: the top of the line of a, n, u; not a zigzag's corner): each pass with the
    arc position (mm) of its start. Repeated points are skipped; a dot is one pass."""
    steps = np.diff(stroke, axis=0)
    lengths = np.hypot(steps[:, 0], steps[:, 1])
    real = np.nonzero(lengths > 1e-9)[0]
    units = steps[real] / lengths[real, None]
    turning = np.einsum("ij,ij->i", units[:-1], units[1:]) < -0.99
    bounds = [0, *(int(real[i]) + 1 for i in np.nonzero(turning)[0]), max(0, len(stroke) - 1)]
    arcs = cumulative_length(stroke)
    return [(stroke[a : b + 1], float(arcs[a])) for a, b in itertools.pairwise(bounds)]


def segment_distances(
    points: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distance (mm) from each point to the paired segment, and the position 0..1 of the
    closest point along it. All three arrays have the same length."""
    direction = ends - starts
    length_sq = np.einsum("ij,ij->i", direction, direction)
    offset = points - starts
    t = np.einsum("ij,ij->i", offset, direction) / np.where(length_sq > 0, length_sq, 1.0)
    t = np.clip(np.where(length_sq > 0, t, 0.0), 0.0, 1.0)
    gap = offset - t[:, None] * direction
    return np.hypot(gap[:, 0], gap[:, 1]), t


#: A query of this many (point, segment) pairs or fewer checks every segment at once: the
#: grid costs more than that to file and ask (a live trail's few points against a
#: square's sides: 40 against 140 us; a 2,000-point trace against them: 0.2 ms, where
#: filing the grid took 13 ms). A grid is filed only for a larger query.
SCAN_PAIRS = 32768


class SegmentIndex:
    """A uniform grid over line segments for exact nearest-segment queries.

    Every segment is filed under each grid cell that lies within `reach_mm` of it, so the
    single cell a point falls in lists every segment closer than `reach_mm`. A point with
    no segment that close asks a grid four times coarser (and, at the top, checks every
    segment), so answers are always exact while a query costs only the few segments near
    the point, not the whole path.
    """

    def __init__(
        self, starts: np.ndarray, ends: np.ndarray, cell_mm: float = 2.0, reach_mm: float = 3.0
    ) -> None:
        self.starts = np.asarray(starts, dtype=float).reshape(-1, 2)
        self.ends = np.asarray(ends, dtype=float).reshape(-1, 2)
        if len(self.starts) == 0:
            raise ValueError("a segment index needs at least one segment")
        self.cell_mm, self.reach_mm = cell_mm, reach_mm
        self._coarse: SegmentIndex | None = None
        self._ax, self._ay = self.starts[:, 0].copy(), self.starts[:, 1].copy()
        self._dx, self._dy = self.ends[:, 0] - self._ax, self.ends[:, 1] - self._ay
        length_sq = self._dx**2 + self._dy**2
        self._inv_length_sq = np.zeros_like(length_sq)
        np.divide(1.0, length_sq, out=self._inv_length_sq, where=length_sq > 1e-18)

    @cached_property
    def _grid(self) -> tuple[np.ndarray, tuple[int, int], np.ndarray, np.ndarray]:
        """The grid (its origin mm, shape in cells, each cell's segments and where each
        cell's list starts), filed when first asked: a query small enough to check every
        segment never needs it (filing a square's sides took 2-5 ms)."""
        cell_mm, reach_mm = self.cell_mm, self.reach_mm
        low = np.minimum(self.starts, self.ends) - reach_mm
        high = np.maximum(self.starts, self.ends) + reach_mm
        origin = low.min(axis=0)
        first = np.floor((low - origin) / cell_mm).astype(np.int64)
        last = np.floor((high - origin) / cell_mm).astype(np.int64)
        shape = (int(last[:, 0].max()) + 1, int(last[:, 1].max()) + 1)
        spans = last - first + 1
        cells, owners = [], []
        for dx in range(int(spans[:, 0].max())):
            for dy in range(int(spans[:, 1].max())):
                ids = np.nonzero((dx < spans[:, 0]) & (dy < spans[:, 1]))[0]
                cells.append((first[ids, 0] + dx) * shape[1] + first[ids, 1] + dy)
                owners.append(ids)
        cell_ids = np.concatenate(cells)
        order = np.argsort(cell_ids, kind="stable")
        bounds = np.searchsorted(cell_ids[order], np.arange(shape[0] * shape[1] + 1))
        return origin, shape, np.concatenate(owners)[order], bounds

    def pairs(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(point index, segment index) for every segment filed in each point's cell."""
        origin, shape, owners, bounds = self._grid
        cell = np.floor((points - origin) / self.cell_mm).astype(np.int64)
        inside = np.nonzero(
            (cell[:, 0] >= 0)
            & (cell[:, 1] >= 0)
            & (cell[:, 0] < shape[0])
            & (cell[:, 1] < shape[1])
        )[0]
        flat = cell[inside, 0] * shape[1] + cell[inside, 1]
        begin, counts = bounds[flat], bounds[flat + 1] - bounds[flat]
        total = int(counts.sum())
        q = np.repeat(inside, counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        return q, owners[np.repeat(begin, counts) + offsets]

    def _distances(
        self, px: np.ndarray, py: np.ndarray, s: np.ndarray | slice
    ) -> tuple[np.ndarray, np.ndarray]:
        ox, oy = px - self._ax[s], py - self._ay[s]
        dx, dy = self._dx[s], self._dy[s]
        t = (ox * dx + oy * dy) * self._inv_length_sq[s]
        np.clip(t, 0.0, 1.0, out=t)
        ox -= t * dx
        oy -= t * dy
        return np.sqrt(ox * ox + oy * oy), t

    def nearest(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each point (n, 2): distance (mm) to the nearest segment, that segment's
        index, and the position 0..1 of the closest point along it."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        count = len(points)
        if count * len(self.starts) <= SCAN_PAIRS:
            return self._scan(points)  # (few segments or points: the grid costs more)
        best = np.full(count, np.inf)
        best_segment = np.zeros(count, np.int64)
        best_t = np.zeros(count)
        q, s = self.pairs(points)
        if len(q):
            distance, t = self._distances(points[q, 0], points[q, 1], s)
            np.minimum.at(best, q, distance)
            winner = distance == best[q]
            best_segment[q[winner]] = s[winner]
            best_t[q[winner]] = t[winner]
        far = np.nonzero(best > self.reach_mm)[0]
        if len(far):  # nothing within reach: ask a coarser grid, or check everything
            if self.reach_mm < 100.0 and len(self.starts) > 32:
                if self._coarse is None:
                    self._coarse = SegmentIndex(
                        self.starts, self.ends, self.cell_mm * 4, self.reach_mm * 4
                    )
                found = self._coarse.nearest(points[far])
            else:
                found = self._scan(points[far])
            best[far], best_segment[far], best_t[far] = found
        return best, best_segment, best_t

    def _scan(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Exact nearest segment by checking every segment (few points, or few segments):
        :meth:`_distances` of a column of points against every segment, a row per point."""
        distance, t = self._distances(points[:, :1], points[:, 1:], slice(None))
        k = np.argmin(distance, axis=1)
        rows = np.arange(len(points))
        return distance[rows, k], k, t[rows, k]
