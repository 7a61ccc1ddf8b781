"""How a simulated child moves a finger along a path: the plan the tracing and mirror bots
play out as finger events (pure numpy, no pygame; seeded, so the same seed moves the same
way).

- **Speed profile.** Each stroke is a minimum-jerk movement (Flash & Hogan 1985): the
  distance along the path goes as 10 s^3 - 15 s^4 + 6 s^5 of the time share s, a single
  bell of speed that starts and ends at rest. The mean speed rises with skill
  (:data:`SLOW_MM_S` at skill 0 to :data:`FAST_MM_S` at skill 1, +-15 % per stroke).
- **Corners.** Where the path turns by more than :data:`CORNER_DEG` the finger comes to a
  stop and starts a new minimum-jerk movement (the sides of a square are four).
- **Hesitations.** A less skilled child now and then slows almost to a stop mid-stroke
  and speeds up again (up to :data:`MAX_HESITATIONS` a movement, each a dip of 60-90 % of
  the speed lasting about 0.2-0.4 s); the stroke takes longer by what was lost.
- **Jitter.** The finger wanders off the line by correlated noise (Gaussian noise
  smoothed over :data:`JITTER_SMOOTHING_S`), a few tenths of a mm at skill 1, about a mm
  at skill 0, on top of a slow drift to one side of the line that the bot chooses.
- **Lifts.** At low skill a long stroke is now and then interrupted: the finger lifts,
  stays in the air 0.2-0.6 s, and comes down a few mm behind where it lifted.
- **Reaction time.** Before each stroke the child waits 0.25-0.5 s, longer with less
  skill (:func:`reaction_s`).
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import numpy as np

from sensory_games.domain.geometry import cumulative_length

#: Mean stroke speed (mm/s) at skill 0 and skill 1: children of 4-7 trace at about this.
SLOW_MM_S = 25.0
FAST_MM_S = 80.0
#: The most hesitations in one stroke (at skill 0).
MAX_HESITATIONS = 2
#: The jitter's smoothing (s, Gaussian sigma): its wander is correlated over this time.
JITTER_SMOOTHING_S = 0.08
#: A turn of the path sharper than this (degrees) is a corner: the finger stops there.
CORNER_DEG = 45.0
#: Sampling rate (Hz) of a planned touch, as a touchscreen reports.
SAMPLE_HZ = 60.0


@dataclass(frozen=True)
class Touch:
    """One planned contact: sample times (s from the stroke's start) and positions (mm)."""

    times: np.ndarray
    points: np.ndarray


def reaction_s(skill: float, rng: random.Random) -> float:
    """The pause (s) before a stroke begins: 0.25-0.5 s, half as long again at skill 0."""
    return rng.uniform(0.25, 0.5) * (1.5 - 0.5 * skill)


def progress_profile(
    duration_s: float, hesitations: list[tuple[float, float, float]]
) -> tuple[np.ndarray, np.ndarray]:
    """(times s, share of the path 0..1) of a minimum-jerk stroke of `duration_s` with
    `hesitations` (time share 0..1, depth 0..1, width s) slowing it: the speed profile
    times 1 - depth * exp(-((t - centre) / width)^2), integrated and stretched so that the
    stroke takes longer by what the dips lost, sampled at SAMPLE_HZ."""
    fine = np.linspace(0.0, 1.0, 801)
    speed = 30 * fine**2 - 60 * fine**3 + 30 * fine**4  # d/ds of 10 s^3 - 15 s^4 + 6 s^5
    factor = np.ones_like(fine)
    for centre, depth, width_s in hesitations:
        factor *= 1 - depth * np.exp(-(((fine - centre) * duration_s / width_s) ** 2))
    slowed = speed * factor
    share = np.concatenate(([0.0], np.cumsum((slowed[1:] + slowed[:-1]) / 2)))
    share /= share[-1]
    total_s = duration_s / float(np.mean(factor))
    times = np.arange(0.0, total_s, 1.0 / SAMPLE_HZ)
    times = np.append(times, total_s)
    return times, np.interp(times / total_s, fine, share)


def correlated_jitter(count: int, sigma_mm: float, rng: np.random.Generator) -> np.ndarray:
    """(count, 2) offsets (mm): Gaussian noise at SAMPLE_HZ smoothed with a Gaussian of
    JITTER_SMOOTHING_S, rescaled to a standard deviation of `sigma_mm` per axis."""
    spread = JITTER_SMOOTHING_S * SAMPLE_HZ
    half = math.ceil(3 * spread)
    kernel = np.exp(-0.5 * (np.arange(-half, half + 1) / spread) ** 2)
    raw = rng.normal(size=(count + 2 * half, 2))
    smooth = np.column_stack([np.convolve(raw[:, k], kernel, mode="valid") for k in (0, 1)])
    return smooth / max(float(smooth.std()), 1e-9) * sigma_mm


def corner_arcs(path: np.ndarray, arc: np.ndarray) -> np.ndarray:
    """Arc positions (mm) of the vertices where `path` turns by more than CORNER_DEG: a
    child slows to a stop there and starts a new movement."""
    steps = np.diff(path, axis=0)
    keep = np.hypot(steps[:, 0], steps[:, 1]) > 1e-9
    heading = np.arctan2(steps[:, 1], steps[:, 0])
    turn = np.abs((np.diff(heading) + np.pi) % (2 * np.pi) - np.pi)
    inner = np.nonzero((turn > math.radians(CORNER_DEG)) & keep[1:] & keep[:-1])[0] + 1
    return arc[inner]


def _movement(
    corners: np.ndarray, first_mm: float, last_mm: float, speed: float, clumsy: float,
    rng: random.Random,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(times s from 0, arc positions mm) of one contact from `first_mm` to `last_mm`
    along the path: a minimum-jerk movement from corner to corner at a mean of `speed`
    mm/s, each perhaps with hesitations."""
    ends = [first_mm, *(c for c in corners.tolist() if first_mm < c < last_mm), last_mm]
    times, along = [np.zeros(1)], [np.array([first_mm])]
    for a, b in itertools.pairwise(ends):
        hesitations = [
            (rng.uniform(0.3, 0.7), rng.uniform(0.6, 0.9), rng.uniform(0.1, 0.2))
            for _ in range(MAX_HESITATIONS)
            if b - a > 15 and rng.random() < 0.5 * clumsy
        ]
        piece_t, share = progress_profile(max(0.2, (b - a) / speed), hesitations)
        times.append(piece_t[1:] + times[-1][-1])
        along.append(a + share[1:] * (b - a))
    return np.concatenate(times), np.concatenate(along)


def plan_stroke(
    path: np.ndarray,
    skill: float,
    rng: random.Random,
    drift_mm: float = 0.0,
    wobble_mm: float = 0.0,
) -> list[Touch]:
    """The contacts (usually one) a child of `skill` makes to trace `path` (mm): off the
    line by a steady `drift_mm` to the left of the direction of travel (negative: to the
    right), a slow wobble of about `wobble_mm` (two sines over 50-200 mm of path) and the
    correlated jitter. A lift part way (at low skill) comes back down 3-5 mm behind after
    0.2-0.6 s in the air. Times run from the first finger-down."""
    if len(path) == 1:
        path = np.vstack((path, path))
    arc = cumulative_length(path)
    length = float(arc[-1])
    clumsy = 1.0 - skill
    speed = (SLOW_MM_S + (FAST_MM_S - SLOW_MM_S) * skill) * rng.uniform(0.85, 1.15)
    spans, air_s = [(0.0, length)], 0.0
    if length > 20 and rng.random() < 0.5 * clumsy:
        lift = rng.uniform(0.3, 0.7) * length
        spans = [(0.0, lift), (lift - rng.uniform(3.0, 5.0), length)]
        air_s = rng.uniform(0.2, 0.6)
    corners = corner_arcs(path, arc)
    f1, f2, phase = rng.uniform(0.005, 0.01), rng.uniform(0.012, 0.02), rng.uniform(0, 6.3)
    noise = np.random.default_rng(rng.getrandbits(32))
    touches: list[Touch] = []
    begin = 0.0
    for first_mm, last_mm in spans:
        times, along = _movement(corners, first_mm, last_mm, speed, clumsy, rng)
        x, y = np.interp(along, arc, path[:, 0]), np.interp(along, arc, path[:, 1])
        ahead = np.minimum(along + 0.5, length)
        heading = np.column_stack(
            (np.interp(ahead, arc, path[:, 0]) - x, np.interp(ahead, arc, path[:, 1]) - y)
        )
        norm = np.maximum(np.hypot(heading[:, 0], heading[:, 1]), 1e-9)[:, None]
        normal = np.column_stack((-heading[:, 1], heading[:, 0])) / norm
        wobble = wobble_mm * (
            0.6 * np.sin(2 * np.pi * f1 * along + phase)
            + 0.4 * np.sin(2 * np.pi * f2 * along + 2 * phase)
        )
        points = np.column_stack((x, y)) + normal * (drift_mm + wobble)[:, None]
        points += correlated_jitter(len(times), 0.15 + 0.6 * clumsy, noise)
        touches.append(Touch(times + begin, points))
        begin += float(times[-1]) + air_s
    return touches
