"""A simulated child for tracing: waits for the demonstration, then traces each stroke
in writing order at a speed and with a wobble set by its skill, sometimes lifting the
finger, and goes over strokes again until the shape counts as done.

Skill 1: steady, close to the line. Skill 0: slow, wobbly, frequent lifts and now and
then a stroke in the wrong direction. Seeded: the same seed traces the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sensory_games.activities.base import Bot
from sensory_games.domain.geometry import cumulative_length, point_along
from sensory_games.ui.input import finger_event

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TraceItem, TracingActivity


@dataclass
class Move:
    """One finger stroke the bot is making: a path (mm), its speed and when it began."""

    path: np.ndarray
    arc: np.ndarray
    speed_mm_s: float
    began: float
    finger: int
    wobble: tuple[float, float, float, float]  # amplitude (mm), two frequencies, phase
    lift_at_mm: float | None
    start_mm: float = 0.0
    touching: bool = False

    jerk: float = 0.0  # 0: steady speed; up to 0.6: speeding up and slowing down
    bias_mm: float = 0.0  # a steady drift to one side of the line

    def along(self, now: float) -> float:
        """How far (mm) along the path the finger is at `now` (speed varies with `jerk`)."""
        elapsed = now - self.began
        wobble = self.jerk / (2 * math.pi * 1.5) * (1 - math.cos(2 * math.pi * 1.5 * elapsed))
        return self.start_mm + (elapsed + wobble) * self.speed_mm_s


class TracingBot(Bot):
    """Traces like a child of the given skill, through ordinary finger events."""

    activity: TracingActivity

    def __init__(self, activity: TracingActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._move: Move | None = None
        self._wait_until = activity.started_at + self.rng.uniform(0.3, 0.8)
        self._item: TraceItem | None = None
        self._queue: list[int] = []

    def _plan(self, item: TraceItem) -> None:
        self._item = item
        self._queue = [k for k in range(len(item.strokes)) if k not in item.done]

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        item = activity.item
        if activity.result is not None:
            return self._lift(now) if self._move else []
        if item is not self._item:
            self._move = None
            self._plan(item)
            self._wait_until = max(self._wait_until, now + self.rng.uniform(0.3, 0.7))
        if self._move is not None:
            return self._continue(now)
        if now < max(self._wait_until, item.demo_until) or item.completed_at is not None:
            return []
        if not self._queue and activity.copy_mode is not None and item.contacts:
            return self._hand_in(item)
        if not self._queue:
            self._plan(item)  # something is still not covered: go over it again
            if not self._queue:
                return []
        return self._start(now, self._queue.pop(0))

    def _hand_in(self, item: TraceItem) -> list[pygame.event.Event]:
        """Copy mode: every stroke drawn once (where the copy goes), touch "finished"."""
        copy_mode = self.activity.copy_mode
        assert copy_mode is not None
        x, y = copy_mode.layout_of(item).finished_centre
        metrics, finger = self.activity.context.metrics, self.new_finger()
        return [finger_event(metrics, p, finger, x, y) for p in ("down", "up")]

    def _start(self, now: float, stroke_index: int) -> list[pygame.event.Event]:
        item = self._item
        assert item is not None
        path = item.strokes[stroke_index]
        if len(path) == 1:
            path = np.vstack((path, path))
        if self.rng.random() < 0.12 * (1 - self.skill) and len(path) > 2:
            path = path[::-1]  # now and then the wrong way round
        tolerance = self.activity.tolerance_mm
        amplitude = tolerance * (0.05 + 1.6 * (1 - self.skill)) * self.rng.uniform(0.7, 1.2)
        arc = cumulative_length(path)
        lift = None
        if self.rng.random() < 0.6 * (1 - self.skill) and arc[-1] > 20:
            lift = self.rng.uniform(0.3, 0.7) * arc[-1]
        self._move = Move(
            path,
            arc,
            (35 + 60 * self.skill) * self.rng.uniform(0.8, 1.2),
            now,
            self.new_finger(),
            (
                amplitude,
                self.rng.uniform(0.005, 0.01),
                self.rng.uniform(0.012, 0.02),
                self.rng.uniform(0, 2 * math.pi),
            ),
            lift,
            jerk=0.6 * (1 - self.skill),
            bias_mm=tolerance * 0.9 * (1 - self.skill) * self.rng.choice((-1, 1)),
        )
        return self._continue(now)

    def _point(self, move: Move, along: float) -> tuple[float, float]:
        """Where the finger is `along` mm into the move: on the path plus a slow wobble."""
        (x, y), (nx, ny) = point_along(move.path, move.arc, along)
        amplitude, f1, f2, phase = move.wobble
        offset = move.bias_mm + amplitude * (
            0.6 * math.sin(f1 * 2 * math.pi * along + phase)
            + 0.4 * math.sin(f2 * 2 * math.pi * along + 2 * phase)
        )
        metrics = self.activity.context.metrics
        x, y = x + nx * offset, y + ny * offset
        return min(max(x, 0.0), metrics.width_mm), min(max(y, 0.0), metrics.height_mm)

    def _continue(self, now: float) -> list[pygame.event.Event]:
        move = self._move
        assert move is not None
        metrics = self.activity.context.metrics
        if now < move.began:
            return []  # between a lift and putting the finger back
        along = move.along(now)
        if not move.touching:
            move.touching = True
            return [finger_event(metrics, "down", move.finger, *self._point(move, along))]
        if move.lift_at_mm is not None and along >= move.lift_at_mm:
            events = self._lift(now)  # a pen lift: back down a little behind, 0.3 s later
            self._move = Move(
                move.path,
                move.arc,
                move.speed_mm_s,
                now + 0.3,
                self.new_finger(),
                move.wobble,
                None,
                start_mm=max(0.0, move.lift_at_mm - 5.0),
            )
            return events
        if along >= move.arc[-1]:
            return self._lift(now)
        return [finger_event(metrics, "move", move.finger, *self._point(move, along))]

    def _lift(self, now: float) -> list[pygame.event.Event]:
        move = self._move
        assert move is not None
        self._move = None
        self._wait_until = now + self.rng.uniform(0.2, 0.5) * (1.5 - self.skill)
        if not move.touching:
            return []
        return [
            finger_event(
                self.activity.context.metrics,
                "up",
                move.finger,
                *self._point(move, max(0.0, move.along(now))),
            )
        ]
