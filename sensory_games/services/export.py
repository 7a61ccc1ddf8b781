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
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing
from itertools import islice
from pathlib import Path
from typing import Any

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
from sensory_games.storage.csv_cells import (
    SEPARATOR,
    attempt_pieces,
    csv_cell,
    spreadsheet_safe,
    text_cell,
)
from sensory_games.storage.queries import Feelings

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


def profile_name(record: StoredAttempt | StoredCheckIn, codes: Codes) -> str:
    """The alias, or the child's code in a pseudonymised export."""
    return codes(record.profile_id) if codes else record.profile_alias


def csv_text(attempts: Iterable[StoredAttempt], codes: Codes = None) -> str:
    """The CSV export of `attempts` as text (\\r\\n line ends, as spreadsheets expect):
    the lines write_export writes for the same attempts, from rows read already."""
    chosen = {a.id.encode(): a for a in attempts}
    layouts = dict(enumerate(dict.fromkeys(a.metric_layout_json for a in chosen.values())))
    number = {text: k for k, text in layouts.items()}
    rows = (
        (number[a.metric_layout_json], a.profile_id, None, key)  # (made from the row)
        for key, a in chosen.items()
    )
    names = ProfileCells({a.profile_id: a.profile_alias for a in chosen.values()}, codes)
    lines = csv_lines(rows, layouts, names, chosen.__getitem__)
    return b"".join(lines).decode()


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
    """attempt_lines in UTF-8, as the file gets them: the metric columns, the children's
    names and the rows read in one reading (an attempt of a new kind or a child saved
    by another program meanwhile waits for the next export); closed part-way (a full
    disk), it closes its read of the log at once rather than when it is collected."""
    with source.one_reading():
        layouts = source.metric_layouts(selection)
        names = ProfileCells(source.aliases(), codes)
        rows = source.csv_rows(selection)
        try:
            yield from csv_lines(rows, layouts, names, lambda key: source.csv_attempt(key.decode()))
        finally:
            rows.close()


def csv_lines(
    rows: Iterable[tuple[int, str, bytes | None, bytes]],
    layouts: Mapping[int, str],
    names: ProfileCells,
    attempt: Callable[[bytes], StoredAttempt],
) -> Iterator[bytes]:
    """The CSV export line by line in UTF-8 (each ending in \\r\\n): the header, then a row
    per attempt. `rows`: as storage's csv_rows reads them; `layouts`: every
    metric_layout text among them, by the number the rows give it (the metric
    columns); `names`: the children's cells by profile id; `attempt`: an attempt by
    its id (with its feelings), for a row with no stored cells: its line is made from
    the row, as stored cells are.

    Written for 100,000 rows and more: each attempt's cells were formatted when it was
    saved (storage/csv_cells.py), so a line is one %-format of its layout's template
    (LineTemplates) with the stored pieces, the child's name and the feelings."""
    templates = LineTemplates(layouts)
    header = (*LEADING_COLUMNS, *templates.metric_names, *TRAILING_COLUMNS)
    yield (",".join(csv_cell(name) for name in header) + "\r\n").encode()
    for layout, profile, head, cells in rows:
        if head is not None:
            yield templates[layout] % (head, names[profile], *cells.split(SEPARATOR))
        else:  # (no cells stored: made from the attempt's row)
            row = attempt(cells)
            made = attempt_pieces(row)
            own = b",".join((made.own, *_cells((row.feeling_before, row.feeling_after))))
            yield templates[layout] % (made.head, names[profile], own, *made.tail)


def _cells(feelings: Feelings) -> tuple[bytes, bytes]:
    """The feelings around an attempt as the CSV's cells: "1".."5", or empty."""
    before, after = (b"" if f is None else str(f).encode() for f in feelings)
    return before, after


class LineTemplates(dict[int, bytes]):
    """The attempts CSV's line templates, one for each metric layout the export holds:
    %s for the attempt's head (csv_cells), the child, the own cells with the feelings,
    each of the layout's metrics in its column among the export's metric columns (the
    other columns empty) and the app version."""

    def __init__(self, layouts: Mapping[int, str]) -> None:
        super().__init__()
        shapes = {number: metric_pack.layout_of(text) for number, text in layouts.items()}
        self.metric_names = sorted({name for shape in shapes.values() for name in shape.names})
        column = {name: index for index, name in enumerate(self.metric_names)}
        for number, shape in shapes.items():
            cells = [""] * len(self.metric_names)
            for name in shape.names:
                cells[column[name]] = "%s"
            metrics = "," + ",".join(cells) if self.metric_names else ""
            self[number] = f"%s,%s,%s{metrics},%s\r\n".encode()


class ProfileCells(dict[str, bytes]):
    """The child's cell by profile id: their alias in `aliases` or, pseudonymised, their
    code; made when first met, defused and quoted as the csv module would."""

    def __init__(self, aliases: Mapping[str, str], codes: Codes) -> None:
        super().__init__()
        self.aliases = aliases
        self.codes = codes

    def __missing__(self, profile_id: str) -> bytes:
        name = self.aliases[profile_id] if self.codes is None else self.codes(profile_id)
        cell = self[profile_id] = text_cell(name)
        return cell


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
