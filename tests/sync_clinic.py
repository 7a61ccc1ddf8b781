"""A clinic on the throw-away PostgreSQL for the sync tests: its settings, its administrator's
connection, and devices (each a log in its own folder with its own role on the server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from records import table_counts

from sensory_games.domain.server_config import ServerConfig
from sensory_games.services.sync import SyncReport, sync
from sensory_games.storage import Repository
from sensory_games.storage.server_credentials import DeviceCredentials
from sensory_games.storage.server_schema import add_device, init_clinic

COUNTED = ("profiles", "sessions", "attempts", "attempt_samples", "check_ins", "level_changes")


def counts(repository: Repository) -> dict[str, int]:
    return table_counts(repository, COUNTED)


@dataclass
class Clinic:
    """One clinic on a fresh database: its settings, its administrator's connection, and a
    way to add devices (each a log in its own folder with its own role)."""

    config: ServerConfig
    admin: psycopg.Connection
    add: Callable[[str], tuple[Repository, DeviceCredentials]]
    opened: list[Repository] = field(default_factory=list)

    def sync(self, device: tuple[Repository, DeviceCredentials], **options) -> SyncReport:
        return sync(device[0], self.config, device[1], **options)

    def close(self) -> None:
        for repository in self.opened:
            repository.close()
        self.admin.close()


def new_clinic(postgres, database: str, name: str) -> tuple[ServerConfig, psycopg.Connection]:
    """Clinic `name` made on `database` of the throw-away server: its settings (as a
    device's app.yaml gives them) and the administrator's connection."""
    admin = psycopg.connect(postgres.admin_url(database), autocommit=True)
    init_clinic(admin, name)
    url = f"postgresql://{postgres.host}:{postgres.port}/{database}"
    return ServerConfig(url=url, clinic=name), admin


def device_credentials(
    admin: psycopg.Connection, config: ServerConfig, label: str
) -> DeviceCredentials:
    """A new device `label` of the clinic: what its device file holds."""
    role, password = add_device(admin, config.clinic, label)
    return DeviceCredentials(config.url, config.clinic, role, password)


def make_clinic(postgres, tmp_path: Path, name: str, database: str | None = None) -> Clinic:
    """`name`'s clinic (made unique on the cluster: roles belong to the whole server)."""
    database = database or postgres.new_database()
    config, admin = new_clinic(postgres, database, f"{name}_{database}")
    opened: list[Repository] = []

    def add(label: str) -> tuple[Repository, DeviceCredentials]:
        repository = Repository(tmp_path / f"{config.clinic}-{label}")
        opened.append(repository)
        return repository, device_credentials(admin, config, label)

    return Clinic(config, admin, add, opened)


@pytest.fixture
def clinic(postgres, tmp_path: Path) -> Iterator[Clinic]:
    """A clinic of its own on a database of its own, closed after the test."""
    made = make_clinic(postgres, tmp_path, "river")
    yield made
    made.close()


def device_connection(clinic: Clinic, credentials: DeviceCredentials) -> psycopg.Connection:
    return psycopg.connect(
        clinic.config.url, user=credentials.role, password=credentials.password, autocommit=True
    )


def versions(admin: psycopg.Connection, schema: str, kind: str) -> tuple[int, int]:
    """(versions, distinct records) of `kind` on the server."""
    row = admin.execute(
        f"SELECT count(*), count(DISTINCT record_id) FROM {schema}.records WHERE kind = %s",
        (kind,),
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def records_by_kind(admin: psycopg.Connection, schema: str) -> dict[str, int]:
    """Versions on the server by kind."""
    rows = admin.execute(f"SELECT kind, count(*) FROM {schema}.records GROUP BY kind")
    return dict(rows.fetchall())
