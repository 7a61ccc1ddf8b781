"""Tracing: pre-writing strokes, shapes, letters and digits along a soft band.

The child traces each stroke of a shape with a finger (or mouse/stylus). Leaving the
band is never punished: the trail just changes colour and the child carries on. A shape
is done when every stroke's coverage reaches the level's threshold; the attempt is done
when every shape and repetition is. Metrics come from :mod:`sensory_games.domain.path_scoring`
and are defined in docs/metrics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, ClassVar

import numpy as np
import pygame

from sensory_games.activities.base import ActivityContext, TouchArea
from sensory_games.activities.traced import (
    GUIDES,
    MIN_SIZE_MM,
    TracedPath,
    TracedShapes,
    scores_so_far,
)
from sensory_games.activities.tracing import demo, view
from sensory_games.activities.tracing import help as stroke_help
from sensory_games.activities.tracing.bot import TracingBot
from sensory_games.activities.tracing.copying import CopyMode
from sensory_games.activities.tracing.params import SCHEMA
from sensory_games.domain.glyphs import Glyph, glyph_library
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.name_writing import NAME, level_glyph_names, level_glyphs
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.path_scoring import (
    MEASURE_UNITS,
    Contact,
    TargetPath,
    TraceScore,
    combine_scores,
)
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import GOAL_COPY, GOAL_TRACE, START_AT_GREEN_DOT
from sensory_games.domain.report_spec import ACCURACY, Measure, Overlays
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.spare_time import Later

#: With "start at the dot", a trace must begin this close (mm) to it, beyond tolerance.
START_SLOP_MM = 4.0
#: The narrowest band (mm either side) a shape made smaller by its screen is given (the
#: `tolerance_mm` setting's least value).
MIN_BAND_MM = 2.0
#: How often (s) the in-attempt help looks whether the child is stuck.
HELP_LOOK_S = 0.25
#: Space (mm) kept free around the shape: progress dots on top, calm button corner.
MARGIN_MM = 16.0


@dataclass(kw_only=True)
class TraceItem(TracedPath):
    """One shape to trace (one repetition of it), placed on screen in millimetres."""

    glyph: Glyph
    repetition: int
    guide: str
    shown_at: float
    demo_until: float
    done: set[int] = field(default_factory=set)
    completed_at: float | None = None

    @property
    def strokes(self) -> tuple[np.ndarray, ...]:
        return self.target.strokes

    @property
    def current_stroke(self) -> int | None:
        """The first stroke (in writing order) not yet finished."""
        return next((k for k in range(len(self.strokes)) if k not in self.done), None)


@dataclass
class ContactState:
    """A finger on the glass: whether it counts, and its trail for drawing."""

    contact: Contact
    counted: bool
    last: tuple[float, float]


#: The tracing measures in a family's words (the report's summary).
LIFTS_PLAIN = N_("times the finger came off the screen when it did not need to")
DRAWING_PLAIN = N_("the time the finger spent drawing")
COVERAGE_PLAIN = N_("how much of the line was traced")


class TracingActivity(TracedShapes):
    """Trace shapes, letters and digits; scored by coverage, accuracy and fluency."""

    slug: ClassVar[str] = "tracing"
    title: ClassVar[str] = N_("Trace the path")
    #: ("start at the green dot" is said apart, when the green dot shows: see update; copy
    #: mode asks for something else: see spoken_goal)
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_TRACE,)
    recorded_metrics: ClassVar[dict[str, str]] = {
        **MEASURE_UNITS,
        "watching_time_s": "s",
        "help_given": "count",
        "shapes_completed": "count",
        "shapes_total": "count",
        "shape_similarity": "0..1",
    }
    schema = SCHEMA
    bot_class = TracingBot
    #: What an OT follows in tracing: accuracy, lifts the shape did not need, the time the
    #: finger was drawing (completion time mostly counts the app's demonstrations and
    #: pauses) and coverage; the console charts the first two that have values.
    report_followed: ClassVar[tuple[Measure, ...]] = (
        ACCURACY,
        Measure("extra_lifts", N_("Extra lifts"), LIFTS_PLAIN, "lower", 1.0),
        Measure("drawing_time_s", N_("Drawing time"), DRAWING_PLAIN, "lower", 2.0, N_("s")),
        Measure("coverage", N_("Coverage"), COVERAGE_PLAIN, "higher", 0.05, percent=True),
    )
    report_overlays: ClassVar[Overlays | None] = Overlays(
        columns=2, rows=3, scores=N_("accuracy {accuracy:.2f}, coverage {coverage:.2f}")
    )
    replayable: ClassVar[bool] = True
    report_variants: ClassVar[dict[str, str]] = {
        "left-handed": N_("left-handed"),
        "right-handed": N_("right-handed"),
        "left-handed:no-name": N_("left-handed; the name has letters without a shape"),
        "right-handed:no-name": N_("right-handed; the name has letters without a shape"),
    }

    @classmethod
    def check_level(cls, parameters: dict[str, Any], config_dir: Any) -> None:
        library = glyph_library(config_dir)
        try:
            level_glyph_names(parameters["shapes"], library, "")
        except KeyError as error:
            known = ", ".join([*library.sets, NAME, "or a name from glyphs/"])
            raise SchemaError(
                "shapes", parameters["shapes"], f"{error.args[0]!r} is not a shape; use {known}"
            ) from None
        if not parameters["shapes"].split():
            raise SchemaError("shapes", parameters["shapes"], "must name at least one shape")

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.check_level(self.parameters, context.config_dir)
        library = glyph_library(context.config_dir)
        shapes = level_glyphs(self.parameters["shapes"], library, context.child_alias)
        glyphs, self.name_fell_back = shapes.glyphs, shapes.fell_back
        #: Each plan entry's shape name as stored (the child's name never spelt out).
        self.stored_names = [
            n for n in shapes.stored_names for _ in range(self.parameters["repetitions"])
        ]
        #: Copy mode (None: tracing over the path).
        self.copy_mode = CopyMode(self) if self.parameters["mode"] == "copy" else None
        hand = self.parameters["handedness"]
        self.left_handed = hand == "left" or (hand == "auto" and context.dominant_hand == "left")
        self.plan = [(g, r) for g in glyphs for r in range(self.parameters["repetitions"])]
        #: The finished shapes' scores, in order (worked out between frames: ui/spare_time.py)
        self.scores: list[Later[TraceScore]] = []
        self.shown: list[TraceItem] = []
        self.first_contact_active_s: float | None = None
        self.touching: dict[int, ContactState] = {}
        self.view = view.TracingView(self)
        self._demo_shown: tuple[object, tuple[int, np.ndarray] | None] = (None, None)
        # (no help in copy mode: there is no guide to bring back, and a smaller good copy
        # makes little progress along the model laid in the empty box)
        helping = 0 if self.copy_mode is not None else self.parameters["help_after_failures"]
        self.help = stroke_help.StrokeHelp(helping)
        self._help_looked_at = -math.inf  # (clock time the help last looked)
        self.item = self._show(0, self.started_at)
        self.prepare_shapes(paint_shown=False)  # (painted by `prepare`, or its first frame)
        self.start_dot_said = False  # "start at the green dot" was said (or not needed)
        if self.voice is not None:
            self.voice.preload(START_AT_GREEN_DOT)

    def spoken_goal(self) -> tuple[str, ...]:
        """Copy mode's own goal (look at the model, draw it in the empty box, touch the
        tick): "follow the path" would send the child looking for a path to trace."""
        return (GOAL_COPY,) if self.parameters["mode"] == "copy" else self.objective_prompts

    # -- items ----------------------------------------------------------------------------

    @property
    def variant(self) -> str:
        hand = "left-handed" if self.left_handed else "right-handed"
        return f"{hand}:no-name" if self.name_fell_back else hand  # (one word: the log's)

    def _guide(self, repetition: int) -> str:
        if self.copy_mode is not None:
            return "none"  # the model is drawn in its own box: nothing to trace over
        first = GUIDES.index(self.parameters["guide"])
        step = repetition if self.parameters["fade_guide"] else 0
        return GUIDES[min(first + step, len(GUIDES) - 1)]

    def _layout(self, glyph: Glyph) -> tuple[np.ndarray, ...]:
        if self.copy_mode is not None:
            return self.copy_mode.lay_out(glyph, self.parameters["size_mm"])
        metrics = self.context.metrics
        width, height = glyph.size_units
        # the band shrinks with the shape (band_for): the shape and its band together fit
        band_share = 2 * self.tolerance_mm / self.parameters["size_mm"]
        room_w = (metrics.width_mm - 2 * MARGIN_MM) / (max(width, 1e-6) + band_share)
        room_h = (metrics.height_mm - 2 * MARGIN_MM) / (max(height, 1e-6) + band_share)
        size = min(self.parameters["size_mm"], room_w, room_h)
        x, y = metrics.width_mm / 2, metrics.height_mm / 2 + MARGIN_MM / 4

        def placed(size_mm: float, lift_mm: float) -> list[tuple[np.ndarray, ...]]:
            return [glyph.layout(size_mm, (x, y - lift_mm))]

        return self.clear_of_corners(placed, max(size, MIN_SIZE_MM))[0]

    def _lay_out_targets(self, index: int) -> tuple[TargetPath, ...]:
        glyph, _ = self.plan[index]
        either_way = glyph.horizontal_strokes if self.left_handed else frozenset()
        strokes = self._layout(glyph)
        return (TargetPath(strokes, self.band_for(glyph, strokes), either_way),)

    def band_for(self, glyph: Glyph, strokes: tuple[np.ndarray, ...]) -> float:
        """The tolerance (mm) of a shape laid out as `strokes`: the level's, or, when the
        screen made the shape smaller than `size_mm`, as much smaller in the same ratio
        (never under MIN_BAND_MM): a 100 mm line shown at 60 mm on a small tablet keeps
        its band's share of the shape, so it asks what the level asks, not less."""
        if self.copy_mode is not None:
            return self.tolerance_mm
        units = max(glyph.size_units)
        points = np.vstack(strokes)
        shown = float(np.max(points.max(axis=0) - points.min(axis=0))) / max(units, 1e-6)
        ratio = min(1.0, shown / self.parameters["size_mm"])
        return max(MIN_BAND_MM, min(self.tolerance_mm, self.tolerance_mm * ratio))

    def _shape_key(self, index: int) -> str:
        return self.plan[index][0].name

    def _guide_step(self, index: int) -> str:
        return self._guide(self.plan[index][1])

    def _show(self, index: int, now: float) -> TraceItem:
        glyph, repetition = self.plan[index]
        (target,) = self._targets(index)
        shown = self.parameters["demonstration"] and repetition == 0 and self.copy_mode is None
        demo_s = demo.demo_seconds(target) if shown else 0.0
        item = TraceItem(
            target,
            glyph=glyph,
            repetition=repetition,
            guide=self._guide(repetition),
            shown_at=now,
            demo_until=now + demo_s,
        )
        self.shown.append(item)
        self.touching.clear()
        self.view.new_item()
        self.help.new_shape()
        if self.copy_mode is not None:
            self.copy_mode.paint_ahead(index, self._targets)
        return item

    def demo_point(self, now: float) -> tuple[int, np.ndarray] | None:
        """Where the demonstration dot is at `now`: (stroke, point in mm), or None."""
        shown = self.demo_path(now)
        return None if shown is None else (shown[0], shown[1][-1])

    def demo_path(self, now: float) -> tuple[int, np.ndarray] | None:
        """The demonstration at `now`: (stroke, its points in mm up to the dot), or None
        (worked out once a frame: the update and the drawing both ask)."""
        asked = (now, id(self.item), self.item.demo_until)
        if self._demo_shown[0] != asked:
            self._demo_shown = (asked, demo.shown_so_far(self.item, now))
        return self._demo_shown[1]

    def update(self, dt: float) -> None:
        super().update(dt)
        now = self.context.clock.now()
        self._point_to_the_start(now)
        looking = self.help.after_failures and now >= self._help_looked_at + HELP_LOOK_S
        if looking and self.result is None and self.item.completed_at is None:
            self._help_looked_at = now  # (help waits for 30 s stuck: 4 looks a second do)
            so_far = stroke_help.progress(self.item)
            self._help_if_due(self.help.tick(so_far, self.active_time(now)))

    def _help_if_due(self, due: bool) -> None:
        """Help the child on with the shape on screen if `due` (activities/tracing/help.py)."""
        if due:
            stroke_help.easier(self.item)
            self.view.resize()  # the guide and band painted again, the trail kept

    def _point_to_the_start(self, now: float) -> None:
        """Say "start at the green dot" once, when the green start dot first shows: after
        the demonstration (its dot is another colour, so never while it runs), or at once
        at a level without one; not when the child has already begun tracing."""
        if self.start_dot_said or self.copy_mode or self.result or self.demo_point(now):
            return
        self.start_dot_said = True
        if self.voice is not None and self.first_contact_active_s is None:
            self.voice.say(START_AT_GREEN_DOT)

    def touch_areas(self) -> list[TouchArea]:
        """The start of the next stroke of the shape on screen (in writing order: the one
        the dot marks); none between two shapes. The strokes of a letter often begin at
        one point, so they are declared one at a time, as they come."""
        item = self.item
        if self.copy_mode is not None:
            return self.copy_mode.touch_areas(item)
        if item.completed_at is not None:
            return []
        stroke = item.current_stroke
        if stroke is None:
            return []
        return [
            self.start_area(f"{item.glyph.name} stroke {stroke + 1} start", item.target, stroke)
        ]

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if pointer.source == "key" or self.result is not None or self.ending:
            return False
        item = self.item
        if item.completed_at is not None:
            return True  # between shapes: wait for the next one
        point = pointer.position_mm
        if pointer.phase == "down":
            if pointer.t < item.demo_until:
                item.demo_until = pointer.t  # touching skips the demonstration
            if self.copy_mode is not None and self.copy_mode.on_finished(item, point):
                if item.contacts:
                    self._finish_copy(pointer.t)
                return True
            self._begin(pointer.pointer_id, point, pointer.t)
        elif pointer.pointer_id in self.touching:
            state = self.touching[pointer.pointer_id]
            self._extend(state, point, pointer.t)
            if pointer.phase in ("up", "cancel"):
                self._end(pointer.pointer_id)
                if self.help.after_failures and not self.touching and item.completed_at is None:
                    so_far = stroke_help.progress(item)
                    self._help_if_due(self.help.touch_ended(so_far, self.active_time(pointer.t)))
        return True

    def _begin(self, pointer_id: int, point: tuple[float, float], t: float) -> None:
        item = self.item
        current = item.current_stroke
        counted = True
        if self.copy_mode is not None:
            counted = self.copy_mode.drawing_counts(item, point)
        elif self.parameters["start_enforced"] and current is not None:
            start = item.strokes[current][0]
            reach = item.target.tolerance_mm + START_SLOP_MM
            counted = float(np.hypot(*(np.asarray(point) - start))) <= reach
        contact = Contact()
        state = ContactState(contact, counted, point)
        self.touching[pointer_id] = state
        if self.first_contact_active_s is None:
            self.first_contact_active_s = self.active_time(t)
        self.help.touch_began(stroke_help.progress(item), self.active_time(t))
        self._extend(state, point, t, first=True)

    def _extend(
        self, state: ContactState, point: tuple[float, float], t: float, first: bool = False
    ) -> None:
        item = self.item
        if first:  # a restart away from the start dot is a finger-down all the same
            (item.contacts if state.counted else item.ignored).append(state.contact)
        state.contact.add(t, *point)
        if state.counted:
            allowed = {item.current_stroke} if self.parameters["order_enforced"] else None
            distance = item.live.add_segment(state.last, point, allowed)
            inside = self.copy_mode is not None or bool(distance[-1] <= item.target.tolerance_mm)
        else:
            inside = False
        self.view.add_segment(state.last, point, inside, "counted" if state.counted else "ignored")
        state.last = point
        self._check_strokes(t)

    def _end(self, pointer_id: int) -> None:
        lifted = self.touching.pop(pointer_id)
        item = self.item
        if self.parameters["pen_lift_allowed"] or item.completed_at is not None:
            return
        if not lifted.counted or any(c.counted for c in self.touching.values()):
            return  # a resting palm lifting, or another finger still tracing: no restart
        for k in range(len(item.strokes)):  # a lift mid-stroke starts that stroke again
            if k not in item.done and item.live.stroke_coverage(k) > 0:
                item.live.reset_stroke(k)  # the trail stays as drawn: no flicker

    def _check_strokes(self, t: float) -> None:
        item = self.item
        if self.copy_mode is not None:
            return  # a copy is finished when the child says so (_finish_copy)
        required = self.parameters["coverage_required"]
        for k in range(len(item.strokes)):
            if k not in item.done and item.live.stroke_coverage(k) >= required:
                item.done.add(k)
        if len(item.done) == len(item.strokes) and item.completed_at is None:
            self.scores.append(self.work_out_later(item.score))
            self._shape_finished(t)

    def _finish_copy(self, t: float) -> None:
        """The child touched "finished" with something drawn: the copy is scored."""
        assert self.copy_mode is not None
        self.copy_mode.hand_in(self.item)
        self.touching.clear()
        self.scores.append(self.work_out_later(self.item.score))
        self._shape_finished(t)

    # -- scoring --------------------------------------------------------------------------

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        finished = [i for i in self.shown if i.completed_at is not None]
        current = self.item if not completed and self.item.completed_at is None else None
        scores, lengths = scores_so_far(self.scores, finished, current)
        total = combine_scores(scores, lengths) if scores else None
        accuracy = total.accuracy if total is not None else None
        metrics = {
            "shapes_completed": Metric(len(self.scores), "count"),
            "shapes_total": Metric(len(self.plan), "count"),
            "help_given": Metric(self.help.given, "count"),
        }
        if total is not None:
            values = total.measures(*(self.copy_mode.MEASURES if self.copy_mode else ()))
            values.pop("accuracy", None)  # the attempt's accuracy column, not a metric
            metrics.update(measured(values))
            metrics["watching_time_s"] = Metric(self.watching_time_s(), "s")
        if self.copy_mode is not None:
            accuracy = self.copy_mode.attempt_similarity(finished, current)
            if accuracy is not None:  # (accuracy for a copy: its shape similarity)
                metrics["shape_similarity"] = Metric(accuracy, "0..1")
        return self.shapes_outcome(
            completed,
            abort_reason,
            self.first_contact_active_s,
            accuracy,
            metrics,
            self.target_description(),
        )

    def watching_time_s(self) -> float:
        """Time (s of play, from the first contact on) the child spent on the app's turns
        rather than their own: the pause after each finished shape and the next shape's
        demonstration (until it ended, or the child touched to skip it). The first
        shape's demonstration comes before the first contact, so it is in neither."""
        first = self.first_contact_active_s
        if first is None:
            return 0.0
        now = self.scoring_now()
        total = 0.0
        for before, item in pairwise(self.shown):
            if before.completed_at is None:
                continue
            start = max(self.active_time(before.completed_at), first)
            end = self.active_time(min(max(item.demo_until, item.shown_at), now))
            total += max(0.0, end - start)
        return total

    def target_description(self) -> dict[str, Any]:
        """The shapes shown, in screen mm, with when they appeared (s from the start)."""
        copying = self.copy_mode is not None
        return {
            "kind": "copy" if copying else "trace",
            "tolerance_mm": self.tolerance_mm,  # the level's; each item's as shown below
            "px_per_mm": self.context.metrics.px_per_mm,
            "items": [
                {
                    "shape": self.stored_names[index],
                    "repetition": item.repetition + 1,
                    "guide": item.guide,
                    "tolerance_mm": round(item.target.tolerance_mm, 2),
                    "shown_at_s": round(item.shown_at - self.started_at, 4),
                    "strokes": [np.round(s, 2).tolist() for s in item.strokes],
                    **({"model": self.copy_mode.stored_model(item)} if self.copy_mode else {}),
                }
                for index, item in enumerate(self.shown)
            ],
        }

    # -- drawing --------------------------------------------------------------------------

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)
