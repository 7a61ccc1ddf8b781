"""A child can never end the app: a full disk, a broken plan, an error in a child's
screen, however often it comes, leaves the kiosk open on "who is playing?", with the
error logged once and the adult warned."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from helpers import run_frames, tap_rect
from test_storage_faults import FAULTS

from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.ui.input import finger_event


def picker_with(app, repository, alias: str = "Mia") -> ProfilePickerScene:
    repository.add_profile(alias=alias, animal="cat", colour=2)
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    run_frames(app, app.clock, 0.1)
    return picker


def tap_avatar(app, clock, alias: str) -> None:
    """The child taps their avatar on "who is playing?" (whatever screen follows, the
    next tap is back on the picker: the avatar button top-left of the menu goes home)."""
    picker = app.scenes[0]
    assert isinstance(picker, ProfilePickerScene)
    if app.top is not picker:
        app.stage.navigation.reset_to_root()
    [tile] = [t for t in picker.tiles if t.label == alias]
    tap_rect(app, clock, tile.rect)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_five_avatar_taps_on_a_refusing_log_leave_the_kiosk_open(
    make_app, clock, repository, fault
):
    """The log refuses writes (a full disk, a read-only folder, another program's lock)
    while the child taps their avatar five times in two seconds: the kiosk stays open, the
    child gets their games, the adult is told, and the sessions are written later."""
    app = make_app(kiosk=True)
    picker_with(app, repository)
    repository.start_session(repository.guest_profile().id, clock.wall_utc())  # (a row to fill)
    with FAULTS[fault](repository):
        for _ in range(5):
            tap_avatar(app, clock, "Mia")
            run_frames(app, clock, 0.2)
        assert app.running
        assert isinstance(app.top, ActivityMenuScene)  # the child plays on
        sessions = repository.connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        if fault == "disk full":  # (a full disk may still have room in the sessions table)
            assert sessions == 6 or any("the log refused a write" in w for w in app.errors.warnings)
        else:
            assert sessions == 1 and any(
                "the log refused a write" in w for w in app.errors.warnings
            )
    run_frames(app, clock, 0.5)
    assert app.running
    app.stage.navigation.reset_to_root()  # the fault is gone: every session reaches the log, ended
    rows = repository.connection.execute("SELECT ended_at FROM sessions").fetchall()
    assert len(rows) == 6 and all(ended for (ended,) in rows[1:])


def test_a_broken_plan_is_a_warning_not_a_way_out(make_app, clock, repository, config_copy):
    """`activity: [calming]` in a child's plan (a list where a slug belongs)."""
    from dataclasses import replace

    app = make_app(kiosk=True)
    app.config = app.stage.config = app.child.config = replace(app.config, config_dir=config_copy)
    (config_copy / "plans" / "broken.yaml").write_text(
        "steps:\n  - {activity: [calming], minutes: 2}\n", encoding="utf-8"
    )
    picker_with(app, repository)
    mia = repository.profile_by_alias("Mia")
    repository.set_plan(mia.id, "broken")
    app.scenes[0].reload()
    for _ in range(5):
        tap_avatar(app, clock, "Mia")
        run_frames(app, clock, 0.2)
    assert app.running and isinstance(app.top, ActivityMenuScene)
    assert app.child.plan_progress is None
    assert any("plan 'broken' was not used" in w for w in app.errors.warnings)


def guarded_frames(app, clock, seconds: float) -> None:
    """Frames as the real loop (app.run) runs them: errors are recovered from."""
    for _ in range(round(seconds * app.fps)):
        clock.advance(app.step_s)
        app.guarded_frame()


def test_an_error_in_every_frame_never_closes_the_app(make_app, clock, repository, monkeypatch):
    """A child's screen that fails every frame for 20 s: the app goes back to the picker
    again and again, stays open, and errors.log holds the error once (with counts)."""
    app = make_app(kiosk=True)
    picker_with(app, repository)

    def broken_update(self, dt: float) -> None:
        raise RuntimeError("a bug in the menu")

    monkeypatch.setattr(ActivityMenuScene, "update", broken_update)
    [tile] = [t for t in app.scenes[0].tiles if t.label == "Mia"]
    for finger in range(20):  # the child taps their avatar; the menu fails at once
        x_mm, y_mm = app.metrics.to_mm(*tile.rect.center)
        pygame.event.post(finger_event(app.metrics, "down", 900 + finger, x_mm, y_mm))
        guarded_frames(app, clock, 0.1)
        pygame.event.post(finger_event(app.metrics, "up", 900 + finger, x_mm, y_mm))
        guarded_frames(app, clock, 0.9)
    assert app.running
    assert isinstance(app.top, ProfilePickerScene)
    log = Path(repository.data_dir) / "errors.log"
    text = log.read_text(encoding="utf-8")
    assert text.count("Traceback") == 1 and "(x10) RuntimeError: a bug in the menu" in text
    assert any("errors.log" in w for w in app.errors.warnings)


def test_the_run_loop_survives_an_error_storm(make_app, clock, repository, monkeypatch):
    """The real loop (`run`) with a frame that fails every time for 15 s of game time:
    still running at the end, closed only by an adult's quit."""
    app = make_app(kiosk=True)
    picker_with(app, repository)
    frames = {"n": 0}

    def failing_frame(render: bool = True) -> bool:
        frames["n"] += 1
        if frames["n"] >= 15 * app.fps:
            app.quit()  # the adult closes the app from the adult menu
            return False
        raise RuntimeError("storm")

    monkeypatch.setattr(app, "frame", failing_frame)
    monkeypatch.setattr(pygame.display, "flip", lambda: None)
    app.run()
    assert frames["n"] == 15 * app.fps  # closed by the adult at the end, not by the errors
