"""Device latency: stored per device, applied to two-handed timing, measured by the
tap-along; the dominant hand stored with every attempt; the launcher's input badges."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pygame
import pytest
from helpers import FULL_TESTS, open_activity, run_frames, tap_rect

from sensory_games.domain.beat_timing import CALIBRATION_MIN_TAPS
from sensory_games.domain.config import AppConfig
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.calibration import BEATS, COUNT_IN_BEATS, CalibrationScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import DeviceLatency, Repository
from sensory_games.storage.migrations import MIGRATIONS, migrate
from sensory_games.storage.opening import DATABASE_NAME


def test_the_latency_is_stored_per_device_tempo_and_cue_and_survives_reopening(
    data_dir: Path,
) -> None:
    repository = Repository(data_dir)
    assert repository.device_latencies() == []
    slow = DeviceLatency(38.5, 9.0, 15, "2026-11-28T10:00:00Z", 60.0, "sound_and_glow", -45.0)
    sound = DeviceLatency(52.0, 7.0, 16, "2026-11-28T10:05:00Z", 90.0, "sound", -36.7)
    repository.set_device_latency(sound)
    repository.set_device_latency(slow)
    again_slow = DeviceLatency(40.0, 8.0, 16, "2026-11-29T10:00:00Z", 60.0, "sound_and_glow")
    repository.set_device_latency(again_slow)  # replaces the one of its tempo and cue
    repository.close()
    again = Repository(data_dir)
    assert again.device_latencies() == [again_slow, sound]
    again.set_device_latency(None)
    assert again.device_latencies() == []
    again.close()


def test_a_calibration_saved_by_an_earlier_version_reads_as_80_bpm_click_and_glow(
    data_dir: Path,
) -> None:
    repository = Repository(data_dir)
    repository.close()
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    connection.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("latency_offset_ms", "38.5"),
            ("latency_spread_ms", "9.0"),
            ("latency_taps", "15"),
            ("latency_at", "2026-11-28T10:00:00Z"),
        ],
    )
    connection.close()
    again = Repository(data_dir)
    [old] = again.device_latencies()
    assert (old.offset_ms, old.tempo_bpm, old.cue, old.habit_ms) == (
        38.5,
        80.0,
        "sound_and_glow",
        0.0,  # (its adult's habit was not taken off: the check should be made again)
    )
    new = DeviceLatency(70.0, 8.0, 16, "2026-12-01T10:00:00Z", 80.0, "sound_and_glow", -38.8)
    again.set_device_latency(new)
    assert again.device_latencies() == [new]  # the new one replaces it
    again.close()


def test_a_version_2_log_gains_the_dominant_hand_column_and_keeps_its_rows(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True)
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    saved = MIGRATIONS
    try:
        import sensory_games.storage.migrations as migrations

        migrations.LATEST_VERSION = 2
        migrate(connection, "2026-01-01T00:00:00.000Z")
    finally:
        migrations.LATEST_VERSION = len(saved)
    device = connection.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    connection.execute(
        "INSERT INTO profiles VALUES ('p', ?, 'Old', 'old', 'cat', 0, 'unknown', 'left',"
        " 'calm', '{}', '2026-01-01T00:00:00.000Z', 0)",
        (device,),
    )
    connection.execute(
        "INSERT INTO sessions VALUES ('s', ?, 'p', '2026-01-01T00:00:00.000Z', NULL)", (device,)
    )
    connection.execute(
        "INSERT INTO attempts (id, device_id, session_id, profile_id, activity, variant, level,"
        " parameters_json, intensity_json, started_at, duration_s, completed, app_version)"
        " VALUES ('a', ?, 's', 'p', 'bubbles', 'standard', 1, '{}', '{}',"
        " '2026-01-01T00:00:01.000Z', 3.0, 1, '0.1')",
        (device,),
    )
    connection.close()
    repository = Repository(data_dir)
    [attempt] = list(repository.attempts())
    assert attempt.id == "a" and attempt.dominant_hand == "unknown"
    repository.close()


def test_each_attempt_keeps_the_dominant_hand_the_child_had_then(
    make_app, repository, clock
) -> None:
    child = repository.add_profile(alias="Lefty", dominant_hand="left")
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(child)
    app.push(ActivityMenuScene(app.stage))
    from sensory_games.engine.scenes.play import ActivityScene

    scene = ActivityScene(app.stage, "bilateral_drum", 1, seed=1)
    app.push(scene)
    scene.back()
    [stored] = list(repository.attempts())
    assert stored.dominant_hand == "left"


def test_the_stored_latency_reaches_the_drum_and_is_recorded(make_app, repository, clock):
    repository.set_device_latency(DeviceLatency(25.0, 5.0, 16, "2026-11-28T10:00:00Z", 120.0))
    app = make_app()
    scene = open_activity(app, repository, "bilateral_drum", 1)
    assert scene.activity.latency_ms == 25.0
    scene.back()
    [stored] = list(repository.attempts())
    assert stored.metrics["device_delay_ms"].value == 25.0


def _tap_along(app, clock, scene: CalibrationScene, offset_s: float, jitter=()) -> None:
    """Press a hand key on every beat, `offset_s` late (plus any jitter)."""
    for k in range(-COUNT_IN_BEATS, BEATS):
        extra = jitter[k % len(jitter)] if jitter else 0.0
        due = scene.track.time_of(k) + offset_s + extra
        while clock.now() + app.step_s <= due:
            clock.advance(app.step_s)
            app.frame(render=False)
        clock.advance(due - clock.now())  # the key is polled exactly at `due`
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a"))
        app.frame(render=False)
        run_frames(app, clock, 2 * app.step_s, render=False)
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_a, mod=0, unicode="a"))
    run_frames(app, clock, 1.0, render=False)


def _open_calibration(make_app, clock):
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.push(AdultMenuScene(app.stage))
    menu = app.top
    [entry] = [b for b in menu.menu if b.label == "Timing check"]
    tap_rect(app, clock, entry.rect)
    scene = app.top
    assert isinstance(scene, CalibrationScene)
    return app, scene


def test_the_tap_along_measures_a_steady_delay_and_saves_it(make_app, repository, clock):
    app, scene = _open_calibration(make_app, clock)
    assert scene.buttons[0].label == "Start over"  # (nothing to try again yet)
    _tap_along(app, clock, scene, 0.050)
    assert len(scene.taps) == BEATS + COUNT_IN_BEATS  # (the count-in was tapped too)
    assert scene.counted_taps == BEATS  # the circle counts only the beats that count
    assert scene.buttons[0].label == "Try again"
    assert scene.finished and scene.estimate.trustworthy
    # 50 ms late at 60 bpm to click and glow; a typical adult taps 45 ms early there
    assert (scene.tempo_bpm, scene.cue) == (60.0, "sound_and_glow")
    assert scene.estimate.measured_ms == pytest.approx(50.0)
    assert scene.estimate.offset_ms == pytest.approx(95.0)
    assert scene.estimate.taps_used == BEATS
    [save] = [b for b in scene.buttons if b.label == "Save"]
    tap_rect(app, clock, save.rect)
    [saved] = repository.device_latencies()
    assert (saved.offset_ms, saved.habit_ms, saved.tempo_bpm) == (95.0, -45.0, 60.0)
    assert app.child.device_latencies == [saved]
    app.request_redraw()
    app.frame()  # the result screen draws


def test_uneven_tapping_is_refused_and_nothing_is_saved(make_app, repository, clock):
    app, scene = _open_calibration(make_app, clock)
    _tap_along(app, clock, scene, 0.0, jitter=(0.2, -0.2, 0.25, -0.15))
    assert scene.finished and not scene.estimate.trustworthy
    assert not [b for b in scene.buttons if b.label == "Save"]
    [_beat, verdict, _saved] = scene._lines()
    if scene.estimate.taps_used >= CALIBRATION_MIN_TAPS:  # (enough taps: their spread)
        assert verdict.startswith("Not steady enough to use: the taps' spread was ")
    else:
        assert verdict.startswith(f"Too few taps on the beat: {scene.estimate.taps_used} of")
    assert repository.device_latencies() == []


def test_forget_removes_the_saved_calibration(make_app, repository, clock):
    repository.set_device_latency(DeviceLatency(30.0, 5.0, 16, "2026-11-28T10:00:00Z"))
    app, scene = _open_calibration(make_app, clock)
    [forget] = [b for b in scene.buttons if b.label == "Forget saved"]
    tap_rect(app, clock, forget.rect)
    assert repository.device_latencies() == [] and app.child.device_latencies == []


def test_next_beat_calibrates_at_another_tempo_and_cue_with_clicks_on_the_beat(
    make_app, repository, clock
):
    app, scene = _open_calibration(make_app, clock)
    [step] = [b for b in scene.buttons if b.label == "Next beat"]
    for _ in range(4):  # 60, 90, 120, 140 bpm with click and glow, then 90 with the click
        tap_rect(app, clock, step.rect)
        [step] = [b for b in scene.buttons if b.label == "Next beat"]
    assert (scene.tempo_bpm, scene.cue) == (90.0, "sound")
    assert scene._lines()[0] == "Beat: 90 bpm, click only"
    _tap_along(app, clock, scene, 0.020)
    beats = [scene.track.time_of(k) for k in range(-COUNT_IN_BEATS, BEATS)]
    assert len(scene.click_starts) == len(beats)
    assert max(abs(a - b) for a, b in zip(scene.click_starts, beats, strict=True)) <= 0.002
    # 20 ms late; a typical adult taps 20 + 25 x 0.667 = 36.7 ms early to a 90 bpm click
    assert scene.estimate.offset_ms == pytest.approx(56.67, abs=0.01)


def test_without_a_touchscreen_two_handed_tiles_carry_a_badge_until_a_finger_appears(
    make_app, repository, clock
):
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.window.touch_available = False
    app.push(ActivityMenuScene(app.stage))
    menu = app.top
    plain = {slug: menu.tile(slug).face for slug in menu.tile_slugs}
    from sensory_games.activities import REGISTRY
    from sensory_games.ui.guide import tile_face

    for slug, face in plain.items():
        badged = REGISTRY[slug].input_needs != "one"
        assert (face != tile_face(slug, REGISTRY[slug].draw_icon)) == badged, slug
    app.request_redraw()
    app.frame()
    app.window.touch_available = True  # a finger anywhere (here: off this screen) revealed it
    app.request_redraw()
    app.frame()
    for slug in menu.tile_slugs:
        assert menu.tile(slug).face == tile_face(slug, REGISTRY[slug].draw_icon)
    drawn = app.surface.copy()  # and the screen shows it (not a cached picture)
    menu._still_layer = None
    app.request_redraw()
    app.frame()
    assert pygame.image.tobytes(drawn, "RGB") == pygame.image.tobytes(app.surface, "RGB")


def test_the_first_touch_on_a_badged_launcher_still_opens_its_tile(make_app, repository, clock):
    """SDL may report a touchscreen only once it is touched: the badges go, and the tap
    that revealed the touchscreen still presses the tile."""
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.window.touch_available = False
    app.push(ActivityMenuScene(app.stage))
    app.frame()
    tap_rect(app, clock, app.top.tile("bilateral_drum").rect)
    assert app.window.touch_available
    assert type(app.top).__name__ == "ActivityScene" and app.top.slug == "bilateral_drum"


@pytest.mark.parametrize(
    "name",
    ["1280x800@220dpi"] + (["800x480@130dpi", "800x1280@220dpi"] if FULL_TESTS else []),
)
def test_the_timing_check_with_a_saved_calibration_meets_the_layout_rules(
    name: str, sample_clinic: tuple[AppConfig, Path], tmp_path: Path
) -> None:
    """Four buttons (start over, next beat, forget saved, done): they take two rows where
    one row would cut a word ("Forg" at 1280x800@220dpi), lower ones on a short landscape
    screen so the tap count keeps its room."""
    from sensory_games.engine.layout_check import check_screen
    from sensory_games.ui.screen_matrix import clinic_screens

    screen = next(s for s in clinic_screens() if s.name == name)
    config, shared = sample_clinic
    data = tmp_path / "data"
    shutil.copytree(shared, data)  # (the process's sample clinic stays as it was made)
    log = Repository(data)
    log.set_device_latency(
        DeviceLatency(45.0, 8.0, 16, "2026-12-01T10:00:00Z", 60.0, "sound_and_glow", -45.0)
    )
    log.close()
    problems, views = check_screen(screen, config, data, lambda view: "timing" in str(view))
    assert views == 1 and problems == []
