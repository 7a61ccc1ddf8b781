"""The colour wash's gradient and clouds, painted straight onto the screen at a wash step,
composed into a layer in the spare time after it (with the next step, plain, in another),
and copied from it where a bloom changed until the next step (painted there until the layer
is ready): the same picture as drawing
them afresh."""

from __future__ import annotations

import numpy as np
import pygame
from helpers import build_activity, step

from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.calming.view import (
    WASH_AHEAD,
    WASH_PLAIN,
    WASH_STEPS,
    draw_wash,
    paint_wash,
    wash_backdrop,
    wash_look,
)
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(800, 500, 4.0)


def make():  # type: ignore[no-untyped-def]
    return build_activity(
        CalmingActivity,
        {"variant": "wash"},
        metrics=METRICS,
        preset_name="alerting",
        channels={"motion": 1.0, "complexity": 0.0},  # no blooms: only the layer shows
        seed=4,
    )


def drawn(activity, clock) -> np.ndarray:  # type: ignore[no-untyped-def]
    surface = pygame.Surface(METRICS.size_px)
    draw_wash(surface, activity.scene, clock.now())
    return pygame.surfarray.array3d(surface).astype(int)


def test_the_wash_shows_the_gradient_and_clouds_of_its_current_step() -> None:
    activity, clock = make()
    for _ in range(3):
        step(activity, clock, 1.7)
        shown = drawn(activity, clock)
        fresh = pygame.Surface(METRICS.size_px)
        at = round(activity.scene.phase * WASH_STEPS) % WASH_STEPS
        palette = activity.context.palette
        paint_wash(fresh, palette, wash_look(palette, 1.0, at / WASH_STEPS, METRICS.size_px))
        assert np.array_equal(shown, pygame.surfarray.array3d(fresh))


def test_a_part_of_the_wash_is_painted_as_the_whole_wash_shows_it_there_and_nowhere_else() -> None:
    activity, _ = make()
    palette = activity.context.palette
    look = wash_look(palette, 1.0, 0.3, METRICS.size_px)
    whole = pygame.Surface(METRICS.size_px)
    wash_backdrop(palette, look)(whole, None)
    part = pygame.Surface(METRICS.size_px)
    part.fill((1, 2, 3))
    area = pygame.Rect(333, 41, 170, 301)  # (over a cloud's edge and several bands)
    wash_backdrop(palette, look)(part, area)
    painted, expected = pygame.surfarray.array3d(part), pygame.surfarray.array3d(whole)
    inside = np.zeros(painted.shape[:2], bool)
    inside[area.left : area.right, area.top : area.bottom] = True
    assert np.array_equal(painted[inside], expected[inside])
    assert np.all(painted[~inside] == (1, 2, 3))
    assert part.get_clip() == part.get_rect()  # (the clip is given back)


def test_the_step_on_screen_and_the_next_are_composed_between_frames_and_copied_from() -> None:
    activity, clock = make()
    WASH_PLAIN.forget()
    step(activity, clock, 1.0)
    spare = activity.context.spare_time
    first = drawn(activity, clock)  # (painted: its layer is asked of the spare time)
    palette, size = activity.context.palette, METRICS.size_px
    at = round(activity.scene.phase * WASH_STEPS) % WASH_STEPS
    now, coming = ((palette, wash_look(palette, 1.0, k / WASH_STEPS, size)) for k in (at, at + 1))
    assert WASH_PLAIN.holding(now) is None
    assert spare.do_one()  # (the step on screen first, then the next, then the one ahead)
    layer = WASH_PLAIN.holding(now)
    assert layer is not None and np.array_equal(pygame.surfarray.array3d(layer), first)
    assert WASH_PLAIN.holding(coming) is None
    assert spare.do_one()
    following = WASH_PLAIN.holding(coming)  # the next step, plain, before it shows
    assert following is not None and following is not layer
    painted = pygame.Surface(size)
    paint_wash(painted, palette, coming[1])
    assert np.array_equal(pygame.surfarray.array3d(following), pygame.surfarray.array3d(painted))
    layer.fill((0, 0, 0))  # (a copy of the layer shows this; a painted wash would not)
    assert np.all(drawn(activity, clock) == 0)  # the same step: copied from the layer
    step(activity, clock, 0.5)  # at full motion many steps on: the clouds have moved
    moved = drawn(activity, clock)  # (no layer holds it: painted, and asked for)
    assert not np.array_equal(moved, first) and moved.any()
    while spare.do_one():
        pass
    surfaces = [layer.surface for layer in WASH_PLAIN.layers]
    assert layer in surfaces and following in surfaces  # reused, not new ones
    at = round(activity.scene.phase * WASH_STEPS) % WASH_STEPS
    now, coming = ((palette, wash_look(palette, 1.0, k / WASH_STEPS, size)) for k in (at, at + 1))
    shown, ahead = WASH_PLAIN.holding(now), WASH_PLAIN.holding(coming)
    assert shown is not None and np.array_equal(pygame.surfarray.array3d(shown), moved)
    assert ahead is not None  # (the same layer when the two steps look alike)
    WASH_PLAIN.forget()
    WASH_AHEAD.forget()


def test_a_step_is_copied_from_the_layer_composed_ahead_with_its_blooms(
    make_app, clock, repository, monkeypatch
) -> None:
    """In the loop (chores between frames), the spare time composes the next step with the
    blooms as they stand; the step's frame copies it and draws again only the blooms that
    changed: each such frame is the very picture a whole redraw gives."""
    from helpers import on_the_menu

    from sensory_games.engine.scenes.play import ActivityScene
    from sensory_games.ui.damage import MovingParts

    copies: list[int] = []
    real_copy = MovingParts.copied_whole

    def noted_copy(parts, surface, damage, picture, shows, looks):  # type: ignore[no-untyped-def]
        before = parts._shows
        real_copy(parts, surface, damage, picture, shows, looks)
        copies.append(int(parts._shows != before))

    monkeypatch.setattr(MovingParts, "copied_whole", noted_copy)
    app = make_app((800, 480))
    on_the_menu(app, repository)
    wash = next(
        level.number
        for level in app.child.levels("calming")
        if level.parameters.get("variant") == "wash"
    )
    scene = ActivityScene(app.stage, "calming", wash, seed=2)
    app.push(scene)
    full = {"complexity": 1.0, "motion": 1.0}  # (blooms, and a step every third frame)
    app.stage.set_intensity(app.child.sensory.intensity.with_overrides(full), clock.now())
    bot = scene.activity.bot_class(scene.activity, 2, 0.3)  # (restless: blooms on screen)
    compared = blooms = 0
    for _ in range(600):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        copies.clear()
        app.frame()
        if sum(copies):  # (a step copied whole: the frame is sent whole)
            blooms += len(scene.activity.scene.blooms)
            shown = pygame.surfarray.array3d(app.surface).copy()
            whole = pygame.Surface(app.surface.get_size()).convert(app.surface)
            app.window.damage.start(whole.get_size(), still_on_screen=False)
            scene.draw(whole)
            assert np.array_equal(shown, pygame.surfarray.array3d(whole))
            app.request_redraw()  # (the window's frame is whole again next)
            compared += 1
        while app.spare_time_chore():
            pass
    assert compared >= 10 and blooms >= 10
