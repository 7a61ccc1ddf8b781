"""Scoring a traced path against a target path (tracing, mirror drawing).

Pure numpy functions, no pygame. Every measure is defined in docs/metrics.md:

- the child's contact path is resampled by arc length (every :data:`RESAMPLE_MM`) so
  that slow and fast tracing weigh each millimetre the same;
- *accuracy* is the share of those points within the tolerance band of the target;
- *coverage* is the share of the target's length that came within tolerance of the
  contact path (per stroke and overall);
- *deviation* is the distance of the contact path from the target: mean, RMS, max (mm);
- *extra lifts* (finger-downs beyond the strokes the shape needs) and *in-air time* (s),
  *stroke order errors*, *direction errors*, *speed* (mm/s), *drawing time* (s), *NCV*
  (number of changes in velocity per stroke, from
  :mod:`sensory_games.domain.handwriting_kinematics`) and *path length* (mm).

:class:`LiveCoverage` keeps coverage up to date sample by sample during play at a cost
bounded by the new segment's length, never by the length of the trail so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from sensory_games.domain.geometry import SegmentIndex, cumulative_length, passes, resample
from sensory_games.domain.handwriting_kinematics import stroke_velocity_changes, touch_timing

#: Spacing (mm) of the arc-length resampling of both trace and target.
RESAMPLE_MM = 1.0
#: A contact must run at least this far (mm) along a stroke for its direction to count.
DIRECTION_MIN_MM = 5.0


@dataclass(frozen=True)
class TargetPath:
    """The strokes to trace, in order and direction (each an (n, 2) array in mm; a single
    point is a dot to touch), the half-width of the tolerance band (mm), and the strokes
    that may be traced either way with no direction error (a left-hander's crossbars)."""

    strokes: tuple[np.ndarray, ...]
    tolerance_mm: float
    either_direction: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not self.strokes:
            raise ValueError("a target needs at least one stroke")
        if self.tolerance_mm <= 0:
            raise ValueError("the tolerance band must be wider than 0 mm")

    @cached_property
    def lengths_mm(self) -> np.ndarray:
        return np.array([arc[-1] for arc in self.stroke_arcs])

    @cached_property
    def stroke_arcs(self) -> tuple[np.ndarray, ...]:
        """Arc length (mm) at each vertex of each stroke."""
        return tuple(cumulative_length(s) for s in self.strokes)

    def point_at(self, stroke: int, arc_mm: float) -> np.ndarray:
        """The point `arc_mm` along stroke `stroke` (clamped to its ends)."""
        points, arc = self.strokes[stroke], self.stroke_arcs[stroke]
        if len(points) == 1:
            only: np.ndarray = points[0]
            return only
        return np.array(
            (np.interp(arc_mm, arc, points[:, 0]), np.interp(arc_mm, arc, points[:, 1]))
        )

    @cached_property
    def closed(self) -> tuple[bool, ...]:
        """Strokes that end where they start (circles, squares): direction wraps."""
        return tuple(bool(len(s) > 2 and np.hypot(*(s[0] - s[-1])) < 0.5) for s in self.strokes)

    @cached_property
    def _segments(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        starts, ends, stroke_of, arc_at = [], [], [], []
        for k, stroke in enumerate(self.strokes):
            points = stroke if len(stroke) > 1 else np.vstack((stroke, stroke))
            starts.append(points[:-1])
            ends.append(points[1:])
            stroke_of.append(np.full(len(points) - 1, k))
            arc_at.append(cumulative_length(points)[:-1])
        return (
            np.vstack(starts),
            np.vstack(ends),
            np.concatenate(stroke_of),
            np.concatenate(arc_at),
        )

    @cached_property
    def index(self) -> SegmentIndex:
        starts, ends, _, _ = self._segments
        return SegmentIndex(starts, ends, reach_mm=max(3.0, self.tolerance_mm))

    @cached_property
    def points(self) -> np.ndarray:
        """The target resampled every RESAMPLE_MM (coverage is counted on these)."""
        return np.vstack([resample(s, RESAMPLE_MM) for s in self.strokes])

    @cached_property
    def point_stroke(self) -> np.ndarray:
        """Which stroke each of :attr:`points` belongs to."""
        return np.concatenate(
            [np.full(len(resample(s, RESAMPLE_MM)), k) for k, s in enumerate(self.strokes)]
        )

    @cached_property
    def point_arc(self) -> np.ndarray:
        """Arc position (mm, along its stroke's polyline) of each of :attr:`points`:
        resampling puts them at equal steps of the polyline's own length."""
        return np.concatenate(
            [
                np.linspace(0.0, float(length), len(resample(s, RESAMPLE_MM)))
                for s, length in zip(self.strokes, self.lengths_mm, strict=True)
            ]
        )

    @cached_property
    def stroke_ranges(self) -> tuple[tuple[int, int], ...]:
        """(first, end) index into :attr:`points` of each stroke."""
        counts = np.bincount(self.point_stroke, minlength=len(self.strokes))
        ends = np.cumsum(counts)
        return tuple((int(e - c), int(e)) for c, e in zip(counts, ends, strict=True))

    @cached_property
    def _passes(self) -> tuple[tuple[tuple[TargetPath, float], ...], ...]:
        """Per stroke, each pass alone (geometry.passes), with its start's arc (mm)."""
        tol = self.tolerance_mm
        return tuple(tuple((TargetPath((p,), tol), a) for p, a in passes(s)) for s in self.strokes)

    @cached_property
    def _stroke_boxes(self) -> np.ndarray:
        """(low x, low y, high x, high y) of each stroke grown by the tolerance."""
        tol = self.tolerance_mm
        return np.array([[*(s.min(axis=0) - tol), *(s.max(axis=0) + tol)] for s in self.strokes])

    def covered_points(
        self,
        points: np.ndarray,
        strokes: set[int] | None = None,
        located: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Which target points lie within tolerance of the given trace points.

        A trace point at distance d from a stroke, closest at arc position s, covers that
        stroke from s - h to s + h, h = sqrt(tol^2 - d^2); when its closest point is the
        stroke's end, it covers back from the end by tol - d. Exact on straight parts
        (along the curve on curves). Every stroke, and pass, a point is near gets the
        credit, so what goes back along itself (u, n) is all covered. Only `strokes` count
        when given (stroke order enforced). `located` may pass :meth:`locate` of the
        same points, saving the work for a single-stroke target.
        """
        covered = np.zeros(len(self.points), bool)
        marks = np.zeros(len(self.points) + 1, np.int64)
        points = np.asarray(points, float).reshape(-1, 2)
        for k, (first, end) in enumerate(self.stroke_ranges):
            if strokes is not None and k not in strokes:
                continue
            box = self._stroke_boxes[k]
            near_box = np.nonzero(np.all((points >= box[:2]) & (points <= box[2:]), axis=1))[0]
            if not len(near_box):
                continue
            if len(self.strokes) == 1 and len(self._passes[k]) == 1:
                distance, _, arc = located if located is not None else self.locate(points)
                found = [(distance[near_box], arc[near_box])]
            else:  # each pass: a line traced up and back down is covered both ways
                located_passes = [(t.locate(points[near_box]), s) for t, s in self._passes[k]]
                found = [(distance, arc + start) for (distance, _, arc), start in located_passes]
            for distance, arc in found:
                near = distance <= self.tolerance_mm
                if not near.any():
                    continue
                length = float(self.lengths_mm[k])
                distance, arc = distance[near], arc[near]
                low, high = self._reach(k, points[near_box][near], distance, arc)
                if self.closed[k]:  # a loop: an interval past the end continues at the start
                    low = np.concatenate((low, low + length, low - length))
                    high = np.concatenate((high, high + length, high - length))
                arcs = self.point_arc[first:end]
                begin = first + np.searchsorted(arcs, low - 1e-9, side="left")
                stop = first + np.searchsorted(arcs, high + 1e-9, side="right")
                keep = stop > begin
                np.add.at(marks, begin[keep], 1)
                np.add.at(marks, stop[keep], -1)
        covered |= np.cumsum(marks[:-1]) > 0
        return covered

    def _reach(
        self, k: int, points: np.ndarray, distance: np.ndarray, arc: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The stretch of stroke k (arc positions, mm) within tolerance of each point.

        Along the stroke: s +- sqrt(tol^2 - d^2). Where a point's closest spot is an end
        of an open stroke, the end segment's own line gives the exact reach: a point level
        with the end or beyond it, at offset a along the line and p across it, reaches
        a + sqrt(tol^2 - p^2) into the stroke."""
        tol = self.tolerance_mm
        reach = np.sqrt(np.maximum(tol**2 - distance**2, 0.0))
        low, high = arc - reach, arc + reach
        length = float(self.lengths_mm[k])
        if self.closed[k] or length == 0:
            return low, high
        for end, (origin, inward) in enumerate(self._end_lines[k]):
            at_end = arc <= 1e-9 if end == 0 else arc >= length - 1e-9
            if not at_end.any():
                continue
            offset = points[at_end] - origin
            along = offset @ inward  # <= 0: level with the end or beyond it
            across = np.abs(offset[:, 0] * inward[1] - offset[:, 1] * inward[0])
            into = along + np.sqrt(np.maximum(tol**2 - across**2, 0.0))
            if end == 0:
                high[at_end] = into
            else:
                low[at_end] = length - into
        return low, high

    @cached_property
    def _end_lines(self) -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], ...]:
        """Per stroke: (end point, unit direction into the stroke) at its start and end."""
        lines = []
        for stroke in self.strokes:
            ends = []
            for tip, rest in ((stroke[0], stroke[1:]), (stroke[-1], stroke[-2::-1])):
                steps = rest - tip
                far = np.nonzero(np.hypot(steps[:, 0], steps[:, 1]) > 1e-9)[0]
                direction = steps[far[0]] if len(far) else np.array([1.0, 0.0])
                ends.append((tip, direction / max(float(np.hypot(*direction)), 1e-12)))
            lines.append(tuple(ends))
        return tuple(lines)

    def locate(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each point: distance to the target (mm), nearest stroke, arc position (mm)
        along that stroke of the closest point."""
        distance, segment, t = self.index.nearest(points)
        starts, ends, stroke_of, arc_at = self._segments
        length = np.hypot(*(ends[segment] - starts[segment]).T)
        return distance, stroke_of[segment], arc_at[segment] + t * length


@dataclass
class Contact:
    """One continuous touch (finger down to up): times (s) and positions (mm)."""

    t: list[float] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)

    def add(self, t: float, x: float, y: float) -> None:
        self.t.append(t)
        self.x.append(x)
        self.y.append(y)

    @property
    def points(self) -> np.ndarray:
        """(n, 2) positions in mm (built from the lists; take it once per use)."""
        return np.array((self.x, self.y), dtype=float).T if self.t else np.empty((0, 2))


#: The reported measures of a traced path and their units (docs/metrics.md, in one place).
MEASURE_UNITS: dict[str, str] = {
    "accuracy": "0..1",
    "coverage": "0..1",
    "deviation_mean_mm": "mm",
    "deviation_rms_mm": "mm",
    "deviation_max_mm": "mm",
    "path_length_mm": "mm",
    "extra_lifts": "count",
    "in_air_time_s": "s",
    "drawing_time_s": "s",
    "stroke_order_errors": "count",
    "direction_errors": "count",
    "speed_mean_mm_s": "mm/s",
    "ncv_per_stroke": "count",
}


@dataclass(frozen=True)
class TraceScore:
    """Every tracing measure of one attempt (units in the names; None = not measurable)."""

    accuracy: float | None
    coverage: float
    stroke_coverage: tuple[float, ...]
    deviation_mean_mm: float | None
    deviation_rms_mm: float | None
    deviation_max_mm: float | None
    path_length_mm: float
    contacts: int
    extra_lifts: int
    in_air_time_s: float
    stroke_order_errors: int
    direction_errors: int
    speed_mean_mm_s: float | None
    ncv_per_stroke: float | None
    resampled_points: int = 0
    contact_time_s: float = 0.0
    ncv_counts: tuple[int, ...] = ()
    drawing_time_s: float = 0.0

    def measures(self, *names: str) -> dict[str, tuple[float | None, str]]:
        """The reported measures as name -> (value, unit), all of them or just `names`."""
        return {name: (getattr(self, name), MEASURE_UNITS[name]) for name in names or MEASURE_UNITS}


def combine_scores(scores: Sequence[TraceScore], target_lengths_mm: Sequence[float]) -> TraceScore:
    """One score for several traced items (shapes, repetitions): point-weighted accuracy
    and deviation, length-weighted coverage, sums of counts, overall speed and NCV."""
    if not scores:
        raise ValueError("nothing to combine")
    points = np.array([s.resampled_points for s in scores], float)
    lengths = np.asarray(target_lengths_mm, float)
    drawn = points > 0

    def weighted(values: list[float | None]) -> float | None:
        if not drawn.any():
            return None
        return float(np.sum(np.array(values, float)[drawn] * points[drawn]) / points[drawn].sum())

    rms = weighted(
        [s.deviation_rms_mm**2 if s.deviation_rms_mm is not None else None for s in scores]
    )
    ncv = [n for s in scores for n in s.ncv_counts]
    time = sum(s.contact_time_s for s in scores)
    path = sum(s.path_length_mm for s in scores)
    return TraceScore(
        accuracy=weighted([s.accuracy for s in scores]),
        coverage=float(np.sum([s.coverage for s in scores] * lengths) / max(lengths.sum(), 1e-9)),
        stroke_coverage=tuple(c for s in scores for c in s.stroke_coverage),
        deviation_mean_mm=weighted([s.deviation_mean_mm for s in scores]),
        deviation_rms_mm=float(np.sqrt(rms)) if rms is not None else None,
        deviation_max_mm=max(
            (s.deviation_max_mm for s in scores if s.deviation_max_mm is not None), default=None
        ),
        path_length_mm=float(path),
        contacts=sum(s.contacts for s in scores),
        extra_lifts=sum(s.extra_lifts for s in scores),
        in_air_time_s=float(sum(s.in_air_time_s for s in scores)),
        stroke_order_errors=sum(s.stroke_order_errors for s in scores),
        direction_errors=sum(s.direction_errors for s in scores),
        speed_mean_mm_s=float(path / time) if time > 0 else None,
        ncv_per_stroke=float(np.mean(ncv)) if ncv else None,
        resampled_points=int(points.sum()),
        contact_time_s=float(time),
        ncv_counts=tuple(ncv),
        drawing_time_s=float(sum(s.drawing_time_s for s in scores)),
    )


def _stroke_order_errors(sequence: Sequence[int]) -> int:
    """Strokes begun out of the defined order: strokes first touched minus the longest
    run of them that is in order (longest increasing subsequence)."""
    first_seen: list[int] = []
    for stroke in sequence:
        if stroke not in first_seen:
            first_seen.append(stroke)
    tails: list[int] = []
    for value in first_seen:
        position = int(np.searchsorted(tails, value))
        if position == len(tails):
            tails.append(value)
        else:
            tails[position] = value
    return len(first_seen) - len(tails)


def score_trace(
    target: TargetPath, contacts: Sequence[Contact], ignored: Sequence[Contact] = ()
) -> TraceScore:
    """Score the child's contacts (in the order they were made) against the target.

    `ignored` are the shape's other contacts, left out of every measure of the path (a
    restart away from the start dot when the start is enforced): they still count as
    finger-downs for `extra_lifts` and in the drawing and in-air times."""
    drawn = [c for c in contacts if c.t]
    strokes_count = len(target.strokes)
    every = [*drawn, *(c for c in ignored if c.t)]
    extra_lifts = max(0, len(every) - strokes_count)
    drawing_time, in_air_time = touch_timing([(c.t[0], c.t[-1]) for c in every])
    if not drawn:
        return TraceScore(
            accuracy=None,
            coverage=0.0,
            stroke_coverage=(0.0,) * strokes_count,
            deviation_mean_mm=None,
            deviation_rms_mm=None,
            deviation_max_mm=None,
            path_length_mm=0.0,
            contacts=0,
            extra_lifts=extra_lifts,
            in_air_time_s=in_air_time,
            stroke_order_errors=0,
            direction_errors=0,
            speed_mean_mm_s=None,
            ncv_per_stroke=None,
            drawing_time_s=drawing_time,
        )
    raw = [c.points for c in drawn]
    resampled = [resample(points, RESAMPLE_MM) for points in raw]
    everything = np.vstack(resampled)
    distance, stroke, arc = target.locate(everything)
    inside = distance <= target.tolerance_mm

    covered = target.covered_points(everything, located=(distance, stroke, arc))
    per_stroke = tuple(
        float(covered[target.point_stroke == k].mean()) for k in range(strokes_count)
    )

    # which target stroke each contact traced, and in which direction
    sequence: list[int] = []
    direction_errors = 0
    offset = 0
    for points in resampled:
        part = slice(offset, offset + len(points))
        offset += len(points)
        mine = inside[part]
        if mine.sum() < max(1, len(points) // 2):
            continue  # mostly outside the band: not an attempt at any stroke
        k = int(np.bincount(stroke[part][mine]).argmax())
        sequence.append(k)
        along = arc[part][mine & (stroke[part] == k)]
        steps = np.diff(along)
        if target.closed[k]:
            length = target.lengths_mm[k]
            steps = (steps + length / 2) % length - length / 2
        progress = float(steps.sum())
        if progress <= -DIRECTION_MIN_MM and k not in target.either_direction:
            direction_errors += 1

    lengths = [float(cumulative_length(points)[-1]) for points in raw]
    durations = [c.t[-1] - c.t[0] for c in drawn]
    ncv = [
        n
        for c, p in zip(drawn, raw, strict=True)
        for n in stroke_velocity_changes(np.asarray(c.t), p)
    ]
    total_time = float(sum(durations))
    return TraceScore(
        accuracy=float(inside.mean()),
        coverage=float(covered.mean()),
        stroke_coverage=per_stroke,
        deviation_mean_mm=float(distance.mean()),
        deviation_rms_mm=float(np.sqrt(np.mean(distance**2))),
        deviation_max_mm=float(distance.max()),
        path_length_mm=float(sum(lengths)),
        contacts=len(drawn),
        extra_lifts=extra_lifts,
        in_air_time_s=in_air_time,
        stroke_order_errors=_stroke_order_errors(sequence),
        direction_errors=direction_errors,
        speed_mean_mm_s=float(sum(lengths) / total_time) if total_time > 0 else None,
        ncv_per_stroke=float(np.mean(ncv)) if ncv else None,
        resampled_points=len(everything),
        contact_time_s=total_time,
        ncv_counts=tuple(ncv),
        drawing_time_s=drawing_time,
    )


class LiveCoverage:
    """Coverage of each target stroke, updated as each new bit of trail arrives.

    Uses the same rule as :func:`score_trace` (:meth:`TargetPath.covered_points`) on the
    new segment only, so its cost depends on the new segment's length, never on the
    length of the trail so far.
    """

    def __init__(self, target: TargetPath) -> None:
        self.target = target
        self.covered = np.zeros(len(target.points), bool)
        self._counts = np.bincount(target.point_stroke, minlength=len(target.strokes))

    def add_segment(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        strokes: set[int] | None = None,
    ) -> np.ndarray:
        """Count the trail from `start` to `end` (mm); only towards `strokes` when given
        (stroke order enforced). Returns the distances (mm) of the new trail points."""
        a, b = np.asarray(start, float), np.asarray(end, float)
        steps = max(1, int(np.ceil(np.hypot(*(b - a)) / RESAMPLE_MM)))
        probes = a + (b - a) * np.linspace(0.0, 1.0, steps + 1)[:, None]
        located = self.target.locate(probes)
        self.covered |= self.target.covered_points(probes, strokes, located)
        return located[0]

    def reset_stroke(self, stroke: int) -> None:
        """Forget the coverage of one stroke (a lift when lifting is not allowed)."""
        first, end = self.target.stroke_ranges[stroke]
        self.covered[first:end] = False

    def stroke_coverage(self, stroke: int) -> float:
        first, end = self.target.stroke_ranges[stroke]
        return float(self.covered[first:end].mean()) if end > first else 1.0

    def coverage(self) -> float:
        return float(self.covered.mean())
