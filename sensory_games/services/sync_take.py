"""Taking what other devices sent to the clinic server: one chunk of record versions at
a time, read from the server first (`fetch_chunk`), then merged in one local transaction
with the down mark (`take_rows`): the local log's write lock is never held while waiting
for the network, so a child's attempt is never kept waiting by a slow server.

What is taken is merged as `sensory-games merge` merges a file (services/merge.py): the
same checks, the same rules, the same conflicts. Two exceptions, where the latest change
anywhere is what a therapist expects: a profile's settings and a child's level range.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sensory_games.domain.aliases import normalise_alias
from sensory_games.domain.language import N_
from sensory_games.domain.profile import GUEST_ALIAS
from sensory_games.domain.sentence import Sentence
from sensory_games.services.merge import merge
from sensory_games.services.sync_records import latest_versions, merge_document
from sensory_games.services.sync_report import READ_AGAIN, SOURCE, SyncReport
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import ClinicServer, ServerRow
from sensory_games.storage.rows import alias_key
from sensory_games.storage.sync_journal import HELD_BACK_KEY, MATCHED_KEY

#: Versions per local transaction, unless the caller says otherwise.
CHUNK = 2000


def never() -> bool:
    return False


def take(
    repository: Repository,
    server: ClinicServer,
    report: SyncReport,
    level_counts: Mapping[str, int] | None,
    stop: Callable[[], bool] = never,
    chunk: int = CHUNK,
    match_alias: bool = False,
    include_own: bool = False,
) -> None:
    """Other devices' record versions after this device's down mark (`include_own`: this
    device's too, from the start: its log lost some), `chunk` at a time, each chunk merged
    with the mark in one local transaction; first the records of children held back by a
    conflict before (renamed since, or now matched). The mark then moves to the last
    version on the server when it started (past this device's own: the next sync does not
    read them again)."""
    server_id = server.settings().get("server_id", "")
    matched = repository.children_kept(MATCHED_KEY, server_id)

    def merged(fetched: Chunk) -> set[str]:
        """Merge a chunk (in the caller's transaction), keep who was matched, return who
        was held back."""
        taken = take_rows(repository, fetched, report, level_counts, match_alias, matched)
        matched.update(taken.matched)
        repository.keep_children(MATCHED_KEY, server_id, matched)
        return taken.held

    held = repository.children_kept(HELD_BACK_KEY, server_id)
    if held:
        fetched = fetch_chunk(server, server.latest_of_profiles(held), report)
        with repository.transaction():
            repository.keep_children(HELD_BACK_KEY, server_id, held & merged(fetched))
    horizon = server.last_seq()  # (every version up to it is committed: see clinic_server)
    horizon_key = list(server.row_key(horizon) or ())
    mark, key = repository.down_mark(server_id)
    if mark and list(server.row_key(mark) or ()) != key:
        mark = 0  # (the server lost or renumbered what was read: restored? read it all again)
        report.notices.append(READ_AGAIN)
    if include_own:
        mark = 0
    while not stop() and mark < horizon:
        rows = server.rows_after(mark, chunk, horizon, include_own)
        fetched = fetch_chunk(server, rows, report)
        if len(rows) == chunk:
            last = rows[-1]
            mark, key = last.seq, [last.kind, last.record_id, last.version]
        else:
            mark, key = horizon, horizon_key
        with repository.transaction():
            if rows:
                kept = repository.children_kept(HELD_BACK_KEY, server_id) | merged(fetched)
                repository.keep_children(HELD_BACK_KEY, server_id, kept)
            repository.set_down_mark(server_id, mark, key)


@dataclass(frozen=True)
class Chunk:
    """One chunk of versions from the server, ready to merge without asking it again:
    each record's latest version (`rows`), and every profile and session they belong to
    as the server holds it."""

    rows: dict[tuple[str, str], ServerRow]
    profiles: dict[str, dict[str, Any]]
    sessions: dict[str, dict[str, Any]]


def fetch_chunk(
    server: ClinicServer, rows: list[ServerRow], report: SyncReport | None = None
) -> Chunk:
    """`rows` with the profiles and sessions they belong to, read from the server (before
    any local transaction: the log's write lock never waits on the network). A version
    whose envelope this app cannot read (not one a device of ours sent) is left out and,
    given a `report`, said there: it never stops a sync."""
    readable = [row for row in rows if _readable(row)]
    if report is not None:
        report.conflicts += [
            Sentence(
                N_(
                    "{kind} {record} on the clinic server (sent by {role}) cannot be read and"
                    " was left out; the clinic's IT can remove it (docs/server.md)"
                ),
                kind=row.kind,
                record=row.record_id,
                role=row.uploaded_by,
            )
            for row in rows
            if not _readable(row)
        ]
    latest = latest_versions(readable)
    sent = {row.record_id: row.body["record"] for row in latest.values() if row.kind == "profile"}
    named = {row.body["profile_id"] for row in latest.values() if row.kind not in SHARED}
    known = {
        row.record_id: row.body["record"] for row in server.latest("profile", named - set(sent))
    }
    session_ids = {
        row.body["session_id"]
        for row in latest.values()
        if row.kind not in SHARED and row.body["session_id"]
    }
    sessions = {
        row.record_id: {**row.body["record"], "profile_id": row.body["profile_id"]}
        for row in server.latest("session", session_ids)
    }
    return Chunk(latest, {**known, **sent}, sessions)


def _readable(row: ServerRow) -> bool:
    """Whether a version's envelope is what upload_rows sends: a record (a mapping) and
    where it belongs (ids as text); the record itself is checked by the merge."""
    body = row.body
    return (
        isinstance(body, dict)
        and isinstance(body.get("record"), dict)
        and all(isinstance(body.get(key), str | None) for key in ("profile_id", "session_id"))
        and (row.kind in ("profile", "difficulty", "audit") or isinstance(body["profile_id"], str))
        and (row.kind != "profile" or isinstance(body["record"].get("alias"), str))
    )


#: Kinds merged apart from the export document (audit entries stay on the server).
SHARED = ("profile", "difficulty", "audit")


@dataclass(frozen=True)
class Taken:
    """Of the children in one merged chunk: those a conflict held back (their records are
    taken again at each sync), and those merged as a child here of the same alias."""

    held: set[str]
    matched: set[str]


def take_rows(
    repository: Repository,
    fetched: Chunk,
    report: SyncReport,
    level_counts: Mapping[str, int] | None,
    match_alias: bool = False,
    matched: Collection[str] = (),
) -> Taken:
    """Merge one chunk of record versions from the server (other devices', or the whole
    clinic's: services/clinic_view.py) inside the caller's transaction: the records as
    a JSON export through merge (`matched`: children matched before by --match-alias,
    matched again), then newer profile settings and level ranges."""
    by_kind: dict[str, list[ServerRow]] = {}
    for (kind, _), row in fetched.rows.items():
        by_kind.setdefault(kind, []).append(row)
    here = repository.transfer().profile_records(fetched.profiles)
    profiles = {pid: here.get(pid, record) for pid, record in fetched.profiles.items()}
    records = {
        key: row
        for key, row in fetched.rows.items()
        if key[0] not in SHARED and row.body["profile_id"] in profiles
    }
    sessions = fetched.sessions
    document = merge_document(records, profiles, sessions)
    merged = merge(repository, document, SOURCE, match_alias, level_counts, matched, "sync")
    present = repository.session_owners(sessions)
    held = {s["profile_id"] for session_id, s in sessions.items() if session_id not in present}
    here_now = repository.transfer().profile_records(profiles)
    held |= {  # (a child the merge refused, with nothing else yet: still said each sync)
        profile_id
        for profile_id, record in profiles.items()
        if profile_id not in here_now and alias_key(record["alias"]) != alias_key(GUEST_ALIAS)
    }
    elsewhere = {  # (merged under a child of this device with the same alias)
        s["profile_id"]
        for session_id, s in sessions.items()
        if present.get(session_id) not in (None, s["profile_id"])
    }
    for counter in ("added", "already", "filled_in", "skipped"):
        getattr(report.taken, counter).update(getattr(merged, counter))
    report.taken.conflicts += merged.conflicts
    for row in by_kind.get("profile", []):
        _take_profile_settings(repository, row, report)
    children_here = repository.transfer().profile_records(
        {row.body["profile_id"] for row in by_kind.get("difficulty", [])}
    )
    for row in by_kind.get("difficulty", []):
        if row.body["profile_id"] in children_here:
            repository.take_difficulty(row.body["record"])
    return Taken(held, elsewhere)


def _take_profile_settings(repository: Repository, row: ServerRow, report: SyncReport) -> None:
    """Another device's profile settings (and plan), kept here when they were changed
    later than this device's; a profile the merge could not add is left alone."""
    theirs = row.body["record"]
    store = repository.transfer()
    mine = store.profile_records([row.record_id]).get(row.record_id)
    theirs_at = theirs.get("changed_at")
    if mine is None or (theirs_at is None and theirs.get("plan") is None):
        return
    changed_here, plan_here = repository.profile_changes([row.record_id])[row.record_id]
    if changed_here is not None and (theirs_at is None or changed_here >= theirs_at):
        return
    alias = normalise_alias(theirs["alias"])
    holder = store.profile_by_key(alias)
    if holder is not None and holder != row.record_id:
        report.conflicts.append(
            Sentence(
                N_(
                    "profile {alias} was renamed {new} on another device, but {new} is another"
                    " child here: this device kept the old name"
                ),
                alias=repr(mine["alias"]),
                new=repr(alias),
            )
        )
        theirs = {**theirs, "alias": mine["alias"]}
    repository.take_profile_settings(theirs, theirs_at)
    if any(theirs[key] != value for key, value in mine.items()) or theirs["plan"] != plan_here:
        report.settings_taken.append(
            Sentence(
                N_("profile {alias}: settings changed on another device, taken here"),
                alias=repr(theirs["alias"]),
            )
        )
