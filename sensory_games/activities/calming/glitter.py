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
#: Fastest swirl a stir can give (mm/s): a wild swipe is a big stir, not an explosion.
MAX_SWIRL_MM_S = 220.0


@dataclass(frozen=True)
class SettlePeriod:
    """One stir-to-settled stretch: play time (s) of the last stir and of settling."""

    stirred_s: float
    settled_s: float

    @property
    def length_s(self) -> float:
        return self.settled_s - self.stirred_s


class Glitter:
    """`count` flakes in a jar of `width_mm` x `height_mm`; `settle_s` after a full stir
    they have sunk. Seeded, so a replay moves every flake the same way."""

    def __init__(
        self, count: int, width_mm: float, height_mm: float, settle_s: float, seed: int
    ) -> None:
        self.width_mm, self.height_mm = width_mm, height_mm
        self.rng = np.random.default_rng(seed)
        n = count
        # Sinking speeds from the slowest (whole height in settle_s) to 1.8x as fast.
        slowest = height_mm / settle_s
        self.sink_mm_s = slowest * self.rng.uniform(1.0, 1.8, n)
        self.rest_y = height_mm - PILE_SHARE * height_mm * self.rng.random(n)
        self.position = np.column_stack(
            (self.rng.uniform(0, width_mm, n), self.rest_y.copy())
        )  # (n, 2) mm
        self.swirl = np.zeros((n, 2))  # mm/s
        self.resting = np.ones(n, dtype=bool)
        self.periods: list[SettlePeriod] = []
        self.last_stir_s: float | None = None
        self._was_settled = True

    @property
    def count(self) -> int:
        return len(self.sink_mm_s)

    @property
    def settled_share(self) -> float:
        return float(np.mean(self.resting)) if self.count else 1.0

    @property
    def settled(self) -> bool:
        return self.settled_share >= SETTLED_SHARE

    def shake(self, now_s: float, strength: float = 1.0) -> None:
        """Stir the whole jar (the start, a kiosk button, a shake): every flake is thrown
        somewhere in the water with a random swirl of up to `strength` x the maximum."""
        n = self.count
        self.position = np.column_stack(
            (self.rng.uniform(0, self.width_mm, n), self.rng.uniform(0, self.height_mm, n))
        )
        angle = self.rng.uniform(0, 2 * np.pi, n)
        speed = self.rng.uniform(0.2, 0.6, n) * MAX_SWIRL_MM_S * strength
        self.swirl = np.column_stack((np.cos(angle), np.sin(angle))) * speed[:, None]
        self.resting[:] = False
        self._stirred(now_s)

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
        reach = STIR_REACH * self.width_mm
        weight = np.clip(1.0 - distance / reach, 0.0, 1.0)
        moved = weight > 0
        if not moved.any():
            return 0
        finger_speed = length / max(duration_s, 1 / 120)
        push = step / length * min(finger_speed * STIR_GAIN, MAX_SWIRL_MM_S)
        scatter = self.rng.normal(0.0, 0.35, (self.count, 2)) * np.linalg.norm(push)
        lift = np.array([0.0, -0.5]) * np.linalg.norm(push)
        self.swirl += weight[:, None] * (push + scatter + lift)
        speed = np.hypot(*self.swirl.T)
        too_fast = speed > MAX_SWIRL_MM_S
        self.swirl[too_fast] *= (MAX_SWIRL_MM_S / speed[too_fast])[:, None]
        self.resting &= ~moved
        self._stirred(now_s)
        return int(moved.sum())

    def _stirred(self, now_s: float) -> None:
        self.last_stir_s = now_s
        self._was_settled = self.settled

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
            position[:, 0] = np.clip(position[:, 0], 0, self.width_mm)
            rest_y = self.rest_y[moving]
            # a flake rests when it reaches its place in the pile while sinking
            landed = (position[:, 1] >= rest_y) & (velocity[:, 1] >= 0)
            position[landed, 1] = rest_y[landed]
            swirl[landed] = 0.0
            self.position[moving] = position
            self.swirl[moving] = swirl
            self.resting[np.flatnonzero(moving)[landed]] = True
        settled = self.settled
        if settled and not self._was_settled and self.last_stir_s is not None:
            self.periods.append(SettlePeriod(self.last_stir_s, now_s))
        self._was_settled = settled
