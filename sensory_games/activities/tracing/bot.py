"""A simulated child for tracing: waits for the demonstration, then traces each stroke in
writing order as a child's finger moves (:mod:`sensory_games.domain.child_movement`: a
minimum-jerk speed profile, correlated jitter, hesitations, lifts and a reaction time
before each stroke, all set by its skill), and goes over strokes again until the shape
counts as done.

Skill 1: quick, steady, close to the line. Skill 0: slow, wobbly, hesitating, lifting now
and then, sometimes touching down off the start first (a restart) or tracing a stroke the
wrong way round. Seeded: the same seed traces the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.base import Bot
from sensory_games.activities.traced import play_touches
from sensory_games.domain.child_movement import plan_stroke, reaction_s
from sensory_games.ui.input import finger_event

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TraceItem, TracingActivity


class TracingBot(Bot):
    """Traces like a child of the given skill, through ordinary finger events."""

    activity: TracingActivity

    def __init__(self, activity: TracingActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._ready_at = activity.started_at + self.rng.uniform(0.3, 0.8)
        self._item: TraceItem | None = None
        self._queue: list[int] = []
        clumsy = 1.0 - skill
        tolerance = activity.tolerance_mm
        #: This child's way of missing the line: a steady drift to one side and a slow
        #: wobble (mm), larger with less skill.
        self._drift_mm = tolerance * 0.9 * clumsy * self.rng.choice((-1, 1))
        self._wobble_mm = tolerance * (0.05 + 1.6 * clumsy) * self.rng.uniform(0.7, 1.2)

    def _plan(self, item: TraceItem) -> None:
        self._item = item
        self._queue = [k for k in range(len(item.strokes)) if k not in item.done]

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        item = activity.item
        if activity.result is None and item is not self._item:
            self._plan(item)
            self._ready_at = max(self._ready_at, now + reaction_s(self.skill, self.rng))
        if activity.result is not None or self.busy:
            return self.due(now)
        if now < max(self._ready_at, item.demo_until) or item.completed_at is not None:
            return []
        if not self._queue and activity.copy_mode is not None and item.contacts:
            return self._hand_in(item)
        if not self._queue:
            self._plan(item)  # something is still not covered: go over it again
            if not self._queue:
                return []
        self._trace(now, item, self._queue.pop(0))
        return self.due(now)

    def _hand_in(self, item: TraceItem) -> list[pygame.event.Event]:
        """Copy mode: every stroke drawn once (where the copy goes), touch "finished"."""
        copy_mode = self.activity.copy_mode
        assert copy_mode is not None
        x, y = copy_mode.layout_of(item).finished_centre
        metrics, finger = self.activity.context.metrics, self.new_finger()
        return [finger_event(metrics, p, finger, x, y) for p in ("down", "up")]

    def _trace(self, now: float, item: TraceItem, stroke: int) -> None:
        """Plan the finger events of one stroke from `now`: perhaps a false start first,
        perhaps the wrong way round, then the stroke's contacts; then a pause."""
        clumsy = 1.0 - self.skill
        path = item.strokes[stroke]
        if self.rng.random() < 0.12 * clumsy and len(path) > 2:
            path = path[::-1]  # now and then the wrong way round
        start = now
        if self.rng.random() < 0.3 * clumsy:  # touches down beside the start, lifts
            x, y = (float(v) for v in path[0])
            away = self.activity.tolerance_mm + self.rng.uniform(6.0, 10.0)
            self.tap(start, x + away * self.rng.choice((-1, 1)), y)
            start += self.tap_hold_s + reaction_s(self.skill, self.rng)
        touches = plan_stroke(path, self.skill, self.rng, self._drift_mm, self._wobble_mm)
        end = play_touches(self, touches, start)
        self._ready_at = end + reaction_s(self.skill, self.rng)
