"""Work no frame waits for, done in the spare time between frames.

The real-time loop (engine/app.py `run`) draws a frame in a millisecond or two, then waits
for the next one. A job that would hold up the frame it happens in (scoring a finished
shape: 2-5 ms at 1920x1080 here, several times that on a kiosk's slower core) is queued
here instead, and the loop does the queued chores one at a time while it waits. A chore's
result is also worked out by whoever needs it first (the attempt's end, a test driving
frames by hand that never leaves spare time), so the numbers are the same either way:
only when the work is done changes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class SpareTime:
    """The chores waiting for the frames' spare time, oldest first."""

    def __init__(self) -> None:
        self._chores: deque[Callable[[], object]] = deque()
        self._after_frame: deque[Callable[[], object]] = deque()

    def add(
        self, chore: Callable[[], object], first: bool = False, after_frame: bool = False
    ) -> None:
        """Queue `chore` (it must be harmless to run after its result was already
        worked out on demand, and cheap then: a few ms at most); `first`: before every
        chore waiting (what the very next frame needs); `after_frame`: done as soon as the
        frame is on screen, however little time is left before the next (an ended
        attempt's save, which the next frame would otherwise do itself), before any
        other."""
        if after_frame:
            self._after_frame.append(chore)
        elif first:
            self._chores.appendleft(chore)
        else:
            self._chores.append(chore)

    def do_after_frame(self) -> bool:
        """Do the chores queued `after_frame` when called, oldest first (one they queue
        waits for the next frame); False when none waited."""
        waiting = len(self._after_frame)
        for _ in range(waiting):
            self._after_frame.popleft()()
        return waiting > 0

    def take_all(self) -> list[Callable[[], object]]:
        """The chores waiting, oldest first (those `after_frame` before the others),
        taken out of the queue."""
        chores = [*self._after_frame, *self._chores]
        self.clear()
        return chores

    def do_one(self) -> bool:
        """Do the oldest chore (one queued `after_frame` first); False when none waits."""
        if self._after_frame:
            self._after_frame.popleft()()
            return True
        if not self._chores:
            return False
        self._chores.popleft()()
        return True

    def clear(self) -> None:
        """Let every waiting chore go (the scene that queued them left: what it needed
        of them was read as it ended)."""
        self._chores.clear()
        self._after_frame.clear()

    def __len__(self) -> int:
        return len(self._chores) + len(self._after_frame)


class Later(Generic[T]):
    """A value worked out once: in the frames' spare time (queued on `spare_time`), or
    when first read, whichever comes first (a finished shape's score)."""

    def __init__(self, work: Callable[[], T], spare_time: SpareTime) -> None:
        self._work: Callable[[], T] | None = work
        self._value: T | None = None
        spare_time.add(self.work_out)

    def work_out(self) -> None:
        """Work the value out, unless it is already (then let the work go)."""
        if self._work is not None:
            self._value, self._work = self._work(), None

    @property
    def ready(self) -> bool:
        """True once the value is worked out."""
        return self._work is None

    @property
    def value(self) -> T:
        """The value (worked out now if it is not yet)."""
        self.work_out()
        return cast(T, self._value)
