"""Fluency of one contact (finger down to up): its speed profile, cut into strokes, and the
number of changes in velocity (NCV) of each stroke.

Pure numpy, no pygame, no scipy. The steps, each with its constant (docs/metrics.md,
"Tracing", says the same for the therapist):

1. **Resample in time.** A touchscreen reports samples unevenly (every 8-17 ms, a gap when
   a frame is late), so the positions are interpolated linearly onto a fixed clock of
   :data:`RATE_HZ`.
2. **Low-pass filter the position.** A 2nd-order Butterworth filter with its cut-off at
   :data:`CUTOFF_HZ`, run forwards and then backwards (zero lag; together a 4th-order
   response, -6 dB at the cut-off). A child's tracing movements lie below about 4 Hz
   (a 20 mm stroke in 0.4 s keeps its single bell); above it is mostly the sensor's and
   the finger's jitter, which differentiation turns into large false changes of speed
   (Mergl et al. 1999 filter before they differentiate for the same reason). At 5 Hz a
   smooth 90 mm / 4 s stroke with 0.3 mm of noise on every 60 Hz sample sometimes
   scored more than 1; at 4 Hz it did not in 100 seeds. The ends are padded with
   :data:`PAD_S` of point-reflected signal so the filter starts and ends settled.
3. **Speed** (mm/s) is the length of the central-difference velocity of the filtered
   position.
4. **Strokes.** As CSWin does (Marquardt & Mai 1994; Mergl et al. 1999) a stroke ends
   where the vertical velocity changes sign: the pen turns from going down to going up or
   back. A turn counts only when the vertical velocity has gone past
   +-:data:`VERTICAL_TURN_MM_S` (or :data:`VERTICAL_TURN_SHARE` of the contact's peak
   speed, if more) on both sides (so jitter on a level line is not a turn); the cut is
   put where the vertical velocity is closest to 0 between the two. A stroke also ends
   where the finger comes to a stop (speed below :data:`STOP_SHARE` of the contact's
   peak speed; a turn with a stop in it is cut by the stop alone): the corners of a
   square are four strokes, as a child draws them, not one stroke with three
   hesitations. Pieces shorter than :data:`MIN_STROKE_S` or :data:`MIN_STROKE_MM` are not
   strokes (a finger resting and trembling) and are left out. The last piece of a
   contact that ends with the finger still moving (the shape was finished under the
   finger and scoring stopped there) is kept: what it holds of the stroke is scored.
5. **NCV of a stroke** is the number of local extrema of its speed inside it (its ends,
   where it starts from and comes back to rest, are not extrema): a peak or dip counts
   once the speed has moved at least :data:`MIN_CHANGE_MM_S` or :data:`MIN_CHANGE_SHARE`
   of the stroke's peak speed (whichever is larger) from the previous extreme. So a single
   bell-shaped stroke (speeding up once, slowing down once) scores exactly 1, a stroke
   with one hesitation (slowing, then speeding up again) scores 3. A stroke has at least
   1: one that only speeds up or only slows down (half a circle drawn in one sweep, cut
   at its lowest point where the vertical velocity turns; the last piece of a contact cut
   off still moving) has no change in it and is as fluent as a bell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

#: The fixed clock (Hz) the samples are interpolated onto.
RATE_HZ = 200.0
#: The low-pass filter's cut-off (Hz): a 2nd-order Butterworth run forwards and backwards.
CUTOFF_HZ = 4.0
#: Length (s) of the point-reflected padding at each end while filtering.
PAD_S = 0.25
#: A vertical turn: vertical velocity beyond this (mm/s, or this share of the contact's
#: peak speed if larger) on both sides of the cut.
VERTICAL_TURN_MM_S = 5.0
VERTICAL_TURN_SHARE = 0.2
#: A stop: speed below this share of the contact's peak speed.
STOP_SHARE = 0.1
#: The least duration (s) and length (mm) of a stroke.
MIN_STROKE_S = 0.1
MIN_STROKE_MM = 2.0
#: A peak or dip counts once the speed has moved this far (mm/s, or this share of the
#: stroke's peak speed if larger) from the previous one.
MIN_CHANGE_MM_S = 5.0
MIN_CHANGE_SHARE = 0.25


def butterworth_coefficients(cutoff_hz: float, rate_hz: float) -> tuple[np.ndarray, np.ndarray]:
    """(b, a) of a 2nd-order low-pass Butterworth filter (bilinear transform with the
    cut-off pre-warped; a[0] = 1); its gain at 0 Hz is exactly 1."""
    k = math.tan(math.pi * cutoff_hz / rate_hz)
    norm = 1.0 + math.sqrt(2.0) * k + k * k
    b0 = k * k / norm
    b = np.array([b0, 2 * b0, b0])
    a = np.array([1.0, 2 * (k * k - 1) / norm, (1 - math.sqrt(2.0) * k + k * k) / norm])
    return b, a


#: Samples the filter works through at once (see _filter_once).
FILTER_BLOCK = 64


def _filter_once(values: np.ndarray, b: np.ndarray, a: np.ndarray) -> np.ndarray:
    """One pass of the filter, its state settled on the first value (as if the signal
    had stood there for ever).

    The filter, in direct form II transposed, is y[n] = b0 x[n] + z1, with its state
    (z1, z2) moving on as s[n] = M s[n-1] + v x[n] (M = [[-a1, 1], [-a2, 0]],
    v = (b1 - a1 b0, b2 - a2 b0)). Worked out FILTER_BLOCK samples at a time: inside a
    block the output is the samples' own response (a matrix product, every block at
    once) plus the response to the state the block starts in; only that state is carried
    from block to block one by one. The same sums as a sample-by-sample loop, grouped
    differently: they agree within about 2e-12 mm at RATE_HZ and CUTOFF_HZ (a few parts
    in 1e14 of a position; a loop in Python took 5 ms of a frame for a long trace)."""
    b0, b1, b2 = (float(v) for v in b)
    _, a1, a2 = (float(v) for v in a)
    length = FILTER_BLOCK
    own, from_state, to_end, whole_step = _block_matrices(b0, b1, b2, a1, a2)
    count = len(values)
    blocks = -(-count // length)
    padded = np.zeros(blocks * length)
    padded[:count] = values
    x = padded.reshape(blocks, length)
    first = float(values[0])
    z2 = (b2 - a2) * first
    state = ((b1 - a1) * first + z2, z2)
    carried = x @ to_end  # (blocks, 2): each block's end state from its own samples
    (m11, m12), (m21, m22) = whole_step
    starts = np.empty((blocks, 2))
    for block, (e1, e2) in enumerate(carried.tolist()):
        starts[block] = state
        state = (m11 * state[0] + m12 * state[1] + e1, m21 * state[0] + m22 * state[1] + e2)
    out: np.ndarray = (x @ own.T + starts @ from_state.T).reshape(-1)
    return out[:count]


@lru_cache(maxsize=4)
def _block_matrices(
    b0: float, b1: float, b2: float, a1: float, a2: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[tuple[float, ...], ...]]:
    """For _filter_once, per filter: how a block's samples move its outputs (own[k, j]),
    how the state it starts in does (one row per output), how its samples make its end
    state (one row per sample), and M^FILTER_BLOCK (the state carried over a block)."""
    length = FILTER_BLOCK
    step = np.array([[-a1, 1.0], [-a2, 0.0]])
    drive = np.array([b1 - a1 * b0, b2 - a2 * b0])
    powers = [np.eye(2)]  # M^k, k = 0..length
    for _ in range(length):
        powers.append(step @ powers[-1])
    tail = np.array([powers[m] @ drive for m in range(length)])  # M^m v
    own = np.diag(np.full(length, b0))  # own[k, j]: how sample j moves output k
    for k in range(1, length):
        own[k, :k] = tail[k - 1 :: -1, 0]  # e1 M^(k-1-j) v
    from_state = np.array([powers[k][0] for k in range(length)])  # e1 M^k
    whole_step = tuple(tuple(row) for row in powers[length].tolist())
    return own, from_state, tail[::-1], whole_step  # (tail reversed: M^(length-1-j) v)


def zero_lag_lowpass(values: np.ndarray, rate_hz: float, cutoff_hz: float) -> np.ndarray:
    """`values` (sampled at `rate_hz`) low-pass filtered forwards and backwards, so
    nothing is delayed; the ends are padded with PAD_S of point-reflected signal."""
    b, a = butterworth_coefficients(cutoff_hz, rate_hz)
    pad = min(len(values) - 1, round(PAD_S * rate_hz))
    first, last = values[0], values[-1]
    padded = np.concatenate(
        (2 * first - values[pad:0:-1], values, 2 * last - values[-2 : -pad - 2 : -1])
    )
    forwards = _filter_once(padded, b, a)
    both = _filter_once(forwards[::-1], b, a)[::-1]
    return both[pad : pad + len(values)]


def filtered_motion(
    t: np.ndarray, points: np.ndarray, rate_hz: float = RATE_HZ
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The contact on a fixed clock: (filtered positions (n, 2) mm, speed mm/s, vertical
    velocity mm/s), or None when it lasts less than MIN_STROKE_S."""
    t = np.asarray(t, float)
    if len(t) < 2 or t[-1] - t[0] < MIN_STROKE_S:
        return None
    times = np.arange(t[0], t[-1] + 0.5 / rate_hz, 1.0 / rate_hz)
    x = zero_lag_lowpass(np.interp(times, t, points[:, 0]), rate_hz, CUTOFF_HZ)
    y = zero_lag_lowpass(np.interp(times, t, points[:, 1]), rate_hz, CUTOFF_HZ)
    vx, vy = np.gradient(x) * rate_hz, np.gradient(y) * rate_hz
    return np.column_stack((x, y)), np.hypot(vx, vy), vy


def stroke_bounds(
    positions: np.ndarray, speed: np.ndarray, vertical: np.ndarray, rate_hz: float = RATE_HZ
) -> list[tuple[int, int]]:
    """The strokes of one filtered contact, as (first, end) sample ranges: cut where the
    finger stops and at each vertical turn, pieces too short or too brief left out."""
    peak = float(speed.max())
    moving = speed >= STOP_SHARE * peak
    turn = max(VERTICAL_TURN_MM_S, VERTICAL_TURN_SHARE * peak)
    side = np.where(vertical >= turn, 1, np.where(vertical <= -turn, -1, 0))
    cuts: set[int] = set()
    beyond = np.nonzero(side)[0]
    turns = beyond[1:][side[beyond[1:]] != side[beyond[:-1]]]
    for after in turns.tolist():
        before = int(beyond[np.searchsorted(beyond, after) - 1])
        if moving[before : after + 1].all():  # no stop between: cut where vy crosses 0
            cuts.add(before + int(np.argmin(np.abs(vertical[before : after + 1]))))
    bounds: list[tuple[int, int]] = []
    edges = np.diff(np.concatenate(([0], moving.astype(np.int8), [0])))
    for first, end in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True):
        inner = sorted(c for c in cuts if first < c < end)
        for a, b in zip([int(first), *inner], [*inner, int(end)], strict=True):
            steps = np.diff(positions[a:b], axis=0)
            length = float(np.hypot(steps[:, 0], steps[:, 1]).sum()) if b - a > 1 else 0.0
            if (b - a) / rate_hz >= MIN_STROKE_S and length >= MIN_STROKE_MM:
                bounds.append((a, b))
    return bounds


def count_turns(speed: np.ndarray) -> int:
    """Peaks and dips of one stroke's speed profile, its ends not counted: a turn counts
    once the speed has moved MIN_CHANGE_MM_S (or MIN_CHANGE_SHARE of its peak, if more)
    from the last extreme. A single bell scores 1."""
    if len(speed) < 2:
        return 0
    least = max(MIN_CHANGE_MM_S, MIN_CHANGE_SHARE * float(speed.max()))
    turns, heading, extreme = 0, 0, float(speed[0])  # heading: +1 rising, -1 falling
    for value in speed.tolist():
        if heading == 0:
            if abs(value - extreme) >= least:
                heading, extreme = (1 if value > extreme else -1), value
        elif (value - extreme) * heading > 0:  # still going the same way
            extreme = value
        elif abs(value - extreme) >= least:  # turned by enough
            turns, heading, extreme = turns + 1, -heading, value
    return turns


def stroke_velocity_changes(t: Sequence[float] | np.ndarray, points: np.ndarray) -> list[int]:
    """The NCV of every stroke of one contact (times s, positions (n, 2) mm), in order;
    empty when the contact is too brief or too short to hold a stroke."""
    motion = filtered_motion(np.asarray(t, float), np.asarray(points, float))
    if motion is None:
        return []
    positions, speed, vertical = motion
    return [max(1, count_turns(speed[a:b])) for a, b in stroke_bounds(positions, speed, vertical)]


def touch_timing(spans: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(drawing time, in-air time) in s of a shape's contacts, each a (down, up) clock time
    (s): the time some finger was on the glass, and the summed gaps between a lift and
    the next finger-down (two fingers down at once leave no gap). The time before the
    first contact and after the last one is neither."""
    drawing = in_air = 0.0
    reached: float | None = None
    for start, end in sorted(spans):
        if reached is not None and start <= reached:  # overlapping another finger
            drawing += max(0.0, end - reached)
            reached = max(reached, end)
            continue
        if reached is not None:
            in_air += start - reached
        drawing += end - start
        reached = end
    return drawing, in_air
