"""The JSON export's format as a JSON Schema (draft 2020-12), made from the record
definitions in domain/records.py, so the two cannot drift apart.

Every record kind's fields, their order and the words saying what each allows come from
records.py (PROFILE, SESSION, ATTEMPT, ...) and the exported extras from services/export.py;
the JSON types and bounds of each field are below, one line per field name. A field added
to a record kind without a line here stops `export_schema()` with a KeyError naming it,
and tests/test_export_schema.py checks each field's schema against its check in records.py
on sample values, the shipped file against this function, and every export shape against
the shipped file.

The schema is shipped in the package (sensory_games/services/export.schema.json, beside
this module) and in docs/. After a change to the records, write both again:

    python -m sensory_games.services.export_schema sensory_games/services/export.schema.json
    cp sensory_games/services/export.schema.json docs/export.schema.json

What a schema cannot say, records.py still checks on `merge`: a real calendar day (no
February 30th), ids unique in the file, levels that exist on this device, a check-in's
attempt in the same session.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from sensory_games.domain import goals, records
from sensory_games.domain.check_in import MOMENTS, MOST_POINTS, OLD_SCALE, SCALES
from sensory_games.domain.intensity import CHANNEL_SCHEMA, PRESETS
from sensory_games.domain.outcome import ABORT_REASONS
from sensory_games.domain.profile import HANDS, LATER_SETTINGS, POINTERS, PROFILE_SCHEMA
from sensory_games.domain.schema import ParameterSchema
from sensory_games.services.export import ATTEMPT_FIELDS, JSON_FORMAT
from sensory_games.services.export_json import CHECK_IN_FIELDS

Schema = dict[str, Any]
#: Where the package holds the schema file.
SHIPPED = ("services", "export.schema.json")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The fields an export made before the app recorded them lacks (the format stayed
#: sensory_games-export-2), by record kind, each with what it then means: optional in the
#: schema with that value as its documented default (services/merge.py fills them in).
LATER_FIELDS: dict[str, dict[str, object]] = {
    "profile": {**LATER_SETTINGS, "goals": []},
    "attempt": {"pointer": "unknown"},
    "check_in": {"scale": OLD_SCALE},
}


def _pattern(regex: str) -> str:
    """A records.py regex (Python, ASCII) as a whole-value JSON Schema pattern that means
    the same in any regex dialect: \\w and \\d spelt out."""
    return "^" + regex.replace(r"\w", "0-9A-Za-z_").replace(r"\d", "[0-9]") + "$"


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _number(low: float | None = None, high: float | None = None, kind: str = "number") -> Schema:
    bounds = {"minimum": low, "maximum": high}
    return {"type": kind, **{name: value for name, value in bounds.items() if value is not None}}


def _text(limit: int) -> Schema:
    """One line of plain text (records.plain_text): no control characters, nor the
    direction and zero-width marks (records.py refuses every format character)."""
    return {
        "type": "string",
        "maxLength": limit,
        "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u2028-\\u202e"
        "\\u2060-\\u206f\\ufeff]*$",
    }


ID: Schema = {"type": "string", "pattern": _pattern(records.ID.pattern)}
WORD: Schema = {"type": "string", "pattern": _pattern(records.WORD.pattern)}
#: records.UTC_TIME with the ranges records.is_utc_time checks: years 2000-2100, months,
#: days 01-31, hours, minutes and seconds (whether the day exists in its month is left out).
TIME: Schema = {
    "type": "string",
    "format": "date-time",
    "pattern": "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}Z$",
}
LEVEL = _number(1, records.LARGEST_LEVEL, "integer")
DAY: Schema = {"type": "string", "format": "date", "pattern": _pattern(goals.DAY.pattern)}
FEELING = _nullable(_number(1, MOST_POINTS, "integer"))
SECONDS = _number(0.0)


def parameters(schema: ParameterSchema) -> dict[str, Schema]:
    """A ParameterSchema's values (a profile's settings, the sensory channels) as JSON
    Schema properties."""
    kinds: dict[str, Any] = {
        "int": lambda p: _number(p.minimum, p.maximum, "integer"),
        "float": lambda p: _number(p.minimum, p.maximum),
        "choice": lambda p: {"enum": list(p.choices)},
        "bool": lambda p: {"type": "boolean"},
        "text": lambda p: {"type": "string", "maxLength": 200},
    }
    return {p.name: {**kinds[p.kind](p), "description": p.label} for p in schema}


CHANNELS = parameters(CHANNEL_SCHEMA)
#: The JSON type of every field of records.py's kinds, by the field's name.
FIELDS: dict[str, Schema] = {
    **dict.fromkeys(
        ("attempt_id", "check_in_id", "level_change_id", "session_id", "device_id", "audit_id"), ID
    ),
    **dict.fromkeys(("started_at", "asked_at", "changed_at", "at"), TIME),
    "ended_at": _nullable(TIME),
    "activity": WORD,
    "variant": WORD,
    "level": LEVEL,
    "to_level": LEVEL,
    "from_level": _nullable(LEVEL),
    "parameters": {"type": "object"},
    "duration_s": SECONDS,
    "completion_time_s": _nullable(SECONDS),
    "accuracy": _nullable(_number(0.0, 1.0)),
    "completed": {"type": "boolean"},
    "archived": {"type": "boolean"},
    "abort_reason": {"enum": [*ABORT_REASONS, None]},
    "px_per_mm": _nullable(_number(0.01, 1000.0)),
    "origin": {"enum": ["child", "autoplay"]},
    "dominant_hand": {"enum": list(HANDS)},
    "pointer": {"enum": [*POINTERS, "unknown"]},
    "feeling_before": FEELING,
    "feeling_after": FEELING,
    "feeling": FEELING,
    "moment": {"enum": list(MOMENTS)},
    "scale": {"enum": list(SCALES)},
    "answer_s": _nullable(_number(0.0, 86_400.0)),
    "reason": _text(records.MAX_REASON),
    "action": _text(100),
    "detail": _text(records.MAX_AUDIT_DETAIL),
    "value": _number(),
    "unit": _text(40),
    "pointer_id": _number(-(2**31), 2**31 - 1, "integer"),
    "phase": {"enum": list(records.SAMPLE_PHASES)},
    "source": {"enum": list(records.SAMPLE_SOURCES)},
    "hand": {"enum": ["left", "right", None]},
    "x_mm": _number(-records.MAX_SAMPLE_MM, records.MAX_SAMPLE_MM),
    "y_mm": _number(-records.MAX_SAMPLE_MM, records.MAX_SAMPLE_MM),
    "preset": {"enum": [*PRESETS, "custom"]},
    **dict.fromkeys(("goal_id", "note_id"), ID),
    **dict.fromkeys(("created_at", "written_at"), TIME),
    "metric": {"type": "string", "pattern": _pattern(goals.METRIC_NAME.pattern)},
    "thresholds": {"type": "array", "items": _number(), "minItems": 5, "maxItems": 5},
    "baseline": {"enum": list(goals.BASELINES)},
    "attempts": _number(*goals.ATTEMPTS_RANGE, "integer"),
    "description": _nullable(_text(goals.MAX_DESCRIPTION)),
    "start_date": DAY,
    "review_date": _nullable(DAY),
    "author": _text(goals.MAX_AUTHOR),
    "text": {
        "type": "string",
        "maxLength": goals.MAX_NOTE,
        "pattern": "^(?=[\\s\\S]*\\S)[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u00ad"
        "\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff]*$",
    },
}
#: Where a field of one kind means something else than the same name elsewhere.
KIND_FIELDS: dict[str, dict[str, Schema]] = {
    "check_in": {"attempt_id": _nullable(ID)},
    "sample": {"t_s": _number(-1e6, 1e6)},
    "intensity_change": {"t_s": _number(0.0, 86_400.0)},
    "audit_entry": {"profile_id": _nullable(ID)},
    "profile": {"profile_id": ID, "created_at": TIME},
}
#: What a pseudonymised export leaves out (null there): records.py's checks refuse it,
#: so such an export cannot be merged.
WITHHELD = {"profile": ("profile_id", "created_at"), "level_change": ("reason",)}
# (a goal's description is null in a pseudonymised export: its schema allows null already)


def record(kind: str, fields: records.Fields, **extra: Schema) -> Schema:
    """The schema of one record kind: each of records.py's `fields` (required, with
    what it allows as its description), then the exported `extra` ones (required too)."""
    own = KIND_FIELDS.get(kind, {})
    properties: dict[str, Schema] = {}
    for name, (_check, allowed) in fields.items():
        schema = own.get(name) or FIELDS[name]
        if name in WITHHELD.get(kind, ()):
            schema = _nullable(schema)
            allowed += " (null in a pseudonymised export)"
        properties[name] = {**schema, "description": allowed}
    properties.update(extra)
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }


def _later_optional(kind: str, schema: Schema) -> Schema:
    """`schema` of a record `kind` with its LATER_FIELDS no longer required, each given its
    default: an export from before they were recorded stays valid."""
    later = LATER_FIELDS.get(kind, {})
    for name, value in later.items():
        schema["properties"][name] = {**schema["properties"][name], "default": value}
    schema["required"] = [name for name in schema["required"] if name not in later]
    return schema


def export_schema() -> Schema:
    """The JSON Schema of the JSON export (docs/export.md, "JSON")."""
    metric = record("metric", records.METRIC)
    change = record("intensity_change", records.INTENSITY_CHANGE, **CHANNELS)
    intensity = {
        "type": "object",
        "description": "the sensory settings at the attempt's start, and each change an "
        "adult made during it",
        "required": ["preset", *CHANNELS],
        "properties": {
            "preset": FIELDS["preset"],
            **CHANNELS,
            "changes": {"type": "array", "items": {"$ref": "#/$defs/intensity_change"}},
        },
        "additionalProperties": False,
    }
    extras = (set(ATTEMPT_FIELDS) - set(records.ATTEMPT)) | {"metrics", "intensity"}
    attempt = record(
        "attempt",
        {k: v for k, v in records.ATTEMPT.items() if k not in extras},
        app_version={"type": "string", "description": "the app that saved the attempt"},
    )
    properties = {name: attempt["properties"].get(name) for name in ATTEMPT_FIELDS}
    properties.update(
        intensity={"$ref": "#/$defs/intensity"},
        metrics={
            "type": "object",
            "description": records.ATTEMPT["metrics"][1],
            "propertyNames": WORD,
            "additionalProperties": {"$ref": "#/$defs/metric"},
        },
    )
    attempt["properties"] = {
        **properties,
        "target": {
            "type": ["object", "null"],
            "description": "with --samples: what the child was asked to do (paths in mm)",
        },
        "samples": {
            "type": "array",
            "description": "with --samples: the raw pointer samples",
            "items": {"$ref": "#/$defs/sample"},
        },
    }
    attempt["required"] = list(ATTEMPT_FIELDS)  # (target and samples: with --samples only)
    _later_optional("attempt", attempt)
    words = {"type": "string", "description": "the feeling in words, empty for no answer"}
    check_in = record("check_in", records.CHECK_IN, feeling_words=words)
    check_in["properties"] = {name: check_in["properties"][name] for name in CHECK_IN_FIELDS}
    _later_optional("check_in", check_in)
    session = record(
        "session",
        records.SESSION,
        check_ins={"type": "array", "items": {"$ref": "#/$defs/check_in"}},
        attempts={"type": "array", "items": {"$ref": "#/$defs/attempt"}},
        notes={
            "type": "array",
            "description": "the therapists' notes on the session; not in a pseudonymised export",
            "items": {"$ref": "#/$defs/session_note"},
        },
    )
    session["required"].remove("notes")
    settings = {k: v for k, v in parameters(PROFILE_SCHEMA).items() if k != "alias"}
    profile = record(
        "profile",
        records.PROFILE,
        **settings,
        intensity={
            "type": "object",
            "required": list(CHANNELS),
            "properties": CHANNELS,
            "additionalProperties": False,
        },
        level_changes={"type": "array", "items": {"$ref": "#/$defs/level_change"}},
        goals={"type": "array", "items": {"$ref": "#/$defs/goal"}},
        sessions={"type": "array", "items": {"$ref": "#/$defs/session"}},
    )
    alias = {"type": "string", "description": "the child's alias, or code when pseudonymised"}
    profile["properties"] = {"profile": alias, **profile["properties"]}
    profile["required"] = list(profile["properties"])
    _later_optional("profile", profile)
    return {
        "$schema": DRAFT,
        "$id": f"urn:sensory-games:{JSON_FORMAT}",
        "title": "sensory_games JSON export",
        "description": "sensory-games export --format json (docs/export.md); generated "
        "from sensory_games/domain/records.py by services/export_schema.py",
        "type": "object",
        "required": ["format", "app_version", "pseudonymised", "profiles"],
        "properties": {
            "format": {"const": JSON_FORMAT},
            "app_version": {"type": "string"},
            "pseudonymised": {"type": "boolean"},
            "profiles": {"type": "array", "items": {"$ref": "#/$defs/profile"}},
        },
        "additionalProperties": False,
        "$defs": {
            "profile": profile,
            "level_change": record("level_change", records.LEVEL_CHANGE),
            "goal": record("goal", goals.GOAL_RECORD),
            "session_note": record("session_note", goals.SESSION_NOTE_RECORD),
            "session": session,
            "check_in": check_in,
            "attempt": attempt,
            "metric": metric,
            "intensity": intensity,
            "intensity_change": change,
            "sample": record("sample", records.SAMPLE),
        },
    }


def schema_text() -> str:
    """The schema file's text: 2-space JSON and a final new line."""
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema() -> Schema:
    """The schema file the package holds (the same as export_schema(), tested)."""
    path = resources.files("sensory_games")
    for part in SHIPPED:
        path = path.joinpath(part)
    schema: Schema = json.loads(path.read_text(encoding="utf-8"))
    return schema


if __name__ == "__main__":  # python -m sensory_games.services.export_schema FILE
    Path(sys.argv[1]).write_text(schema_text(), encoding="utf-8")
