"""The console's widgets that cannot be used now look it, and can still be read: a
disabled button is a lighter grey button with grey words, never pygame_gui's own
near-black block on the light page, its words at least 3:1 against it."""

from __future__ import annotations

import pygame
from test_console_languages import console_in

from sensory_games.engine.console.scene import DISABLED_COLOURS


def luminance(colour: pygame.Color) -> float:
    """WCAG's relative luminance of an sRGB colour (0 black .. 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.r, colour.g, colour.b))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: pygame.Color, b: pygame.Color) -> float:
    """WCAG's contrast ratio of two colours (1..21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_disabled_button_is_light_grey_with_readable_grey_words(
    config, repository, clock
) -> None:
    console = console_in(config, repository, clock, "en")
    page = console.page
    page.load(None)  # (a new child: nothing to archive yet)
    button = page.archive
    assert not button.is_enabled
    theme = console.manager.get_theme()
    ids = button.combined_element_ids

    def colour(name: str) -> pygame.Color:
        return pygame.Color(theme.get_colour_or_gradient(name, ids))

    ground, words = colour("disabled_bg"), colour("disabled_text")
    live = contrast(colour("normal_text"), colour("normal_bg"))
    assert luminance(ground) > 0.6  # (a light button on the light page, not a dark block)
    assert 3.0 <= contrast(words, ground) < live  # (readable, and plainly not live)
    page.area.reveal(button)  # (scrolled into view, and drawn)
    for _ in range(10):  # (a look changes over a few frames)
        clock.advance(console.app.step_s)
        console.app.frame()
    image = button.image
    drawn = image.get_at((image.get_width() // 2, image.get_height() // 8))  # (above its words)
    assert tuple(drawn)[:3] == tuple(ground)[:3]
    assert set(DISABLED_COLOURS) >= {"disabled_bg", "disabled_text", "disabled_border"}
