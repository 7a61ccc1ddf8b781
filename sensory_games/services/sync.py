"""Syncing a device with the clinic server: `sensory-games sync`, and in the background.

One sync sends this device's new and changed records (the journal's lines after the
server's marks for this device, a few thousand records per server transaction, each
moving the mark with the rows), then takes what other devices sent since this device's
down mark (a few thousand versions per local transaction, each moving the mark with the
records), then the clinic's settings. Killed anywhere, the next sync finishes the job:
nothing is sent or taken twice, nothing is skipped.

What is taken is merged as `sensory-games merge` merges a file (services/merge.py): the
same checks, the same rules, the same conflicts, reported to the adult and never written
over. Two exceptions, where the latest change anywhere is what a therapist expects: a
profile's settings (the newer change is kept on every device) and a child's level range
and rule (likewise, by the time it was set).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.aliases import normalise_alias
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.server_config import ServerConfig
from sensory_games.services.merge import merge
from sensory_games.services.merge_report import MergeReport, counts
from sensory_games.services.sync_records import (
    latest_versions,
    merge_document,
    upload_rows,
)
from sensory_games.services.sync_settings import take_settings
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import (
    ClinicServer,
    ServerRow,
    ServerUnavailable,
    connect,
    failure,
    server_errors,
)
from sensory_games.storage.journal_schema import KINDS
from sensory_games.storage.server_credentials import DeviceCredentials
from sensory_games.storage.sync_journal import HELD_BACK_KEY, MATCHED_KEY

#: What a sync says when the server's marks do not name this log's journal lines (this
#: device's data folder restored from a backup), and when the server no longer holds what
#: this device last read (the server restored from a backup).
RESENT = Sentence(
    N_(
        "this device's log is not the one the clinic server last read (a data folder restored"
        " from a backup?): its records were sent again and what it had lost taken back;"
        " nothing is doubled"
    )
)
READ_AGAIN = Sentence(
    N_(
        "the clinic server no longer holds what this device last read from it (restored from a"
        " backup?): the whole clinic was read again; nothing is doubled"
    )
)
#: The journal's kinds as a report counts them (services/merge_report.py).
SAID_KIND = {
    "check_in": "check-in",
    "level_change": "level change",
    "difficulty": "level range",
    "audit": "audit entry",
}
#: Records per server transaction (up) and per local transaction (down).
CHUNK = 2000
SOURCE = "clinic server"


@dataclass
class SyncReport:
    """What one sync did: records sent by kind, what merging the others' did, settings
    taken from other devices, and every conflict."""

    sent: Counter[str] = field(default_factory=Counter)
    taken: MergeReport = field(default_factory=lambda: MergeReport(SOURCE))
    settings_taken: list[Sentence] = field(default_factory=list)
    conflicts: list[Sentence] = field(default_factory=list)
    notices: list[Sentence] = field(default_factory=list)

    @property
    def all_conflicts(self) -> list[Any]:
        return [*self.conflicts, *self.taken.conflicts]

    def lines(self) -> list[Sentence]:
        """What the command line prints, one Sentence a line."""
        sent = Counter({SAID_KIND.get(kind, kind): n for kind, n in self.sent.items()})
        lines = [
            Sentence(N_("sent to the clinic server: {counts}"), counts=counts(sent))
            if sum(sent.values())
            else Sentence(N_("sent to the clinic server: nothing new"))
        ]
        lines += self.taken.lines()
        lines += self.notices
        lines += self.settings_taken
        lines += [Sentence(N_("conflict: {conflict}"), conflict=c) for c in self.conflicts]
        return lines


def never() -> bool:
    return False


def sync(
    repository: Repository,
    config: ServerConfig,
    credentials: DeviceCredentials,
    level_counts: Mapping[str, int] | None = None,
    *,
    config_dir: Path | None = None,
    stop: Callable[[], bool] = never,
    chunk: int = CHUNK,
    match_alias: bool = False,
) -> SyncReport:
    """Send, then take, then the clinic's settings (plans into `config_dir`, the clinic
    configuration folder); ServerUnavailable (one line) when the server cannot be used.
    `stop` is asked between transactions (the app closing): what is done stays done.
    `chunk`: records per transaction (the app's background sync takes fewer at a time,
    so a child's attempt never waits long for the log). `match_alias`: a child another
    device added with an alias a child here has is the same child (as `merge --match-alias`)."""
    config.check()
    server = ClinicServer(connect(config, credentials.role, credentials.password), config.clinic)
    try:
        server.claim(repository.device_id)
        report = SyncReport()
        send(repository, server, report, stop, chunk)
        take(repository, server, report, level_counts, stop, chunk, match_alias)
        report.settings_taken += take_settings(repository, server.settings(), config_dir)
        return report
    except server_errors() as error:
        said = failure(error, f"{config.host}:{config.port}")
        raise ServerUnavailable(said) from None
    finally:
        server.close()


def send(
    repository: Repository,
    server: ClinicServer,
    report: SyncReport,
    stop: Callable[[], bool] = never,
    chunk: int = CHUNK,
) -> None:
    """This device's journal lines after the server's marks, kind by kind (parents
    first), `chunk` lines a server transaction. The server stores one chunk (in one
    thread, in order) while the next is read from the log: the two cores work at once."""
    device = repository.device_id
    marks = server.marks(device)
    pending: Future[tuple[int, list[str]]] | None = None
    sending = ""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-send") as uploader:
        for kind in KINDS:
            mark, line = marks.get(kind, (0, ""))
            if mark and repository.journal_record(kind, mark) != line:
                mark = 0  # (not the log the server read: restored from a backup? all again)
                report.notices.append(RESENT)
            while not stop():
                lines = repository.journal(kind, mark, chunk)
                if not lines:
                    break
                end = repository.journal_end(kind, mark, chunk)
                rows = upload_rows(repository, kind, [record_id for _, record_id in lines])
                if pending is not None:
                    _sent(report, sending, pending.result())
                pending, sending = uploader.submit(server.upload, device, kind, rows, end), kind
                mark = end[0]
        if pending is not None:
            _sent(report, sending, pending.result())


def _sent(report: SyncReport, kind: str, outcome: tuple[int, list[str]]) -> None:
    inserted, conflicts = outcome
    report.sent[kind] += inserted
    report.conflicts += [
        Sentence(
            N_(
                "{kind} {record} is already on the clinic server with different content;"
                " both are kept there"
            ),
            kind=kind,
            record=record_id,
        )
        for record_id in conflicts
    ]


def take(
    repository: Repository,
    server: ClinicServer,
    report: SyncReport,
    level_counts: Mapping[str, int] | None,
    stop: Callable[[], bool] = never,
    chunk: int = CHUNK,
    match_alias: bool = False,
) -> None:
    """Other devices' record versions after this device's down mark, `chunk` at a
    time, each chunk merged with the mark in one local transaction; first the records
    of children held back by a conflict before (renamed since, or now matched). The
    mark then moves to the last version on the server when it started (past this
    device's own: the next sync does not read them again)."""
    server_id = server.settings().get("server_id", "")
    matched = repository.children_kept(MATCHED_KEY, server_id)

    def merged(rows: list[ServerRow]) -> set[str]:
        """Merge `rows`, keep who was matched, return who was held back."""
        taken = take_rows(repository, server, rows, report, level_counts, match_alias, matched)
        matched.update(taken.matched)
        repository.keep_children(MATCHED_KEY, server_id, matched)
        return taken.held

    held = repository.children_kept(HELD_BACK_KEY, server_id)
    if held:
        with repository.transaction():
            still = merged(server.latest_of_profiles(held))
            repository.keep_children(HELD_BACK_KEY, server_id, held & still)
    horizon = server.last_seq()  # (every version up to it is committed: see clinic_server)
    mark, key = repository.down_mark(server_id)
    if mark and list(server.row_key(mark) or ()) != key:
        mark = 0  # (the server lost or renumbered what was read: restored? read it all again)
        report.notices.append(READ_AGAIN)
    restored = RESENT in report.notices  # (this log lost records the server has: its own too)
    if restored:
        mark = 0
    while not stop() and mark < horizon:
        rows = server.rows_after(mark, chunk, horizon, include_own=restored)
        with repository.transaction():
            if rows:
                kept = repository.children_kept(HELD_BACK_KEY, server_id) | merged(rows)
                repository.keep_children(HELD_BACK_KEY, server_id, kept)
            if len(rows) == chunk:
                last = rows[-1]
                mark, key = last.seq, [last.kind, last.record_id, last.version]
            else:
                mark, key = horizon, list(server.row_key(horizon) or ())
            repository.set_down_mark(server_id, mark, key)


@dataclass(frozen=True)
class Taken:
    """Of the children in one merged chunk: those a conflict held back (their records are
    taken again at each sync), and those merged as a child here of the same alias."""

    held: set[str]
    matched: set[str]


def take_rows(
    repository: Repository,
    server: ClinicServer,
    rows: list[ServerRow],
    report: SyncReport,
    level_counts: Mapping[str, int] | None,
    match_alias: bool = False,
    matched: Collection[str] = (),
) -> Taken:
    """Merge one chunk of record versions from the server (other devices', or the whole
    clinic's: services/clinic_view.py) inside the caller's transaction: the records as
    a JSON export through merge (`matched`: children matched before by --match-alias,
    matched again), then newer profile settings and level ranges."""
    latest = latest_versions(rows)
    by_kind: dict[str, list[ServerRow]] = {}
    for (kind, _), row in latest.items():
        by_kind.setdefault(kind, []).append(row)
    shared = ("profile", "difficulty", "audit")  # (audit entries stay on the server)
    records = {key: row for key, row in latest.items() if key[0] not in shared}
    sent_profiles = {row.record_id: row.body["record"] for row in by_kind.get("profile", [])}
    profile_ids = {row.body["profile_id"] for row in records.values()} | set(sent_profiles)
    known = {
        row.record_id: row.body["record"]
        for row in server.latest("profile", profile_ids - set(sent_profiles))
    }
    here = repository.transfer().profile_records(profile_ids)
    profiles = {
        profile_id: here.get(profile_id, record)
        for profile_id, record in {**known, **sent_profiles}.items()
    }
    records = {key: row for key, row in records.items() if row.body["profile_id"] in profiles}
    session_ids = {row.body["session_id"] for row in records.values() if row.body["session_id"]}
    sessions = {
        row.record_id: {**row.body["record"], "profile_id": row.body["profile_id"]}
        for row in server.latest("session", session_ids)
    }
    document = merge_document(records, profiles, sessions)
    merged = merge(repository, document, SOURCE, match_alias, level_counts, matched, "sync")
    present = repository.session_owners(sessions)
    held = {s["profile_id"] for session_id, s in sessions.items() if session_id not in present}
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


def sync_and_record(
    repository: Repository,
    config: ServerConfig,
    credentials: DeviceCredentials,
    level_counts: Mapping[str, int] | None = None,
    **options: Any,
) -> SyncReport:
    """sync(), then what it did (or why it could not) kept in the log for the adult
    (repository.last_sync(): `at`, `ok`, `sent`, `taken`, `conflicts` in English, `error`).
    Raises what sync raises, after keeping it."""
    at = utc_iso(datetime.now(timezone.utc))
    try:
        report = sync(repository, config, credentials, level_counts, **options)
    except Exception as error:
        repository.record_last_sync({"at": at, "ok": False, "error": str(error)})
        raise
    repository.record_last_sync(
        {
            "at": at,
            "ok": True,
            "sent": sum(report.sent.values()),
            "taken": sum(report.taken.added.values()) + sum(report.taken.filled_in.values()),
            "conflicts": [str(conflict) for conflict in report.all_conflicts],
            "error": None,
        }
    )
    return report
