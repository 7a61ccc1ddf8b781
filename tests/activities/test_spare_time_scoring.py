"""A finished shape's score (and a copy's similarity) is worked out in the spare time
between frames (ui/spare_time.py), not in the frame the child finishes it in: the
real-time loop does it while it waits for the next frame, and whoever reads it first (the
attempt's end) gets the same numbers if the loop never had the time."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import on_the_menu, run_loop

from sensory_games.activities.traced import TracedPath
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.path_scoring import Contact, TargetPath, TraceScore
from sensory_games.engine.app import App
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.spare_time import Later, SpareTime


def traced_line() -> TracedPath:
    """A 50 mm line traced a little off its middle, wobbling."""
    path = TracedPath(TargetPath((np.array([[10.0, 20.0], [60.0, 20.0]]),), 5.0))
    contact = Contact()
    for index, x in enumerate(np.linspace(10, 60, 40)):
        contact.add(index / 60, float(x), 20.5 + 0.8 * np.sin(index / 3))
    path.contacts.append(contact)
    return path


def test_a_value_is_queued_worked_out_once_and_the_same_either_way() -> None:
    spare = SpareTime()
    path = traced_line()
    later = Later(path.score, spare)
    assert len(spare) == 1 and not later.ready  # queued, not worked out yet
    assert spare.do_one() and not spare.do_one()
    assert later.ready
    worked = later.value
    assert worked == path.score()  # the score the path gives, computed once
    assert later.value is worked

    read_first = Later(path.score, spare)
    score = read_first.value  # (the attempt ended before the loop had the time)
    assert score == worked
    assert spare.do_one()  # the chore then finds it done
    assert read_first.value is score


def finished_paths(activity) -> list[tuple[Later[TraceScore], TracedPath]]:  # type: ignore[no-untyped-def]
    """Each finished path's queued score with the path it is for."""
    items = [item for item in activity.shown if item.completed_at is not None]
    if isinstance(activity.scores, dict):  # (mirror drawing: a path each hand, pair by pair)
        return [
            (scores[index], item.sides[hand])
            for index, item in enumerate(items)
            for hand, scores in activity.scores.items()
            if index < len(scores)
        ]
    return list(zip(activity.scores, items, strict=False))


@pytest.mark.parametrize(
    ("slug", "level"), [("tracing", 2), ("bilateral_mirror", 2), ("tracing", 16)]
)
def test_the_loop_scores_each_finished_shape_between_frames_as_it_stood(
    slug: str, level: int, make_app, clock, repository
) -> None:
    """Each finished shape's score (and copy's similarity) waits for the spare time, and is
    what it was in the frame the shape was finished in, even after a resize between (the
    shapes, a copy's model among them, are laid out again)."""
    app = make_app((800, 480))
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, slug, level, seed=3)
    app.push(scene)
    activity = scene.activity
    bot = activity.bot_class(activity, 3, 0.9)
    copy_mode = getattr(activity, "copy_mode", None)
    seen, sizes = 0, [(900, 500), (800, 480)]
    for _ in range(60 * 90):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame()
        now = finished_paths(activity)
        if scene is not app.top or activity.result is not None:
            assert all(later.ready for later, _ in now)  # (read by the attempt's end)
            break
        if len(now) > seen:  # a shape finished in this frame: its score waits
            assert not any(later.ready for later, _ in now[seen:])
            scores = [path.score() for _, path in now[seen:]]  # (as it stands now)
            similar = [copy_mode.similarity(path) for _, path in now[seen:]] if copy_mode else []
            app.resize(sizes[seen % 2])
            while app.spare_time_chore():
                pass
            assert [later.value for later, _ in now[seen:]] == scores
            if copy_mode is not None:
                assert [later.value for later in copy_mode.similarities[seen:]] == similar
            seen = len(now)
    assert seen >= 1  # (the last shape ends the attempt, which reads its score)


def test_the_next_copy_page_is_painted_between_frames_not_in_the_frame_that_shows_it(
    make_app, clock, repository, monkeypatch
) -> None:
    from sensory_games.activities.tracing import copying

    painted: list[str] = []  # (what painted each page: a frame, or the spare time)
    real_paint = copying.paint_copy_page
    in_chore = {"now": False}

    def noted_paint(*args, **kwargs):  # type: ignore[no-untyped-def]
        painted.append("chore" if in_chore["now"] else "frame")
        return real_paint(*args, **kwargs)

    monkeypatch.setattr(copying, "paint_copy_page", noted_paint)
    app = make_app((800, 480))
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, "tracing", 16, seed=3)  # four shapes to copy
    app.push(scene)
    activity = scene.activity
    bot = activity.bot_class(activity, 3, 0.9)
    for _ in range(60 * 90):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame()
        if scene is not app.top or activity.result is not None:
            break
        in_chore["now"] = True
        while app.spare_time_chore():
            pass
        in_chore["now"] = False
    assert len(activity.shown) == 4
    assert painted == ["frame", "chore", "chore", "chore"], painted  # (the first: at once)


def test_a_chore_that_fails_is_logged_and_the_loop_plays_on(make_app, monkeypatch) -> None:
    app = make_app()
    done: list[str] = []

    def failing() -> None:
        raise RuntimeError("a bug in a chore")

    app.stage.spare_time.add(failing)
    app.stage.spare_time.add(lambda: done.append("the next chore"))
    run_loop(app, monkeypatch, 5)
    assert done == ["the next chore"]
    assert "a bug in a chore" in app.errors.path.read_text(encoding="utf-8")


def play_to_the_last_shape(app, scene, chores: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """Frames of a seeded bot until the attempt's last shape is finished; `chores`: the
    spare time's chores done after each frame, as the loop does. Returns what each frame
    from then on saw ("ending", "ended")."""
    activity = scene.activity
    bot = activity.bot_class(activity, 3, 0.9)
    clock = app.stage.clock
    for _ in range(60 * 90):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        app.frame()
        if activity.ending or activity.result is not None:
            return ["ending" if activity.ending else "ended"]
        while chores and app.spare_time_chore():
            pass
    raise AssertionError("the bot never finished the attempt")


@pytest.mark.parametrize(
    ("slug", "level"), [("tracing", 2), ("bilateral_mirror", 2), ("tracing", 16)]
)
def test_the_last_shape_is_not_scored_in_its_frame_and_the_result_is_the_same_however_late(
    slug: str, level: int, config, repository
) -> None:
    """The frame the last shape is finished in leaves its scores to the spare time; the
    Result is taken in the next frame after them, or within END_WAIT_UPDATES updates when
    the spare time never comes, timed as of the end either way: the same Result."""
    from sensory_games.activities.shapes_in_turn import END_WAIT_UPDATES

    results = []
    for chores in (True, False):
        app = App(config, repository, VirtualClock(), window_size=(800, 480), headless=True)
        on_the_menu(app, repository)
        scene = ActivityScene(app.stage, slug, level, seed=3)
        app.push(scene)
        activity = scene.activity
        assert play_to_the_last_shape(app, scene, chores) == ["ending"]
        assert activity.result is None and len(app.stage.spare_time) > 0  # (its last scores)
        frames = 0
        while activity.result is None:
            if chores:
                while app.spare_time_chore():
                    pass
            app.stage.clock.advance(app.step_s)
            app.frame()
            frames += 1
        assert frames == (1 if chores else END_WAIT_UPDATES)  # (one update a frame at 60 Hz)
        results.append(activity.result)
        app.stage.navigation.reset_to_root()
    assert results[0] == results[1]
    assert results[0].completed


@pytest.mark.parametrize("leave", ["calm button", "resize"])
def test_an_attempt_left_as_it_ends_is_saved_completed_with_its_scores(
    leave: str, config, repository
) -> None:
    """The child leaves (the calm button) or the window changes size in the frames the
    Result waits for its scores: it is taken at once, completed, as it stood."""
    results = []
    for interrupted in (False, True):
        app = App(config, repository, VirtualClock(), window_size=(800, 480), headless=True)
        on_the_menu(app, repository)
        scene = ActivityScene(app.stage, "bilateral_mirror", 2, seed=3)
        app.push(scene)
        play_to_the_last_shape(app, scene, chores=False)
        if interrupted and leave == "resize":
            app.resize((900, 500))
            assert scene.activity.result is not None
        elif interrupted:
            scene.calm_down()
            assert scene.saved is not None and scene.saved.result == scene.activity.result
        while scene.activity.result is None:
            app.stage.clock.advance(app.step_s)
            app.frame()
        results.append(scene.activity.result)
        app.stage.navigation.reset_to_root()
    assert results[1].completed and results[1].abort_reason is None
    assert results[1] == results[0]


def test_touches_while_the_result_waits_are_not_the_attempts_samples(config, repository) -> None:  # type: ignore[no-untyped-def]
    """The attempt ended with its last shape: a finger that touches in the frames its
    Result waits for is not recorded with it (as after the Result, before this wait)."""
    from helpers import hold

    app = App(config, repository, VirtualClock(), window_size=(800, 480), headless=True)
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, "tracing", 2, seed=3)
    app.push(scene)
    play_to_the_last_shape(app, scene, chores=False)
    recorded = len(scene.samples)
    hold(app, app.stage.clock, 40.0, 40.0, 0.05)  # (a tap: frames run meanwhile)
    assert len(scene.samples) == recorded
    while scene.saved is None:
        app.stage.clock.advance(app.step_s)
        app.frame()
    assert len(scene.saved.samples) == recorded


def attempts_of_activity(repository, slug: str) -> list:  # type: ignore[no-untyped-def]
    """The log's attempts of `slug`, in start order."""
    return [a for a in repository.attempts() if a.activity == slug]


@pytest.mark.parametrize("chores", [True, False])
def test_an_ended_attempt_is_saved_between_frames_or_by_the_next_frame(
    chores: bool, config, repository
) -> None:
    """The frame that takes the Result does not also save it (1.5-5 ms: the record checked,
    its samples packed, one transaction): the save is the first chore of the spare time
    after that frame. Without spare time (a frame too long, a test driving frames) the
    next frame saves it, as before. Saved once either way, and the screen leaves after the
    same pause."""
    from sensory_games.engine.scenes.play import END_PAUSE_S

    app, scene = ended_in_app(config, repository)
    assert scene.saved is None and attempts_of_activity(repository, "tracing") == []
    if chores:
        assert app.spare_time_chore()  # (the save: queued first)
        assert scene.saved is not None
        assert [a.id for a in attempts_of_activity(repository, "tracing")] == [scene.saved.id]
    app.stage.clock.advance(app.step_s)
    app.frame()  # (saves it now, unless the spare time did)
    assert scene.saved is not None and scene.saved.result == scene.activity.result
    assert [a.id for a in attempts_of_activity(repository, "tracing")] == [scene.saved.id]
    saved_at = app.stage.clock.now()
    while scene is app.top:
        app.stage.clock.advance(app.step_s)
        app.frame()
    assert app.stage.clock.now() - saved_at == pytest.approx(END_PAUSE_S, abs=app.step_s * 1.01)
    assert len(attempts_of_activity(repository, "tracing")) == 1


def ended_in_app(config, repository, slug: str = "tracing"):  # type: ignore[no-untyped-def]
    """An app whose `slug` attempt took its Result in the last frame (its save queued)."""
    app = App(config, repository, VirtualClock(), window_size=(800, 480), headless=True)
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, slug, 2, seed=3)
    app.push(scene)
    play_to_the_last_shape(app, scene, chores=True)
    while scene.activity.result is None:
        while app.spare_time_chore():
            pass
        app.stage.clock.advance(app.step_s)
        app.frame()
    return app, scene


def test_a_save_that_fails_between_frames_is_raised_by_the_next_frame(config, repository):
    """A save that fails in the spare time (a bug) is not dropped with its chore: the next
    frame raises it, and the app recovers from it as from a save that failed in a frame
    (back to "who is playing?", the error logged), never showing the reward as if saved."""
    from sensory_games.engine.scenes.profile_picker import ProfilePickerScene

    app, scene = ended_in_app(config, repository)
    real_save = app.stage.child.save_attempt

    def failing(attempt):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in the save")

    app.stage.child.save_attempt = failing  # type: ignore[method-assign]
    assert app.guarded_chore()  # (the save, failing: nothing raised out of the loop)
    app.stage.child.save_attempt = real_save  # type: ignore[method-assign]
    app.stage.clock.advance(app.step_s)
    assert app.guarded_frame()
    assert scene not in app.scenes and isinstance(app.top, ProfilePickerScene)
    assert "a bug in the save" in app.errors.path.read_text(encoding="utf-8")


def test_touches_after_the_result_are_never_the_attempts_samples(config, repository):
    """A finger down in the frames between the Result and the save is not recorded with
    the attempt, whether the spare time saves it at once or the next frame does."""
    from helpers import hold

    saved = []
    for chores in (True, False):
        app, scene = ended_in_app(config, repository)
        recorded = len(scene.samples)
        if chores:
            assert app.spare_time_chore()
        hold(app, app.stage.clock, 40.0, 40.0, 0.05)  # (frames run meanwhile)
        assert scene.saved is not None and len(scene.saved.samples) == recorded
        saved.append(len(scene.saved.samples))
        app.stage.navigation.reset_to_root()
    assert saved[0] == saved[1]


def test_a_recovery_that_cuts_the_screens_drops_their_chores(config, repository, monkeypatch):
    """When going back to "who is playing?" fails too and the app cuts its screens off,
    their spare-time chores (an ended attempt's save among them) go with them: none runs
    for a screen that has left, after the child's session ended."""
    app, scene = ended_in_app(config, repository)
    assert len(app.stage.spare_time) > 0

    def failing_reset() -> None:
        raise RuntimeError("and a bug on the way back")

    monkeypatch.setattr(app.stage.navigation, "reset_to_root", failing_reset)
    monkeypatch.setattr(scene, "update", lambda dt: (_ for _ in ()).throw(RuntimeError("bug")))
    app.stage.clock.advance(app.step_s)
    app.guarded_frame()
    assert scene not in app.scenes and len(app.stage.spare_time) == 0


def test_the_loop_does_a_chore_queued_after_the_frame_with_no_spare_time_left(
    make_app, monkeypatch
) -> None:
    """A chore queued `after_frame` (an ended attempt's save) is done as soon as the frame
    is on screen, even when too little time is left for spare-time chores; those wait."""
    app = make_app()
    done: list[str] = []
    monkeypatch.setattr(app, "spare_time_left", lambda left_s: False)  # (frames too long)
    app.stage.spare_time.add(lambda: done.append("spare"))
    app.stage.spare_time.add(lambda: done.append("after the frame"), after_frame=True)
    run_loop(app, monkeypatch, 3)
    assert done == ["after the frame"]
    spare = SpareTime()
    spare.add(lambda: done.append("b"))
    spare.add(lambda: done.append("a"), after_frame=True)
    assert len(spare) == 2 and spare.do_one() and done[-1] == "a"  # (first, by hand too)


def test_a_chore_queued_by_an_after_frame_chore_waits_for_the_next_frame() -> None:
    spare, done = SpareTime(), []

    def again() -> None:
        done.append("again")
        spare.add(again, after_frame=True)  # (one that queues itself: never a loop)

    spare.add(again, after_frame=True)
    assert spare.do_after_frame() and done == ["again"] and len(spare) == 1
    assert spare.do_after_frame() and done == ["again", "again"]
