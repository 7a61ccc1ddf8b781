"""Full-screen soft vertical gradients: the background every child screen shares, and the
reward's glow.

Both are the same picture, row by row the colour `mix` gives (rounded half to even), a
one-pixel strip stretched to the screen's width. They differ in how the rows are worked
out, for when they are drawn:

- `vertical_gradient` (the shared background, kept in the drawing budget, ui/kept.py) is
  drawn when a screen changes, the launcher's first screen among them, which is drawn
  before numpy is loaded (cli/deferred_imports.py): its rows are plain Python, about 1 ms
  at 1080 rows on the build machine;
- `glow_gradient_picture` (a reward's glow steps, drawn inside the frames of its
  animation) works them out with numpy, about 0.05 ms.

A full-screen gradient is 8 MB at 1920x1080; the background every screen shares stays in
the budget, a screen's own (the reward's glow steps) go with it.
"""

from __future__ import annotations

import numpy as np
import pygame

from sensory_games.domain.intensity import Colour
from sensory_games.ui.kept import kept_by_bytes


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


def glow_gradient_picture(
    size: tuple[int, int], top: Colour, bottom: Colour, into: pygame.Surface | None = None
) -> pygame.Surface:
    """The picture `vertical_gradient` draws, its rows worked out with numpy (not kept:
    the reward keeps its own glow steps), painted `into` a surface of `size` when given
    (a new 8 MB surface's memory, touched for the first time, costs several ms)."""
    shares = np.arange(size[1]) / max(1, size[1] - 1)
    start = np.array(top, dtype=float)
    rows = np.rint(start + (np.array(bottom, dtype=float) - start) * shares[:, None])
    return _stretched(rows.astype(np.uint8).tobytes(), size, into)


def _stretched(
    rows: bytes, size: tuple[int, int], into: pygame.Surface | None = None
) -> pygame.Surface:
    """The RGB `rows` (3 bytes a row, top first) as a strip stretched to `size` (into
    `into`, of that size, when given)."""
    strip = pygame.Surface((1, size[1]))
    strip.blit(pygame.image.frombuffer(rows, (1, size[1]), "RGB"), (0, 0))
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        strip = strip.convert()  # (scaled in the screen's format: one full-size surface)
    if into is None:
        return pygame.transform.scale(strip, size)
    return pygame.transform.scale(strip, size, into)
