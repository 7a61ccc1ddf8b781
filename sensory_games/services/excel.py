"""The CSV exports made ready for a double-click in Excel (docs/export.md, "Excel").

The plain CSV (services/export.py) is written for programs: UTF-8 without a byte order
mark, commas, dot decimals, UTC times. Excel opened on a double-click reads such a file
in the computer's legacy code page ("Zoë" becomes "ZoÃ«") and, where the decimal mark is
a comma (German, French, Dutch...), splits rows at semicolons and reads "0.8000" as text.
The Excel copy is the same rows with:

- a UTF-8 byte order mark, so Excel reads the text as UTF-8;
- the separator and decimal mark Excel expects where the clinic is: with a comma decimal
  mark, `;` between cells and `0,8000`; otherwise `,` and `0.8000`. Excel really takes
  the separator from the computer's "list separator" setting, which may not follow the
  mark (Swiss German: `0.8000` and `;`), so a clinic can set either (app.yaml `export:`,
  `--decimal`, `--separator`). Only decimal numbers change (the numeric columns: times,
  accuracy, metrics, sample positions); whole numbers and text are as in the plain CSV;
- the clinic's local time beside each UTC time: `started_at_local` (or `asked_at_local`)
  as `2026-11-28 10:30:05`, which Excel reads as a date and time, and `local_zone`, the
  zone it is in (`Europe/Berlin`, or the computer's zone abbreviation such as `CET`).
"""

from __future__ import annotations

import csv
import io
import locale
import os
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from sensory_games.domain.config_checks import known_time_zone
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.services.export import (
    CHECK_IN_COLUMNS,
    CSV_CHUNK_LINES,
    LEADING_COLUMNS,
    SAMPLE_COLUMNS,
    TRAILING_COLUMNS,
    attempt_lines,
    check_ins_csv_text,
    samples_csv_text,
)
from sensory_games.services.export_json import Codes
from sensory_games.services.private_files import private_file
from sensory_games.storage import Repository, Selection

#: The byte order mark that tells Excel the file is UTF-8.
BOM = "\ufeff"
#: Decimal marks and separators by their name (command line, app.yaml `export:`); AUTO:
#: this computer's.
DECIMAL_MARKS = {"comma": ",", "point": "."}
SEPARATORS = {"comma": ",", "semicolon": ";"}
AUTO = "auto"
#: The fixed columns that hold decimal numbers; every column of the attempts CSV that is
#: not a fixed one is a metric, and holds numbers too.
DECIMAL_COLUMNS = frozenset({"completion_time_s", "accuracy", "answer_s", "t_ms", "x_mm", "y_mm"})
FIXED_COLUMNS = frozenset({*LEADING_COLUMNS, *TRAILING_COLUMNS, *SAMPLE_COLUMNS, *CHECK_IN_COLUMNS})
#: The UTC time columns that get the local time beside them.
TIME_COLUMNS = ("started_at", "asked_at")
#: The kinds of CSV export: one row per attempt, per pointer sample, per check-in.
KINDS = ("attempts", "samples", "check-ins")


@dataclass(frozen=True)
class MachineMark:
    """This computer's decimal mark as its locale says it: `mark` "," or ".", or None when
    the locale does not say (the C/POSIX locale, which a kiosk started by systemd or cage
    often runs in, or a locale named in the environment that is not installed); `locale`
    names the locale read, or says why it could not be."""

    mark: str | None
    locale: str


def machine_decimal_mark() -> MachineMark:
    """The decimal mark of this computer's locale: what Excel uses here.

    Python starts with the "C" numeric locale, so the user's is switched in for the
    moment it is read and switched back."""
    try:
        saved = locale.setlocale(locale.LC_NUMERIC)
        try:
            name = locale.setlocale(locale.LC_NUMERIC, "")
            mark = locale.localeconv()["decimal_point"]
        finally:
            locale.setlocale(locale.LC_NUMERIC, saved)
    except locale.Error:
        return MachineMark(
            None,
            Sentence(N_("{setting}, which this computer does not have"), setting=_locale_asked()),
        )
    if name.partition(".")[0] in ("C", "POSIX"):
        return MachineMark(None, Sentence(N_("the {name} locale, which has no country"), name=name))
    return MachineMark("," if mark == "," else ".", name)


def _locale_asked() -> str:
    """The environment setting that names the numeric locale (LC_ALL=de_DE.UTF-8)."""
    for variable in ("LC_ALL", "LC_NUMERIC", "LANG"):
        if os.environ.get(variable):
            return f"{variable}={os.environ[variable]}"
    return "the locale"


def _machine_zone_name() -> str | None:
    """This computer's IANA zone name (Europe/Berlin) when it can be told: $TZ, or where
    /etc/localtime points. None elsewhere (Windows): the zone's abbreviation is used."""
    candidates = (
        os.environ.get("TZ", "").removeprefix(":"),
        os.path.realpath("/etc/localtime").partition("/zoneinfo/")[2],
    )
    return next((name for name in candidates if name and known_time_zone(name)), None)


@dataclass(frozen=True)
class LocalZone:
    """The clinic's time zone: `zone` None is the computer's own (its rules, summer time
    included, come from the system), named by `name` when known."""

    name: str | None
    zone: tzinfo | None

    def local(self, utc_text: str) -> tuple[str, str]:
        """`2026-11-28T09:30:05.123Z` -> (`2026-11-28 10:30:05`, the zone's name) in this
        zone, to the second (a fraction would keep Excel from reading it as a time)."""
        moment = datetime.strptime(utc_text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        here = moment.astimezone(self.zone)
        return f"{here:%Y-%m-%d %H:%M:%S}", self.name or here.tzname() or ""


def clinic_zone(name: str | None = None) -> LocalZone:
    """The zone called `name` (an IANA name: Europe/Berlin, America/Toronto, UTC), or the
    computer's own when None or "auto"; an unknown name is a ValueError saying what is
    allowed."""
    if name is None or name == AUTO:
        known = _machine_zone_name()
        return LocalZone(known, ZoneInfo(known) if known else None)
    if not known_time_zone(name):
        raise ValueError(
            Sentence(
                N_(
                    "time zone {name} is not known: use a zone name like Europe/Berlin,"
                    " America/New_York or UTC"
                ),
                name=repr(name),
            )
        )
    return LocalZone(name, ZoneInfo(name))


@dataclass(frozen=True)
class ExcelStyle:
    """How the Excel copy is written: the decimal mark ("," or "."), the separator between
    cells ("," or ";"; None: the one Excel pairs with the mark, `;` with a comma) and the
    local zone. `unsure`: when the mark was this computer's but its locale did not say,
    which locale that was (the copy then has the guess, a point); else ""."""

    decimal_mark: str
    zone: LocalZone
    separator: str = ""
    unsure: str = ""

    def __post_init__(self) -> None:
        if not self.separator:
            object.__setattr__(self, "separator", ";" if self.decimal_mark == "," else ",")

    def note(self, how_to_choose: str) -> str:
        """One line saying what was guessed and `how_to_choose` otherwise ("" when nothing
        was guessed)."""
        if not self.unsure:
            return ""
        mark = Sentence(N_("comma") if self.decimal_mark == "," else N_("point"))
        return Sentence(
            N_(
                "note: the Excel copy has {mark} decimals and {separator} between cells: this"
                " computer's locale does not say the clinic's ({locale}); choose with {how}"
            ),
            mark=mark,
            separator=repr(self.separator),
            locale=self.unsure,
            how=how_to_choose,
        )


def clinic_style(
    decimal: str | None = None, zone: str | None = None, separator: str | None = None
) -> ExcelStyle:
    """The style for `decimal` ("comma", "point"; None or "auto": this computer's),
    `zone` (an IANA name; None or "auto": this computer's) and `separator` ("comma",
    "semicolon"; None or "auto": the one that goes with the decimal mark). A choice that
    is none of these is a ValueError saying what is allowed."""
    for value, allowed, what in (
        (decimal, DECIMAL_MARKS, N_("decimal mark")),
        (separator, SEPARATORS, N_("separator")),
    ):
        if value not in (None, AUTO, *allowed):
            first, second = allowed  # (each choice has two names)
            raise ValueError(
                Sentence(
                    N_("{what} {value}: must be {auto}, {first} or {second}"),
                    what=Sentence(what),
                    value=repr(value),
                    auto=AUTO,
                    first=first,
                    second=second,
                )
            )
    unsure = ""
    if decimal in (None, AUTO):
        machine = machine_decimal_mark()
        mark, unsure = (machine.mark, "") if machine.mark else (".", machine.locale)
    else:
        mark = DECIMAL_MARKS[decimal]
    between = "" if separator in (None, AUTO) else SEPARATORS[separator]
    return ExcelStyle(mark, clinic_zone(zone), between, unsure)


def excel_rows(rows: Iterable[list[str]], style: ExcelStyle) -> Iterator[list[str]]:
    """A plain CSV's rows (the header first) as the Excel copy's: local times beside the
    UTC times, decimal numbers with the style's mark."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        return
    times = [i for i, name in enumerate(header) if name in TIME_COLUMNS]
    decimals = [
        i for i, name in enumerate(header) if name in DECIMAL_COLUMNS or name not in FIXED_COLUMNS
    ]
    comma = style.decimal_mark == ","

    def widened(row: list[str], extra: dict[int, list[str]]) -> list[str]:
        return [cell for i, value in enumerate(row) for cell in (value, *extra.get(i, ()))]

    yield widened(header, {i: [f"{header[i]}_local", "local_zone"] for i in times})
    for row in rows:
        if comma:
            for i in decimals:
                row[i] = row[i].replace(".", ",")
        yield widened(row, {i: list(style.zone.local(row[i])) for i in times if row[i]})


def write_excel_csv(
    source: Repository, kind: str, out: Path, style: ExcelStyle, selection: Selection, codes: Codes
) -> int:
    """Write the Excel copy of a CSV export (`kind`: attempts, samples or check-ins) of
    the `selection` to `out`, owner-readable only, all at once; `codes`: the children's
    codes in a pseudonymised export, else None. Returns the rows written (attempts for
    attempts and samples, check-ins for check-ins)."""
    sampled: int | None = None  # (a samples export counts its attempts, not its rows)
    if kind == "attempts":
        plain: Generator[str, None, None] | io.StringIO = attempt_lines(source, selection, codes)
    elif kind == "samples":
        chosen = list(source.attempts(selection=selection))
        sampled = len(chosen)
        plain = io.StringIO(samples_csv_text((a.id, source.samples(a.id)) for a in chosen))
    elif kind == "check-ins":
        plain = io.StringIO(check_ins_csv_text(source.check_ins(selection=selection), codes))
    else:
        raise ValueError(f"CSV export {kind!r}: must be one of {', '.join(KINDS)}")
    count = -1  # (the header is a row too)
    with closing(plain), private_file(out, data_dir=source.data_dir) as handle:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=style.separator, lineterminator="\r\n")
        buffer.write(BOM)
        rows = excel_rows(csv.reader(plain), style)
        while chunk := list(islice(rows, CSV_CHUNK_LINES)):
            writer.writerows(chunk)
            handle.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
            count += len(chunk)
    return count if sampled is None else sampled
