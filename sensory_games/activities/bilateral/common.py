"""What every two-handed activity shares: hands, the two targets' layout, the variant.

Each activity's `variant` is how the child played it ("touch", "keys", "mouse", "mixed"
or "none"), since two fingers, two kiosk buttons and a mouse give different timing;
the child's dominant hand is stored with every attempt by the host.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from sensory_games.activities.base import Activity, ActivityContext
from sensory_games.activities.bilateral.hands import HandTracker
from sensory_games.geometry import rects_overlap
from sensory_games.input import PointerEvent

#: A touch this far (mm) outside a target's edge still counts as on it.
TOUCH_SLOP_MM = 5.0
#: Room (mm) kept between the targets and the screen's side edges.
EDGE_MM = 8.0
#: Least room (mm) between the two targets (their rings and ripples need it).
GAP_MM = 14.0


class TwoHandedActivity(Activity):
    """Base of the bilateral activities: a hand tracker and left/right target centres."""

    input_needs: ClassVar[str] = "two"

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.hands = HandTracker()

    @property
    def variant(self) -> str:
        return self.hands.input_mode

    @property
    def midline_mm(self) -> float:
        return self.context.metrics.width_mm / 2

    def target_radius_mm(self) -> float:
        """The level's target radius, made smaller where two would not fit side by side
        (a narrow portrait screen)."""
        wanted = float(self.parameters.get("target_mm", 50.0)) / 2
        fits = (self.context.metrics.width_mm - 2 * EDGE_MM - GAP_MM) / 4
        return max(8.0, min(wanted, fits))

    def target_extent_mm(self) -> tuple[float, float]:
        """Half width and half height (mm) of a target as drawn (a round pad: its radius)."""
        return (self.target_radius_mm(), self.target_radius_mm())

    def distance_apart_mm(self) -> float:
        """Centre-to-centre distance used: the level's, narrowed to fit the screen and to
        keep both targets clear of the calm button's and the adult's corners."""
        wanted = float(self.parameters.get("distance_mm", 160.0))
        half_w, half_h = self.target_extent_mm()
        room = self.context.metrics.width_mm - 2 * (EDGE_MM + half_w)
        least = 2 * half_w + GAP_MM
        distance = max(least, min(wanted, room))
        y = self._row_mm()
        while distance > least:
            boxes = [
                (self.midline_mm + side * distance / 2 - half_w - 3.0, y - half_h - 3.0)
                for side in (-1, 1)
            ]
            if not any(
                rects_overlap((x, top, 2 * half_w + 6.0, 2 * half_h + 6.0), rect)
                for x, top in boxes
                for rect in self.context.reserved_mm
            ):
                break
            distance = max(least, distance - 2.0)
        return distance

    def _row_mm(self) -> float:
        """The height (mm) of the targets' centres: a little below the middle (progress
        dots on top), and never lower than fits above the bottom edge."""
        metrics = self.context.metrics
        return min(metrics.height_mm / 2 + 4.0, metrics.height_mm - self.target_extent_mm()[1] - 4)

    def centres_mm(self) -> dict[str, tuple[float, float]]:
        """Where each hand's target is (mm): level, either side of the middle."""
        half = self.distance_apart_mm() / 2
        y = self._row_mm()
        return {"left": (self.midline_mm - half, y), "right": (self.midline_mm + half, y)}

    def on_target(self, hand: str, pointer: PointerEvent) -> bool:
        """Is this contact on `hand`'s target? A hand key always is (it is the target)."""
        if pointer.source == "key":
            return True
        x, y = self.centres_mm()[hand]
        distance = math.hypot(pointer.x_mm - x, pointer.y_mm - y)
        return distance <= self.target_radius_mm() + TOUCH_SLOP_MM

    def hand_for(self, pointer: PointerEvent, prefer: str | None = None) -> str | None:
        """The hand of this event (None for a contact that is no hand's); see
        :meth:`HandTracker.hand_of` for `prefer`."""
        return self.hands.hand_of(pointer, self.midline_mm, prefer)
