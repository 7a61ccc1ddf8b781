"""How alike a copied drawing is to its model, whatever its place and size: the score of
copy mode (visual-motor integration: the child draws a shape beside its model, as in the
Beery VMI, instead of tracing over it).

The formula (docs/metrics.md, "shape_similarity"):

1. Model and drawing are each resampled to SAMPLES points evenly spaced by arc length,
   their strokes taken one after the other (the jumps between strokes do not count as
   length; a stroke of no length, a dot, is one point).
2. Each is moved to its centroid and scaled to an RMS radius of 1 (Kendall's shape
   space: translation and scale removed; Gower 1975, generalised Procrustes).
3. The drawing is turned by every angle from -MAX_TURN_DEG to +MAX_TURN_DEG in
   TURN_STEP_DEG steps; the turn that fits best is kept (a copy a little askew is still a
   copy; a "+" copied as an "x", 45 degrees, is not).
4. d = the modified Hausdorff distance (Dubuisson & Jain 1994) between the two point
   sets: the larger of the two mean nearest-point distances (model to drawing: what of
   the model was left out; drawing to model: what was drawn that is not in it), in RMS
   radii; similarity = max(0, 1 - d / D0).

Pure numpy; no screen, no units beyond those of the points given (mm on screen).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sensory_games.domain.geometry import cumulative_length

#: Points each shape is resampled to.
SAMPLES = 128
#: The largest turn (degrees) forgiven, either way, and the step the turns are tried at.
MAX_TURN_DEG = 20.0
TURN_STEP_DEG = 2.0
#: The distance d (RMS radii) at which similarity reaches 0: a square copied as a circle
#: (d = 0.10) scores 0.61, a "+" copied as an "x" (d = 0.37) and a scribble over the
#: model's box (d = 0.24) about 0, a square with a wobble of 4 % of its side 0.82.
D0 = 0.25


def resampled(strokes: Sequence[np.ndarray], samples: int = SAMPLES) -> np.ndarray:
    """`samples` points (n x 2) evenly spaced along the strokes, taken in order, by arc
    length; the jumps between strokes are not length. Empty strokes are skipped."""
    parts = [np.asarray(s, dtype=float).reshape(-1, 2) for s in strokes if len(s)]
    if not parts:
        raise ValueError("nothing drawn")
    arcs = [cumulative_length(p) for p in parts]
    lengths = [float(arc[-1]) for arc in arcs]
    total = sum(lengths)
    if total <= 0.0:
        return np.vstack([p[:1] for p in parts])
    out = []
    for part, arc, length in zip(parts, arcs, lengths, strict=True):
        if length <= 0.0:
            out.append(part[:1])
            continue
        count = max(2, round(samples * length / total))
        at = np.linspace(0.0, length, count)
        out.append(
            np.column_stack((np.interp(at, arc, part[:, 0]), np.interp(at, arc, part[:, 1])))
        )
    return np.vstack(out)


def normalised(points: np.ndarray) -> np.ndarray | None:
    """`points` moved to their centroid and scaled to an RMS radius of 1; None when they
    have no size (a single tap)."""
    centred: np.ndarray = points - points.mean(axis=0)
    radius = float(np.sqrt((centred**2).sum(axis=1).mean()))
    if radius < 1e-9:
        return None
    unit: np.ndarray = centred / radius
    return unit


def modified_hausdorff(a: np.ndarray, b: np.ndarray) -> float:
    """The larger of the mean nearest-point distances from `a` to `b` and from `b` to
    `a` (Dubuisson & Jain 1994)."""
    dx, dy = a[:, 0, None] - b[:, 0], a[:, 1, None] - b[:, 1]
    squared = dx * dx
    squared += dy * dy  # (the nearest found on squares: one root per point, not per pair)
    return float(max(np.sqrt(squared.min(axis=1)).mean(), np.sqrt(squared.min(axis=0)).mean()))


def aligned_distance(model: Sequence[np.ndarray], drawing: Sequence[np.ndarray]) -> float:
    """d: the modified Hausdorff distance (RMS radii) after removing place and size and the
    best turn within +-MAX_TURN_DEG; infinity when either has no size."""
    a = normalised(resampled(model))
    b = normalised(resampled(drawing))
    if a is None or b is None:
        return float("inf")
    best = float("inf")
    for degrees in np.arange(-MAX_TURN_DEG, MAX_TURN_DEG + 1e-9, TURN_STEP_DEG):
        turn = np.radians(degrees)
        c, s = np.cos(turn), np.sin(turn)
        turned = np.column_stack((b[:, 0] * c - b[:, 1] * s, b[:, 0] * s + b[:, 1] * c))
        best = min(best, modified_hausdorff(a, turned))
    return best


def shape_similarity(model: Sequence[np.ndarray], drawing: Sequence[np.ndarray]) -> float:
    """0..1: 1 for an exact copy at any place and size, 0 at a distance d of D0 or
    more (or for nothing drawn, or a drawing with no size)."""
    if not any(len(s) for s in drawing):
        return 0.0
    d = aligned_distance(model, drawing)
    return max(0.0, 1.0 - d / D0)
