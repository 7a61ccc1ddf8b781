"""The attempts CSV read narrow (storage csv_rows, services/export.py csv_lines) writes
the bytes the csv module writes for the documented cells (docs/export.md), whatever the
texts, filters and pseudonyms; and a child's check-ins read along the sessions' index
are the ones a plain filter finds."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from records import at, fill_device, log_attempt, log_check_in

from sensory_games.domain.outcome import Metric
from sensory_games.services.excel import ExcelStyle, clinic_zone, excel_rows, write_excel_csv
from sensory_games.services.export import (
    LEADING_COLUMNS,
    TRAILING_COLUMNS,
    Codes,
    csv_text,
    format_number,
    write_export,
)
from sensory_games.storage import Repository, Selection, StoredAttempt
from sensory_games.storage.csv_cells import format_intensity, spreadsheet_safe


def plain_csv(attempts: list[StoredAttempt], codes: Codes = None) -> str:
    """The attempts CSV as docs/export.md describes it, written cell by cell with the csv
    module: the oracle the fast writer is held to."""
    metric_names = sorted({name for a in attempts for name in a.metrics})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow((*LEADING_COLUMNS, *metric_names, *TRAILING_COLUMNS))
    for a in attempts:
        name = codes(a.profile_id) if codes else a.profile_alias
        metrics = [
            "" if m is None else f"{m.value:.0f}" if m.unit == "count" else format_number(m.value)
            for m in map(a.metrics.get, metric_names)
        ]
        texts = (a.device_id, name, a.activity, a.variant, a.abort_reason or "")
        device, profile, activity, variant, reason = map(spreadsheet_safe, texts)
        writer.writerow(
            [
                a.id, device, a.session_id, profile, activity, variant, a.level, a.started_at,
                format_number(a.completion_time_s), format_number(a.accuracy), a.completed_flag,
                reason, format_intensity(a.intensity), spreadsheet_safe(a.dominant_hand),
                spreadsheet_safe(a.pointer), "" if a.feeling_before is None else a.feeling_before,
                "" if a.feeling_after is None else a.feeling_after, *metrics,
                spreadsheet_safe(a.app_version),
            ]
        )  # fmt: skip
    return buffer.getvalue()


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Repository]:
    """Two children's kiosk log (fill_device: check-ins, an aborted attempt, a missing
    time and accuracy, tracing and bubbles metrics), a child with a non-ASCII alias, and
    texts no app writes but a CSV must survive: commas, quotes, new lines, a formula, a
    per cent sign, an empty variant."""
    log = Repository(tmp_path / "clinic")
    fill_device(log, "Mia")
    fill_device(log, "Zoë-Anna Ñúñez", day=1)
    noor = log.add_profile(alias='Noor, "the brave"', dominant_hand="right")
    session = log.start_session(noor.id, at(3000))
    odd = log_attempt(log, noor, session, 3001, metrics={"in_time": Metric(62.5, "%")})
    log_attempt(log, noor, session, 3002, accuracy=0.00065, completion_time_s=0.00035)
    log_check_in(log, noor, session, "after", 4, 3003, attempt_id=odd)
    log.connection.execute(
        "UPDATE attempts SET variant = '', abort_reason = ?, app_version = ?,"
        " device_id = 'kiosk, 2' WHERE id = ?",
        ('=quit, "early"\r\nnow 100%', "-0.3 %s", odd),
    )
    yield log
    log.close()


SELECTIONS = [
    Selection(),
    Selection(profile_alias="zoë-anna ñúñez"),
    Selection(since=at(60).isoformat(), before=at(3002).isoformat()),
    Selection(activity="tracing"),
    Selection(profile_alias="Nobody"),
]


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("codes", [None, lambda profile_id: f"=C-{profile_id[:6]}"])
def test_the_csv_file_is_what_the_csv_module_writes_for_the_documented_cells(
    clinic: Repository, tmp_path: Path, selection: Selection, codes: Codes
) -> None:
    attempts = list(clinic.attempts(selection=selection))
    out = tmp_path / "attempts.csv"
    assert write_export(clinic, "csv", out, selection, codes=codes) == len(attempts)
    expected = plain_csv(attempts, codes)
    assert out.read_bytes() == expected.encode("utf-8")
    assert csv_text(attempts, codes) == expected
    if selection == Selection():
        assert len(attempts) == 12
        assert '"kiosk, 2"' in expected and ",'-0.3 %s\r\n" in expected
        assert '"\'=quit, ""early""\r\nnow 100%"' in expected
        assert ",0.0003,0.0006," in expected  # (Python's rounding of the halves; SQLite's differs)
        assert (codes is None) == ("Zoë-Anna Ñúñez" in expected)


@pytest.mark.parametrize("codes", [None, lambda profile_id: f"C-{profile_id[:6]}"])
def test_the_excel_copy_is_the_csv_modules_rows_made_local(
    clinic: Repository, tmp_path: Path, codes: Codes
) -> None:
    style = ExcelStyle(",", clinic_zone("UTC"))
    out = tmp_path / "excel.csv"
    assert write_excel_csv(clinic, "attempts", out, style, Selection(), codes) == 12
    rows = excel_rows(csv.reader(io.StringIO(plain_csv(list(clinic.attempts()), codes))), style)
    expected = io.StringIO()
    csv.writer(expected, delimiter=";", lineterminator="\r\n").writerows(rows)
    assert out.read_bytes() == ("\ufeff" + expected.getvalue()).encode("utf-8")


@pytest.mark.parametrize("selection", SELECTIONS)
def test_a_childs_check_ins_are_those_of_the_child_whatever_the_filter(
    clinic: Repository, selection: Selection
) -> None:
    everyone = list(clinic.check_ins(selection=selection))
    for profile_id in {c.profile_id for c in clinic.check_ins()}:
        own = replace(selection, profile_id=profile_id)
        theirs = [c for c in everyone if c.profile_id == profile_id]
        assert list(clinic.check_ins(selection=own)) == theirs
    assert len(list(clinic.check_ins())) > 2


def test_an_attempt_of_a_new_kind_saved_during_an_export_waits_for_the_next(
    clinic: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program saves an attempt with metrics no attempt had, between the export's
    reading of its metric columns and of its rows: the export is the log as it was when
    it began (before, its rows had a kind with no columns, and the export failed)."""
    before = list(clinic.attempts())
    other = Repository(clinic.data_dir)
    child = other.add_profile(alias="Late")
    session = other.start_session(child.id, at(5000))
    read_columns = Repository.metric_layouts

    def saved_meanwhile(self: Repository, selection: Selection) -> list[str]:
        layouts = read_columns(self, selection)
        log_attempt(other, child, session, 5001, metrics={"brand_new": Metric(1.5, "s")})
        return layouts

    monkeypatch.setattr(Repository, "metric_layouts", saved_meanwhile)
    out = tmp_path / "attempts.csv"
    assert write_export(clinic, "csv", out) == len(before)
    assert out.read_bytes() == plain_csv(before).encode("utf-8")
    monkeypatch.undo()
    assert write_export(clinic, "csv", out) == len(before) + 1
    assert "brand_new" in out.read_text(encoding="utf-8")
    other.close()


def test_the_excel_copy_is_also_the_log_as_it_was_when_it_began(
    clinic: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Excel copy of the attempts reads its metric columns, the feelings and its rows
    in one reading too: an attempt saved by another program meanwhile waits for the next."""
    from sensory_games.services.excel import clinic_style

    before = list(clinic.attempts())
    other = Repository(clinic.data_dir)
    child = other.add_profile(alias="Late")
    session = other.start_session(child.id, at(5000))
    read_feelings = Repository.latest_feelings

    def saved_meanwhile(self: Repository) -> dict:  # type: ignore[type-arg]
        feelings = read_feelings(self)
        log_attempt(other, child, session, 5001, metrics={"brand_new": Metric(1.5, "s")})
        return feelings

    monkeypatch.setattr(Repository, "latest_feelings", saved_meanwhile)
    out = tmp_path / "attempts-excel.csv"
    style = clinic_style("point", "UTC")
    assert write_excel_csv(clinic, "attempts", out, style, Selection(), None) == len(before)
    assert "brand_new" not in out.read_text(encoding="utf-8-sig")
    other.close()
