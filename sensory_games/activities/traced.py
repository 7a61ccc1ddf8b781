"""What the traced activities share (tracing, mirror drawing): the settings of the band and
its guide, a path on screen with what the child has traced on it, and the scores so far.

Both follow a shape with a finger inside a band `tolerance_mm` wide either side of its
line; both score what was traced with :mod:`sensory_games.domain.path_scoring`. Their
drawing is shared in :mod:`sensory_games.ui.trace_layers`.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pygame

from sensory_games.activities.base import ActivityContext, Bot, TouchArea
from sensory_games.activities.shapes_in_turn import ShapesInTurn
from sensory_games.domain.child_movement import Touch
from sensory_games.domain.geometry import RectMM, rects_overlap
from sensory_games.domain.language import N_
from sensory_games.domain.path_scoring import (
    Contact,
    LiveCoverage,
    TargetPath,
    TraceScore,
    score_trace,
)
from sensory_games.domain.schema import Parameter
from sensory_games.ui.screen import MIN_TOUCH_MM
from sensory_games.ui.spare_time import Later, SpareTime
from sensory_games.ui.trace_layers import Guide

#: The strip (mm) at the top kept for the progress dots: a shape lifted clear of the
#: calm-down button's corner never goes into it.
DOTS_MM = 12.0
#: How far (mm) a shape may be lifted, in steps, before it is made smaller instead.
LIFTS_MM = tuple(float(mm) for mm in range(0, 42, 2))
#: The smallest a shape is made (mm a glyph unit), however small the screen.
MIN_SIZE_MM = 10.0
#: The copies of a shape laid out at a size (mm a glyph unit), lifted by so many mm.
LayOut = Callable[[float, float], "list[tuple[np.ndarray, ...]]"]  # (quoted: numpy is lazy)

#: What of a path is shown, most help first: band and centre line, a paler band, a
#: dotted centre line, nothing (traced from memory).
GUIDES = ("full", "faded", "dots", "none")


def band_parameters(
    tolerance_mm: float, tolerance_hint: str, guide_hint: str
) -> tuple[Parameter, Parameter]:
    """The `tolerance_mm` (default `tolerance_mm`, 2 to 30 mm) and `guide` settings, in this
    order, each activity with its own words for the therapist."""
    return (
        Parameter(
            "tolerance_mm",
            "float",
            tolerance_mm,
            N_("Tolerance"),
            tolerance_hint,
            unit="mm",
            minimum=2.0,
            maximum=30.0,
        ),
        Parameter("guide", "choice", "full", N_("Guide"), guide_hint, choices=GUIDES),
    )


def coverage_parameter(default: float, minimum: float, hint: str) -> Parameter:
    """The `coverage_required` setting: the share (0..1, at most 1) of a path to trace
    before it counts as done."""
    return Parameter(
        "coverage_required",
        "float",
        default,
        N_("Coverage to finish"),
        hint,
        unit="0..1",
        minimum=minimum,
        maximum=1.0,
    )


@dataclass
class TracedPath:
    """A path on screen (in mm) and what the child has traced on it: the coverage as it
    grows, finger by finger, and each contact for scoring; `ignored` holds the contacts
    the path did not take (a restart away from the start dot), which still count as
    finger-downs (extra lifts) and in the drawing and in-air times."""

    target: TargetPath
    live: LiveCoverage = field(init=False)
    contacts: list[Contact] = field(default_factory=list)
    ignored: list[Contact] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.live = LiveCoverage(self.target)

    @property
    def length_mm(self) -> float:
        """The length of all its strokes together (mm)."""
        return float(self.target.lengths_mm.sum())

    def score(self) -> TraceScore:
        """What has been traced on it, scored."""
        return score_trace(self.target, self.contacts, self.ignored)


def ready_to_score(target: TargetPath) -> None:
    """Build now the lookups scoring builds on first use (segment indexes, resampled
    points, stroke boxes), by counting each stroke's first point once: a shape shown later
    is then scored from its first touch without that wait (about 4 ms for a spiral)."""
    target.covered_points(np.array([stroke[0] for stroke in target.strokes]))


def scores_so_far(
    finished_scores: Sequence[Later[TraceScore]],
    finished: Sequence[TracedPath],
    current: TracedPath | None,
) -> tuple[list[TraceScore], list[float]]:
    """The scores of the finished paths and, if the unfinished `current` one has been
    touched, its score as it stands (an attempt that ends early still counts what was
    traced), with the lengths (mm) of the paths they are for, to weigh them together."""
    scores = [later.value for later in finished_scores]
    paths = list(finished)
    if current is not None and current.contacts:
        scores.append(current.score())
        paths.append(current)
    return scores, [path.length_mm for path in paths]


#: How many shapes after the one on screen are prepared ahead: every shipped level whole
#: (the longest, lower-case "a c o" four times, has 12 shapes), a long custom level a
#: window sliding one shape on as each starts (laying out, indexing and painting all 620
#: shapes of "uppercase lowercase digits" ten times took 6.7 s at 1920x1080).
AHEAD = 12


class TracedShapes(ShapesInTurn):
    """Base of the activities that trace shapes in turn inside a band (tracing, mirror
    drawing).

    The next AHEAD shapes are laid out and their scoring lookups built ahead, and their
    guides and finished looks painted between frames (:meth:`prepare_shapes`: when the
    level starts, then in the frame after each shape starts, for the one that came into
    the window, and once after the screen changes; a chore each), so the frame that
    shows the next shape only lays its painted guides on the backdrop (a spiral's band
    took about 17 ms to paint at 1920x1080, its index about 4 ms). The repetitions of a
    shape share one layout and index: they are laid out alike."""

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        #: The shapes laid out, ready to score, by _shape_key (of the shape on screen and
        #: those prepared ahead only).
        self._laid_out: dict[Hashable, tuple[TargetPath, ...]] = {}
        #: Their guides at each guide step, by (_shape_key, step).
        self._guides_of: dict[tuple[Hashable, str], list[Guide]] = {}
        #: The plan indices prepared ahead (None: to be prepared again).
        self._window: range | None = None
        self._preparing: object = None  # (the latest prepare_shapes call's own token)

    @abstractmethod
    def _lay_out_targets(self, index: int) -> tuple[TargetPath, ...]:
        """The path(s) of shape `index` of the plan laid out on screen (mm)."""

    @abstractmethod
    def _guide_step(self, index: int) -> str:
        """The guide step (one of GUIDES) shape `index` of the plan is shown with."""

    @abstractmethod
    def _shape_key(self, index: int) -> Hashable:
        """What shape `index`'s layout depends on besides the screen and the level's
        settings (its glyph's name): shapes with the same key share their layout."""

    def _targets(self, index: int) -> tuple[TargetPath, ...]:
        """The path(s) of shape `index`, ready to score: those laid out ahead or for
        another repetition of it if any, else laid out now."""
        key = self._shape_key(index)
        targets = self._laid_out.get(key)
        if targets is None:
            targets = self._laid_out[key] = self._lay_out_targets(index)
            for target in targets:
                ready_to_score(target)
        return targets

    def _guides(self, index: int) -> list[Guide]:
        """The guides of shape `index`'s path(s) as it is shown."""
        step = self._guide_step(index)
        key = (self._shape_key(index), step)
        if key not in self._guides_of:
            targets = self._targets(index)
            self._guides_of[key] = [Guide.of(t.strokes, t.tolerance_mm, step) for t in targets]
        return self._guides_of[key]

    def prepare(self, screen: pygame.Surface, ahead: SpareTime) -> None:
        """As the level opens: the shape on screen's guides painted and its layer laid out
        (10 ms at 1920x1080, in the frame that opened it), in the spare time before its
        first frame (which does what is not done yet), before the shapes to come."""
        context = self.context
        ahead.add(partial(self.view.paint_shown, context.metrics, context.palette))

    def prepare_shapes(self, paint_shown: bool = True) -> None:
        """Lay out the next AHEAD shapes after the one on screen, build their scoring
        lookups and paint their guides and finished looks, where not done yet (between
        frames: the shape on screen's guides now, unless `paint_shown` is False); forget
        those of shapes already shown."""
        window = range(len(self.shown), min(len(self.plan), len(self.shown) + AHEAD))
        if window == self._window:
            return
        self._window = window
        wanted = {self._shape_key(index) for index in (len(self.shown) - 1, *window)}
        self._laid_out = {k: v for k, v in self._laid_out.items() if k in wanted}
        self._guides_of = {k: v for k, v in self._guides_of.items() if k[0] in wanted}
        context = self.context
        if paint_shown:
            self.view.paint_shown(context.metrics, context.palette)
        self._preparing = asked = object()  # (this call's: a later one's chore replaces it)
        context.spare_time.add(partial(self._prepare_window, iter(window), [], asked))

    def _prepare_window(self, shapes: Iterator[int], guides: list[Guide], asked: object) -> None:
        """A chore: lay out and index the next of `shapes` (unless a later call asked again
        since), its guides added to `guides`; after the last, have them all painted, a
        chore each (one shape a chore: a spiral laid out and indexed takes a few ms)."""
        if asked is not self._preparing:
            return
        context = self.context
        index = next(shapes, None)
        if index is not None:
            guides += self._guides(index)
            context.spare_time.add(partial(self._prepare_window, shapes, guides, asked))
            return
        self.view.prepare(guides, context.metrics, context.palette, context.spare_time)

    def update(self, dt: float) -> None:
        """Play on; in a frame that did not show a new shape, prepare what came into the
        window (the frame that shows one only lays it on)."""
        shapes = len(self.shown)
        super().update(dt)
        if self.result is None and len(self.shown) == shapes:
            self.prepare_shapes()

    def _lay_out_again(self) -> None:
        """A new screen size or new corners: the shape on screen is laid out again now,
        those to come in the next frame (once, after both a resize and its new corners)."""
        self._laid_out.clear()
        self._guides_of.clear()
        self._window = None
        super()._lay_out_again()

    @property
    def tolerance_mm(self) -> float:
        """How far (mm) from the line still counts as on it: the band's half width."""
        return self.parameters["tolerance_mm"]

    def band_box(self, strokes: Sequence[np.ndarray]) -> RectMM:
        """The box (mm) round the band of one copy of a shape, with 2 mm to spare."""
        everything = np.vstack(strokes)
        pad = self.tolerance_mm + 2.0
        (x0, y0), (x1, y1) = everything.min(axis=0) - pad, everything.max(axis=0) + pad
        return (float(x0), float(y0), float(x1 - x0), float(y1 - y0))

    def clear_of_corners(self, lay_out: LayOut, size_mm: float) -> list[tuple[np.ndarray, ...]]:
        """The copies `lay_out` places, their bands clear of the reserved corners: at
        `size_mm` in their usual place if they fit there, else lifted (never into the
        progress dots' strip: a flat line low on a short screen clears the calm-down
        button this way at full size), else smaller, down to MIN_SIZE_MM (where a tiny
        screen gets them in their usual place, the best that can be done)."""
        while True:
            for lift in LIFTS_MM:
                copies = lay_out(size_mm, lift)
                boxes = [self.band_box(copy) for copy in copies]
                if lift and min(box[1] for box in boxes) < DOTS_MM:
                    break
                reserved = self.context.reserved_mm
                if not any(rects_overlap(box, rect) for box in boxes for rect in reserved):
                    return copies
            if size_mm <= MIN_SIZE_MM:
                return lay_out(size_mm, 0.0)
            size_mm = max(MIN_SIZE_MM, size_mm * 0.92)

    def start_area(self, name: str, target: TargetPath, stroke: int) -> TouchArea:
        """Where stroke `stroke` of `target` begins: the band's width round its first
        point (a trace that starts there is on the line). A band narrower than
        MIN_TOUCH_MM is the level's choice of precision (a thin band for an older child),
        so that is its least size, not MIN_TOUCH_MM."""
        band = 2 * target.tolerance_mm
        x, y = (float(v) for v in target.strokes[stroke][0])
        least = min(MIN_TOUCH_MM, band)
        return TouchArea.around(name, (x, y), band, band, oval=True, min_mm=least)


def play_touches(bot: Bot, touches: Sequence[Touch], start: float) -> float:
    """Plan `touches` (from :func:`sensory_games.domain.child_movement.plan_stroke`) as
    `bot`'s finger events from clock time `start` (s), a new finger each; returns the
    clock time of the last lift."""
    end = start
    for touch in touches:
        finger = bot.new_finger()
        last = len(touch.times) - 1
        for index, (t, (x, y)) in enumerate(zip(touch.times, touch.points, strict=True)):
            phase = "down" if index == 0 else ("up" if index == last else "move")
            bot.at(start + float(t), phase, finger, float(x), float(y))
        end = start + float(touch.times[-1])
    return end
