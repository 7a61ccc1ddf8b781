"""The compact JSON export is json.dumps of json_document byte for byte, for stored values
the fast path (SQLite writing the plain fields, storage/record_sql.py) might write
otherwise: another program's or an old log's texts, flags, levels and numbers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from records import two_children

from sensory_games.services.export import write_export
from sensory_games.services.export_json import json_document
from sensory_games.storage import Repository, Selection


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Repository]:
    log = two_children(tmp_path / "clinic")
    yield log
    log.close()


def same(log: Repository, tmp_path: Path, **options: Any) -> None:
    out = tmp_path / "export.json"
    selection = options.pop("selection", None)
    write_export(log, "json", out, selection, **options)
    document = json_document(log, selection, **options)
    expected = json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert out.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    "update",
    [
        "UPDATE attempts SET variant = 'a, \"b\" % c\\d'",
        "UPDATE attempts SET abort_reason = NULL",
        "UPDATE attempts SET abort_reason = char(120, 8232, 127, 0, 31, 44, 233)",
        "UPDATE attempts SET completed = 2",
        "UPDATE attempts SET completed = -1",
        "UPDATE attempts SET level = 2.5",
        "UPDATE attempts SET level = 1e20",
        "UPDATE attempts SET level = 0.1 + 0.2",
        "UPDATE attempts SET level = 'x,y'",  # (text in a number's column: a damaged log)
        "UPDATE attempts SET metric_layout = '[]', metric_values = X''",
        "UPDATE attempts SET duration_s = 1e-7, accuracy = NULL",
        "UPDATE check_ins SET feeling = NULL",
        "UPDATE check_ins SET answer_s = 1e-6",
    ],
)
def test_stored_values_export_byte_for_byte(
    clinic: Repository, tmp_path: Path, update: str
) -> None:
    with clinic.connection:
        clinic.connection.execute(update)
    same(clinic, tmp_path)
    same(clinic, tmp_path, samples=True)
    same(clinic, tmp_path, codes=lambda profile_id: f"C-{profile_id[:4]}")
    same(clinic, tmp_path, selection=Selection(profile_alias="MIA "))


def test_a_text_that_is_not_utf8_stops_the_export_and_writes_no_file(
    clinic: Repository, tmp_path: Path
) -> None:
    """A damaged log's bytes in a text column: the export fails (as it always did) rather
    than write a file that is not UTF-8, and leaves nothing behind."""
    with clinic.connection:
        clinic.connection.execute("UPDATE attempts SET variant = CAST(X'61FF62' AS TEXT)")
    out = tmp_path / "export.json"
    with pytest.raises(sqlite3.OperationalError, match="decode to UTF-8"):
        write_export(clinic, "json", out)
    assert not out.exists()
