"""A simulated child for both together: both hands down with an onset gap, a hold, a
slip now and then. Seeded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.bot import TwoHandBot
from sensory_games.activities.bilateral.hands import HANDS, other

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.both.activity import BothTogetherActivity


class BothBot(TwoHandBot):
    """Puts both hands down with an onset gap (tens of ms skilled, hundreds unskilled),
    holds, sometimes lets go too early, lifts, and waits for the pads to light again."""

    activity: BothTogetherActivity

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        if activity.result is None and not self.busy and not activity.waiting_for_lift:
            self._plan(now)  # a new trial, or the last try did not hold long enough
        return self.due(now)

    def _plan(self, now: float) -> None:
        activity = self.activity
        radius = activity.target_radius_mm()
        hold_s = activity.parameters["hold_s"]
        start = max(now, self.earliest) + self.rng.uniform(0.1, 0.4) + 0.6 * (1 - self.skill)
        gap_s = abs(self.rng.gauss(0, 0.02 + 0.3 * (1 - self.skill)))
        first = self.rng.choice(HANDS)
        fingers = {hand: self.new_finger() for hand in HANDS}
        points = {hand: self.aim(c, radius) for hand, c in activity.centres_mm().items()}
        downs = {first: start, other(first): start + gap_s}
        slip = self.rng.random() < 0.35 * (1 - self.skill)
        end = max(downs.values()) + hold_s + 0.25
        for hand in HANDS:
            self.at(downs[hand], "down", fingers[hand], *points[hand])
        if slip:  # one hand lifts early and comes back
            hand = self.rng.choice(HANDS)
            lift = max(downs.values()) + hold_s * self.rng.uniform(0.2, 0.7)
            self.at(lift, "up", fingers[hand], *points[hand])
            fingers[hand] = self.new_finger()
            self.at(lift + 0.3, "down", fingers[hand], *points[hand])
            end = lift + 0.3 + hold_s + 0.25
        for hand in HANDS:
            self.at(end + self.rng.uniform(0.0, 0.1), "up", fingers[hand], *points[hand])
