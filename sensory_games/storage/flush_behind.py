"""Committed writes flushed to the disk beside the frames, not inside them.

With SQLite's ``synchronous=FULL`` every commit waits for the write-ahead log (the -wal
file) to reach the disk: 3-10 ms here, more on a kiosk's SD card, in the frame an attempt
is saved in. The running app instead commits with ``synchronous=NORMAL`` (the commit is
written to the -wal file, in the operating system's cache: an app that crashes or is
killed keeps it) and asks :class:`FlushBehind`'s thread to flush that file to the disk
right after (``fsync``, which holds no lock the frames need). A power cut in the few
milliseconds between can lose the commit just made (the attempt the child just finished);
what was flushed is whole (the write-ahead log's own checksums) and SQLite still flushes
both files at each checkpoint. Closing the log waits for the last flush.

A flush that fails (the disk gone, an I/O error) is kept in :attr:`FlushBehind.problem`:
the log then goes back to flushing inside each commit, where SQLite reports any failure
to the writer, and the problem is told to the adult (storage.opening, take_flush_problem):
the commits before it may not be on the disk.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sensory_games.storage.files import flush_to_disk, sync_folder

#: How long closing the log waits for the last flush (s): a disk that does not answer in
#: that time will not be waited on for ever by an app shutting down.
CLOSE_WAIT_S = 10.0


class FlushBehind:
    """A thread that flushes the file `wal` to the disk after each commit it is told of
    (:meth:`committed`); several commits told before it gets to them share one flush."""

    def __init__(self, wal: Path) -> None:
        self.wal = wal
        self.problem: str | None = None  # (the first flush that failed, in words)
        self._told = 0  # commits told of
        self._flushed = 0  # commits known flushed
        self._closing = False
        self._folder_flushed_for: int | None = None  # (the write-ahead log file's inode)
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="log flush", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """A transaction was just committed: flush it to the disk soon."""
        with self._changed:
            self._told += 1
            self._changed.notify_all()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait until every commit told of so far is flushed (or has failed); False when
        `timeout_s` seconds passed first."""
        with self._changed:
            target = self._told
            return self._changed.wait_for(lambda: self._flushed >= target, timeout_s)

    def close(self) -> bool:
        """Flush what is left, then stop the thread; False when the disk did not answer
        within CLOSE_WAIT_S."""
        flushed = self.wait(CLOSE_WAIT_S)
        self.stop()
        self._thread.join(CLOSE_WAIT_S if flushed else 0.0)
        return flushed

    def stop(self) -> None:
        """Let the thread end after what it was told of, without waiting for it (a failed
        flush: the log flushes inside its commits from now on)."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._told > self._flushed or self._closing)
                if self._told == self._flushed:  # (closing, nothing left)
                    return
                target = self._told
            try:
                problem = self._flush()
            except Exception as error:  # (never a dead thread that closing waits on)
                problem = f"{self.wal.name}: {error!r}"
            with self._changed:
                if problem is not None and self.problem is None:
                    self.problem = problem
                self._flushed = target
                self._changed.notify_all()

    def _flush(self) -> str | None:
        """fsync the write-ahead log, and its folder the first time a new one is flushed
        (its entry: SQLite does so inside a commit); None when done (or there is none:
        the last connection closed and folded it into the log), else what went wrong."""
        try:
            if not flush_to_disk(self.wal):
                return None
            made = self.wal.stat().st_ino
            if made != self._folder_flushed_for:
                sync_folder(self.wal.parent)
                self._folder_flushed_for = made
        except OSError as error:
            return f"{self.wal.name}: {error.strerror or error}"
        return None
