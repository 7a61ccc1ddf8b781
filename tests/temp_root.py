"""Where a test run's temporary files go (tests/conftest.py makes the run's folder there).

When the machine has room in memory for them: the suite makes thousands of logs, and each
commit on a real disk waits for it (a quarter of the storage tests' time here). What the
tests check of files holds in memory alike; the tests of a full or slow disk make real
ones of their own."""

from __future__ import annotations

import os
import shutil

#: A folder in memory (Linux's), and the room it must have free for a run (bytes).
RAM_FOLDER, RAM_NEEDED_BYTES = "/dev/shm", 2 * 2**30


def temp_root() -> str | None:
    """RAM_FOLDER if it is there, writable and has RAM_NEEDED_BYTES free; else None (the
    machine's temporary folder)."""
    try:
        free = shutil.disk_usage(RAM_FOLDER).free
    except OSError:
        return None
    return RAM_FOLDER if free >= RAM_NEEDED_BYTES and os.access(RAM_FOLDER, os.W_OK) else None
