"""Where a test run's temporary files go (tests/conftest.py makes the run's folder there).

In memory when the machine has room for them: the suite makes thousands of logs, and each
commit on a real disk waits for it (a quarter of the storage tests' time here). What the
tests check of files holds in memory alike; the tests of a full or slow disk make real
ones of their own.

A run's folder is named after its process, so a run that was killed (its folder never
removed) is cleared by the next one; a run with failed tests keeps its folder until then.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: A folder in memory (Linux's), and the room a run needs there and in free memory (bytes).
RAM_FOLDER, RAM_NEEDED_BYTES = "/dev/shm", 2 * 2**30
#: The start of each run's folder's name; the process id follows.
RUN_PREFIX = "sensory-games-tests-"


def temp_root() -> str | None:
    """RAM_FOLDER if it is there, writable, lets programs run from it (the tests start
    scripts they install) and has RAM_NEEDED_BYTES free, as has the memory; else None
    (the machine's temporary folder)."""
    try:
        folder = os.statvfs(RAM_FOLDER)
        free = shutil.disk_usage(RAM_FOLDER).free
    except OSError:
        return None
    runnable = not folder.f_flag & getattr(os, "ST_NOEXEC", 0)
    roomy = min(free, available_memory()) >= RAM_NEEDED_BYTES
    return RAM_FOLDER if runnable and roomy and os.access(RAM_FOLDER, os.W_OK) else None


def available_memory() -> int:
    """The memory the system can give without swapping (bytes; MemAvailable), 0 unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_prefix() -> str:
    """This process's run folders' name start (tempfile.mkdtemp adds a random end)."""
    return f"{RUN_PREFIX}{os.getpid()}-"


def make_run_folder() -> str:
    """The folder of this test process's temporary files, made now: in temp_root() (or the
    machine's temporary folder), whose left-behind run folders are cleared first; a
    pytest-xdist worker's goes inside the run's (its controller's, TMPDIR when the worker
    starts), so that the run's one folder holds everything, kept or removed at once."""
    import tempfile

    inherited = os.environ.get("TMPDIR", "")
    if os.environ.get("PYTEST_XDIST_WORKER") and Path(inherited).name.startswith(RUN_PREFIX):
        return tempfile.mkdtemp(prefix=run_prefix(), dir=inherited)
    root = temp_root() or tempfile.gettempdir()
    clear_left_behind(root)
    return tempfile.mkdtemp(prefix=run_prefix(), dir=root)


def clear_left_behind(root: str) -> None:
    """Remove the run folders in `root` of test processes that are gone: killed runs', and
    failed runs' kept for a look. (POSIX only: asking Windows whether a process runs this
    way would interrupt it.)"""
    if os.name != "posix":
        return
    for folder in Path(root).glob(f"{RUN_PREFIX}*-*"):
        pid = folder.name.removeprefix(RUN_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    """A process with this id is running (or may be: one of another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
