"""A thing the child must touch or start on, as laid out on this screen (a pad, a drum,
a bubble, the start of a tracing band): what the layout check and the reserved corners
test against. Activities declare them (activities/base.py `Activity.touch_areas`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sensory_games.domain.geometry import RectMM, circle_hits_rect, rects_overlap
from sensory_games.ui.screen import MIN_TOUCH_MM, ScreenMetrics


@dataclass(frozen=True)
class TouchArea:
    """One thing the child must touch or start on, as laid out on this screen: its box in
    mm from the screen's top left (a pad, a drum, a bubble, the start of a tracing band).

    `oval`: the thing is the circle (or ellipse) inscribed in the box, so a corner of the
    box that holds nothing may lie over a reserved corner. `min_mm`: the least its short
    side may be, :data:`~sensory_games.ui.screen.MIN_TOUCH_MM` unless the level makes it
    smaller on purpose (small bubbles, a thin band: the therapist's choice of precision).
    """

    name: str
    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    oval: bool = False
    min_mm: float = MIN_TOUCH_MM

    @classmethod
    def around(
        cls,
        name: str,
        centre_mm: tuple[float, float],
        w_mm: float,
        h_mm: float,
        *,
        oval: bool = False,
        min_mm: float = MIN_TOUCH_MM,
    ) -> TouchArea:
        """The area `w_mm` x `h_mm` centred on `centre_mm`."""
        x, y = centre_mm
        return cls(name, x - w_mm / 2, y - h_mm / 2, w_mm, h_mm, oval, min_mm)

    @property
    def box(self) -> RectMM:
        """(x, y, w, h) in mm."""
        return (self.x_mm, self.y_mm, self.w_mm, self.h_mm)

    @property
    def short_side_mm(self) -> float:
        return min(self.w_mm, self.h_mm)

    def inside(self, metrics: ScreenMetrics) -> bool:
        """Does it lie wholly on this screen?"""
        return (
            self.x_mm >= 0.0
            and self.y_mm >= 0.0
            and self.x_mm + self.w_mm <= metrics.width_mm
            and self.y_mm + self.h_mm <= metrics.height_mm
        )

    def meets(self, other: TouchArea) -> bool:
        """Do the two things overlap? Two round ones (circles) by their centres' distance,
        else by the box of the one that is not oval (or both boxes)."""
        if self.oval and other.oval and self.w_mm == self.h_mm and other.w_mm == other.h_mm:
            gap = math.hypot(
                self.x_mm + self.w_mm / 2 - other.x_mm - other.w_mm / 2,
                self.y_mm + self.h_mm / 2 - other.y_mm - other.h_mm / 2,
            )
            return gap < (self.w_mm + other.w_mm) / 2
        return self.overlaps(other.box) and other.overlaps(self.box)

    def overlaps(self, rect: RectMM) -> bool:
        """Does the thing (its box, or its inscribed ellipse if oval) overlap `rect`?"""
        if not self.oval:
            return rects_overlap(self.box, rect)
        # stretch the plane so that the ellipse becomes a unit circle: a rectangle stays
        # a rectangle, and the two meet exactly when they met before
        sx, sy = self.w_mm / 2, self.h_mm / 2
        cx, cy = self.x_mm + sx, self.y_mm + sy
        x, y, w, h = rect
        return circle_hits_rect((0.0, 0.0), 1.0, ((x - cx) / sx, (y - cy) / sy, w / sx, h / sy))
