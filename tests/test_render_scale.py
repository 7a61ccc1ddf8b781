"""The render scale for slow devices: the slow-device rule (domain/render_scale.py), the
scaled canvas (ui/scaled_canvas.py) and an activity drawn through it."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import on_the_menu

from sensory_games.domain.config import ConfigError, load_app_config
from sensory_games.domain.render_scale import FEWEST_FRAMES, LONG_FRAME_S, WATCH_S, RenderScale
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.damage import Damage
from sensory_games.ui.scaled_canvas import ScaledCanvas
from sensory_games.ui.screen import ScreenMetrics


def feed(rule: RenderScale, frame_s: float, seconds: float, t0: float = 0.0) -> float:
    """Frames of `frame_s` every 1/60 s for `seconds`; returns the time reached."""
    t = t0
    while t < t0 + seconds:
        rule.notice(frame_s, t)
        t += 1 / 60
    return t


def test_long_frames_for_a_few_seconds_lower_the_scale_one_step_at_a_time():
    rule = RenderScale(0.0)
    assert rule.automatic and rule.value == 1.0
    t = feed(rule, LONG_FRAME_S * 0.9, 10)  # fast enough: stays sharp
    assert rule.value == 1.0 and not rule.changes
    t = feed(rule, LONG_FRAME_S * 1.5, WATCH_S + 0.1, t)
    assert rule.value == 0.75
    [change] = rule.changes
    assert change.old == 1.0 and change.median_frame_s == pytest.approx(LONG_FRAME_S * 1.5)
    t = feed(rule, LONG_FRAME_S * 1.5, WATCH_S + 0.1, t)
    assert rule.value == 0.5
    feed(rule, LONG_FRAME_S * 3, 60, t)  # the smallest: no lower
    assert rule.value == 0.5 and len(rule.changes) == 2


def test_a_few_long_frames_or_a_gap_do_not_lower_it():
    rule = RenderScale(0.0)
    t = 0.0
    for index in range(10 * 60):  # one long frame in four: the median is short
        rule.notice(LONG_FRAME_S * (4 if index % 4 == 0 else 0.5), t)
        t += 1 / 60
    assert rule.value == 1.0
    for _ in range(FEWEST_FRAMES - 1):  # few frames over a long time (a still screen)
        rule.notice(LONG_FRAME_S * 3, t)
        t += 1.0
    rule.pause_watch()
    feed(rule, LONG_FRAME_S * 3, WATCH_S - 0.5, t)
    assert rule.value == 1.0


def test_a_fixed_scale_is_never_changed():
    rule = RenderScale(0.75)
    assert not rule.automatic
    feed(rule, LONG_FRAME_S * 5, 30)
    assert rule.value == 0.75 and not rule.changes


@pytest.mark.parametrize("value", ["0.3", "0.9", "2", "-1", "half", "true", "[0.5]"])
def test_app_yaml_refuses_other_scales_in_one_message(value, config_copy):
    """Whatever is wrong, IT reads the same list of what is allowed (never a range that
    invites another wrong value)."""
    (config_copy / "app.yaml").write_text(f"display:\n  render_scale: {value}\n")
    with pytest.raises(ConfigError) as error:
        load_app_config(config_copy)
    said = str(error.value)
    assert "app.yaml" in said and "display.render_scale" in said
    assert said.endswith("must be one of 0, 0.5, 0.75, 1")


def test_app_yaml_takes_a_scale(config_copy):
    (config_copy / "app.yaml").write_text("display:\n  render_scale: 0.5\n")
    assert load_app_config(config_copy).display.render_scale == 0.5


@pytest.mark.parametrize("scale", [0.75, 0.5])
@pytest.mark.parametrize("size", [(1920, 1080), (801, 479)])
def test_a_canvas_sent_in_parts_is_the_canvas_sent_whole(scale, size, make_app):
    make_app((320, 240))  # (a display to convert the canvas for)
    window = pygame.Surface(size)
    canvas = ScaledCanvas(ScreenMetrics(size[0], size[1], 5.0), scale)
    assert canvas.metrics.width_mm == pytest.approx(size[0] / 5.0, abs=0.3)
    rng = np.random.default_rng(3)
    w, h = canvas.surface.get_size()
    pygame.surfarray.blit_array(canvas.surface, rng.integers(0, 255, (w, h, 3), dtype=np.uint8))
    damage = Damage()
    damage.start(size, still_on_screen=False)
    canvas.start(damage)
    canvas.present(window, damage)
    whole = pygame.surfarray.array3d(window).copy()
    window.fill((0, 0, 0))
    damage.start(size, still_on_screen=True)
    canvas.start(damage)
    for x in range(0, w, 37):  # (ragged rectangles over the whole canvas)
        canvas.damage.add(pygame.Rect(x, 0, 37, h))
    canvas.present(window, damage)
    assert damage.rects() is None  # (most of the screen: sent whole)
    assert (pygame.surfarray.array3d(window) == whole).all()


def test_an_activity_at_a_lower_scale_keeps_its_millimetres_and_a_sharp_calm_button(
    make_app, clock, repository
):
    app = make_app((1280, 800))
    app.render_scale.configured = app.render_scale.value = 0.5
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, "bubbles", 1, seed=2)
    app.push(scene)
    assert scene.canvas is not None and scene.activity.context.metrics.width_px == 640
    assert scene.activity.context.metrics.width_mm == pytest.approx(app.metrics.width_mm)
    bot = scene.activity.bot_class(scene.activity, 2, 0.9)
    while scene.activity.popped == 0 and clock.now() < 20:
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame()
    assert scene.activity.popped > 0  # taps in mm reached the bubbles drawn at half size
    assert app.top is scene
    # the calm button is drawn at the window's resolution: somewhere in it two pixels
    # at x = 2k+1 and 2k+2 differ, which no picture scaled up twice as large has
    button = pygame.surfarray.array3d(app.surface.subsurface(scene.calm_button.rect))
    odd = button[1:-1:2] != button[2::2][: len(button[1:-1:2])]
    assert odd.any()
    middle = pygame.Rect(400, 200, 480, 400)  # (bubbles, away from the calm button)
    assert not middle.colliderect(scene.calm_button.rect)
    activity = pygame.surfarray.array3d(app.surface.subsurface(middle))
    assert not (activity[1:-1:2] != activity[2::2][: len(activity[1:-1:2])]).any()
