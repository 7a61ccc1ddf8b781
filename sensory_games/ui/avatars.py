"""The children's avatars: six animals in the child's colour, from any palette.

Each animal is the team's picture, `assets/art/avatar-<animal>.svg` (ui/pictures.py draws
it smooth at any size, in the child's colour: docs/art.md). Should a file be missing or
broken, the same animal is drawn here with pygame's shapes instead, so a child always
finds their face. Faces are drawn once per (animal, colour, size) and kept.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from sensory_games.domain.intensity import Colour, Palette
from sensory_games.domain.profile import ANIMALS
from sensory_games.ui.art import WHITE, PictureFace, mix, picture_colours
from sensory_games.ui.kept import kept_by_bytes
from sensory_games.ui.pictures import picture


def _eyes(surface: pygame.Surface, centre: tuple[float, float], r: float, ink: Colour) -> None:
    cx, cy = centre
    for side in (-1, 1):
        pygame.draw.circle(surface, ink, (cx + side * r * 0.38, cy - r * 0.1), max(2, r * 0.1))
        pygame.draw.circle(
            surface, WHITE, (cx + side * r * 0.38 + r * 0.03, cy - r * 0.14), max(1, r * 0.03)
        )


def _smile(surface: pygame.Surface, centre: tuple[float, float], r: float, ink: Colour) -> None:
    cx, cy = centre
    box = pygame.Rect(0, 0, r * 0.5, r * 0.35)
    box.center = (round(cx), round(cy + r * 0.3))
    pygame.draw.arc(surface, ink, box, math.pi * 1.1, math.pi * 1.9, max(2, round(r * 0.05)))


def _whiskers(surface: pygame.Surface, centre: tuple[float, float], r: float, ink: Colour) -> None:
    cx, cy = centre
    width = max(1, round(r * 0.025))
    for side in (-1, 1):
        for dy in (-0.05, 0.08):
            start = (cx + side * r * 0.25, cy + r * 0.2)
            end = (cx + side * r * 0.85, cy + r * (0.12 + dy))
            pygame.draw.line(surface, ink, start, end, width)


def _pointed_ears(
    surface: pygame.Surface,
    colour: Colour,
    centre: tuple[float, float],
    r: float,
    corners: tuple[tuple[float, float], ...],
) -> None:
    """A mirrored pair of pointed ears (or an owl's tufts): the right one's `corners` as
    (right, down) offsets from `centre` in face radii `r`; the left one is its mirror."""
    cx, cy = centre
    for side in (-1, 1):
        pygame.draw.polygon(
            surface, colour, [(cx + side * r * dx, cy + r * dy) for dx, dy in corners]
        )


def _nose(
    surface: pygame.Surface,
    colour: Colour,
    centre: tuple[float, float],
    r: float,
    half_width: float,
    tip: float,
) -> None:
    """A triangle pointing down (a nose or a beak): its top edge `half_width` face radii
    either side, 0.1 radii below `centre`, its tip `tip` radii below `centre`."""
    cx, cy = centre
    pygame.draw.polygon(
        surface,
        colour,
        [
            (cx - r * half_width, cy + r * 0.1),
            (cx + r * half_width, cy + r * 0.1),
            (cx, cy + r * tip),
        ],
    )


def _draw_animal(
    surface: pygame.Surface, animal: str, colour: Colour, ink: Colour, rect: pygame.Rect
) -> None:
    r = min(rect.w, rect.h) * 0.34
    cx, cy = rect.centerx, rect.centery + r * 0.12
    light = mix(colour, WHITE, 0.55)
    dark = mix(colour, ink, 0.25)
    if animal == "cat":
        _pointed_ears(surface, dark, (cx, cy), r, ((0.85, -0.35), (0.75, -1.15), (0.2, -0.8)))
        pygame.draw.circle(surface, colour, (cx, cy), r)
        _nose(surface, ink, (cx, cy), r, 0.1, 0.22)
        _whiskers(surface, (cx, cy), r, ink)
    elif animal == "bear":
        for side in (-1, 1):
            pygame.draw.circle(surface, dark, (cx + side * r * 0.75, cy - r * 0.75), r * 0.35)
            pygame.draw.circle(surface, light, (cx + side * r * 0.75, cy - r * 0.75), r * 0.18)
        pygame.draw.circle(surface, colour, (cx, cy), r)
        pygame.draw.ellipse(
            surface, light, pygame.Rect(cx - r * 0.35, cy + r * 0.02, r * 0.7, r * 0.5)
        )
        pygame.draw.circle(surface, ink, (cx, cy + r * 0.12), r * 0.1)
    elif animal == "rabbit":
        for side in (-1, 1):
            ear = pygame.Rect(0, 0, r * 0.34, r * 0.82)  # (tips inside AVATAR_MARGIN)
            ear.center = (round(cx + side * r * 0.36), round(cy - r * 0.88))
            pygame.draw.ellipse(surface, dark, ear)
            pygame.draw.ellipse(surface, light, ear.inflate(-ear.w * 0.5, -ear.h * 0.3))
        pygame.draw.circle(surface, colour, (cx, cy), r * 0.92)
        pygame.draw.circle(surface, ink, (cx, cy + r * 0.1), r * 0.08)
        _whiskers(surface, (cx, cy), r * 0.9, ink)
    elif animal == "frog":
        for side in (-1, 1):
            pygame.draw.circle(surface, colour, (cx + side * r * 0.5, cy - r * 0.6), r * 0.33)
            pygame.draw.circle(surface, WHITE, (cx + side * r * 0.5, cy - r * 0.6), r * 0.22)
            pygame.draw.circle(surface, ink, (cx + side * r * 0.5, cy - r * 0.6), r * 0.11)
        pygame.draw.ellipse(surface, colour, pygame.Rect(cx - r, cy - r * 0.6, r * 2, r * 1.5))
        _smile(surface, (cx, cy - r * 0.05), r * 1.4, ink)
        return
    elif animal == "owl":
        _pointed_ears(surface, dark, (cx, cy), r, ((0.9, -0.5), (0.75, -1.1), (0.35, -0.8)))
        pygame.draw.circle(surface, colour, (cx, cy), r)
        for side in (-1, 1):
            pygame.draw.circle(surface, WHITE, (cx + side * r * 0.38, cy - r * 0.15), r * 0.3)
            pygame.draw.circle(surface, ink, (cx + side * r * 0.38, cy - r * 0.15), r * 0.13)
        _nose(surface, mix(colour, (240, 170, 60), 0.7), (cx, cy), r, 0.12, 0.35)
        return
    else:  # mouse
        for side in (-1, 1):
            pygame.draw.circle(surface, dark, (cx + side * r * 0.72, cy - r * 0.65), r * 0.44)
            pygame.draw.circle(surface, light, (cx + side * r * 0.72, cy - r * 0.65), r * 0.27)
        pygame.draw.circle(surface, colour, (cx, cy), r * 0.9)
        pygame.draw.circle(surface, ink, (cx, cy + r * 0.15), r * 0.1)
        _whiskers(surface, (cx, cy), r * 0.9, ink)
    _eyes(surface, (cx, cy), r, ink)
    _smile(surface, (cx, cy), r, ink)


#: The share of an avatar's square left clear at each edge, so that no ear or cheek
#: touches the edge of the tile it is drawn on.
AVATAR_MARGIN = 0.08


@kept_by_bytes()
def avatar(animal: str, colour: Colour, ink: Colour, size_px: int) -> pygame.Surface:
    """An animal face in the child's colour, `size_px` square, transparent around it (at
    least :data:`AVATAR_MARGIN` of the square at each edge): the team's picture
    (assets/art/avatar-<animal>.svg), or the face drawn here when the file cannot be."""
    drawn = avatar_picture(animal, colour, ink, size_px)
    if drawn is not None:
        return drawn
    return drawn_avatar(animal, colour, ink, size_px)


def avatar_picture(animal: str, colour: Colour, ink: Colour, size_px: int) -> pygame.Surface | None:
    """The team's picture of the animal (an unknown animal: the first), `size_px` square;
    None when the file cannot be drawn."""
    known = animal if animal in ANIMALS else ANIMALS[0]
    return picture(f"avatar-{known}", (size_px, size_px), picture_colours(colour, ink))


def drawn_avatar(animal: str, colour: Colour, ink: Colour, size_px: int) -> pygame.Surface:
    """The fallback: the face drawn with pygame's shapes, for a missing or broken file."""
    known = animal if animal in ANIMALS else ANIMALS[0]
    surface = pygame.Surface((size_px, size_px), pygame.SRCALPHA)
    _draw_animal(surface, known, colour, ink, surface.get_rect())
    return surface


@lru_cache(maxsize=64)  # (one face for each look: see below)
def avatar_face(animal: str, colour_index: int) -> PictureFace:
    """A button face showing a child's avatar in their colour from the current palette:
    the team's picture, or the face drawn with shapes when its file cannot be drawn.
    The same face object for the same avatar: the buttons' shared looks are kept by face,
    and a new face at every menu laid out (after each attempt) kept a new look each time,
    which grew the app by a few MB an hour of play."""

    def colour(palette: Palette) -> Colour:
        return palette.accents[colour_index % len(palette.accents)]

    def drawn(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> bool:
        face = avatar_picture(animal, colour(palette), palette.ink, min(rect.w, rect.h))
        if face is not None:
            surface.blit(face, face.get_rect(center=rect.center))
        return face is not None

    def shapes(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        face = drawn_avatar(animal, colour(palette), palette.ink, min(rect.w, rect.h))
        surface.blit(face, face.get_rect(center=rect.center))

    return PictureFace(drawn, shapes)
