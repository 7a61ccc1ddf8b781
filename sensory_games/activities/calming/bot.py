"""A simulated child for the breathing guide: rests a finger on the shape as each
in-breath starts and lifts it as the out-breath starts, late by a reaction time; with
less skill it reacts later and sometimes forgets to touch. Seeded."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.base import Bot
from sensory_games.input import finger_event

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity


class CalmingBot(Bot):
    """Skill 1: on the phase within 0.1 s; skill 0: up to a second late, often absent."""

    activity: CalmingActivity

    def __init__(self, activity: CalmingActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._planned = 0
        self._queue: list[tuple[float, int, str, int]] = []
        self._order = 0

    def _at(self, play: float, phase: str, finger: int) -> None:
        self._order += 1
        heapq.heappush(self._queue, (play, self._order, phase, finger))

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        pattern = activity.pattern
        while (
            self._planned < activity.parameters["cycles"]
            and activity.breath_start + self._planned * pattern.cycle_s < activity.play_time() + 1
        ):
            cycle_start = activity.breath_start + self._planned * pattern.cycle_s
            self._planned += 1
            if self.rng.random() < 0.3 * (1 - self.skill):
                continue  # forgot this breath
            late = 0.05 + (1 - self.skill) * self.rng.uniform(0.1, 0.9)
            finger = self._planned
            self._at(cycle_start + late, "down", finger)
            out_starts = cycle_start + pattern.in_s + pattern.hold_in_s
            self._at(out_starts + late * self.rng.uniform(0.5, 1.5), "up", finger)
        out = []
        play = activity.play_time()
        x, y = activity.centre_mm()
        while self._queue and self._queue[0][0] <= play:
            _, _, phase, finger = heapq.heappop(self._queue)
            out.append(finger_event(activity.context.metrics, phase, finger, x, y))  # type: ignore[arg-type]
        return out
