"""The colour wash's layers, composed in the spare time between frames.

A wash step changes every pixel (a step every third frame at full motion). Painting it in
its frame (the gradient's bands and the clouds: 1.3 ms at 1920x1080 here) and drawing every
bloom over it again (0.2-0.4 ms each) made the wash's slowest frames. So between frames:

- two layers (:class:`PlainSteps`) hold the step on screen and the next one, plain: a
  bloom that changes has its square copied from the one on screen (0.08 ms, against 0.15
  painted, and more than 1 ms where a cloud's edge passes), also in the frame of a step;
- another holds the next frame as it will look, its step and blooms (composed again
  after each frame that changed them): the frame of a step, or one whose blooms changed
  over more than COPY_SHARE of the screen (several fading at once: 2-2.4 ms painted again
  in their squares), copies it whole (0.9 ms at 1920x1080) and draws again only the
  blooms that differ from it, a new touch's (ui/damage.py, MovingParts.copied_whole).

A look no layer holds (the first step, a slider moved, a resize, a tool that leaves no
spare time) is painted in its frame as before: the same pixels. Both go when the calming
scene ends (activities/calming/view.py keeps them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic

import pygame

from sensory_games.ui.layer import Layer, Shown
from sensory_games.ui.spare_time import SpareTime


class PlainSteps(Generic[Shown]):
    """Two layers taking turns: one holds what is on screen, the other is composed with
    what comes next, so the frame that moves on finds it ready (and the one that held
    the last is composed with the one after)."""

    def __init__(self) -> None:
        self.layers = (Layer[Shown](), Layer[Shown]())

    def ask(
        self,
        screen: pygame.Surface,
        wanted: tuple[tuple[Shown, Callable[[pygame.Surface], None]], ...],
        spare_time: SpareTime,
    ) -> None:
        """Have each of `wanted` (what to hold, its painter: what is on screen first, then
        what comes next) composed between frames in a layer of its own, unless one holds
        it or was asked for it already; a layer asked for neither is taken for it."""
        keys = [shown for shown, _ in wanted]
        for shown, paint in wanted:
            if any(layer.asked == shown for layer in self.layers):
                continue
            free = next((layer for layer in self.layers if layer.asked not in keys), None)
            if free is not None:
                free.ask(screen, shown, paint, spare_time)

    def holding(self, shown: Shown) -> pygame.Surface | None:
        """The surface of the layer that holds `shown`, else None."""
        for layer in self.layers:
            held = layer.holding(shown)
            if held is not None:
                return held
        return None

    def forget(self) -> None:
        """Let both surfaces go (the scene that showed them ended)."""
        for layer in self.layers:
            layer.forget()
