"""A simulated child for hold and move: holds the jar with one hand and drags each thing
into it with the other. Seeded."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.bot import TwoHandBot

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.hold.activity import HoldAndMoveActivity


class HoldBot(TwoHandBot):
    """Holds the jar with one hand and drags each thing into it with the other; with less
    skill it sometimes lets go of the jar halfway or grabs before holding it."""

    activity: HoldAndMoveActivity

    def __init__(self, activity: HoldAndMoveActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._jar_finger: int | None = None
        self._jar_point: tuple[float, float] | None = None

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        item = activity.item
        if activity.result is not None:
            if self._jar_finger is not None and self._jar_point is not None:
                self.at(now, "up", self._jar_finger, *self._jar_point)
                self._jar_finger = None
            return self.due(now)
        if item is not None and not self.busy:
            self._plan(now)  # a new thing, or the last drag did not get it in
        return self.due(now)

    def _plan(self, now: float) -> None:
        activity = self.activity
        item = activity.item
        assert item is not None
        t = max(now, self.earliest) + self.rng.uniform(0.3, 0.7) + 0.5 * (1 - self.skill)
        if self._jar_finger is None:
            self._jar_finger = self.new_finger()
            self._jar_point = self.aim(activity.jar_centre_mm, activity.target_radius_mm())
            careless = self.rng.random() < 0.3 * (1 - self.skill)
            jar_at = t + 0.4 if careless else max(self.earliest, t - 0.2)
            self.at(jar_at, "down", self._jar_finger, *self._jar_point)
        finger = self.new_finger()
        start = item.position_mm
        goal = activity.jar_centre_mm
        duration = 0.5 + 1.0 * (1 - self.skill)
        steps = max(4, round(duration * 30))
        self.at(t, "down", finger, *start)
        letting_go = self.rng.random() < 0.3 * (1 - self.skill)
        for k in range(1, steps + 1):
            share = k / steps
            x = start[0] + (goal[0] - start[0]) * share
            y = start[1] + (goal[1] - start[1]) * share + math.sin(share * math.pi) * 6.0
            self.at(t + duration * share, "move", finger, x, y)
            if letting_go and k == steps // 2 and self._jar_point is not None:
                jar = self._jar_finger
                assert jar is not None
                self.at(t + duration * share, "up", jar, *self._jar_point)
                self._jar_finger = self.new_finger()
                self.at(t + duration * share + 0.4, "down", self._jar_finger, *self._jar_point)
                t += 0.5  # the drag carries on once the jar is held again
        self.at(t + duration + 0.05, "up", finger, goal[0], goal[1])
