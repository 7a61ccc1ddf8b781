"""A simulated child for the breathing guide: rests a finger on the shape as each
in-breath starts and lifts it as the out-breath starts, late by a reaction time; with
less skill it reacts later and sometimes forgets to touch. Seeded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.base import Bot

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity


class CalmingBot(Bot):
    """Skill 1: on the phase within 0.1 s; skill 0: up to a second late, often absent."""

    activity: CalmingActivity

    def __init__(self, activity: CalmingActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._breaths = 0  # breaths planned so far

    def _at(self, play: float, phase: str, finger: int) -> None:
        """A finger event on the shape at play time `play` (s)."""
        self.at(self.activity.clock_time(play), phase, finger, *self.activity.centre_mm())

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        pattern = activity.pattern
        while (
            self._breaths < activity.parameters["cycles"]
            and activity.breath_start + self._breaths * pattern.cycle_s < activity.play_time() + 1
        ):
            cycle_start = activity.breath_start + self._breaths * pattern.cycle_s
            self._breaths += 1
            if self.rng.random() < 0.3 * (1 - self.skill):
                continue  # forgot this breath
            late = 0.05 + (1 - self.skill) * self.rng.uniform(0.1, 0.9)
            finger = self._breaths
            self._at(cycle_start + late, "down", finger)
            out_starts = cycle_start + pattern.in_s + pattern.hold_in_s
            self._at(out_starts + late * self.rng.uniform(0.5, 1.5), "up", finger)
        return self.due(now)
