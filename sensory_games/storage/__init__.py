"""Storage: the SQLite attempt log (the only package that speaks SQL).

One entry point, :class:`Repository`, built from one class per group of tables, each in
its own module and each an :class:`~sensory_games.storage.opening.OpenLog` (the open
connection, this device's id, the transactions): profiles, sessions (what a child's
session writes), levels, adults (PIN, latency, audit), queries (what exports read); plus
:meth:`Repository.transfer` for whole records in and out (storage.transfer). The records
they take and return are plain values in storage.rows.

Why mixins rather than a Repository that holds table objects and forwards to them: the
public API stays one flat set of methods with nothing written twice (forwarding would
repeat every signature), and a newcomer writing another backend reads one short module
per table group to see exactly which methods that group owes, the types in rows.py being
the contract. Each group only reads and writes through the OpenLog it builds on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sensory_games.domain.beat_timing import DeviceLatency
from sensory_games.storage.metric_pack import MetricLayout
from sensory_games.storage.repository import Repository
from sensory_games.storage.rows import (
    AttemptRecord,
    AuditEntry,
    Difficulty,
    LevelChange,
    Selection,
    StorageError,
    StoredAttempt,
    StoredCheckIn,
)
from sensory_games.storage.transfer import (
    ATTEMPT_IDENTITY,
    PROFILE_FIELDS,
    PROFILE_SETTINGS,
    RecordStore,
)

DATA_ENV = "SENSORY_GAMES_DATA"


def resolve_data_dir(cli_data_dir: str | None, config_data_dir: str) -> Path:
    """Where the log lives: --data-dir, else $SENSORY_GAMES_DATA, else app.yaml
    storage.data_dir, else this platform's user data folder (user_data_dir)."""
    for candidate in (cli_data_dir, os.environ.get(DATA_ENV), config_data_dir):
        if candidate:
            return Path(candidate).expanduser().absolute()  # (messages name it in full)
    return user_data_dir()


def user_data_dir(app: str = "sensory_games") -> Path:
    """The folder this platform keeps a user's application data in (the one SDL's
    SDL_GetPrefPath names, so logs made by earlier versions are found): on Windows
    %APPDATA%\\<app>\\<app>, on macOS ~/Library/Application Support/<app>/<app>,
    elsewhere $XDG_DATA_HOME/<app>/<app> (~/.local/share when that is not set)."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / app / app


__all__ = [
    "ATTEMPT_IDENTITY",
    "DATA_ENV",
    "PROFILE_FIELDS",
    "PROFILE_SETTINGS",
    "AttemptRecord",
    "AuditEntry",
    "DeviceLatency",
    "Difficulty",
    "LevelChange",
    "MetricLayout",
    "RecordStore",
    "Repository",
    "Selection",
    "StorageError",
    "StoredAttempt",
    "StoredCheckIn",
    "resolve_data_dir",
]
