"""The Excel copy of the CSV exports (sensory_games/services/excel.py, `export --excel`):
a byte order mark, local times beside UTC, the locale's separator and decimal mark, and
otherwise the plain CSV's cells."""

from __future__ import annotations

import csv
import io
import locale
from datetime import datetime, timezone
from pathlib import Path

import pytest
from records import attempt, fill_device, log_check_in

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.outcome import Metric
from sensory_games.services.excel import (
    ExcelStyle,
    MachineMark,
    clinic_style,
    clinic_zone,
    machine_decimal_mark,
    write_excel_csv,
)
from sensory_games.services.export import SAMPLE_COLUMNS, csv_text, write_export
from sensory_games.storage import Repository, Selection
from sensory_games.version import build_version

BERLIN_COMMA = ExcelStyle(",", clinic_zone("Europe/Berlin"))
ALL = Selection()


def rows_of(path: Path, separator: str) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=separator))


@pytest.fixture
def zoe(repository: Repository):
    """Zoë: a winter attempt (Berlin UTC+1) and a summer one (UTC+2) with a negative
    lag, an aborted attempt and a check-in."""
    child = repository.add_profile(alias="Zoë", animal="cat")
    session = repository.start_session(child.id, datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
    lag = {"taps": Metric(8, "count"), "lag_s": Metric(-0.125, "s")}
    for when, kwargs in (
        (datetime(2026, 3, 2, 9, 0, 5, 123000, tzinfo=timezone.utc), {"metrics": lag}),
        (datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc), {"accuracy": 0.5}),
        (datetime(2026, 7, 2, 8, 0, tzinfo=timezone.utc), {"completion_time_s": None}),
    ):
        assert repository.save_attempt(attempt(child, session, 0, started_at=when, **kwargs))
    log_check_in(repository, child, session, "before", 2, 0)
    return child


def test_comma_locale_copy_has_bom_semicolons_decimal_commas_and_berlin_times(
    repository: Repository, zoe, tmp_path: Path
) -> None:
    out = tmp_path / "excel.csv"
    assert write_excel_csv(repository, "attempts", out, BERLIN_COMMA, ALL, None) == 3
    header, *rows = rows_of(out, ";")
    assert header[7:10] == ["started_at", "started_at_local", "local_zone"]
    assert header[-3:] == ["lag_s", "taps", "app_version"]
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert cells[0]["profile"] == "Zoë"
    assert [(c["started_at_local"], c["local_zone"]) for c in cells] == [
        ("2026-03-02 10:00:05", "Europe/Berlin"),  # winter: UTC+1, seconds only
        ("2026-07-02 01:30:00", "Europe/Berlin"),  # summer: UTC+2, the next day there
        ("2026-07-02 10:00:00", "Europe/Berlin"),
    ]
    assert (cells[0]["completion_time_s"], cells[0]["accuracy"]) == ("20,0000", "0,7500")
    assert (cells[0]["lag_s"], cells[0]["taps"]) == ("-0,1250", "8")
    assert cells[0]["app_version"] == build_version()  # (text: its points stay points)
    assert cells[2]["completion_time_s"] == "" and cells[2]["abort_reason"] == "calm_down"
    # the intensity text keeps its own ; and . (quoted, so it stays one cell)
    assert cells[0]["intensity"].startswith("preset=balanced;visual=0.60;")
    assert (cells[0]["level"], cells[0]["completed"]) == ("1", "1")


def test_the_copy_is_the_plain_csv_plus_local_times_and_other_decimal_marks(
    repository: Repository, tmp_path: Path
) -> None:
    fill_device(repository, "Mia")
    plain = list(csv.reader(io.StringIO(csv_text(repository.attempts()), newline="")))
    for style, separator in ((BERLIN_COMMA, ";"), (clinic_style("point", "UTC"), ",")):
        out = tmp_path / f"excel{separator}.csv"
        write_excel_csv(repository, "attempts", out, style, ALL, None)
        excel = rows_of(out, separator)
        assert len(excel) == len(plain) == 6
        for mine, theirs in zip(excel, plain, strict=True):
            without_local = mine[:8] + mine[10:]
            if separator == ";":
                without_local = [c.replace(",", ".") for c in without_local]
                theirs = [c if c.startswith("preset=") else c.replace(",", ".") for c in theirs]
            assert without_local == theirs


def test_the_plain_csv_is_not_changed_by_the_excel_copy(repository: Repository, tmp_path) -> None:
    fill_device(repository, "Zoë")
    write_export(repository, "csv", tmp_path / "plain.csv")
    write_excel_csv(repository, "attempts", tmp_path / "excel.csv", BERLIN_COMMA, ALL, None)
    raw = (tmp_path / "plain.csv").read_bytes()
    assert raw == csv_text(repository.attempts()).encode() and not raw.startswith(b"\xef")


def test_check_ins_and_samples_copies(repository: Repository, zoe, tmp_path: Path) -> None:
    fill_device(repository, "Mia")
    assert (
        write_excel_csv(repository, "check-ins", tmp_path / "c.csv", BERLIN_COMMA, ALL, None) == 3
    )
    header, first, *_ = rows_of(tmp_path / "c.csv", ";")
    row = dict(zip(header, first, strict=True))
    assert header[8:11] == ["asked_at", "asked_at_local", "local_zone"]
    assert (row["asked_at_local"], row["answer_s"], row["feeling"]) == (
        "2026-03-02 10:00:00",
        "2,0000",
        "2",
    )
    selection = Selection("Mia", "tracing")
    assert (
        write_excel_csv(repository, "samples", tmp_path / "s.csv", BERLIN_COMMA, selection, None)
        == 1
    )
    header, first, *rest = rows_of(tmp_path / "s.csv", ";")
    assert header == list(SAMPLE_COLUMNS)
    assert first[1:7] == ["0,0", "50,00", "80,00", "1", "down", "touch"] and len(rest) == 10


def test_pseudonymised_copy_has_codes_not_aliases(repository: Repository, zoe, tmp_path) -> None:
    write_excel_csv(repository, "attempts", tmp_path / "x.csv", BERLIN_COMMA, ALL, lambda _: "C")
    assert "Zoë" not in (tmp_path / "x.csv").read_text(encoding="utf-8-sig")


def test_an_empty_log_gives_the_header_alone(repository: Repository, tmp_path: Path) -> None:
    assert write_excel_csv(repository, "attempts", tmp_path / "e.csv", BERLIN_COMMA, ALL, None) == 0
    [header] = rows_of(tmp_path / "e.csv", ";")
    assert "started_at_local" in header


@pytest.mark.parametrize(("mark", "expected"), [(",", ","), (".", "."), ("٫", ".")])
def test_the_machine_decimal_mark_comes_from_its_locale(monkeypatch, mark, expected) -> None:
    before = locale.setlocale(locale.LC_NUMERIC)
    real = locale.setlocale

    def installed_german(category: int, name: str | None = None) -> str:
        return "de_DE.UTF-8" if name == "" else real(category, name)

    monkeypatch.setattr(locale, "setlocale", installed_german)
    monkeypatch.setattr(locale, "localeconv", lambda: {"decimal_point": mark})
    assert machine_decimal_mark() == MachineMark(expected, "de_DE.UTF-8")
    assert real(locale.LC_NUMERIC) == before  # (switched back)


def test_a_locale_the_system_lacks_is_said_not_guessed_silently(monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "xx_NOWHERE.UTF-8")
    machine = machine_decimal_mark()
    assert machine.mark is None
    assert machine.locale == "LC_ALL=xx_NOWHERE.UTF-8, which this computer does not have"
    style = clinic_style()
    assert (style.decimal_mark, style.separator) == (".", ",")
    assert "LC_ALL=xx_NOWHERE.UTF-8" in style.note("--decimal")


@pytest.mark.parametrize(("name", "read"), [("C", "C"), ("C.UTF-8", "C.UTF-8"), ("POSIX", "C")])
def test_the_c_locale_says_no_decimal_mark(monkeypatch, name, read) -> None:
    monkeypatch.setenv("LC_ALL", name)
    assert machine_decimal_mark() == MachineMark(None, f"the {read} locale, which has no country")


def test_the_computers_zone_is_used_without_tz(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    zone = clinic_zone()
    assert zone.name == "America/New_York"
    assert zone.local("2026-01-15T17:00:00.000Z") == ("2026-01-15 12:00:00", "America/New_York")


@pytest.mark.parametrize("name", ["Mars/Olympus", "../../etc/passwd", ""])
def test_an_unknown_zone_is_one_clear_error(name) -> None:
    with pytest.raises(ValueError, match="is not known: use a zone name like Europe/Berlin"):
        clinic_zone(name)


def test_cli_excel_export(tmp_path: Path, capsys, repository: Repository) -> None:
    fill_device(repository, "Zoë")
    out = tmp_path / "zoe.csv"
    args = ["export", "--excel", "--decimal", "comma", "--tz", "Asia/Tokyo", "--out", str(out)]
    assert main([*args, "--data-dir", str(repository.data_dir)]) == 0
    assert "5 attempts written to" in capsys.readouterr().out
    header, first, *_ = rows_of(out, ";")
    assert dict(zip(header, first, strict=True))["started_at_local"] == "2026-03-02 18:01:00"
    [entry] = [e for e in repository.audit_entries() if e.action == "export"]
    assert entry.detail.startswith("csv, excel: 5 attempts")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--tz", "Europe/Berlin"], "--decimal, --separator and --tz shape the Excel copy"),
        (["--separator", "semicolon"], "use them with --excel"),
        (["--decimal", "comma"], "use them with --excel"),
        (["--excel", "--format", "json"], "--excel makes a CSV for Excel"),
        (["--excel", "--tz", "Mars/Olympus"], "time zone 'Mars/Olympus' is not known"),
        (["--excel", "--check-ins", "--samples"], "--check-ins writes its own CSV"),
    ],
)
def test_cli_excel_mistakes_are_one_line(tmp_path: Path, capsys, args, needle) -> None:
    code = main(["export", *args, "--data-dir", str(tmp_path), "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE and needle in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_what_the_excel_note_says_of_the_locale_is_in_the_clinics_language(monkeypatch) -> None:
    """The whole note, the locale's part and the decimal mark's name included, is said in
    the reader's language (they were English inside a translated line)."""
    from sensory_games.domain.language import words
    from sensory_games.domain.sentence import render

    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    said = render(clinic_style().note("--decimal"), words("zh"))
    assert "C.UTF-8" in said and "区域设置" in said and "点" in said
    assert "locale" not in said and "point" not in said


@pytest.mark.parametrize("excel", [True, False])
def test_an_export_that_fails_part_way_closes_its_read_of_the_log(
    excel: bool, repository: Repository, tmp_path: Path, monkeypatch
) -> None:
    """A disk that fills part-way through the attempts CSV (plain or Excel's copy): the
    read of the log ends with the error, not when the garbage collector gets to it (an
    open read would hold the log's write-ahead file from being checkpointed)."""
    import contextlib
    import errno
    import sqlite3

    from sensory_games.services import excel as excel_module
    from sensory_games.services import export as export_module

    fill_device(repository, "Mia")
    reads: list[sqlite3.Cursor] = []
    real_rows = repository.csv_rows

    def noted_rows(*args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(real_rows(*args, **kwargs))
        return reads[-1]

    class FillingDisk:
        def __init__(self) -> None:
            self.writes = 0

        def write(self, data: bytes) -> int:
            self.writes += 1
            if self.writes > 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            return len(data)

    @contextlib.contextmanager
    def filling_file(*args, **kwargs):  # type: ignore[no-untyped-def]
        yield FillingDisk()

    monkeypatch.setattr(repository, "csv_rows", noted_rows)
    module = excel_module if excel else export_module
    monkeypatch.setattr(module, "private_file", filling_file)
    monkeypatch.setattr(module, "CSV_CHUNK_LINES", 1)
    out = tmp_path / "attempts.csv"
    with pytest.raises(OSError) as failed:
        if excel:
            write_excel_csv(repository, "attempts", out, BERLIN_COMMA, ALL, None)
        else:
            write_export(repository, "csv", out)
    assert failed.value.errno == errno.ENOSPC  # (its traceback still holds the writer's frame)
    assert len(reads) == 1
    with pytest.raises(sqlite3.ProgrammingError):
        reads[0].fetchone()  # closed
