"""The sensory settings panel an adult opens over an activity: each slider shows its value,
the knob reaches both ends without leaving its track, the preset in force is ringed, and
the panel meets the layout rules at every clinic screen, clear of the calm button and the
adult corner."""

from __future__ import annotations

import pygame
import pytest
from helpers import checked_screens, open_activity, run_frames, tap_rect

from sensory_games.domain.intensity import CHANNELS, PRESETS, Intensity
from sensory_games.engine.layout_check import ScreenCheck
from sensory_games.engine.scenes.intensity_overlay import IntensityOverlay, value_text
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.input import finger_event
from sensory_games.ui.screen_matrix import SIZES, ClinicScreen, clinic_screens
from sensory_games.ui.widgets import ADULT_CORNER_MM


def panel_open(make_app, clock, repository, size=(1280, 800)):  # type: ignore[no-untyped-def]
    app = make_app(size)
    scene = open_activity(app, repository, "bubbles", 1, seed=3)
    run_frames(app, clock, 0.3)
    app.stage.open_overlay()
    run_frames(app, clock, 0.05)
    overlay = app.sensory.overlay
    assert overlay is not None
    return app, scene, overlay


def every_channel(value: float) -> Intensity:
    return Intensity(**{channel: value for channel in CHANNELS})


def drag(app, clock, start: tuple[int, int], end: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """A finger pressed at `start` (px), slid in steps to `end`, lifted there."""
    metrics = app.metrics
    finger = 900
    pygame.event.post(finger_event(metrics, "down", finger, *metrics.to_mm(*start)))
    run_frames(app, clock, 0.05)
    for step in range(1, 6):
        x = start[0] + (end[0] - start[0]) * step / 5
        y = start[1] + (end[1] - start[1]) * step / 5
        pygame.event.post(finger_event(metrics, "move", finger, *metrics.to_mm(x, y)))
        run_frames(app, clock, 1 / 30)
    pygame.event.post(finger_event(metrics, "up", finger, *metrics.to_mm(*end)))
    run_frames(app, clock, 0.05)


def test_each_slider_shows_its_value_beside_it(make_app, clock, repository) -> None:
    app, _scene, overlay = panel_open(make_app, clock, repository)
    values = app.child.sensory.intensity
    assert overlay.shown_values == {c: value_text(getattr(values, c)) for c in CHANNELS}
    slider = overlay.sliders["sound"]
    before = pygame.image.tobytes(app.surface.subsurface(slider.value), "RGB")
    tap_rect(app, clock, pygame.Rect(slider.track.left, slider.track.top, 1, slider.track.h))
    assert app.child.sensory.intensity.sound == 0.0
    assert overlay.shown_values["sound"] == "0%"
    after = pygame.image.tobytes(app.surface.subsurface(slider.value), "RGB")
    assert after != before  # the new value is drawn where the old one was
    assert value_text(0.6) == "60%" and value_text(1.0) == "100%"


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_the_knob_stays_inside_its_track_at_either_end(make_app, clock, repository, value):
    app, _scene, overlay = panel_open(make_app, clock, repository)
    app.stage.set_intensity(every_channel(value), clock.now())
    run_frames(app, clock, 0.05)
    palette = app.child.sensory.palette
    for slider in overlay.sliders.values():
        x = slider.knob_x(value)
        assert slider.track.left <= x - slider.knob_r and x + slider.knob_r <= slider.track.right
        edge = x + slider.knob_r - 2 if value == 1.0 else x - slider.knob_r + 2
        assert app.surface.get_at((edge, slider.track.centery))[:3] == palette.ink_soft
        outside = slider.track.right + 2 if value == 1.0 else slider.track.left - 2
        assert app.surface.get_at((outside, slider.track.centery))[:3] == palette.surface


def test_a_drag_to_the_end_of_the_track_gives_one_and_back_gives_zero(
    make_app, clock, repository
) -> None:
    app, _scene, overlay = panel_open(make_app, clock, repository)
    track = overlay.sliders["motion"].track
    knob = (overlay.sliders["motion"].knob_x(app.child.sensory.intensity.motion), track.centery)
    drag(app, clock, knob, (track.right - 1, track.centery))
    assert app.child.sensory.intensity.motion == 1.0
    drag(app, clock, (track.right - 1, track.centery), (track.left, track.centery))
    assert app.child.sensory.intensity.motion == 0.0
    assert app.child.sensory.intensity.visual == PRESETS["balanced"].visual  # only motion


def ringed(app, overlay: IntensityOverlay) -> list[str]:  # type: ignore[no-untyped-def]
    """The buttons drawn with the ink ring around them (left of their edge)."""
    ink = app.child.sensory.palette.ink
    inset = app.metrics.px(0.8) - max(2, app.metrics.px(0.5)) // 2
    return [
        button.label
        for button in overlay.buttons
        if app.surface.get_at((button.rect.left - inset, button.rect.centery))[:3] == ink
    ]


def test_the_preset_in_force_is_ringed_and_none_after_a_slider_change(
    make_app, clock, repository
) -> None:
    app, _scene, overlay = panel_open(make_app, clock, repository)
    assert app.child.intensity_preset == "balanced"
    assert overlay.marked_preset == "balanced" and ringed(app, overlay) == ["balanced"]
    tap_rect(app, clock, next(b for b in overlay.buttons if b.label == "calm").rect)
    assert overlay.marked_preset == "calm" and ringed(app, overlay) == ["calm"]
    track = overlay.sliders["visual"].track
    tap_rect(app, clock, pygame.Rect(track.right - 1, track.top, 1, track.h))
    assert app.child.intensity_preset == "custom"
    assert overlay.marked_preset is None and ringed(app, overlay) == []


def test_the_panel_is_opaque(make_app, clock, repository) -> None:
    app, _scene, overlay = panel_open(make_app, clock, repository)
    spot = (overlay.panel.centerx, overlay.panel.bottom - app.metrics.px(1.5))
    assert app.surface.get_at(spot)[:3] == app.child.sensory.palette.surface


def test_the_sensory_settings_meet_the_layout_rules_at_every_clinic_screen(
    config, repository
) -> None:
    """Every size of the matrix at the densities `make test` checks (each size's highest;
    every density of the 38 screens in the full run): no problem, and the panel clear of
    the calm button and of the adult corner (both stay usable while it is open)."""
    problems, screens = [], [screen for size in SIZES for screen in checked_screens(size)]
    assert len(clinic_screens()) == 38 and len(screens) in (len(SIZES), 38)
    for screen in screens:
        check = ScreenCheck(screen, config, repository)
        app, stage = check.app, check.app.stage
        stage.start_session(repository.guest_profile())
        scene = ActivityScene(stage, "bubbles", 1, seed=3)
        app.push(scene)
        stage.open_overlay()
        panel = app.sensory.overlay.panel
        corner = check.metrics.rect_mm(
            check.metrics.width_mm - ADULT_CORNER_MM, 0, ADULT_CORNER_MM, ADULT_CORNER_MM
        )
        assert not panel.colliderect(scene.calm_button.rect), screen.name
        assert not panel.colliderect(corner), screen.name
        stage.close_overlay()
        problems += check.check_all(only=lambda view: view == "sensory settings")
        assert check.views == 1
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize(
    ("screen", "beside"),
    [(ClinicScreen(1366, 768, 220), True), (ClinicScreen(1080, 1920, 300), False)],
)
def test_a_short_screen_puts_the_buttons_beside_the_sliders(config, repository, screen, beside):
    """88.7 mm tall: the buttons stand in a column right of the sliders, whose rows keep
    their full 12 mm; a narrow portrait (91 mm wide) wraps them under the sliders."""
    check = ScreenCheck(screen, config, repository)
    stage = check.app.stage
    stage.start_session(repository.guest_profile())
    check.app.push(ActivityScene(stage, "bubbles", 1, seed=3))
    stage.open_overlay()
    overlay = check.app.sensory.overlay
    rightmost = max(slider.value.right for slider in overlay.sliders.values())
    lowest = max(slider.touch.bottom for slider in overlay.sliders.values())
    if beside:
        assert all(button.rect.left > rightmost for button in overlay.buttons)
    else:
        assert all(button.rect.top > lowest for button in overlay.buttons)
    for slider in overlay.sliders.values():
        assert slider.touch.h / check.metrics.px_per_mm == pytest.approx(12.0, abs=0.1)
    check.app.quit()


@pytest.mark.parametrize(
    ("screen", "language"),
    [
        (ClinicScreen(1366, 768, 220), "ar"),
        (ClinicScreen(1080, 1920, 300), "ar"),
        (ClinicScreen(1366, 768, 220), "es"),
    ],
)
def test_an_arabic_clinic_s_sliders_read_from_the_right(config, repository, screen, language):
    """In Arabic each row reads name, track, value from the right, the track's 0 at its
    right end (filled from the right), and the buttons start at the right; a left-to-right
    language keeps them the other way round. A finger's value is the knob's place."""
    from dataclasses import replace

    check = ScreenCheck(screen, replace(config, language=language), repository)
    stage = check.app.stage
    stage.start_session(repository.guest_profile())
    check.app.push(ActivityScene(stage, "bubbles", 1, seed=3))
    stage.open_overlay()
    overlay = check.app.sensory.overlay
    rtl = language == "ar"
    for slider in overlay.sliders.values():
        assert slider.mirrored is rtl
        assert (slider.label.left > slider.track.right) is rtl
        assert (slider.value.right < slider.track.left) is rtl
        low, high = slider.knob_x(0.0), slider.knob_x(1.0)
        assert (low > high) is rtl
        for value in (0.0, 0.35, 1.0):
            assert slider.value_at(slider.knob_x(value)) == pytest.approx(value, abs=0.01)
        groove = slider.track.inflate(0, -slider.track.h // 2)
        filled = slider.filled(groove, 0.25)
        assert (filled.right == groove.right) is rtl and (filled.left == groove.left) is not rtl
    first, second = overlay.buttons[0].rect, overlay.buttons[1].rect
    if first.top == second.top:  # (a row of buttons under the sliders: read along it)
        assert (first.left > second.left) is rtl
    else:  # (a column beside them: on the reader's far side of the tracks)
        tracks = [slider.track for slider in overlay.sliders.values()]
        assert (first.right < min(t.left for t in tracks)) is rtl
    check.app.quit()
