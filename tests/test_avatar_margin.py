"""Every avatar stays inside its tile with a margin: no ear touches the tile's edge."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.domain.profile import ANIMALS
from sensory_games.ui.avatars import AVATAR_MARGIN, avatar


@pytest.mark.parametrize("animal", ANIMALS)
@pytest.mark.parametrize("size_px", [96, 233])
def test_every_avatar_is_drawn_inside_its_margin(animal: str, size_px: int) -> None:
    picture = avatar(animal, (200, 120, 80), (30, 40, 60), size_px)
    drawn = picture.get_bounding_rect(min_alpha=1)
    margin = int(size_px * AVATAR_MARGIN)
    inside = pygame.Rect(0, 0, size_px, size_px).inflate(-2 * margin, -2 * margin)
    assert drawn.w > size_px // 2, animal  # something was drawn
    assert inside.contains(drawn), (animal, drawn, inside)
