"""The painted guides of a traced activity's shapes (tracing, mirror drawing): the shape on
screen's and the next ones', each an opaque patch of the backdrop with its band and guide
painted on, kept within a byte bound; painted now or, for the shapes to come, between
frames."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.ui.kept import pixel_bytes
from sensory_games.ui.spare_time import SpareTime

if TYPE_CHECKING:
    from sensory_games.ui.trace_layers import Guide

#: The painted guides a traced activity's canvas keeps (bytes of pixels): the shape on
#: screen's and the next ones' (a wide smoothed band, a disc at every point, takes up to
#: 17 ms at 1920x1080; its patch is at most about a screen's height square, 4 MB).
GUIDE_PATCH_BYTES = 24 * 1024 * 1024


class GuidePatches:
    """The painted guides (opaque patches, by Guide) of the shape on screen and of the
    shapes to come. Not a cache dropping its longest unused (for shapes painted ahead,
    the ones shown next): :meth:`keep` drops the shapes already shown first and paints
    the wanted ones nearest first while they fit, never a farther one for a nearer."""

    def __init__(self, paint: Callable[[Guide], pygame.Surface]) -> None:
        self._paint = paint
        self._kept: dict[Guide, pygame.Surface] = {}
        self._wanted: frozenset[Guide] = frozenset()  # (the last keep's, within the bound)

    @property
    def kept_bytes(self) -> int:
        return sum(pixel_bytes(patch) for patch in self._kept.values())

    @property
    def guides(self) -> tuple[Guide, ...]:
        return tuple(self._kept)

    def __call__(self, guide: Guide) -> pygame.Surface:
        """`guide`'s patch: the kept one, else painted now (and kept: it is on screen)."""
        patch = self._kept.get(guide)
        if patch is None:
            patch = self._kept[guide] = self._paint(guide)
        return patch

    def keep(
        self,
        wanted: Sequence[Guide],
        patch_bytes: Callable[[Guide], int],
        spare_time: SpareTime | None = None,
        now: int = 0,
    ) -> None:
        """Keep only the patches of `wanted` (nearest first; the first always: it is on
        screen), painting those missing, while their total by `patch_bytes` (bytes a
        guide's patch takes) stays within GUIDE_PATCH_BYTES. With `spare_time`, all but
        the first `now` (the shape on screen's) are painted by a chore each between
        frames (one the screen shows before its chore came is painted then, as any
        missing patch is)."""
        fitting: list[Guide] = []
        total = 0
        for guide in dict.fromkeys(wanted):
            total += patch_bytes(guide)
            if fitting and total > GUIDE_PATCH_BYTES:
                break
            fitting.append(guide)
        self._kept = {guide: self._kept[guide] for guide in fitting if guide in self._kept}
        self._wanted = frozenset(fitting)
        for order, guide in enumerate(fitting):
            if spare_time is None or order < now:
                self(guide)
            elif guide not in self._kept:
                spare_time.add(partial(self._paint_if_wanted, guide))

    def _paint_if_wanted(self, guide: Guide) -> None:
        """A chore: paint `guide`'s patch unless it is painted or no longer wanted."""
        if guide in self._wanted:
            self(guide)

    def clear(self) -> None:
        self._kept.clear()
        self._wanted = frozenset()
