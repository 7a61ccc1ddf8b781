"""Building, saving and giving a session plan: one service that checks a plan's steps as a
saved plan's are checked, writes configs/plans/NAME.yaml and audits each change, for the
console's Plans page and the command line alike."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sensory_games.domain.clock import utc_iso
from sensory_games.services.plans import (
    MOST_STEPS,
    Plan,
    PlanError,
    PlanStep,
    give_plan,
    load_plan,
    plan_file,
    store_plan,
    with_step,
)
from sensory_games.storage import Repository, StorageError

AT = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
COUNTS = {"calming": 10, "tracing": 8, "bubbles": 6}
AFTER_SCHOOL = Plan("after-school", (PlanStep("bubbles", 2, 3.0), PlanStep("tracing", None, 5.0)))


@pytest.fixture
def configs(config_copy: Path) -> Path:
    return config_copy


def test_a_step_is_added_when_the_activity_has_its_level() -> None:
    steps = with_step((), PlanStep("tracing", 8, 5.0), COUNTS)
    steps = with_step(steps, PlanStep("calming", None, 0.5), COUNTS)
    assert steps == (PlanStep("tracing", 8, 5.0), PlanStep("calming", None, 0.5))


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (PlanStep("tracing", 9, 5.0), "Trace the path has levels 1 to 8"),
        (PlanStep("tracing", 0, 5.0), "Trace the path has levels 1 to 8"),
        (PlanStep("bubbles", 7, 5.0), "bubbles has levels 1 to 6"),  # (no title given)
        (PlanStep("juggling", 1, 5.0), "activity 'juggling': known: calming, tracing, bubbles"),
        (PlanStep("tracing", 1, 0.25), "Trace the path: 0.25 minutes; a step lasts 0.5 to 60"),
        (
            PlanStep("tracing", 1, float("nan")),
            "Trace the path: nan minutes; a step lasts 0.5 to 60",
        ),
    ],
)
def test_a_step_that_is_not_allowed_is_refused_with_one_line(step, message) -> None:
    with pytest.raises(PlanError) as refused:
        with_step((), step, COUNTS, {"tracing": "Trace the path"})
    assert str(refused.value) == message


def test_a_plan_holds_at_most_its_most_steps() -> None:
    full = (PlanStep("calming", 1, 1.0),) * MOST_STEPS
    with pytest.raises(PlanError, match=f"A plan has at most {MOST_STEPS} steps"):
        with_step(full, PlanStep("calming", 1, 1.0), COUNTS)


def test_a_saved_plan_is_written_read_back_and_audited(configs, repository) -> None:
    file = store_plan(repository, configs, AFTER_SCHOOL, COUNTS, "console", AT)
    assert file == plan_file(configs, "after-school")
    assert load_plan(configs, "after-school", COUNTS) == AFTER_SCHOOL
    [entry] = repository.audit_entries()
    assert (entry.action, entry.profile_alias, entry.at) == ("plan saved", None, utc_iso(AT))
    assert entry.detail == (
        "after-school: 1. bubbles, level 2, 3 min; 2. tracing, 5 min; from the console"
    )


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (Plan("empty", ()), "Add a step first: a plan has 1 to 30 steps"),
        (Plan("long", (PlanStep("calming", 1, 1.0),) * 31), "A plan has at most 30 steps"),
        (Plan("hard", (PlanStep("tracing", 9, 1.0),)), "tracing has levels 1 to 8"),
        (Plan("Big Plan", AFTER_SCHOOL.steps), "plan name 'Big Plan': use 1 to 40 lower-case"),
        (Plan("../escape", AFTER_SCHOOL.steps), "plan name '../escape'"),
    ],
)
def test_a_plan_that_is_not_allowed_is_neither_written_nor_audited(
    configs, repository, plan, message
) -> None:
    before = sorted((configs / "plans").iterdir())
    with pytest.raises(ValueError) as refused:
        store_plan(repository, configs, plan, COUNTS, "command line", AT)
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)
    assert sorted((configs / "plans").iterdir()) == before
    assert repository.audit_entries() == []


def test_a_plan_whose_file_cannot_be_written_leaves_no_audit_entry(
    configs, repository, monkeypatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("the configs folder is read-only")

    monkeypatch.setattr("sensory_games.services.plans.write_private", refuse)
    with pytest.raises(OSError, match="read-only"):
        store_plan(repository, configs, AFTER_SCHOOL, COUNTS, "console", AT)
    assert repository.audit_entries() == []
    assert not plan_file(configs, "after-school").exists()


def test_giving_and_taking_a_plan_is_stored_and_audited(configs, repository) -> None:
    mia = repository.add_profile(alias="Mia")
    store_plan(repository, configs, AFTER_SCHOOL, COUNTS, "console", AT)
    given, taken = AT + timedelta(minutes=1), AT + timedelta(minutes=2)  # (in list order)
    detail = give_plan(repository, configs, mia, "after-school", "console", given)
    assert repository.profile_by_alias("Mia").plan == "after-school"
    assert detail == "after-school; from the console"
    assert give_plan(repository, configs, mia, None, "command line", taken) == (
        "-; from the command line"
    )
    assert repository.profile_by_alias("Mia").plan is None
    assert [(e.action, e.profile_alias, e.detail) for e in repository.audit_entries()][1:] == [
        ("plan given", "Mia", "after-school; from the console"),
        ("plan taken away", "Mia", "-; from the command line"),
    ]


def test_a_plan_not_saved_is_not_given(configs, repository) -> None:
    mia = repository.add_profile(alias="Mia")
    with pytest.raises(PlanError) as refused:
        give_plan(repository, configs, mia, "someday", "console", AT)
    assert str(refused.value) == "plan 'someday' is not saved: save the plan first"
    assert repository.profile_by_alias("Mia").plan is None
    assert repository.audit_entries() == []


def test_a_plan_given_is_not_kept_when_the_audit_list_refuses_it(
    configs, repository: Repository, monkeypatch
) -> None:
    mia = repository.add_profile(alias="Mia")
    store_plan(repository, configs, AFTER_SCHOOL, COUNTS, "console", AT)

    def full(*_args: object) -> None:
        raise StorageError("the disk is full: nothing was saved")

    monkeypatch.setattr(repository, "audit", full)
    with pytest.raises(StorageError):
        give_plan(repository, configs, mia, "after-school", "console", AT)
    assert repository.profile_by_alias("Mia").plan is None
