"""Logs as an older app left them, for the tests of bringing them up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sensory_games.storage.migrations import MIGRATIONS


def log_at_version(path: Path, version: int) -> None:
    """A WAL log made by an older app: schema steps 1..`version` (none: an empty file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    for step in MIGRATIONS[:version]:
        for statement in step:
            if callable(statement):
                statement(connection)
            else:
                connection.execute(statement)
    if version:
        connection.execute("INSERT INTO meta VALUES ('device_id', 'old'), ('created_at', 'then')")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.close()
