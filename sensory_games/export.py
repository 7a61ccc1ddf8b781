"""CSV and JSON exports of the attempt log (column definitions: docs/metrics.md).

CSV: one row per attempt, UTF-8, comma-separated, dot decimals, ISO-8601 UTC dates, no
index column. The leading columns are fixed; metric columns follow, sorted by name.
JSON: nested profile -> sessions -> attempts, with metric units.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sensory_games import __version__
from sensory_games.check_in import describe
from sensory_games.intensity import CHANNELS
from sensory_games.storage import StoredAttempt, StoredCheckIn

LEADING_COLUMNS: tuple[str, ...] = (
    "attempt_id",
    "device_id",
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
    "feeling_before",
    "feeling_after",
)


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


def csv_text(attempts: Iterable[StoredAttempt]) -> str:
    """The CSV export of `attempts` as text (\\r\\n line ends, as spreadsheets expect)."""
    rows = list(attempts)
    metric_names = sorted({name for attempt in rows for name in attempt.metrics})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*LEADING_COLUMNS, *metric_names])
    for a in rows:
        writer.writerow(
            [
                a.id,
                a.device_id,
                spreadsheet_safe(a.profile_alias),
                a.activity,
                spreadsheet_safe(a.variant),
                a.level,
                a.started_at,
                format_number(a.completion_time_s),
                format_number(a.accuracy),
                "1" if a.completed else "0",
                a.abort_reason or "",
                format_intensity(a.intensity),
                a.dominant_hand,
                format_number(a.feeling_before, "count"),
                format_number(a.feeling_after, "count"),
                *(
                    format_number(a.metrics[name].value, a.metrics[name].unit)
                    if name in a.metrics
                    else ""
                    for name in metric_names
                ),
            ]
        )
    return buffer.getvalue()


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


def check_in_record(c: StoredCheckIn) -> dict[str, Any]:
    """One check-in as exported (JSON, and a row of the check-ins CSV)."""
    return {
        "check_in_id": c.id,
        "device_id": c.device_id,
        "attempt_id": c.attempt_id,
        "moment": c.moment,
        "feeling": c.feeling,
        "feeling_words": describe(c.feeling) if c.feeling is not None else "",
        "asked_at": c.asked_at,
        "answer_s": c.answer_s,
    }


def json_document(
    attempts: Iterable[StoredAttempt],
    extras: Callable[[StoredAttempt], dict[str, Any]] | None = None,
    check_ins: Iterable[StoredCheckIn] = (),
) -> dict[str, Any]:
    """profile -> sessions -> attempts (with metrics and units) and check-ins, in start
    order. `extras` adds fields to each attempt (raw samples and target with --samples)."""
    profiles: dict[str, dict[str, list[dict[str, Any]]]] = {}
    asked: dict[str, list[dict[str, Any]]] = {}
    for a in attempts:
        sessions = profiles.setdefault(a.profile_alias, {})
        sessions.setdefault(a.session_id, []).append(
            {
                "attempt_id": a.id,
                "device_id": a.device_id,
                "activity": a.activity,
                "variant": a.variant,
                "level": a.level,
                "parameters": a.parameters,
                "intensity": a.intensity,
                "started_at": a.started_at,
                "duration_s": a.duration_s,
                "completion_time_s": a.completion_time_s,
                "accuracy": a.accuracy,
                "completed": a.completed,
                "abort_reason": a.abort_reason,
                "metrics": {
                    name: {"value": m.value, "unit": m.unit}
                    for name, m in sorted(a.metrics.items())
                },
                "px_per_mm": a.px_per_mm,
                "origin": a.origin,
                "dominant_hand": a.dominant_hand,
                "feeling_before": a.feeling_before,
                "feeling_after": a.feeling_after,
                **(extras(a) if extras else {}),
            }
        )
    for c in check_ins:  # (a session with check-ins but no attempt comes after the others)
        profiles.setdefault(c.profile_alias, {}).setdefault(c.session_id, [])
        asked.setdefault(c.session_id, []).append(check_in_record(c))
    return {
        "format": "sensory_games-export-1",
        "app_version": __version__,
        "profiles": [
            {
                "profile": alias,
                "sessions": [
                    {
                        "session_id": session_id,
                        "check_ins": asked.get(session_id, []),
                        "attempts": attempts_,
                    }
                    for session_id, attempts_ in sessions.items()
                ],
            }
            for alias, sessions in profiles.items()
        ],
    }


CHECK_IN_COLUMNS: tuple[str, ...] = (
    "check_in_id",
    "device_id",
    "profile",
    "session_id",
    "attempt_id",
    "moment",
    "feeling",
    "feeling_words",
    "asked_at",
    "answer_s",
)


def check_ins_csv_text(check_ins: Iterable[StoredCheckIn]) -> str:
    """One row per check-in: when it was asked (session_start, before, after,
    session_end), the feeling 1..5 (empty: no answer) and the seconds the child took."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CHECK_IN_COLUMNS)
    for c in check_ins:
        record = check_in_record(c)
        writer.writerow(
            [
                c.id,
                c.device_id,
                spreadsheet_safe(c.profile_alias),
                c.session_id,
                c.attempt_id or "",
                c.moment,
                format_number(c.feeling, "count"),
                record["feeling_words"],
                c.asked_at,
                format_number(c.answer_s),
            ]
        )  # (the JSON record's fields, with the alias and session a CSV row needs)
    return buffer.getvalue()


def write_export(
    attempts: Iterable[StoredAttempt],
    fmt: str,
    out: Path,
    samples: Callable[[str], Samples] | None = None,
    target: Callable[[str], dict[str, Any] | None] | None = None,
    check_ins: Iterable[StoredCheckIn] = (),
) -> int:
    """Write an export to `out` (owner-readable only); returns attempts written.

    Without `samples`: CSV one row per attempt, or JSON (with the sessions' check-ins).
    With `samples` (a look-up of an attempt's raw samples): CSV one row per sample, or
    JSON with each attempt's samples and target."""
    rows = list(attempts)
    if fmt == "csv" and samples is None:
        text = csv_text(rows)
    elif fmt == "csv":
        text = samples_csv_text((a.id, samples(a.id)) for a in rows)
    elif fmt == "json":

        def extras(a: StoredAttempt) -> dict[str, Any]:
            if samples is None:
                return {}
            return {"target": target(a.id) if target else None, "samples": samples(a.id)}

        document = json_document(rows, extras, check_ins)
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        raise ValueError(f"format {fmt!r}: must be csv or json")
    _write_private(out, text)
    return len(rows)


def write_check_ins(check_ins: Iterable[StoredCheckIn], out: Path) -> int:
    """Write the check-ins CSV to `out` (owner-readable only); returns rows written."""
    rows = list(check_ins)
    _write_private(out, check_ins_csv_text(rows))
    return len(rows)


def _write_private(out: Path, text: str) -> None:
    """Write `text` to `out` readable by its owner only, all at once (never half a file),
    and never over a database."""
    if out.name.startswith("sensory_games.db") or out.suffix in (".db", ".sqlite", ".sqlite3"):
        raise ValueError(f"{out}: an export may not be written over a database file")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(partial, out)  # a reader never sees half an export
