"""The clinic's view: the whole clinic's record, as the clinic server holds it, for
`export`, `report` and `profiles list` with `--server`.

The record is built the way a sync takes other devices' records (services/sync.py
`take_rows`: the same codec, the same merge, the same checks and conflicts), but into a
fresh log of its own in a private temporary folder under this device's data folder
(services/private_files.py `temporary_folder`: owner-only, removed after, error or not),
and from the latest version of EVERY device's records, this device's own too. This
device's log is never written to. With the clinic secret from the server, a child's
pseudonymised code is the clinic's: the same on every device.

What the record holds is what reached the server: what a device has not sent yet (it has
not synced since) is not in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sensory_games.domain.language import N_
from sensory_games.domain.pseudonyms import clinic_secret
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.server_config import ServerConfig
from sensory_games.services.private_files import temporary_folder
from sensory_games.services.sync_report import SyncReport
from sensory_games.services.sync_settings import SECRET_KEY, take_settings
from sensory_games.services.sync_take import CHUNK, fetch_chunk, take_rows
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import (
    opened,
)
from sensory_games.storage.server_credentials import DeviceCredentials

#: The temporary folder's name starts with this (under <data folder>/.tmp/).
FOLDER_PREFIX = "clinic-record-"


@dataclass
class ClinicRecord:
    """The whole clinic's record in a log of its own (`repository`, open while the
    `clinic_record` block runs), and what went into it."""

    repository: Repository
    children: int = 0
    attempts: int = 0
    devices: set[str] = field(default_factory=set)  # the devices the attempts were made on
    conflicts: list[Any] = field(default_factory=list)  # (Sentences, or their English)

    def lines(self) -> list[Sentence]:
        """One line of what the record holds, then one per conflict."""
        held = Sentence(
            N_("the clinic's record on the clinic server: {children}, {attempts} from {devices}"),
            children=Sentence.tr_n(
                "{count} child", "{count} children", self.children, count=self.children
            ),
            attempts=Sentence.tr_n(
                "{count} attempt", "{count} attempts", self.attempts, count=self.attempts
            ),
            devices=Sentence.tr_n(
                "{count} device", "{count} devices", len(self.devices), count=len(self.devices)
            ),
        )
        return [held, *(Sentence(N_("conflict: {conflict}"), conflict=c) for c in self.conflicts)]


@contextmanager
def clinic_record(
    config: ServerConfig,
    credentials: DeviceCredentials,
    level_counts: Mapping[str, int] | None,
    data_dir: Path,
    *,
    chunk: int = CHUNK,
) -> Iterator[ClinicRecord]:
    """The whole clinic's record from the server (see the module's docstring), in a
    temporary folder under `data_dir` (this device's data folder) that is removed when the
    block ends, error or not. ServerUnavailable (one line) when the server cannot be used.
    `level_counts`: each activity's number of levels (for the merge's checks); `chunk`:
    record versions per local transaction."""
    config.check()
    with temporary_folder(Path(data_dir), FOLDER_PREFIX) as folder:
        repository = Repository(folder)
        try:
            record = ClinicRecord(repository)
            _fill(record, config, credentials, level_counts, Path(data_dir), chunk)
            yield record
        finally:
            repository.close()


def _fill(
    record: ClinicRecord,
    config: ServerConfig,
    credentials: DeviceCredentials,
    level_counts: Mapping[str, int] | None,
    data_dir: Path,
    chunk: int,
) -> None:
    """Every record's latest version merged into `record`'s log, chunk by chunk; then the
    clinic secret (this device's, should the clinic have none on the server)."""
    report = SyncReport()
    repository = record.repository
    with opened(config, credentials) as server:
        for rows in server.whole_clinic(chunk):
            record.devices |= {row.device_id for row in rows if row.kind == "attempt"}
            with repository.transaction():
                take_rows(repository, fetch_chunk(server, rows), report, level_counts)
        secret = server.settings().get(SECRET_KEY) or clinic_secret(data_dir).hex()
    take_settings(repository, {SECRET_KEY: secret}, None)
    record.children = report.taken.added["profile"]
    record.attempts = report.taken.added["attempt"]
    record.conflicts = report.all_conflicts
