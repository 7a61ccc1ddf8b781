"""A test run's temporary folder: a killed or failed run's is cleared by the next run, a
running one's never (tests/temp_root.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from temp_root import RUN_PREFIX, clear_left_behind, run_prefix, temp_root


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


def test_the_run_folder_is_in_memory_only_where_programs_may_run_and_there_is_room() -> None:
    root = temp_root()
    if root is not None:
        flags = os.statvfs(root).f_flag
        assert not flags & getattr(os, "ST_NOEXEC", 0)
        assert os.access(root, os.W_OK)
