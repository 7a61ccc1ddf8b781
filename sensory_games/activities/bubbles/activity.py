"""Pop the bubbles: a reach-and-tap activity (eye-hand coordination, visual attention).

Bubbles of a set size appear one or a few at a time; the child taps them. A tap beside
a bubble is counted, never punished. Metrics are defined in docs/metrics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import pygame

from sensory_games.activities.base import Activity, ActivityContext, TouchArea
from sensory_games.activities.bubbles import view
from sensory_games.activities.bubbles.bot import BubblesBot
from sensory_games.activities.bubbles.params import SCHEMA
from sensory_games.domain import scoring
from sensory_games.domain.geometry import circle_hits_rect, place_circle
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import GOAL_BUBBLES
from sensory_games.ui.damage import MovingParts
from sensory_games.ui.screen import MIN_TOUCH_MM, ScreenMetrics

#: A tap this far (mm) outside a bubble's edge still pops it: fingers are wide.
HIT_SLOP_MM = 3.0
#: Pause (s) before a popped bubble is replaced.
RESPAWN_DELAY_S = 0.5
#: Sideways wobble (mm) of drifting bubbles at full motion (non-essential motion).
WOBBLE_MM = 2.5


@dataclass
class Bubble:
    """One bubble: centre and radius in mm, when it appeared / was popped (clock s)."""

    x_mm: float
    y_mm: float
    radius_mm: float
    colour_index: int
    appeared_at: float
    popped_at: float | None = None
    ring: bool = False  # pop ring granted by the flash guard

    @property
    def poppable(self) -> bool:
        return self.popped_at is None


class BubblesActivity(Activity):
    """Tap the bubbles. Accuracy = bubbles popped / taps."""

    slug: ClassVar[str] = "bubbles"
    title: ClassVar[str] = N_("Pop the bubbles")
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_BUBBLES,)
    recorded_metrics: ClassVar[dict[str, str]] = {
        "bubbles_popped": "count",
        "taps": "count",
        "missed_taps": "count",
        "reaction_time_mean_s": "s",
        "reaction_time_median_s": "s",
        "hit_offset_mean_mm": "mm",
    }
    schema = SCHEMA
    bot_class = BubblesBot

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.bubbles: list[Bubble] = []
        self.spawned = 0
        self.taps = 0
        self.reaction_times_s: list[float] = []
        self.hit_offsets_mm: list[float] = []
        self.last_pop_at: float | None = None
        self._respawn_at: list[float] = []
        self._colour_cursor = 0
        self.parts = MovingParts()  # (what the view drew last frame)
        for _ in range(min(self.parameters["on_screen"], self.parameters["bubbles_to_pop"])):
            self._spawn(self.started_at)

    @property
    def popped(self) -> int:
        return len(self.reaction_times_s)

    @property
    def radius_mm(self) -> float:
        return self.parameters["target_mm"] / 2

    def visible_bubbles(self) -> list[Bubble]:
        """Bubbles a child can see and pop now (the bot's eyes, too)."""
        return [b for b in self.bubbles if b.poppable]

    def touch_areas(self) -> list[TouchArea]:
        """Every bubble that can be popped, where it is drawn now (its sway included).
        A drifting bubble floats out at the top and back in at the bottom: while it is
        crossing either edge nothing asks the child to reach it, so it is left out then.
        A level with bubbles under MIN_TOUCH_MM asks for that precision on purpose (the
        later levels, for older children): their own size is their least size."""
        now = self.context.clock.now()
        height = self.context.metrics.height_mm
        size = 2 * self.radius_mm
        least = min(MIN_TOUCH_MM, size)
        return [
            TouchArea.around(
                "bubble",
                (b.x_mm + self.wobble_mm(b, now), b.y_mm),
                size,
                size,
                oval=True,
                min_mm=least,
            )
            for b in self.visible_bubbles()
            if not self.parameters["drift_mm_s"] or b.radius_mm <= b.y_mm <= height - b.radius_mm
        ]

    def _keep_out(self) -> list[tuple[float, float, float, float]]:
        """Rectangles (mm) bubbles must not enter: the calm button's and the adult's
        corners; for drifting bubbles the whole column above and below them, so a bubble
        never floats over a button."""
        if not self.parameters["drift_mm_s"]:
            return self.context.reserved_mm
        height = self.context.metrics.height_mm
        return [(x, -height, w, 3 * height) for x, _, w, _ in self.context.reserved_mm]

    def _place(self, bubble_filter: Bubble | None = None) -> tuple[float, float]:
        metrics = self.context.metrics
        others = [
            (b.x_mm, b.y_mm, b.radius_mm)
            for b in self.bubbles
            if b.poppable and b is not bubble_filter
        ]
        area = (0.0, 12.0, metrics.width_mm, metrics.height_mm - 12.0)  # top strip: progress
        return place_circle(self.rng, area, self.radius_mm, others, self._keep_out())

    def _spawn(self, now: float) -> None:
        x, y = self._place()
        colours = len(self.context.palette.accents)
        self.bubbles.append(Bubble(x, y, self.radius_mm, self._colour_cursor % colours, now))
        self._colour_cursor += 1
        self.spawned += 1

    def handle(self, pointer: PointerEvent) -> bool:
        if pointer.phase != "down" or pointer.source == "key" or self.result is not None:
            return False
        self.taps += 1
        best: Bubble | None = None
        best_distance = math.inf
        for bubble in self.visible_bubbles():  # where it is drawn at the moment of the tap
            x_mm = bubble.x_mm + self.wobble_mm(bubble, pointer.t)
            distance = math.hypot(pointer.x_mm - x_mm, pointer.y_mm - bubble.y_mm)
            if distance <= bubble.radius_mm + HIT_SLOP_MM and distance < best_distance:
                best, best_distance = bubble, distance
        if best is not None:
            self._pop(best, pointer.t, best_distance)
        return True

    def _pop(self, bubble: Bubble, t: float, offset_mm: float) -> None:
        bubble.popped_at = t
        bubble.ring = self.context.sensory.flash_guard.request(t)
        self.reaction_times_s.append(max(0.0, t - bubble.appeared_at))
        self.hit_offsets_mm.append(offset_mm)
        self.last_pop_at = t
        if self.sounds is not None:
            self.sounds.play("pop", 0.6)
        if self.popped >= self.parameters["bubbles_to_pop"]:
            self.finish(self.score(completed=True))
        elif self.spawned < self.parameters["bubbles_to_pop"]:
            self._respawn_at.append(t + RESPAWN_DELAY_S)

    def update(self, dt: float) -> None:
        now = self.context.clock.now()
        fade = self.context.sensory.fade_s()
        self.bubbles = [b for b in self.bubbles if b.popped_at is None or now - b.popped_at < fade]
        if self.result is not None:
            return
        due = [t for t in self._respawn_at if t <= now]
        self._respawn_at = [t for t in self._respawn_at if t > now]
        for _ in due:
            self._spawn(now)
        drift = self.parameters["drift_mm_s"] * dt
        if drift:
            height = self.context.metrics.height_mm
            for bubble in self.bubbles:
                if bubble.poppable:
                    bubble.y_mm -= drift
                    if bubble.y_mm + bubble.radius_mm < 0:  # back in at the bottom
                        bubble.x_mm = self._place(bubble)[0]
                        bubble.y_mm = height + bubble.radius_mm
        if self.active_time(now) >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    def wobble_mm(self, bubble: Bubble, now: float) -> float:
        """Sideways sway of a drifting bubble (mm): decoration, scaled by motion."""
        if not self.parameters["drift_mm_s"]:
            return 0.0
        amplitude = WOBBLE_MM * self.context.sensory.intensity.motion
        return amplitude * math.sin(0.8 * (now - bubble.appeared_at) + bubble.colour_index)

    def resize(self, metrics: ScreenMetrics) -> None:
        old = self.context.metrics
        scale_x, scale_y = metrics.width_mm / old.width_mm, metrics.height_mm / old.height_mm
        for bubble in self.bubbles:
            bubble.x_mm *= scale_x
            bubble.y_mm *= scale_y
        super().resize(metrics)

    def reserve(self, rects: list[tuple[float, float, float, float]]) -> None:
        """New keep-out corners (after a resize): move any bubble that now overlaps one."""
        self.context.reserved_mm = rects
        for bubble in self.visible_bubbles():
            centre, radius = (bubble.x_mm, bubble.y_mm), bubble.radius_mm
            if any(circle_hits_rect(centre, radius, rect) for rect in self._keep_out()):
                bubble.x_mm, bubble.y_mm = self._place(bubble)

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        end = self.last_pop_at if completed and self.last_pop_at is not None else None
        metrics = {
            "bubbles_popped": Metric(self.popped, "count"),
            "taps": Metric(self.taps, "count"),
            "missed_taps": Metric(self.taps - self.popped, "count"),
        }
        optional = {
            "reaction_time_mean_s": (scoring.mean(self.reaction_times_s), "s"),
            "reaction_time_median_s": (scoring.median(self.reaction_times_s), "s"),
            "hit_offset_mean_mm": (scoring.mean(self.hit_offsets_mm), "mm"),
        }
        metrics.update(measured(optional))
        accuracy = scoring.share(self.popped, self.taps)
        return self.outcome(completed, abort_reason, accuracy, metrics, completed_at=end)

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_bubbles(surface, self)

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)
