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
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
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
    """The CSV export of `attempts` as text (\\r\\n line ends, as spreadsheets expect)."""
    rows = list(attempts)
    return "".join(csv_lines(rows, {a.metric_layout_json for a in rows}, codes))


def csv_lines(
    attempts: Iterable[StoredAttempt], layouts: Iterable[str], codes: Codes = None
) -> Iterator[str]:
    """The CSV export line by line (each ending in \\r\\n): the header, then a row per
    attempt. `layouts`: every metric_layout text among the attempts (the metric columns).

    Written for 100,000 rows in about two seconds: a line is joined by hand (numbers never
    need quoting; text cells are quoted as the csv module would), the metric cells of a
    row are one %-format of a template made once per metric layout (an activity's set of
    metrics) with every metric column of the export in place, and what many attempts
    share (alias, device, activity, variant, hand, intensity...) is formatted once. The
    attempt and session ids go in as they are: the app makes them (UUIDs) and a merge
    lets in only plain ids (records.ID), so they never need quoting or defusing."""
    by_text = {text: metric_pack.layout_of(text) for text in set(layouts)}
    metric_names = sorted({name for layout in by_text.values() for name in layout.names})
    column = {name: index for index, name in enumerate(metric_names)}
    # metric_layout text -> (the row's metric cells as a %-template, the values' unpacker)
    metric_cells: dict[str, tuple[str, Callable[[bytes], tuple[float, ...]]]] = {}
    for text, layout in by_text.items():
        cells = [""] * len(metric_names)
        for name, unit in zip(layout.names, layout.units, strict=True):
            cells[column[name]] = "%.0f" if unit == "count" else "%.4f"
        template = "," + ",".join(cells) if metric_names else ""
        metric_cells[text] = (template, metric_pack.unpacker(len(layout.names)))
    names: dict[str, str] = {}  # profile id -> the profile cell
    texts: dict[str, str] = {}  # a text shared by many rows (device, activity...) -> its cell
    intensities: dict[str, str] = {}  # intensity JSON -> its cell

    def name_cell(a: StoredAttempt) -> str:
        names[a.profile_id] = csv_cell(spreadsheet_safe(profile_name(a, codes)))
        return names[a.profile_id]

    def text_cell(text: str) -> str:
        texts[text] = csv_cell(spreadsheet_safe(text))
        return texts[text]

    known = texts.get
    header = (*LEADING_COLUMNS, *metric_names, *TRAILING_COLUMNS)
    yield ",".join(csv_cell(name) for name in header) + "\r\n"
    for a in attempts:
        name = names.get(a.profile_id) or name_cell(a)
        device = known(a.device_id) or text_cell(a.device_id)
        activity = known(a.activity) or text_cell(a.activity)
        variant = known(a.variant) or text_cell(a.variant)
        hand = known(a.dominant_hand) or text_cell(a.dominant_hand)
        pointer = known(a.pointer) or text_cell(a.pointer)
        version = known(a.app_version) or text_cell(a.app_version)
        reason = (
            "" if a.abort_reason is None else texts.get(a.abort_reason) or text_cell(a.abort_reason)
        )
        intensity = intensities.get(a.intensity_json) or intensities.setdefault(
            a.intensity_json, csv_cell(format_intensity(json.loads(a.intensity_json)))
        )
        time_s, accuracy, before, after = (
            a.completion_time_s,
            a.accuracy,
            a.feeling_before,
            a.feeling_after,
        )
        template, unpack = metric_cells[a.metric_layout_json]
        yield (
            f"{a.id},{device},{a.session_id},{name},{activity},{variant},"
            f"{a.level},{a.started_at},{'' if time_s is None else f'{time_s:.4f}'},"
            f"{'' if accuracy is None else f'{accuracy:.4f}'},{a.completed_flag},{reason},"
            f"{intensity},{hand},{pointer},{'' if before is None else before},"
            f"{'' if after is None else after}"
            + template % unpack(a.metric_values_blob)
            + f",{version}\r\n"
        )


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
    attempts = source.attempts(selection=selection)
    if samples:
        rows = list(attempts)
        shown = [a for a in rows if codes is None or not writes_a_name(a)]
        text = samples_csv_text((a.id, source.samples(a.id)) for a in shown)
        write_private(out, text, data_dir=source.data_dir)
        return len(rows)
    count = -1  # (the header is a line too)
    with private_file(out, data_dir=source.data_dir) as handle:
        lines = csv_lines(attempts, source.metric_layouts(selection), codes)
        while chunk := list(islice(lines, CSV_CHUNK_LINES)):
            handle.write("".join(chunk).encode("utf-8"))
            count += len(chunk)
    return count


def write_check_ins(
    source: Repository, out: Path, selection: Selection | None = None, codes: Codes = None
) -> int:
    """Write the check-ins CSV to `out` (owner-readable only); returns rows written."""
    rows = list(source.check_ins(selection=selection or Selection()))
    write_private(out, check_ins_csv_text(rows, codes), data_dir=source.data_dir)
    return len(rows)
