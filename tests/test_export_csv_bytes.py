"""The attempts CSV's bytes pinned on the values where a faster writer could go wrong:
texts with commas, quotes and line breaks (quoted exactly as the csv module quotes them),
formula-like texts (defused), missing numbers (empty cells), and numbers on a rounding
edge (Python's correctly rounded halves, not SQLite's printf, which rounds some of them
the other way; negative zero keeps its sign; a count of 2.5 rounds to even).

The expected cells are written out by hand; csv.writer turns them into the line, so a
change to the export's writer cannot drift with its own oracle."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records import at, log_attempt

from sensory_games.domain.outcome import Metric
from sensory_games.services.export import csv_text, write_export
from sensory_games.storage import Repository

#: Each edge value: (the metric's value, its unit, the cell Python's formatting gives it).
EDGES: dict[str, tuple[float, str, str]] = {
    "a_half_below": (0.00015, "mm", "0.0001"),  # (stored just below the half)
    "b_half_above": (2.67505, "mm", "2.6751"),
    "c_negative_zero": (-0.0, "mm", "-0.0000"),
    "d_big": (123456789.12345, "mm", "123456789.1234"),
    "e_rounds_up_to_one": (0.99995, "s", "1.0000"),
    "f_count_half": (2.5, "count", "2"),  # (round half to even)
    "g_count_half_odd": (3.5, "count", "4"),
    "h_count_zero": (0.0, "count", "0"),
}


#: Floats on a rounding edge or odd: halves at 4 decimals and 0, negative zero, huge.
EDGE_FLOATS = [0.00015, 2.67505, -0.00005, -0.0, 0.5, 1.5, 2.5, -2.5, 1e300, -1e300, 5e-324]


@pytest.fixture
def odd_log(tmp_path: Path) -> Repository:
    """One child whose alias and attempt texts hold what no app writes but a CSV must
    survive (set straight in the log), with two attempts: one with every edge value, one
    aborted with neither time nor accuracy and no metrics."""
    log = Repository(tmp_path / "odd")
    child = log.add_profile(alias="Odd child")
    session = log.start_session(child.id, at(0))
    metrics = {name: Metric(value, unit) for name, (value, unit, _) in EDGES.items()}
    edges = log_attempt(
        log, child, session, 1, accuracy=0.00005, completion_time_s=1.00005, metrics=metrics
    )
    missing = log_attempt(log, child, session, 2, accuracy=None, completion_time_s=None, metrics={})
    log.connection.execute(
        "UPDATE profiles SET alias = ? WHERE id = ?", ('Ann "Bee", Cee\nDee', child.id)
    )
    log.connection.execute(
        "UPDATE attempts SET variant = ?, dominant_hand = ?, pointer = ?, app_version = ?"
        " WHERE id = ?",
        ("wave,2", "@left", "\rpen", '1.0 "beta"', edges),
    )
    log.connection.execute(
        "UPDATE attempts SET abort_reason = ?, variant = '' WHERE id = ?",
        ('+stop, "now"\r\n100%', missing),
    )
    return log


def written_by_csv_module(rows: list[list[str]]) -> bytes:
    """What csv.writer writes for these cells (\\r\\n line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_edge_values_and_odd_texts_are_the_bytes_the_csv_module_writes(
    odd_log: Repository, tmp_path: Path
) -> None:
    first, second = odd_log.attempts()
    intensity = "preset=balanced;visual=0.60;motion=0.50;sound=0.50;complexity=0.60;feedback=0.60"
    shared = [odd_log.device_id, first.session_id, 'Ann "Bee", Cee\nDee', "bubbles"]
    expected = written_by_csv_module(
        [
            [first.id, *shared, "wave,2", "1", first.started_at, "1.0001", "0.0001", "1", "",
             intensity, "'@left", "'\rpen", "", "",
             *(cell for _, _, cell in EDGES.values()), '1.0 "beta"'],
            [second.id, *shared, "", "1", second.started_at, "", "", "0",
             "'+stop, \"now\"\r\n100%", intensity, second.dominant_hand, second.pointer, "", "",
             *[""] * len(EDGES), second.app_version],
        ]
    )  # fmt: skip
    out = tmp_path / "odd.csv"
    assert write_export(odd_log, "csv", out) == 2
    header, rows = out.read_bytes().split(b"\r\n", 1)
    assert header.decode().split(",")[17:-1] == list(EDGES)
    assert rows == expected
    assert csv_text([first, second]).encode("utf-8") == header + b"\r\n" + expected
    assert b',"Ann ""Bee"", Cee\nDee",' in rows and b',"\'\rpen",' in rows


def test_sqlites_printf_would_round_these_edges_otherwise() -> None:
    """Why the numbers are formatted by Python, not in the query: SQLite's printf gives
    other text for some of the edge values above."""
    with sqlite3.connect(":memory:") as connection:
        differ = [
            name
            for name, (value, unit, cell) in EDGES.items()
            if connection.execute(
                "SELECT printf(?, ?)", ("%.0f" if unit == "count" else "%.4f", value)
            ).fetchone()[0]
            != cell
        ]
    assert differ  # (0.00015, -0.0 and 2.5 on SQLite 3.40; which ones depends on the version)


@settings(max_examples=500, deadline=None)
@given(st.floats() | st.floats(min_value=-1e-3, max_value=1e-3) | st.sampled_from(EDGE_FLOATS))
def test_a_number_is_formatted_in_bytes_as_in_text(value: float) -> None:
    """The CSV's lines are made in bytes (csv_lines): their numbers must be the text's."""
    for spec in ("%.4f", "%.0f"):
        assert spec.encode() % value == (spec % value).encode()
