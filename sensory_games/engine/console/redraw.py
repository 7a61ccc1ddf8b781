"""What changed on the console since its last frame, so that a frame may draw only that
(ui/damage.py).

pygame_gui keeps no record of what it changed, but every change to what one of its
sprites shows passes through what the sprite holds (pygame_gui 0.6):

- a new look (hover, press, a text field's cursor, new text, a new picture) is a new
  image object: ``UIElement._set_image`` stores a copy of the drawable shape's surface,
  never the shape's own, so the element's image is never painted in place there;
- the one place an element's image *is* painted in place is ``_set_image_clip`` (an
  element partly inside a clipping container): it then changes the element's clip rect
  or its unclipped image, both noted here;
- a move is a new rect; shown, hidden, added, killed or a new layer changes the list of
  sprites drawn, in order.

So each drawn sprite's (image object, position, clip, unclipped image) is kept from one
frame to the next; a sprite that differs, appeared or went gives its old and new
rectangles (the image's size at its position: what a blit covers). The scroll bars the
console draws itself are compared by what fixes their look."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import pygame

#: What one sprite shows: its image object, rect (left, top) and image size (px), clip
#: rect and unclipped image (pygame_gui's own names: _image_clip, _pre_clipped_image).
Shown = tuple[object, tuple[int, int, int, int], object, object]


def shown_sprites(manager: Any) -> dict[object, Shown]:
    """Every sprite the manager draws now, in drawing order, with what it shows."""
    shown: dict[object, Shown] = {}
    for sprite in manager.get_sprite_group().sprites():
        image = sprite.image
        if image is None or not sprite.visible:
            continue
        clip = sprite._image_clip  # (pygame_gui's UIElement: every sprite of a manager)
        where = (sprite.rect.x, sprite.rect.y, *image.get_size())
        shown[sprite] = (
            image,
            where,
            None if clip is None else tuple(clip),
            sprite._pre_clipped_image,
        )
    return shown


def bar_looks(
    bars: Iterable[tuple[pygame.Rect, Hashable]],
) -> set[tuple[tuple[int, ...], Hashable]]:
    """Each scroll bar's rect (a tuple: rects are not hashable) with its look."""
    return {(tuple(rect), look) for rect, look in bars}


class ConsoleChanges:
    """The console's look kept from its last frame drawn: :meth:`regions` says where the
    next one differs."""

    def __init__(self) -> None:
        self._sprites: dict[object, Shown] = {}
        self._bars: set[tuple[tuple[int, ...], Hashable]] = set()

    def regions(
        self, manager: Any, bars: Iterable[tuple[pygame.Rect, Hashable]]
    ) -> list[pygame.Rect] | None:
        """Rectangles (px) where the console now differs from its last frame, and note the
        new look; None when the sprites' drawing order changed (draw it whole). `bars`:
        each scroll bar's rect and a value standing for its look."""
        last, bars_last = self._sprites, self._bars
        self.note(manager, bars)
        sprites, bars_now = self._sprites, self._bars
        common = [sprite for sprite in sprites if sprite in last]
        if common != [sprite for sprite in last if sprite in sprites]:
            return None  # (a new layer order: rare; every rect under it would be drawn)
        changed: list[Sequence[int]] = []
        for sprite, now in sprites.items():
            before = last.get(sprite)
            if before != now:
                changed.append(now[1])
                if before is not None:
                    changed.append(before[1])
        changed += [shown[1] for sprite, shown in last.items() if sprite not in sprites]
        changed += [rect for rect, _look in bars_now ^ bars_last]
        return [pygame.Rect(rect) for rect in dict.fromkeys(tuple(r) for r in changed)]

    def note(self, manager: Any, bars: Iterable[tuple[pygame.Rect, Hashable]]) -> None:
        """A whole frame was drawn: its look is the one to compare the next with."""
        self._sprites = shown_sprites(manager)
        self._bars = bar_looks(bars)
