"""Dates and times on the command line: only exact forms, turned into the log's UTC text,
so `--since` and `--until` pick exactly the attempts an adult means."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from records import log_attempt

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.dates import DateError, parse
from sensory_games.storage import Repository

UTC = timezone.utc

# -- reading one value ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "since", "before"),
    [
        ("2026-03-05", "2026-03-05", "2026-03-06"),
        ("2026-12-31", "2026-12-31", "2027-01-01"),
        ("2100-12-31", "2100-12-31", "2101-01-01"),
        ("2000-01-01", "2000-01-01", "2000-01-02"),
        ("2028-02-29", "2028-02-29", "2028-03-01"),
        ("2026-03-05T10:00:00Z", "2026-03-05T10:00:00.000Z", "2026-03-05T10:00:00.001Z"),
        ("2026-03-05T10:00:00+01:00", "2026-03-05T09:00:00.000Z", "2026-03-05T09:00:00.001Z"),
        ("2026-03-05T23:30:00-05:30", "2026-03-06T05:00:00.000Z", "2026-03-06T05:00:00.001Z"),
        ("2026-03-05T10:00:00.5Z", "2026-03-05T10:00:00.500Z", "2026-03-05T10:00:00.501Z"),
        ("2026-03-05T10:00:00.123999Z", "2026-03-05T10:00:00.123Z", "2026-03-05T10:00:00.124Z"),
        ("2026-12-31T23:59:59.999Z", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00.000Z"),
        ("2100-12-31T23:59:59.999Z", "2100-12-31T23:59:59.999Z", "2101-01-01T00:00:00.000Z"),
    ],
)
def test_accepted_forms_become_the_logs_utc_text(typed: str, since: str, before: str) -> None:
    when = parse(typed)
    assert (when.since_text, when.before_text, str(when)) == (since, before, typed)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-1-5", "must be a date like 2026-11-27 or a UTC time like 2026-11-27T09:30:00Z"),
        ("2026-3-05", "must be a date like"),
        ("26-03-05", "must be a date like"),
        ("2026/03/05", "must be a date like"),
        ("20260305", "must be a date like"),
        ("2026-03-05 ", "must be a date like"),
        ("２０２６-03-05", "must be a date like"),
        ("2026-03-05T10:00:00", "must be a date like"),  # no zone: whose 10 o'clock?
        ("2026-03-05T10:00Z", "must be a date like"),
        ("2026-03-05 10:00:00Z", "must be a date like"),
        ("2026-03-05T10:00:00.Z", "must be a date like"),
        ("2026-03-05T10:00:00.1234567Z", "must be a date like"),
        ("2026-03-05T10:00:00+0100", "must be a date like"),
        ("yesterday", "must be a date like"),
        ("", "must be a date like"),
        ("2026-02-30", "there is no such date"),
        ("2026-13-01", "there is no such date"),
        ("2026-00-10", "there is no such date"),
        ("2027-02-29", "there is no such date"),
        ("2026-03-05T24:00:00Z", "there is no such time of day"),
        ("2026-03-05T10:60:00Z", "there is no such time of day"),
        ("2026-03-05T10:00:60Z", "there is no such time of day"),
        ("2026-03-05T10:00:00+24:00", "there is no such time zone offset as +24:00"),
        ("2026-03-05T10:00:00+01:60", "there is no such time zone offset as +01:60"),
        ("1999-12-31", "must be in the years 2000 to 2100"),
        ("2101-01-01", "must be in the years 2000 to 2100"),
        ("9999-12-31", "must be in the years 2000 to 2100"),
        ("0000-01-01T00:00:00-01:00", "must be in the years 2000 to 2100"),
        ("2000-01-01T00:30:00+01:00", "must be in the years 2000 to 2100"),  # 1999 in UTC
        ("2100-12-31T23:00:00-05:00", "must be in the years 2000 to 2100"),  # 2101 in UTC
    ],
)
def test_anything_else_is_refused_saying_why(typed: str, reason: str) -> None:
    with pytest.raises(DateError, match=re.escape(reason)):
        parse(typed)


OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
WALL_TIMES = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59))


@given(WALL_TIMES, OFFSETS, st.sampled_from(["seconds", "milliseconds", "microseconds"]))
def test_a_written_time_reads_back_as_the_same_instant(
    wall: datetime, zone: timezone, precision: str
) -> None:
    moment = wall.replace(tzinfo=zone)
    assume(2000 <= moment.astimezone(UTC).year <= 2100)
    when = parse(moment.isoformat(timespec=precision))
    written = 0 if precision == "seconds" else moment.microsecond
    to_the_millisecond = moment.replace(microsecond=written // 1000 * 1000)
    assert when.start == to_the_millisecond
    assert when.since_text == utc_iso(to_the_millisecond)
    assert parse(when.since_text).since_text == when.since_text  # the log's own form reads back
    assert when.end - when.start == timedelta(milliseconds=1)


@given(st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2100, 12, 31).date()))
def test_a_written_day_reads_back_as_that_whole_utc_day(day) -> None:
    when = parse(day.isoformat())
    assert when.start == datetime(day.year, day.month, day.day, tzinfo=UTC)
    assert when.end - when.start == timedelta(days=1)
    assert when.since_text == day.isoformat() == utc_iso(when.start)[:10]


# -- on the command line --------------------------------------------------------------------

JAN_4 = "jan-4"  # 2026-01-04 12:00 UTC
JAN_5 = "jan-5"  # 2026-01-05 00:00:00.000 UTC, the first instant of the day
MAR_5_LATE = "mar-5-late"  # 2026-03-05 23:59:30.500 UTC
MAR_6 = "mar-6"  # 2026-03-06 00:00:00.000 UTC
DEC_1 = "dec-1"  # 2026-12-01 08:00 UTC
EVERY = [JAN_4, JAN_5, MAR_5_LATE, MAR_6, DEC_1]


@pytest.fixture
def year_log(repository: Repository) -> str:
    """A log with attempts in January, March and December 2026; returns its folder."""
    child = repository.add_profile(alias="Mia", animal="cat", colour=2)
    session = repository.start_session(child.id, datetime(2026, 1, 4, tzinfo=UTC))
    for attempt_id, started in [
        (JAN_4, datetime(2026, 1, 4, 12, tzinfo=UTC)),
        (JAN_5, datetime(2026, 1, 5, tzinfo=UTC)),
        (MAR_5_LATE, datetime(2026, 3, 5, 23, 59, 30, 500_000, tzinfo=UTC)),
        (MAR_6, datetime(2026, 3, 6, tzinfo=UTC)),
        (DEC_1, datetime(2026, 12, 1, 8, tzinfo=UTC)),
    ]:
        log_attempt(repository, child, session, 0, attempt_id=attempt_id, started_at=started)
    repository.audit("pin", "the PIN was set", at=datetime(2026, 1, 4, 12, tzinfo=UTC))
    repository.audit("export", "csv: 5 attempts", at=datetime(2026, 3, 5, 9, tzinfo=UTC))
    repository.close()
    return str(repository.data_dir)


def exported(year_log: str, tmp_path: Path, capsys, *filters: str) -> list[str]:
    """The attempt ids a CSV export with these filters writes, in log order."""
    out = tmp_path / "out.csv"
    code = main(["export", "--data-dir", year_log, "--out", str(out), *filters])
    assert code == 0, capsys.readouterr().err
    with out.open(encoding="utf-8", newline="") as rows:
        return [row["attempt_id"] for row in csv.DictReader(rows)]


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        ((), EVERY),
        (("--since", "2026-01-05"), [JAN_5, MAR_5_LATE, MAR_6, DEC_1]),  # March is kept
        (("--until", "2026-03-05"), [JAN_4, JAN_5, MAR_5_LATE]),  # 23:59 on March 5 too
        (("--since", "2026-03-05", "--until", "2026-03-05"), [MAR_5_LATE]),
        (("--since", "2026-03-06", "--until", "2026-03-06"), [MAR_6]),
        (("--until", "2100-12-31"), EVERY),
        (("--since", "2000-01-01"), EVERY),
        # 00:59:30.500 at UTC+1 is 23:59:30.500 UTC on March 5, to the millisecond
        (("--since", "2026-03-06T00:59:30.500+01:00"), [MAR_5_LATE, MAR_6, DEC_1]),
        (("--since", "2026-03-06T00:59:30.501+01:00"), [MAR_6, DEC_1]),
        (("--until", "2026-03-06T00:59:30.500+01:00"), [JAN_4, JAN_5, MAR_5_LATE]),
        (("--until", "2026-03-06T00:59:30.499+01:00"), [JAN_4, JAN_5]),
        (("--until", "2026-01-04T23:59:59.999999Z"), [JAN_4]),
        (("--since", "2026-01-04T19:00:00-05:00"), [JAN_5, MAR_5_LATE, MAR_6, DEC_1]),
        (("--since", "2026-03-05T23:59:30.5Z", "--until", "2026-03-05T23:59:30.5Z"), [MAR_5_LATE]),
    ],
)
def test_since_and_until_select_the_attempts_meant(
    year_log: str, tmp_path: Path, capsys, filters: tuple[str, ...], kept: list[str]
) -> None:
    assert exported(year_log, tmp_path, capsys, *filters) == kept


def test_the_audit_list_reads_since_the_same_way(year_log: str, capsys) -> None:
    assert main(["audit", "--data-dir", year_log, "--since", "2026-03-05T10:00:00+01:00"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("2026-03-05 09:00:00  export")
    assert main(["audit", "--data-dir", year_log, "--since", "2026-03-05T10:00:00Z"]) == 0
    assert capsys.readouterr().out.strip() == "nothing on the audit list yet"
    assert main(["audit", "--data-dir", year_log, "--since", "2026-01-04"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_the_report_reads_a_zoned_since(year_log: str, tmp_path: Path, capsys) -> None:
    pytest.importorskip("uharfbuzz")
    out = tmp_path / "r.png"
    code = main(
        [
            "report",
            "--profile",
            "Mia",
            "--since",
            "2026-03-06T00:59:30.500+01:00",
            "--until",
            "2026-03-06",
            "--out",
            str(out),
            "--data-dir",
            year_log,
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "2 attempts" in capsys.readouterr().out and out.stat().st_size > 0


REFUSED = [
    "2026-1-5",
    "2026-3-5",
    "9999-12-31",
    "1999-12-31",
    "2026-02-30",
    "2026-13-01",
    "2026-03-05T10:00:00",
    "2026-03-05T25:00:00Z",
    "2026-03-05T10:00:00+30:00",
    "next week",
]


@pytest.mark.parametrize("value", REFUSED)
@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["export"], "--since"),
        (["export"], "--until"),
        (["report", "--profile", "Mia"], "--since"),
        (["report", "--profile", "Mia"], "--until"),
        (["audit"], "--since"),
    ],
)
def test_a_refused_value_is_one_line_naming_option_and_value(
    tmp_path: Path, capsys, command: list[str], option: str, value: str
) -> None:
    data = tmp_path / "data"
    code = main([*command, option, value, "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"sensory-games: {option} {value!r}: ")
    assert not data.exists()  # refused before the log was opened (or made)


def test_the_old_leniency_is_gone(tmp_path: Path, capsys) -> None:
    code = main(["export", "--since", "2026-1-5", "--data-dir", str(tmp_path)])
    assert code == EXIT_USAGE
    assert capsys.readouterr().err == (
        "sensory-games: --since '2026-1-5': must be a date like 2026-11-27 "
        "or a UTC time like 2026-11-27T09:30:00Z\n"
    )


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2026-03-06", "2026-03-05"),
        ("2026-03-06", "2026-03-05T23:59:59.999Z"),
        ("2026-03-05T10:00:00.001Z", "2026-03-05T10:00:00Z"),
        ("2026-03-05T10:00:00Z", "2026-03-05T10:00:00+01:00"),  # 09:00 UTC
    ],
)
def test_since_after_until_is_refused_in_one_line(
    tmp_path: Path, capsys, since: str, until: str
) -> None:
    code = main(["export", "--since", since, "--until", until, "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err == f"sensory-games: --since {since} is after --until {until}\n"


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2026-03-05", "2026-03-05"),
        ("2026-03-05T10:00:00Z", "2026-03-05"),
        ("2026-03-05", "2026-03-05T00:00:00Z"),  # the first millisecond of the day
        ("2026-03-05T10:00:00+01:00", "2026-03-05T09:00:00Z"),  # the same instant
    ],
)
def test_a_span_of_one_day_or_one_instant_is_allowed(
    year_log: str, tmp_path: Path, capsys, since: str, until: str
) -> None:
    exported(year_log, tmp_path, capsys, "--since", since, "--until", until)
