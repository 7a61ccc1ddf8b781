"""The check-in's pictures: each point of a scale (domain/check_in.py) as its face.

The faces are the team's SVG files (assets/art/checkin-*.svg, docs/art.md) painted in the
child's palette: the point's colour (a palette accent, or a blend of two for the red of
the zones scale) fills the face, the palette's ink draws its eyes and mouth and its
surface the whites of the eyes. So the faces follow the sensory caps like every other
colour. The expression carries the meaning and the colour only helps: no two faces of
a scale share an expression, so a child who cannot tell the colours apart can still
choose. A missing or broken file (ui/pictures.py reports it) is drawn as a plain disc of
the point's colour, so the question can still be answered.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from sensory_games.domain.check_in import Feeling
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import PictureFace, mix
from sensory_games.ui.pictures import picture

#: The face's share of its tile's shorter side.
FACE_SHARE = 0.9


def feeling_colour(feeling: Feeling, palette: Palette) -> Colour:
    """The point's colour: its palette accents blended equally (one accent: that one)."""
    colour = palette.accents[feeling.accents[0]]
    for count, index in enumerate(feeling.accents[1:], start=2):
        colour = mix(colour, palette.accents[index], 1 / count)
    return colour


def face_colours(feeling: Feeling, palette: Palette) -> dict[str, Colour]:
    """The placeholder colours (ui.pictures.PLACEHOLDERS) of the point's face."""
    fill = feeling_colour(feeling, palette)
    return {
        "accent": fill,
        "edge": mix(fill, palette.ink, 0.35),
        "ink": palette.ink,
        "paper": palette.surface,
        "glow": mix(fill, palette.surface, 0.6),
    }


def face_surface(feeling: Feeling, size_px: int, palette: Palette) -> pygame.Surface:
    """The point's face, `size_px` square: its picture, else a plain disc (see module)."""
    drawn = picture(feeling.picture, (size_px, size_px), face_colours(feeling, palette))
    return drawn if drawn is not None else plain_face(feeling, size_px, palette)


def plain_face(feeling: Feeling, size_px: int, palette: Palette) -> pygame.Surface:
    """The point as a plain disc of its colour, `size_px` square (its file cannot be drawn)."""
    disc = pygame.Surface((size_px, size_px), pygame.SRCALPHA)
    radius = size_px * 0.44
    pygame.draw.circle(disc, feeling_colour(feeling, palette), (size_px / 2, size_px / 2), radius)
    return disc


@lru_cache(maxsize=16)  # (the same face object each time: see avatars.avatar_face)
def feeling_face(feeling: Feeling) -> PictureFace:
    """A button face (ui.widgets.Button) that draws the point's face centred in its rect:
    its picture, or the plain disc when the file cannot be drawn."""

    def drawn(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> bool:
        size = max(1, round(min(rect.w, rect.h) * FACE_SHARE))
        face = picture(feeling.picture, (size, size), face_colours(feeling, palette))
        if face is not None:
            surface.blit(face, face.get_rect(center=rect.center))
        return face is not None

    def disc(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        face = plain_face(feeling, max(1, round(min(rect.w, rect.h) * FACE_SHARE)), palette)
        surface.blit(face, face.get_rect(center=rect.center))

    return PictureFace(drawn, disc)
