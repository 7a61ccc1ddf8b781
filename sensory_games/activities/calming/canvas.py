"""What a calming scene's drawing keeps between frames, so that a frame drawn in parts
(ui/damage.py) touches only what changed: the moving parts drawn last frame, what they
looked like (a frame showing the same draws nothing at all), and the still layer they
move over (drawn once per screen size and look, then copied back where parts were).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
import pygame

from sensory_games.domain.intensity import Colour
from sensory_games.ui.damage import Backdrop, MovingParts


class Canvas:
    """One per calming activity (its view's memory; the scene itself is never changed
    by drawing)."""

    def __init__(self) -> None:
        self.parts = MovingParts()
        self._layer: pygame.Surface | None = None
        self._layer_look: Hashable | None = None
        self._buffer: np.ndarray | None = None
        self._tile: pygame.Surface | None = None  # (flat_backdrop's: the size it grew to)
        self._tile_colour: Colour | None = None

    def still_layer(
        self,
        screen: pygame.Surface,
        look: Hashable,
        paint: Callable[[pygame.Surface], None],
    ) -> pygame.Surface:
        """The still layer for `screen` (its size and pixel format: plain copies onto
        it), painted by `paint` only when the screen's size or the `look` changed; the
        same surface is reused while the size stays."""
        size = screen.get_size()
        if self._layer is None or self._layer.get_size() != size:
            self._layer, self._layer_look = pygame.Surface(size, 0, screen), None
        if self._layer_look != (size, look):
            paint(self._layer)
            self._layer_look = (size, look)
        return self._layer

    def flat_backdrop(self, screen: pygame.Surface, colour: Colour) -> Backdrop:
        """A backdrop of one colour, like ui/damage.flat_backdrop, but painting parts by
        copying from a tile of that colour: SDL fills a rectangle narrower than the
        screen several times slower than it copies one (about 0.4 against 0.13 ms for a
        700 x 900 px breathing shape at 1920x1080). The tile grows to the largest part
        painted (in 64 px steps) and is kept while the colour and size serve."""

        def paint(surface: pygame.Surface, area: pygame.Rect | None) -> None:
            if area is None:
                surface.fill(colour)
                return
            tile = self._tile
            if tile is None or self._tile_colour != colour:
                tile, self._tile_colour = None, colour
            if tile is None or tile.get_width() < area.w or tile.get_height() < area.h:
                width, height = (
                    area.size
                    if tile is None
                    else (
                        max(area.w, tile.get_width()),
                        max(area.h, tile.get_height()),
                    )
                )
                tile = pygame.Surface((-(-width // 64) * 64, -(-height // 64) * 64), 0, screen)
                tile.fill(colour)
                self._tile = tile
            surface.blit(tile, area, pygame.Rect((0, 0), area.size))

        return paint

    def buffer(self, shape: tuple[int, ...]) -> np.ndarray:
        """A float array of `shape` to work in, the same one every frame (a new one only
        when the shape changes): no per-frame allocation for the glitter's hundreds of
        flakes."""
        if self._buffer is None or self._buffer.shape != shape:
            self._buffer = np.empty(shape)
        return self._buffer
