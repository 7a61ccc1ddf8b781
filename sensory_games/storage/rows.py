"""The records the log holds, as the rest of the app sees them: an attempt to save, an
attempt or check-in read back, a level change, an audit entry, a child's allowed
difficulty, this device's latency, and which rows an export reads (:class:`Selection`).

Plain values with no connection behind them, so a new storage backend returns the same
types; the conversions between them and the exported records (domain.records) live here
too, so the log and the exports agree on every field's name and order.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple

from sensory_games.domain import records
from sensory_games.domain.aliases import normalise_alias, typed_alias
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pointer import PointerEvent
from sensory_games.storage import metric_pack
from sensory_games.storage.metric_pack import MetricLayout
from sensory_games.version import build_version


class StorageError(Exception):
    """The log cannot be opened or written; the message says why in plain words."""


@dataclass(frozen=True)
class AttemptRecord:
    """Everything saved about one attempt of one activity by one child."""

    session_id: str
    profile_id: str
    activity: str
    variant: str
    level: int
    parameters: dict[str, Any]
    intensity: dict[str, Any]
    started_at: datetime
    result: Result
    samples: Sequence[PointerEvent] = ()
    samples_start: float = 0.0
    px_per_mm: float | None = None
    origin: str = "child"
    dominant_hand: str = "unknown"
    pointer: str = "unknown"  # finger or stylus, from the child's profile
    #: Check-ins already saved (e.g. "before" a calm attempt) to link to this attempt.
    check_in_ids: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


#: The attempts table's columns as StoredAttempt's fields (field name -> column): the one
#: list every INSERT of an attempt follows (write_attempt: this device's and merged ones).
ATTEMPT_COLUMNS: dict[str, str] = {
    "id": "id",
    "device_id": "device_id",
    "session_id": "session_id",
    "profile_id": "profile_id",
    "activity": "activity",
    "variant": "variant",
    "level": "level",
    "parameters_json": "parameters_json",
    "intensity_json": "intensity_json",
    "started_at": "started_at",
    "duration_s": "duration_s",
    "completion_time_s": "completion_time_s",
    "accuracy": "accuracy",
    "completed_flag": "completed",
    "abort_reason": "abort_reason",
    "app_version": "app_version",
    "px_per_mm": "px_per_mm",
    "origin": "origin",
    "dominant_hand": "dominant_hand",
    "metric_layout_json": "metric_layout",
    "metric_values_blob": "metric_values",
    "pointer": "pointer",
}


class StoredAttempt(NamedTuple):
    """An attempt read back for export and the therapist's views: the row plus the
    child's alias and the check-in feelings around it.

    A plain named tuple of the columns as read (a 100,000-row CSV export makes one per
    attempt, so nothing is parsed until asked for): `intensity`, `parameters`, `metrics`
    (by name, with units), `metric(name)`, `metric_layout` and `metric_values` (in the
    layout's order) decode their columns on use."""

    id: str
    device_id: str
    session_id: str
    profile_id: str
    profile_alias: str
    activity: str
    variant: str
    level: int
    parameters_json: str
    intensity_json: str
    started_at: str
    duration_s: float
    completion_time_s: float | None
    accuracy: float | None
    completed_flag: int  # 1 completed, 0 aborted
    abort_reason: str | None
    px_per_mm: float | None
    origin: str
    dominant_hand: str
    feeling_before: int | None  # the check-in before / after (1..5), if answered
    feeling_after: int | None
    app_version: str
    metric_layout_json: str
    metric_values_blob: bytes
    pointer: str  # finger, stylus, or unknown (attempts saved before schema step 11)

    @property
    def completed(self) -> bool:
        return bool(self.completed_flag)

    @property
    def intensity(self) -> dict[str, Any]:
        """The sensory settings in force (preset, channels, changes during the attempt)."""
        intensity: dict[str, Any] = json.loads(self.intensity_json)
        return intensity

    @property
    def parameters(self) -> dict[str, Any]:
        """The level's parameters as the activity ran them."""
        parameters: dict[str, Any] = json.loads(self.parameters_json)
        return parameters

    @property
    def metric_layout(self) -> MetricLayout:
        return metric_pack.layout_of(self.metric_layout_json)

    @property
    def metric_values(self) -> tuple[float, ...]:
        return metric_pack.values_of(self.metric_values_blob)

    @property
    def metrics(self) -> dict[str, Metric]:
        """Every metric with its unit, by name."""
        layout = self.metric_layout
        return {
            name: Metric(value, unit)
            for name, unit, value in zip(
                layout.names, layout.units, self.metric_values, strict=True
            )
        }

    def metric(self, name: str) -> float | None:
        """One metric's value, or None when this attempt does not have it."""
        position = self.metric_layout.position.get(name)
        return None if position is None else self.metric_values[position]


def stored_attempt(
    attempt: AttemptRecord,
    device_id: str,
    alias: str = "",
    feelings: tuple[int | None, int | None] = (None, None),
) -> StoredAttempt:
    """An attempt as the log stores it (and as an export reads it back): what
    `save_attempt` writes, and what the fallback file of unsaved attempts holds."""
    result = attempt.result
    layout, values = metric_pack.pack({n: (m.value, m.unit) for n, m in result.metrics.items()})
    return StoredAttempt(
        id=attempt.id,
        device_id=device_id,
        session_id=attempt.session_id,
        profile_id=attempt.profile_id,
        profile_alias=alias,
        activity=attempt.activity,
        variant=attempt.variant,
        level=attempt.level,
        parameters_json=json.dumps(attempt.parameters, sort_keys=True),
        intensity_json=json.dumps(attempt.intensity, sort_keys=True),
        started_at=utc_iso(attempt.started_at),
        duration_s=result.duration_s,
        completion_time_s=result.completion_time_s,
        accuracy=result.accuracy,
        completed_flag=int(result.completed),
        abort_reason=result.abort_reason,
        px_per_mm=attempt.px_per_mm,
        origin=attempt.origin,
        dominant_hand=attempt.dominant_hand,
        feeling_before=feelings[0],
        feeling_after=feelings[1],
        app_version=build_version(),
        metric_layout_json=layout,
        metric_values_blob=values,
        pointer=attempt.pointer,
    )


def stored_check_in(check_in: CheckIn, device_id: str, alias: str = "") -> StoredCheckIn:
    """A check-in as the log stores it (what `save_check_in` writes)."""
    return StoredCheckIn(
        id=check_in.id,
        device_id=device_id,
        session_id=check_in.session_id,
        profile_alias=alias,
        attempt_id=check_in.attempt_id,
        moment=check_in.moment,
        feeling=check_in.feeling,
        asked_at=utc_iso(check_in.asked_at),
        answer_s=check_in.answer_s,
        profile_id=check_in.profile_id,
        scale=check_in.scale,
    )


class StoredCheckIn(NamedTuple):
    """A check-in read back for export and the therapist's views: a plain named tuple of
    the columns as read (a clinic's export reads tens of thousands; a frozen dataclass
    took three times as long to make)."""

    id: str
    device_id: str
    session_id: str
    profile_alias: str
    attempt_id: str | None
    moment: str
    feeling: int | None
    asked_at: str
    answer_s: float | None
    profile_id: str = ""
    scale: str = "faces"  # the scale `feeling` is a point of (domain.check_in.SCALES)


@dataclass(frozen=True)
class LevelChange:
    """A child's level of an activity set by an adult or a profile bundle, with why."""

    id: str
    device_id: str
    profile_id: str
    activity: str
    from_level: int | None
    to_level: int
    reason: str
    changed_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One thing an adult did: when (UTC), what (`action`), about whom, the details."""

    at: str
    action: str
    profile_alias: str | None
    detail: str


@dataclass(frozen=True)
class Difficulty:
    """What a therapist allows one child in one activity: the levels the mastery rule
    may move between (`highest` None: up to the activity's last) and the child's own
    rule as a mapping (None: the clinic's)."""

    lowest: int = 1
    highest: int | None = None
    rule: dict[str, Any] | None = None


@dataclass(frozen=True)
class Selection:
    """Which attempts and check-ins an export or report reads; None means "all".

    `since` is inclusive and `before` exclusive, both UTC ISO-8601 dates or times
    (`2026-11-01`, `2026-11-01T09:30:00.000Z`): they compare as text, as stored."""

    profile_alias: str | None = None
    activity: str | None = None
    since: str | None = None
    before: str | None = None
    session_id: str | None = None
    profile_id: str | None = None

    def where(self, time: str, session: str, activity: str | None) -> tuple[str, list[Any]]:
        """SQL conditions and parameters for rows with these column expressions (the
        profile table is `p`); `activity` None: the rows have no activity (e.g. a session
        check-in), so an activity filter keeps none of them.

        Only the filters that are set are written out ("1": none): SQLite then finds one
        child's rows through its index (1,000 of a 100,000-attempt log in ~30 ms) where a
        "? IS NULL OR column = ?" for every filter made it read every row (~400 ms)."""
        key = alias_key(self.profile_alias) if self.profile_alias is not None else None
        filters = (
            ("p.alias_key = ?", key),
            (f"{time} >= ?", self.since),
            (f"{time} < ?", self.before),
            (f"{session} = ?", self.session_id),
            (f"{activity or 'NULL'} = ?", self.activity),
            ("p.id = ?", self.profile_id),
        )
        chosen = [(condition, value) for condition, value in filters if value is not None]
        return " AND ".join(c for c, _ in chosen) or "1", [value for _, value in chosen]


def latest_feeling(attempt: str, moment: str) -> str:
    """SQL of the feeling around `attempt` (an SQL expression) at `moment` (before,
    after): of its check-ins then, the one asked last, of two asked at once the one saved
    first; NULL when there is none or it went unanswered. The rule every export and the
    therapist's views share (Queries.latest_feelings applies it in one pass instead).
    Looked up by index for that attempt alone: a query costs a look-up per attempt it
    reads, never a pass over the whole clinic's check-ins (grouped and joined, that took
    120 ms to read one child's 120 attempts with 60,000 check-ins in the log here)."""
    return (
        f"(SELECT feeling FROM check_ins WHERE attempt_id = {attempt} AND moment = '{moment}'"
        " ORDER BY asked_at DESC, rowid LIMIT 1)"
    )


def alias_key(alias: str) -> str:
    """How aliases are compared: trimmed and case-folded (Unicode-aware, unlike SQLite's
    NOCASE), so "Zoë" and "ZOË" are the same child."""
    return alias.strip().casefold()


def checked_alias(alias: str, key: str = "alias", typed: bool = False) -> str:
    """The alias as it is stored (NFC, trimmed, single spaces); SchemaError if empty, too
    long or not plain text: control, invisible, direction and blank-looking characters
    could hide or disguise a name on screen and in exports (sensory_games.domain.aliases).
    `typed`: a new alias a therapist chose, held to the shorter limit for typing."""
    return typed_alias(alias, key) if typed else normalise_alias(alias, key)


def now_iso() -> str:
    """Now, as the log stamps its rows (UTC ISO-8601, domain.clock.utc_iso)."""
    return utc_iso(datetime.now(timezone.utc))


def exported(row: object, fields: Iterable[str], **given: Any) -> dict[str, Any]:
    """A row read back (or a record about to be stored) as an export writes it: `fields`
    in their order (e.g. records.LEVEL_CHANGE's), each from `given` if there, else the
    first (the record's own id, e.g. ``level_change_id``) from ``row.id`` and every other
    from the row's attribute of the same name."""
    names = tuple(fields)
    return {
        name: given[name] if name in given else getattr(row, column)
        for name, column in zip(names, exported_columns(names), strict=True)
    }


def exported_columns(fields: Sequence[str]) -> tuple[str, ...]:
    """The row's attribute each of `fields` is read from, as `exported` reads them: the
    first (the record's own id) from ``id``, every other from its own name."""
    return ("id", *fields[1:]) if fields else ()


def level_change_record(change: LevelChange) -> dict[str, Any]:
    """A level change as exported and merged (records.LEVEL_CHANGE)."""
    return exported(change, records.LEVEL_CHANGE)


def check_level_change_record(change: LevelChange) -> None:
    """SchemaError for a level change the log may not hold (the same checks a merged one
    passes: a reason of one plain line, a real level, a UTC time)."""
    records.check_own_record("level change", level_change_record(change), records.LEVEL_CHANGE)
