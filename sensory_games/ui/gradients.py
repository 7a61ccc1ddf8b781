"""Full-screen soft vertical gradients: the background every child screen shares, and the
reward's glow.

Both are the same picture, row by row the colour `mix` gives (rounded half to even), a
one-pixel strip stretched to the screen's width. They differ in how the rows are worked
out, for when they are drawn:

- `vertical_gradient` (the shared background, kept in the drawing budget, ui/kept.py) is
  drawn when a screen changes, the launcher's first screen among them, which is drawn
  before numpy is loaded (cli/deferred_imports.py): its rows are plain Python, about 1 ms
  at 1080 rows on the build machine;
- `glow_gradient_picture` works them out with numpy, about 0.05 ms; the reward's glow
  steps (drawn inside the frames of its animation) are `glow_backdrop`s: a tile of the
  picture GRADIENT_TILE_PX wide, copied across the screen (or only under a part), never a
  full-screen surface (painting one and copying it took about 3 ms a step at 1920x1080).

A full-screen gradient is 8 MB at 1920x1080; the background every screen shares stays in
the budget.
"""

from __future__ import annotations

import numpy as np
import pygame

from sensory_games.domain.intensity import Colour
from sensory_games.ui.damage import TILE_PX, Backdrop
from sensory_games.ui.kept import SCENE, kept_by_bytes

#: A glow step's tile: this many px wide, as tall as the screen (1.1 MB at 1080 rows).
GRADIENT_TILE_PX = TILE_PX


@kept_by_bytes()
def vertical_gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> pygame.Surface:
    """The shared full-screen background from `top` to `bottom` (kept per size and
    colours); no numpy (see the module's docstring)."""
    last = max(1, size[1] - 1)
    shares = [row / last for row in range(size[1])]
    rows = bytearray(3 * size[1])
    for channel, (start, end) in enumerate(zip(top, bottom, strict=True)):
        rows[channel::3] = bytes(map(round, [start + (end - start) * s for s in shares]))
    return _stretched(bytes(rows), size)


def glow_gradient_picture(size: tuple[int, int], top: Colour, bottom: Colour) -> pygame.Surface:
    """The picture `vertical_gradient` draws, its rows worked out with numpy (not kept)."""
    shares = np.arange(size[1]) / max(1, size[1] - 1)
    start = np.array(top, dtype=float)
    rows = np.rint(start + (np.array(bottom, dtype=float) - start) * shares[:, None])
    return _stretched(rows.astype(np.uint8).tobytes(), size)


def _stretched(rows: bytes, size: tuple[int, int]) -> pygame.Surface:
    """The RGB `rows` (3 bytes a row, top first) as a strip stretched to `size`."""
    strip = pygame.Surface((1, size[1]))
    strip.blit(pygame.image.frombuffer(rows, (1, size[1]), "RGB"), (0, 0))
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        strip = strip.convert()  # (scaled in the screen's format: one full-size surface)
    return pygame.transform.scale(strip, size)


@kept_by_bytes(scope=SCENE, most=2)  # (a glow step, and the one before it: 1.1 MB each)
def glow_tile(width: int, height: int, top: Colour, bottom: Colour) -> pygame.Surface:
    """A glow step's picture `width` px wide (each row one colour), `height` px tall."""
    return glow_gradient_picture((width, height), top, bottom)


def glow_backdrop(size: tuple[int, int], top: Colour, bottom: Colour) -> Backdrop:
    """The gradient `glow_gradient_picture` draws on a screen of `size` (px), as a backdrop:
    a tile of it GRADIENT_TILE_PX wide (glow_tile, the reward's own) copied across the
    whole screen, or under a part only (the same pixels)."""

    def paint(surface: pygame.Surface, area: pygame.Rect | None) -> None:
        tile = prepare_glow(size, top, bottom)
        width = tile.get_width()
        area = surface.get_rect() if area is None else area
        for x in range(area.left, area.right, width):
            surface.blit(tile, (x, area.top), (0, area.top, min(width, area.right - x), area.h))

    return paint


def prepare_glow(size: tuple[int, int], top: Colour, bottom: Colour) -> pygame.Surface:
    """The tile `glow_backdrop(size, top, bottom)` copies across the screen, made now if it
    is not kept already: called for the coming glow step in the spare time between
    frames, so the frame that shows the step only copies it (making it took about 0.4 ms
    of that frame at 1920x1080)."""
    return glow_tile(min(GRADIENT_TILE_PX, size[0]), size[1], top, bottom)
