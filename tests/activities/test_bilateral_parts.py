"""The two-handed activities drawn in parts (issue 22's dirty rectangles), played longer
and in more variants than tests/test_dirty_rects.py's first seconds: the drums' beat
marks, rings and ripples after the count-in, a drum level without its glow, the hold ring
filling and done, a thing dragged into the jar. Every frame drawn in parts is the whole
picture, every changed pixel is inside the rectangles sent; a resting screen sends none;
the drums' pictures are drawn one an update as an attempt starts."""

from __future__ import annotations

import pytest
from helpers import on_the_menu
from test_dirty_rects import outside, pixels, played, whole_picture

from sensory_games.activities.bilateral.drum import view as drum_view
from sensory_games.domain.intensity import PRESETS
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.art import background_colour

SIZE = (800, 480)


def play_in_parts(app, clock, scene, skill: float, frames: int) -> int:
    """Let the bot play `scene` for up to `frames` frames, checking each frame drawn in
    parts (every 20th against a whole redraw); returns how many were drawn in parts."""
    bot = scene.activity.bot_class(scene.activity, 1, skill)
    before, in_parts = None, 0
    for frame in played(app, clock, scene, bot, frames):
        now, rects = pixels(app.surface), app.window.damage.rects()
        if rects is not None and before is not None:
            in_parts += 1
            assert outside(now != before, rects) == 0, f"frame {frame}"
            if frame % 20 == 0:
                assert (whole_picture(app, scene) == now).all(), f"frame {frame}"
                app.request_redraw()
        before = now
    return in_parts


@pytest.mark.parametrize(
    ("slug", "level", "preset", "skill"),
    [
        ("bilateral_drum", 1, "alerting", 0.8),  # both hands on each beat
        ("bilateral_drum", 2, "calm", 0.3),  # alternate, misses and extra taps
        ("bilateral_drum", 5, "alerting", 0.6),  # a custom pattern with rests
        ("bilateral_drum", 7, "alerting", 0.8),  # no glow: sound alone
        ("bilateral_both", 1, "alerting", 0.8),
        ("bilateral_both", 5, "calm", 0.3),  # releases: the ring fading out
        ("bilateral_hold", 1, "alerting", 0.8),
        ("bilateral_hold", 5, "calm", 0.3),  # drags without the jar held
    ],
)
def test_a_longer_play_drawn_in_parts_is_the_whole_picture(
    slug, level, preset, skill, make_app, clock, repository
):
    app = make_app(SIZE)
    on_the_menu(app, repository)
    app.stage.set_intensity(PRESETS[preset], clock.now(), preset_name=preset)
    scene = ActivityScene(app.stage, slug, level, seed=level)
    app.push(scene)
    assert play_in_parts(app, clock, scene, skill, frames=480) > 50


@pytest.mark.parametrize("slug", ["bilateral_both", "bilateral_hold"])
def test_a_screen_where_nothing_moves_sends_nothing(slug, make_app, clock, repository):
    """... but the calm button, drawn again over its own backdrop (a few square mm)."""
    app = make_app(SIZE)
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, slug, 1, seed=1)
    app.push(scene)
    for _ in range(3):  # (the first frame is whole; the ring and dots settle)
        clock.advance(app.step_s)
        app.frame()
    still = pixels(app.surface)
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() == [scene.calm_button.rect]
    assert (pixels(app.surface) == still).all()


def test_the_drums_are_drawn_one_an_update_and_show_together(
    make_app, clock, repository, monkeypatch
):
    drawn: list[tuple] = []
    picture_copy = drum_view.picture_copy

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(args)
        return picture_copy(*args, **kwargs)

    monkeypatch.setattr(drum_view, "picture_copy", counted)
    drum_view.drum_on_background.cache_clear()
    app = make_app(SIZE)
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, "bilateral_drum", 2, seed=1)
    app.push(scene)
    activity = scene.activity
    centre = app.metrics.to_px(*activity.centres_mm()["left"])
    flat = background_colour(activity.context.palette)
    counts = []
    for _ in range(4):
        clock.advance(app.step_s)
        app.frame()
        counts.append((len(drawn), tuple(app.surface.get_at(centre))[:3] == flat))
    # one drum a frame, then the layer: shown together in the third
    assert counts == [(1, True), (2, True), (2, False), (2, False)]
    # a screenshot's picture, taken after updates alone, has both drums
    app.push(ActivityScene(app.stage, "bilateral_drum", 2, seed=2))
    for _ in range(3):
        clock.advance(app.step_s)
        app.frame(render=False)
    app.request_redraw()
    clock.advance(app.step_s)
    app.frame()
    assert tuple(app.surface.get_at(centre))[:3] != flat
