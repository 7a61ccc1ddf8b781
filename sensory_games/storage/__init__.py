"""Storage: the SQLite attempt log (the only package that speaks SQL)."""

from __future__ import annotations

import os
from pathlib import Path

import pygame

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

DATA_ENV = "SENSORY_GAMES_DATA"


def resolve_data_dir(cli_data_dir: str | None, config_data_dir: str) -> Path:
    """Where the log lives: --data-dir, else $SENSORY_GAMES_DATA, else configs/app.yaml
    storage.data_dir, else the user data folder SDL reports for this platform."""
    for candidate in (cli_data_dir, os.environ.get(DATA_ENV), config_data_dir):
        if candidate:
            return Path(candidate).expanduser()
    return Path(pygame.system.get_pref_path("sensory_games", "sensory_games"))


__all__ = [
    "DATA_ENV",
    "AttemptRecord",
    "AuditEntry",
    "DeviceLatency",
    "Difficulty",
    "LevelChange",
    "MetricLayout",
    "Repository",
    "Selection",
    "StorageError",
    "StoredAttempt",
    "StoredCheckIn",
    "resolve_data_dir",
]
