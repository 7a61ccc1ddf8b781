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
from sensory_games.input import PointerEvent

#: A touch this far (mm) outside a target's edge still counts as on it.
TOUCH_SLOP_MM = 5.0
#: Room (mm) kept between the targets and the screen's side edges.
EDGE_MM = 8.0


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
        return float(self.parameters.get("target_mm", 50.0)) / 2

    def distance_apart_mm(self) -> float:
        """Centre-to-centre distance used: the level's, narrowed to fit the screen."""
        wanted = float(self.parameters.get("distance_mm", 160.0))
        room = self.context.metrics.width_mm - 2 * (EDGE_MM + self.target_radius_mm())
        return max(2 * self.target_radius_mm() + 4.0, min(wanted, room))

    def centres_mm(self) -> dict[str, tuple[float, float]]:
        """Where each hand's target is (mm): level, either side of the middle."""
        metrics = self.context.metrics
        half = self.distance_apart_mm() / 2
        y = metrics.height_mm / 2 + 4.0  # a little below the middle: progress dots on top
        return {"left": (self.midline_mm - half, y), "right": (self.midline_mm + half, y)}

    def on_target(self, hand: str, pointer: PointerEvent) -> bool:
        """Is this contact on `hand`'s target? A hand key always is (it is the target)."""
        if pointer.source == "key":
            return True
        x, y = self.centres_mm()[hand]
        distance = math.hypot(pointer.x_mm - x, pointer.y_mm - y)
        return distance <= self.target_radius_mm() + TOUCH_SLOP_MM

    def hand_for(self, pointer: PointerEvent) -> str | None:
        """The hand of this event (None for a contact that is no hand's)."""
        return self.hands.hand_of(pointer, self.midline_mm)
