"""Goals and session notes in the JSON export: the identified export carries both, a
pseudonymised one keeps each goal's scale without its description and no note at all;
both shapes are valid against the shipped schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from records import at, log_attempt

from sensory_games.activities import showing
from sensory_games.domain.goals import GoalScale
from sensory_games.services.export import write_export
from sensory_games.services.export_schema import shipped_schema
from sensory_games.services.goals import ChildGoals, GoalRequest
from sensory_games.storage import Repository


def exported(repository: Repository, tmp_path: Path, **options) -> dict:
    out = tmp_path / "export.json"
    write_export(repository, "json", out, **options)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def log_with_goal_and_note(repository: Repository) -> Repository:
    child = repository.add_profile(alias="Mia")
    session = repository.start_session(child.id, at(0))
    log_attempt(repository, child, session, 1, level=2, accuracy=0.7)
    goals = ChildGoals(repository, {"bubbles": 5}, showing())
    scale = GoalScale("bubbles", 2, "accuracy", (0.5, 0.6, 0.7, 0.8, 0.9))
    goals.add(
        child.id, GoalRequest(scale, -1, date(2026, 3, 2), description="Mia's own"), "console"
    )
    goals.add_note(session, "JS", "Mia's mother said she slept badly.\nCalm after.", "console")
    return repository


def test_the_identified_export_carries_goals_and_notes(log_with_goal_and_note, tmp_path):
    [mia] = exported(log_with_goal_and_note, tmp_path)["profiles"]
    [goal] = mia["goals"]
    assert goal["thresholds"] == [0.5, 0.6, 0.7, 0.8, 0.9]
    assert (goal["metric"], goal["level"], goal["baseline"]) == ("accuracy", 2, -1)
    assert goal["description"] == "Mia's own" and goal["start_date"] == "2026-03-02"
    [note] = mia["sessions"][0]["notes"]
    assert note["author"] == "JS" and note["text"].startswith("Mia's mother")


def test_a_pseudonymised_export_has_no_note_and_no_goal_description(
    log_with_goal_and_note, tmp_path
):
    document = exported(log_with_goal_and_note, tmp_path, codes=lambda _: "C-1")
    [child] = document["profiles"]
    assert "notes" not in child["sessions"][0]
    assert child["goals"][0]["description"] is None
    assert child["goals"][0]["thresholds"] == [0.5, 0.6, 0.7, 0.8, 0.9]
    assert "mother" not in json.dumps(document) and "Mia" not in json.dumps(document)


def test_both_shapes_are_valid_against_the_shipped_schema(log_with_goal_and_note, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(shipped_schema())
    for options in ({}, {"codes": lambda _: "C-1"}, {"samples": True}):
        document = exported(log_with_goal_and_note, tmp_path, **options)
        assert [e.message for e in validator.iter_errors(document)] == []
    broken = exported(log_with_goal_and_note, tmp_path)
    broken["profiles"][0]["goals"][0]["thresholds"] = [1, 2, 3]
    assert not validator.is_valid(broken)
