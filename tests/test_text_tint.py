"""A line tinted from its white mask (ui/text.tinted_text) is the line rendered in that
colour, pixel for pixel, alpha included: for every level of each channel and for colours
never drawn before, in one face and in lines drawn in several (Arabic with a Latin name)."""

from __future__ import annotations

import random

import pygame
import pytest

from sensory_games.ui.text import text_surface, tinted_text

#: Each channel at every level (the others apart), and random colours.
COLOURS = [(v, 255 - v, (v * 7) % 256) for v in range(256)] + [
    (random.Random(seed).randrange(256), (seed * 53) % 256, (seed * 101) % 256)
    for seed in range(60)
]


@pytest.fixture(autouse=True)
def fonts() -> None:
    pygame.font.init()


@pytest.mark.parametrize(
    ("text", "size_px", "right_to_left"),
    [
        ("complexity 100%", 17, False),
        ("visual", 31, None),
        ("التعقيد B12", 23, True),
        ("复杂度", 19, None),
    ],
)
def test_a_tinted_line_is_the_line_rendered_in_its_colour(
    text: str, size_px: int, right_to_left: bool | None
) -> None:
    for colour in COLOURS:
        tinted = tinted_text(text, size_px, colour, right_to_left)
        rendered = text_surface(text, size_px, colour, right_to_left)
        assert tinted.get_size() == rendered.get_size()
        assert pygame.image.tobytes(tinted, "RGBA") == pygame.image.tobytes(rendered, "RGBA"), (
            colour
        )


def test_tinting_leaves_the_kept_white_line_as_it_was() -> None:
    """(the next colour is tinted from the same white line: a tint made in place would
    make the next one a colour of a colour)"""
    white = pygame.image.tobytes(text_surface("sound", 20, (255, 255, 255)), "RGBA")
    tinted_text("sound", 20, (10, 20, 30))
    assert pygame.image.tobytes(text_surface("sound", 20, (255, 255, 255)), "RGBA") == white
