"""The mastery rule: exact attempt sequences move a child's level up, back, or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from records import attempt

from sensory_games.domain.clock import utc_iso
from sensory_games.domain.language import words
from sensory_games.domain.mastery import LevelDecision, MasteryRule, decide
from sensory_games.domain.schema import SchemaError
from sensory_games.storage import Difficulty

#: The rule's numbers as before sessions counted: advance after 3 in a row >= 0.8 in any
#: number of sessions, step back after 2 given up or < 0.4.
RULE = MasteryRule(advance_sessions=1)
DEFAULT = MasteryRule()  # the same, but the good run must span 2 sessions


@dataclass(frozen=True)
class Tried:
    """What the rule reads of an attempt; `measured`: its metrics by name."""

    level: int = 2
    completed: bool = True
    accuracy: float | None = 0.9
    abort_reason: str | None = None
    session_id: str = "A"
    measured: dict[str, float] = field(default_factory=dict)

    def metric(self, name: str) -> float | None:
        return self.measured.get(name)


def good(level: int = 2, session: str = "A") -> Tried:
    return Tried(level=level, session_id=session)


def done(accuracy: float | None, level: int = 2) -> Tried:
    return Tried(level=level, accuracy=accuracy)


def ended(reason: str, level: int = 2) -> Tried:
    return Tried(level=level, completed=False, accuracy=None, abort_reason=reason)


def traced(session: str, accuracy: float, coverage: float, lifts: int) -> Tried:
    """A tracing attempt at level 2 (accuracy / coverage / extra lifts)."""
    return Tried(
        accuracy=accuracy,
        session_id=session,
        measured={"coverage": coverage, "extra_lifts": float(lifts)},
    )


def test_three_good_attempts_in_a_row_advance_one_level() -> None:
    assert decide(RULE, 2, 1, 5, [good(), good()]) is None
    assert decide(RULE, 2, 1, 5, [good(), good(), good()]) == LevelDecision(
        3, "mastery: 3 in a row (sessions: 1) with accuracy >= 0.80 at level 2"
    )


def test_exactly_the_threshold_counts_and_just_below_breaks_the_run() -> None:
    assert decide(RULE, 2, 1, 5, [done(0.8), done(0.8), done(0.8)]).to_level == 3
    assert decide(RULE, 2, 1, 5, [good(), good(), done(0.79), good(), good()]) is None
    assert decide(RULE, 2, 1, 5, [good(), done(0.79), good(), good(), good()]).to_level == 3


def test_two_given_up_or_low_attempts_in_a_row_step_back() -> None:
    assert decide(RULE, 2, 1, 5, [ended("timeout"), ended("timeout")]) == LevelDecision(
        1, "mastery: 2 in a row given up or with accuracy < 0.40 at level 2"
    )
    assert decide(RULE, 2, 1, 5, [ended("timeout"), done(0.39)]).to_level == 1
    assert decide(RULE, 2, 1, 5, [ended("timeout"), done(0.4)]) is None  # 0.4 is not low
    assert decide(RULE, 2, 1, 5, [ended("timeout"), good(), ended("timeout")]) is None


def test_attempts_an_adult_or_the_app_ended_neither_count_nor_break_a_run() -> None:
    for reason in ("exit", "quit", "error", "calm_down"):
        assert decide(RULE, 2, 1, 5, [good(), ended(reason), good(), good()]).to_level == 3
        assert decide(RULE, 2, 1, 5, [ended("timeout"), ended(reason), done(0.1)]).to_level == 1
        assert decide(RULE, 2, 1, 5, [ended(reason)] * 5) is None


def test_a_completed_attempt_with_nothing_to_score_breaks_both_runs() -> None:
    assert decide(RULE, 2, 1, 5, [good(), good(), done(None), good()]) is None
    assert decide(RULE, 2, 1, 5, [ended("timeout"), done(None), ended("timeout")]) is None
    assert decide(RULE, 2, 1, 5, [done(0.2), ended("timeout")]).to_level == 1


def test_attempts_at_another_level_do_not_count() -> None:
    assert decide(RULE, 2, 1, 5, [good(1), good(1), good(), good()]) is None
    assert decide(RULE, 2, 1, 5, [good(1), good(), good(3), good(), good()]).to_level == 3


def test_the_range_is_never_left() -> None:
    assert decide(RULE, 5, 1, 5, [good(5)] * 3) is None
    assert decide(RULE, 3, 1, 3, [good(3)] * 6) is None
    assert decide(RULE, 2, 2, 5, [ended("timeout")] * 2) is None
    assert decide(RULE, 1, 1, 5, [ended("timeout", 1)] * 4) is None


def test_a_rule_that_is_off_never_moves_and_a_childs_own_rule_is_checked() -> None:
    assert decide(MasteryRule(enabled=False), 2, 1, 5, [good()] * 10) is None
    quick = MasteryRule.from_mapping(
        {"advance_after": 1, "advance_accuracy": 0.5, "advance_sessions": 1}
    )
    assert decide(quick, 2, 1, 5, [done(0.5)]).to_level == 3
    with pytest.raises(SchemaError, match="advance_after = 0: must be a whole number between 1"):
        MasteryRule.from_mapping({"advance_after": 0})
    described = DEFAULT.describe(words("en"))
    assert described.startswith("advance after 3 in a row with accuracy >= 0.80, coverage")
    assert "at most 2 extra lifts (where measured), spanning 2 or more sessions" in described
    assert "calm-down break counts neither way" in described
    assert "subir tras 3 seguidos" in DEFAULT.describe(words("es"))
    for key, value, allowed in (
        ("advance_sessions", 0, "between 1 and 10"),
        ("advance_coverage", 1.5, "between 0"),
        ("advance_extra_lifts", -1, "between 0 and 50"),
    ):
        with pytest.raises(SchemaError, match=f"{key} = {value}: must be .*{allowed}"):
            MasteryRule.from_mapping({key: value})


def test_a_calm_down_break_is_neither_giving_up_nor_good_nor_a_break_in_a_run() -> None:
    """Before: two calm-down breaks in a row moved a child down a level."""
    assert decide(RULE, 2, 1, 5, [ended("calm_down")] * 4) is None
    assert decide(RULE, 2, 1, 5, [ended("timeout"), ended("calm_down"), done(0.1)]).to_level == 1
    assert decide(RULE, 2, 1, 5, [good(), ended("calm_down"), good(), good()]).to_level == 3


def test_the_good_run_must_span_the_sessions_the_clinic_asks_for() -> None:
    assert decide(DEFAULT, 2, 1, 5, [good()] * 6) is None  # six in one session
    up = decide(DEFAULT, 2, 1, 5, [good(), good(), good(session="B")])
    assert up == LevelDecision(
        3, "mastery: 3 in a row (sessions: 2) with accuracy >= 0.80 at level 2"
    )
    broken = [good(), good(), done(0.5), good(session="B")]  # the run restarts in B
    assert decide(DEFAULT, 2, 1, 5, broken) is None
    one_each = MasteryRule(advance_after=1)  # good in two sessions in a row
    assert decide(one_each, 2, 1, 5, [good()]) is None
    assert decide(one_each, 2, 1, 5, [good(), good(session="B")]).to_level == 3


def test_coverage_and_extra_lifts_are_required_where_measured() -> None:
    rule = RULE
    assert decide(rule, 2, 1, 5, [traced("A", 0.95, 0.95, 2)] * 3).reason == (
        "mastery: 3 in a row (sessions: 1) with accuracy >= 0.80, coverage >= 0.90 and "
        "extra lifts <= 2 at level 2"
    )
    assert decide(rule, 2, 1, 5, [traced("A", 0.95, 0.89, 0)] * 3) is None  # too little
    assert decide(rule, 2, 1, 5, [traced("A", 0.95, 0.95, 3)] * 3) is None  # too many
    lenient = MasteryRule(advance_sessions=1, advance_coverage=0.8, advance_extra_lifts=5)
    assert decide(lenient, 2, 1, 5, [traced("A", 0.95, 0.85, 5)] * 3).to_level == 3
    only_coverage = Tried(measured={"coverage": 0.95})  # no extra_lifts: not required
    assert decide(rule, 2, 1, 5, [only_coverage] * 3).to_level == 3


def test_the_worked_examples_of_docs_metrics() -> None:
    """docs/metrics.md "Level changes": the three worked examples, decided as written."""
    first = [traced("A", 0.95, 0.97, 0), traced("A", 0.92, 0.95, 1), traced("A", 0.90, 0.93, 0)]
    assert decide(DEFAULT, 2, 1, 8, first) is None
    up = decide(DEFAULT, 2, 1, 8, [*first, traced("B", 0.91, 0.96, 1)])
    assert up == LevelDecision(
        3,
        "mastery: 4 in a row (sessions: 2) with accuracy >= 0.80, coverage >= 0.90 and "
        "extra lifts <= 2 at level 2",
    )
    second = [
        traced("A", 0.94, 0.96, 0),
        traced("A", 0.93, 0.95, 4),
        traced("A", 0.95, 0.97, 1),
        traced("B", 0.92, 0.94, 0),
    ]
    assert decide(DEFAULT, 2, 1, 8, second) is None
    assert decide(DEFAULT, 2, 1, 8, [*second, traced("B", 0.9, 0.95, 0)]).to_level == 3
    third = [ended("timeout"), ended("calm_down"), traced("A", 0.30, 0.60, 3)]
    assert decide(DEFAULT, 2, 1, 8, third) == LevelDecision(
        1, "mastery: 2 in a row given up or with accuracy < 0.40 at level 2"
    )
    assert decide(DEFAULT, 2, 1, 8, [*third[:2], traced("A", 0.85, 0.95, 0)]) is None


# -- in the app: a child's saved attempts move their level -----------------------------


@pytest.fixture
def playing(make_app, repository, clock):
    """The app with Mia playing (a session open), and a function saving her attempts a
    minute apart on the app's clock."""
    from sensory_games.engine.scenes.profile_picker import ProfilePickerScene

    mia = repository.add_profile(alias="Mia")
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(mia)

    def play(level: int, accuracy: float | None = 0.9, **kwargs: object) -> None:
        clock.advance(60.0)
        record = attempt(mia, app.child.session_id, 0, level=level, accuracy=accuracy,
                         started_at=clock.wall_utc(), **kwargs)  # fmt: skip
        clock.advance(30.0)  # the attempt's play
        assert app.child.save_attempt(record)

    return app, mia, play


def test_good_attempts_over_two_sessions_move_the_child_up_with_the_reason_stored(
    playing, repository
):
    app, mia, play = playing
    for _ in range(3):
        play(2)
    assert app.child.level_for("bubbles") == 2  # three good ones, but one session
    app.stage.start_session(mia)  # (another day)
    play(2)
    assert app.child.level_for("bubbles") == 3
    [change] = repository.level_changes(mia.id)
    assert (change.activity, change.from_level, change.to_level) == ("bubbles", 2, 3)
    assert change.reason == "mastery: 4 in a row (sessions: 2) with accuracy >= 0.80 at level 2"
    play(3)
    play(3)
    app.stage.start_session(mia)
    play(3)  # three since the change, over two sessions
    assert app.child.level_for("bubbles") == 4


def test_calm_down_breaks_never_move_the_child_down(playing, repository):
    app, mia, play = playing
    for _ in range(3):
        play(3, accuracy=None, completion_time_s=None, abort_reason="calm_down")
    assert app.child.level_for("bubbles") == 3 and repository.level_changes(mia.id) == []


def test_two_hard_attempts_move_the_child_back(playing, repository):
    app, mia, play = playing
    play(3, accuracy=None, completion_time_s=None, abort_reason="timeout")
    play(3, accuracy=0.2)
    assert app.child.level_for("bubbles") == 2
    assert repository.level_changes(mia.id)[0].reason.startswith("mastery: 2 in a row given up")


def test_the_therapists_range_and_rule_for_the_child_are_kept(playing, repository):
    app, mia, play = playing
    repository.set_difficulty(mia.id, "bubbles", Difficulty(lowest=2, highest=3))
    for _ in range(3):
        play(3)
    app.stage.start_session(mia)
    for _ in range(3):
        play(3)
    assert app.child.level_for("bubbles") == 3  # never above 3
    own = {"advance_after": 1, "advance_sessions": 1}
    repository.set_difficulty(mia.id, "tracing", Difficulty(rule=own))
    play(1, activity="tracing")
    assert app.child.level_for("tracing") == 2


def test_no_rule_for_the_guest_simulated_children_or_calming(make_app, repository):
    from sensory_games.engine.scenes.profile_picker import ProfilePickerScene

    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    guest = repository.guest_profile()
    app.stage.start_session(guest)
    for minute in range(3):
        app.child.save_attempt(attempt(guest, app.child.session_id, minute, level=2, accuracy=1.0))
    mia = repository.add_profile(alias="Mia")
    app.stage.start_session(mia)
    for minute in range(3, 6):
        app.child.save_attempt(
            attempt(mia, app.child.session_id, minute, level=2, origin="autoplay")
        )
        app.child.save_attempt(
            attempt(mia, app.child.session_id, minute + 0.5, activity="calming", level=2)
        )
    assert repository.level_changes() == []


def test_a_mastery_change_is_stored_at_the_apps_time_after_the_attempts_it_read(
    playing, repository, clock
):
    app, mia, play = playing
    play(2)
    app.stage.start_session(mia)
    play(2)
    play(2)
    change = repository.level_changes(mia.id)[0]
    last = [a for a in repository.attempts("Mia")][-1]
    assert last.started_at < change.changed_at == utc_iso(clock.wall_utc())


def test_the_cli_shows_and_sets_a_childs_levels_range_and_rule(repository, capsys) -> None:
    from sensory_games.cli import main

    repository.add_profile(alias="Mia")
    repository.close()
    data = ["--data-dir", str(repository.data_dir)]
    args = ["levels", "mia", "--activity", "tracing", "--level", "4", "--lowest", "2"]
    assert main([*args, "--highest", "6", "--mastery", "off", *data]) == 0
    out = capsys.readouterr().out
    assert "  tracing             4 (2..6)  this child's: off (levels change only when" in out
    assert "tracing            - -> 4  set by the therapist" in out
    assert "  bubbles             - (1..6)  the clinic's: advance after 3 in a row" in out
    assert "calming" not in out  # its levels are scenes, not steps
    assert main(["levels", "mia", "--activity", "tracing", "--mastery", "on", *data]) == 0
    assert "4 (2..6)  this child's: advance after 3" in capsys.readouterr().out
    assert main(["levels", "mia", "--activity", "tracing", "--mastery", "clinic", *data]) == 0
    assert "4 (2..6)  the clinic's: advance after 3" in capsys.readouterr().out
    for wrong, message in (
        (["--activity", "tracing", "--highest", "1"], "lowest = 2: must not be above highest (1)"),
        (["--activity", "tracing", "--level", "99"], "level = 99: tracing has levels 1 to"),
        (["--activity", "juggling", "--level", "1"], "activity = 'juggling': known activities"),
        (["--level", "3"], "say which activity with --activity SLUG"),
    ):
        assert main(["levels", "mia", *wrong, *data]) == 2
        assert message in capsys.readouterr().err


def test_attempts_at_a_plans_or_an_adults_level_do_not_move_the_childs_level(
    playing, repository
) -> None:
    app, mia, play = playing
    app.child.level_overrides["bubbles"] = 2  # e.g. --launch bubbles:2
    for _ in range(3):
        play(2)
    assert repository.level_changes(mia.id) == []


def test_the_cli_keeps_a_set_level_inside_the_allowed_range(repository, capsys) -> None:
    from sensory_games.cli import main

    repository.add_profile(alias="Mia")
    repository.close()
    data = ["--data-dir", str(repository.data_dir)]
    args = ["levels", "mia", "--activity", "tracing", "--level", "6", "--highest", "4", *data]
    assert main(args) == 2
    assert "level = 6: must lie in the allowed range 1..4" in capsys.readouterr().err
