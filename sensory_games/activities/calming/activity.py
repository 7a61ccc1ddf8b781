"""Calming: a breathing guide. A shape (balloon, flower, wave) grows while breathing in
and shrinks while breathing out, with optional holds, for a number of breaths. The child
may rest a finger on the shape while breathing in and lift it while breathing out; that
gives the adherence measure. Nothing is ever wrong: the shape just keeps breathing.

Motion, colour and sound come from the sensory channels: at motion 0 the shape keeps its
size and only its colour changes slowly; at complexity 0 the shape is alone on screen.
Metrics in docs/metrics.md ("Calming").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, ClassVar

import pygame

from sensory_games.activities.base import Activity, ActivityContext, Metric, Result
from sensory_games.activities.calming import view
from sensory_games.activities.calming.bot import CalmingBot
from sensory_games.activities.calming.breathing import BreathPattern, adherence
from sensory_games.activities.calming.params import SCHEMA
from sensory_games.input import PointerEvent
from sensory_games.intensity import Palette

#: Seconds of play before the first in-breath (the shape is shown, small, still).
LEAD_IN_S = 1.0
#: A touch this far (mm) outside the shape at its fullest still counts as on it.
SHAPE_SLOP_MM = 10.0


class CalmingActivity(Activity):
    """Breathe along with a growing and shrinking shape."""

    slug: ClassVar[str] = "calming"
    title: ClassVar[str] = "Calm breathing"
    schema = SCHEMA
    bot_class = CalmingBot
    celebrates: ClassVar[bool] = False  # a calm ending, no fanfare

    @classmethod
    def check_level(cls, parameters: dict[str, Any], config_dir: Path) -> None:
        BreathPattern.parse(parameters["pattern"], parameters["pattern_scale"])

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.pattern = BreathPattern.parse(
            self.parameters["pattern"], self.parameters["pattern_scale"]
        )
        self.breath_start = LEAD_IN_S  # play time of the first in-breath
        self.touches = 0  # every finger put down (restlessness)
        self.on_shape: dict[int, float] = {}  # contact -> play time it came down on the shape
        self.shape_touches: list[tuple[float, float]] = []  # (down, up) play times
        self._cued = -1  # index of the last phase a sound was played for

    # -- time -----------------------------------------------------------------------------

    @property
    def end_s(self) -> float:
        """Play time at which the last breath is over."""
        return self.breath_start + self.parameters["cycles"] * self.pattern.cycle_s

    def play_time(self) -> float:
        return self.active_time(self.context.clock.now())

    def fullness(self, play: float | None = None) -> float:
        """0..1 how full the shape is now (0 before the first breath and after the last)."""
        play = self.play_time() if play is None else play
        if play < self.breath_start or play >= self.end_s:
            return 0.0
        return self.pattern.fullness(play - self.breath_start)

    def cycles_done(self, play: float | None = None) -> int:
        play = self.play_time() if play is None else play
        done = math.floor((play - self.breath_start) / self.pattern.cycle_s + 1e-9)
        return max(0, min(self.parameters["cycles"], done))

    def update(self, dt: float) -> None:
        play = self.play_time()
        if self.result is not None:
            return
        self._cue(play)
        if play >= self.end_s:
            self.finish(self.score(completed=True))
        elif self.active_time(self.context.clock.now()) >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    def _cue(self, play: float) -> None:
        """A soft rising chime as each in-breath starts, a falling one for each out."""
        if play < self.breath_start or play >= self.end_s or self.sounds is None:
            return
        t = play - self.breath_start
        cycle = int(t // self.pattern.cycle_s)
        phase, _ = self.pattern.phase_at(t)
        index = cycle * 4 + ("in", "hold_in", "out", "hold_out").index(phase)
        if index != self._cued and phase in ("in", "out"):
            self.sounds.play("breath_in" if phase == "in" else "breath_out", 0.5)
        self._cued = index

    # -- where -----------------------------------------------------------------------------

    def centre_mm(self) -> tuple[float, float]:
        metrics = self.context.metrics
        return (metrics.width_mm / 2, metrics.height_mm / 2 + 4.0)

    def radius_range_mm(self) -> tuple[float, float]:
        """The shape's radius (mm) when empty and when full."""
        metrics = self.context.metrics
        full = min(metrics.width_mm, metrics.height_mm) * 0.3
        return full * 0.55, full

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.result is not None or pointer.source == "key":
            return False
        play = self.active_time(pointer.t)
        if pointer.phase == "down":
            self.touches += 1
            reach = self.radius_range_mm()[1] + SHAPE_SLOP_MM
            if math.dist(pointer.position_mm, self.centre_mm()) <= reach:
                self.on_shape[pointer.pointer_id] = play
        elif pointer.phase in ("up", "cancel") and pointer.pointer_id in self.on_shape:
            self.shape_touches.append((self.on_shape.pop(pointer.pointer_id), play))
        return True

    # -- scoring --------------------------------------------------------------------------

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        now = self.context.clock.now()
        play = self.active_time(now)
        end = min(play, self.end_s)
        touches = [*self.shape_touches, *((down, play) for down in self.on_shape.values())]
        followed = adherence(self.pattern, self.breath_start, end, touches)
        minutes = play / 60.0
        metrics: dict[str, Metric] = {
            "cycles_completed": Metric(self.cycles_done(end), "count"),
            "cycles_total": Metric(self.parameters["cycles"], "count"),
            "touches": Metric(self.touches, "count"),
            "shape_touch_s": Metric(followed.touch_s, "s"),
        }
        if minutes > 0:
            metrics["restlessness_per_min"] = Metric(self.touches / minutes, "1/min")
        if followed.share is not None:
            metrics["adherence"] = Metric(followed.share, "0..1")
        return Result(
            completed=completed,
            duration_s=play,
            completion_time_s=self.end_s if completed else None,
            accuracy=followed.share,
            metrics=metrics,
            abort_reason=abort_reason,
            target={
                "kind": "breathing",
                "phases_s": dict(self.pattern.phases()),
                "first_breath_s": self.breath_start,
                "cycles": self.parameters["cycles"],
                "shape_touches_s": [[round(a, 3), round(b, 3)] for a, b in touches],
            },
        )

    # -- drawing --------------------------------------------------------------------------

    @property
    def variant(self) -> str:
        return f"breathing-{self.parameters['shape']}"

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_breathing(surface, self)

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)
