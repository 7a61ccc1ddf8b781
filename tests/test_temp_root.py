"""A test run's temporary folder: a killed or failed run's is cleared by the next run, a
running one's never (tests/temp_root.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from temp_root import RUN_PREFIX, clear_left_behind, run_prefix


@pytest.mark.skipif(os.name != "posix", reason="cleared on POSIX only")
def test_only_the_folders_of_processes_gone_are_cleared(tmp_path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    left = tmp_path / f"{RUN_PREFIX}{gone.pid}-a1b2c3"
    (left / "pytest-of-someone").mkdir(parents=True)
    running = tmp_path / f"{run_prefix()}d4e5f6"  # (this process's: a run going on)
    running.mkdir()
    other = tmp_path / "sensory-games-tests-x1y2z3"  # (no process id in it: not a run's)
    other.mkdir()
    clear_left_behind(str(tmp_path))
    assert not left.exists() and running.exists() and other.exists()


def test_the_run_folder_is_in_memory_only_where_it_is_and_has_room(tmp_path, monkeypatch) -> None:
    import temp_root as module

    monkeypatch.setattr(module, "RAM_FOLDER", str(tmp_path))
    monkeypatch.setattr(module, "RAM_NEEDED_BYTES", 1)
    runnable = not os.statvfs(tmp_path).f_flag & getattr(os, "ST_NOEXEC", 0)
    assert module.temp_root() == (str(tmp_path) if runnable else None)
    monkeypatch.setattr(module, "RAM_NEEDED_BYTES", 2**62)  # (more than any machine has)
    assert module.temp_root() is None
    monkeypatch.setattr(module, "RAM_FOLDER", str(tmp_path / "not there"))
    assert module.temp_root() is None


def test_a_worker_s_folder_is_inside_its_run_s(tmp_path, monkeypatch) -> None:
    """A pytest-xdist worker's folder goes in the run's (its TMPDIR), so one folder holds
    all the run's files, removed or kept at once; a run's own goes in the root."""
    import temp_root as module

    run = tmp_path / f"{RUN_PREFIX}1-abc"
    run.mkdir()
    monkeypatch.setenv("TMPDIR", str(run))
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    assert Path(module.make_run_folder()).parent == run
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    monkeypatch.setattr(module, "temp_root", lambda: str(tmp_path / "root"))
    (tmp_path / "root").mkdir()
    assert Path(module.make_run_folder()).parent == tmp_path / "root"
