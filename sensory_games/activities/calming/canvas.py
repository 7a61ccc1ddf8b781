"""What a calming scene's drawing keeps between frames, so that a frame drawn in parts
(ui/damage.py) touches only what changed: the moving parts drawn last frame, what they
looked like (a frame showing the same draws nothing at all), and the still layer they
move over (drawn once per screen size and look, then copied back where parts were).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
import pygame

from sensory_games.ui.damage import MovingParts


class Canvas:
    """One per calming activity (its view's memory; the scene itself is never changed
    by drawing)."""

    def __init__(self) -> None:
        self.parts = MovingParts()
        self._layer: pygame.Surface | None = None
        self._layer_look: Hashable | None = None
        self._buffer: np.ndarray | None = None

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

    def buffer(self, shape: tuple[int, ...]) -> np.ndarray:
        """A float array of `shape` to work in, the same one every frame (a new one only
        when the shape changes): no per-frame allocation for the glitter's hundreds of
        flakes."""
        if self._buffer is None or self._buffer.shape != shape:
            self._buffer = np.empty(shape)
        return self._buffer
