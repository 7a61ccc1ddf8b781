"""The attempts CSV's cells of one attempt, made once when the attempt is written.

An attempt's row in the attempts CSV (services/export.py, docs/export.md) is its own
fixed cells with three kinds of cell that an export decides: the child's name (the alias
as it is now, or a code in a pseudonymised export), the feelings of the check-ins around
it (answered before or after it, possibly later) and where its metrics go among the
export's metric columns (those of every attempt the export holds). Everything else never
changes once the attempt is written, so `write_attempt` stores it formatted.

It is stored in a narrow table of its own, `attempt_csv` (schema step 16), with what an
export selects and sorts by: a row an attempt, in the export's order (start time, id),
with its child, session, activity and the number of its metric layout (`metric_layouts`,
a row a distinct layout). An export of 100,000 attempts reads that table from start to
end (the attempts table's rows are four times as wide) and formats no number: it took
0.9-1.1 s, reading every column and formatting; this takes under half of that.

The log keeps the table whole whatever writes to it (triggers): an attempt inserted gets
its row (`write_attempt` writes it first, with its cells: NEW_ROW; another writer's
attempt gets one with none), an attempt deleted loses it,
and a change to a column the CSV shows (a repair by hand, a later schema step) makes the
row again with no cells. An export makes a row's missing cells from the attempt's row.

A row holds the pieces of the attempt's line (CsvPieces), each as the CSV holds it
(UTF-8, quoted as the csv module quotes and defused against formulas):

    head     attempt_id,device_id,session_id
    own      activity,variant,level,started_at,completion_time_s,accuracy,completed,
             abort_reason,intensity,dominant_hand,pointer
    tail     each metric's value in its layout's (name) order, then app_version: the
             cells joined by NUL (an export puts each metric in its column)
    feelings feeling_before,feeling_after (kept by the triggers, from the check-ins:
             a whole number's text is the same in SQLite and Python; a feeling that is
             not one, which only a change by hand makes, makes the log forget the
             attempt's cells, so the export prints it as Python does)

Numbers are formatted by Python as the CSV always has (SQLite's printf rounds some
halves the other way): level and completed whole, times and accuracy with 4 decimals,
metrics with 4 decimals, a count whole.

Changing what a piece holds changes every stored row: add a schema step that runs
`store_csv_rows` again (never edit step 16).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from sensory_games.domain.intensity import CHANNELS
from sensory_games.storage import metric_pack
from sensory_games.storage.rows import ATTEMPT_COLUMNS, StoredAttempt, latest_feeling

#: Between two cells of a stored tail. An attempt with a cell holding it (a NUL in a
#: damaged merged text) has no cells stored: an export makes them from its row.
SEPARATOR = b"\0"


class CsvPieces(NamedTuple):
    """An attempt's line in the attempts CSV but for the child and the feelings: the
    module's pieces (the tail's cells one by one)."""

    head: bytes
    own: bytes
    tail: list[bytes]


#: The attempts table's columns its attempt_csv row shows or is found by: a change to
#: one of them makes the row again, with no cells (a trigger).
SHOWN_COLUMNS = (
    "id",
    "profile_id",
    "session_id",
    "device_id",
    "activity",
    "variant",
    "level",
    "started_at",
    "completion_time_s",
    "accuracy",
    "completed",
    "abort_reason",
    "intensity_json",
    "dominant_hand",
    "pointer",
    "metric_layout",
    "metric_values",
    "app_version",
)


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula: a cell starting with = + - @ or a
    tab/carriage return gets a leading apostrophe (OWASP CSV injection advice). The JSON
    export keeps text exactly as stored."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_cell(text: str) -> str:
    """One text cell as the csv module writes it (quoted only when it must be)."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def text_cell(text: str | None) -> bytes:
    """A stored text as its CSV cell: defused, quoted when it must be, UTF-8."""
    return csv_cell(spreadsheet_safe(text or "")).encode()


def format_intensity(intensity: dict[str, Any]) -> str:
    """`preset=balanced;visual=0.60;...` at the start of the attempt, then `;changes=N` if
    a therapist changed the channels during it: readable, and no commas to quote."""
    parts = [f"preset={intensity.get('preset', 'custom')}"]
    parts += [f"{name}={float(intensity[name]):.2f}" for name in CHANNELS if name in intensity]
    if intensity.get("changes"):
        parts.append(f"changes={len(intensity['changes'])}")  # each one is in the JSON export
    return ";".join(parts)


@lru_cache(maxsize=1024)
def _shared_cell(text: str | None) -> bytes:
    """text_cell of a text many attempts share (a device, an activity, a version...)."""
    return text_cell(text)


@lru_cache(maxsize=256)
def _intensity_cell(intensity_json: str) -> bytes:
    """The intensity's cell (format_intensity) of its stored JSON text."""
    return text_cell(format_intensity(json.loads(intensity_json)))


def _number(value: float | None) -> bytes:
    """A time or an accuracy: 4 decimals, or an empty cell when missing."""
    return b"" if value is None else b"%.4f" % value


def attempt_pieces(attempt: StoredAttempt) -> CsvPieces:
    """The attempt's CSV pieces, made from its row. The ids go in as they are: the app
    makes them (UUIDs) and a merge lets in only plain ids (records.ID).

    Raises what formatting a damaged row raises (a text level, a text in a number
    column): the export says so, as it always has."""
    layout = metric_pack.layout_of(attempt.metric_layout_json)
    values = metric_pack.values_of(attempt.metric_values_blob)
    own = b",".join(
        (
            _shared_cell(attempt.activity),
            _shared_cell(attempt.variant),
            b"%d" % attempt.level,
            text_cell(attempt.started_at),
            _number(attempt.completion_time_s),
            _number(attempt.accuracy),
            b"%d" % attempt.completed_flag,
            _shared_cell(attempt.abort_reason),
            _intensity_cell(attempt.intensity_json),
            _shared_cell(attempt.dominant_hand),
            _shared_cell(attempt.pointer),
        )
    )
    metrics = [
        b"%.0f" % value if unit == "count" else b"%.4f" % value
        for unit, value in zip(layout.units, values, strict=True)
    ]
    head = b"%s,%s,%s" % (
        attempt.id.encode(),
        _shared_cell(attempt.device_id),
        attempt.session_id.encode(),
    )
    return CsvPieces(head, own, [*metrics, _shared_cell(attempt.app_version)])


#: What attempt_csv stores for an attempt: head, own, tail (all None: nothing stored).
StoredCells = tuple[bytes | None, bytes | None, bytes | None]


def stored_cells(attempt: StoredAttempt) -> StoredCells:
    """What attempt_csv stores for the attempt (head, own, the tail joined), or three
    None when a cell holds the separator or the row cannot be formatted (an export then
    makes the pieces from the row, and says what is wrong with it)."""
    try:
        pieces = attempt_pieces(attempt)
    except Exception:  # (whatever a damaged row raises: the export says it, from the row)
        return None, None, None
    tail = SEPARATOR.join(pieces.tail)
    if SEPARATOR in pieces.own or tail.count(SEPARATOR) != len(pieces.tail) - 1:
        return None, None, None
    return pieces.head, pieces.own, tail


#: What attempt_pieces and attempt_csv's own columns read of an attempt (`a`), as
#: StoredAttempt's fields (the others NULL).
_FORMATTED = ", ".join(
    f"a.{ATTEMPT_COLUMNS[name]}"
    if name in ATTEMPT_COLUMNS and name not in ("parameters_json", "duration_s", "px_per_mm")
    else "NULL"
    for name in StoredAttempt._fields
)


def _odd_feeling(attempt: str) -> str:
    """SQL: whether a check-in of `attempt` (an SQL expression) holds a feeling that is
    neither a whole number nor empty (only a log changed by hand can): that attempt's
    cells are then made by the export, its feelings printed as Python prints them."""
    return (
        f"EXISTS (SELECT 1 FROM check_ins WHERE attempt_id = {attempt}"
        " AND typeof(feeling) NOT IN ('integer', 'null'))"
    )


def _formatted_cells(connection: sqlite3.Connection) -> None:
    """Every attempt's cells (stored_cells) in the temporary table `formatted_cells`,
    by the attempt's rowid. Never stopped by a damaged row: one that cannot be read as
    text or formatted (a text that is not UTF-8, an infinite level) gets none, for the
    export to make (and say what is wrong). Read and written as it goes: memory stays
    flat whatever the log's size."""
    connection.execute(
        "CREATE TEMP TABLE formatted_cells (attempt INTEGER PRIMARY KEY, head, own, tail)"
    )
    rows = connection.cursor()

    def formatted() -> Iterator[tuple[int, bytes | None, bytes | None, bytes | None]]:
        """Each attempt's rowid and cells, for those that have them."""
        for rowid, *row in rows.execute(f"SELECT a.rowid, {_FORMATTED} FROM attempts a"):
            cells = stored_cells(StoredAttempt._make(row))
            if cells[0] is not None:
                yield (rowid, *cells)

    factory = connection.text_factory
    connection.text_factory = _readable  # (a text that is not UTF-8 must not stop it)
    try:
        connection.executemany("INSERT INTO formatted_cells VALUES (?, ?, ?, ?)", formatted())
    finally:
        connection.text_factory = factory
        rows.close()


def _readable(value: bytes) -> str:
    """A stored text as Python text, whatever its bytes (not UTF-8: escaped, and then
    not stored, as stored_cells cannot encode it back)."""
    return value.decode("utf-8", "surrogateescape")


def _feelings(attempt: str) -> str:
    """SQL of the feelings cells around `attempt` (an SQL expression): before, a comma,
    after (rows.latest_feeling's; empty when none)."""
    before, after = (latest_feeling(attempt, moment) for moment in ("before", "after"))
    return f"ifnull({before}, '') || ',' || ifnull({after}, '')"


def _refelt(attempt: str) -> str:
    """A trigger's statement that writes the feelings around `attempt` again."""
    return f"UPDATE attempt_csv SET feelings = {_feelings(attempt)} WHERE attempt_id = {attempt};"


#: A trigger's statement that makes the log forget the cells of the check-in's (NEW)
#: attempt: its feeling is odd (_odd_feeling; the trigger's WHEN says so).
_FORGET_ODD = (
    "UPDATE attempt_csv SET head = NULL, own = NULL, tail = NULL WHERE attempt_id = NEW.attempt_id;"
)
#: A check-in's feeling that is neither a whole number nor empty (SQL of NEW).
_ODD_NEW = "typeof(NEW.feeling) NOT IN ('integer', 'null')"


#: A new attempt's row with its cells, written by write_attempt just before the attempt
#: itself (whose trigger then finds it there): one write of the row, where making it in
#: the trigger and storing the cells after it took two. Named values: the attempt's
#: started_at, id, profile_id, session_id, activity, metric_layout, head, own, tail.
NEW_ROW = (
    "INSERT INTO attempt_csv (started_at, attempt_id, layout, profile_id, session_id,"
    " activity, feelings, head, own, tail) SELECT :started_at, :id, number, :profile_id,"
    f" :session_id, :activity, {_feelings(':id')}, CASE WHEN odd THEN NULL ELSE :head END,"
    " CASE WHEN odd THEN NULL ELSE :own END, CASE WHEN odd THEN NULL ELSE :tail END"
    f" FROM metric_layouts, (SELECT {_odd_feeling(':id')} AS odd)"
    " WHERE layout = :metric_layout"
)
#: The layout of NEW_ROW's attempt numbered first (named value: metric_layout).
NEW_LAYOUT = "INSERT OR IGNORE INTO metric_layouts (layout) VALUES (:metric_layout)"


#: The row an attempt (NEW) gets, its layout numbered first, with no cells (an export
#: makes them); the insert's trigger runs it only when write_attempt has not written the
#: row already (NEW_ROW). An attempt with no id is refused (attempt_csv's NOT NULL).
_ROW_OF_NEW = (
    "INSERT OR IGNORE INTO metric_layouts (layout) VALUES (NEW.metric_layout);"
    " INSERT INTO attempt_csv (started_at, attempt_id, layout, profile_id, session_id,"
    f" activity, feelings) SELECT NEW.started_at, NEW.id, number, NEW.profile_id,"
    f" NEW.session_id, NEW.activity, {_feelings('NEW.id')}"
    " FROM metric_layouts WHERE layout = NEW.metric_layout;"
)
_DROP_OLD = "DELETE FROM attempt_csv WHERE attempt_id = OLD.id;"


def store_csv_rows(connection: sqlite3.Connection) -> None:
    """attempt_csv made again from the attempts (schema step 16 for those saved before
    it; a later step that changes what a cell holds runs it again): the layouts
    numbered, each attempt's row with its cells (formatted into a temporary table, then
    joined to the attempts in SQL, so no damaged value can stop it), the feelings of
    those with check-ins. About 3.5 s for 100,000 attempts here, memory flat. An
    attempt with no id (only a change by hand can make one) gets no row: the CSV
    leaves it out."""
    connection.execute(
        "INSERT OR IGNORE INTO metric_layouts (layout)"
        " SELECT DISTINCT metric_layout FROM attempts ORDER BY metric_layout"
    )
    _formatted_cells(connection)
    connection.execute("DELETE FROM attempt_csv")
    connection.execute(
        "INSERT INTO attempt_csv (started_at, attempt_id, layout, profile_id, session_id,"
        " activity, feelings, head, own, tail) SELECT a.started_at, a.id, l.number,"
        " a.profile_id, a.session_id, a.activity, ',', f.head, f.own, f.tail FROM attempts a"
        " JOIN metric_layouts l ON l.layout = a.metric_layout"
        " LEFT JOIN formatted_cells f ON f.attempt = a.rowid WHERE a.id IS NOT NULL"
        " ORDER BY a.started_at, a.id"
    )
    connection.execute("DROP TABLE temp.formatted_cells")
    with_check_ins = "attempt_id IN (SELECT attempt_id FROM check_ins)"
    connection.execute(
        f"UPDATE attempt_csv SET feelings = {_feelings('attempt_csv.attempt_id')}"
        f" WHERE {with_check_ins}"
    )
    connection.execute(
        "UPDATE attempt_csv SET head = NULL, own = NULL, tail = NULL"
        f" WHERE {with_check_ins} AND {_odd_feeling('attempt_csv.attempt_id')}"
    )


#: Schema step 16: the tables, then the rows of the attempts saved before
#: (store_csv_rows), the indexes and the triggers that keep the table whole.
TABLES = (
    "CREATE TABLE metric_layouts (number INTEGER PRIMARY KEY, layout TEXT NOT NULL UNIQUE)",
    """
    CREATE TABLE attempt_csv (
        started_at  TEXT NOT NULL,
        attempt_id  TEXT NOT NULL,
        layout      INTEGER NOT NULL REFERENCES metric_layouts(number),
        profile_id  TEXT NOT NULL,
        session_id  TEXT NOT NULL,
        activity    TEXT NOT NULL,
        feelings    TEXT NOT NULL,
        head        BLOB,
        own         BLOB,
        tail        BLOB,
        PRIMARY KEY (started_at, attempt_id)
    ) WITHOUT ROWID
    """,
)
INDEXES = (
    "CREATE UNIQUE INDEX attempt_csv_by_attempt ON attempt_csv(attempt_id)",
    "CREATE INDEX attempt_csv_by_profile ON attempt_csv(profile_id)",
)
_WRITTEN = "EXISTS (SELECT 1 FROM attempt_csv WHERE attempt_id = NEW.id)"
#: The triggers that keep attempt_csv whole, by name.
_TRIGGERS = {
    "attempt_csv_insert": f"AFTER INSERT ON attempts WHEN NOT {_WRITTEN} BEGIN {_ROW_OF_NEW} END",
    "attempt_csv_delete": f"AFTER DELETE ON attempts BEGIN {_DROP_OLD} END",
    "attempt_csv_update": f"AFTER UPDATE OF {', '.join(SHOWN_COLUMNS)} ON attempts"
    f" BEGIN {_DROP_OLD} {_ROW_OF_NEW} END",
    "attempt_csv_check_in_insert": "AFTER INSERT ON check_ins WHEN NEW.attempt_id IS NOT NULL"
    f" BEGIN {_refelt('NEW.attempt_id')} END",
    "attempt_csv_check_in_delete": "AFTER DELETE ON check_ins WHEN OLD.attempt_id IS NOT NULL"
    f" BEGIN {_refelt('OLD.attempt_id')} END",
    "attempt_csv_check_in_update": "AFTER UPDATE OF attempt_id, moment, feeling, asked_at"
    f" ON check_ins BEGIN {_refelt('OLD.attempt_id')} {_refelt('NEW.attempt_id')} END",
    "attempt_csv_odd_feeling_insert": f"AFTER INSERT ON check_ins WHEN {_ODD_NEW}"
    f" BEGIN {_FORGET_ODD} END",
    "attempt_csv_odd_feeling_update": "AFTER UPDATE OF attempt_id, feeling ON check_ins"
    f" WHEN {_ODD_NEW} BEGIN {_FORGET_ODD} END",
}
#: Schema step 16's triggers.
TRIGGERS = tuple(f"CREATE TRIGGER {name} {body}" for name, body in _TRIGGERS.items())
#: Schema step 17: the triggers made again. A log brought to step 16 by a build before
#: write_attempt wrote the row itself kept an insert trigger that refused that row.
TRIGGERS_AGAIN = (
    *(f"DROP TRIGGER IF EXISTS {name}" for name in _TRIGGERS),
    *TRIGGERS,
)
