"""Copy mode of tracing (`mode: copy`): visual-motor integration, as the Beery VMI
assesses it. The model is shown in one box, drawn, not traceable; the child draws it in an
empty box of the same size beside it and touches the green "finished" target when they
decide they have finished (or the level's time limit ends the attempt).

Where the boxes go: side by side on a landscape screen, the model on the side away from
the drawing hand (left for a right-handed child, right for a left-handed one, so the hand
never hides it); one above the other on a portrait screen, the model on top. The
"finished" target sits on the drawing box's outer side, away from the model.

Scoring: each copy is scored by :func:`sensory_games.domain.shape_similarity.shape_similarity`
of the model and every contact drawn; the tracing measures (strokes, lifts, speed) are
those of the contacts against the model's shape placed in the drawing box (never shown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sensory_games.activities.touch_area import TouchArea
from sensory_games.activities.traced import DOTS_MM, MIN_SIZE_MM
from sensory_games.domain.geometry import RectMM, rects_overlap
from sensory_games.domain.glyphs import Glyph
from sensory_games.domain.intensity import Palette
from sensory_games.domain.path_scoring import Contact
from sensory_games.domain.shape_similarity import shape_similarity
from sensory_games.ui.copy_layers import paint_copy_page
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import Later
from sensory_games.ui.trail_frame import Mark

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TraceItem, TracingActivity

#: The "finished" target's diameter (mm): a child target, at least 15 mm.
FINISHED_MM = 18.0
#: Space (mm) between the two boxes, and between the drawing box and the target.
GAP_MM = 8.0
#: Space (mm) kept free at the screen's edges.
EDGE_MM = 4.0
#: Room (mm) inside a box round the model: a copy drawn a little large still fits.
PAD_MM = 8.0


@dataclass(frozen=True)
class CopyLayout:
    """One shape's copy screen, in mm: the two boxes, the target's centre, the model's
    strokes in its box and the same strokes in the drawing box (to score against)."""

    model_box: RectMM
    drawing_box: RectMM
    finished_centre: tuple[float, float]
    model: tuple[np.ndarray, ...]
    target: tuple[np.ndarray, ...]

    @property
    def finished_box(self) -> RectMM:
        x, y = self.finished_centre
        half = FINISHED_MM / 2
        return (x - half, y - half, FINISHED_MM, FINISHED_MM)


def place(
    glyph: Glyph,
    metrics: ScreenMetrics,
    size_mm: float,
    left_handed: bool,
    reserved: Sequence[RectMM],
) -> CopyLayout:
    """The copy screen of `glyph` at `size_mm` a glyph unit, or smaller (down to
    MIN_SIZE_MM) until both boxes and the target are on screen, below the progress dots
    and clear of the `reserved` corners."""
    while True:
        layout = _at_size(glyph, metrics, size_mm, left_handed)
        boxes = (layout.model_box, layout.drawing_box, layout.finished_box)
        on_screen = all(
            x >= 0 and y >= DOTS_MM and x + w <= metrics.width_mm and y + h <= metrics.height_mm
            for x, y, w, h in boxes
        )
        clear = not any(rects_overlap(box, rect) for box in boxes for rect in reserved)
        if (on_screen and clear) or size_mm <= MIN_SIZE_MM:
            return layout
        size_mm = max(MIN_SIZE_MM, size_mm * 0.92)


def _at_size(glyph: Glyph, metrics: ScreenMetrics, size_mm: float, left_handed: bool) -> CopyLayout:
    width_u, height_u = glyph.size_units
    side = size_mm * max(1.0, width_u, height_u) + 2 * PAD_MM
    landscape = metrics.width_mm >= metrics.height_mm
    top = DOTS_MM + EDGE_MM
    middle_y = (top + metrics.height_mm - EDGE_MM) / 2
    centre_x = metrics.width_mm / 2
    outward = -1.0 if left_handed else 1.0  # the drawing hand's side
    offset = side / 2 + GAP_MM / 2
    if landscape:
        model_c = (centre_x - outward * offset, middle_y)
        drawing_c = (centre_x + outward * offset, middle_y)
    else:
        model_c = (centre_x, middle_y - offset)
        drawing_c = (centre_x, middle_y + offset)
    finished = (drawing_c[0] + outward * (side / 2 + GAP_MM + FINISHED_MM / 2), drawing_c[1])

    def box(centre: tuple[float, float]) -> RectMM:
        return (centre[0] - side / 2, centre[1] - side / 2, side, side)

    return CopyLayout(
        box(model_c),
        box(drawing_c),
        finished,
        glyph.layout(size_mm, model_c),
        glyph.layout(size_mm, drawing_c),
    )


class CopyMode:
    """What copy mode adds to a tracing attempt: each shape's copy layout, the input on
    the "finished" target, the similarity scores and the drawing of boxes and model."""

    #: The tracing measures a copy reports: those of the child's own movement. Coverage,
    #: deviation, stroke order and direction compare the drawing with the model laid in
    #: the empty box at full size, which a copy need not match (a smaller copy in a
    #: corner is as good a copy): its form is `shape_similarity`.
    MEASURES = (
        "path_length_mm",
        "extra_lifts",
        "in_air_time_s",
        "drawing_time_s",
        "speed_mean_mm_s",
        "ncv_per_stroke",
    )

    def __init__(self, activity: TracingActivity) -> None:
        self.activity = activity
        #: The copy layout of each shape laid out, by its glyph's name.
        self.layouts: dict[str, CopyLayout] = {}
        #: The painted boxes, model and tick of the shape on screen and of the next one
        #: (painted ahead between frames: paint_ahead), each as (layout, palette, layer,
        #: where its corner goes in px), by id(layout).
        self._pages: dict[int, tuple[CopyLayout, Palette, pygame.Surface, tuple[int, int]]] = {}
        #: The similarity (0..1) of each finished copy, in order.
        self.similarities: list[Later[float]] = []  # (worked out between frames)

    def lay_out(self, glyph: Glyph, size_mm: float) -> tuple[np.ndarray, ...]:
        """Lay out `glyph`'s copy screen; returns the strokes to score against."""
        context = self.activity.context
        layout = place(
            glyph, context.metrics, size_mm, self.activity.left_handed, context.reserved_mm
        )
        self.layouts[glyph.name] = layout
        return layout.target

    def layout_of(self, item: TraceItem) -> CopyLayout:
        return self.layouts[item.glyph.name]

    def touch_areas(self, item: TraceItem) -> list[TouchArea]:
        """The drawing box and the "finished" target (no target between two shapes)."""
        if item.completed_at is not None:
            return []
        layout = self.layout_of(item)
        x, y, w, h = layout.drawing_box
        return [
            TouchArea(f"{item.glyph.name} drawing box", x, y, w, h),
            TouchArea.around(
                "finished", layout.finished_centre, FINISHED_MM, FINISHED_MM, oval=True
            ),
        ]

    def on_finished(self, item: TraceItem, point: tuple[float, float]) -> bool:
        """Whether a finger put down at `point` (mm) is on the "finished" target (which
        hands the copy in if something is drawn, and is never drawn on)."""
        cx, cy = self.layout_of(item).finished_centre
        return float(np.hypot(point[0] - cx, point[1] - cy)) <= FINISHED_MM / 2

    def drawing_counts(self, item: TraceItem, point: tuple[float, float]) -> bool:
        """Whether a contact beginning at `point` (mm) is part of the copy: any that does
        not begin on the model's box (going over the model is not copying it; a stroke
        begun just outside the empty box is)."""
        x, y, w, h = self.layout_of(item).model_box
        return not (x <= point[0] <= x + w and y <= point[1] <= y + h)

    def similarity(self, item: TraceItem) -> float:
        """How alike the copy drawn so far is to the model (0..1)."""
        return self._similarity_of(item)()

    def hand_in(self, item: TraceItem) -> None:
        """The child handed the copy of `item` in: its similarity is worked out between
        frames (ui/spare_time.py), of the model and the strokes as they are now (a resize
        meanwhile lays the model out again)."""
        self.similarities.append(self.activity.work_out_later(self._similarity_of(item)))

    def _similarity_of(self, item: TraceItem) -> Callable[[], float]:
        """The similarity of the copy of `item` as it is now, to work out when called."""
        return partial(shape_similarity, self.layout_of(item).model, drawn(item.contacts))

    def attempt_similarity(
        self, finished: Sequence[TraceItem], current: TraceItem | None
    ) -> float | None:
        """The attempt's similarity: the finished copies' and the one being drawn (if
        anything is drawn of it), weighed by their models' lengths (as tracing's scores
        are); None when nothing was copied."""
        values = [later.value for later in self.similarities]
        items = list(finished)
        if current is not None and current.contacts:
            values.append(self.similarity(current))
            items.append(current)
        if not values:
            return None
        weights = [item.length_mm for item in items]
        return float(np.average(values, weights=weights)) if sum(weights) > 0 else values[0]

    def stored_model(self, item: TraceItem) -> list[list[list[float]]]:
        """The model's strokes as shown (mm, 2 decimals), for the stored target."""
        return [np.round(stroke, 2).tolist() for stroke in self.layout_of(item).model]

    def mark(self, item: TraceItem) -> Mark:
        """The boxes, the model and the tick, as a mark: painted once a shape (and
        palette) onto a surface just their size, then copied (clipped to what changed, on
        a frame drawn in parts)."""
        sprite, corner = self._page(self.layout_of(item))
        return Mark(
            ("copy", id(sprite)),
            sprite.get_rect(topleft=corner),
            lambda surface: surface.blit(sprite, corner),
        )

    def paint_ahead(self, shown: int, lay_out: Callable[[int], object]) -> None:
        """As shape `shown` of the plan shows: lay out (`lay_out(index)`, the activity's)
        and paint the page of the one after it in the spare time between frames
        (ui/spare_time.py; painting took 1-2 ms at 1920x1080), so the frame that shows it
        only copies it; let the pages of the shapes before go."""
        glyphs = [glyph for glyph, _ in self.activity.plan]
        following = glyphs[shown + 1] if shown + 1 < len(glyphs) else None
        laid_out = (self.layouts.get(g.name) for g in (glyphs[shown], following) if g)
        keep = {id(layout) for layout in laid_out if layout is not None}
        self._pages = {key: page for key, page in self._pages.items() if key in keep}
        if following is None:
            return

        def paint() -> None:
            lay_out(shown + 1)  # (as prepare_shapes would)
            self._page(self.layouts[following.name])

        self.activity.context.spare_time.add(paint)

    def _page(self, layout: CopyLayout) -> tuple[pygame.Surface, tuple[int, int]]:
        """`layout`'s page at the palette shown now (painted if not yet) and its corner."""
        context = self.activity.context
        palette = context.palette
        painted = self._pages.get(id(layout))
        if painted is None or painted[0] is not layout or painted[1] is not palette:
            # the tick looks the same all the time (a tap before anything is drawn does
            # nothing): lighting it up as a copy begins and hiding it as each is handed in
            # flickered beyond the flash limit when a name's letters came one after another
            page, corner = paint_copy_page(
                context.metrics,
                palette,
                (layout.model_box, layout.drawing_box),
                layout.model,
                (layout.finished_centre, FINISHED_MM),
            )
            painted = (layout, palette, page, corner)
            self._pages[id(layout)] = painted
        return painted[2], painted[3]


def drawn(contacts: Sequence[Contact]) -> list[np.ndarray]:
    """The contacts' points (mm), one stroke per contact."""
    return [c.points for c in contacts if c.t]
