"""Dirty rectangles: what changed on the screen since the last frame, so that only that
is drawn and sent to the display.

The engine starts every frame with :meth:`Damage.start`, saying whether the last frame is
still on the screen (the same scene drew it, and nothing since covered, resized or
recoloured the window). A scene that can draw only what changed asks
:meth:`Damage.drawing_parts`: when it says yes, the scene draws its changes into the
window's surface (which still holds the last frame) and adds every rectangle it touched;
otherwise, and for every scene that never asks, the frame is drawn and sent whole. The
engine then updates the display with :meth:`Damage.rects` (None: the whole screen).

:class:`MovingParts` is the shared way to draw parts that move over a still backdrop
(bubbles, drums, glitter, a trail's head): last frame's parts are painted over with the
backdrop, this frame's are drawn and noted.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import lru_cache

import pygame

#: Past this share of the screen's area the rectangles are sent as one whole frame (one
#: copy is cheaper than many that add up to most of the screen).
WHOLE_SCREEN_SHARE = 0.6
#: More rectangles than this are sent as their union (SDL copies each one separately).
MOST_RECTS = 48

#: Paints the backdrop into `area` of a surface (None: the whole surface).
Backdrop = Callable[[pygame.Surface, "pygame.Rect | None"], None]


def _area(rects: Iterable[tuple[int, ...]]) -> int:
    """The rectangles' areas summed (px; an overlap counted each time)."""
    return sum(rect[2] * rect[3] for rect in rects)


def joined(rects: Sequence[pygame.Rect]) -> list[pygame.Rect]:
    """`rects` with every overlapping pair joined into their union, until none overlap
    (regions to draw again, none twice: ui/trail_frame.py, the sliders over a scene)."""
    out: list[pygame.Rect] = []
    for rect in rects:
        rect = pygame.Rect(rect)
        while (hit := rect.collidelist(out)) >= 0:
            rect.union_ip(out.pop(hit))
        if rect.w > 0 and rect.h > 0:
            out.append(rect)
    return out


#: A flat backdrop paints a part by copying it from a tile of its colour: SDL fills a
#: rectangle narrower than the screen a row at a time, several times slower than it copies
#: one (a 441 px square at 1920x1080: 0.16 against 0.02 ms here). The tile is TILE_PX
#: square (256 KB), copied over a larger part in a grid.
TILE_PX = 256
#: Tiles kept at most (one per colour and pixel format: an activity's background, and the
#: next one while the sliders change it); the oldest goes first.
MOST_TILES = 4
_tiles: dict[tuple[object, ...], pygame.Surface] = {}


@lru_cache(maxsize=8)  # (asked every frame: the same painter for a colour)
def flat_backdrop(colour: tuple[int, int, int]) -> Backdrop:
    """A backdrop of one colour (an activity's flat background, ui/art.fill_background):
    the whole surface filled, a part copied from a tile (the same pixels a fill gives)."""

    def paint(surface: pygame.Surface, area: pygame.Rect | None) -> None:
        if area is None or surface.get_flags() & pygame.SRCALPHA:
            surface.fill(colour, area)
            return
        tile = _tile(colour, surface)
        for y in range(area.top, area.bottom, TILE_PX):
            for x in range(area.left, area.right, TILE_PX):
                piece = (0, 0, min(TILE_PX, area.right - x), min(TILE_PX, area.bottom - y))
                surface.blit(tile, (x, y), piece)

    return paint


def _tile(colour: tuple[int, int, int], like: pygame.Surface) -> pygame.Surface:
    """A TILE_PX square of `colour` in `like`'s pixel format."""
    key = (tuple(colour), like.get_bitsize(), like.get_masks())
    tile = _tiles.pop(key, None)
    if tile is None:
        tile = pygame.Surface((TILE_PX, TILE_PX), 0, like)
        tile.fill(colour)
    _tiles[key] = tile  # (the newest last)
    while len(_tiles) > MOST_TILES:
        del _tiles[next(iter(_tiles))]
    return tile


def layer_backdrop(layer: pygame.Surface) -> Backdrop:
    """A backdrop copied from a still layer the size of the surface (a gradient, a scene's
    painted still parts)."""

    def paint(surface: pygame.Surface, area: pygame.Rect | None) -> None:
        if area is None:
            surface.blit(layer, (0, 0))
        else:
            surface.blit(layer, area.topleft, area)

    return paint


class Damage:
    """The rectangles (px) a frame changed, or "the whole screen".

    `still_on_screen` is the engine's word for this frame; `whole` stays True unless a
    scene chose to draw only its changes (:meth:`drawing_parts`)."""

    def __init__(self) -> None:
        self.size = (0, 0)
        self.still_on_screen = False
        self.whole = True
        self._rects: list[pygame.Rect] = []
        #: Rectangles to paint afresh this frame (keep_fresh), px
        self.fresh: list[pygame.Rect] = []

    def start(self, size: tuple[int, int], still_on_screen: bool) -> None:
        """A new frame on a `size` (px) screen; `still_on_screen`: the last frame drawn is
        what the screen shows now."""
        self.size = size
        self.still_on_screen = still_on_screen
        self.whole = True
        self._rects = []
        self.fresh = []

    def keep_fresh(self, rect: pygame.Rect) -> None:
        """Something will be drawn over `rect` (px) after the scene (the calm button, a
        caption, the sliders): on a frame in parts the scene paints its backdrop and parts
        there afresh, so what lies over it is drawn on a clean picture (never twice over
        itself, which would darken its soft edges)."""
        if self.still_on_screen:
            self.fresh.append(pygame.Rect(rect))

    def drawing_parts(self) -> bool:
        """Asked by a scene before it draws: True when it may draw only what changed since
        its last frame (it must then :meth:`add` every rectangle it draws into); False when
        it must draw the whole screen."""
        if self.still_on_screen:
            self.whole = False
        return not self.whole

    def add(self, rect: pygame.Rect | None) -> None:
        """The frame changed `rect` (px; clipped to the screen; ignored when the frame is
        drawn whole anyway)."""
        if self.whole or rect is None:
            return
        clipped = pygame.Rect(rect).clip(pygame.Rect((0, 0), self.size))
        if clipped.w > 0 and clipped.h > 0:
            self._rects.append(clipped)

    def drawn(self) -> list[pygame.Rect]:
        """The rectangles (px) added so far this frame (on a frame in parts): where
        something drawn over the scene must be drawn again."""
        return [pygame.Rect(rect) for rect in self._rects]

    def rects(self) -> list[pygame.Rect] | None:
        """What to send to the display: the changed rectangles ([] for none), or None for
        the whole screen (a whole frame, or changes covering most of it)."""
        if self.whole:
            return None
        rects = [pygame.Rect(r) for r in dict.fromkeys(tuple(r) for r in self._rects)]
        area = self.size[0] * self.size[1]  # (a part painted over and drawn again: once)
        if sum(r.w * r.h for r in rects) > WHOLE_SCREEN_SHARE * area:
            return None
        if len(rects) > MOST_RECTS:
            return [rects[0].unionall(rects[1:])]
        return rects


class MovingParts:
    """Parts drawn each frame over a still backdrop: on a frame drawn in parts, last
    frame's parts (and the damage's `fresh` rectangles) are painted over with the backdrop
    first, and every part is drawn again; every part drawn is noted (the rectangle
    pygame's drawing calls return) as this frame's damage and next frame's to paint over.
    One per view; `begin`, then `drew` for each part, then `end`."""

    def __init__(self) -> None:
        self._last: list[pygame.Rect] = []
        self._now: list[pygame.Rect] = []
        self._damage: Damage | None = None
        self._shows: object = None  # (what stands for the backdrop on screen)
        self._look: Hashable = None  # (what the frame on screen shows, for `unchanged`)
        self._looks: list[tuple[Hashable, tuple[int, ...]]] = []  # (draw_changed's parts)

    def begin(
        self,
        surface: pygame.Surface,
        damage: Damage,
        backdrop: Backdrop,
        shows: object = None,
        paint_last: bool = True,
    ) -> bool:
        """Start a frame: the backdrop painted over last frame's parts and the damage's
        fresh rectangles (a frame in parts), or over the whole surface (a whole frame, or
        a backdrop that is not the one on screen: `shows` stands for it, a cached layer,
        the look a reused layer was painted with, or None for a flat colour; then the
        whole screen is damage). Returns True when the
        whole surface was painted (the caller then draws its still parts too).
        `paint_last` False leaves last frame's parts for the caller (draw_changed)."""
        self._damage = damage
        self._now = []
        shown, self._shows = self._shows, shows
        if not damage.drawing_parts():
            backdrop(surface, None)
            return True
        if shows != shown:  # (a layer: itself; a look: its value)
            backdrop(surface, None)
            damage.add(surface.get_rect())
            return True
        if paint_last:
            for rect in (*self._last, *damage.fresh):
                backdrop(surface, rect)
                damage.add(rect)
        return False

    def unchanged(
        self, surface: pygame.Surface, damage: Damage, backdrop: Backdrop, look: Hashable
    ) -> bool:
        """True when the screen still shows this very `look` (a value standing for all the
        view shows: a child resting both hands): nothing is drawn, only the damage's fresh
        rectangles get their backdrop again (no part lies under them). False: draw the
        frame (begin, drew, end)."""
        in_parts = damage.drawing_parts()  # (asked first: it says this frame is in parts)
        if look != self._look or not in_parts:
            self._look = look
            return False
        if any(rect.collidelist(self._last) >= 0 for rect in damage.fresh):
            return False  # (a part under the calm button: drawn again with the rest)
        for rect in damage.fresh:
            backdrop(surface, rect)
            damage.add(rect)
        return True

    def draw_changed(
        self,
        surface: pygame.Surface,
        damage: Damage,
        backdrop: Backdrop,
        looks: Sequence[tuple[Hashable, pygame.Rect]],
        draw: Callable[[int], None],
        shows: object = None,
    ) -> None:
        """A whole frame of parts that change one at a time (a wash's blooms, each fading
        on its own): `looks` holds each part's look and rectangle (px), in drawing order;
        `draw(i)` draws part i within its rectangle. On a frame in parts only where a
        part appeared, went or changed (and the damage's fresh rectangles) is painted
        again: the backdrop, then every part over it in order, clipped there; the rest
        of the screen shows what it showed. (`shows`: as for :meth:`begin`.)"""
        now = [(look, tuple(rect)) for look, rect in looks]
        last, self._looks = self._looks, now
        if self.begin(surface, damage, backdrop, shows, paint_last=False):
            self._draw_all(looks, draw)
            return
        kept = set(last) & set(now)
        changed = [rect for part in (*last, *now) if part not in kept for rect in part[1:]]
        if 2 * _area(changed) > _area(rect for part in (*last, *now) for rect in part[1:]):
            # most of it changed (a reward's pictures fading out together): last frame's
            # places painted over and each part drawn whole once, cheaper than region by
            # region, where overlapping regions and the parts under them are drawn again
            for rect in (*self._last, *damage.fresh):
                backdrop(surface, rect)
                damage.add(rect)
            self._draw_all(looks, draw)
            return
        regions = [pygame.Rect(rect) for rect in dict.fromkeys(changed)] + damage.fresh
        clip = surface.get_clip()
        for region in regions:
            backdrop(surface, region)
            damage.add(region)
            surface.set_clip(region.clip(clip))
            for index, (_, rect) in enumerate(looks):
                if rect.colliderect(region):
                    draw(index)
            surface.set_clip(clip)
        self._now = [pygame.Rect(rect) for _, rect in looks]
        self.end()

    def _draw_all(
        self, looks: Sequence[tuple[Hashable, pygame.Rect]], draw: Callable[[int], None]
    ) -> None:
        """Every part drawn whole, in order, and noted as this frame's."""
        for index, (_, rect) in enumerate(looks):
            draw(index)
            self.drew(rect)
        self.end()

    def repaint_share(
        self, surface: pygame.Surface, shows: object, looks: Sequence[tuple[Hashable, pygame.Rect]]
    ) -> float:
        """How much of `surface` :meth:`draw_changed` would paint again for the parts
        `looks` over the backdrop `shows`, as a share of it: 1 when the screen shows another
        backdrop (a wash's step), else the changed parts' rectangles (an overlap counted
        each time, as it is painted: the share can pass 1)."""
        if shows != self._shows:
            return 1.0
        now = {(look, tuple(rect)) for look, rect in looks}
        changed = {rect for part in now.symmetric_difference(self._looks) for rect in part[1:]}
        area = sum(rect[2] * rect[3] for rect in changed)
        return area / max(1, surface.get_width() * surface.get_height())

    def copied_whole(
        self,
        surface: pygame.Surface,
        damage: Damage,
        picture: pygame.Surface,
        shows: object,
        looks: Sequence[tuple[Hashable, tuple[int, ...]]],
    ) -> None:
        """Give the screen `picture`, a whole frame composed ahead: the backdrop `shows`
        stands for, with the parts `looks` drawn over it (look, rectangle). Only on a frame
        in parts (a wash's step, or blooms changing over much of it: see
        :meth:`repaint_share`): the next :meth:`draw_changed` then draws only the parts
        that differ from `looks`."""
        if not damage.drawing_parts():
            return
        surface.blit(picture, (0, 0))
        damage.add(surface.get_rect())
        self._shows = shows
        self._looks = [(look, tuple(rect)) for look, rect in looks]
        self._last = [pygame.Rect(rect) for _, rect in looks]

    def drew(self, rect: pygame.Rect) -> pygame.Rect:
        """A part was drawn into `rect` (px): returned, for chaining."""
        self._now.append(pygame.Rect(rect))
        if self._damage is not None:
            self._damage.add(rect)
        return rect

    def end(self) -> None:
        """The frame's parts are drawn: they are the ones to paint over next frame."""
        self._last, self._now = self._now, []

    def forget(self) -> None:
        """Nothing of this view is on screen any more (next frame is drawn whole anyway)."""
        self._last = []


class StillPicture:
    """A still screen's whole picture, kept in a layer: painted (by `paint`) only when its
    `look` (a value standing for everything it shows) changes. On a frame in parts with
    the same look nothing is drawn but the damage's fresh rectangles (what the engine
    draws over the screen) from the layer; otherwise the layer is copied whole."""

    def __init__(self) -> None:
        self._layer: pygame.Surface | None = None
        self._look: Hashable = None

    def draw(
        self,
        surface: pygame.Surface,
        damage: Damage,
        look: Hashable,
        paint: Callable[[pygame.Surface], None],
    ) -> None:
        """Show `look` on `surface` (painting it with `paint` when it is new)."""
        layer = self._layer
        if layer is not None and look == self._look and damage.drawing_parts():
            for rect in damage.fresh:
                surface.blit(layer, rect.topleft, rect)
                damage.add(rect)
            return
        if layer is None or layer.get_size() != surface.get_size():
            # (made in the screen's format at once: one 8 MB surface at 1920x1080, not a
            # black one and then its conversion, some 5 ms of the first frame)
            layer = self._layer = pygame.Surface(surface.get_size(), 0, surface)
        if look != self._look:
            paint(layer)
            self._look = look
        surface.blit(layer, (0, 0))
        damage.add(surface.get_rect())

    def forget(self) -> None:
        """Let the layer go (a covered screen: 8 MB at 1920x1080); painted again when
        next drawn."""
        self._layer, self._look = None, None
