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
from collections.abc import Callable, Mapping
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
from sensory_games.services.merge_report import MergeReport
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

    @property
    def all_conflicts(self) -> list[Any]:
        return [*self.conflicts, *self.taken.conflicts]

    def lines(self) -> list[Sentence]:
        """What the command line prints, one Sentence a line."""
        sent = sum(self.sent.values())
        lines = [
            Sentence(
                N_("sent to the clinic server: {count} records ({kinds})"),
                count=sent,
                kinds=", ".join(f"{kind} {n}" for kind, n in sorted(self.sent.items())),
            )
            if sent
            else Sentence(N_("sent to the clinic server: nothing new"))
        ]
        lines += self.taken.lines()
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
            mark = marks.get(kind, 0)
            while not stop():
                lines = repository.journal(kind, mark, chunk)
                if not lines:
                    break
                end = repository.journal_end(kind, mark, chunk)
                rows = upload_rows(repository, kind, [record_id for _, record_id in lines])
                if pending is not None:
                    _sent(report, sending, pending.result())
                pending, sending = uploader.submit(server.upload, device, kind, rows, end), kind
                mark = end
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
    held = repository.held_back(server_id)
    if held:
        with repository.transaction():
            rows = server.latest_of_profiles(held)
            still = take_rows(repository, server, rows, report, level_counts, match_alias)
            repository.set_held_back(server_id, held & still)
    horizon = server.last_seq()  # (every version up to it is committed: see clinic_server)
    mark = repository.down_mark(server_id)
    while not stop() and mark < horizon:
        rows = server.rows_after(mark, chunk, horizon)
        with repository.transaction():
            if rows:
                kept = take_rows(repository, server, rows, report, level_counts, match_alias)
                repository.set_held_back(server_id, repository.held_back(server_id) | kept)
            mark = rows[-1].seq if len(rows) == chunk else horizon
            repository.set_down_mark(server_id, mark)


def take_rows(
    repository: Repository,
    server: ClinicServer,
    rows: list[ServerRow],
    report: SyncReport,
    level_counts: Mapping[str, int] | None,
    match_alias: bool = False,
) -> set[str]:
    """Merge one chunk of record versions from the server (other devices', or the whole
    clinic's: services/clinic_view.py) inside the caller's transaction: the records as
    a JSON export through merge, then newer profile settings and level ranges. Returns
    the children whose sessions a conflict held back (taken again at each sync, so a
    rename or --match-alias brings them later)."""
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
    merged = merge(repository, document, SOURCE, match_alias, level_counts)
    present = repository.session_owners(sessions)
    held = {s["profile_id"] for session_id, s in sessions.items() if session_id not in present}
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
    return held


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
