"""The app spine: scene life cycle, fixed step, window events, kiosk, full child flow."""

from __future__ import annotations

import pygame
import pytest
from helpers import enter_pin, hold, run_frames, tap, tap_rect

from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.calm_pause import CalmPauseScene
from sensory_games.engine.scenes.check_in import CHOSEN_PAUSE_S, CheckInScene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.scenes.reward import RewardScene


class Recording(Scene):
    """A scene that writes down every life-cycle call and update step."""

    def __init__(self, stage, name: str, log: list[str]) -> None:
        super().__init__(stage)
        self.name, self.log, self.steps = name, log, []

    def enter(self) -> None:
        self.log.append(f"{self.name}.enter")

    def pause(self) -> None:
        self.log.append(f"{self.name}.pause")

    def resume(self) -> None:
        self.log.append(f"{self.name}.resume")

    def exit(self) -> None:
        self.log.append(f"{self.name}.exit")

    def update(self, dt: float) -> None:
        self.steps.append(dt)

    def back(self) -> None:
        self.log.append(f"{self.name}.back")


def test_scene_stack_life_cycle_is_symmetric(make_app) -> None:
    app, log = make_app(), []
    app.push(Recording(app.stage, "a", log))
    app.push(Recording(app.stage, "b", log))
    app.pop()
    app.stack.replace(Recording(app.stage, "c", log))
    assert log == ["a.enter", "a.pause", "b.enter", "b.exit", "a.resume", "a.exit", "c.enter"]


def test_root_scene_cannot_be_popped(make_app) -> None:
    app, log = make_app(), []
    app.push(Recording(app.stage, "root", log))
    app.pop()
    assert len(app.scenes) == 1


def test_updates_run_at_a_fixed_step_whatever_the_frame_time(make_app, clock) -> None:
    app, log = make_app(), []
    scene = Recording(app.stage, "s", log)
    app.push(scene)
    run_frames(app, clock, 1.0)
    assert scene.steps == [pytest.approx(1 / 60)] * 60
    clock.advance(3 / 60)  # one slow frame: three fixed steps catch up
    app.frame()
    assert len(scene.steps) == 63


def test_escape_goes_back_in_windowed_mode_only(make_app) -> None:
    for kiosk, expected in ((False, ["s.enter", "s.back"]), (True, ["s.enter"])):
        app, log = make_app(kiosk=kiosk), []
        app.push(Recording(app.stage, "s", log))
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
        app.frame()
        assert log == expected


def test_window_close_is_ignored_in_kiosk_mode(make_app) -> None:
    app = make_app(kiosk=True)
    app.push(Recording(app.stage, "s", []))
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.frame()
    assert app.running


def test_window_close_saves_the_running_attempt_as_aborted(make_app, clock, repository) -> None:
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.push(ActivityScene(app.stage, "bubbles", 1, seed=3))
    run_frames(app, clock, 0.5)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.frame()
    assert not app.running
    [attempt] = list(repository.attempts())
    assert (attempt.completed, attempt.abort_reason) == (False, "quit")


def _guest_tile(app):
    picker = app.top
    assert isinstance(picker, ProfilePickerScene)
    return next(button for button in picker.tiles if button.label == "Guest")


def test_a_child_picks_an_avatar_plays_bubbles_and_the_attempt_is_logged(
    make_app, clock, repository
) -> None:
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    tap_rect(app, clock, _guest_tile(app).rect)
    menu = app.top
    assert isinstance(menu, ActivityMenuScene) and app.child.profile.alias == "Guest"
    tap_rect(app, clock, menu.tile("bubbles").rect)
    play = app.top
    assert isinstance(play, ActivityScene) and play.level.number == 1
    run_frames(app, clock, 0.5)  # the first bubble fades in
    while play.saved is None:  # pop each bubble by tapping its centre
        bubble = play.activity.visible_bubbles()[0]
        tap(app, clock, bubble.x_mm, bubble.y_mm)
        run_frames(app, clock, 0.6)
    run_frames(app, clock, 0.7)
    reward = app.top
    assert isinstance(reward, RewardScene)  # the attempt's own reward: bubbles, all popped
    assert (reward.activity, reward.accuracy, reward.pose) == ("bubbles", 1.0, "cheer")
    run_frames(app, clock, 3.0)
    assert isinstance(app.top, ActivityMenuScene)
    [attempt] = list(repository.attempts())
    assert attempt.completed and attempt.accuracy == 1.0 and attempt.profile_alias == "Guest"
    assert attempt.metrics["bubbles_popped"].value == 5
    phases = [sample["phase"] for sample in repository.samples(attempt.id)]
    assert phases == ["down", "up"] * 4 + ["down"]  # the last lift comes after completion


def answer(app, clock, feeling: int) -> None:
    """Tap face `feeling` (1..5) on the check-in on top and let the screen go on."""
    check_in = app.top
    assert isinstance(check_in, CheckInScene)
    tap_rect(app, clock, check_in.faces[feeling - 1].rect)
    run_frames(app, clock, CHOSEN_PAUSE_S + 0.1)


def test_calm_button_saves_the_attempt_and_opens_the_calm_activity(
    make_app, clock, repository
) -> None:
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.push(ActivityMenuScene(app.stage))
    play = ActivityScene(app.stage, "bubbles", 2, seed=1)
    app.push(play)
    run_frames(app, clock, 1.0)
    tap_rect(app, clock, play.calm_button.rect)
    [attempt] = list(repository.attempts())
    assert attempt.abort_reason == "calm_down"
    assert isinstance(app.top, CheckInScene) and app.top.moment == "before"
    answer(app, clock, 2)
    calm = app.top
    assert isinstance(calm, ActivityScene) and calm.slug == "calming"
    run_frames(app, clock, 1.0)
    tap_rect(app, clock, calm.calm_button.rect)  # the cloud again: leave the calm activity
    assert isinstance(app.top, CheckInScene) and app.top.moment == "after"
    answer(app, clock, 4)
    assert isinstance(app.top, ActivityMenuScene)
    calming = [a for a in repository.attempts() if a.activity == "calming"]
    assert [a.abort_reason for a in calming] == ["exit"]
    assert (calming[0].feeling_before, calming[0].feeling_after) == (2, 4)


def test_a_finished_calm_activity_ends_quietly_without_a_reward(make_app, clock, repository):
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.push(ActivityMenuScene(app.stage))
    tap_rect(app, clock, app.top.calm_button.rect)
    answer(app, clock, 3)
    calm = app.top
    assert isinstance(calm, ActivityScene) and calm.slug == "calming"
    run_frames(app, clock, calm.activity.scene.end_s + 1.0, render=False)
    assert isinstance(app.top, CheckInScene)  # how do you feel now? (no reward screen)
    run_frames(app, clock, app.config.check_in_wait_s + 0.5, render=False)  # no answer
    assert isinstance(app.top, ActivityMenuScene)
    [attempt] = list(repository.attempts())
    assert attempt.activity == "calming" and attempt.completed
    assert (attempt.feeling_before, attempt.feeling_after) == (3, None)
    moments = [(c.moment, c.feeling) for c in repository.check_ins()]
    assert moments == [("before", 3), ("after", None)]


def test_before_a_child_is_chosen_the_calm_button_opens_the_quiet_screen(make_app, clock):
    app = make_app()
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    tap_rect(app, clock, picker.calm_button.rect)
    assert isinstance(app.top, CalmPauseScene)
    tap_rect(app, clock, app.top.home.rect)
    assert app.top is picker


def test_calm_button_is_on_every_child_screen(make_app, clock, repository) -> None:
    app = make_app()
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    app.stage.start_session(repository.guest_profile())
    for scene in (
        picker,
        ActivityMenuScene(app.stage),
        ActivityScene(app.stage, "bubbles", 1, seed=1),
        RewardScene(app.stage),
    ):
        assert scene.calm_button.rect.w >= app.metrics.px(15)


def test_a_long_press_in_the_top_right_corner_opens_the_adult_menu(make_app, clock) -> None:
    app = make_app(kiosk=True)
    app.push(ProfilePickerScene(app.stage))
    corner = (app.metrics.width_mm - 4, 4)
    hold(app, clock, *corner, seconds=1.0)  # a child's touch: nothing
    assert isinstance(app.top, ProfilePickerScene)
    hold(app, clock, *corner, seconds=3.2)
    assert isinstance(app.top, PinPadScene)  # no PIN yet: choose one, twice
    enter_pin(app, clock, "2580")
    enter_pin(app, clock, "2580")
    assert isinstance(app.top, AdultMenuScene)
    close = next(b for b in app.top.menu if b.label == "Close the app")
    tap_rect(app, clock, close.rect)
    assert not app.running


@pytest.mark.parametrize(
    "size", [(800, 600), (1280, 800), (1920, 1080), (3840, 2160), (600, 800), (1080, 1920)]
)
def test_child_screens_fit_any_window_with_touch_targets_of_15_mm(
    make_app, repository, size
) -> None:
    for n in range(7):
        repository.add_profile(alias=f"child{n}", animal="cat", colour=n % 6)
    app = make_app(size)
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    app.stage.start_session(repository.guest_profile())
    menu = ActivityMenuScene(app.stage)
    screen = pygame.Rect((0, 0), size)
    for button in [*picker.buttons(), *menu.buttons(), picker.calm_button]:
        assert screen.contains(button.rect), (size, button.label)
        assert min(button.rect.size) >= app.metrics.px(15) - 1, (size, button.label)
    rects = [b.rect for b in picker.tiles]
    assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_resize_lays_every_scene_out_again(make_app, repository) -> None:
    app = make_app((1280, 800))
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    play = ActivityScene(app.stage, "bubbles", 3, seed=2)
    app.push(play)
    app.resize((600, 900))
    assert app.metrics.size_px == (600, 900)
    assert pygame.Rect(0, 0, 600, 900).contains(play.calm_button.rect)
    for bubble in play.activity.bubbles:
        assert 0 <= bubble.x_mm <= app.metrics.width_mm
        assert 0 <= bubble.y_mm <= app.metrics.height_mm


def test_drawing_changes_nothing(make_app, clock, repository) -> None:
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    play = ActivityScene(app.stage, "bubbles", 4, seed=9)
    app.push(play)
    run_frames(app, clock, 2.0, render=False)
    state = [(b.x_mm, b.y_mm, b.popped_at) for b in play.activity.bubbles]
    play.draw(app.surface)
    first = pygame.image.tobytes(app.surface, "RGB")
    play.draw(app.surface)
    assert pygame.image.tobytes(app.surface, "RGB") == first
    assert [(b.x_mm, b.y_mm, b.popped_at) for b in play.activity.bubbles] == state


def test_a_failed_save_is_kept_and_written_with_the_next_one(
    make_app, clock, repository, monkeypatch
) -> None:
    import sqlite3

    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    real_save = repository.save_attempt
    calls = {"n": 0}

    def flaky(attempt):
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database or disk is full")
        real_save(attempt)

    monkeypatch.setattr(repository, "save_attempt", flaky)
    for seed in (1, 2):
        play = ActivityScene(app.stage, "bubbles", 1, seed=seed)
        app.push(play)
        run_frames(app, clock, 0.2)
        play.back()
        if seed == 1:
            assert app.child.unsaved_attempts and "disk is full" in app.errors.warnings[-1]
    assert not app.child.unsaved_attempts
    assert len(list(repository.attempts())) == 2


def test_a_double_tap_on_a_tile_is_not_a_miss_in_the_activity(make_app, clock, repository):
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.push(ActivityMenuScene(app.stage))
    tap_rect(app, clock, app.top.tile("bubbles").rect)
    play = app.top
    tap(app, clock, 5.0, 60.0)  # the second tap of a double tap, right after opening
    assert play.activity.taps == 0
    run_frames(app, clock, 0.5)
    tap(app, clock, 5.0, 60.0)  # a real tap beside the bubble later counts
    assert play.activity.taps == 1


def test_the_hand_keys_never_press_buttons(make_app, clock, repository):
    for n in range(5):
        repository.add_profile(alias=f"child{n}", animal="cat", colour=n % 6)
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    for key in (pygame.K_a, pygame.K_l):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0))
        run_frames(app, clock, 0.1)
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0))
        run_frames(app, clock, 0.1)
    assert isinstance(app.top, ProfilePickerScene) and app.child.profile is None


def test_the_adult_menu_stops_the_attempt_clock(make_app, clock, repository):
    app = make_app(kiosk=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.push(ActivityMenuScene(app.stage))
    play = ActivityScene(app.stage, "bubbles", 1, seed=2)  # time limit 120 s
    app.push(play)
    run_frames(app, clock, 1.0, render=False)
    app.push(AdultMenuScene(app.stage))
    run_frames(app, clock, 150.0, render=False)  # the adult takes their time
    app.pop()
    run_frames(app, clock, 1.0, render=False)
    assert play.saved is None  # not timed out
    play.back()
    assert play.saved.result.duration_s == pytest.approx(2.0, abs=0.1)


def test_each_attempt_records_finger_or_stylus_from_the_profile(make_app, clock, repository):
    ana = repository.add_profile(alias="Ana", pointer="stylus")
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(ana)
    app.push(ActivityMenuScene(app.stage))
    play = ActivityScene(app.stage, "bubbles", 1, seed=2)
    app.push(play)
    run_frames(app, clock, 1.0, render=False)
    play.back()
    [attempt] = repository.attempts("Ana")
    assert (attempt.pointer, attempt.dominant_hand) == ("stylus", "unknown")
