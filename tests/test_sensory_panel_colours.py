"""The sensory settings panel in new colours (a slider dragged gives new ones each frame):
drawn over the last frame's panel, it is the panel a freshly made overlay draws in those
colours, pixel for pixel, whatever the colours (a palette the intensity module gives at
values never shown before, and palettes whose every colour, the ink too, is new); its
names are the names rendered in the ink."""

from __future__ import annotations

import dataclasses
import random

import pygame
import pytest
from helpers import open_activity, run_frames

from sensory_games.domain.intensity import CHANNELS, Palette
from sensory_games.engine.scenes.intensity_overlay import IntensityOverlay
from sensory_games.ui.text import text_surface

#: The visual channel's values to draw at, in turn (0.37, 0.93 and 0.71 are no slider step:
#: colours the panel never showed).
VISUALS = (1.0, 0.0, 0.37, 0.5, 0.93, 0.05, 0.71, 1.0)


def new_colours(palette: Palette, seed: int) -> Palette:
    """`palette` with every colour replaced by a random one (the accents too)."""
    pick = random.Random(seed)

    def colour() -> tuple[int, int, int]:
        return (pick.randrange(256), pick.randrange(256), pick.randrange(256))

    changed = {
        field.name: colour() for field in dataclasses.fields(palette) if field.name != "accents"
    }
    return dataclasses.replace(palette, accents=tuple(colour() for _ in palette.accents), **changed)


def panel_pixels(surface: pygame.Surface, overlay: IntensityOverlay) -> bytes:
    return pygame.image.tobytes(surface.subsurface(overlay.bounds()), "RGB")


def background(app) -> pygame.Surface:  # type: ignore[no-untyped-def]
    """A busy picture under the panel (its rounded corners show it)."""
    picture = app.surface.copy()
    for x in range(0, picture.get_width(), 23):
        pygame.draw.line(picture, (x % 256, 120, 255 - x % 256), (x, 0), (x // 2, 800), 7)
    return picture


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_new_colours_draw_the_panel_a_fresh_overlay_draws(
    make_app, clock, repository, monkeypatch, size
) -> None:
    app = make_app(size)
    open_activity(app, repository, "bubbles", 1, seed=3)
    app.stage.open_overlay()
    run_frames(app, clock, 0.05)
    overlay, sensory = app.sensory.overlay, app.child.sensory
    assert overlay is not None
    under = background(app)
    shown = under.copy()  # (the screen: each frame's panel drawn over the last one's)
    for step, visual in enumerate(VISUALS):
        intensity = sensory.intensity.with_overrides({"visual": visual, "sound": step / 10})
        app.stage.set_intensity(intensity, clock.now())
        if step % 3 == 2:  # (every colour new, the ink too)
            monkeypatch.setattr(sensory, "_palette", new_colours(sensory.palette, step))
        overlay.draw(shown)
        fresh = under.copy()
        IntensityOverlay(app.stage).draw(fresh)
        assert panel_pixels(shown, overlay) == panel_pixels(fresh, overlay), visual
        assert overlay.shown_values["sound"] == f"{step * 10}%"


def test_the_names_are_the_names_rendered_in_the_ink(make_app, clock, repository, monkeypatch):
    app = make_app()
    open_activity(app, repository, "bubbles", 1, seed=3)
    app.stage.open_overlay()
    run_frames(app, clock, 0.05)
    overlay, sensory = app.sensory.overlay, app.child.sensory
    assert overlay is not None
    for seed in range(3):
        palette = new_colours(sensory.palette, seed)
        monkeypatch.setattr(sensory, "_palette", palette)
        drawn = app.surface.copy()
        overlay.draw(drawn)
        for channel in CHANNELS:
            label = overlay.sliders[channel].label
            card = pygame.Surface(label.size)
            card.fill(palette.surface)
            rtl = app.stage.clinic_words.right_to_left
            name = text_surface(overlay.say(channel), overlay.text_px, palette.ink, rtl)
            card.blit(name, name.get_rect(midleft=(0, label.h // 2)))
            expected = pygame.image.tobytes(card, "RGB")
            assert pygame.image.tobytes(drawn.subsurface(label), "RGB") == expected, channel
