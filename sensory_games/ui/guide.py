"""Pip, the guide: one friendly round bird who shows a child who cannot read yet what
each tile is, and greets them on "who is playing?".

Pip is the team's picture in a few poses (`assets/art/guide-<pose>.svg`: wave, point,
cheer, breathe), always in the palette's warm accent, so the same Pip appears at every
intensity preset (softer at calm, brighter at alerting). A launcher tile shows Pip at its
bottom left doing the activity beside the activity's own picture
(`assets/art/tile-<activity>.svg`: a finger on a dotted path, bubbles, a glitter jar...);
the tile's file says what Pip does there and the accent it is painted in (its
`data-guide-pose` and `data-accent`: docs/art.md), so a new activity brings its tile.
A missing file is never the child's problem: the tile falls back to the activity's own
drawn icon, and Pip is left out.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

import pygame

from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import IconDrawer, PictureFace, draw_picture, mix, picture_colours
from sensory_games.ui.pictures import declared

#: Pip's poses, each a file guide-<pose>.svg.
POSES = ("wave", "point", "cheer", "breathe")
#: The accents Pip is painted from (the palette's yellow and orange): the same bird on
#: every screen.
GUIDE_ACCENT, WARM_ACCENT = 2, 3
#: How far Pip's hue turns from the palette's yellow towards its orange (0..1), at the
#: yellow's own lightness and saturation: a sunny golden yellow, where the yellow alone
#: reads olive beside the blue-grey ink.
WARMTH = 0.3
#: How far Pip's edges (wings, tuft) go from the body towards the orange, then towards
#: the ink: a warm shade, never the greenish one a yellow mixed with blue-grey gives.
EDGE_WARMTH, EDGE_SHADE = 0.7, 0.08
#: Shares of a tile's short side: the tile's picture (top right) and Pip (bottom left),
#: both inside a margin that keeps them off the tile's rounded corners.
TILE_MARGIN, PICTURE_SHARE, GUIDE_SHARE = 0.07, 0.8, 0.4


def guide_colours(palette: Palette) -> dict[str, Colour]:
    """Pip's placeholder colours from `palette` (docs/art.md): only the palette's own
    colours mixed, so Pip is as soft at calm and as bright at alerting as every accent."""
    yellow, orange = palette.accents[GUIDE_ACCENT], palette.accents[WARM_ACCENT]
    body = hue_towards(yellow, orange, WARMTH)
    colours = picture_colours(body, palette.ink, palette.surface)
    colours["edge"] = mix(mix(body, orange, EDGE_WARMTH), palette.ink, EDGE_SHADE)
    return colours


def hue_towards(colour: Colour, other: Colour, share: float) -> Colour:
    """`colour` with its hue turned `share` (0..1) of the way to `other`'s, its lightness
    and saturation kept (a mix of the two would be greyer)."""
    hue, light, saturation = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    towards = colorsys.rgb_to_hls(*(c / 255 for c in other))[0]
    red, green, blue = colorsys.hls_to_rgb(hue + (towards - hue) * share, light, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def draw_guide(surface: pygame.Surface, rect: pygame.Rect, palette: Palette, pose: str) -> bool:
    """Pip in `pose` in the largest square centred in `rect`; False when not drawn."""
    if pose not in POSES:
        raise ValueError(f"Pip has no pose {pose!r}; use {', '.join(POSES)}")
    return draw_picture(surface, rect, f"guide-{pose}", guide_colours(palette))


@lru_cache(maxsize=32)
def tile_face(slug: str, fallback: IconDrawer) -> PictureFace:
    """A launcher tile's picture for activity `slug`: its picture and Pip showing it, or
    `fallback` (the activity's own icon) when the tile's file cannot be drawn. The same
    drawer for the same activity (so a cached tile stays cached)."""

    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> bool:
        side = min(rect.w, rect.h)
        inner = rect.inflate(-2 * round(side * TILE_MARGIN), -2 * round(side * TILE_MARGIN))
        shown = pygame.Rect(0, 0, round(inner.w * PICTURE_SHARE), round(inner.h * PICTURE_SHARE))
        shown.topright = inner.topright
        settings = declared(f"tile-{slug}")
        accent = palette.accents[_index(settings.get("accent", "")) % len(palette.accents)]
        paper = mix(palette.surface, accent, 0.12)
        if not draw_picture(
            surface, shown, f"tile-{slug}", picture_colours(accent, palette.ink, paper)
        ):
            return False
        pip = pygame.Rect(0, 0, round(side * GUIDE_SHARE), round(side * GUIDE_SHARE))
        pip.bottomleft = inner.bottomleft
        pose = settings.get("guide-pose", "")
        draw_guide(surface, pip, palette, pose if pose in POSES else "wave")
        return True

    return PictureFace(face, fallback)


def _index(text: str) -> int:
    """A file's `data-accent` as an accent's index (0 when it is not a number)."""
    return int(text) if text.isdigit() else 0


def draw_greeting(
    surface: pygame.Surface, palette: Palette, beside: pygame.Rect, size_px: int
) -> None:
    """Pip waving hello, `size_px` square, just left of `beside` (the title's box),
    centred on its height; left out where it would not fit on the screen."""
    pip = pygame.Rect(0, 0, size_px, size_px)
    pip.midright = (beside.left - size_px // 5, beside.centery)
    if surface.get_rect().contains(pip):
        draw_guide(surface, pip, palette, "wave")
