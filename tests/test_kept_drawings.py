"""Drawings are kept within a memory bound, and drawn once, before they are needed: a
button's picture face at its own size, the reward's pictures on entering, a pad or a jar
as one opaque copy."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.activities.bilateral import view as bilateral_view
from sensory_games.activities.bilateral.hold import view as hold_view
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.engine.scenes import reward
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.ui import art, avatars, kept, pictures, shapes
from sensory_games.ui.kept import MIN_ENTRY_BYTES, KeptByBytes, counted_bytes, pixel_bytes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.widgets import Button

PALETTE = SensoryProfile(preset("balanced")).palette


def square(side: int) -> pygame.Surface:
    return pygame.Surface((side, side), pygame.SRCALPHA)


def test_drawings_past_the_byte_limit_are_dropped_longest_unused_first() -> None:
    drawn: list[int] = []

    def draw(shade: int) -> pygame.Surface:
        drawn.append(shade)
        return square(20)  # 1600 bytes each

    kept = KeptByBytes(draw, lambda: 3 * 1600)
    first = kept(0)
    assert kept(0) is first and drawn == [0]  # asked again: kept, not drawn again
    for shade in (1, 2, 0, 3):  # a fourth drawing: the longest unused (1) is dropped
        kept(shade)
    assert kept.kept_bytes <= 3 * 1600 and len(kept) == 3
    assert kept(0) is first  # (used lately: still kept)
    kept(1)
    assert drawn == [0, 1, 2, 3, 1]  # 1 was drawn again


def test_the_latest_drawing_is_kept_however_big() -> None:
    kept = KeptByBytes(square, lambda: 100)
    big = kept(50)
    assert kept(50) is big and kept.kept_bytes == pixel_bytes(big) == 50 * 50 * 4
    kept(20)  # a new drawing: the big one goes, the small one stays
    assert len(kept) == 1 and kept.kept_bytes == 20 * 20 * 4


def test_every_result_counts_at_least_its_entry_however_few_its_pixels() -> None:
    """Results with no pixels (None) or a handful (a radius-1 disc: 36 B) count
    MIN_ENTRY_BYTES each, so their number stays bounded by the byte limit too."""
    nothing = KeptByBytes(lambda _n: None, lambda: 10 * MIN_ENTRY_BYTES)
    for n in range(1_000):
        nothing(n)
    assert len(nothing) == 10 and nothing.kept_bytes == 10 * MIN_ENTRY_BYTES
    assert counted_bytes(square(1)) == MIN_ENTRY_BYTES
    assert counted_bytes(square(20)) == pixel_bytes(square(20)) == 1600


def test_tiny_disc_sprites_are_bounded_in_number_too() -> None:
    shapes.disc_sprite.cache_clear()
    for shade in range(20_000):  # radius-1 discs in every colour: 36 B of pixels each
        shapes.disc_sprite((shade % 256, shade // 256, 0), 1)
    assert len(shapes.disc_sprite) == shapes.DISC_BYTES // MIN_ENTRY_BYTES
    shapes.disc_sprite.cache_clear()


def test_disc_sprites_stay_within_their_bound() -> None:
    shapes.disc_sprite.cache_clear()
    for radius in range(20, 320, 10):  # about 6 MB of discs asked for
        shapes.disc_sprite((10, 20, 30), radius)
    assert shapes.disc_sprite.kept_bytes <= shapes.DISC_BYTES
    small = shapes.disc_sprite((10, 20, 30), 6)
    assert shapes.disc_sprite((10, 20, 30), 6) is small  # the small ones stay


def test_full_screen_gradients_stay_within_the_drawing_budget() -> None:
    art.vertical_gradient.cache_clear()
    for shade in range(16):  # sixteen 1920x1080 gradients: 127 MB if all were kept
        art.vertical_gradient((1920, 1080), (shade, 200, 220), (180, 190, 200))
    assert art.vertical_gradient.kept_bytes <= kept.DRAWINGS.kept_bytes
    assert kept.DRAWINGS.kept_bytes <= kept.DRAWING_BUDGET_MB * 2**20
    art.vertical_gradient.cache_clear()


@pytest.fixture()
def fresh_pictures():
    pictures._drawn.cache_clear()
    yield
    pictures._drawn.cache_clear()


def test_a_picture_face_is_drawn_at_its_own_size_not_supersampled(fresh_pictures) -> None:
    metrics = ScreenMetrics(1280, 800, 5.12)
    button = Button(pygame.Rect(0, 0, 200, 200), avatars.avatar_face("owl", 0), lambda: None)
    button.draw(pygame.Surface((400, 400)), PALETTE, metrics)
    sizes = {key[1] for key in pictures._drawn._kept if key[0] == "avatar-owl"}
    assert sizes == {(200, 200)}  # (supersampled, it was drawn at 600 x 600)


def test_a_picture_face_whose_file_cannot_be_drawn_shows_its_shapes(fresh_pictures) -> None:
    drawn: list[pygame.Rect] = []

    def shapes(surface: pygame.Surface, rect: pygame.Rect, palette: object) -> None:
        drawn.append(rect)
        pygame.draw.circle(surface, (200, 0, 0), rect.center, rect.w // 3)

    face = art.PictureFace(lambda surface, rect, palette: False, shapes)
    button = Button(pygame.Rect(0, 0, 90, 90), face, lambda: None)
    surface = pygame.Surface((90, 90))
    button.draw(surface, PALETTE, ScreenMetrics(800, 480, 5.12))
    assert drawn and drawn[0].w > 90  # the fallback drawn larger, then scaled down
    red, green, blue = surface.get_at((45, 45))[:3]
    assert red > 180 and green < 10 and blue < 10  # (scaled down: within rounding)


def test_the_reward_draws_its_pictures_one_a_frame_then_keeps_them(make_app, monkeypatch) -> None:
    """Three pictures (the reward, a companion, Pip), each an SVG drawing of a few ms:
    never two in one frame, all three by the third, none again after."""
    app = make_app((1280, 800))
    reward._fadable.cache_clear()
    drawn: list[str] = []
    real = pictures._draw
    monkeypatch.setattr(
        pictures, "_draw", lambda name, *rest: drawn.append(name) or real(name, *rest)
    )
    scene = RewardScene(app.stage, 1, "tracing", 0.95)
    app.push(scene)
    per_frame = []
    for _ in range(30):
        before = len(drawn)
        app.clock.advance(app.step_s)
        app.frame()
        per_frame.append(len(drawn) - before)
    assert per_frame[:3] == [1, 1, 1] and sum(per_frame[3:]) == 0
    assert reward._fadable.cache_info().currsize == 3  # the reward, a companion and Pip


def test_a_pad_and_a_jar_are_kept_once_as_opaque_copies() -> None:
    bilateral_view.pad_sprite.cache_clear()
    pad = bilateral_view.pad_sprite(PALETTE, (90, 90, 90), (200, 200, 200), 60, 4, None, True)
    jar = hold_view.jar_picture((80, 100), PALETTE, (200, 120, 80), False, 1, 3, True)
    for sprite in (pad, jar):
        assert not sprite.get_flags() & pygame.SRCALPHA
        assert sprite.get_at((0, 0))[:3] == art.background_colour(PALETTE)


def test_a_round_sprite_blitted_in_strips_draws_the_same_pixels() -> None:
    """The colour wash's clouds (subtracted) and blooms (blended) read only the strips
    holding their disc: what lands on the screen is the same as a whole blit."""
    from sensory_games.activities.calming import view as calming_view
    from sensory_games.ui.round_sprites import blit_disc, disc_strips

    cases = [
        (calming_view.cloud_shade((0, 57, 11), 120), (0, 57, 11), pygame.BLEND_RGB_SUB),
        (calming_view.bloom_sprite((100, 150, 200), 80), None, 0),
    ]
    for sprite, shade, flags in cases:
        side = sprite.get_width()
        reach = calming_view.cloud_reach(shade, 120) if shade else side / 2
        sprite.set_alpha(None if flags else 140)
        whole, strips = pygame.Surface((300, 300)), pygame.Surface((300, 300))
        for target in (whole, strips):
            target.fill((180, 200, 210))
        whole.blit(sprite, (-7, 11), special_flags=flags)  # (partly off the screen too)
        blit_disc(strips, sprite, (-7, 11), reach, flags)
        assert pygame.image.tobytes(whole, "RGB") == pygame.image.tobytes(strips, "RGB")
        assert sum(a.w * a.h for a in disc_strips(side, reach)) < 0.9 * side * side


def test_every_attempt_s_calm_button_is_painted_once(make_app, monkeypatch) -> None:
    """A new attempt makes a new calm button: its look comes from the shared looks, not
    a new supersampled painting on the attempt's first frame."""
    from sensory_games.ui import widgets

    app = make_app((1280, 800))
    painted: list[str] = []
    real = widgets.Button._paint
    monkeypatch.setattr(
        widgets.Button,
        "_paint",
        lambda self, *rest: painted.append(self.label) or real(self, *rest),
    )
    widgets.button_look.cache_clear()
    palette, metrics = app.child.sensory.palette, app.metrics
    for _ in range(3):
        button = widgets.make_calm_button(metrics, palette, lambda: None)
        button.draw(app.surface, palette, metrics)
    assert len(painted) == 1
