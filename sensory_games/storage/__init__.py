"""Storage: the SQLite attempt log (the only package that speaks SQL)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sensory_games.storage.metric_pack import MetricLayout
from sensory_games.storage.repository import (
    AttemptRecord,
    AuditEntry,
    DeviceLatency,
    Difficulty,
    LevelChange,
    Repository,
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
    """Where the log lives: --data-dir, else $SENSORY_GAMES_DATA, else configs/app.yaml
    storage.data_dir, else this platform's user data folder (user_data_dir)."""
    for candidate in (cli_data_dir, os.environ.get(DATA_ENV), config_data_dir):
        if candidate:
            return Path(candidate).expanduser()
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
