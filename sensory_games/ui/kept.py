"""Drawings kept by the bytes of their pixels, not by how many there are.

An lru_cache bounds a cache by its number of entries, but one drawing may be a few KB (a
beat mark) or several MB (a picture a third of the screen wide): a count that is right
for the small ones lets the big ones fill the memory. `KeptByBytes` keeps a drawing
function's results by their arguments and drops the longest unused first once their
pixels pass a limit in bytes (a dropped drawing is drawn again when asked for). Each
result counts at least MIN_ENTRY_BYTES, what keeping it costs besides its pixels, so
results with no pixels (None: a missing picture) or very few (a radius-1 disc: 36 B)
cannot grow the cache without bound.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

import pygame

Drawn = TypeVar("Drawn")  # a surface, or None for "could not be drawn"

#: What one kept result counts at least (bytes): its key, its place in the cache and the
#: Surface object itself (measured with tracemalloc: about 230-290 B in Python, plus SDL's
#: own surface record), whatever its pixels. A 2 MB cache then holds at most 4,096.
MIN_ENTRY_BYTES = 512


def pixel_bytes(surface: object) -> int:
    """The bytes of a drawing's pixels (nothing for no drawing)."""
    if not isinstance(surface, pygame.Surface):
        return 0
    return surface.get_width() * surface.get_height() * surface.get_bytesize()


def counted_bytes(surface: object) -> int:
    """What a kept result counts against a cache's limit: its pixels' bytes, at least
    MIN_ENTRY_BYTES."""
    return max(pixel_bytes(surface), MIN_ENTRY_BYTES)


class KeptByBytes(Generic[Drawn]):
    """`draw`'s results kept by their (positional) arguments, longest unused dropped first
    once their counted bytes (counted_bytes: pixels, at least MIN_ENTRY_BYTES each) pass
    `limit_bytes()` (a function: a test or a module may change the limit while the
    program runs). Always keeps the latest drawing, however big."""

    def __init__(self, draw: Callable[..., Drawn], limit_bytes: Callable[[], int]) -> None:
        self._draw = draw
        self._limit_bytes = limit_bytes
        self._kept: OrderedDict[tuple[object, ...], Drawn] = OrderedDict()
        self._bytes = 0
        self.__doc__ = draw.__doc__
        self.__wrapped__ = draw

    def __call__(self, *key: object) -> Drawn:
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        surface = self._draw(*key)
        self._kept[key] = surface
        self._bytes += counted_bytes(surface)
        while self._bytes > self._limit_bytes() and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= counted_bytes(dropped)
        return surface

    @property
    def kept_bytes(self) -> int:
        """The bytes counted for the results kept now (counted_bytes)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._kept)

    def cache_clear(self) -> None:
        """Forget every kept drawing (tests; a changed art folder)."""
        self._kept.clear()
        self._bytes = 0


def kept_by_bytes(
    limit_bytes: int,
) -> Callable[[Callable[..., pygame.Surface]], KeptByBytes[pygame.Surface]]:
    """Decorator: keep a drawing function's surfaces up to `limit_bytes` of pixels."""

    def wrap(draw: Callable[..., pygame.Surface]) -> KeptByBytes[pygame.Surface]:
        return KeptByBytes(draw, lambda: limit_bytes)

    return wrap
