"""Exports stay readable by what read last week's (services/export.py, export_schema.py,
excel.py): the format is still sensory_games-export-2, so an export made before the app
recorded a profile's language, voice and check-in scale (or a check-in's scale, or an
attempt's pointer) is valid against the published schema, each lacking field has its
documented default (what a merge fills in), and the check-ins CSV's newer `scale` column
comes last, after every column a spreadsheet reads by position."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from records import fill_device

from sensory_games.domain.check_in import OLD_SCALE
from sensory_games.domain.profile import LATER_SETTINGS
from sensory_games.services.excel import ExcelStyle, clinic_zone, write_excel_csv
from sensory_games.services.export import check_ins_csv_text, json_document
from sensory_games.services.export_schema import LATER_FIELDS, export_schema, shipped_schema
from sensory_games.services.merge import merge
from sensory_games.storage import Repository, Selection

ROOT = Path(__file__).resolve().parent.parent
#: The check-ins CSV's columns before the scale was recorded, in their order.
OLD_CHECK_IN_COLUMNS = [
    "check_in_id",
    "device_id",
    "profile",
    "session_id",
    "attempt_id",
    "moment",
    "feeling",
    "feeling_words",
    "asked_at",
    "answer_s",
]


def old_style(document: dict[str, Any]) -> dict[str, Any]:
    """`document` as an export from before the later fields were recorded: without them."""
    old = json.loads(json.dumps(document))
    for profile in old["profiles"]:
        for name in ("language", "voice", "check_in_scale", "pointer", "goals"):
            del profile[name]
        for session in profile["sessions"]:
            for check_in in session["check_ins"]:
                del check_in["scale"]
            for attempt in session["attempts"]:
                del attempt["pointer"]
    return old


def errors(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """What `schema` finds wrong in `document` (the test is skipped without jsonschema)."""
    jsonschema = pytest.importorskip("jsonschema", reason="the `test` extra installs it")
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_an_old_style_export_is_valid_against_the_published_schema(
    repository: Repository,
) -> None:
    fill_device(repository, "Mia")
    old = old_style(json_document(repository))
    assert any(s["check_ins"] for p in old["profiles"] for s in p["sessions"])
    assert old["format"] == "sensory_games-export-2"
    for path in ("sensory_games/services/export.schema.json", "docs/export.schema.json"):
        published = json.loads((ROOT / path).read_text(encoding="utf-8"))
        assert errors(published, old) == [], path
    assert errors(export_schema(), old) == []


def test_the_later_fields_are_optional_with_the_defaults_a_merge_fills_in() -> None:
    defs = shipped_schema()["$defs"]
    assert LATER_FIELDS["check_in"] == {"scale": OLD_SCALE}
    assert LATER_FIELDS["profile"] == {**LATER_SETTINGS, "goals": []}  # (goals: schema step 13)
    for kind, fields in LATER_FIELDS.items():
        for name, default in fields.items():
            assert name not in defs[kind]["required"], (kind, name)
            assert defs[kind]["properties"][name]["default"] == default, (kind, name)
    # every other field is still required
    assert {"dominant_hand", "age_band"} <= set(defs["profile"]["required"])
    assert {"feeling", "moment", "asked_at"} <= set(defs["check_in"]["required"])


def test_an_old_style_export_merges_with_the_documented_defaults(
    repository: Repository, tmp_path: Path
) -> None:
    source = Repository(tmp_path / "kiosk")
    try:
        fill_device(source, "Mia")
        old = old_style(json_document(source))
    finally:
        source.close()
    merge(repository, old, "kiosk.json")
    [mia] = [p for p in json_document(repository)["profiles"] if p["profile"] == "Mia"]
    assert {name: mia[name] for name in LATER_FIELDS["profile"]} == {**LATER_SETTINGS, "goals": []}
    scales = {c["scale"] for s in mia["sessions"] for c in s["check_ins"]}
    assert scales == {LATER_FIELDS["check_in"]["scale"]}


def test_the_check_ins_csv_has_its_scale_column_last(repository: Repository) -> None:
    fill_device(repository, "Mia")
    text = check_ins_csv_text(repository.check_ins())
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == [*OLD_CHECK_IN_COLUMNS, "scale"]
    assert rows and all(row[-1] == OLD_SCALE for row in rows)
    assert [row[6] for row in rows] == ["2", "4"]  # the feeling where it always was


def test_the_excel_copy_of_the_check_ins_has_its_scale_column_last(
    repository: Repository, tmp_path: Path
) -> None:
    fill_device(repository, "Mia")
    out = tmp_path / "c.csv"
    style = ExcelStyle(",", clinic_zone("Europe/Berlin"))
    write_excel_csv(repository, "check-ins", out, style, Selection(), None)
    text = out.read_bytes().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert header[-1] == "scale" and header[:9] == OLD_CHECK_IN_COLUMNS[:9]
    assert all(row[-1] == OLD_SCALE for row in rows)


def test_the_docs_list_the_check_ins_columns_in_their_order() -> None:
    text = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    listed = ", ".join([*OLD_CHECK_IN_COLUMNS, "scale"])
    assert listed in " ".join(text.split())
