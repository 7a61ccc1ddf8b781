"""Records between the log and the clinic server: the JSON export's records, both ways.

Up: the records of journal lines (storage/sync_journal.py) as the JSON export writes
them (docs/export.md), each in a small envelope saying where it belongs (`profile_id`,
`session_id`), with a version: the SHA-256 of its JSON (keys sorted) and its samples.
An attempt's samples travel packed, as the log keeps them (storage/samples.py).

Down: other devices' records made into one JSON export document, checked and merged by
services/merge.py exactly as `sensory-games merge` merges a file: so what a sync takes
passes the checks any export passes, and the same rules decide what a difference is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from sensory_games.services.export import ATTEMPT_FIELDS, JSON_FORMAT, json_header
from sensory_games.services.export_json import check_in_record
from sensory_games.storage import Repository
from sensory_games.storage import samples as sample_blob
from sensory_games.storage.clinic_server import ServerRow, UploadRow
from sensory_games.storage.goals import goal_record, note_record
from sensory_games.storage.rows import StoredAttempt, exported, level_change_record

#: Kinds any of the clinic's devices may send for a record another device made.
SHARED_KINDS = frozenset({"profile", "difficulty"})
#: (record id, the device that made it, its child, its envelope as a dict or as JSON
#: text, an attempt's packed samples)
Envelope = tuple[str, str, str | None, "dict[str, Any] | str", bytes | None]


def _version(body: str, samples: bytes | None) -> str:
    digest = hashlib.sha256(body.encode("utf-8"))
    if samples is not None:
        digest.update(b"\x00samples\x00" + samples)
    return digest.hexdigest()


def _envelope(
    record: dict[str, Any], profile_id: str | None, session_id: str | None = None
) -> dict[str, Any]:
    """A record and where it belongs."""
    return {"record": record, "profile_id": profile_id, "session_id": session_id}


def _profiles(repository: Repository, ids: list[str]) -> Iterable[Envelope]:
    changes = repository.profile_changes(ids)
    for profile_id, record in repository.transfer().profile_records(ids).items():
        changed_at, plan = changes[profile_id]
        body = _envelope({**record, "changed_at": changed_at, "plan": plan}, profile_id)
        yield profile_id, record["device_id"], profile_id, body, None


def _sessions(repository: Repository, ids: list[str]) -> Iterable[Envelope]:
    owners = repository.session_owners(ids)
    for session_id, record in repository.transfer().session_records(ids).items():
        owner = owners[session_id]
        yield session_id, record["device_id"], owner, _envelope(record, owner, session_id), None


#: An attempt's fields a sync sends as they are (the feelings around it are not the
#: attempt's: its check-ins travel themselves; parameters, intensity and target are put in
#: as the log stores their JSON).
ATTEMPT_PLAIN = tuple(
    name
    for name in ATTEMPT_FIELDS
    if name not in ("parameters", "intensity", "metrics", "feeling_before", "feeling_after")
)


def _attempts(repository: Repository, ids: list[str]) -> Iterable[Envelope]:
    for attempt, data, _, target in repository.attempts_with_data(ids):
        yield (
            attempt.id,
            attempt.device_id,
            attempt.profile_id,
            _attempt_text(attempt, target),
            data,
        )


def _attempt_text(attempt: StoredAttempt, target: str | None) -> str:
    """An attempt's envelope as JSON text, built around the JSON the log stores (a first
    sync sends 100,000 attempts: nothing is decoded only to be encoded again)."""
    plain = exported(attempt, ATTEMPT_PLAIN)
    plain["metrics"] = {
        name: {"value": metric.value, "unit": metric.unit}
        for name, metric in sorted(attempt.metrics.items())
    }
    record = (
        _compact(plain)[:-1]
        + f',"parameters":{attempt.parameters_json},"intensity":{attempt.intensity_json}'
        + f',"target":{target or "null"}}}'
    )
    where = _compact({"profile_id": attempt.profile_id, "session_id": attempt.session_id})
    return where[:-1] + f',"record":{record}}}'


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _made(rows: Iterable[Any], record: Callable[[Any], dict[str, Any]]) -> Iterable[Envelope]:
    """Rows read by id (a check-in, level change, goal or note: each with `id`,
    `device_id`, `profile_id`, and `session_id` where it has one) as envelopes of their
    export records."""
    for row in rows:
        where = (row.profile_id, getattr(row, "session_id", None))
        yield row.id, row.device_id, row.profile_id, _envelope(record(row), *where), None


def _difficulties(repository: Repository, keys: list[str]) -> Iterable[Envelope]:
    for record in repository.difficulty_by_key(keys):
        key = f"{record['profile_id']}/{record['activity']}"
        yield (
            key,
            record["device_id"],
            record["profile_id"],
            _envelope(record, record["profile_id"]),
            None,
        )


def _audit(repository: Repository, ids: list[str]) -> Iterable[Envelope]:
    for entry in repository.audit_by_id(ids):
        yield (
            entry["audit_id"],
            entry["device_id"],
            entry["profile_id"],
            _envelope(entry, entry["profile_id"]),
            None,
        )


READERS: dict[str, Callable[[Repository, list[str]], Iterable[Envelope]]] = {
    "profile": _profiles,
    "session": _sessions,
    "level_change": lambda log, ids: _made(log.level_changes_by_id(ids), level_change_record),
    "goal": lambda log, ids: _made(log.goals_by_id(ids), goal_record),
    "difficulty": _difficulties,
    "attempt": _attempts,
    "check_in": lambda log, ids: _made(log.check_ins_by_id(ids), check_in_record),
    "note": lambda log, ids: _made(log.notes_by_id(ids), note_record),
    "audit": _audit,
}


def upload_rows(repository: Repository, kind: str, ids: list[str]) -> list[UploadRow]:
    """The records of `kind` with these ids that this device may send: its own, and
    profiles and level ranges whoever made them."""
    rows = []
    for record_id, device_id, profile_id, body, samples in READERS[kind](repository, ids):
        if device_id != repository.device_id and kind not in SHARED_KINDS:
            continue  # another device's record (merged here): that device sends it
        text = body if isinstance(body, str) else _compact(body)
        version = _version(text, samples)
        rows.append(UploadRow(kind, record_id, version, device_id, profile_id, text, samples))
    return rows


def latest_versions(rows: Iterable[ServerRow]) -> dict[tuple[str, str], ServerRow]:
    """Each record's latest version among `rows` (a later version of a session has its
    end, of a check-in its attempt, of a goal its end)."""
    latest: dict[tuple[str, str], ServerRow] = {}
    for row in rows:
        key = (row.kind, row.record_id)
        if key not in latest or latest[key].seq < row.seq:
            latest[key] = row
    return latest


def profile_block(record: dict[str, Any]) -> dict[str, Any]:
    """A profile as the JSON export lists it (`profile`: the alias), without the fields
    only a sync carries, ready for its level changes, goals and sessions."""
    block = {"profile": record["alias"], **record}
    for key in ("alias", "changed_at", "plan"):
        block.pop(key, None)
    return {**block, "level_changes": [], "goals": [], "sessions": []}


def merge_document(
    rows: dict[tuple[str, str], ServerRow],
    profiles: dict[str, dict[str, Any]],
    sessions: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """One JSON export document of `rows`' profiles' records: `profiles` (id -> the
    profile record to merge under) and `sessions` (id -> (session record)) hold every
    profile and session the rows belong to."""
    blocks = {profile_id: profile_block(record) for profile_id, record in profiles.items()}
    placed: dict[str, dict[str, Any]] = {}

    def session_block(session_id: str) -> dict[str, Any]:
        if session_id not in placed:
            block = {**sessions[session_id], "attempts": [], "check_ins": [], "notes": []}
            placed[session_id] = block
            blocks[sessions[session_id]["profile_id"]]["sessions"].append(block)
        return placed[session_id]

    for row in sorted(rows.values(), key=lambda r: r.seq):
        record, profile_id = row.body["record"], row.body["profile_id"]
        if row.kind == "session":
            session_block(row.record_id)
        elif row.kind == "attempt":
            attempt = {**record, "feeling_before": None, "feeling_after": None}  # (not sent)
            if row.samples is not None:
                attempt["samples"] = sample_blob.unpack(row.samples)
            session_block(row.body["session_id"])["attempts"].append(attempt)
        elif row.kind == "check_in":
            session_block(row.body["session_id"])["check_ins"].append(record)
        elif row.kind == "note":
            session_block(row.body["session_id"])["notes"].append(record)
        elif row.kind == "level_change":
            blocks[profile_id]["level_changes"].append(record)
        elif row.kind == "goal":
            blocks[profile_id]["goals"].append(record)
    for block in placed.values():
        block.pop("profile_id", None)
    return {**json_header(), "format": JSON_FORMAT, "profiles": list(blocks.values())}
