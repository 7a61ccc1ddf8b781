"""The app's background sync with the clinic server (app.yaml `server.url` set).

Play never waits for the network: syncs run on one thread of their own, never in the
frame loop and never on the main thread. The thread opens its own Repository on the data
folder (a SQLite connection belongs to the thread that opened it) and syncs `CHUNK`
records per local transaction, so a child's attempt waits at most one short transaction
for the log (and what the log refuses meanwhile waits in the outbox, as always); it
rests `PAUSE_S` between transactions, so the game keeps the processor it needs.

When: `START_DELAY_S` after the app opens, `AFTER_SESSION_S` after each child's session
ends, when the adult asks (Sync now), and every `server.sync_every_min` minutes after the
last one started. One sync at a time. At closing, `stop()` asks the running sync to stop
between transactions (what is done stays done: the next sync finishes the job) and waits
`STOP_WAIT_S` at most for it; the thread is a daemon, so a server that hangs never keeps
the app open.

A sync that fails (server unreachable, wrong password, not joined, psycopg missing, bad
`server:` settings) is kept in the log for the adult (`Repository.record_last_sync`;
the adult menu's line, services/sync_status.py) and never reaches a child's screen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from sensory_games.domain.server_config import ServerConfig
from sensory_games.storage import Repository
from sensory_games.storage.server_credentials import CredentialsError, stored_credentials

#: Records per local (and server) transaction: short, so the child's saves do not wait.
CHUNK = 100
#: The first sync, this long (s) after the app opens (the first screens come first).
START_DELAY_S = 20.0
#: A sync this long (s) after a child's session ends (its last records written first).
AFTER_SESSION_S = 3.0
#: The sync rests this long (s) between its transactions: a first sync of a big log
#: shares a small tablet's two cores with the child's game for minutes rather than
#: taking one for seconds (frame time p99 3.2-3.4 ms instead of 6 ms during a first sync
#: of 20,000 attempts on the build machine; `make bench` measures it).
PAUSE_S = 0.05
#: How long (s) closing the app waits for a running sync to stop between transactions.
STOP_WAIT_S = 2.0
#: The sleeping thread looks at its clock at least this often (s): a test's fake clock
#: moves without waking it.
POLL_S = 1.0

#: One sync: given "should I stop?", asked between transactions. Never raises for a
#: failure the adult should read about: it keeps it in the log.
SyncRun = Callable[[Callable[[], bool]], None]


class SyncSchedule:
    """When the next sync is due, in the seconds of a monotonic clock (not thread-safe:
    BackgroundSync holds its lock around every call)."""

    def __init__(
        self,
        every_s: float,
        now: float,
        start_delay_s: float = START_DELAY_S,
        after_session_s: float = AFTER_SESSION_S,
    ) -> None:
        self.every_s = every_s
        self.after_session_s = after_session_s
        self.due_at = now + start_delay_s

    def session_ended(self, now: float) -> None:
        """A child's session ended: sync soon (sooner than planned, never later)."""
        self.due_at = min(self.due_at, now + self.after_session_s)

    def asked(self, now: float) -> None:
        """The adult asked for a sync: now, or once the running one is done."""
        self.due_at = min(self.due_at, now)

    def started(self, now: float) -> None:
        """A sync starts: the next one `every_s` after this start, or sooner when a
        session ends or the adult asks meanwhile (then right after this one)."""
        self.due_at = now + self.every_s

    def wait_s(self, now: float) -> float:
        """Seconds until the next sync is due (0: due)."""
        return max(0.0, self.due_at - now)


class BackgroundSync:
    """One daemon thread running `run` on `schedule`'s times; `clock` (s, monotonic) and
    `poll_s` injectable so tests drive it without waiting minutes."""

    def __init__(
        self,
        run: SyncRun,
        every_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        poll_s: float = POLL_S,
        start_delay_s: float = START_DELAY_S,
        after_session_s: float = AFTER_SESSION_S,
    ) -> None:
        self._run = run
        self._clock = clock
        self._poll_s = poll_s
        self._lock = threading.Lock()  # (held only around the schedule, never a sync)
        self._schedule = SyncSchedule(every_s, clock(), start_delay_s, after_session_s)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.running = False  # a sync is under way
        self.finished = 0  # syncs ended (done or failed): the adult menu redraws on a change

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="clinic-sync", daemon=True)
        self._thread.start()

    def session_ended(self) -> None:
        """A child's session ended (from the main thread: returns at once)."""
        self._ask(self._schedule.session_ended)

    def sync_now(self) -> None:
        """The adult's Sync now (from the main thread: returns at once)."""
        self._ask(self._schedule.asked)

    def _ask(self, change: Callable[[float], None]) -> None:
        with self._lock:
            change(self._clock())
        self._wake.set()

    def stop(self, wait_s: float = STOP_WAIT_S) -> bool:
        """Ask the thread to stop (a running sync stops between transactions) and wait
        `wait_s` at most; True when it has stopped (or never started)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(wait_s)
        return not self._thread.is_alive()

    def _between_transactions(self) -> bool:
        """Asked by the sync between its transactions: rest PAUSE_S (the game comes
        first), then say whether the app is closing."""
        self._stopping.wait(PAUSE_S)
        return self._stopping.is_set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            with self._lock:
                wait_s = self._schedule.wait_s(self._clock())
                if wait_s <= 0:
                    self._schedule.started(self._clock())
                    self.running = True
            if wait_s > 0:
                self._wake.wait(min(wait_s, self._poll_s))
                self._wake.clear()
                continue
            try:
                self._run(self._between_transactions)
            except Exception:  # (a bug in a sync: the app plays on; the next one tries again)
                pass
            finally:
                with self._lock:
                    self.running = False
                    self.finished += 1


class ClinicSync:
    """One background sync of the log in `data_dir` (a SyncRun): its own Repository,
    the device's stored credentials, `chunk` records a transaction; every failure kept
    in the log for the adult, none raised."""

    def __init__(
        self,
        data_dir: Path,
        server: ServerConfig,
        level_counts: Mapping[str, int],
        config_dir: Path,
        chunk: int = CHUNK,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.server = server
        self.level_counts = dict(level_counts)
        self.config_dir = config_dir
        self.chunk = chunk

    def __call__(self, stop: Callable[[], bool]) -> None:
        from sensory_games.services.sync import record_failed_sync, sync_and_record

        try:
            repository = Repository(self.data_dir, opened_here=True)  # (the app's log)
        except Exception:  # (the log cannot be opened now: the app says so itself)
            return
        try:
            try:
                credentials = stored_credentials(self.data_dir, self.server.clinic)
            except CredentialsError as error:
                record_failed_sync(repository, error)
                return
            sync_and_record(
                repository,
                self.server,
                credentials,
                self.level_counts,
                config_dir=self.config_dir,
                stop=stop,
                chunk=self.chunk,
            )
        except Exception:  # (kept by sync_and_record: the adult menu says it)
            return
        finally:
            repository.close()
