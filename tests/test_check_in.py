"""The regulation check-in ("how do you feel?", here on the five faces, 1 sad .. 5 calm):
the scale and its validation, before/after pairing, storage (linking to the calm attempt and
the schema 3 -> 4 migration), the CSV/JSON exports and the command line."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.check_in import (
    FACES,
    BeforeAfter,
    CheckIn,
    before_after_pairs,
    describe,
)
from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.outcome import Result
from sensory_games.domain.profile import Profile
from sensory_games.services.export import (
    CHECK_IN_COLUMNS,
    LEADING_COLUMNS,
    check_ins_csv_text,
    csv_text,
    json_document,
)
from sensory_games.storage import AttemptRecord, Repository, StoredCheckIn
from sensory_games.storage.migrations import LATEST_VERSION, MIGRATIONS
from sensory_games.storage.opening import DATABASE_NAME

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
DAY = 24 * 60  # minutes


def at(minutes: float) -> datetime:
    """T0 plus `minutes`."""
    return T0 + timedelta(minutes=minutes)


def asked(
    moment: str,
    feeling: int | None,
    minutes: float = 0,
    *,
    attempt_id: str | None = None,
    session_id: str = "s1",
) -> CheckIn:
    """A check-in that is not stored (for the pure pairing tests)."""
    return CheckIn(session_id, "p1", moment, feeling, at(minutes), 1.5, attempt_id)


def stored(moment: str, feeling: int | None, number: int) -> StoredCheckIn:
    """A check-in as read back from the log, unlinked, in session s1."""
    return StoredCheckIn(
        f"c{number}", "d", "s1", "Mia", None, moment, feeling, f"2026-01-01T09:{number:02d}", 1.0
    )


def feelings(pairs: list[BeforeAfter]) -> list[tuple[int | None, int | None]]:
    return [(pair.before, pair.after) for pair in pairs]


# -- the scale and its validation --------------------------------------------------------------


def test_the_scale_runs_from_1_to_5_in_order() -> None:
    assert [feeling.value for feeling in FACES.points] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("value", "words"),
    [(2, "worried (2)"), (1, "sad (1)"), (5, "calm (5)"), (None, "no answer")],
)
def test_describe_gives_the_words_a_therapist_reads(value: int | None, words: str) -> None:
    assert describe(value) == words


@pytest.mark.parametrize(
    ("moment", "feeling", "message"),
    [
        ("during", 3, "moment 'during'"),
        ("before", 0, "feeling 0 is outside 1..5"),
        ("after", 6, "feeling 6 is outside 1..5"),
    ],
)
def test_a_check_in_with_an_unknown_moment_or_feeling_is_refused(
    moment: str, feeling: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        asked(moment, feeling)


@pytest.mark.parametrize("feeling", [2.5, "sad", "3", True])
def test_a_feeling_that_is_not_a_whole_number_is_refused_in_one_line(feeling: object) -> None:
    """Only a log changed by hand holds one: the exports that put it into words say so
    as a ValueError (one line from the command line), not a TypeError's traceback."""
    with pytest.raises(ValueError, match=r"feeling .* is outside 1\.\.5 \(faces\)"):
        describe(feeling, "faces")  # type: ignore[arg-type]


@pytest.mark.parametrize("feeling", [None, 1, 5])
def test_a_check_in_accepts_no_answer_and_both_ends_of_the_scale(feeling: int | None) -> None:
    assert asked("session_start", feeling).feeling == feeling


# -- before/after pairs ------------------------------------------------------------------------


def test_before_and_after_one_attempt_make_one_pair_with_its_change() -> None:
    pairs = before_after_pairs(
        [asked("before", 2, 0, attempt_id="a1"), asked("after", 4, 3, attempt_id="a1")]
    )
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.session_id, pair.attempt_id, pair.before, pair.after) == ("s1", "a1", 2, 4)
    assert pair.asked_before and pair.asked_after
    assert pair.change == 2


def test_session_start_and_end_pair_by_session() -> None:
    pairs = before_after_pairs([asked("session_start", 4, 0), asked("session_end", 3, 20)])
    assert [(p.attempt_id, p.before, p.after, p.change) for p in pairs] == [(None, 4, 3, -1)]


def test_session_check_ins_of_two_sessions_stay_apart() -> None:
    pairs = before_after_pairs(
        [asked("session_start", 1, 0, session_id="s1"), asked("session_end", 5, 9, session_id="s2")]
    )
    assert [(p.session_id, p.before, p.after) for p in pairs] == [("s1", 1, None), ("s2", None, 5)]


def test_unlinked_befores_each_stand_alone() -> None:
    pairs = before_after_pairs([asked("before", 2, 0), asked("before", 3, 5)])
    assert feelings(pairs) == [(2, None), (3, None)]
    for pair in pairs:
        assert pair.attempt_id is None
        assert pair.asked_before and not pair.asked_after
        assert pair.change is None


def test_unlinked_befores_read_one_at_a_time_each_stand_alone() -> None:
    rows = (stored("before", number % 5 + 1, number) for number in range(6))
    assert feelings(before_after_pairs(rows)) == [(n % 5 + 1, None) for n in range(6)]


def test_an_unanswered_check_in_was_asked_but_has_no_feeling_and_no_change() -> None:
    [pair] = before_after_pairs(
        [asked("before", None, 0, attempt_id="a1"), asked("after", 4, 3, attempt_id="a1")]
    )
    assert pair.asked_before and pair.before is None
    assert pair.asked_after and pair.after == 4
    assert pair.change is None


def test_a_missing_side_was_not_asked() -> None:
    [pair] = before_after_pairs([asked("after", 5, 0, attempt_id="a1")])
    assert not pair.asked_before and pair.before is None
    assert pair.asked_after and pair.after == 5


def test_pairs_come_in_the_order_their_first_check_in_was_asked() -> None:
    pairs = before_after_pairs(
        [
            asked("session_start", 2, 0),
            asked("before", 1, 1, attempt_id="a1"),
            asked("after", 3, 4, attempt_id="a1"),
            asked("before", 3, 5, attempt_id="a2"),
            asked("after", 5, 8, attempt_id="a2"),
            asked("session_end", 4, 9),
        ]
    )
    assert [(p.attempt_id, p.before, p.after) for p in pairs] == [
        (None, 2, 4),
        ("a1", 1, 3),
        ("a2", 3, 5),
    ]


def test_no_check_ins_give_no_pairs() -> None:
    assert before_after_pairs([]) == []


# -- storage -----------------------------------------------------------------------------------


def calm_result() -> Result:
    return Result(completed=True, duration_s=60.0, completion_time_s=60.0, accuracy=None)


def save_attempt(
    repository: Repository,
    profile: Profile,
    session_id: str,
    minutes: float = 1,
    check_in_ids: tuple[str, ...] = (),
) -> str:
    """Save a calm attempt started at T0 + `minutes`, linking `check_in_ids`; its id."""
    attempt = AttemptRecord(
        session_id=session_id,
        profile_id=profile.id,
        activity="calming",
        variant="standard",
        level=1,
        parameters={},
        intensity={"preset": "calm"},
        started_at=at(minutes),
        result=calm_result(),
        check_in_ids=check_in_ids,
    )
    assert repository.save_attempt(attempt)
    return attempt.id


def save_check_in(
    repository: Repository,
    profile: Profile,
    session_id: str,
    moment: str,
    feeling: int | None,
    minutes: float = 0,
    attempt_id: str | None = None,
) -> CheckIn:
    """Save a check-in asked at T0 + `minutes` (answer time 2.5 s, none if unanswered)."""
    check_in = CheckIn(
        session_id,
        profile.id,
        moment,
        feeling,
        at(minutes),
        None if feeling is None else 2.5,
        attempt_id,
    )
    assert repository.save_check_in(check_in)
    return check_in


def calm_with_check_ins(
    repository: Repository,
    profile: Profile,
    session_id: str,
    before: int | None,
    after: int | None,
    minutes: float = 0,
) -> str:
    """The app's order: "before" saved unlinked, the attempt saved linking it, then the
    "after" saved with the attempt's id. Returns the attempt id."""
    first = save_check_in(repository, profile, session_id, "before", before, minutes)
    attempt_id = save_attempt(repository, profile, session_id, minutes + 1, (first.id,))
    save_check_in(repository, profile, session_id, "after", after, minutes + 2, attempt_id)
    return attempt_id


def count(repository: Repository, table: str) -> int:
    return repository.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def aliases_and_feelings(check_ins: Iterator[StoredCheckIn]) -> list[tuple[str, int | None]]:
    return [(c.profile_alias, c.feeling) for c in check_ins]


@pytest.fixture
def child(repository: Repository) -> Profile:
    return repository.add_profile(alias="Mia", animal="cat", colour=2)


@pytest.fixture
def session(repository: Repository, child: Profile) -> str:
    return repository.start_session(child.id, T0)


def test_a_check_in_is_saved_once(repository: Repository, child: Profile, session: str) -> None:
    check_in = CheckIn(session, child.id, "session_start", 3, at(0), 1.25)
    assert repository.save_check_in(check_in) is True
    assert repository.save_check_in(check_in) is False
    assert count(repository, "check_ins") == 1
    assert list(repository.check_ins()) == [
        StoredCheckIn(
            check_in.id,
            repository.device_id,
            session,
            "Mia",
            None,
            "session_start",
            3,
            "2026-01-01T09:00:00.000Z",
            1.25,
            child.id,
        )
    ]


def test_check_ins_are_read_by_child_and_from_a_date(
    repository: Repository, child: Profile, session: str
) -> None:
    other = repository.add_profile(alias="Leo")
    other_session = repository.start_session(other.id, T0)
    save_check_in(repository, child, session, "session_start", 1, 0)
    save_check_in(repository, other, other_session, "session_start", 5, 1)
    save_check_in(repository, child, session, "session_end", 4, DAY)
    assert aliases_and_feelings(repository.check_ins()) == [("Mia", 1), ("Leo", 5), ("Mia", 4)]
    assert aliases_and_feelings(repository.check_ins("mia")) == [("Mia", 1), ("Mia", 4)]
    assert aliases_and_feelings(repository.check_ins("Mia", since="2026-01-02")) == [("Mia", 4)]
    assert aliases_and_feelings(repository.check_ins(since="2026-01-02")) == [("Mia", 4)]
    assert list(repository.check_ins("Nobody")) == []


def test_a_before_check_in_is_linked_when_its_attempt_is_saved(
    repository: Repository, child: Profile, session: str
) -> None:
    before = save_check_in(repository, child, session, "before", 2)
    assert [c.attempt_id for c in repository.check_ins()] == [None]
    attempt_id = save_attempt(repository, child, session, check_in_ids=(before.id,))
    assert [c.attempt_id for c in repository.check_ins()] == [attempt_id]


def test_a_linked_check_in_is_not_taken_by_another_attempt(
    repository: Repository, child: Profile, session: str
) -> None:
    first = calm_with_check_ins(repository, child, session, 2, 4)
    before_id = next(c.id for c in repository.check_ins() if c.moment == "before")
    save_attempt(repository, child, session, 10, (before_id,))
    assert {c.attempt_id for c in repository.check_ins()} == {first}


def test_attempts_carry_the_feeling_before_and_after(
    repository: Repository, child: Profile, session: str
) -> None:
    attempt_id = calm_with_check_ins(repository, child, session, 2, 4)
    [attempt] = repository.attempts()
    assert attempt.id == attempt_id
    assert (attempt.feeling_before, attempt.feeling_after) == (2, 4)


def test_an_attempt_without_check_ins_has_no_feelings(
    repository: Repository, child: Profile, session: str
) -> None:
    save_check_in(repository, child, session, "session_start", 3)  # not about the attempt
    save_attempt(repository, child, session)
    [attempt] = repository.attempts()
    assert (attempt.feeling_before, attempt.feeling_after) == (None, None)


def test_an_unanswered_check_in_gives_no_feeling(
    repository: Repository, child: Profile, session: str
) -> None:
    calm_with_check_ins(repository, child, session, None, 4)
    [attempt] = repository.attempts()
    assert (attempt.feeling_before, attempt.feeling_after) == (None, 4)


def test_unlinked_befores_read_from_the_log_each_stand_alone(
    repository: Repository, child: Profile, session: str
) -> None:
    for minutes in range(6):
        save_check_in(repository, child, session, "before", minutes % 5 + 1, minutes)
    pairs = before_after_pairs(repository.check_ins("Mia"))
    assert feelings(pairs) == [(n % 5 + 1, None) for n in range(6)]


def build_version_3_log(data_dir: Path) -> None:
    """A log as the app before check-ins left it: steps 1-3 only, one child, one attempt."""
    data_dir.mkdir(parents=True)
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    try:
        for statement in (s for step in MIGRATIONS[:3] for s in step):
            connection.execute(statement)
        connection.execute(
            "INSERT INTO meta (key, value) VALUES ('device_id', 'old-device'),"
            " ('created_at', '2025-06-01T00:00:00.000Z')"
        )
        connection.execute(
            "INSERT INTO profiles VALUES ('p', 'old-device', 'Old', 'old', 'cat', 0, '6-8',"
            " 'left', 'calm', ?, '2025-06-01T00:00:00.000Z', 0)",
            (json.dumps(PRESETS["calm"].as_dict()),),
        )
        connection.execute(
            "INSERT INTO sessions VALUES ('s', 'old-device', 'p', '2025-06-01T00:00:00.000Z', NULL)"
        )
        connection.execute(
            "INSERT INTO attempts (id, device_id, session_id, profile_id, activity, variant,"
            " level, parameters_json, intensity_json, started_at, duration_s, completed,"
            " app_version, dominant_hand) VALUES ('a', 'old-device', 's', 'p', 'bubbles',"
            " 'standard', 1, '{}', '{}', '2025-06-01T00:01:00.000Z', 5.0, 0, '0.1', 'left')"
        )
        connection.execute("PRAGMA user_version = 3")
    finally:
        connection.close()


def test_a_version_3_log_gains_the_check_ins_table_and_keeps_its_rows(data_dir: Path) -> None:
    assert LATEST_VERSION >= 4
    build_version_3_log(data_dir)
    repository = Repository(data_dir)
    try:
        assert repository.notices == []
        assert repository.device_id == "old-device"
        assert repository.connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert count(repository, "check_ins") == 0
        [attempt] = repository.attempts()
        assert (attempt.id, attempt.profile_alias, attempt.dominant_hand) == ("a", "Old", "left")
        assert (attempt.feeling_before, attempt.feeling_after) == (None, None)
        old = repository.profile_by_alias("Old")
        assert old is not None
        save_check_in(repository, old, "s", "after", 5, attempt_id="a")
        assert next(repository.attempts()).feeling_after == 5
        assert repository.integrity_check() == "ok"
    finally:
        repository.close()


# -- export ------------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_export_has_the_feelings_after_the_dominant_hand(
    repository: Repository, child: Profile, session: str
) -> None:
    calm_with_check_ins(repository, child, session, 2, 4)
    save_attempt(repository, child, session, 30)
    text = csv_text(repository.attempts())
    header = text.splitlines()[0].split(",")
    hand = header.index("dominant_hand")
    assert header[hand + 1 : hand + 4] == ["pointer", "feeling_before", "feeling_after"]
    assert tuple(header[: hand + 4]) == LEADING_COLUMNS
    rows = csv_rows(text)
    assert [(r["feeling_before"], r["feeling_after"]) for r in rows] == [("2", "4"), ("", "")]


def test_the_json_export_has_each_sessions_check_ins_and_each_attempts_feelings(
    repository: Repository, child: Profile, session: str
) -> None:
    save_check_in(repository, child, session, "session_start", 3)
    attempt_id = calm_with_check_ins(repository, child, session, 2, None, 5)
    document = json_document(repository)
    [profile] = document["profiles"]
    [exported] = profile["sessions"]
    assert profile["profile"] == "Mia" and exported["session_id"] == session
    assert [
        (c["moment"], c["scale"], c["feeling"], c["feeling_words"], c["answer_s"], c["attempt_id"])
        for c in exported["check_ins"]
    ] == [
        ("session_start", "faces", 3, "okay (3)", 2.5, None),
        ("before", "faces", 2, "worried (2)", 2.5, attempt_id),
        ("after", "faces", None, "", None, attempt_id),
    ]
    [attempt] = exported["attempts"]
    assert (attempt["feeling_before"], attempt["feeling_after"]) == (2, None)


def test_a_session_with_only_check_ins_is_still_exported(
    repository: Repository, child: Profile, session: str
) -> None:
    calm_with_check_ins(repository, child, session, 2, 4)
    quiet = repository.start_session(child.id, at(60))
    save_check_in(repository, child, quiet, "session_start", 1, 60)
    document = json_document(repository)
    sessions = {s["session_id"]: s for s in document["profiles"][0]["sessions"]}
    assert set(sessions) == {session, quiet}
    assert sessions[quiet]["attempts"] == []
    assert [(c["moment"], c["feeling"]) for c in sessions[quiet]["check_ins"]] == [
        ("session_start", 1)
    ]


def test_the_check_ins_csv_has_a_row_per_check_in(
    repository: Repository, child: Profile, session: str
) -> None:
    attempt_id = calm_with_check_ins(repository, child, session, 2, None)
    text = check_ins_csv_text(repository.check_ins())
    assert text.splitlines()[0] == ",".join(CHECK_IN_COLUMNS)
    assert text.endswith("\r\n")
    rows = csv_rows(text)
    assert [
        (r["profile"], r["session_id"], r["attempt_id"], r["moment"], r["feeling"]) for r in rows
    ] == [("Mia", session, attempt_id, "before", "2"), ("Mia", session, attempt_id, "after", "")]
    assert [(r["feeling_words"], r["answer_s"]) for r in rows] == [
        ("worried (2)", "2.5000"),
        ("", ""),
    ]
    assert [r["asked_at"] for r in rows] == ["2026-01-01T09:00:00.000Z", "2026-01-01T09:02:00.000Z"]


def test_an_alias_a_spreadsheet_would_run_is_defused_in_the_check_ins_csv(
    repository: Repository,
) -> None:
    sneaky = repository.add_profile(alias="=HYPERLINK(1)")
    save_check_in(repository, sneaky, repository.start_session(sneaky.id, T0), "session_start", 3)
    [row] = csv_rows(check_ins_csv_text(repository.check_ins()))
    assert row["profile"] == "'=HYPERLINK(1)"


# -- command line ------------------------------------------------------------------------------


def run(
    args: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_check_ins_writes_their_csv(
    repository: Repository,
    child: Profile,
    session: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_check_in(repository, child, session, "session_start", 3)
    calm_with_check_ins(repository, child, session, 2, 4, 5)
    out = tmp_path / "check_ins.csv"
    code, printed, err = run(
        ["export", "--check-ins", "--format", "csv", "--out", str(out)], data_dir, capsys
    )
    assert (code, err) == (0, "")
    assert printed == f"3 check-ins written to {out.resolve()}\n"
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert [(r["moment"], r["feeling"]) for r in rows] == [
        ("session_start", "3"),
        ("before", "2"),
        ("after", "4"),
    ]


def test_export_check_ins_as_json_is_a_one_line_mistake(
    repository: Repository,
    child: Profile,
    session: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_check_in(repository, child, session, "session_start", 3)
    out = tmp_path / "check_ins.json"
    code, printed, err = run(
        ["export", "--check-ins", "--format", "json", "--out", str(out)], data_dir, capsys
    )
    assert code == EXIT_USAGE and printed == ""
    assert len(err.strip().splitlines()) == 1
    assert "--check-ins writes its own CSV" in err and "Traceback" not in err
    assert not out.exists()


def test_profiles_show_lists_the_before_after_pairs_in_words(
    repository: Repository,
    child: Profile,
    session: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_check_in(repository, child, session, "session_start", 3)
    calm_with_check_ins(repository, child, session, 2, 4, 5)
    code, printed, _ = run(["profiles", "show", "mia"], data_dir, capsys)
    assert code == 0
    lines = printed.splitlines()
    heading = lines.index("check-ins (how the child felt, before -> after; +n: more settled):")
    assert lines[heading + 1 :] == [
        f"  2026-01-01T09:00  {'session':<22} okay (3) -> not asked",
        f"  2026-01-01T09:05  {'calming standard':<22} worried (2) -> happy (4)  (+2)",
    ]


def test_profiles_show_says_when_a_child_has_no_check_ins_yet(
    repository: Repository, child: Profile, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _ = run(["profiles", "show", "Mia"], data_dir, capsys)
    assert code == 0
    assert "check-ins:     none yet" in printed.splitlines()
