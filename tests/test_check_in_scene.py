"""The check-in screen in the running app: five faces, one tap, what is saved, the wait,
the arrow, the calm button, and the check-ins at session start and end."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest
from helpers import on_the_menu, run_frames, tap_rect

from sensory_games.domain.check_in import FACES
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.check_in import CHOSEN_PAUSE_S, CheckInScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.ui.screen import MIN_TOUCH_MM
from sensory_games.ui.widgets import ADULT_CORNER_MM


@pytest.fixture
def session_app(make_app, repository):
    """An app with the Guest child on their activity menu."""

    def build(size: tuple[int, int] = (1280, 800), **config_changes: object) -> App:
        app = make_app(size)
        if config_changes:
            app.config = app.stage.config = app.child.config = replace(app.config, **config_changes)
        on_the_menu(app, repository)
        return app

    return build


def open_calm(app: App, clock) -> CheckInScene:
    tap_rect(app, clock, app.top.calm_button.rect)
    scene = app.top
    assert isinstance(scene, CheckInScene)
    return scene


@pytest.mark.parametrize("size", [(1920, 1080), (800, 600), (1200, 1920), (1280, 800)])
def test_five_big_faces_clear_of_the_corners(session_app, clock, size) -> None:
    app = session_app(size)
    scene = open_calm(app, clock)
    metrics = app.metrics
    assert [b.label for b in scene.faces] == [f.words for f in FACES.points]
    adult = metrics.rect_mm(metrics.width_mm - ADULT_CORNER_MM, 0, ADULT_CORNER_MM, ADULT_CORNER_MM)
    for face in scene.faces:
        assert min(face.rect.size) >= metrics.px(MIN_TOUCH_MM)
        assert pygame.Rect((0, 0), metrics.size_px).contains(face.rect)
        for other in (scene.calm_button.rect, scene.arrow.rect, adult):
            assert not face.rect.colliderect(other)
    assert len({tuple(f.rect) for f in scene.faces}) == 5
    for a in scene.faces:
        for b in scene.faces:
            assert a is b or not a.rect.colliderect(b.rect)


def test_a_tapped_face_is_saved_ringed_and_the_calm_activity_follows(
    session_app, clock, repository
) -> None:
    app = session_app()
    scene = open_calm(app, clock)
    run_frames(app, clock, 2.0)
    tap_rect(app, clock, scene.faces[1].rect)  # "upset"
    assert scene.answer is not None and scene.answer.feeling == 2
    assert scene.answer.answer_s == pytest.approx(2.0 + 0.1, abs=0.1)
    assert app.top is scene  # the ring shows for a moment
    surface = pygame.Surface(app.metrics.size_px)
    scene.draw(surface)
    ring_at = scene.faces[1].rect.inflate(app.metrics.px(3), app.metrics.px(3)).midtop
    assert surface.get_at(ring_at)[:3] == app.child.sensory.palette.success
    tap_rect(app, clock, scene.faces[4].rect)  # a second tap changes nothing
    run_frames(app, clock, CHOSEN_PAUSE_S)
    assert isinstance(app.top, ActivityScene) and app.top.slug == "calming"
    [check_in] = list(repository.check_ins())
    assert (check_in.moment, check_in.feeling, check_in.attempt_id) == ("before", 2, None)


def test_the_arrow_and_the_wait_go_on_without_an_answer(session_app, clock, repository) -> None:
    app = session_app()
    scene = open_calm(app, clock)
    tap_rect(app, clock, scene.arrow.rect)
    run_frames(app, clock, 0.1)
    assert isinstance(app.top, ActivityScene)
    app.top.back()  # leave the calm activity: the "after" check-in
    after = app.top
    assert isinstance(after, CheckInScene) and after.moment == "after"
    run_frames(app, clock, app.config.check_in_wait_s - 1.0)
    assert app.top is after  # still waiting
    run_frames(app, clock, 1.5)
    assert isinstance(app.top, ActivityMenuScene)
    rows = [(c.moment, c.feeling, c.answer_s) for c in repository.check_ins()]
    assert rows == [("before", None, None), ("after", None, None)]
    [attempt] = list(repository.attempts())
    assert all(c.attempt_id == attempt.id for c in repository.check_ins())


def test_the_calm_button_on_the_check_in_goes_straight_to_calm(
    session_app, clock, repository
) -> None:
    app = session_app()
    scene = open_calm(app, clock)
    tap_rect(app, clock, scene.calm_button.rect)
    assert isinstance(app.top, ActivityScene) and app.top.slug == "calming"
    assert [c.feeling for c in repository.check_ins()] == [None]


def test_with_the_calming_check_in_off_the_calm_button_opens_calm_at_once(
    session_app, clock, repository
) -> None:
    app = session_app(check_in_calming=False)
    tap_rect(app, clock, app.top.calm_button.rect)
    calm = app.top
    assert isinstance(calm, ActivityScene) and calm.slug == "calming"
    calm.back()
    assert isinstance(app.top, ActivityMenuScene)
    assert list(repository.check_ins()) == []


def test_the_calm_tile_asks_first_too(session_app, clock) -> None:
    app = session_app()
    menu = app.top
    tap_rect(app, clock, menu.tile("calming").rect)
    assert isinstance(app.top, CheckInScene) and app.top.moment == "before"


def test_session_check_ins_at_the_start_and_when_an_adult_changes_child(
    make_app, clock, repository
) -> None:
    app = make_app()
    app.config = app.stage.config = app.child.config = replace(app.config, check_in_session=True)
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    picker.choose(repository.guest_profile())
    start = app.top
    assert isinstance(start, CheckInScene) and start.moment == "session_start"
    tap_rect(app, clock, start.faces[2].rect)
    run_frames(app, clock, CHOSEN_PAUSE_S + 0.1)
    assert isinstance(app.top, ActivityMenuScene)
    session_id = app.child.session_id
    app.push(AdultMenuScene(app.stage))
    app.stage.change_child()
    end = app.top
    assert isinstance(end, CheckInScene) and end.moment == "session_end"
    tap_rect(app, clock, end.faces[4].rect)
    run_frames(app, clock, CHOSEN_PAUSE_S + 0.1)
    assert isinstance(app.top, ProfilePickerScene) and app.child.session_id is None
    rows = [(c.session_id, c.moment, c.feeling) for c in repository.check_ins()]
    assert rows == [(session_id, "session_start", 3), (session_id, "session_end", 5)]


def test_session_check_ins_are_off_unless_the_clinic_turns_them_on(make_app, repository) -> None:
    app = make_app()
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    picker.choose(repository.guest_profile())
    assert isinstance(app.top, ActivityMenuScene)
    app.stage.change_child()
    assert isinstance(app.top, ProfilePickerScene)
    assert list(repository.check_ins()) == []


def test_closing_the_app_during_a_check_in_logs_it_as_unanswered(
    session_app, clock, repository
) -> None:
    app = session_app()
    open_calm(app, clock)
    app.quit()
    assert [(c.moment, c.feeling) for c in repository.check_ins()] == [("before", None)]


def test_the_wait_stops_while_an_adult_screen_covers_the_question(
    session_app, clock, repository
) -> None:
    app = session_app()
    scene = open_calm(app, clock)
    run_frames(app, clock, 2.0)
    app.push(AdultMenuScene(app.stage))
    run_frames(app, clock, app.config.check_in_wait_s + 5.0)  # the adult takes their time
    app.pop()
    assert app.top is scene and scene.answer is None  # still asking
    run_frames(app, clock, 1.0)
    tap_rect(app, clock, scene.faces[3].rect)
    assert scene.answer.answer_s == pytest.approx(3.1, abs=0.1)  # covered time left out


def test_the_cloud_on_the_after_check_in_opens_calm_without_asking_again(
    session_app, clock, repository
) -> None:
    app = session_app(check_in_calming=True)
    scene = open_calm(app, clock)
    tap_rect(app, clock, scene.arrow.rect)
    run_frames(app, clock, 0.1)
    app.top.back()  # leave the calm: "after"
    after = app.top
    assert isinstance(after, CheckInScene) and after.moment == "after"
    tap_rect(app, clock, after.calm_button.rect)
    assert isinstance(app.top, ActivityScene) and app.top.slug == "calming"
    assert [c.moment for c in repository.check_ins()] == ["before", "after"]


def test_the_childs_own_way_back_asks_the_session_end_too(make_app, clock, repository) -> None:
    app = make_app()
    app.config = app.stage.config = app.child.config = replace(app.config, check_in_session=True)
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    picker.choose(repository.guest_profile())
    app.top.skip()
    run_frames(app, clock, 0.1)
    menu = app.top
    assert isinstance(menu, ActivityMenuScene)
    tap_rect(app, clock, menu.avatar_button.rect)  # "who is playing?" from the menu
    assert isinstance(app.top, CheckInScene) and app.top.moment == "session_end"


def test_a_simulated_child_is_never_asked(session_app, clock, repository) -> None:
    app = session_app()
    app.child.origin = "autoplay"
    tap_rect(app, clock, app.top.calm_button.rect)
    calm = app.top
    assert isinstance(calm, ActivityScene)
    calm.back()
    assert isinstance(app.top, ActivityMenuScene)
    assert list(repository.check_ins()) == []


def test_check_ins_the_disk_refused_keep_their_link_to_the_calm(
    session_app, clock, repository, monkeypatch
) -> None:
    import sqlite3

    app = session_app()
    real_save = repository.save_check_in
    refusals = {"left": 2}  # the answer, and its retry just before the attempt is saved

    def flaky(check_in):
        if refusals["left"] > 0:
            refusals["left"] -= 1
            raise sqlite3.OperationalError("database or disk is full")
        return real_save(check_in)

    monkeypatch.setattr(repository, "save_check_in", flaky)
    scene = open_calm(app, clock)
    tap_rect(app, clock, scene.faces[0].rect)  # refused: kept in memory
    run_frames(app, clock, CHOSEN_PAUSE_S + 0.1)
    assert len(app.child.unsaved_check_ins) == 1 and "check-in" in app.errors.warnings[-1]
    app.top.back()  # the calm attempt is saved, then the waiting "before" with its link
    after = app.top
    tap_rect(app, clock, after.faces[4].rect)
    run_frames(app, clock, CHOSEN_PAUSE_S + 0.1)
    [attempt] = list(repository.attempts())
    assert (attempt.feeling_before, attempt.feeling_after) == (1, 5)
    assert app.child.unsaved_check_ins == []
