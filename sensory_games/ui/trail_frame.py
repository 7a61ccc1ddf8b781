"""A traced activity's frame drawn in parts (issue 22's dirty rectangles): its trail layer
(ui/trace_layers.TrailCanvas: backdrop, guides and the trail painted segment by segment)
with marks over it (progress dots, copy mode's boxes, the demonstration, a finished
shape's colour, the start dot).

On a frame drawn in parts only what changed is drawn again: the new trail segments'
rectangles and the marks whose look changed (or that such a rectangle touched), each
restored from the layer first. The regions to draw are kept apart (overlapping ones
are joined), so nothing alpha-blended is ever drawn twice over itself.

Two kinds of mark: one drawn only by blitting sprites (`blits_only`) is drawn again
clipped to each region it touches (a clipped blit gives exactly the pixels of a whole
one); any other (smooth lines and polygons, whose pixels pygame computes differently
when clipped) is drawn whole, over its whole rectangle restored first. Those come last.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import pygame

from sensory_games.ui.damage import Damage, joined


@dataclass(frozen=True, eq=False)
class Mark:
    """Something drawn over the trail layer. Equal `key`s mean the same pixels; `rect`
    (px) holds every pixel `draw` touches; `blits_only`: `draw` only blits sprites."""

    key: Hashable
    rect: pygame.Rect
    draw: Callable[[pygame.Surface], object]
    blits_only: bool = True


class TrailFrame:
    """Draws a frame of trail layer and marks, whole or in parts, remembering which marks
    it drew where (one per view)."""

    def __init__(self) -> None:
        self._drawn: dict[str, tuple[Hashable, pygame.Rect]] = {}

    def draw(
        self,
        surface: pygame.Surface,
        damage: Damage,
        layer: pygame.Surface,
        fresh: Sequence[pygame.Rect] | None,
        marks: dict[str, Mark],
        covered: Sequence[pygame.Rect] = (),
    ) -> None:
        """Draw `layer` and `marks` (by name, bottom first: those not `blits_only` last)
        onto `surface`. `fresh`: the rectangles (px) of the layer painted since the last
        frame (None: all of it was). `covered`: where the engine draws over the activity
        (the calm-down button's corner): drawn again whole when a change touches it, so
        anything under it is restored whole before it is drawn over again; the damage's
        fresh rectangles (what the engine draws over the scene this frame) always are."""
        names = list(marks)
        whole_kinds = [not marks[name].blits_only for name in names]
        if whole_kinds != sorted(whole_kinds):
            raise ValueError(f"marks drawn whole must come last: {names}")
        if fresh is None or not damage.drawing_parts():
            surface.blit(layer, (0, 0))
            for mark in marks.values():
                mark.draw(surface)
            damage.add(surface.get_rect())  # (the layer laid out anew while in parts)
        else:
            dirty = [*fresh, *self._changed(marks), *damage.fresh]
            self._draw_parts(surface, damage, layer, dirty, marks, [*covered, *damage.fresh])
        self._drawn = {name: (mark.key, mark.rect) for name, mark in marks.items()}

    def _changed(self, marks: dict[str, Mark]) -> list[pygame.Rect]:
        """Where marks appeared, went or changed their look since the last frame."""
        rects = []
        for name in {*self._drawn, *marks}:
            before, now = self._drawn.get(name), marks.get(name)
            if before is not None and (now is None or now.key != before[0]):
                rects.append(before[1])
            if now is not None and (before is None or now.key != before[0]):
                rects.append(now.rect)
        return rects

    @staticmethod
    def _draw_parts(
        surface: pygame.Surface,
        damage: Damage,
        layer: pygame.Surface,
        dirty: list[pygame.Rect],
        marks: dict[str, Mark],
        covered: Sequence[pygame.Rect],
    ) -> None:
        whole = [mark for mark in marks.values() if not mark.blits_only]
        regions = joined(dirty)
        redrawn: set[int] = set()  # (ids of the marks drawn whole again)
        wholly = [*(mark.rect for mark in whole), *covered]  # (restored all or not at all)
        while touched := [
            k
            for k, rect in enumerate(wholly)
            if k not in redrawn and rect.collidelist(regions) >= 0
        ]:
            redrawn |= set(touched)  # (each restored whole, which may touch more)
            regions = joined([*regions, *(wholly[k] for k in touched)])
        for region in regions:
            surface.set_clip(region)
            surface.blit(layer, region, region)
            for mark in marks.values():
                if mark.blits_only and mark.rect.colliderect(region):
                    mark.draw(surface)
            damage.add(region)
        surface.set_clip(None)
        for k, mark in enumerate(whole):
            if k in redrawn:
                mark.draw(surface)
