"""The glitter jar's physics and its settle detection (pure numpy, no drawing).

The jar is a box `width_mm` x `height_mm` (y grows downwards). Each flake sinks at its
own steady speed (the slowest takes `settle_s` to fall the whole height) and carries a
swirl velocity that a stir adds and water drag takes away again (time constant
:data:`DRAG_S`). A flake that reaches its place in the pile at the bottom rests there
until the next stir lifts it. The glitter is *settled* when at least
:data:`SETTLED_SHARE` of the flakes rest. Definitions in docs/metrics.md ("Calming").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Swirl fades with this time constant (s): a stir keeps moving for a couple of seconds.
DRAG_S = 1.2
#: The glitter counts as settled when this share of the flakes rests in the pile.
SETTLED_SHARE = 0.98
#: The pile at the bottom is this share of the jar's height.
PILE_SHARE = 0.1
#: How much swirl a stir gives a flake close to the finger, per mm/s of finger speed.
STIR_GAIN = 0.6
#: A stir reaches flakes this far (share of the jar's width) from the finger's path.
STIR_REACH = 0.35
#: Fastest swirl a stir or a shake can give (mm/s): a wild swipe is a big stir, not an
#: explosion.
MAX_SWIRL_MM_S = 220.0
#: A flake given less swirl than this (mm/s) stays where it is: a finger resting on the
#: screen with a tiny wobble stirs nothing.
MIN_SWIRL_MM_S = 15.0
#: A stir of a settled jar starts a settle period only if it sets at least this share of
#: the glitter floating (a few flakes nudged is not "stirred up").
PERIOD_MIN_SHARE = 0.1


@dataclass(frozen=True)
class SettlePeriod:
    """One stir-to-settled stretch: play time (s) of the last stir and of settling."""

    stirred_s: float
    settled_s: float

    @property
    def length_s(self) -> float:
        return self.settled_s - self.stirred_s


class Glitter:
    """`count` flakes in a jar of `width_mm` x `height_mm`; when every flake floats in
    the water, `settle_s` later they have all sunk. Seeded, so a replay moves every
    flake the same way. Each flake has a home in the pile (`home`, mm): where it is
    drawn when motion is off."""

    def __init__(
        self, count: int, width_mm: float, height_mm: float, settle_s: float, seed: int
    ) -> None:
        self.width_mm, self.height_mm = width_mm, height_mm
        self.rng = np.random.default_rng(seed)
        # Sinking speeds from the slowest (whole height in settle_s) to 1.8x as fast.
        self.sink_mm_s = height_mm / settle_s * self.rng.uniform(1.0, 1.8, count)
        self.home = np.column_stack(
            (
                self.rng.uniform(0, width_mm, count),
                height_mm - PILE_SHARE * height_mm * self.rng.random(count),
            )
        )  # (n, 2) mm: each flake's place in the pile
        self.position = self.home.copy()  # (n, 2) mm
        self.swirl = np.zeros((count, 2))  # mm/s
        self.resting = np.ones(count, dtype=bool)
        self.periods: list[SettlePeriod] = []
        self._period_start: float | None = None  # when the open settle period began

    @property
    def count(self) -> int:
        return len(self.sink_mm_s)

    @property
    def settled_share(self) -> float:
        return float(np.mean(self.resting)) if self.count else 1.0

    @property
    def settled(self) -> bool:
        return self.settled_share >= SETTLED_SHARE

    def fill(self, now_s: float) -> None:
        """Every flake afloat, spread through the whole jar, drifting gently: how the jar
        starts (before it is first drawn). A settle period begins."""
        n = self.count
        self.position = np.column_stack(
            (self.rng.uniform(0, self.width_mm, n), self.rng.uniform(0, self.height_mm, n))
        )
        self.swirl = self.rng.normal(0.0, 8.0, (n, 2))
        self.resting[:] = False
        self._period_start = now_s

    def shake(self, now_s: float, strength: float = 1.0) -> None:
        """Turn the jar over or shake it (a kiosk button): every flake is swept up from
        where it is, towards a height between near the lid and a third of the way up
        (`strength` 0..1 scales how far), with a little sideways swirl."""
        n = self.count
        target = self.rng.uniform(0.05, 0.7, n) * self.height_mm
        rise = np.maximum(self.position[:, 1] - target, 0.0) * strength / DRAG_S
        sideways = self.rng.normal(0.0, 0.25, n) * rise
        self._push(np.column_stack((sideways, -rise)), np.ones(n, dtype=bool), now_s)

    def stir(
        self,
        start_mm: tuple[float, float],
        end_mm: tuple[float, float],
        duration_s: float,
        now_s: float,
    ) -> int:
        """A finger moved from `start_mm` to `end_mm` (jar coordinates) in `duration_s`:
        flakes near its path swirl along with it and up. Returns how many were moved."""
        a, b = np.asarray(start_mm, float), np.asarray(end_mm, float)
        step = b - a
        length = float(np.hypot(*step))
        if length < 1e-6:
            return 0
        # distance of every flake from the finger's path segment
        along = np.clip(((self.position - a) @ step) / (length * length), 0.0, 1.0)
        nearest = a + along[:, None] * step
        distance = np.hypot(*(self.position - nearest).T)
        weight = np.clip(1.0 - distance / (STIR_REACH * self.width_mm), 0.0, 1.0)
        finger_speed = length / max(duration_s, 1 / 120)
        push = step / length * min(finger_speed * STIR_GAIN, MAX_SWIRL_MM_S)
        strength = float(np.linalg.norm(push))
        scatter = self.rng.normal(0.0, 0.35, (self.count, 2)) * strength
        lift = np.array([0.0, -0.5]) * strength
        given = weight[:, None] * (push + scatter + lift)
        moved = np.hypot(*given.T) >= MIN_SWIRL_MM_S
        return self._push(given, moved, now_s)

    def _push(self, swirl: np.ndarray, moved: np.ndarray, now_s: float) -> int:
        """Add `swirl` (mm/s) to the `moved` flakes; open or restart the settle period."""
        if not moved.any():
            return 0
        was_settled = self.settled
        self.swirl[moved] += swirl[moved]
        speed = np.hypot(*self.swirl.T)
        too_fast = speed > MAX_SWIRL_MM_S
        self.swirl[too_fast] *= (MAX_SWIRL_MM_S / speed[too_fast])[:, None]
        self.resting &= ~moved
        if not was_settled or np.mean(moved) >= PERIOD_MIN_SHARE:
            self._period_start = now_s  # stirred up: settling starts (again) from now
        return int(moved.sum())

    def rescale(self, width_mm: float, height_mm: float) -> None:
        """The jar changed size (the window did): everything keeps its place in it."""
        scale = np.array([width_mm / self.width_mm, height_mm / self.height_mm])
        self.position *= scale
        self.home *= scale
        self.swirl *= scale
        self.sink_mm_s *= scale[1]
        self.width_mm, self.height_mm = width_mm, height_mm

    def step(self, dt: float, now_s: float) -> None:
        """Advance `dt` seconds; `now_s` (play time) marks when the glitter settles."""
        moving = ~self.resting
        if moving.any():
            velocity = self.swirl[moving] + np.column_stack(
                (np.zeros(int(moving.sum())), self.sink_mm_s[moving])
            )
            position = self.position[moving] + velocity * dt
            swirl = self.swirl[moving] * np.exp(-dt / DRAG_S)
            # the walls and the lid turn a flake back, a little slower
            for axis, top in ((0, self.width_mm), (1, self.height_mm)):
                low, high = position[:, axis] < 0, position[:, axis] > top
                position[low, axis] = -position[low, axis]
                position[high, axis] = 2 * top - position[high, axis]
                swirl[low | high, axis] *= -0.5
            position = np.clip(position, 0.0, (self.width_mm, self.height_mm))
            rest_y = self.home[moving, 1]
            # a flake rests when it reaches its depth in the pile while sinking
            landed = (position[:, 1] >= rest_y) & (velocity[:, 1] >= 0)
            position[landed, 1] = rest_y[landed]
            swirl[landed] = 0.0
            self.position[moving] = position
            self.swirl[moving] = swirl
            self.resting[np.flatnonzero(moving)[landed]] = True
        if self._period_start is not None and self.settled:
            self.periods.append(SettlePeriod(self._period_start, now_s))
            self._period_start = None
