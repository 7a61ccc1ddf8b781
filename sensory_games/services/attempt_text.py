"""An attempt (and a check-in) as the compact JSON export writes it, made straight from
the stored row.

A 100,000-attempt export is mostly attempts, so each one is UTF-8 bytes in a single step
(bytes all the way to the file: orjson writes bytes, and splitting, filling and joining
them costs about half what the same with text does, with nothing to decode or encode):
the record's JSON is a %-template made once per metric layout (an activity's set of
metrics, with every field name, metric name and unit in place), filled with

- the numbers and short texts of the row, encoded by one call of the standard library's
  C encoder, or of orjson's when the fast-json extra is installed (`values_text`: every
  number and string written exactly as json.dumps writes it, either way; `values_bytes`);
- the parameters and sensory settings from the JSON text the log stores, made compact
  once per distinct text (`compact_stored`: a level's parameters and a preset's settings
  come back attempt after attempt, so most attempts cost a look-up, not a decode);
- `completed` as true or false.

The fields come in the order of `fields` (the JSON export's ATTEMPT_FIELDS): the text is
json.dumps(attempt record, separators=(",", ":"), ensure_ascii=False), byte for byte.
The metrics go in their layout's order, which is name order (metric_pack.pack sorts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple

from sensory_games.storage import StoredAttempt, metric_pack

#: Fields written from the stored JSON text of a column, not encoded again.
STORED_JSON = {"parameters": "parameters_json", "intensity": "intensity_json"}
#: An exported field read from another column of the row.
COLUMN_OF = {"attempt_id": "id", "completed": "completed_flag"}
BOOLEANS = {b"0": b"false", b"1": b"true"}
#: Distinct stored JSON texts kept compact at once (a clinic's levels and presets fit).
STORED_TEXTS = 4096

compact: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: Where orjson writes a number otherwise than the standard library: under 1e-4 in size,
#: as 0.00001 or 1e-5 for 1e-05 (in a flat array a number follows "[" or "," and ends
#: before "," or "]"). Every other finite float, int, string, true, false and null it
#: writes the same, byte for byte (tests/test_export_fast_json.py).
FIXED_SMALL = re.compile(rb"[\[,]-?0\.0000")
SMALL_EXPONENT = re.compile(rb"e-[0-9]+[,\]]")


#: Values orjson writes as json.dumps does, looked at once on import: an orjson that
#: writes any of them otherwise (another release's number format) is not used.
SAME_VALUES = (0.1 + 0.2, -0.0, 0.0001, 1e16, -1.5e300, 9999999999999998.0, 2**64 - 1, 'é\x1f"\\')


def _fast_dumps() -> Callable[[Any], bytes] | None:
    """orjson's encoder when the fast-json extra is installed (and writes SAME_VALUES as
    the standard library does), else None."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson.dumps if orjson.dumps(SAME_VALUES).decode() == compact(SAME_VALUES) else None


#: The optional faster encoder (see values_text), None without the fast-json extra.
FAST_DUMPS = _fast_dumps()


def values_text(values: tuple[Any, ...]) -> str:
    """compact(values) for a tuple of plain values (str, int, float, bool, None): see
    values_bytes (and the standard library's text for a lone surrogate, which UTF-8
    cannot hold)."""
    try:
        return values_bytes(values).decode()
    except UnicodeEncodeError:
        return compact(values)


def values_bytes(values: tuple[Any, ...]) -> bytes:
    """compact(values) in UTF-8 for a tuple of plain values (str, int, float, bool,
    None), through orjson when it is installed and writes them the same (about 5x faster
    on floats); the standard library's text for the few it would write otherwise: a
    number under 1e-4, NaN or infinity (orjson: null), an int beyond 64 bits or a lone
    surrogate (which then fails to encode, as the export's text always did)."""
    if FAST_DUMPS is not None:
        try:
            text = FAST_DUMPS(values)
        except TypeError:  # (orjson's JSONEncodeError: a value it does not take)
            return utf8(compact(values))
        # (a NaN or infinity shows as one null more than the Nones; false alarms, such as
        # "null" inside a string, only cost the slower encoder)
        if (
            text.count(b"null") == values.count(None)
            # (looked for only where "0.0000" is: 30.000000000023874 has it too, and the
            # search costs more than the look)
            and not (b"0.0000" in text and FIXED_SMALL.search(text))
            and not SMALL_EXPONENT.search(text)
        ):
            return text
    return utf8(compact(values))


class Template(NamedTuple):
    """One metric layout's record as a %-template (see AttemptText._template)."""

    text: bytes  # UTF-8
    unpack: Callable[[bytes], tuple[float, ...]]  # the metric values' blob -> values
    cells: int  # values encoded per attempt: the plain fields' and the metrics'
    completed: int  # where `completed` is among the template's values
    stored: tuple[tuple[int, str], ...]  # (where, which column) of each stored JSON text


class AttemptText:
    """Makes attempts' compact JSON text (see the module); one per export, as it keeps a
    template per metric layout."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        plain = [f for f in fields if f not in STORED_JSON]
        split = plain.index("metrics")
        self.before_metrics = attrgetter(*(COLUMN_OF.get(f, f) for f in plain[:split]))
        self.after_metrics = attrgetter(*(COLUMN_OF.get(f, f) for f in plain[split + 1 :]))
        self.templates: dict[str, Template] = {}

    def text(self, attempt: StoredAttempt) -> str:
        """The attempt's JSON record, compact."""
        return self.record(attempt).decode("utf-8")

    def record(self, attempt: StoredAttempt) -> bytes:
        """The attempt's JSON record, compact, in UTF-8 (as the export writes it)."""
        layout = attempt.metric_layout_json
        template = self.templates.get(layout) or self._template(layout)
        values = (
            *self.before_metrics(attempt),
            *template.unpack(attempt.metric_values_blob),
            *self.after_metrics(attempt),
        )
        parts = values_bytes(values)[1:-1].split(b",")
        if len(parts) != template.cells:  # a text with a comma in it: each value on its own
            parts = [utf8(compact(value)) for value in values]
        for where, column in template.stored:
            parts.insert(where, stored_bytes(getattr(attempt, column)))
        flag = parts[template.completed]
        parts[template.completed] = BOOLEANS.get(flag, flag)
        return template.text % tuple(parts)

    def _template(self, layout_text: str) -> Template:
        """The %-template of one metric layout: every field name, metric name and unit in
        place, a %s for each value in the order the fields are written."""
        layout = metric_pack.layout_of(layout_text)
        pieces, stored, places, completed = [], [], 0, 0
        for field in self.fields:
            if field == "metrics":
                metrics = list(zip(layout.names, layout.units, strict=True))
                value = ",".join(
                    f'{_literal(name)}:{{"value":%s,"unit":{_literal(unit)}}}'
                    for name, unit in metrics
                )
                pieces.append(f'"metrics":{{{value}}}')
                places += len(metrics)
                continue
            if field in STORED_JSON:
                stored.append((places, STORED_JSON[field]))
            completed = places if field == "completed" else completed
            pieces.append(f"{_literal(field)}:%s")
            places += 1
        text = utf8("{" + ",".join(pieces) + "}")
        cells = places - len(stored)
        made = Template(
            text, metric_pack.unpacker(len(layout.names)), cells, completed, tuple(stored)
        )
        self.templates[layout_text] = made
        return made


class FlatText:
    """Flat records (each field a plain value: str, int, float, bool or None) as the
    compact export writes them, many at a time: json.dumps(dict(zip(fields, values)),
    separators=(",", ":"), ensure_ascii=False) in UTF-8, byte for byte, each a %-template
    with the field names in place filled from one values_bytes call for all the records
    (a session's check-ins: a tenth of the standard library's time for their dicts)."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.size = len(fields)
        self.template = utf8("{" + ",".join(f"{_literal(f)}:%s" for f in fields) + "}")

    def records(self, rows: Iterable[tuple[Any, ...]]) -> bytes:
        """The records of `rows` (each its values in the fields' order) joined by commas:
        the inside of their JSON array (b"" for none)."""
        values = tuple(chain.from_iterable(rows))
        if not values:
            return b""
        parts = values_bytes(values)[1:-1].split(b",")
        if len(parts) != len(values):  # (a text with a comma in it: each value on its own)
            parts = [utf8(compact(value)) for value in values]
        size, template = self.size, self.template
        return b",".join(
            template % tuple(parts[start : start + size]) for start in range(0, len(parts), size)
        )


@lru_cache(maxsize=STORED_TEXTS)
def compact_stored(text: str) -> str:
    """JSON text as the log stores it (json.dumps' spaces, non-ASCII escaped) written
    compact, as the export writes everything else."""
    return compact(json.loads(text))


@lru_cache(maxsize=STORED_TEXTS)
def stored_bytes(text: str) -> bytes:
    """compact_stored(text) in UTF-8."""
    return utf8(compact_stored(text))


def utf8(text: str) -> bytes:
    """Text as the export writes it to the file: UTF-8."""
    return text.encode("utf-8")


def _literal(text: str) -> str:
    """`text` as a JSON string inside a %-template (a % doubled)."""
    return compact(text).replace("%", "%%")
