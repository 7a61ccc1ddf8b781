"""A simulated child for "pop the bubbles": looks, waits a reaction time, taps with some
aiming error, now and then taps beside a bubble. Seeded, so every run is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.base import Bot
from sensory_games.ui.input import finger_event

if TYPE_CHECKING:
    from sensory_games.activities.bubbles.activity import BubblesActivity

#: How long (s) a finger rests on the glass during a tap.
TAP_HOLD_S = 0.09


class BubblesBot(Bot):
    """Skill 1: quick and precise; skill 0: slow, scattered, many stray taps."""

    activity: BubblesActivity

    def __init__(self, activity: BubblesActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._next_tap_at = activity.started_at + self._reaction_s()
        self._lift: tuple[float, int, float, float] | None = None

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
        metrics = self.activity.context.metrics
        out: list[pygame.event.Event] = []
        if self._lift is not None and now >= self._lift[0]:
            _, finger, x, y = self._lift
            out.append(finger_event(metrics, "up", finger, x, y))
            self._lift = None
        if self._lift is not None or now < self._next_tap_at:
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
        x, y = min(max(x, 0.0), metrics.width_mm), min(max(y, 0.0), metrics.height_mm)
        finger = self.new_finger()
        out.append(finger_event(metrics, "down", finger, x, y))
        self._lift = (now + TAP_HOLD_S, finger, x, y)
        self._next_tap_at = now + TAP_HOLD_S + self._reaction_s()
        return out
