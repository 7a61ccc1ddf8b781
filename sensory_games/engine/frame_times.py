"""The most recent frame times, in a fixed block of memory.

The app records how long each frame's update and drawing took (s) so the benchmark and
the soak can report percentiles. A tablet left running all day draws 60 frames a second;
a growing list of Python floats would take 32 bytes a frame (the float and its pointer)
until its limit, then keep churning small objects. This ring buffer is one block of
`capacity` float64 values (8 bytes each), allocated and touched when the app starts, so
recording a frame never allocates and the process's memory does not grow with play. The
block is the standard library's `array`, not numpy's: the app is made before its first
frame, which is drawn before numpy is loaded (cli/deferred_imports.py); `recent` hands
numpy arrays to the benchmarks.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator

import numpy as np

#: Frames kept by default: about 28 minutes at 60 frames a second (800 KB).
DEFAULT_CAPACITY = 100_000


class FrameTimes:
    """The last `capacity` frame times (s), oldest first; older ones are overwritten."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"frame time capacity must be at least 1, not {capacity}")
        # every value is written now: the pages are resident from the first frame (memory
        # left to be faulted in would make the RSS grow as frames fill it)
        self._values = array("d", [math.nan]) * capacity
        self._next = 0  # where the next frame time goes
        self._count = 0  # how many are held (at most capacity)

    @property
    def capacity(self) -> int:
        """How many frame times are kept at most."""
        return len(self._values)

    @property
    def nbytes(self) -> int:
        """Memory held by the values (bytes); fixed at creation."""
        return len(self._values) * self._values.itemsize

    def append(self, seconds: float) -> None:
        """Record one frame's time (s), overwriting the oldest when full."""
        self._values[self._next] = seconds
        self._next = (self._next + 1) % self.capacity
        self._count = min(self._count + 1, self.capacity)

    def clear(self) -> None:
        """Forget every frame time (a benchmark starts a new measurement)."""
        self._next = self._count = 0

    def recent(self) -> np.ndarray:
        """A copy of the held frame times (s), oldest first."""
        values = np.frombuffer(self._values, dtype=np.float64)  # (a view: no copy yet)
        if self._count < self.capacity:
            return values[: self._count].copy()
        return np.concatenate((values[self._next :], values[: self._next]))

    def latest(self) -> float:
        """The last frame's time (s); 0.0 before any."""
        return self._values[self._next - 1] if self._count else 0.0

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[float]:
        return iter(self.recent().tolist())
