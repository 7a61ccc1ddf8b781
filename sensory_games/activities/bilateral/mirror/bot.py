"""A simulated child for mirror drawing: traces both copies at once, one finger each.
Seeded."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sensory_games.activities.bilateral.bot import TwoHandBot
from sensory_games.domain.geometry import cumulative_length, point_along

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.mirror.activity import MirrorActivity, MirrorItem


class MirrorBot(TwoHandBot):
    """Traces both copies at once, one finger each, stroke by stroke; the non-dominant
    hand lags a little behind and wobbles a little more."""

    activity: MirrorActivity

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        item = activity.item
        if activity.result is None and not self.busy and item.completed_at is None:
            self._plan(item, now)  # a new pair, or another go over what is not covered
        return self.due(now)

    def _plan(self, item: MirrorItem, now: float) -> None:
        speed = (30 + 50 * self.skill) * self.rng.uniform(0.85, 1.15)
        lag_s = {self.dominant: 0.0}
        lag_s["right" if self.dominant == "left" else "left"] = abs(
            self.rng.gauss(0.03, 0.05 + 0.25 * (1 - self.skill))
        )
        t0 = max(now, self.earliest) + self.rng.uniform(0.1, 0.4)
        tolerance = self.activity.tolerance_mm
        for hand, side in item.sides.items():
            t = t0 + lag_s[hand]
            amplitude = tolerance * (0.05 + 1.2 * (1 - self.skill)) * self.spread(hand)
            phase = self.rng.uniform(0, 2 * math.pi)
            for stroke in side.target.strokes:
                path = stroke if len(stroke) > 1 else np.vstack((stroke, stroke))
                arc = cumulative_length(path)
                finger = self.new_finger()
                steps = max(2, int(float(arc[-1]) / speed * 60))
                for k in range(steps + 1):
                    along = float(arc[-1]) * k / steps
                    (x, y), (nx, ny) = point_along(path, arc, along)
                    offset = amplitude * math.sin(0.02 * 2 * math.pi * along + phase)
                    phase_name = "down" if k == 0 else ("up" if k == steps else "move")
                    self.at(t + k / 60, phase_name, finger, x + nx * offset, y + ny * offset)
                t += steps / 60 + 0.25
