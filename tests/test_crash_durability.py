"""Crash durability: autoplay runs in a real process that is killed with SIGKILL (no
chance to clean up: a pulled battery) at random moments. Every attempt the app had
reported as saved must be in the log afterwards, and the log must pass SQLite's
integrity check. The same data folder takes every kill in turn, as a tablet would.

`make test` kills 6 times; `SENSORY_GAMES_FULL_TESTS=1` (``make test-full``) 30 times.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sensory_games.storage import Repository

ROOT = Path(__file__).resolve().parent.parent
KILLS = 30 if os.environ.get("SENSORY_GAMES_FULL_TESTS") == "1" else 6


def run_and_kill(data_dir: Path, seed: int, after_s: float) -> list[str]:
    """Start autoplay, SIGKILL it `after_s` seconds later; the attempt ids it reported."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "autoplay",
            "--headless",
            "--activity",
            "bubbles",
            "--attempts",
            "200",
            "--seed",
            str(seed),
            "--data-dir",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    reported: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("saved attempt "):
                reported.append(line.split()[2])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(after_s)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    reader.join(timeout=10)
    return reported


@pytest.mark.serial
@pytest.mark.parametrize("round_", range(KILLS))
def test_a_killed_app_keeps_every_attempt_it_reported_saved(tmp_path_factory, round_) -> None:
    data_dir = tmp_path_factory.getbasetemp() / "killed-tablet"  # shared by every round
    rng = random.Random(f"kill-{round_}")
    reported = run_and_kill(data_dir, seed=round_, after_s=rng.uniform(1.0, 3.5))
    database = data_dir / "sensory_games.db"
    if not database.exists():  # killed before the log was made (a slow start)
        assert reported == []  # then nothing can have been reported saved
        return
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "attempts" not in tables:  # killed as it set the new log up (a loaded machine)
            assert reported == []
            return
        stored = {row[0] for row in connection.execute("SELECT id FROM attempts")}
    finally:
        connection.close()
    assert set(reported) <= stored, f"lost after the kill: {set(reported) - stored}"
    repository = Repository(data_dir)  # and the app opens it again without moving it aside
    assert repository.notices == []
    repository.close()


@pytest.mark.serial
def test_the_check_would_notice_a_lost_attempt(tmp_path: Path) -> None:
    """The assertion above can fail: an attempt reported but then removed from the log
    (as if its commit had not reached the disk) is caught."""
    reported = run_and_kill(tmp_path, seed=99, after_s=3.0)
    assert reported, "autoplay reported no attempt in 3 s"
    connection = sqlite3.connect(tmp_path / "sensory_games.db")
    with connection:
        for table in ("attempt_metrics", "attempt_samples", "attempt_targets"):
            connection.execute(f"DELETE FROM {table} WHERE attempt_id = ?", (reported[0],))
        connection.execute("DELETE FROM attempts WHERE id = ?", (reported[0],))
    stored = {row[0] for row in connection.execute("SELECT id FROM attempts")}
    connection.close()
    assert not set(reported) <= stored
