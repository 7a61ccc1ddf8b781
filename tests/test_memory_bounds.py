"""What a tablet left running all day keeps in memory: fixed-size frame times, a bounded
list of saved attempts, and no full-screen layers left behind by a closed activity."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import numpy as np
import pytest
from helpers import open_activity, run_frames

from sensory_games.cli.autoplay import play_attempt
from sensory_games.engine.frame_times import DEFAULT_CAPACITY, FrameTimes
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.services.child_session import SAVED_IDS_KEPT
from sensory_games.ui import kept


def test_frame_times_keep_the_latest_in_order_and_never_grow() -> None:
    times = FrameTimes(capacity=5)
    held = times.nbytes
    for frame in range(1, 23):
        times.append(frame / 1000)
        assert len(times) == min(frame, 5)
        assert times.nbytes == held  # one fixed array, however many frames
    assert list(times) == pytest.approx([0.018, 0.019, 0.020, 0.021, 0.022])
    np.testing.assert_allclose(times.recent(), [0.018, 0.019, 0.020, 0.021, 0.022])


def test_frame_times_before_the_buffer_is_full_and_after_clearing() -> None:
    times = FrameTimes(capacity=4)
    assert list(times) == [] and times.recent().size == 0
    times.append(0.5)
    times.append(0.25)
    assert list(times) == [0.5, 0.25]
    times.clear()
    assert len(times) == 0 and list(times) == []
    for value in (1.0, 2.0, 3.0, 4.0, 5.0):
        times.append(value)
    assert list(times) == [2.0, 3.0, 4.0, 5.0]


def test_a_copy_of_the_frame_times_does_not_change_with_later_frames() -> None:
    times = FrameTimes(capacity=3)
    for value in (1.0, 2.0, 3.0):
        times.append(value)
    taken = times.recent()
    times.append(4.0)
    assert taken.tolist() == [1.0, 2.0, 3.0]


def test_frame_times_need_room_for_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        FrameTimes(capacity=0)


def test_the_app_records_each_frame_in_its_fixed_buffer(make_app, repository, clock) -> None:
    app = make_app()
    open_activity(app, repository, "bubbles", 1)
    held = app.frame_times_s.nbytes
    assert held == DEFAULT_CAPACITY * 8
    run_frames(app, clock, 1.0)
    assert len(app.frame_times_s) == app.fps
    assert all(0 <= t < 5 for t in app.frame_times_s)
    assert app.frame_times_s.nbytes == held


def test_saved_attempt_ids_keep_only_the_latest(make_app, repository, clock) -> None:
    app = make_app()
    open_activity(app, repository, "bubbles", 1)
    app.stack.pop_to(ActivityMenuScene)
    record = play_attempt(app, clock, "bubbles", 1, seed=3, skill=0.9)
    assert app.child.saved_attempt_ids[-1] == record.id
    for index in range(SAVED_IDS_KEPT + 5):
        app.child.saved_attempt_ids.append(f"older-{index}")
    assert len(app.child.saved_attempt_ids) == SAVED_IDS_KEPT
    assert app.child.saved_attempt_ids[-1] == f"older-{SAVED_IDS_KEPT + 4}"


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    """Python's cycle collector off, as between its rare full collections in a long run."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("slug", ["tracing", "bilateral_mirror"])
def test_a_closed_activity_lets_go_of_its_full_screen_layers(
    make_app, repository, clock, slug: str, no_cycle_collector: None
) -> None:
    app = make_app()
    scene = open_activity(app, repository, slug, 1)
    run_frames(app, clock, 0.5)
    canvas = scene.activity.view.canvas
    assert canvas.layer_bytes >= 2 * 1280 * 800 * 3  # the layer and its copy, drawn
    scene.back()  # the child leaves: the attempt is stored, the screen closes
    assert not isinstance(app.top, type(scene))
    assert canvas.layer_bytes == 0  # freed now, though the scene is still in a cycle
    assert scene.saved is not None and scene.saved.result.abort_reason == "exit"


def test_a_closed_layer_is_repainted_if_drawn_again(make_app, repository, clock) -> None:
    app = make_app()
    scene = open_activity(app, repository, "tracing", 1)
    run_frames(app, clock, 0.5)
    before = app.surface.copy()
    scene.activity.close()
    assert scene.activity.view.canvas.layer_bytes == 0
    scene.activity.draw(app.surface)
    assert scene.activity.view.canvas.layer_bytes > 0
    assert app.surface.get_at((5, 5)) == before.get_at((5, 5))


def test_a_screen_that_left_is_collected_and_given_back_on_a_still_frame(
    monkeypatch: pytest.MonkeyPatch,
):
    """A scene and its activity refer to each other: only the garbage collector frees them,
    so the frame that gives the memory back collects first (in the launcher: cli/play.py
    turns it on)."""
    monkeypatch.setattr(kept, "COLLECT_LEFT_SCREENS", True)
    monkeypatch.setattr(kept, "_trim_heap", None)  # (collected where no malloc_trim is, too)

    class Screen:
        pass

    kept.give_back_freed_memory()  # (what earlier tests left due)
    automatic = gc.isenabled()
    gc.disable()  # (so that nothing but the call below collects it)
    try:
        screen = Screen()
        screen.itself = screen  # type: ignore[attr-defined]
        gone = weakref.ref(screen)
        del screen
        assert not kept.give_back_freed_memory()  # (no screen left: nothing due)
        assert gone() is not None
        kept.release_scene_drawings()
        assert kept.give_back_freed_memory()
        assert gone() is None
    finally:
        if automatic:
            gc.enable()
