"""An attempt's plain fields for its compact JSON record (the JSON export's), written by
SQLite as it reads the row: services/attempt_text.py makes the record.

Reading 100,000 attempts of 25 columns each into Python values, then encoding them
again, was half of a JSON export's time. SQLite writes, in C, one JSON array of every
field whose text it writes exactly as ``json.dumps(..., ensure_ascii=False)`` does: the
texts (the same escapes, non-ASCII as it is, null for NULL) and `completed` as true or
false. Python writes the rest from the row's other values (RECORD_ROW): the numbers
(SQLite writes a REAL with 15 digits, %!.15g, where Python writes the shortest text that
reads back as the same number), the stored parameters and intensity
(made compact, services/attempt_text.py compact_stored), the metrics (packed in a blob)
and the feelings (from the check-ins: Queries.latest_feelings).
"""

from __future__ import annotations

from functools import lru_cache

#: The text columns of the exported fields SQLite writes itself (json_quote).
TEXT_COLUMNS = {
    "attempt_id": "id",
    "device_id": "device_id",
    "activity": "activity",
    "variant": "variant",
    "started_at": "started_at",
    "abort_reason": "abort_reason",
    "origin": "origin",
    "dominant_hand": "dominant_hand",
    "pointer": "pointer",
    "app_version": "app_version",
}
#: The exported fields SQLite writes (RECORD_ROW's `plain` array), each its column
#: expression. (Not the level, though whole: an old log's or another program's REAL there,
#: 1e20, would be written by SQLite as 1.0e+20.)
SQL_WRITTEN = {
    **{field: f"a.{column}" for field, column in TEXT_COLUMNS.items()},
    "completed": "json(CASE a.completed WHEN 0 THEN 'false' ELSE 'true' END)",
}
#: The exported fields Python writes from the row's other values, in the order it makes
#: them (after the plain ones): the numbers (RECORD_ROW's, in this order), the metrics,
#: the parameters and intensity, the feelings.
NUMBER_FIELDS = ("level", "duration_s", "completion_time_s", "accuracy", "px_per_mm")
FILLED_FIELDS = (
    *NUMBER_FIELDS,
    "metrics",
    "parameters",
    "intensity",
    "feeling_before",
    "feeling_after",
)
#: What a row of Queries.child_attempt_records holds, in order: the session, the
#: attempt's id, the JSON array of its plain fields (record_columns' `fields` that are
#: in SQL_WRITTEN, in their order; read as text, so a damaged log's bytes that are not
#: UTF-8 stop the export as they always did, never reaching the file), then the values
#: Python writes the other fields from.
RECORD_ROW = (
    "session_id",
    "id",
    "plain",
    *NUMBER_FIELDS,
    "metric_layout",
    "metric_values",
    "parameters_json",
    "intensity_json",
)


@lru_cache(maxsize=8)
def record_columns(fields: tuple[str, ...]) -> str:
    """RECORD_ROW's column expressions over the attempts (`a`) for records of `fields`
    (each in SQL_WRITTEN or FILLED_FIELDS; ValueError names any other)."""
    unknown = [f for f in fields if f not in SQL_WRITTEN and f not in FILLED_FIELDS]
    if unknown:
        raise ValueError(f"the attempt record cannot write {', '.join(unknown)}")
    plain = ", ".join(SQL_WRITTEN[field] for field in fields if field in SQL_WRITTEN)
    rest = ", ".join(f"a.{column}" for column in RECORD_ROW[3:])  # (the columns' names)
    return f"a.session_id, a.id, json_array({plain}), {rest}"
