"""A simulated child for "pop the bubbles": looks, waits a reaction time, taps with some
aiming error, now and then taps beside a bubble. Seeded, so every run is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import pygame

from sensory_games.activities.base import Bot

if TYPE_CHECKING:
    from sensory_games.activities.bubbles.activity import BubblesActivity


class BubblesBot(Bot):
    """Skill 1: quick and precise; skill 0: slow, scattered, many stray taps."""

    activity: BubblesActivity
    tap_hold_s: ClassVar[float] = 0.09

    def __init__(self, activity: BubblesActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._next_tap_at = activity.started_at + self._reaction_s()

    def _reaction_s(self) -> float:
        return (1.4 - 1.0 * self.skill) * self.rng.uniform(0.75, 1.35)

    def _stray_point(self) -> tuple[float, float]:
        """A tap somewhere on the play area, never on the calm button's corner."""
        metrics = self.activity.context.metrics
        while True:
            x = self.rng.uniform(0, metrics.width_mm)
            y = self.rng.uniform(15.0, metrics.height_mm)
            if not any(
                rx <= x <= rx + rw and ry <= y <= ry + rh
                for rx, ry, rw, rh in self.activity.context.reserved_mm
            ):
                return x, y

    def events(self, now: float) -> list[pygame.event.Event]:
        out = self.due(now)  # the lift of the last tap, when its time has come
        if self.busy or now < self._next_tap_at:
            return out
        targets = self.activity.visible_bubbles()
        if not targets:
            return out
        target = self.rng.choice(targets)
        if self.rng.random() < 0.2 * (1.0 - self.skill):
            x, y = self._stray_point()
        else:
            spread = target.radius_mm * (0.08 + 0.6 * (1.0 - self.skill))
            x = target.x_mm + self.activity.wobble_mm(target, now) + self.rng.gauss(0, spread)
            y = target.y_mm + self.rng.gauss(0, spread)
        self.tap(now, x, y)
        self._next_tap_at = now + self.tap_hold_s + self._reaction_s()
        return out + self.due(now)
