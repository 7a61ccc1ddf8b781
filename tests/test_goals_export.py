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


def test_a_pseudonymised_export_leaves_out_what_spells_a_childs_name(repository, tmp_path):
    """A name-writing attempt (`shapes: name`): its samples and target are the child's first
    name as drawn; a pseudonymised export with samples keeps its measures, not them."""
    from dataclasses import replace

    from records import attempt

    child = repository.add_profile(alias="Mia")
    session = repository.start_session(child.id, at(0))
    named = attempt(child, session, 1, activity="tracing", tracing=True)
    assert repository.save_attempt(replace(named, parameters={"shapes": "name"}))
    log_attempt(repository, child, session, 2, activity="tracing", tracing=True)
    plain = exported(repository, tmp_path, samples=True)
    coded = exported(repository, tmp_path, samples=True, codes=lambda _: "C-1")
    kept = [a for s in plain["profiles"][0]["sessions"] for a in s["attempts"]]
    cut = [a for s in coded["profiles"][0]["sessions"] for a in s["attempts"]]
    assert all(a["samples"] and a["target"] for a in kept)
    assert (cut[0]["samples"], cut[0]["target"]) == ([], None)
    assert cut[0]["accuracy"] == kept[0]["accuracy"] and cut[1]["samples"]
    csv_out = tmp_path / "samples.csv"
    write_export(repository, "csv", csv_out, samples=True, codes=lambda _: "C-1")
    assert named.id not in csv_out.read_text(encoding="utf-8")
