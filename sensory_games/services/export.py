"""CSV and JSON exports of the attempt log (columns: docs/metrics.md; formats: docs/export.md).

CSV: one row per attempt, UTF-8, comma-separated, dot decimals, ISO-8601 UTC dates, no
index column. The leading columns are fixed; metric columns follow, sorted by name; the
trailing column (the app version) comes last, so no column a script indexes moves.
JSON: services/export_json.py (its names are importable from here too).
With pseudonyms (a profile id -> code function) the alias is replaced by the child's code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

from sensory_games.domain.intensity import CHANNELS
from sensory_games.services.export_json import (  # (the JSON names, for their old readers)
    ATTEMPT_FIELDS as ATTEMPT_FIELDS,
)
from sensory_games.services.export_json import (
    CHECK_IN_FIELDS,
    Codes,
    _placed_after,
    check_in_record,
    write_json,
    writes_a_name,
)
from sensory_games.services.export_json import (
    JSON_FORMAT as JSON_FORMAT,
)
from sensory_games.services.export_json import (
    attempt_record as attempt_record,
)
from sensory_games.services.export_json import (
    json_document as json_document,
)
from sensory_games.services.export_json import (
    json_header as json_header,
)
from sensory_games.services.private_files import private_file, write_private
from sensory_games.storage import Repository, Selection, StoredAttempt, StoredCheckIn, metric_pack
from sensory_games.storage.queries import CSV_OWN, CSV_OWN_BYTES, CSV_SHARED, Feelings

#: A CSV export is written this many lines at a time (memory stays small).
CSV_CHUNK_LINES = 5000

LEADING_COLUMNS: tuple[str, ...] = (
    "attempt_id",
    "device_id",
    "session_id",
    "profile",
    "activity",
    "variant",
    "level",
    "started_at",
    "completion_time_s",
    "accuracy",
    "completed",
    "abort_reason",
    "intensity",
    "dominant_hand",
    "pointer",
    "feeling_before",
    "feeling_after",
)
#: After the metric columns: added later than the others, so put where no script's column
#: index moves. app_version: the exact build that saved the attempt (sensory_games/version.py).
TRAILING_COLUMNS: tuple[str, ...] = ("app_version",)


def format_number(value: float | None, unit: str = "") -> str:
    """Numbers as a spreadsheet reads them: counts whole, others with 4 decimals."""
    if value is None:
        return ""
    if unit == "count":
        return str(round(value))
    return f"{value:.4f}"


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula: a cell starting with = + - @ or a
    tab/carriage return gets a leading apostrophe (OWASP CSV injection advice). The JSON
    export keeps text exactly as stored."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def format_intensity(intensity: dict[str, Any]) -> str:
    """`preset=balanced;visual=0.60;...` at the start of the attempt, then `;changes=N` if
    a therapist changed the channels during it: readable, and no commas to quote."""
    parts = [f"preset={intensity.get('preset', 'custom')}"]
    parts += [f"{name}={float(intensity[name]):.2f}" for name in CHANNELS if name in intensity]
    if intensity.get("changes"):
        parts.append(f"changes={len(intensity['changes'])}")  # each one is in the JSON export
    return ";".join(parts)


def profile_name(record: StoredAttempt | StoredCheckIn, codes: Codes) -> str:
    """The alias, or the child's code in a pseudonymised export."""
    return codes(record.profile_id) if codes else record.profile_alias


def csv_cell(text: str) -> str:
    """One text cell as the csv module writes it (quoted only when it must be)."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(attempts: Iterable[StoredAttempt], codes: Codes = None) -> str:
    """The CSV export of `attempts` as text (\\r\\n line ends, as spreadsheets expect):
    the lines write_export writes for the same attempts, from rows read already."""
    chosen = list(attempts)
    layouts = list(dict.fromkeys(a.metric_layout_json for a in chosen))
    number = {text: k for k, text in enumerate(layouts)}
    shared = attrgetter(*CSV_SHARED)
    own = attrgetter(*CSV_OWN)

    alias_at = CSV_SHARED.index("profile_alias")

    def row(a: StoredAttempt) -> tuple[Any, ...]:
        """The attempt as csv_rows reads it."""
        texts = [*shared(a)]
        if codes is not None:
            texts[alias_at] = a.profile_id
        missing = (a.completion_time_s is None, a.accuracy is None)
        cells = [
            b"" if cell is None else str(cell).encode() if name in CSV_OWN_BYTES else cell
            for name, cell in zip(CSV_OWN, own(a), strict=True)
        ]
        key = json.dumps([*texts, *missing, number[a.metric_layout_json]]) + a.intensity_json
        return (key, a.metric_values_blob, *cells)

    feelings = {a.id.encode(): _cells((a.feeling_before, a.feeling_after)) for a in chosen}
    return b"".join(csv_lines(map(row, chosen), layouts, feelings, codes)).decode()


def attempt_lines(
    source: Repository, selection: Selection, codes: Codes = None
) -> Generator[str, None, None]:
    """The selected attempts' CSV export line by line, read from the log as it goes (its
    read ends when the lines do, or when the generator is closed part-way)."""
    with closing(attempt_bytes(source, selection, codes)) as lines:
        for line in lines:
            yield line.decode()


def attempt_bytes(
    source: Repository, selection: Selection, codes: Codes = None
) -> Generator[bytes, None, None]:
    """attempt_lines in UTF-8, as the file gets them: the metric columns, the feelings
    and the rows read in one reading (an attempt of a new kind saved by another program
    meanwhile waits for the next export); closed part-way (a full disk), it closes its
    read of the log at once rather than when it is collected."""
    with source.one_reading():
        layouts = source.metric_layouts(selection)
        feelings = {key.encode(): _cells(felt) for key, felt in source.latest_feelings().items()}
        rows = source.csv_rows(selection, layouts, codes is not None)
        try:
            yield from csv_lines(rows, layouts, feelings, codes)
        finally:
            rows.close()


def csv_lines(
    rows: Iterable[tuple[Any, ...]],
    layouts: list[str],
    feelings: Mapping[bytes, tuple[bytes, bytes]],
    codes: Codes = None,
) -> Iterator[bytes]:
    """The CSV export line by line in UTF-8 (each ending in \\r\\n): the header, then a row per
    attempt. `rows`: as storage's csv_rows reads them; `layouts`: every metric_layout
    text among them, in the order the rows number them (the metric columns); `feelings`:
    the feelings around the attempts that have any, by id (storage's latest_feelings, in CSV cells).

    Written for 100,000 rows and more: a line is one %-format of a template
    (LineTemplates) with everything it shares with other rows (the alias, device,
    activity, variant, intensity...) in place, filled with the row's own cells and
    metric values, so per row only the numbers are formatted, by Python's own formatting
    (SQLite's printf rounds some halves the other way). The attempt and session ids go in
    as they are: the app makes them (UUIDs) and a merge lets in only plain ids
    (records.ID), so they never need quoting or defusing. In bytes (the rows' texts
    read as bytes): a third less time than formatting text and encoding it.)"""
    templates = LineTemplates(layouts, codes)
    header = (*LEADING_COLUMNS, *templates.metric_names, *TRAILING_COLUMNS)
    yield (",".join(csv_cell(name) for name in header) + "\r\n").encode()
    for row in rows:
        template, unpack = templates[row[0]]
        yield template % (row[2:] + feelings.get(row[2], NO_FEELINGS) + unpack(row[1]))


#: The feeling cells of an attempt with no check-in around it.
NO_FEELINGS = (b"", b"")


def _cells(feelings: Feelings) -> tuple[bytes, bytes]:
    """The feelings around an attempt as the CSV's cells: "1".."5", or empty."""
    before, after = (b"" if f is None else str(f).encode() for f in feelings)
    return before, after


class LineTemplates(dict[str, tuple[bytes, Callable[[bytes], tuple[float, ...]]]]):
    """The attempts CSV's line templates by what rows share (csv_rows' key), each
    made when first met: a clinic's few devices, children, activities, variants, presets
    and versions make a few thousand templates for any number of attempts. A template
    holds the shared cells quoted as the csv module would and defused
    (spreadsheet_safe), a %-format for each of the row's own cells (%.4f for the time
    and accuracy, nothing when missing) and every metric column of the export (the
    row's layout's filled, %.0f for a count); it comes with the unpacker of the row's
    metric values."""

    def __init__(self, layouts: list[str], codes: Codes) -> None:
        super().__init__()
        self.codes = codes
        shapes = [metric_pack.layout_of(text) for text in layouts]
        self.metric_names = sorted({name for layout in shapes for name in layout.names})
        column = {name: index for index, name in enumerate(self.metric_names)}
        self.metrics: list[tuple[str, Callable[[bytes], tuple[float, ...]]]] = []
        for layout in shapes:
            cells = [""] * len(self.metric_names)
            for name, unit in zip(layout.names, layout.units, strict=True):
                cells[column[name]] = "%.0f" if unit == "count" else "%.4f"
            metrics = "," + ",".join(cells) if self.metric_names else ""
            self.metrics.append((metrics, metric_pack.unpacker(len(layout.names))))

    def __missing__(self, shared: str) -> tuple[bytes, Callable[[bytes], tuple[float, ...]]]:
        """The template of rows sharing `shared` (made once, then kept): csv_rows' JSON
        array, then the intensity's JSON text."""
        values, end = _KEY.raw_decode(shared)
        texts = dict(zip(CSV_SHARED, values[: len(CSV_SHARED)], strict=True))
        no_time, no_accuracy, layout = values[len(CSV_SHARED) :]
        metrics, unpack = self.metrics[layout]
        if self.codes is not None:  # (csv_rows read the profile id)
            texts["profile_alias"] = self.codes(texts["profile_alias"])
        intensity = _literal(csv_cell(format_intensity(json.loads(shared[end:]))))
        cell = {
            name: _literal(csv_cell(spreadsheet_safe(text or ""))) for name, text in texts.items()
        }
        number = {False: "%.4f", True: "%s"}  # (a missing one is read as b"")
        made = self[shared] = (
            (
                f"%s,{cell['device_id']},%s,{cell['profile_alias']},{cell['activity']},"
                f"{cell['variant']},%d,%s,{number[bool(no_time)]},{number[bool(no_accuracy)]},"
                f"%d,{cell['abort_reason']},{intensity},{cell['dominant_hand']},"
                f"{cell['pointer']},%s,%s{metrics},{cell['app_version']}\r\n"
            ).encode(),
            unpack,
        )
        return made


#: Reads a row's key: its JSON array, and where the intensity's text after it starts.
_KEY = json.JSONDecoder()


def _literal(cell: str) -> str:
    """A cell as it stands in a %-template (a % doubled)."""
    return cell.replace("%", "%%")


SAMPLE_COLUMNS: tuple[str, ...] = (
    "attempt_id",
    "t_ms",
    "x_mm",
    "y_mm",
    "pointer",
    "phase",
    "source",
    "key_hand",
)

#: Raw pointer samples of an attempt (t_s from its start, x_mm, y_mm, pointer_id, phase...).
Samples = list[dict[str, Any]]


def samples_csv_text(attempts: Iterable[tuple[str, Samples]]) -> str:
    """One row per pointer sample: milliseconds since the attempt started, position in mm
    from the top-left of the screen, contact id, phase (down/move/up/cancel), source
    (touch/mouse/key) and the hand of a hand key (empty for touch and mouse: which hand a
    touch was is in the two-handed activities' target, `contact_hands`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SAMPLE_COLUMNS)
    for attempt_id, samples in attempts:
        for sample in samples:
            writer.writerow(
                [
                    attempt_id,
                    f"{sample['t_s'] * 1000:.1f}",
                    f"{sample['x_mm']:.2f}",
                    f"{sample['y_mm']:.2f}",
                    sample["pointer_id"],
                    sample["phase"],
                    sample["source"],
                    sample["hand"] or "",
                ]
            )
    return buffer.getvalue()


#: The check-ins CSV's columns: the exported fields, with the alias (or code) and the
#: session after the device, and the scale last (added after the others: a spreadsheet
#: that reads the columns by position still finds them where they were).
CHECK_IN_COLUMNS = (
    *_placed_after(
        (name for name in CHECK_IN_FIELDS if name != "scale"),
        "device_id",
        ("profile", "session_id"),
    ),
    "scale",
)


def check_ins_csv_text(check_ins: Iterable[StoredCheckIn], codes: Codes = None) -> str:
    """One row per check-in: when it was asked (session_start, before, after,
    session_end), the feeling (1..5 on the five faces, 1..4 on the zones, 1..3 on the
    three faces; empty: no answer), the seconds the child took and, last, the scale it
    was asked on."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CHECK_IN_COLUMNS)
    for c in check_ins:
        cells = {
            **check_in_record(c),
            "profile": spreadsheet_safe(profile_name(c, codes)),
            "session_id": c.session_id,
            "attempt_id": c.attempt_id or "",
            "feeling": format_number(c.feeling, "count"),
            "answer_s": format_number(c.answer_s),
        }  # (the JSON record's fields, with the alias and session a CSV row needs)
        writer.writerow([cells[name] for name in CHECK_IN_COLUMNS])
    return buffer.getvalue()


def write_export(
    source: Repository,
    fmt: str,
    out: Path,
    selection: Selection | None = None,
    *,
    samples: bool = False,
    codes: Codes = None,
    indent: int | None = None,
) -> int:
    """Write an export of the selected records to `out` (owner-readable only, all at
    once), reading the log as it writes; returns the attempts written.

    Without `samples`: CSV one row per attempt, or JSON (services/export_json.py: compact,
    or `indent` spaces per level). With `samples`: CSV one row per raw pointer sample, or
    JSON with each attempt's samples and target."""
    selection = selection or Selection()
    if fmt == "json":
        return write_json(out, source, selection, samples, codes, indent)
    if fmt != "csv":
        raise ValueError(f"format {fmt!r}: must be csv or json")
    if indent is not None:
        raise ValueError("indent: only a JSON export is indented")
    if samples:
        rows = list(source.attempts(selection=selection))
        shown = [a for a in rows if codes is None or not writes_a_name(a)]
        text = samples_csv_text((a.id, source.samples(a.id)) for a in shown)
        write_private(out, text, data_dir=source.data_dir)
        return len(rows)
    count = -1  # (the header is a line too)
    with (
        private_file(out, data_dir=source.data_dir) as handle,
        closing(attempt_bytes(source, selection, codes)) as lines,
    ):
        while chunk := list(islice(lines, CSV_CHUNK_LINES)):
            handle.write(b"".join(chunk))
            count += len(chunk)
    return count


def write_check_ins(
    source: Repository, out: Path, selection: Selection | None = None, codes: Codes = None
) -> int:
    """Write the check-ins CSV to `out` (owner-readable only); returns rows written."""
    rows = list(source.check_ins(selection=selection or Selection()))
    write_private(out, check_ins_csv_text(rows, codes), data_dir=source.data_dir)
    return len(rows)
