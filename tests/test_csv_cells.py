"""The attempts CSV's stored cells (storage/csv_cells.py): what the export reads is what
the attempt's row makes, whoever wrote or changed the log, and a log saved before they
were stored exports the same file once brought up to date."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from records import at, attempt, log_attempt, log_check_in, two_children

from sensory_games.domain.check_in import CheckIn
from sensory_games.services.export import csv_text, write_export
from sensory_games.storage import Repository
from sensory_games.storage.csv_cells import _ROW_OF_NEW, SEPARATOR, attempt_pieces, stored_cells
from sensory_games.storage.migrations import LATEST_VERSION
from sensory_games.storage.rows import stored_attempt
from sensory_games.storage.sessions import write_attempt


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Repository]:
    """Two children's kiosk log with check-ins around a calm attempt (fill_device)."""
    log = two_children(tmp_path / "clinic")
    yield log
    log.close()


def exported(log: Repository, folder: Path) -> bytes:
    """The whole log's attempts CSV, as write_export writes it."""
    out = folder / "attempts.csv"
    write_export(log, "csv", out)
    return out.read_bytes()


def made_from_rows(log: Repository) -> bytes:
    """The attempts CSV made from the attempts' rows alone (no stored cells)."""
    return csv_text(log.attempts()).encode()


def stored(log: Repository) -> dict[str, tuple[bytes | None, bytes | None, bytes | None]]:
    """attempt_csv's head, own and tail by attempt id."""
    rows = log.connection.execute("SELECT attempt_id, head, own, tail FROM attempt_csv")
    return {attempt_id: (head, own, tail) for attempt_id, head, own, tail in rows}


def test_each_attempt_stores_the_cells_its_row_makes(clinic: Repository) -> None:
    held = stored(clinic)
    attempts = list(clinic.attempts())
    assert len(held) == len(attempts) == 10
    for a in attempts:
        pieces = attempt_pieces(a)
        assert held[a.id] == (pieces.head, pieces.own, SEPARATOR.join(pieces.tail))
        assert pieces.head.startswith(a.id.encode() + b",") and b"preset=balanced" in pieces.own


def test_the_export_of_stored_cells_is_the_one_made_from_the_rows(
    clinic: Repository, tmp_path: Path
) -> None:
    assert exported(clinic, tmp_path) == made_from_rows(clinic)


def saved_before_the_cells(log: Repository, damage: str = "") -> Repository:
    """`log` closed, taken back to schema step 15 (no stored cells: as an app before
    them left it), `damage` done to it (SQL, foreign keys off) and opened again: brought
    up to date by step 16."""
    path = log.path
    log.close()
    older = sqlite3.connect(path, isolation_level=None)
    for (name,) in older.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'attempt_csv%'"
    ).fetchall():
        older.execute(f"DROP TRIGGER {name}")
    older.execute("DROP TABLE attempt_csv")
    older.execute("DROP TABLE metric_layouts")
    older.execute("PRAGMA user_version = 15")
    if damage:
        older.execute("PRAGMA foreign_keys = OFF")
        older.execute(damage)
    older.close()
    upgraded = Repository(path.parent)
    assert upgraded.connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert not upgraded.read_only
    return upgraded


def test_a_log_saved_before_the_cells_were_stored_exports_the_same_file(
    clinic: Repository, tmp_path: Path
) -> None:
    before = exported(clinic, tmp_path)
    upgraded = saved_before_the_cells(clinic)
    try:
        assert all(head is not None for head, _, _ in stored(upgraded).values())
        assert exported(upgraded, tmp_path) == before
        mia = upgraded.profile_by_alias("Mia")
        assert mia is not None
        later = upgraded.start_session(mia.id, at(9000))
        log_check_in(upgraded, mia, later, "session_start", 3, 9000)
        assert exported(upgraded, tmp_path) == before  # (a session's check-in: no attempt's)
    finally:
        upgraded.close()


def test_a_repair_by_hand_shows_in_the_next_export(clinic: Repository, tmp_path: Path) -> None:
    first = next(clinic.attempts())
    clinic.connection.execute(
        "UPDATE attempts SET level = 9, variant = 'mended, by hand' WHERE id = ?", (first.id,)
    )
    assert stored(clinic)[first.id] == (None, None, None)  # (made from the row instead)
    text = exported(clinic, tmp_path)
    assert text == made_from_rows(clinic)
    assert b',"mended, by hand",9,' in text


def test_a_deleted_attempt_leaves_the_export(clinic: Repository, tmp_path: Path) -> None:
    gone = next(a for a in clinic.attempts() if a.activity == "bubbles")
    for table in ("attempt_metrics", "attempt_samples", "attempt_targets"):
        clinic.connection.execute(f"DELETE FROM {table} WHERE attempt_id = ?", (gone.id,))
    clinic.connection.execute("DELETE FROM attempts WHERE id = ?", (gone.id,))
    text = exported(clinic, tmp_path)
    assert gone.id.encode() not in text and text == made_from_rows(clinic)
    assert len(stored(clinic)) == 9


def test_an_attempt_whose_cells_cannot_be_stored_is_exported_from_its_row(
    clinic: Repository, tmp_path: Path
) -> None:
    mia = clinic.profile_by_alias("Mia")
    assert mia is not None
    session = clinic.start_session(mia.id, at(5000))
    record = replace(attempt(mia, session, 5001), variant="odd\0variant")  # (a damaged merge)
    row = stored_attempt(record, clinic.device_id)
    assert stored_cells(row) == (None, None, None)
    with clinic.transaction():
        write_attempt(clinic.connection, row, {"taps": (8.0, "count")}, None, None)
    assert stored(clinic)[record.id] == (None, None, None)
    text = exported(clinic, tmp_path)
    assert b",odd\0variant," in text and text == made_from_rows(clinic)


def test_the_feelings_follow_every_change_to_the_check_ins(
    clinic: Repository, tmp_path: Path
) -> None:
    """Check-ins saved before and after attempts, linked later, at the same moment,
    answered again, changed and deleted by hand: after each step the CSV's feelings are
    the ones the log's own look-up picks (the newest asked, of two asked at once the one
    saved first)."""
    rng = random.Random(7)
    mia = clinic.profile_by_alias("Mia")
    assert mia is not None
    session = clinic.start_session(mia.id, at(7000))
    attempts = [log_attempt(clinic, mia, session, 7001 + k) for k in range(4)]
    unlinked: list[str] = []
    for step in range(120):
        action = rng.choice(["save", "save", "save", "link", "change", "delete"])
        target = rng.choice(attempts)
        if action == "save":
            check_in = CheckIn(
                session,
                mia.id,
                rng.choice(["before", "after"]),
                rng.choice([1, 2, 3, 4, 5, None]),
                at(7000 + rng.choice([1, 2, 3])),  # (a few moments: many asked at once)
                1.5,
                rng.choice([target, None]),
            )
            assert clinic.save_check_in(check_in)
            if check_in.attempt_id is None:
                unlinked.append(check_in.id)
        elif action == "link" and unlinked:
            clinic.connection.execute(
                "UPDATE check_ins SET attempt_id = ? WHERE id = ?", (target, unlinked.pop())
            )
        elif action == "change":
            clinic.connection.execute(
                "UPDATE check_ins SET feeling = ? WHERE rowid = (SELECT rowid FROM check_ins"
                " WHERE attempt_id = ? ORDER BY random() LIMIT 1)",
                (rng.randint(1, 5), target),
            )
        elif action == "delete":
            clinic.connection.execute(
                "DELETE FROM check_ins WHERE rowid = (SELECT rowid FROM check_ins"
                " WHERE attempt_id = ? ORDER BY random() LIMIT 1)",
                (target,),
            )
        if step % 10 == 9:
            assert exported(clinic, tmp_path) == made_from_rows(clinic), f"step {step}"
    felt = {a.id: (a.feeling_before, a.feeling_after) for a in clinic.attempts()}
    assert sum(before is not None and after is not None for before, after in felt.values()) >= 3
    final = exported(clinic, tmp_path)
    upgraded = saved_before_the_cells(clinic)  # (step 16 picks the same feelings)
    try:
        assert exported(upgraded, tmp_path) == final
    finally:
        upgraded.close()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE attempts SET level = 9e999 WHERE rowid = 1",  # (infinite: OverflowError)
        "UPDATE attempts SET variant = CAST(X'ff' AS TEXT) WHERE rowid = 1",  # (not UTF-8)
        "UPDATE attempts SET id = NULL WHERE rowid = 1",  # (a TEXT primary key takes NULL)
        "UPDATE attempts SET started_at = X'41' WHERE rowid = 1",  # (a blob)
        "UPDATE attempts SET metric_values = X'0102' WHERE rowid = 2",  # (not whole values)
    ],
)
def test_a_damaged_attempt_never_stops_the_log_from_being_brought_up_to_date(
    clinic: Repository, damage: str
) -> None:
    """Step 16 runs at the app's start: a damaged row must not keep the app from
    starting (the row's line is made by the export, which says what is wrong)."""
    saved_before_the_cells(clinic, damage).close()


@pytest.mark.parametrize("feeling", [0.1 + 0.2, 1e-5, 1e15 + 0.5, b"3", "a\0b", 2.5, "3", "=1,2"])
def test_an_odd_feeling_is_printed_as_python_prints_it(
    clinic: Repository, tmp_path: Path, feeling: object
) -> None:
    """Only a log changed by hand holds a feeling that is not a whole number: its CSV
    cell is Python's text of it, as it always was (SQLite's text of 0.1 + 0.2 is 0.3)."""
    felt = next(a.id for a in clinic.attempts() if a.feeling_before is not None)
    clinic.connection.execute(
        "UPDATE check_ins SET feeling = ? WHERE attempt_id = ?", (feeling, felt)
    )
    text = exported(clinic, tmp_path)
    assert text == made_from_rows(clinic)
    upgraded = saved_before_the_cells(clinic)  # (and so after step 16)
    try:
        assert exported(upgraded, tmp_path) == text
    finally:
        upgraded.close()


def test_an_attempt_of_a_child_no_longer_in_the_log_is_left_out(
    clinic: Repository, tmp_path: Path
) -> None:
    """A profile row changed by hand (foreign keys off) leaves its child's attempts out
    of the CSV, as out of every other export and view."""
    noor = clinic.profile_by_alias("Noor")
    assert noor is not None
    clinic.connection.execute("PRAGMA foreign_keys = OFF")
    clinic.connection.execute("UPDATE profiles SET id = 'gone' WHERE id = ?", (noor.id,))
    clinic.connection.execute("PRAGMA foreign_keys = ON")
    text = exported(clinic, tmp_path)
    assert text == made_from_rows(clinic) and b",Noor," not in text


def test_a_log_made_by_the_first_builds_of_step_16_saves_attempts_again(
    clinic: Repository, tmp_path: Path
) -> None:
    """Step 16's first builds made the attempt's CSV row in its insert trigger alone, a
    row write_attempt now writes first: step 17 makes the triggers again."""
    path = clinic.path
    clinic.close()
    early = sqlite3.connect(path, isolation_level=None)
    early.execute("DROP TRIGGER attempt_csv_insert")
    early.execute(
        f"CREATE TRIGGER attempt_csv_insert AFTER INSERT ON attempts BEGIN {_ROW_OF_NEW} END"
    )
    early.execute("PRAGMA user_version = 16")
    early.close()
    log = Repository(path.parent)
    try:
        mia = log.profile_by_alias("Mia")
        assert mia is not None
        log_attempt(log, mia, log.start_session(mia.id, at(8000)), 8001)
        assert exported(log, tmp_path) == made_from_rows(log)
    finally:
        log.close()
