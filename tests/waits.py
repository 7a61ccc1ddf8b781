"""Waiting on real things (a window, a file, a process) in wall-clock time: poll for the
condition with a deadline and fail saying what never happened, instead of sleeping a fixed
time and hoping it was long enough (too short on a busy machine, too long on an idle one)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: How often (s) a condition is looked at again.
POLL_S = 0.05


def until(condition: Callable[[], T], seconds: float) -> T | None:
    """The condition's first true value, polled every POLL_S until `seconds` (s) have gone
    by; None if it never held."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(POLL_S)


def wait_for(condition: Callable[[], T], seconds: float, what: str) -> T:
    """The condition's first true value within `seconds` (s); AssertionError saying `what`
    was awaited, and for how long, if it never held."""
    value = until(condition, seconds)
    if not value:
        raise AssertionError(f"waited {seconds:g} s for {what}: it never happened")
    return value


def wait_for_file(path: Path, seconds: float, what: str) -> None:
    """`path` exists within `seconds` (s) (`what`: the event it shows, for the message)."""
    wait_for(path.exists, seconds, f"{what} ({path.name} to appear)")


def still_running_after(process: subprocess.Popen, seconds: float) -> bool:
    """True if `process` is still running `seconds` (s) from now; False as soon as it
    exits (a process that must not exit is watched for a while: there is no event for
    "it did not close")."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return True
    return False
