"""A simulated child for mirror drawing: traces both copies at once, one finger each, moving
as the tracing bot does (:mod:`sensory_games.domain.child_movement`). Seeded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.bot import TwoHandBot
from sensory_games.activities.traced import play_touches
from sensory_games.domain.child_movement import plan_stroke, reaction_s

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
        """Each hand traces its copy stroke by stroke as a child's finger moves
        (:func:`~sensory_games.domain.child_movement.plan_stroke`), the non-dominant hand
        starting a little later and wobbling a little more."""
        lag_s = {self.dominant: 0.0}
        lag_s["right" if self.dominant == "left" else "left"] = abs(
            self.rng.gauss(0.03, 0.05 + 0.25 * (1 - self.skill))
        )
        t0 = max(now, self.earliest) + reaction_s(self.skill, self.rng)
        tolerance = self.activity.tolerance_mm
        for hand, side in item.sides.items():
            t = t0 + lag_s[hand]
            wobble = tolerance * (0.05 + 1.2 * (1 - self.skill)) * self.spread(hand)
            drift = wobble * 0.6 * self.rng.choice((-1, 1))
            for stroke in side.target.strokes:
                touches = plan_stroke(stroke, self.skill, self.rng, drift, wobble)
                t = play_touches(self, touches, t) + 0.25
