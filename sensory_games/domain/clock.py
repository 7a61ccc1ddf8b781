"""Injectable clocks: real time for play, virtual time for tests and autoplay.

Nothing in the app reads a global clock. Every scene, activity and the input layer is
handed a :class:`Clock`; monotonic time is in seconds, wall time is UTC.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds plus the matching UTC wall-clock time."""

    def now(self) -> float:
        """Monotonic time in seconds (arbitrary origin)."""
        ...

    def wall_utc(self) -> datetime:
        """Current wall-clock time, timezone-aware UTC."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` (a virtual clock just advances)."""
        ...


class RealClock:
    """`time.perf_counter` for timing, the system clock for UTC dates."""

    def now(self) -> float:
        return time.perf_counter()

    def wall_utc(self) -> datetime:
        return datetime.now(timezone.utc)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class VirtualClock:
    """A clock that moves only when told to, so a 60 s activity runs in milliseconds.

    `start_wall` fixes the UTC date of time 0, which makes exports reproducible.
    """

    def __init__(self, start: float = 0.0, start_wall: datetime | None = None) -> None:
        self._now = start
        self._start = start
        self._start_wall = start_wall or datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)

    def now(self) -> float:
        return self._now

    def wall_utc(self) -> datetime:
        return self._start_wall + timedelta(seconds=self._now - self._start)

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds` (>= 0)."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (advance by {seconds} s)")
        self._now += seconds

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.advance(seconds)


def utc_iso(moment: datetime) -> str:
    """ISO-8601 UTC with millisecond precision and a trailing Z, e.g. 2026-01-01T09:00:00.000Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
