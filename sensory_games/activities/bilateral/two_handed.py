"""What every two-handed activity shares: hands, the two targets' layout, the variant.

Each activity's `variant` is how the child played it ("touch", "keys", "mouse", "mixed"
or "none"), since two fingers, two kiosk buttons and a mouse give different timing;
the child's dominant hand is stored with every attempt by the host.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from sensory_games.activities.base import Activity, ActivityContext, TouchArea
from sensory_games.activities.bilateral.hands import HANDS, HandTracker
from sensory_games.domain.geometry import rects_overlap
from sensory_games.domain.language import N_
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.report_spec import Chart
from sensory_games.ui.screen import MIN_TOUCH_MM

#: A touch this far (mm) outside a target's edge still counts as on it.
TOUCH_SLOP_MM = 5.0
#: Room (mm) kept between the targets and the screen's side edges.
EDGE_MM = 8.0
#: Least room (mm) between the two targets (their rings and ripples need it).
GAP_MM = 14.0
#: The targets stay below this line (mm from the top): the progress dots are above it.
TOP_MM = 14.0


def per_hand_chart(
    title: str, measure: str, axis: str, empty: str, fraction: bool = False
) -> Chart:
    """A report chart of `measure` for each hand: the metrics left_<measure> and
    right_<measure>, as every two-handed activity names its per-hand metrics."""
    metrics = (f"left_{measure}", f"right_{measure}")
    return Chart("per_hand", title, metrics, axis=axis, empty=empty, fraction=fraction)


@dataclass(frozen=True)
class TargetLayout:
    """The two targets on this screen: radius, centre-to-centre distance, and the height
    of their centres from the top (all mm)."""

    radius_mm: float
    distance_mm: float
    row_mm: float


class TwoHandedActivity(Activity):
    """Base of the bilateral activities: a hand tracker and left/right target centres."""

    input_needs: ClassVar[str] = "two"

    #: A target's half height as a share of its radius (a round pad: 1).
    target_height_ratio: ClassVar[float] = 1.0
    #: What the child calls each hand's target ("pad", "drum"): the touch areas' names.
    target_name: ClassVar[str] = "pad"
    #: How the child played (HandTracker.input_mode), in words.
    report_variants: ClassVar[dict[str, str]] = {
        "touch": N_("touch screen"),
        "keys": N_("keys"),
        "mouse": N_("computer mouse"),
        "mixed": N_("mixed input"),
        "none": N_("no input"),
    }

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.hands = HandTracker()
        self._target_layout: tuple[object, TargetLayout] | None = None

    @property
    def variant(self) -> str:
        return self.hands.input_mode

    @property
    def midline_mm(self) -> float:
        return self.context.metrics.width_mm / 2

    def layout(self) -> TargetLayout:
        """Where the two targets go on this screen (worked out once per screen size and
        set of reserved corners)."""
        key = (self.context.metrics, tuple(self.context.reserved_mm))
        if self._target_layout is None or self._target_layout[0] != key:
            self._target_layout = (key, self._plan_layout())
        return self._target_layout[1]

    def _plan_layout(self) -> TargetLayout:
        """The level's size and distance if they fit clear of the screen's edges and the
        reserved corners; otherwise the row goes up, then the targets move closer, then
        they get smaller (never under the minimum touch size)."""
        metrics = self.context.metrics
        ratio = self.target_height_ratio
        least_radius = max(8.0, MIN_TOUCH_MM / 2)
        radius = float(self.parameters.get("target_mm", 50.0)) / 2
        radius = max(least_radius, min(radius, (metrics.width_mm - 2 * EDGE_MM - GAP_MM) / 4))
        wanted = float(self.parameters.get("distance_mm", 160.0))
        while True:
            half_h = radius * ratio
            least = 2 * radius + GAP_MM
            distance = max(least, min(wanted, metrics.width_mm - 2 * (EDGE_MM + radius)))
            low_row = min(metrics.height_mm / 2 + 4.0, metrics.height_mm - half_h - 4.0)
            rows = [low_row - 4.0 * k for k in range(40) if low_row - 4.0 * k >= TOP_MM + half_h]
            rows = rows or [low_row]
            while True:
                for row in rows:
                    if self._clear(radius, half_h, distance, row):
                        return TargetLayout(radius, distance, row)
                if distance <= least:
                    break
                distance = max(least, distance - 2.0)
            if radius <= least_radius:
                return TargetLayout(radius, least, rows[0])  # nothing fits: best effort
            radius = max(least_radius, radius * 0.9)

    def _clear(self, radius: float, half_h: float, distance: float, row: float) -> bool:
        """Are both targets (with 3 mm to spare) clear of every reserved corner?"""
        boxes = [
            (self.midline_mm + side * distance / 2 - radius - 3.0, row - half_h - 3.0)
            for side in (-1, 1)
        ]
        return not any(
            rects_overlap((x, top, 2 * radius + 6.0, 2 * half_h + 6.0), rect)
            for x, top in boxes
            for rect in self.context.reserved_mm
        )

    def target_radius_mm(self) -> float:
        """Radius (mm) of each hand's target as laid out on this screen."""
        return self.layout().radius_mm

    def distance_apart_mm(self) -> float:
        """Centre-to-centre distance (mm) of the two targets as laid out."""
        return self.layout().distance_mm

    def centres_mm(self) -> dict[str, tuple[float, float]]:
        """Where each hand's target is (mm): level, either side of the middle."""
        layout = self.layout()
        half = layout.distance_mm / 2
        return {
            "left": (self.midline_mm - half, layout.row_mm),
            "right": (self.midline_mm + half, layout.row_mm),
        }

    def target_area(self, hand: str, name: str, oval: bool = True) -> TouchArea:
        """`hand`'s target as laid out: two radii wide, `target_height_ratio` radii high
        either side of its centre (an oval pad, or a box like the jar's)."""
        radius = self.target_radius_mm()
        half_h = radius * self.target_height_ratio
        return TouchArea.around(name, self.centres_mm()[hand], 2 * radius, 2 * half_h, oval=oval)

    def touch_areas(self) -> list[TouchArea]:
        """Both hands' targets: the child must reach both, one with each hand."""
        return [self.target_area(hand, f"{hand} {self.target_name}") for hand in HANDS]

    def on_target(self, hand: str, pointer: PointerEvent) -> bool:
        """Is this contact on `hand`'s target? A hand key always is (it is the target)."""
        if pointer.source == "key":
            return True
        x, y = self.centres_mm()[hand]
        distance = math.hypot(pointer.x_mm - x, pointer.y_mm - y)
        return distance <= self.target_radius_mm() + TOUCH_SLOP_MM

    def pause(self, now: float) -> None:
        """An adult screen comes up: every hand lets go (the fingers' lifts will go to the
        adult's screen, not here), as a `cancel`, which is never counted as the child's
        release. After the pause the child puts their hands down again."""
        for hand, contact in list(self.hands.contacts.items()):
            key_hand = hand if contact.source == "key" else None
            self.handle(
                PointerEvent(
                    contact.pointer_id,
                    "cancel",
                    contact.x_mm,
                    contact.y_mm,
                    now,
                    contact.source,  # type: ignore[arg-type]
                    key_hand,  # type: ignore[arg-type]
                )
            )
        super().pause(now)

    def contact_hands(self) -> list[list[object]]:
        """For the attempt's target record: every contact that went down, as [t_s from
        the start, pointer id, hand or None for an ignored second finger], so raw samples
        can be split by hand the way the activity split them."""
        return [
            [round(t - self.started_at, 4), pointer, hand]
            for t, pointer, hand in self.hands.assigned
        ]

    def hand_for(self, pointer: PointerEvent, prefer: str | None = None) -> str | None:
        """The hand of this event (None for a contact that is no hand's); see
        :meth:`HandTracker.hand_of` for `prefer`."""
        return self.hands.hand_of(pointer, self.midline_mm, prefer)
