"""The therapist's live sensory overlay: opens without stopping play, logs each change."""

from __future__ import annotations

import pygame
import pytest
from helpers import open_activity, run_frames, tap, tap_rect

from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.play import ActivityScene


def playing(make_app, clock, repository):  # type: ignore[no-untyped-def]
    app = make_app()
    scene = open_activity(app, repository, "bubbles", 2, seed=3)
    run_frames(app, clock, 0.5)
    return app, scene


def press_f2(app, clock) -> None:  # type: ignore[no-untyped-def]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F2, mod=0))
    run_frames(app, clock, 0.05)


def test_f2_opens_the_sliders_and_play_goes_on(make_app, clock, repository) -> None:
    app, scene = playing(make_app, clock, repository)
    press_f2(app, clock)
    assert app.sensory.overlay is not None and app.top is scene
    before = scene.activity.active_time(clock.now())
    run_frames(app, clock, 1.0)
    assert scene.activity.active_time(clock.now()) == pytest.approx(before + 1.0, abs=0.05)
    press_f2(app, clock)
    assert app.sensory.overlay is None


def test_sliding_motion_to_zero_applies_at_once_and_is_logged(make_app, clock, repository):
    app, scene = playing(make_app, clock, repository)
    press_f2(app, clock)
    track = app.sensory.overlay.sliders["motion"].track
    tap(app, clock, *app.metrics.to_mm(track.left, track.centery))
    assert app.child.sensory.intensity.motion == 0.0
    assert scene.activity.context.sensory.intensity.motion == 0.0  # the activity sees it
    tap_rect(app, clock, next(b for b in app.sensory.overlay.buttons if b.label == "calm").rect)
    assert app.child.sensory.intensity.visual == pytest.approx(0.3)
    scene.back()
    [stored] = list(repository.attempts())
    changes = stored.intensity["changes"]
    assert [c["preset"] for c in changes] == ["custom", "calm"]
    assert changes[0]["motion"] == 0.0 and changes[0]["t_s"] > 0.5
    assert stored.intensity["preset"] == "balanced"  # how the attempt began
    from sensory_games.storage.csv_cells import format_intensity

    assert format_intensity(stored.intensity).endswith(";changes=2")


def test_touches_outside_the_panel_still_reach_the_activity(make_app, clock, repository):
    app, scene = playing(make_app, clock, repository)
    press_f2(app, clock)
    tap(app, clock, *app.metrics.to_mm(app.metrics.width_px // 2, app.metrics.height_px - 60))
    assert scene.activity.taps == 1  # below the panel: a (missed) tap for the child
    panel = app.sensory.overlay.panel
    tap(app, clock, *app.metrics.to_mm(panel.centerx, panel.top + 4))
    assert scene.activity.taps == 1  # on the panel: not the child's


def test_the_adult_menu_opens_the_sliders(make_app, clock, repository) -> None:
    app, scene = playing(make_app, clock, repository)
    app.push(AdultMenuScene(app.stage))
    button = next(b for b in app.top.menu if b.label == "Sensory settings")
    tap_rect(app, clock, button.rect)
    assert app.top is scene and app.sensory.overlay is not None


def test_f2_does_nothing_for_a_child_at_a_kiosk(make_app, clock, repository) -> None:
    app = make_app(kiosk=True)
    open_activity(app, repository, "bubbles", 1)
    press_f2(app, clock)
    assert app.sensory.overlay is None


def test_the_sliders_close_with_their_screen_and_the_next_attempt_says_custom(
    make_app, clock, repository
) -> None:
    app, scene = playing(make_app, clock, repository)
    press_f2(app, clock)
    track = app.sensory.overlay.sliders["visual"].track
    tap(app, clock, *app.metrics.to_mm(track.right - 1, track.centery))
    scene.back()
    assert app.sensory.overlay is None
    nxt = ActivityScene(app.stage, "bubbles", 1, seed=4)
    app.push(nxt)
    nxt.back()
    last = list(repository.attempts())[-1]
    assert last.intensity["preset"] == "custom" and last.intensity["visual"] == 1.0


def test_the_calm_button_follows_a_live_colour_change(make_app, clock, repository) -> None:
    app, scene = playing(make_app, clock, repository)
    rect = scene.calm_button.rect
    spot = (rect.left + rect.w // 8, rect.top + rect.h // 8)  # its fill, above the cloud
    before = app.surface.get_at(spot)
    app.stage.set_intensity(
        app.child.sensory.intensity.with_overrides({"visual": 0.0}), clock.now()
    )
    run_frames(app, clock, 0.05)
    assert app.surface.get_at(spot) != before


def test_the_sliders_are_painted_while_the_adult_menu_shows_not_as_they_open(
    make_app, clock, repository, monkeypatch
) -> None:
    """The adult menu's spare time makes the sliders, their panel's words and their
    buttons' looks (and in each preset's colours): the frame that opens them renders no
    word and paints no button, and the one a preset is pressed in paints no button."""
    from sensory_games.domain.intensity import PRESETS
    from sensory_games.ui import text
    from sensory_games.ui.widgets import Button, button_look

    button_look.cache_clear()  # (no look left by another test)
    text.text_surface.cache_clear()  # (nor a word)
    app, _ = playing(make_app, clock, repository)
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    for _ in range(10):
        run_frames(app, clock, 0.02)
        while app.spare_time_chore():
            pass
    painted: list[str] = []
    real_pieces, real_paint = text.drawn_pieces, Button._paint

    def pieces(line, *args):  # type: ignore[no-untyped-def]
        painted.append(f"word {line}")  # (a line rendered, or measured)
        return real_pieces(line, *args)

    def paint(button, *args):  # type: ignore[no-untyped-def]
        painted.append(f"button {button.label}")
        return real_paint(button, *args)

    monkeypatch.setattr(text, "drawn_pieces", pieces)
    monkeypatch.setattr(Button, "_paint", paint)
    menu.sensory_settings()
    run_frames(app, clock, 0.02)
    overlay = app.sensory.overlay
    assert overlay is not None and painted == []
    now = app.stage.child.intensity_preset
    preset = next(b for b in overlay.buttons if b.label in PRESETS and b.label != now)
    tap_rect(app, clock, preset.rect)
    run_frames(app, clock, 0.05)
    assert app.stage.child.intensity_preset == preset.label
    slider_buttons = {f"button {button.label}" for button in overlay.buttons}
    assert painted and not slider_buttons & set(painted)  # (the calm button's new colours)
