"""Mirror drawing (symmetric motor): trace two mirror-image paths at the same time, one
finger of each hand, one copy on each half of the screen.

Scoring reuses the tracing module (:mod:`sensory_games.domain.path_scoring`) for each hand; the
lag between the hands compares when each hand reached the same share of its path.
Definitions in docs/metrics.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pygame

from sensory_games.activities.base import ActivityContext, TouchArea
from sensory_games.activities.bilateral.hands import HANDS
from sensory_games.activities.bilateral.mirror import view
from sensory_games.activities.bilateral.mirror.bot import MirrorBot
from sensory_games.activities.bilateral.mirror.params import SCHEMA
from sensory_games.activities.bilateral.two_handed import TwoHandedActivity, per_hand_chart
from sensory_games.activities.traced import (
    MIN_SIZE_MM,
    TracedPath,
    TracedShapes,
    scores_so_far,
)
from sensory_games.domain import scoring
from sensory_games.domain.glyphs import Glyph, glyph_library
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.path_scoring import (
    MEASURE_UNITS,
    Contact,
    TargetPath,
    TraceScore,
    combine_scores,
)
from sensory_games.domain.pointer import Hand, PointerEvent
from sensory_games.domain.prompts import GOAL_MIRROR
from sensory_games.domain.report_spec import Chart, Overlays
from sensory_games.domain.schema import SchemaError
from sensory_games.ui.spare_time import Later

#: Space (mm) kept free above and below each copy (progress dots on top), and beside
#: it (at the screen's edge and at the middle).
MARGIN_MM = 16.0
SIDE_MARGIN_MM = 4.0
#: The tracing measures reported for each hand (prefixed left_ / right_).
HAND_MEASURES = (
    "accuracy",
    "coverage",
    "deviation_mean_mm",
    "deviation_max_mm",
    "path_length_mm",
    "speed_mean_mm_s",
    "extra_lifts",
    "in_air_time_s",
)
#: The lag between the hands is compared at these shares of the coverage required.
LAG_MILESTONES = tuple(k / 10 for k in range(1, 11))


@dataclass
class MirrorSide(TracedPath):
    """One hand's copy of the path and what that hand has traced on it."""

    progress: list[tuple[float, float]] = field(default_factory=list)  # (play s, coverage)

    def next_stroke(self, required: float) -> int | None:
        """The first stroke not yet covered to `required` (None: all are)."""
        strokes = range(len(self.target.strokes))
        return next((k for k in strokes if self.live.stroke_coverage(k) < required), None)

    def done(self, required: float) -> bool:
        return self.next_stroke(required) is None


@dataclass
class MirrorItem:
    """One pair of mirror-image paths, shown at `shown_at` (clock s)."""

    glyph: Glyph
    shown_at: float
    sides: dict[Hand, MirrorSide]
    completed_at: float | None = None


def progress_times(side: MirrorSide, shares: tuple[float, ...]) -> list[float | None]:
    """When (play s) this hand's coverage of its path first reached each share (None
    for a share never reached). Coverage, not position along the path, so a circle's
    start (which is also its end) does not count as finished."""
    out: list[float | None] = []
    for share in shares:
        out.append(next((t for t, covered in side.progress if covered >= share - 1e-9), None))
    return out


def hand_lags_ms(item: MirrorItem, required: float) -> list[float]:
    """Right hand's time minus left hand's (ms) at each tenth of the coverage required,
    for the milestones both hands reached (negative: the right hand was ahead)."""
    shares = tuple(k * required for k in LAG_MILESTONES)
    left = progress_times(item.sides["left"], shares)
    right = progress_times(item.sides["right"], shares)
    pairs = zip(left, right, strict=True)
    return [(r - lt) * 1000.0 for lt, r in pairs if lt is not None and r is not None]


class MirrorActivity(TwoHandedActivity, TracedShapes):
    """Trace mirror-image paths with both hands at once."""

    slug: ClassVar[str] = "bilateral_mirror"
    title: ClassVar[str] = N_("Mirror drawing")
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_MIRROR,)
    recorded_metrics: ClassVar[dict[str, str]] = {
        **{f"{hand}_{name}": MEASURE_UNITS[name] for hand in HANDS for name in HAND_MEASURES},
        "lag_mean_ms": "ms",
        "lag_mean_abs_ms": "ms",
        "lag_max_ms": "ms",
        "paths_completed": "count",
        "paths_total": "count",
    }
    signed_metrics: ClassVar[frozenset[str]] = frozenset({"lag_mean_ms"})
    schema = SCHEMA
    bot_class = MirrorBot
    input_needs: ClassVar[str] = "two_touch"
    report_charts: ClassVar[tuple[Chart, ...]] = (
        per_hand_chart(
            N_("Accuracy per hand"),
            "accuracy",
            axis="0..1",
            empty=N_("no accuracy per hand recorded"),
            fraction=True,
        ),
        Chart(
            "signed_times",
            N_("Lag between the hands"),
            ("lag_mean_ms",),
            axis=N_("ms (+: right behind)"),
            empty=N_("no lag recorded (the hands never reached a milestone together)"),
            legend=N_("mean lag per attempt"),
            hollow=True,
        ),
    )
    #: One overlay a row: the two mirror-image paths side by side need the page's width.
    report_overlays: ClassVar[Overlays | None] = Overlays(
        columns=1,
        rows=4,
        scores=N_("accuracy: left hand {left_accuracy:.2f}, right hand {right_accuracy:.2f}"),
    )
    replayable: ClassVar[bool] = True

    @classmethod
    def check_level(cls, parameters: dict[str, Any], config_dir: Path) -> None:
        library = glyph_library(config_dir)
        if not parameters["paths"].split():
            raise SchemaError("paths", parameters["paths"], "must name at least one shape")
        try:
            library.names(parameters["paths"])  # (no shape's points worked out: a check)
        except KeyError as error:
            raise SchemaError(
                "paths", parameters["paths"], f"{error.args[0]!r} is not a shape in glyphs/"
            ) from None

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.check_level(self.parameters, context.config_dir)
        self.plan = glyph_library(context.config_dir).resolve(self.parameters["paths"])
        self.shown: list[MirrorItem] = []
        #: Each hand's finished paths' scores (worked out between frames: ui/spare_time.py)
        self.scores: dict[str, list[Later[TraceScore]]] = {hand: [] for hand in HANDS}
        self.lags_ms: list[float] = []
        self.first_contact_at: float | None = None
        self._last: dict[int, tuple[float, float]] = {}
        self._contact: dict[int, Contact] = {}
        self.view = view.MirrorView(self)
        self.item = self._show(0, self.started_at)
        self.prepare_shapes(paint_shown=False)  # (painted by `prepare`, or its first frame)

    def _layout(self, glyph: Glyph) -> dict[str, tuple[np.ndarray, ...]]:
        """The left copy centred in the left half; the right copy its mirror image."""
        metrics = self.context.metrics
        width, height = glyph.size_units
        band = 2 * self.tolerance_mm
        room_w = max(metrics.width_mm / 2 - 2 * SIDE_MARGIN_MM - band, MIN_SIZE_MM)
        room_h = max(metrics.height_mm - 2 * MARGIN_MM - band, MIN_SIZE_MM)
        size = self.parameters["size_mm"]
        if width > 0:
            size = min(size, room_w / width)
        if height > 0:
            size = min(size, room_h / height)
        x, y = metrics.width_mm / 4, metrics.height_mm / 2 + MARGIN_MM / 4
        mirror, shift = np.array([-1.0, 1.0]), np.array([metrics.width_mm, 0.0])

        def placed(size_mm: float, lift_mm: float) -> list[tuple[np.ndarray, ...]]:
            left = glyph.layout(size_mm, (x, y - lift_mm))
            return [left, tuple(stroke * mirror + shift for stroke in left)]

        left, right = self.clear_of_corners(placed, max(size, MIN_SIZE_MM))
        return {"left": left, "right": right}

    def _lay_out_targets(self, index: int) -> tuple[TargetPath, ...]:
        """The left and the right copy of shape `index` (in HANDS' order)."""
        strokes = self._layout(self.plan[index])
        return tuple(TargetPath(strokes[hand], self.tolerance_mm) for hand in HANDS)

    def _shape_key(self, index: int) -> str:
        return self.plan[index].name

    def _guide_step(self, index: int) -> str:
        return str(self.parameters["guide"])

    def _show(self, index: int, now: float) -> MirrorItem:
        targets = self._targets(index)
        sides = {hand: MirrorSide(target) for hand, target in zip(HANDS, targets, strict=True)}
        item = MirrorItem(self.plan[index], now, sides)
        self.shown.append(item)
        self._last.clear()
        self._contact.clear()
        self.hands.release_all()
        self.view.new_item()
        return item

    def touch_areas(self) -> list[TouchArea]:
        """The two start points, one each side: where each hand begins its copy's next
        stroke (none between two pairs)."""
        item = self.item
        if item.completed_at is not None:
            return []
        required = self.parameters["coverage_required"]
        areas = []
        for hand, side in item.sides.items():
            stroke = side.next_stroke(required)
            if stroke is not None:
                areas.append(self.start_area(f"{hand} start", side.target, stroke))
        return areas

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.result is not None or self.ending or pointer.source == "key":
            return False
        if self.item.completed_at is not None:
            return True  # between pairs: wait for the next one
        hand = self.hand_for(pointer)
        if hand is None:
            return True
        side = self.item.sides[hand]
        point = pointer.position_mm
        pid = pointer.pointer_id
        if pointer.phase == "down":
            self._contact[pid] = Contact()
            side.contacts.append(self._contact[pid])
            self._last[pid] = point
            if self.first_contact_at is None:
                self.first_contact_at = pointer.t
        contact = self._contact.get(pid)
        if contact is None:
            return True
        contact.add(pointer.t, *point)
        distance = side.live.add_segment(self._last[pid], point)
        covered = side.live.coverage()
        if not side.progress or covered > side.progress[-1][1]:
            side.progress.append((self.active_time(pointer.t), covered))  # play time
        inside = bool(distance[-1] <= self.tolerance_mm)
        self.view.add_segment(self._last[pid], point, inside, hand)
        self._last[pid] = point
        if pointer.phase in ("up", "cancel"):
            del self._contact[pid], self._last[pid]
        self._check_done(pointer.t)
        return True

    def _check_done(self, t: float) -> None:
        item = self.item
        required = self.parameters["coverage_required"]
        if item.completed_at is not None or not all(s.done(required) for s in item.sides.values()):
            return
        for hand, side in item.sides.items():
            self.scores[hand].append(self.work_out_later(side.score))
        self.lags_ms.extend(hand_lags_ms(item, self.parameters["coverage_required"]))
        self._shape_finished(t)

    # -- scoring --------------------------------------------------------------------------

    def _hand_scores(self, hand: Hand) -> tuple[list[TraceScore], list[float]]:
        """This hand's scores (with the unfinished pair when the attempt ended early) and
        the lengths (mm) of the paths they are for."""
        finished = [i.sides[hand] for i in self.shown if i.completed_at is not None]
        current = self.item.sides[hand] if self.item.completed_at is None else None
        return scores_so_far(self.scores[hand], finished, current)

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        lags = list(self.lags_ms)
        if not completed and self.item.completed_at is None:
            lags.extend(hand_lags_ms(self.item, self.parameters["coverage_required"]))
        metrics: dict[str, Metric] = {
            "paths_completed": Metric(len(self.scores["left"]), "count"),
            "paths_total": Metric(len(self.plan), "count"),
        }
        all_scores: list[TraceScore] = []
        all_lengths: list[float] = []
        for hand in HANDS:
            scores, lengths = self._hand_scores(hand)
            all_scores += scores
            all_lengths += lengths
            if not scores:
                continue
            total = combine_scores(scores, lengths)
            values = total.measures(*HAND_MEASURES)
            metrics.update(measured(values, f"{hand}_"))
        lag_values: dict[str, tuple[float | None, str]] = {
            "lag_mean_abs_ms": (scoring.mean([abs(v) for v in lags]), "ms"),
            "lag_mean_ms": (scoring.mean(lags), "ms"),
            "lag_max_ms": (max((abs(v) for v in lags), default=None), "ms"),
        }
        metrics.update(measured(lag_values))
        overall = combine_scores(all_scores, all_lengths) if all_scores else None
        first_contact_s = (
            self.active_time(self.first_contact_at) if self.first_contact_at is not None else None
        )
        accuracy = overall.accuracy if overall is not None else None
        return self.shapes_outcome(
            completed,
            abort_reason,
            first_contact_s,
            accuracy,
            metrics,
            {
                "kind": "mirror",
                "contact_hands": self.contact_hands(),
                "tolerance_mm": self.tolerance_mm,
                "px_per_mm": self.context.metrics.px_per_mm,
                "items": [
                    {
                        "shape": item.glyph.name,
                        "shown_at_s": round(item.shown_at - self.started_at, 4),
                        **{
                            hand: [np.round(s, 2).tolist() for s in side.target.strokes]
                            for hand, side in item.sides.items()
                        },
                    }
                    for item in self.shown
                ],
            },
        )

    # -- drawing --------------------------------------------------------------------------

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)
