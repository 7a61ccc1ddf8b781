"""The running app's commits are flushed to the disk beside its frames
(storage/flush_behind.py): each commit's write-ahead log is fsync'ed by the flush thread
right after, closing waits for the last flush, an app killed right after a save keeps it,
and a flush that fails sends the log back to flushing inside each commit."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from test_storage import pragma, record

from sensory_games.domain.config import load_app_config
from sensory_games.engine.app import App
from sensory_games.storage import Repository, files

ROOT = Path(__file__).resolve().parent.parent


def watched_fsync(
    monkeypatch: pytest.MonkeyPatch, wal: Path, delay_s: float = 0.0, fail: bool = False
):  # type: ignore[no-untyped-def]
    """Note each fsync of the write-ahead log (the thread that made it), after `delay_s`
    (a slow disk); `fail`: the disk refuses (EIO) instead."""
    flushes: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if os.fstat(descriptor).st_ino == wal.stat().st_ino:
            time.sleep(delay_s)
            if fail:
                raise OSError(5, "Input/output error")
            flushes.append(threading.current_thread().name)
        real_fsync(descriptor)

    monkeypatch.setattr(files.os, "fsync", fsync)
    return flushes


def test_each_commit_is_flushed_by_the_flush_thread_and_not_inside_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = Repository(data_dir)
    child = log.add_profile(alias="Mia")
    session = log.start_session(child.id, record(child, "x").started_at)
    assert pragma(log, "synchronous") == 2  # (FULL until the app asks)
    log.flush_commits_behind()
    assert pragma(log, "synchronous") == 1  # NORMAL: the commit does not wait for the disk
    wal = Path(f"{log.path}-wal")
    flushes = watched_fsync(monkeypatch, wal)
    assert log.save_attempt(record(child, session))
    assert log.flush_behind is not None and log.flush_behind.wait(5.0)
    assert flushes == ["log flush"]
    log.close()
    reopened = Repository(data_dir)
    assert reopened.has_attempt(record(child, session).id)
    reopened.close()


def test_closing_waits_for_the_last_flush(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = Repository(data_dir)
    log.flush_commits_behind()
    child = log.add_profile(alias="Mia")
    assert log.flush_behind is not None and log.flush_behind.wait(5.0)  # (that one flushed)
    flushes = watched_fsync(monkeypatch, Path(f"{log.path}-wal"), delay_s=0.3)
    log.start_session(child.id, record(child, "x").started_at)
    log.close()  # (the flush of the session's start is still sleeping on the "disk")
    assert flushes == ["log flush"]


def test_a_flush_that_fails_sends_the_log_back_to_flushing_inside_each_commit(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problem is kept to be told (once), and the next commit flushes inside itself,
    without waiting for the flush thread in that frame."""
    log = Repository(data_dir)
    log.flush_commits_behind()
    child = log.add_profile(alias="Mia")
    assert log.flush_behind is not None and log.flush_behind.wait(5.0)
    watched_fsync(monkeypatch, Path(f"{log.path}-wal"), fail=True)
    session = log.start_session(child.id, record(child, "x").started_at)
    assert log.flush_behind.wait(5.0)
    assert "Input/output error" in (log.flush_behind.problem or "")
    watched_fsync(monkeypatch, Path(f"{log.path}-wal"), delay_s=3.0, fail=True)
    started = time.monotonic()
    assert log.save_attempt(record(child, session))  # (the next commit: inside it again)
    assert time.monotonic() - started < 1.0  # (no wait for the thread)
    assert log.flush_behind is None and pragma(log, "synchronous") == 2
    told = log.take_flush_problem()
    assert told is not None and "Input/output error" in told
    assert log.take_flush_problem() is None  # (told once)
    log.close()


def test_closing_says_when_the_last_flush_failed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = Repository(data_dir)
    log.flush_commits_behind()
    child = log.add_profile(alias="Mia")
    assert log.flush_behind is not None and log.flush_behind.wait(5.0)
    watched_fsync(monkeypatch, Path(f"{log.path}-wal"), fail=True)
    log.start_session(child.id, record(child, "x").started_at)
    problem = log.close()
    assert problem is not None and "Input/output error" in problem


def test_a_save_after_a_failed_flush_warns_the_adult(
    data_dir: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    log = Repository(data_dir)
    app = App(load_app_config(), log, clock, window_size=(800, 480), headless=True)
    profile = log.add_profile(alias="Mia")
    app.stage.start_session(profile)
    assert log.flush_behind is not None and log.flush_behind.wait(5.0)
    watched_fsync(monkeypatch, Path(f"{log.path}-wal"), fail=True)
    session = app.child.session_id
    assert session is not None
    assert app.child.save_attempt(record(profile, session))  # (its flush fails)
    if log.flush_behind is not None:  # (not failed yet as the save asked: the next one says)
        assert log.flush_behind.wait(5.0)
        assert app.child.save_attempt(record(profile, session, attempt_id=str(uuid.uuid4())))
    assert log.flush_behind is None and pragma(log, "synchronous") == 2
    said = " ".join(str(warning) for warning in app.errors.warnings)
    assert "could not be flushed to the disk" in said and "Input/output error" in said
    app.quit()
    log.close()


def test_the_app_flushes_its_commits_behind(data_dir: Path, clock) -> None:  # type: ignore[no-untyped-def]
    log = Repository(data_dir)
    app = App(load_app_config(), log, clock, window_size=(800, 480), headless=True)
    assert log.flush_behind is not None and pragma(log, "synchronous") == 1
    app.quit()
    log.close()
    assert log.flush_behind is None


KILLED_RIGHT_AFTER_A_SAVE = """
import os, sys
sys.path.insert(0, {tests!r})
from test_storage import record
from sensory_games.storage import Repository
log = Repository({data!r})
log.flush_commits_behind()
child = log.add_profile(alias="Mia")
session = log.start_session(child.id, record(child, "x").started_at)
log.save_attempt(record(child, session))
print("saved", flush=True)
os.kill(os.getpid(), 9)  # (no close, no flush waited for: the process is gone)
"""


def test_an_app_killed_right_after_a_save_keeps_it(data_dir: Path) -> None:
    """The commit is in the operating system's hands when the save returns: a process
    that dies then (SIGKILL, not a power cut) loses nothing."""
    script = KILLED_RIGHT_AFTER_A_SAVE.format(tests=str(ROOT / "tests"), data=str(data_dir))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == -9, done.stderr
    assert done.stdout.split() == ["saved"]
    log = Repository(data_dir)
    child = log.profile_by_alias("Mia")
    assert child is not None
    assert log.has_attempt(record(child, "x").id)
    assert log.integrity_check() == "ok"
    log.close()
