"""A screen-sized surface composed in the spare time between frames: what a frame that
changes much of the screen (a colour wash's step, a reward's pictures fading a step) copies
whole instead of painting it in the frame (ui/damage.py, MovingParts.copied_whole)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import pygame

from sensory_games.ui.spare_time import SpareTime

#: What a layer holds, as a value standing for it (hashable, compared).
Shown = TypeVar("Shown", bound=Hashable)


class Layer(Generic[Shown]):
    """One screen-sized surface, composed in the spare time when asked, and reused."""

    def __init__(self) -> None:
        self.surface: pygame.Surface | None = None
        self.shows: Shown | None = None  # (what the surface holds; None: nothing yet)
        self.asked: Shown | None = None  # (what it was last asked to hold)
        self.extra: object = None  # (what else it holds, as asked: ask)

    def ask(
        self,
        screen: pygame.Surface,
        shown: Shown,
        paint: Callable[[pygame.Surface], None],
        spare_time: SpareTime,
        extra: object = None,
    ) -> None:
        """Have `paint` compose `shown` (a value standing for it) into this layer between
        frames; asked again for the same `shown`, nothing more is queued (`extra`: what
        else the picture holds, kept in :attr:`extra` with it: the blooms drawn over a
        step, which may have changed by the time it shows)."""
        if self.asked == shown:
            return
        self.asked = shown

        def compose() -> None:
            if self.asked != shown:
                return  # (another look was asked for since)
            size = screen.get_size()
            if self.surface is None or self.surface.get_size() != size:
                self.surface = pygame.Surface(size, 0, screen)  # (the screen's format)
            paint(self.surface)
            self.shows, self.extra = shown, extra

        spare_time.add(compose)

    def holding(self, shown: Shown) -> pygame.Surface | None:
        """The surface when it holds `shown`, else None."""
        return self.surface if self.shows == shown else None

    def forget(self) -> None:
        """Let the surface go (the scene that showed it ended)."""
        self.surface = self.shows = self.asked = self.extra = None
