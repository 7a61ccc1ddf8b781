"""Goals and session notes travel through `merge` like every other record: added by id
(twice changes nothing), a copy that differs is a conflict and this device's is kept, a
goal ended on the other device is ended here and an ended goal stays ended; a bad goal or
note is refused with its place in the file and nothing is written."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from records import at, log_attempt

from sensory_games.activities import showing
from sensory_games.domain.goals import GoalScale
from sensory_games.services.export import write_export
from sensory_games.services.goals import ChildGoals, GoalRequest
from sensory_games.services.merge import MergeError, merge, read_source
from sensory_games.storage import Repository
from sensory_games.storage.opening import DATABASE_NAME

LEVELS = {"bubbles": 5}
SCALE = GoalScale("bubbles", 2, "accuracy", (0.5, 0.6, 0.7, 0.8, 0.9))


@pytest.fixture
def kiosks(tmp_path: Path) -> Iterator[tuple[Repository, Repository]]:
    """Kiosk A: Mia with one session, a goal and a note on the session; B: empty."""
    a, b = Repository(tmp_path / "a"), Repository(tmp_path / "b")
    mia = a.add_profile(alias="Mia")
    session = a.start_session(mia.id, at(0))
    log_attempt(a, mia, session, 1, level=2, accuracy=0.7)
    goals = ChildGoals(a, LEVELS, showing())
    goals.add(mia.id, GoalRequest(SCALE, -1, date(2026, 3, 2), description="Dots"), "console")
    goals.add_note(session, "JS", "Slept badly.\nCalm after.", "console")
    yield a, b
    a.close()
    b.close()


def exported(repository: Repository, out: Path) -> dict:
    write_export(repository, "json", out, samples=True)
    return json.loads(out.read_text(encoding="utf-8"))


def merged(target: Repository, document: dict):
    return merge(target, json.loads(json.dumps(document)), "a.json", level_counts=LEVELS)


def test_goals_and_notes_are_merged_once(kiosks, tmp_path: Path) -> None:
    a, b = kiosks
    document = exported(a, tmp_path / "a.json")
    first = merged(b, document)
    assert (first.added["goal"], first.added["note"]) == (1, 1)
    assert "1 goal" in first.lines()[0] and "1 session note" in first.lines()[0]
    [goal] = b.goals()
    assert goal == a.goals()[0]
    assert b.session_notes() == a.session_notes()
    again = merged(b, document)
    assert sum(again.added.values()) == 0 and again.conflicts == []
    assert (again.already["goal"], again.already["note"]) == (1, 1)
    assert len(b.goals()) == 1 and len(b.session_notes()) == 1
    assert exported(b, tmp_path / "b.json")["profiles"] == document["profiles"]


def test_a_database_file_brings_its_goals_and_notes(kiosks, tmp_path: Path) -> None:
    a, b = kiosks
    a.close()
    copy = tmp_path / "copy.db"
    shutil.copy(tmp_path / "a" / DATABASE_NAME, copy)
    report = merge(b, read_source(copy, data_dir=tmp_path / "b"), "copy.db", level_counts=LEVELS)
    assert (report.added["goal"], report.added["note"]) == (1, 1)
    assert b.session_notes()[0].text == "Slept badly.\nCalm after."


def test_a_goal_ended_elsewhere_is_ended_here_and_an_ended_goal_stays_ended(
    kiosks, tmp_path: Path
) -> None:
    open_goal = exported(kiosks[0], tmp_path / "open.json")
    a, b = kiosks
    assert merged(b, open_goal).added["goal"] == 1
    [goal] = a.goals()
    ChildGoals(a, LEVELS, showing()).end(goal.profile_id, goal.id, "console")
    ended = merged(b, exported(a, tmp_path / "ended.json"))
    assert ended.filled_in["goal"] == 1 and ended.conflicts == []
    assert b.goals()[0].ended_at == a.goals()[0].ended_at is not None
    reopened = merged(b, open_goal)  # the older file, goal still open there
    assert reopened.already["goal"] == 1 and reopened.conflicts == []
    assert b.goals()[0].ended_at == a.goals()[0].ended_at


def test_a_goal_or_note_that_differs_is_a_conflict_and_this_devices_copy_is_kept(
    kiosks, tmp_path: Path
) -> None:
    a, b = kiosks
    document = exported(a, tmp_path / "a.json")
    merged(b, document)
    changed = json.loads(json.dumps(document))
    [mia] = changed["profiles"]
    mia["goals"][0]["thresholds"] = [0.1, 0.2, 0.3, 0.4, 0.5]
    mia["sessions"][0]["notes"][0]["text"] = "Something else"
    report = merged(b, changed)
    assert len(report.conflicts) == 2
    assert "goal" in report.conflicts[0] and "differs" in report.conflicts[0]
    assert "session note" in report.conflicts[1]
    assert b.goals()[0].thresholds == (0.5, 0.6, 0.7, 0.8, 0.9)
    assert b.session_notes()[0].text == "Slept badly.\nCalm after."


def test_an_export_without_goals_or_notes_still_merges(kiosks, tmp_path: Path) -> None:
    a, b = kiosks
    document = exported(a, tmp_path / "a.json")
    for profile in document["profiles"]:
        del profile["goals"]
        for session in profile["sessions"]:
            session.pop("notes", None)
    report = merged(b, document)
    assert report.added["attempt"] == 1 and b.goals() == [] and b.session_notes() == []


@pytest.mark.parametrize(
    ("where", "key", "value", "says"),
    [
        ("goal", "thresholds", [0.5, 0.5, 0.7, 0.8, 0.9], "goals[0].thresholds"),
        ("goal", "level", 9, "bubbles has levels 1..5"),
        ("goal", "ended_at", "yesterday", "goals[0].ended_at"),
        ("note", "text", "   ", "notes[0].text"),
        ("note", "author", "a\x00b", "notes[0].author"),
    ],
)
def test_a_bad_goal_or_note_is_refused_and_nothing_is_written(
    kiosks, tmp_path: Path, where: str, key: str, value: object, says: str
) -> None:
    a, b = kiosks
    document = exported(a, tmp_path / "a.json")
    [mia] = document["profiles"]
    record = mia["goals"][0] if where == "goal" else mia["sessions"][0]["notes"][0]
    record[key] = value
    with pytest.raises(MergeError) as caught:
        merged(b, document)
    assert says in str(caught.value) and "nothing was changed" in str(caught.value)
    assert b.goals() == [] and b.session_notes() == [] and list(b.attempts()) == []
