"""A clinic on the throw-away PostgreSQL for the sync tests: its settings, its administrator's
connection, and devices (each a log in its own folder with its own role on the server)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from sensory_games.domain.server_config import ServerConfig
from sensory_games.services.sync import SyncReport, sync
from sensory_games.storage import Repository
from sensory_games.storage.server_credentials import DeviceCredentials
from sensory_games.storage.server_schema import add_device, init_clinic

COUNTED = ("profiles", "sessions", "attempts", "attempt_samples", "check_ins", "level_changes")


def counts(repository: Repository) -> dict[str, int]:
    return {
        table: repository.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in COUNTED
    }


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


def make_clinic(postgres, tmp_path: Path, name: str, database: str | None = None) -> Clinic:
    """`name`'s clinic (made unique on the cluster: roles belong to the whole server)."""
    database = database or postgres.new_database()
    name = f"{name}_{database}"
    admin = psycopg.connect(postgres.admin_url(database), autocommit=True)
    init_clinic(admin, name)
    url = f"postgresql://{postgres.host}:{postgres.port}/{database}"
    config = ServerConfig(url=url, clinic=name)
    opened: list[Repository] = []

    def add(label: str) -> tuple[Repository, DeviceCredentials]:
        role, password = add_device(admin, name, label)
        repository = Repository(tmp_path / f"{name}-{label}")
        opened.append(repository)
        return repository, DeviceCredentials(url, name, role, password)

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
