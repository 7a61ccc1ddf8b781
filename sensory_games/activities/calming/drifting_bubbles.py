"""Drifting bubbles: bubbles float up slowly; a touch pops one softly."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from sensory_games.activities.calming.calm_scene import LEAD_IN_S, TimedScene
from sensory_games.domain.pointer import PointerEvent

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity

#: Bubbles: the most on screen at complexity 1 (complexity 0: one), seconds between new
#: ones, rising speed at full motion (mm/s), lifetime of a still bubble at motion 0 (s).
MAX_BUBBLES = 7
BUBBLE_GAP_S = 2.0
BUBBLE_RISE_MM_S = 14.0
STILL_BUBBLE_LIFE_S = 9.0
#: No bubble is smaller than this radius (mm): 15 mm across, easy to touch.
MIN_BUBBLE_RADIUS_MM = 7.5
#: A touch this far (mm) outside a bubble's edge still pops it.
BUBBLE_SLOP_MM = 4.0
#: A new bubble keeps this many radii (centre to centre, sideways) from the bubbles
#: still near its height.
SPREAD_RADII = 2.2


@dataclass
class DriftingBubble:
    """A bubble born at play time `born_s` at (x, y) mm, rising `rise_mm_s`."""

    x_mm: float
    y_mm: float
    radius_mm: float
    colour_index: int
    born_s: float
    rise_mm_s: float
    sway_phase: float
    popped_s: float | None = None

    def centre_mm(self, play: float) -> tuple[float, float]:
        age = play - self.born_s
        sway = 3.0 * math.sin(age * 0.6 + self.sway_phase) * min(1.0, self.rise_mm_s)
        return (self.x_mm + sway, self.y_mm - self.rise_mm_s * age)


class DriftingBubbles(TimedScene):
    """Bubbles float up slowly from the bottom (at motion 0 they fade in and out where
    they are); touching one pops it softly with a chime."""

    variant = "bubbles"

    def __init__(self, activity: CalmingActivity) -> None:
        super().__init__(activity)
        self.rng = activity.rng
        self.bubbles: list[DriftingBubble] = []
        self.pops = 0
        self._next_s = LEAD_IN_S

    def _x_range(self, radius: float) -> tuple[float, float]:
        """Where a bubble may float: clear of the corner buttons' columns."""
        width = self.context.metrics.width_mm
        left, right = 0.0, width
        for x, _, w, _ in self.context.reserved_mm:
            if x + w / 2 < width / 2:
                left = max(left, x + w)
            else:
                right = min(right, x)
        left, right = left + radius, right - radius
        return (left, right) if right > left else (width / 2, width / 2)

    def alive(self, play: float) -> list[DriftingBubble]:
        """Bubbles on screen and not popped."""
        return [b for b in self.bubbles if b.popped_s is None and self._visible(b, play)]

    def _visible(self, bubble: DriftingBubble, play: float) -> bool:
        if bubble.rise_mm_s == 0:
            return play - bubble.born_s < STILL_BUBBLE_LIFE_S
        return bubble.centre_mm(play)[1] + bubble.radius_mm > 0

    def step(self, play: float, dt: float) -> None:
        fade = self.context.sensory.fade_s(0.6)
        self.bubbles = [
            b
            for b in self.bubbles
            if (b.popped_s is None and self._visible(b, play))
            or (b.popped_s is not None and play - b.popped_s < fade)
        ]
        if play < self._next_s or play >= LEAD_IN_S + self.parameters["duration_s"]:
            return
        most = self.context.sensory.count(1, MAX_BUBBLES)
        if len(self.alive(play)) < most:
            self.bubbles.append(self._new_bubble(play))
        self._next_s = play + BUBBLE_GAP_S * self.rng.uniform(0.7, 1.3)

    def _new_bubble(self, play: float) -> DriftingBubble:
        metrics = self.context.metrics
        short_side = min(metrics.width_mm, metrics.height_mm)
        radius = max(MIN_BUBBLE_RADIUS_MM, short_side * self.rng.uniform(0.06, 0.1))
        low, high = self._x_range(radius)
        rise = self.context.sensory.speed(BUBBLE_RISE_MM_S) * self.rng.uniform(0.8, 1.2)
        if rise > 0:
            y = metrics.height_mm + radius
        else:  # motion 0: a bubble fades in where it will stay
            y = self.rng.uniform(metrics.height_mm * 0.25, metrics.height_mm * 0.75)
        return DriftingBubble(
            self._spread(self.rng.uniform(low, high), radius, low, high, y, play),
            y,
            radius,
            self.rng.randrange(6),
            play,
            rise,
            self.rng.uniform(0, 2 * math.pi),
        )

    def _spread(
        self, x: float, radius: float, low: float, high: float, y: float, play: float
    ) -> float:
        """`x` (mm), or, when a bubble still near the new one's height is closer than
        SPREAD_RADII radii, the middle of the widest free stretch between `low` and
        `high`: bubbles spread across the screen instead of stacking in a column."""
        near = [
            b.centre_mm(play)[0]
            for b in self.alive(play)
            if abs(b.centre_mm(play)[1] - y) < SPREAD_RADII * (radius + b.radius_mm)
        ]
        if all(abs(x - other) >= SPREAD_RADII * radius for other in near):
            return x
        edges = sorted([low, high, *(min(max(n, low), high) for n in near)])
        gap_low, gap_high = max(pairwise(edges), key=lambda pair: pair[1] - pair[0])
        return (gap_low + gap_high) / 2

    def touch(self, pointer: PointerEvent, play: float) -> None:
        if pointer.phase != "down" or pointer.source == "key":
            return
        for bubble in reversed(self.alive(play)):
            reach = bubble.radius_mm + BUBBLE_SLOP_MM
            if math.dist(pointer.position_mm, bubble.centre_mm(play)) <= reach:
                bubble.popped_s = play
                self.pops += 1
                if self.activity.sounds is not None:
                    self.activity.sounds.play("chime", 0.45)
                return

    def measures(self, play: float) -> dict[str, tuple[float | None, str]]:
        return {"pops": (self.pops, "count")}


# -- colour wash ------------------------------------------------------------------------
