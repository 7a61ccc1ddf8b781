"""Hold and move (asymmetric): one hand holds the jar steady while the other hand drags
things into it. A thing moves only while the jar is held; let go of the jar and the
thing waits where it is (no scolding). Measures things placed, jar releases and time.
Definitions in docs/metrics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import pygame

from sensory_games.activities.base import ActivityContext, TouchArea
from sensory_games.activities.bilateral.hands import other
from sensory_games.activities.bilateral.hold import view
from sensory_games.activities.bilateral.hold.bot import HoldBot
from sensory_games.activities.bilateral.hold.params import SCHEMA
from sensory_games.activities.bilateral.hold.view import JAR_HEIGHT
from sensory_games.activities.bilateral.two_handed import EDGE_MM, TOUCH_SLOP_MM, TwoHandedActivity
from sensory_games.domain import scoring
from sensory_games.domain.geometry import circle_hits_rect, place_circle
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import GOAL_HOLD_AND_MOVE
from sensory_games.ui.damage import MovingParts
from sensory_games.ui.screen import ScreenMetrics

#: Pause (s) after a thing goes into the jar before the next one appears.
NEXT_ITEM_S = 0.6
#: Things appear up to this far (mm) from the moving hand's spot, `distance_mm` from the jar.
SPAWN_SPREAD_MM = 25.0
#: Room (mm) a thing is given around it where it appears (place_circle's gap).
SPAWN_GAP_MM = 4.0


@dataclass
class Item:
    """A thing to put in the jar: centre (mm), when it appeared, who is dragging it."""

    x_mm: float
    y_mm: float
    appeared_at: float
    colour_index: int
    dragged_by: int | None = None
    grab_offset: tuple[float, float] = (0.0, 0.0)
    blocked: bool = False  # being dragged while the jar is not held

    @property
    def position_mm(self) -> tuple[float, float]:
        return (self.x_mm, self.y_mm)


class HoldAndMoveActivity(TwoHandedActivity):
    """Hold the jar with one hand, drag things into it with the other."""

    slug: ClassVar[str] = "bilateral_hold"
    title: ClassVar[str] = N_("Hold and move")
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_HOLD_AND_MOVE,)
    recorded_metrics: ClassVar[dict[str, str]] = {
        "items_placed": "count",
        "items_total": "count",
        "grabs": "count",
        "grabs_without_jar": "count",
        "blocked_drags": "count",
        "jar_releases": "count",
        "jar_hold_s": "s",
        "item_time_mean_s": "s",
        "item_time_median_s": "s",
    }
    schema = SCHEMA
    bot_class = HoldBot
    target_height_ratio: ClassVar[float] = JAR_HEIGHT / 2 + 0.1  # the jar and its lid

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        side = self.parameters["jar_side"]
        if side == "auto":
            side = other(context.dominant_hand)
        self.jar_hand: str = side
        self.mover_hand = other(side)
        self.jar_held_since: float | None = None
        self.jar_hold_s = 0.0
        self.jar_releases = 0
        self.grabs = 0
        self.grabs_without_jar = 0
        self.blocked_drags = 0
        self.placed_times_s: list[float] = []
        self.last_placed_at: float | None = None
        self.item: Item | None = None
        self._next_item_at: float | None = self.started_at
        self.parts = MovingParts()  # (what the view drew last frame)

    @property
    def jar_held(self) -> bool:
        """Is the holding hand on the jar now?"""
        return self.jar_held_since is not None

    @property
    def placed(self) -> int:
        return len(self.placed_times_s)

    @property
    def jar_centre_mm(self) -> tuple[float, float]:
        return self.centres_mm()[self.jar_hand]

    @property
    def item_radius_mm(self) -> float:
        return self.parameters["item_mm"] / 2

    # -- things ---------------------------------------------------------------------------

    def _spawn(self, now: float) -> None:
        metrics = self.context.metrics
        radius = self.item_radius_mm
        half = metrics.width_mm / 2
        cx, cy = self.centres_mm()[self.mover_hand]  # things appear around here
        reach = radius + SPAWN_SPREAD_MM
        low = max(cx - reach, half + 6.0 if self.mover_hand == "right" else EDGE_MM)
        high = min(
            cx + reach, metrics.width_mm - EDGE_MM if self.mover_hand == "right" else half - 6.0
        )
        top, bottom = max(16.0, cy - reach), min(metrics.height_mm - EDGE_MM, cy + reach)
        # on a narrow screen the side is too small for the thing and its 4 mm of room:
        # the area grows towards the middle (or upwards), never off the screen
        least = 2 * (radius + SPAWN_GAP_MM)
        width, height = max(high - low, least), max(bottom - top, least)
        if self.mover_hand == "right":
            low = max(EDGE_MM, min(low, metrics.width_mm - EDGE_MM - width))
        top = max(EDGE_MM, min(top, metrics.height_mm - EDGE_MM - height))
        area = (low, top, width, height)
        jar = (*self.jar_centre_mm, self.target_radius_mm() + 6.0)
        x, y = place_circle(
            self.rng, area, radius, [jar], self.context.reserved_mm, gap_mm=SPAWN_GAP_MM
        )
        self.item = Item(x, y, now, self.placed)

    def touch_areas(self) -> list[TouchArea]:
        """The jar the holding hand keeps still and the thing waiting to be dragged (none
        between two things): the moving hand's side has no pad of its own."""
        areas = [self.target_area(self.jar_hand, "jar", oval=False)]
        if self.item is not None:
            size = 2 * self.item_radius_mm
            areas.append(TouchArea.around("thing", self.item.position_mm, size, size, oval=True))
        return areas

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.result is not None:
            return False
        on_item = (
            pointer.phase == "down"
            and self.item is not None
            and math.dist(pointer.position_mm, self.item.position_mm)
            <= self.item_radius_mm + TOUCH_SLOP_MM
        )  # a thing left on the jar's half can still be picked up by the moving hand
        hand = self.hand_for(pointer, prefer=self.mover_hand if on_item else None)
        if hand == self.jar_hand:
            held = pointer.phase in ("down", "move") and self.on_target(hand, pointer)
            self._set_jar(held, pointer.t, by_child=pointer.phase != "cancel")
        elif hand == self.mover_hand and pointer.source != "key":
            self._drag(pointer)
        return True

    def _set_jar(self, held: bool, t: float, by_child: bool = True) -> None:
        """The jar is taken or let go at `t`; a let-go counts as a release unless the
        system took the contact away (`by_child` False: focus lost, a pause)."""
        if held == self.jar_held:
            return
        if held:
            self.jar_held_since = t
            return
        assert self.jar_held_since is not None
        self.jar_hold_s += max(0.0, t - self.jar_held_since)
        self.jar_held_since = None
        self.jar_releases += by_child

    def _drag(self, pointer: PointerEvent) -> None:
        item = self.item
        if item is None:
            return
        if pointer.phase == "down":
            distance = math.dist(pointer.position_mm, item.position_mm)
            if distance <= self.item_radius_mm + TOUCH_SLOP_MM:
                item.dragged_by = pointer.pointer_id
                item.grab_offset = (item.x_mm - pointer.x_mm, item.y_mm - pointer.y_mm)
                item.blocked = False
                self.grabs += 1
                self.grabs_without_jar += not self.jar_held
            return
        if item.dragged_by != pointer.pointer_id:
            return
        if pointer.phase in ("up", "cancel"):
            item.dragged_by = None
            item.blocked = False
            return
        if not self.jar_held:
            if not item.blocked:
                self.blocked_drags += 1
            item.blocked = True
            return
        item.blocked = False
        metrics = self.context.metrics
        radius = self.item_radius_mm
        x = min(max(pointer.x_mm + item.grab_offset[0], radius), metrics.width_mm - radius)
        y = min(max(pointer.y_mm + item.grab_offset[1], radius), metrics.height_mm - radius)
        if any(circle_hits_rect((x, y), radius, rect) for rect in self.context.reserved_mm):
            return  # never over the calm button or the adult corner: it waits at the edge
        item.x_mm, item.y_mm = x, y
        if math.dist(item.position_mm, self.jar_centre_mm) <= self.target_radius_mm():
            self._place(item, pointer.t)

    def _place(self, item: Item, t: float) -> None:
        self.placed_times_s.append(
            max(0.0, self.active_time(t) - self.active_time(item.appeared_at))
        )
        self.last_placed_at = t
        self.item = None
        if self.sounds is not None:
            self.sounds.play("pop", 0.6)
        if self.placed >= self.parameters["items"]:
            self.finish(self.score(completed=True))
        else:
            self._next_item_at = t + NEXT_ITEM_S

    # -- time -----------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        now = self.context.clock.now()
        if self.result is not None:
            return
        if self._next_item_at is not None and now >= self._next_item_at:
            self._next_item_at = None
            self._spawn(now)
        if self.active_time(now) >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    def resize(self, metrics: ScreenMetrics) -> None:
        """Keep the thing on screen, on its side, after a resize (it appears again)."""
        super().resize(metrics)
        if self.item is not None and self.result is None:
            self._spawn(self.item.appeared_at)

    # -- scoring --------------------------------------------------------------------------

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        now = self.context.clock.now()
        hold_s = self.jar_hold_s
        if self.jar_held_since is not None:
            hold_s += max(0.0, now - self.jar_held_since)
        metrics: dict[str, Metric] = {
            "items_placed": Metric(self.placed, "count"),
            "items_total": Metric(self.parameters["items"], "count"),
            "grabs": Metric(self.grabs, "count"),
            "grabs_without_jar": Metric(self.grabs_without_jar, "count"),
            "blocked_drags": Metric(self.blocked_drags, "count"),
            "jar_releases": Metric(self.jar_releases, "count"),
            "jar_hold_s": Metric(hold_s, "s"),
        }
        metrics.update(
            measured(
                {
                    "item_time_mean_s": (scoring.mean(self.placed_times_s), "s"),
                    "item_time_median_s": (scoring.median(self.placed_times_s), "s"),
                }
            )
        )
        end = self.last_placed_at if completed else None
        accuracy = scoring.share(self.placed, self.grabs)
        return self.outcome(
            completed,
            abort_reason,
            accuracy,
            metrics,
            completed_at=end,
            target={
                "kind": "jar",
                "contact_hands": self.contact_hands(),
                "jar_hand": self.jar_hand,
                "jar_centre_mm": [round(v, 2) for v in self.jar_centre_mm],
                "jar_radius_mm": self.target_radius_mm(),
                "item_radius_mm": self.item_radius_mm,
            },
        )

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_hold(surface, self)

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)
