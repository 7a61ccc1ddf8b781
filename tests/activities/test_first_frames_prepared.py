"""What an attempt's first frames would draw (the drums' SVG pictures and their layer, the
glitter jar's still layer, the colour wash's first steps, a traced level's backdrop with
the first shape's guides) is drawn in the spare time
between the frame that opens it and its first: that frame then draws none of it, and shows
the very picture it would have drawn itself. A tap opening such an activity is answered
by a frame that makes its screen and draws it from the next."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pygame
import pytest
from helpers import on_the_menu, run_frames

from sensory_games.activities.bilateral.drum import view as drum_view
from sensory_games.activities.bilateral.mirror.view import MirrorView
from sensory_games.activities.calming import glitter_view
from sensory_games.activities.calming import view as calming_view
from sensory_games.activities.tracing.view import TracingView
from sensory_games.engine import app as app_module
from sensory_games.engine.held_back import MOST_HELD_FRAMES
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.input import finger_event

FIRST_FRAMES = 4


def _level(app, slug: str, variant: str | None) -> int:  # type: ignore[no-untyped-def]
    return next(
        level.number
        for level in app.child.levels(slug)
        if variant is None or level.parameters.get("variant") == variant
    )


def _drums_drawn() -> int:
    """How many drum pictures and drum layers were drawn so far."""
    return drum_view.drum_on_background._misses + drum_view.drums_backdrop._misses


def _counted(monkeypatch, module, name: str) -> Callable[[], int]:  # type: ignore[no-untyped-def]
    """Count the calls of `module.name` from now on."""
    calls = [0]
    real = getattr(module, name)

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return lambda: calls[0]


CASES = {
    "drum": ("bilateral_drum", None, lambda monkeypatch: _drums_drawn),
    "jar": ("calming", "jar", lambda mp: _counted(mp, glitter_view, "draw_still_jar")),
    "wash": ("calming", "wash", lambda mp: _counted(mp, calming_view, "paint_wash")),
    "tracing": ("tracing", None, lambda mp: _counted(mp, TracingView, "_paint_backdrop")),
    "mirror": ("bilateral_mirror", None, lambda mp: _counted(mp, MirrorView, "_paint_backdrop")),
}


def _first_frames(  # type: ignore[no-untyped-def]
    app, clock, slug: str, level: int, drawn: Callable[[], int], prepared: bool
) -> tuple[list[np.ndarray], int, int]:
    """The attempt's first frames as shown, what the spare time drew before them (prepared)
    and what they drew themselves (else the spare time's chores are dropped: a loop that
    left no time)."""
    scene = ActivityScene(app.stage, slug, level, seed=3)
    app.push(scene)
    before = drawn()
    assert scene.opens_prepared and not scene.prepared  # (queued as it opened)
    if prepared:
        while app.spare_time_chore():
            pass
        assert scene.prepared
    else:
        app.stage.spare_time.clear()
    ahead, before = drawn() - before, drawn()
    shown = []
    for _ in range(FIRST_FRAMES):
        clock.advance(app.step_s)
        app.frame()
        shown.append(pygame.surfarray.array3d(app.surface).copy())
    in_frames = drawn() - before  # (read before the scene ends: its caches then go)
    app.stack.pop_to(ActivityMenuScene)
    app.frame()
    return shown, ahead, in_frames


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_first_frames_draw_nothing_prepared_and_show_what_they_would_have_drawn(
    case, make_app, clock, repository, monkeypatch
) -> None:
    slug, variant, counter = CASES[case]
    app = make_app((800, 480))
    on_the_menu(app, repository)
    level = _level(app, slug, variant)
    drawn = counter(monkeypatch)
    unprepared, ahead, in_frames = _first_frames(app, clock, slug, level, drawn, prepared=False)
    assert (ahead, in_frames > 0) == (0, True)  # the frames drew it themselves
    prepared, ahead, in_frames = _first_frames(app, clock, slug, level, drawn, prepared=True)
    assert (ahead > 0, in_frames) == (True, 0)  # the spare time did, and none of the frames
    for one, other in zip(unprepared, prepared, strict=True):
        assert np.array_equal(one, other)


@pytest.mark.parametrize(("slug", "prepares"), [("bilateral_drum", True), ("bubbles", False)])
def test_a_tap_opens_an_activity_drawn_from_the_next_frame_when_it_prepares(
    slug, prepares, make_app, clock, repository
) -> None:
    """The frame of the tap that opens the drums makes the screen but does not draw it (the
    menu's last picture stays a frame), the loop's spare time draws the drums, and the
    first frame drawn draws none of them; an activity with nothing to prepare is drawn in
    the tap's frame, as any screen."""
    app = make_app((800, 480))
    menu = on_the_menu(app, repository)
    run_frames(app, clock, 0.1)
    x_mm, y_mm = app.metrics.to_mm(*menu.tile(slug).rect.center)
    pygame.event.post(finger_event(app.metrics, "down", 77, x_mm, y_mm))
    run_frames(app, clock, 0.1)
    pygame.event.post(finger_event(app.metrics, "up", 77, x_mm, y_mm))
    clock.advance(app.step_s)
    before = _drums_drawn()
    drawn = app.frame()
    assert isinstance(app.top, ActivityScene) and app.top.slug == slug
    assert (drawn, app.top.opens_prepared) == (not prepares, prepares)
    assert _drums_drawn() == before  # (the tap's frame makes the screen, draws no drum)
    while app.spare_time_chore():
        pass
    before = _drums_drawn()
    for _ in range(FIRST_FRAMES):
        clock.advance(app.step_s)
        assert app.frame()
    assert _drums_drawn() == before


def test_a_screen_the_spare_time_never_prepares_is_drawn_two_frames_after_the_tap(
    make_app, clock, repository
) -> None:
    """With no spare time at all (frames too long), the drums are held back no longer than
    MOST_HELD_FRAMES frames: then drawn by their frames, as before."""
    app = make_app((800, 480))
    menu = on_the_menu(app, repository)
    run_frames(app, clock, 0.1)
    x_mm, y_mm = app.metrics.to_mm(*menu.tile("bilateral_drum").rect.center)
    pygame.event.post(finger_event(app.metrics, "down", 78, x_mm, y_mm))
    run_frames(app, clock, 0.1)
    pygame.event.post(finger_event(app.metrics, "up", 78, x_mm, y_mm))
    drawn = []
    for _ in range(MOST_HELD_FRAMES + 1):
        clock.advance(app.step_s)
        drawn.append(app.frame())
    assert isinstance(app.top, ActivityScene) and not app.top.prepared
    assert drawn == [False] * MOST_HELD_FRAMES + [True]


@pytest.mark.parametrize("case", ["jar", "wash"])
def test_a_screen_that_replaces_another_is_prepared_once_the_other_has_left(
    case, make_app, clock, repository, monkeypatch
) -> None:
    """The calm button's calm screen replaces the drums (check-ins off), a check-in gives
    way to its activity: the screen that left takes its chores and drawings with it, and
    the new one's are queued after that, so they are done and its frames draw none."""
    slug, variant, counter = CASES[case]
    app = make_app((800, 480))
    on_the_menu(app, repository)
    drawn = counter(monkeypatch)
    app.push(ActivityScene(app.stage, "bilateral_drum", 1, seed=3))
    clock.advance(app.step_s)
    app.frame()
    app.stage.replace(ActivityScene(app.stage, slug, _level(app, slug, variant), seed=3))
    scene = app.top
    assert isinstance(scene, ActivityScene) and scene.opens_prepared and not scene.prepared
    while app.spare_time_chore():
        pass
    assert scene.prepared
    before = drawn()
    for _ in range(FIRST_FRAMES):
        clock.advance(app.step_s)
        assert app.frame()
    assert drawn() == before


class _GivesWay(Scene):
    """A screen that replaces itself with `after()` in its first update (as a check-in's
    timer gives way to its activity)."""

    def __init__(self, stage, after) -> None:  # type: ignore[no-untyped-def]
        super().__init__(stage)
        self.after = after

    def update(self, dt: float) -> None:
        self.stage.replace(self.after())


def test_a_screen_an_update_opens_is_not_updated_in_that_frame_nor_drawn_till_prepared(
    make_app, clock, repository, monkeypatch
) -> None:
    """In a late frame (several updates due), the drums a screen's update opened get none
    of the updates left: they are held back from that frame on, and no held frame gives
    memory back (a collection there would take the spare time the drums need)."""
    app = make_app((800, 480))
    on_the_menu(app, repository)
    given_back = []
    monkeypatch.setattr(app_module, "give_back_freed_memory", lambda: given_back.append(1))
    updates = []
    real_update = ActivityScene.update
    monkeypatch.setattr(
        ActivityScene, "update", lambda scene, dt: updates.append(dt) or real_update(scene, dt)
    )
    app.push(_GivesWay(app.stage, lambda: ActivityScene(app.stage, "bilateral_drum", 1, seed=3)))
    clock.advance(3 * app.step_s)  # (three updates due in this frame)
    assert app.frame() is False
    assert isinstance(app.top, ActivityScene) and not app.top.prepared
    assert updates == [] and given_back == []
    while app.spare_time_chore():
        pass
    clock.advance(app.step_s)
    assert app.frame() and updates  # prepared: updated and drawn


def test_a_screen_held_once_is_drawn_at_once_when_it_shows_again(
    make_app, clock, repository
) -> None:
    """Opened with no spare time (held its 2 frames, never prepared), covered by the PIN
    pad and uncovered: drawn at once, not held again."""
    app = make_app((800, 480))
    on_the_menu(app, repository)
    app.open(ActivityScene(app.stage, "bilateral_drum", 1, seed=3))
    app.stage.spare_time.clear()  # (no spare time: never prepared)
    drawn = []
    for _ in range(MOST_HELD_FRAMES):
        clock.advance(app.step_s)
        drawn.append(app.frame())
    assert drawn == [False] * (MOST_HELD_FRAMES - 1) + [True]  # (App.open: the tap's counted)
    scene = app.top
    app.push(Scene(app.stage))  # (covered)
    clock.advance(app.step_s)
    app.frame()
    app.pop()  # (uncovered in a frame)
    clock.advance(app.step_s)
    assert app.top is scene and app.frame()
