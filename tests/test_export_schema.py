"""The JSON export's schema (services/export_schema.py): the shipped files are the generated
one, each field's schema agrees with records.py's check, and every shape of export is valid.

Validation needs `jsonschema` (the `test` extra); without it those tests are skipped."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from records import attempt, fill_device

from sensory_games.domain import goals, records
from sensory_games.domain.check_in import MOMENTS
from sensory_games.domain.outcome import ABORT_REASONS
from sensory_games.domain.profile import HANDS
from sensory_games.services.export import json_document, write_export
from sensory_games.services.export_schema import (
    FIELDS,
    KIND_FIELDS,
    export_schema,
    schema_text,
    shipped_schema,
)
from sensory_games.storage import Repository, Selection

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = (
    "regenerate: python -m sensory_games.services.export_schema "
    "sensory_games/services/export.schema.json && cp it to docs/"
)
KINDS = {
    "profile": records.PROFILE,
    "session": records.SESSION,
    "attempt": records.ATTEMPT,
    "metric": records.METRIC,
    "sample": records.SAMPLE,
    "check_in": records.CHECK_IN,
    "level_change": records.LEVEL_CHANGE,
    "audit_entry": records.AUDIT_ENTRY,
    "intensity_change": records.INTENSITY_CHANGE,
    "goal": goals.GOAL_RECORD,
    "session_note": goals.SESSION_NOTE_RECORD,
}
#: Fields whose check looks inside a whole structure (tested by the export shapes below).
STRUCTURES = {"parameters", "intensity", "metrics"}
PROBES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2,
    5,
    6,
    -1,
    0.5,
    1.5,
    -0.25,
    86_401.0,
    1000,
    1001,
    2**31,
    1e7,
    "",
    "x",
    "Zoë moved up",
    "a\nb",
    "a\u202eb",
    "x" * 501,
    "bubbles",
    "has space",
    "-starts-with-dash",
    "00000000-0000-4000-8000-000000000001",
    "2026-11-28T09:30:05.123Z",
    "2026-11-28T09:30:05Z",
    "2026-11-28 09:30:05.123Z",
    "1999-11-28T09:30:05.123Z",
    "2026-13-28T09:30:05.123Z",
    "2026-11-28T25:30:05.123Z",
    "unknown",
    "custom",
    "balanced",
    [],
    {},
    *ABORT_REASONS,
    *HANDS,
    *MOMENTS,
    *records.SAMPLE_PHASES,
    *records.SAMPLE_SOURCES,
    "child",
    "autoplay",
]


@pytest.fixture(scope="module")
def jsonschema():
    return pytest.importorskip("jsonschema", reason="pip install -e '.[test]' (jsonschema)")


@pytest.fixture(scope="module")
def is_valid(jsonschema) -> Callable[[Any], bool]:
    jsonschema.Draft202012Validator.check_schema(shipped_schema())
    return jsonschema.Draft202012Validator(shipped_schema()).is_valid


def valid_export(jsonschema, document: dict[str, Any]) -> None:
    """`document` (as a JSON file holds it) is valid against the shipped schema."""
    validator = jsonschema.Draft202012Validator(shipped_schema())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_the_shipped_schema_files_are_the_generated_one() -> None:
    text = schema_text()
    shipped = ROOT / "sensory_games" / "services" / "export.schema.json"
    assert shipped.read_text(encoding="utf-8") == text, REGENERATE
    assert (ROOT / "docs" / "export.schema.json").read_text(encoding="utf-8") == text, REGENERATE
    assert shipped_schema() == export_schema() == json.loads(text)


def test_every_field_of_every_record_kind_is_described() -> None:
    definitions = export_schema()["$defs"]
    for kind, fields in KINDS.items():
        for name, (_check, allowed) in fields.items():
            if name in STRUCTURES:  # (their own definitions, tested by the shapes below)
                assert name in definitions["attempt"]["properties"]
                continue
            assert name in KIND_FIELDS.get(kind, {}) or name in FIELDS, (kind, name)
            if kind in definitions:
                assert definitions[kind]["properties"][name]["description"].startswith(allowed)


@pytest.mark.parametrize("kind", KINDS)
def test_each_fields_schema_accepts_what_records_py_accepts(jsonschema, kind) -> None:
    """On values of every sort, each field's schema and records.py's check agree (but a
    pseudonymised export may hold null where records.py, which checks what is merged,
    wants a value; and JSON Schema counts 2.0 as an integer, records.py does not)."""
    definitions = export_schema()["$defs"]
    withheld = {"profile": ("profile_id", "created_at"), "level_change": ("reason",)}
    for name, (check, _allowed) in KINDS[kind].items():
        if name in STRUCTURES:
            continue
        if kind in definitions:
            schema = definitions[kind]["properties"][name]
        else:  # (the audit list is not exported: its fields are described all the same)
            schema = KIND_FIELDS.get(kind, {}).get(name) or FIELDS[name]
        validator = jsonschema.Draft202012Validator(schema)
        for probe in PROBES:
            expected = check(probe) or (probe is None and name in withheld.get(kind, ()))
            whole_float = isinstance(probe, float) and probe.is_integer()
            if whole_float and "integer" in json.dumps(schema):
                expected = check(int(probe))
            assert validator.is_valid(probe) == expected, (kind, name, probe)


def exported(repository: Repository, tmp_path: Path, **options: Any) -> dict[str, Any]:
    """The JSON export written to a file and read back."""
    out = tmp_path / "export.json"
    write_export(repository, "json", out, **options)
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_shape_of_export_is_valid(jsonschema, repository: Repository, tmp_path) -> None:
    """An empty log, then a full one (sessions, check-ins, aborted and traced attempts,
    metrics, a level change, a live intensity change), with and without samples,
    pseudonymised, filtered."""
    empty = exported(repository, tmp_path)
    assert empty["profiles"] == []
    valid_export(jsonschema, empty)
    mia = fill_device(repository, "Mia")
    repository.set_level(mia.id, "tracing", 3, "therapist: Zoë's cousin is ready")
    session = repository.start_session(mia.id, records_time(2))
    changed = attempt(mia, session, 3 * 24 * 60)
    changed.intensity["changes"] = [
        {"t_s": 2.5, "preset": "calm", "visual": 0.3, "motion": 0.2, "sound": 0.2,
         "complexity": 0.25, "feedback": 0.3}
    ]  # fmt: skip
    assert repository.save_attempt(changed)
    shapes = [
        {},
        {"samples": True},
        {"codes": lambda profile_id: "C-" + profile_id[:8].upper()},
        {"samples": True, "codes": lambda profile_id: "C-" + profile_id[:8].upper()},
        {"selection": Selection("Mia", "tracing")},
        {"selection": Selection(None, None, "2030-01-01T00:00:00.000Z")},
    ]
    for options in shapes:
        document = exported(repository, tmp_path, **options)
        valid_export(jsonschema, document)
    full = exported(repository, tmp_path, samples=True)
    [mias] = [p for p in full["profiles"] if p["profile"] == "Mia"]
    assert mias["level_changes"][0]["to_level"] == 3
    attempts = [a for s in mias["sessions"] for a in s["attempts"]]
    assert any(a["samples"] for a in attempts) and any(a["target"] for a in attempts)
    assert any(s["check_ins"] for s in mias["sessions"])


def records_time(day: int):
    from records import at

    return at(day * 24 * 60)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("sessions", 0, "attempts", 0, "accuracy"), "high"),
        (("sessions", 0, "attempts", 0, "level"), 0),
        (("sessions", 0, "attempts", 0, "started_at"), "2026-03-02 09:01"),
        (("sessions", 0, "attempts", 0, "metrics", "taps", "value"), "8"),
        (("sessions", 0, "attempts", 0, "intensity", "visual"), 1.5),
        (("sessions", 0, "attempts", 0, "surprise"), 1),
        (("sessions", 0, "started_at"), None),
        (("sessions", 1, "check_ins", 0, "moment"), "whenever"),
        (("colour",), 9),
        (("profile_id",), "not an id!"),
    ],
)
def test_a_changed_export_is_refused(is_valid, repository: Repository, path, value) -> None:
    fill_device(repository, "Mia")
    document = json.loads(json.dumps(json_document(repository)))
    [mia] = [p for p in document["profiles"] if p["profile"] == "Mia"]
    assert is_valid(document)
    place = mia
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    assert not is_valid(document)
