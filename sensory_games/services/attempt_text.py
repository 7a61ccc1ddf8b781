"""An attempt (and a check-in) as the compact JSON export writes it, made straight from
the stored row.

A 100,000-attempt export is mostly attempts, so each one is UTF-8 bytes in a single step
(bytes all the way to the file: orjson writes bytes, and splitting, filling and joining
them costs about half what the same with text does, with nothing to decode or encode).
SQLite writes an attempt's plain fields as it reads the row (storage/record_sql.py: one
JSON array of its texts, level and `completed`); `AttemptText` puts them into a
%-template of the record with every field name in place, and with them

- the numbers (times, accuracy, scale, metric values), encoded by one call of the
  standard library's C encoder, or of orjson's when the fast-json extra is installed
  (`values_text`: every number and string written exactly as json.dumps writes it,
  either way; `values_bytes`), the metrics through a %-template made once per metric
  layout (an activity's set of metrics, every name and unit in place);
- the parameters and sensory settings from the JSON text the log stores, made compact
  once per distinct text (`compact_stored`: a level's parameters and a preset's settings
  come back attempt after attempt, so most attempts cost a look-up, not a decode);
- the feelings around the attempt (from its check-ins).

The fields come in the order of `fields` (the JSON export's ATTEMPT_FIELDS): the text is
json.dumps(attempt record, separators=(",", ":"), ensure_ascii=False), byte for byte.
The metrics go in their layout's order, which is name order (metric_pack.pack sorts).
Check-ins, many to a session, go through FlatText.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from sensory_games.storage import metric_pack
from sensory_games.storage.queries import Feelings
from sensory_games.storage.record_sql import FILLED_FIELDS, SQL_WRITTEN

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


def value_cells(values: tuple[Any, ...]) -> list[bytes]:
    """Each of `values` (plain values) as compact JSON in UTF-8, from one values_bytes
    call cut at its commas (each value encoded on its own when a text holds a comma)."""
    if not values:
        return []
    parts = values_bytes(values)[1:-1].split(b",")
    if len(parts) != len(values):
        parts = [utf8(compact(value)) for value in values]
    return parts


class MetricsTemplate(NamedTuple):
    """One metric layout's `metrics` object as a %-template (AttemptText._metrics)."""

    text: bytes  # UTF-8, a %s for each value
    unpack: Callable[[bytes], tuple[float, ...]]  # the metric values' blob -> values


class AttemptText:
    """Makes attempts' compact JSON text (see the module) from the rows
    Queries.child_attempt_records reads for `fields`; one per export, as it keeps a
    template per metric layout."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields = fields
        plain = [field for field in fields if field in SQL_WRITTEN]
        self.plain_count = len(plain)
        self.template = utf8("{" + ",".join(f"{_literal(field)}:%s" for field in fields) + "}")
        # (record() makes the values plain ones first, then FILLED_FIELDS' in its order;
        # the template takes them in the fields' order)
        where = [
            plain.index(field) if field in SQL_WRITTEN else len(plain) + FILLED_FIELDS.index(field)
            for field in fields
        ]
        self.in_order: Callable[[tuple[bytes, ...]], tuple[bytes, ...]] = (
            itemgetter(*where)
            if len(where) > 1
            else lambda made: tuple(made[k] for k in where)  # (itemgetter: not a tuple)
        )
        self.metrics: dict[str, MetricsTemplate] = {}

    def record(self, row: tuple[Any, ...], feelings: Mapping[str, Feelings]) -> bytes:
        """The compact JSON record, in UTF-8, of an attempt read as record_sql.RECORD_ROW
        (`feelings`: the feelings around each attempt that has any, by its id)."""
        _, attempt_id, plain_text, *numbers, layout, blob, parameters, intensity = row
        plain = utf8(plain_text)[1:-1].split(b",")
        if len(plain) != self.plain_count:  # (a text with a comma in it: each on its own)
            plain = [utf8(compact(value)) for value in json.loads(plain_text)]
        metrics = self.metrics.get(layout) or self._metrics(layout)
        parts = value_cells((*numbers, *metrics.unpack(blob)))  # (a damaged log: texts too)
        count = len(numbers)
        before, after = feelings.get(attempt_id, NO_FEELINGS)
        made = (
            *plain,
            *parts[:count],
            metrics.text % tuple(parts[count:]),
            stored_bytes(parameters),
            stored_bytes(intensity),
            _whole(before),
            _whole(after),
        )
        return self.template % self.in_order(made)

    def _metrics(self, layout_text: str) -> MetricsTemplate:
        """The `metrics` template of one metric layout: every metric name and unit in
        place, a %s for each value, in the layout's order."""
        layout = metric_pack.layout_of(layout_text)
        pairs = zip(layout.names, layout.units, strict=True)
        text = ",".join(
            f'{_literal(name)}:{{"value":%s,"unit":{_literal(unit)}}}' for name, unit in pairs
        )
        made = self.metrics[layout_text] = MetricsTemplate(
            utf8("{" + text + "}"), metric_pack.unpacker(len(layout.names))
        )
        return made


#: The feelings of an attempt with no check-in around it.
NO_FEELINGS: Feelings = (None, None)


@lru_cache(maxsize=64)
def _whole(value: int | None) -> bytes:
    """A feeling (a whole number, or None) as JSON in UTF-8."""
    return b"null" if value is None else str(value).encode()


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
        parts = value_cells(tuple(chain.from_iterable(rows)))
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
