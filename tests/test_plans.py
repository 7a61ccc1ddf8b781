"""Session plans: YAML steps, the child's launcher following them, and the console."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from records import attempt
from test_config import REFUSED_WITHIN_S, billion_laughs
from test_console import click

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import ConfigError, load_app_config
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.widgets import select
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.services.plans import Plan, PlanProgress, PlanStep, load_plan, save_plan

COUNTS = {"calming": 10, "tracing": 8, "bilateral_drum": 7, "bubbles": 6}


@pytest.fixture
def configs(config_copy: Path) -> Path:
    return config_copy


def test_the_shipped_plan_reads(configs: Path) -> None:
    plan = load_plan(configs, "calm-start", COUNTS)
    assert [(s.activity, s.level, s.minutes) for s in plan.steps] == [
        ("calming", 1, 2.0),
        ("tracing", None, 5.0),
        ("bilateral_drum", None, 4.0),
        ("calming", 6, 3.0),
    ]


def test_a_saved_plan_reads_back(configs: Path, data_dir: Path) -> None:
    plan = Plan("morning", (PlanStep("bubbles", 2, 3.0), PlanStep("tracing", None, 5.0)))
    file = save_plan(configs, plan, data_dir=data_dir)
    assert file == configs / "plans" / "morning.yaml"
    assert load_plan(configs, "morning", COUNTS) == plan


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("steps: []", "steps = []: 1 to 30 steps"),
        ("steps:\n- {activity: juggling, minutes: 2}", "steps[0].activity = 'juggling': known"),
        ("steps:\n- {activity: tracing, level: 9, minutes: 2}", "tracing has levels 1..8"),
        ("steps:\n- {activity: tracing, minutes: 0}", "steps[0].minutes = 0: 0.5 to 60.0"),
        (
            "steps:\n- {activity: tracing, minutes: 2, colour: red}",
            "steps[0].colour: is not a step key",
        ),
        ("plan: x", "a plan holds one key, steps"),
        ("steps:\n- {activity: [calming], minutes: 2}", 'steps[0].activity = ["calming"]: known'),
        ("steps:\n- {activity: {calming: 1}, minutes: 2}", 'steps[0].activity = {"calming": 1}'),
        ("steps:\n- {activity: 7, minutes: 2}", "steps[0].activity = 7: known: calming"),
        ("steps:\n- {activity: tracing, level: [2], minutes: 2}", "level = [2]: a level 1..8"),
        ("steps:\n- {activity: tracing, minutes: .nan}", "minutes = nan: 0.5 to 60.0"),
        ("steps:\n- {activity: tracing, minutes: 1" + "0" * 40 + "}", "(41 digits): 0.5 to"),
    ],
)
def test_a_bad_plan_names_file_key_value_and_what_is_allowed(configs, text, message) -> None:
    (configs / "plans" / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml") as caught:
        load_plan(configs, "bad", COUNTS)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (billion_laughs(), "too large: more than 100,000 values when every alias"),
        ("steps: &s\n- {activity: calming, minutes: 2}\n- *s\n", "the alias *s is inside"),
    ],
)
def test_a_plan_whose_aliases_never_end_is_refused_quickly(configs, text, message) -> None:
    file = configs / "plans" / "laughs.yaml"
    file.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_plan(configs, "laughs", COUNTS)
    assert time.monotonic() - started < REFUSED_WITHIN_S
    assert caught.value.file == str(file) and message in caught.value.message


def test_progress_moves_on_after_each_steps_minutes_of_its_own_activity() -> None:
    progress = PlanProgress(
        Plan("p", (PlanStep("calming", 1, 2.0), PlanStep("tracing", None, 1.0)))
    )
    assert not progress.played("tracing", 300.0)  # not the step's activity: not counted
    assert not progress.played("calming", 90.0)
    assert progress.played("calming", 30.0) and progress.current.activity == "tracing"
    assert progress.following is None
    assert progress.played("tracing", 75.0) and progress.current is None


@pytest.fixture
def child_with_plan(configs: Path, repository, make_app):
    """Mia with the shipped plan; the app on the copy of configs/."""
    from sensory_games.engine.app import App

    mia = repository.add_profile(alias="Mia")
    repository.set_plan(mia.id, "calm-start")
    clock = VirtualClock(start_wall=datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))
    app = App(load_app_config(configs), repository, clock, headless=True)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.profile_by_alias("Mia"))
    menu = ActivityMenuScene(app.stage)
    app.push(menu)
    return app, menu, clock, repository.profile_by_alias("Mia")


def play(app, clock, child, activity: str, seconds: float) -> None:
    app.child.save_attempt(
        attempt(child, app.child.session_id, 0, activity=activity, completion_time_s=seconds,
                started_at=clock.wall_utc())
    )  # fmt: skip
    clock.advance(seconds)


def test_the_launcher_shows_only_the_plans_next_step_then_everything(child_with_plan) -> None:
    app, menu, clock, mia = child_with_plan
    assert menu.tile_slugs == ["calming"] and app.child.level_for("calming") == 1
    assert menu.then_rect is not None  # the "then" picture: tracing
    play(app, clock, mia, "calming", 120.0)
    menu.resume()
    assert menu.tile_slugs == ["tracing"]
    play(app, clock, mia, "tracing", 300.0)
    play(app, clock, mia, "bilateral_drum", 240.0)
    menu.resume()
    assert menu.tile_slugs == ["calming"] and app.child.level_for("calming") == 6  # the jar
    play(app, clock, mia, "calming", 180.0)
    menu.resume()
    assert len(menu.tile_slugs) == 7 and menu.then_rect is None  # the plan is done


def test_a_missing_plan_is_an_adults_warning_not_a_childs_problem(child_with_plan) -> None:
    app, _menu, _clock, mia = child_with_plan
    app.stage.start_session(replace(mia, plan="gone"))
    assert app.child.plan_progress is None
    assert "Mia's plan 'gone' was not used" in app.errors.warnings[-1]


def test_a_plan_built_in_the_console_is_followed_by_the_childs_launcher(
    configs: Path, repository
) -> None:
    from sensory_games.engine.app import App

    shutil.rmtree(configs / "plans")
    repository.add_profile(alias="Mia")
    clock = VirtualClock(start_wall=datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))
    app = App(load_app_config(configs), repository, clock, headless=True)
    app.push(ProfilePickerScene(app.stage))
    console = ConsoleScene(app.stage, page="plans")
    app.push(console)
    page = console.page
    for title, level, minutes in (("Pop the bubbles", "2", "3"), ("Trace the path", "4", "5")):
        for menu, value in ((page.activity, title), (page.level, level), (page.minutes, minutes)):
            select(menu, value)
        click(app, clock, page.add_step.rect)
    page.name.set_text("after-school")
    click(app, clock, page.save.rect)
    assert page.status.text == "Saved plan after-school"
    click(app, clock, page.give.rect)
    assert repository.profile_by_alias("Mia").plan == "after-school"
    assert load_plan(configs, "after-school", COUNTS).steps == (
        PlanStep("bubbles", 2, 3.0),
        PlanStep("tracing", 4, 5.0),
    )
    app.pop()
    app.stage.start_session(repository.profile_by_alias("Mia"))
    menu = ActivityMenuScene(app.stage)
    app.push(menu)
    assert menu.tile_slugs == ["bubbles"] and app.child.level_for("bubbles") == 2
    assert [e.action for e in repository.audit_entries()] == ["plan saved", "plan given"]


def test_a_step_this_device_cannot_play_never_leaves_the_child_stuck(
    configs: Path, repository
) -> None:
    """A plan whose step is mirror drawing, on a device with no touchscreen: the launcher
    shows every tile (the mirror greyed) instead of a first tile nothing can open."""
    from sensory_games.engine.app import App

    save_plan(
        configs,
        Plan(
            "mirror-first",
            (PlanStep("bilateral_mirror", None, 2.0), PlanStep("tracing", None, 2.0)),
        ),
        data_dir=None,
    )
    mia = repository.add_profile(alias="Mia")
    repository.set_plan(mia.id, "mirror-first")
    app = App(load_app_config(configs), repository, VirtualClock(), headless=True)
    app.window.touch_available = False
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.profile_by_alias("Mia"))
    menu = ActivityMenuScene(app.stage)
    app.push(menu)
    assert app.child.plan_progress.current.activity == "bilateral_mirror"
    assert len(menu.tile_slugs) == 7  # (every activity: nothing to be stuck on)
    app.window.touch_available = True
    menu.layout(app.stage.metrics)
    assert menu.tile_slugs == ["bilateral_mirror"]  # (a touchscreen: the plan's step)
