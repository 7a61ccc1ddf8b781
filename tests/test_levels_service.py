"""Setting a child's levels (current level, allowed range, mastery rule): one service that
checks, stores and audits a change, shared by `sensory-games levels` and the console."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone

import pytest

from sensory_games.activities import load_activity_levels
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.mastery import MasteryRule
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.widgets import select
from sensory_games.services.levels import ChildLevels, LevelsChange, LevelsError
from sensory_games.storage import Difficulty, Repository

AT = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def later(minutes: int) -> datetime:
    """AT + `minutes` (changes at distinct times, so "the latest" is one)."""
    return AT + timedelta(minutes=minutes)


#: A clinic rule that differs from MasteryRule's defaults, so whose numbers apply shows.
CLINIC = MasteryRule(advance_after=4)


@pytest.fixture
def mia(repository: Repository) -> str:
    return repository.add_profile(alias="Mia").id


@pytest.fixture
def levels(repository: Repository) -> ChildLevels:
    return ChildLevels(repository, {"bubbles": 6, "tracing": 8}, CLINIC)


def change(**values: object) -> LevelsChange:
    return LevelsChange(**{"activity": "tracing", "reason": "set by the therapist", **values})


def nothing_stored(repository: Repository, profile_id: str) -> bool:
    return (
        repository.difficulty(profile_id, "tracing") == Difficulty()
        and repository.level_changes(profile_id) == []
        and repository.audit_entries() == []
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"level": 9}, "level = 9: tracing has levels 1 to 8"),
        ({"level": 0}, "level = 0: tracing has levels 1 to 8"),
        ({"lowest": 0}, "lowest = 0: tracing has levels 1 to 8"),
        ({"highest": 9}, "highest = 9: tracing has levels 1 to 8"),
        ({"level": True}, "level = true: tracing has levels 1 to 8"),
        ({"lowest": 5, "highest": 3}, "lowest = 5: must not be above highest (3)"),
        ({"level": 6, "highest": 4}, "level = 6: must lie in the allowed range 1..4"),
        ({"level": 1, "lowest": 2}, "level = 1: must lie in the allowed range 2..8"),
        ({"mastery": "sometimes"}, "mastery = 'sometimes': must be on, off or clinic"),
        ({"activity": "juggling"}, "activity = 'juggling': known activities: bubbles, tracing"),
        ({"reason": ""}, "reason = '': must be one line of plain text"),
        ({"reason": "   "}, "reason = '   ': must be one line of plain text"),
        ({"reason": "x" * 501}, "at most 500 characters, not empty"),
        ({"reason": "two\nlines"}, "must be one line of plain text"),
        ({"reason": "bidi \u202e"}, "must be one line of plain text"),
        ({"reason": None}, "reason = null: must be one line"),
    ],
)
def test_a_change_that_is_not_allowed_is_refused_whole_with_one_line(
    levels, repository, mia, values, message
) -> None:
    with pytest.raises(LevelsError) as refused:
        levels.change(mia, change(**values), "command line", later(1))
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert nothing_stored(repository, mia)


def test_a_new_range_must_hold_the_current_level_too(levels, repository, mia) -> None:
    levels.change(mia, change(level=6), "command line", later(1))
    with pytest.raises(LevelsError) as refused:
        levels.change(mia, change(highest=4), "command line", later(2))
    assert str(refused.value) == (
        "current level = 6: must lie in the new range 1..4 (set a level inside it too)"
    )
    assert repository.difficulty(mia, "tracing") == Difficulty()  # (from the first change)
    levels.change(mia, change(level=4, highest=4), "command line", later(3))
    assert (repository.last_level(mia, "tracing"), levels.of(mia, "tracing").highest) == (4, 4)


def test_a_change_stores_range_rule_level_and_one_audit_entry(levels, repository, mia) -> None:
    detail = levels.change(
        mia, change(level=4, lowest=2, highest=6, mastery="off"), "command line", AT
    )
    allowed = repository.difficulty(mia, "tracing")
    assert (allowed.lowest, allowed.highest) == (2, 6)
    assert allowed.rule == asdict(MasteryRule(advance_after=4, enabled=False))
    [level_change] = repository.level_changes(mia)
    assert (level_change.from_level, level_change.to_level) == (None, 4)
    assert (level_change.reason, level_change.changed_at) == ("set by the therapist", utc_iso(AT))
    [entry] = repository.audit_entries()
    assert (entry.action, entry.profile_alias, entry.at) == ("levels set", "Mia", utc_iso(AT))
    assert (
        entry.detail
        == detail
        == (
            "tracing: range 2..6, mastery rule off for this child, level 4 (set by the therapist); "
            "from the command line"
        )
    )


def test_setting_the_level_a_child_already_has_records_no_level_change(
    levels, repository, mia
) -> None:
    levels.change(mia, change(level=3), "console", later(1))
    detail = levels.change(mia, change(level=3, lowest=2), "console", later(2))
    assert [c.to_level for c in repository.level_changes(mia)] == [3]
    assert repository.difficulty(mia, "tracing").lowest == 2
    assert detail == "tracing: range 2..8, mastery rule the clinic's; from the console"
    assert [e.detail for e in repository.audit_entries()][-1] == detail
    assert len(repository.audit_entries()) == 2  # one per change


def test_switching_the_rule_keeps_the_childs_own_numbers(levels, repository, mia) -> None:
    own = asdict(MasteryRule(advance_after=5))
    repository.set_difficulty(mia, "tracing", Difficulty(1, None, own))
    levels.change(mia, change(mastery="off"), "console", later(1))
    assert repository.difficulty(mia, "tracing").rule == {**own, "enabled": False}
    assert levels.of(mia, "tracing").rule == MasteryRule(advance_after=5, enabled=False)
    levels.change(mia, change(mastery="clinic"), "console", later(2))
    assert repository.difficulty(mia, "tracing").rule is None
    assert levels.of(mia, "tracing").rule == CLINIC
    levels.change(mia, change(mastery="on"), "console", later(3))  # (from the clinic's numbers)
    assert levels.of(mia, "tracing").rule == CLINIC


def test_what_is_shown_per_activity(levels, repository, mia) -> None:
    before = levels.of(mia, "bubbles")
    assert (before.level, before.lowest, before.highest, before.count) == (None, 1, 6, 6)
    assert (before.mastery, before.whose, before.rule) == ("clinic", "the clinic's", CLINIC)
    levels.change(mia, change(level=5, lowest=3, mastery="on"), "command line", later(1))
    levels.change(mia, change(activity="bubbles", level=2), "command line", later(2))
    levels.change(mia, change(level=4, reason="too hard today"), "command line", later(3))
    after = levels.of(mia, "tracing")
    assert (after.level, after.lowest, after.highest) == (4, 3, 8)
    assert (after.mastery, after.whose) == ("on", "this child's")
    assert [c.to_level for c in levels.latest_changes(mia, 2)] == [2, 4]
    latest = levels.latest_changes(mia, 10, "tracing")
    assert [(c.from_level, c.to_level, c.reason) for c in latest] == [
        (None, 5, "set by the therapist"),
        (5, 4, "too hard today"),
    ]
    assert levels.latest_changes(mia, 0) == []


def test_the_command_line_and_the_console_store_the_same_change_alike(
    make_app, config, repository, tmp_path
) -> None:
    """The same change from both: the same range, rule, level change and audit words; only
    the audit entry's source differs."""
    from sensory_games.cli import main

    command_line = Repository(tmp_path / "cli")
    command_line.add_profile(alias="Mia")
    command_line.close()
    args = ["levels", "Mia", "--activity", "tracing", "--level", "4", "--lowest", "2"]
    last = str(len(load_activity_levels("tracing", DEFAULT_CONFIG_DIR)))  # the console's default
    args += ["--highest", last, "--mastery", "off", "--reason", "set in the console"]
    assert main([*args, "--data-dir", str(tmp_path / "cli")]) == 0

    repository.add_profile(alias="Mia")
    app = make_app()
    console = ConsoleScene(app.stage, "levels")
    page = console.page
    select(page.activity, "Trace the path")
    page.load()
    for menu, value in ((page.level, "4"), (page.lowest, "2"), (page.rule, "off for this child")):
        select(menu, value)
    page.save_levels()
    assert page.status.text == "Saved Mia's tracing"

    def stored(log: Repository) -> tuple[object, ...]:
        mia = log.profile_by_alias("Mia")
        changes = [(c.activity, c.from_level, c.to_level, c.reason) for c in log.level_changes()]
        audit = [
            (e.action, e.profile_alias, e.detail.rsplit("; from the ", 1))
            for e in log.audit_entries()
        ]
        return log.difficulty(mia.id, "tracing"), changes, audit

    again = Repository(tmp_path / "cli")
    try:
        difficulty, changes, [(action, who, (words, source))] = stored(again)
    finally:
        again.close()
    assert stored(repository) == (difficulty, changes, [(action, who, [words, "console"])])
    assert source == "command line"
    assert difficulty == Difficulty(2, int(last), {**asdict(config.mastery), "enabled": False})


def test_the_console_shows_a_refused_change_in_its_status_line(make_app, repository) -> None:
    mia = repository.add_profile(alias="Mia")
    console = ConsoleScene(make_app().stage, "levels")
    page = console.page
    select(page.activity, "Trace the path")
    page.load()
    for menu, value in ((page.level, "2"), (page.lowest, "5"), (page.highest, "3")):
        select(menu, value)
    page.save_levels()
    assert page.status.text == "Nothing saved: lowest = 5: must not be above highest (3)"
    assert nothing_stored(repository, mia.id)


def test_the_rule_is_said_with_whose_numbers_apply(levels, repository, mia) -> None:
    """The words `levels` and the console's Levels page print: the clinic's numbers, then
    the child's own (sessions and the tracing limits included), in the reader's language."""
    from sensory_games.domain.language import words

    clinic = levels.of(mia, "tracing").rule_text(words("en"))
    assert clinic.startswith("the clinic's: advance after 4 in a row with accuracy >= 0.80")
    assert "spanning 2 or more sessions" in clinic
    own = {"advance_sessions": 1, "advance_extra_lifts": 0, "advance_coverage": 0.95}
    repository.set_difficulty(mia, "tracing", Difficulty(rule=own))
    said = levels.of(mia, "tracing").rule_text(words("es"))
    assert said.startswith("la de este niño: subir tras 3 seguidos")
    assert "cobertura >= 0.95 y como máximo 0 levantamientos" in said
    assert "(sesiones: 1 o más)" in said
