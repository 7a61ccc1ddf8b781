"""The adult's caption of a spoken prompt: its words, small, at the foot of the screen.

Shown on request (app.yaml ``clinic.voice_captions``) while a prompt is being said, so a
therapist sitting beside the child knows what the child heard, in the child's language.
It is adult text (capitals at least 3 mm), nothing to touch, and sits above the calm-down
button's band so it never covers a child's target.
"""

from __future__ import annotations

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
#: Gap from the foot of the screen (mm): above the calm-down button's corner.
CAPTION_FOOT_MM = 2.0
#: Opacity of the band behind the words (0..255): the screen stays visible through it.
CAPTION_BAND_ALPHA = 200


def draw_caption(
    surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, said: str
) -> pygame.Rect:
    """Draw `said` centred at the foot of `surface`, wrapped to CAPTION_WIDTH_SHARE of its
    width, on a soft band; returns the band's area (px)."""
    size = metrics.font_px(CAPTION_TEXT_MM)
    pad = metrics.px(CAPTION_PAD_MM)
    lines = [
        text_surface(line, size, palette.surface)
        for line in wrapped(said, size, round(surface.get_width() * CAPTION_WIDTH_SHARE))
    ]
    width = max(line.get_width() for line in lines) + 2 * pad
    height = sum(line.get_height() for line in lines) + 2 * pad
    band = pygame.Rect(0, 0, width, height)
    band.midbottom = (surface.get_width() // 2, surface.get_height() - metrics.px(CAPTION_FOOT_MM))
    shade = pygame.Surface(band.size, pygame.SRCALPHA)
    pygame.draw.rect(shade, (*palette.ink, CAPTION_BAND_ALPHA), shade.get_rect(), border_radius=pad)
    surface.blit(shade, band)
    y = band.top + pad
    for line in lines:
        surface.blit(line, line.get_rect(midtop=(band.centerx, y)))
        y += line.get_height()
    return band
