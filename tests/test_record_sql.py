"""SQLite writes an attempt's plain fields as the JSON export's standard library does
(storage/record_sql.py): every text and flag, byte for byte."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sensory_games.services.attempt_text import compact
from sensory_games.services.export_json import ATTEMPT_FIELDS
from sensory_games.storage.record_sql import FILLED_FIELDS, SQL_WRITTEN, record_columns


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.none()), min_size=1, max_size=8))
@example(['a"b\\c\n\x1f\x7f\u2028é', "\b\f\t\r\x00", "50%", "x,y"])
@example(["\U0001f600", "\u0085\xa0", None])
def test_sqlite_writes_texts_as_the_standard_library(values: list[object]):
    connection = sqlite3.connect(":memory:")
    marks = ", ".join("?" * len(values))
    [(written,)] = connection.execute(f"SELECT CAST(json_array({marks}) AS BLOB)", values)
    assert written == compact(values).encode()
    connection.close()


def test_completed_is_written_true_or_false() -> None:
    connection = sqlite3.connect(":memory:")
    flag = SQL_WRITTEN["completed"].replace("a.completed", "?")
    written = [connection.execute(f"SELECT json_array({flag})", (v,)).fetchone()[0] for v in (1, 0)]
    assert written == ["[true]", "[false]"]
    connection.close()


def test_every_exported_field_is_written_by_sqlite_or_by_python() -> None:
    assert all(f in SQL_WRITTEN or f in FILLED_FIELDS for f in ATTEMPT_FIELDS)
    assert not set(SQL_WRITTEN) & set(FILLED_FIELDS)
    with pytest.raises(ValueError, match="cannot write mood"):
        record_columns((*ATTEMPT_FIELDS, "mood"))
