"""The attempt log's one entry point: :class:`Repository`, composed of its table groups.

- :mod:`~sensory_games.storage.opening` (:class:`OpenLog`): the SQLite file, opened,
  locked, moved aside when damaged, upgraded, read-only when it cannot be written; the
  transactions.
- :mod:`~sensory_games.storage.profiles`: the children's profiles and plans.
- :mod:`~sensory_games.storage.sessions`: what a child's session writes (sessions,
  attempts, check-ins).
- :mod:`~sensory_games.storage.levels`: current levels, level changes, difficulty.
- :mod:`~sensory_games.storage.adults`: the PIN and keypad lockout, the latency
  calibration, the audit list.
- :mod:`~sensory_games.storage.goals`: a child's goals and the notes on each session.
- :mod:`~sensory_games.storage.queries`: the read-only queries exports and reports use.
- :meth:`Repository.transfer`: whole records in and out (storage.transfer), for exports,
  merges and profile bundles.

Every key is a UUID and every row carries the device id, so kiosks merge cleanly; times
are UTC ISO-8601 strings plus monotonic durations in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sensory_games.storage.adults import AdultsAndDevice
from sensory_games.storage.files import copy_private
from sensory_games.storage.goals import GoalsAndNotes
from sensory_games.storage.levels import Levels
from sensory_games.storage.opening import DATABASE_NAME
from sensory_games.storage.profiles import Profiles
from sensory_games.storage.queries import Queries
from sensory_games.storage.sessions import Sessions
from sensory_games.storage.sync_journal import SyncJournal

if TYPE_CHECKING:
    from sensory_games.storage.transfer import RecordStore


class Repository(Profiles, Sessions, Levels, Queries, GoalsAndNotes, AdultsAndDevice, SyncJournal):
    """Opens (creating or repairing) the log in `data_dir` and reads/writes its records:
    ``Repository(data_dir, lock_wait_s=None, sleep=time.sleep)`` as
    :class:`~sensory_games.storage.opening.OpenLog` takes them."""

    def transfer(self) -> RecordStore:
        """Whole records of this log, in and out (storage.transfer.RecordStore): what
        exports, merges, profile bundles and the fallback file read and write; group its
        writes in :meth:`transaction`."""
        from sensory_games.storage.transfer import RecordStore  # (it builds on this package)

        return RecordStore(self.connection)


def copy_log(log_file: Path, folder: Path) -> None:
    """Copy another device's log file (with its `-wal` and `-shm`, if any) owner-only into
    `folder`, where ``Repository(folder)`` opens it (upgrading it if it is older): the
    original is never touched. OSError when the copy cannot be made."""
    copy = Path(folder) / DATABASE_NAME
    copy_private(log_file, copy)
    for suffix in ("-wal", "-shm"):
        if Path(f"{log_file}{suffix}").exists():
            copy_private(Path(f"{log_file}{suffix}"), Path(f"{copy}{suffix}"))
