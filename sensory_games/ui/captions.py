"""The adult's caption of a spoken prompt: its words, small, at the foot of the screen.

Shown on request (app.yaml ``clinic.voice_captions``) while a prompt is being said, so a
therapist sitting beside the child knows what the child heard, in the child's language.
It is adult text (capitals at least 3 mm) and nothing to touch, so it never covers
anything that is: it goes to the first place clear of the screen's targets (the layout
check's boxes, engine/layout_check.py): the foot of the screen, its top, then their left
and right ends; where none is clear it is not drawn (the prompt is still said).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import text_surface, wrapped

#: Height of the caption's capitals (mm): the smallest adult text.
CAPTION_TEXT_MM = 3.0
#: Padding around the words (mm).
CAPTION_PAD_MM = 1.5
#: The caption's widest share of the screen (0..1).
CAPTION_WIDTH_SHARE = 0.6
#: Gap from the edges of the screen (mm).
CAPTION_EDGE_MM = 2.0
#: Opacity of the band behind the words (0..255): the screen stays visible through it.
CAPTION_BAND_ALPHA = 200


def caption_places(screen: pygame.Rect, size: tuple[int, int], edge_px: int) -> list[pygame.Rect]:
    """Where a caption of `size` (px) may go on `screen`, best first: centred at the foot,
    centred at the top, then the foot's and the top's left and right ends."""
    places = []
    for y in (screen.bottom - edge_px - size[1], screen.top + edge_px):
        for x in (
            screen.centerx - size[0] // 2,
            screen.left + edge_px,
            screen.right - edge_px - size[0],
        ):
            places.append(pygame.Rect((x, y), size))
    return places


def draw_caption(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    said: str,
    keep_clear: Sequence[pygame.Rect] = (),
    right_to_left: bool | None = None,
) -> pygame.Rect | None:
    """Draw `said` wrapped to CAPTION_WIDTH_SHARE of the width of `surface`, on a soft
    band, at the first of `caption_places` that touches none of `keep_clear` (px: the
    screen's targets); returns the band's area (px), None when no place was clear.
    `right_to_left`: the direction of the language it is said in."""
    size = metrics.font_px(CAPTION_TEXT_MM)
    pad = metrics.px(CAPTION_PAD_MM)
    lines = [
        text_surface(line, size, palette.surface, right_to_left)
        for line in wrapped(said, size, round(surface.get_width() * CAPTION_WIDTH_SHARE))
    ]
    width = max(line.get_width() for line in lines) + 2 * pad
    height = sum(line.get_height() for line in lines) + 2 * pad
    places = caption_places(surface.get_rect(), (width, height), metrics.px(CAPTION_EDGE_MM))
    band = next((place for place in places if place.collidelist(list(keep_clear)) < 0), None)
    if band is None:
        return None
    shade = pygame.Surface(band.size, pygame.SRCALPHA)
    pygame.draw.rect(shade, (*palette.ink, CAPTION_BAND_ALPHA), shade.get_rect(), border_radius=pad)
    surface.blit(shade, band)
    y = band.top + pad
    for line in lines:
        surface.blit(line, line.get_rect(midtop=(band.centerx, y)))
        y += line.get_height()
    return band
