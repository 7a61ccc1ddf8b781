"""The console's Goals page: a goal set with posted clicks, listed with its attainment
from the child's attempts, and ended."""

from __future__ import annotations

import html
from datetime import datetime, timezone

import pygame
import pygame_gui
import pytest
from helpers import run_frames
from records import at, log_attempt
from test_console import press

from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.widgets import select


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start_wall=datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))


@pytest.fixture
def page(make_app, clock, repository):
    mia = repository.add_profile(alias="Mia")
    session = repository.start_session(mia.id, at(0))
    for minute, accuracy in ((1, 0.62), (2, 0.75), (3, 0.71)):
        log_attempt(repository, mia, session, minute, level=2, accuracy=accuracy)
    app = make_app()
    console = ConsoleScene(app.stage, "goals")
    app.push(console)
    run_frames(app, clock, 0.1)
    return app, console.page


def test_a_goal_is_set_listed_with_its_attainment_and_ended(page, clock, repository) -> None:
    app, goals = page
    select(goals.child, "Mia")
    select(goals.activity, next(t for t, s in goals.activities.items() if s == "bubbles"))
    select(goals.level, "2")
    goals.scale.set_text("0.5, 0.6, 0.7, 0.8, 0.9")
    goals.description.set_text("pops most bubbles")
    press(app, clock, goals, goals.set_goal)
    [goal] = repository.goals()
    assert (goal.activity, goal.level, goal.metric, goal.baseline) == ("bubbles", 2, "accuracy", -1)
    assert goal.start_date == "2026-03-02" and goal.description == "pops most bubbles"
    assert goals.status.text == f"Goal {goal.id[:8]} set"
    # median of 0.62, 0.75, 0.71 is 0.71: reaches 0 (0.7), not +1 (0.8)
    text = html.unescape(goals.listing.html_text)
    assert f"{goal.id[:8]} Pop the bubbles, level 2: Accuracy; pops most bubbles; " in text
    assert "\u22122: ≥ 50%   \u22121: ≥ 60%   0: ≥ 70%   +1: ≥ 80%   +2: ≥ 90%" in text
    assert "Baseline \u22121, since 2 Mar 2026" in text
    assert "Now 0: median 71% of the latest 3 (62%, 75%, 71%)" in text
    assert "T-score: 50.0" in text
    press(app, clock, goals, goals.end)
    assert repository.goals(open_only=True) == []
    assert goals.status.text == f"Goal {goal.id[:8]} ended"


def test_a_bad_scale_is_said_and_nothing_stored(page, clock, repository) -> None:
    app, goals = page
    goals.scale.set_text("0.9, 0.8, 0.8, 0.7, 0.6")
    press(app, clock, goals, goals.set_goal)
    assert repository.goals() == []
    assert goals.status.text.startswith("Nothing saved: thresholds = [0.9, 0.8, 0.8, 0.7, 0.6]")
    goals.scale.set_text("half, 1")
    press(app, clock, goals, goals.set_goal)
    assert goals.status.text == "Nothing saved: the scale must be five numbers"


def test_the_metric_is_chosen_from_what_the_activity_records_in_words(
    page, clock, repository
) -> None:
    """The Metric field is a drop-down of the chosen activity's metrics, its report's
    measures first by their titles; changing the activity changes the list."""
    app, goals = page
    select(goals.activity, next(t for t, s in goals.activities.items() if s == "tracing"))
    goals.handle(
        pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=goals.activity, text="")
    )
    options = [option[0] for option in goals.metric.options_list]
    assert options[:4] == ["Accuracy", "Extra lifts", "Drawing time", "Coverage"]
    assert "Completion time" in options and "completion_time_s" not in options
    assert "in air time s" in options  # (not charted by the report: its name in words)
    select(goals.metric, "Extra lifts")
    goals.scale.set_text("6, 4, 2, 1, 0")
    press(app, clock, goals, goals.set_goal)
    [goal] = repository.goals()
    assert (goal.activity, goal.metric) == ("tracing", "extra_lifts")
    assert "Trace" in goals.listing.html_text and "Extra lifts" in goals.listing.html_text
