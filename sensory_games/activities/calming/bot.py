"""A simulated child for the calming scenes. Seeded; its skill is how settled it is.

- breathing: rests a finger on the shape as each in-breath starts and lifts it as the
  out-breath starts, each late by its own human reaction time (about 0.3 s with jitter
  when settled; later and more scattered with less skill); with less skill it also
  sometimes forgets a breath and taps the shape during the out-breath (restlessness).
- glitter jar: a settled child (skill 1) leaves the jar alone; a restless one swipes
  across it every few seconds.
- bubbles, colour wash: touches now and then (a settled child every several seconds, a
  restless one about every second, often off target).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import pygame

from sensory_games.activities.base import Bot
from sensory_games.activities.calming.breathing_guide import BreathingGuide
from sensory_games.activities.calming.calm_scene import LEAD_IN_S, CalmScene
from sensory_games.activities.calming.drifting_bubbles import DriftingBubbles
from sensory_games.activities.calming.glitter_jar import GlitterJar

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity


class CalmingBot(Bot):
    """Skill 1: calm and on the breath; skill 0: restless and late."""

    activity: CalmingActivity
    tap_hold_s: ClassVar[float] = 0.12

    def __init__(self, activity: CalmingActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._breaths = 0  # breaths planned so far
        self._next_s: float | None = None  # play time of the next touch (not breathing)

    def _at(self, play: float, phase: str, finger: int, x: float, y: float) -> None:
        """A finger event at play time `play` (s), at (x, y) mm."""
        self.at(self.activity.clock_time(play), phase, finger, x, y)

    def _pause(self) -> float:
        """Seconds until the next touch: about 1 s when restless, 10 s or more when calm."""
        return self.rng.uniform(0.5, 1.5) * (1.0 + 12.0 * self.skill**2)

    def events(self, now: float) -> list[pygame.event.Event]:
        scene = self.activity.scene
        play = self.activity.play_time()
        if isinstance(scene, BreathingGuide):
            self._plan_breaths(scene, play)
            return self.due(now)
        if self._next_s is None:
            self._next_s = LEAD_IN_S + self._pause()
        if play + 1 >= self._next_s:
            self._plan_touch(scene, self._next_s)
        return self.due(now)

    def _plan_breaths(self, scene: BreathingGuide, play: float) -> None:
        pattern = scene.pattern
        while (
            self._breaths < scene.parameters["cycles"]
            and scene.breath_start + self._breaths * pattern.cycle_s < play + 1
        ):
            cycle_start = scene.breath_start + self._breaths * pattern.cycle_s
            self._breaths += 1
            x, y = scene.centre_mm()
            out_starts = cycle_start + pattern.in_s + pattern.hold_in_s
            if self.rng.random() < 0.5 * (1 - self.skill):  # a restless tap mid out-breath
                tap_at = out_starts + self.rng.uniform(0.3, 0.8) * pattern.out_s
                self.tap(self.activity.clock_time(tap_at), x, y)
            if self.rng.random() < 0.3 * (1 - self.skill):
                continue  # forgot this breath
            down = cycle_start + self._reaction_s()
            up = max(down + self.tap_hold_s, out_starts + self._reaction_s())
            finger = self.new_finger()
            self._at(down, "down", finger, x, y)
            self._at(up, "up", finger, x, y)

    def _reaction_s(self) -> float:
        """Seconds from a cue to the finger's answer: about 0.3 s (sd 0.05) when settled,
        up to about 0.8 s (sd 0.2) with skill 0; never under 0.15 s."""
        unsettled = 1.0 - self.skill
        return max(0.15, self.rng.gauss(0.3 + 0.5 * unsettled, 0.05 + 0.15 * unsettled))

    def _plan_touch(self, scene: CalmScene, when: float) -> None:
        self._next_s = when + self._pause()
        if isinstance(scene, GlitterJar) and self.skill >= 0.9:
            return  # a settled child leaves the jar alone
        finger = self.new_finger()
        metrics = self.activity.context.metrics
        x = self.rng.uniform(0.2, 0.8) * metrics.width_mm
        y = self.rng.uniform(0.25, 0.8) * metrics.height_mm
        if isinstance(scene, DriftingBubbles):
            alive = scene.alive(when)
            if alive and self.rng.random() < 0.5 + 0.5 * self.skill:
                x, y = self.rng.choice(alive).centre_mm(when)
        if isinstance(scene, GlitterJar):  # a swipe across the jar
            jx, jy, jw, jh = scene.jar_mm()
            x, y = jx + jw * 0.2, jy + jh * self.rng.uniform(0.3, 0.9)
            self._at(when, "down", finger, x, y)
            for k in range(1, 7):
                self._at(when + 0.05 * k, "move", finger, x + jw * 0.1 * k, y)
            self._at(when + 0.35, "up", finger, x + jw * 0.6, y)
            return
        self._at(when, "down", finger, x, y)
        self._at(when + self.tap_hold_s, "up", finger, x, y)
