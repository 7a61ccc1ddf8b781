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

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.clock import utc_iso
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.server_config import ServerConfig
from sensory_games.services.merge import MergeError
from sensory_games.services.sync_records import upload_rows
from sensory_games.services.sync_report import RESENT, SyncReport
from sensory_games.services.sync_settings import take_settings
from sensory_games.services.sync_take import never, take
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import ClinicServer, ServerUnavailable, opened
from sensory_games.storage.journal_schema import KINDS
from sensory_games.storage.server_credentials import DeviceCredentials

#: Records per server transaction (up) and per local transaction (down).
CHUNK = 2000


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
    with opened(config, credentials) as server:
        server.claim(repository.device_id)
        report = SyncReport()
        lost = send(repository, server, report, stop, chunk)
        try:
            take(repository, server, report, level_counts, stop, chunk, match_alias, lost)
        except MergeError as error:  # (a record the checks refuse: nothing of its chunk taken)
            raise ServerUnavailable(
                Sentence(
                    N_(
                        "what was sent stays sent, but the clinic server holds a record this"
                        " device refuses ({error}); the clinic's IT can remove it"
                        " (docs/server.md)"
                    ),
                    error=error,
                )
            ) from None
        report.settings_taken += take_settings(repository, server.settings(), config_dir)
        return report


def send(
    repository: Repository,
    server: ClinicServer,
    report: SyncReport,
    stop: Callable[[], bool] = never,
    chunk: int = CHUNK,
) -> bool:
    """This device's journal lines after the server's marks, kind by kind (parents
    first), `chunk` lines a server transaction. The server stores one chunk (in one
    thread, in order) while the next is read from the log: the two cores work at once.
    True when a mark named a line this log does not have (its data folder restored from
    a backup): that kind was sent again from the start, and RESENT said."""
    device = repository.device_id
    resent = False
    marks = server.marks(device)
    pending: Future[tuple[int, list[str]]] | None = None
    sending = ""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-send") as uploader:
        for kind in KINDS:
            mark, token = marks.get(kind, (0, ""))
            if mark and repository.journal_token(kind, mark) != token:
                mark = 0  # (not the log the server read: restored from a backup? all again)
                resent = True
            while not stop():
                lines = repository.journal(kind, mark, chunk)
                if not lines:
                    break
                end = (lines[-1][0], lines[-1][2])  # (seq, token) of the last line read
                rows = upload_rows(repository, kind, [record_id for _, record_id, _ in lines])
                if pending is not None:
                    _sent(report, sending, pending.result())
                pending, sending = uploader.submit(server.upload, device, kind, rows, end), kind
                mark = end[0]
        if pending is not None:
            _sent(report, sending, pending.result())
    if resent:
        report.notices.append(RESENT)
    return resent


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
        record_failed_sync(repository, error, at)
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


def record_failed_sync(repository: Repository, error: Exception, at: str | None = None) -> None:
    """Keep why a sync could not run or finish (at `at`, default now), for the adult."""
    at = at or utc_iso(datetime.now(timezone.utc))
    repository.record_last_sync({"at": at, "ok": False, "error": str(error)})
