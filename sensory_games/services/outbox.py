"""What the log has not taken yet: sessions, check-ins and attempts waiting to be written.

A child never waits for the disk. Every record the app makes goes through the outbox:
it is written to the log at once when the log takes it, and otherwise kept (in memory,
and in a fallback file) and tried again with the next record and at closing. Nothing is
reported saved unless it is committed in the log.

The fallback file is a JSON export (docs/export.md, format sensory_games-export-2, with
samples and targets): what the log refused, complete, with the profile and session each
record belongs to. It is written atomically (a partial file renamed into place) in the
first folder that has room: the data folder, the export folder, then a private folder
in the system's temporary folder. `sensory-games recover` (or `merge FILE`) brings it
back into the log; start-up tells the adult that one is waiting. Once everything it
held is in the log, the file is removed.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import replace as with_changes
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from sensory_games.domain import records
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.language import N_
from sensory_games.domain.profile import Profile
from sensory_games.domain.sentence import Sentence
from sensory_games.services.export import attempt_record, json_header
from sensory_games.services.export_json import check_in_record
from sensory_games.services.private_files import remove_stale_partials
from sensory_games.storage import AttemptRecord, Repository
from sensory_games.storage import samples as sample_blob
from sensory_games.storage.files import owned_by_this_user, user_tag, write_own_file
from sensory_games.storage.opening import REFUSALS
from sensory_games.storage.rows import stored_attempt, stored_check_in

#: Fallback files are called unsaved-<device id>-<UTC time>-<process>-<random>.json.
FALLBACK_PREFIX = "unsaved-"
FALLBACK_SUFFIX = ".json"
#: How many check-ins written in this run are remembered for attempts still waiting (a
#: "before" check-in is written when the child answers, its attempt minutes later).
WRITTEN_CHECK_INS_KEPT = 50
Read = TypeVar("Read")  # what a read of the log gives (Outbox._read)


def private_temp_folder() -> Path:
    """This user's private folder in the system's temporary folder (the last place a
    fallback file goes when every other folder refused it)."""
    return Path(tempfile.gettempdir()) / f"sensory-games-unsaved-{user_tag()}"


def fallback_folders(data_dir: Path, export_dir: Path) -> list[Path]:
    """Where a fallback file may go, in order of preference (and where one is looked for):
    the data folder, the export folder (AppConfig.export_folder) when it is there (it is
    never made: a stick taken out must not become a folder on this device's disk, see
    session_export), a private folder in the system's temporary folder."""
    folders = [Path(data_dir)]
    if Path(export_dir) != Path(data_dir) and Path(export_dir).is_dir():
        folders.append(Path(export_dir))
    folders.append(private_temp_folder())
    return folders


def waiting_files(folders: Sequence[Path], device_id: str) -> list[Path]:
    """This device's fallback files of unsaved records waiting in `folders`, oldest first
    (the export folder and the temporary folder may be shared by several data folders:
    each file is named after the device whose log refused it)."""
    found: set[Path] = set()
    for folder in folders:
        try:
            found |= {
                p
                for p in Path(folder).glob(f"{FALLBACK_PREFIX}{device_id}-*{FALLBACK_SUFFIX}")
                if p.is_file()
            }
        except OSError:
            continue
    return sorted(found, key=lambda p: p.name)


def _check_private(folder: Path) -> None:
    """OSError unless `folder` is a real folder of this user (in a shared temporary folder
    another user could have put a folder or a link there first)."""
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or not owned_by_this_user(info):
        raise OSError(f"{folder} is not a private folder of this user")


def waiting_notices(folders: Sequence[Path], device_id: str) -> list[str]:
    """What start-up tells the adult about fallback files waiting to be brought back."""
    return [
        Sentence(
            N_(
                "records the log could not take are waiting in {file}: bring them back"
                " with {command}"
            ),
            file=file,
            command="`sensory-games recover`",
        )
        for file in waiting_files(folders, device_id)
    ]


@dataclass
class _Session:
    """A session the outbox knows: its child (as a profile record of the export) and
    times, and whether the log has its start and its end yet."""

    profile: dict[str, Any]
    started_at: datetime
    ended_at: datetime | None = None
    saved: bool = False
    end_saved: bool = False


class Outbox:
    """Records on their way into `repository`'s log; see the module's docstring."""

    def __init__(
        self,
        repository: Repository,
        folders: Sequence[Path],
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.repository = repository
        self.folders = list(folders)
        self.now = now
        self.attempts: list[AttemptRecord] = []
        self.check_ins: list[CheckIn] = []
        self.problem: Exception | None = None
        self.kept_in: Path | None = None
        self._sessions: dict[str, _Session] = {}
        self._file_name: str | None = None
        self._refusing = False
        self._written_check_ins: dict[str, CheckIn] = {}
        for folder in self.folders:  # (half-written fallback files a killed run left)
            remove_stale_partials(folder)

    # -- taking records ------------------------------------------------------------------

    def start_session(self, profile: Profile, started_at: datetime) -> str:
        """A new session of `profile`: its id at once, written when the log takes it."""
        session_id = str(uuid.uuid4())
        self._sessions[session_id] = _Session(self._profile_record(profile, started_at), started_at)
        self.flush()
        return session_id

    def end_session(self, session_id: str, ended_at: datetime) -> None:
        """The session ended: its end is written when the log takes it."""
        session = self._sessions.get(session_id)
        if session is None:  # (not started through this outbox: its start is in the log)
            self._try(self.repository.end_session, session_id, ended_at)
            return
        session.ended_at = ended_at
        self.flush()

    def add_check_in(self, check_in: CheckIn) -> None:
        self.check_ins.append(check_in)

    def add_attempt(self, attempt: AttemptRecord) -> None:
        """An attempt to write. It is checked first as a merged one would be (records.py,
        without its samples, which the input layer made): one the checks refuse (a bug
        that made a NaN score, say) never enters the log, where it would break every
        export; it is kept in a `refused-*.json` file beside the log instead, and
        RecordError says why."""
        record = self._attempt(attempt, "", samples=False)
        try:
            records.check_attempt("attempt", record, None)
        except records.RecordError:
            self._keep_refused(attempt)
            raise
        self.attempts.append(attempt)

    def _keep_refused(self, attempt: AttemptRecord) -> None:
        """Write an attempt the checks refused to its own file (for the developers)."""
        name = f"refused-{self.repository.device_id}-{attempt.id}{FALLBACK_SUFFIX}"
        record = self._attempt(attempt, "")
        for folder in self.folders:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                _check_private(folder)
                write_own_file(folder / name, json.dumps(record, indent=1, default=repr) + "\n")
            except (OSError, ValueError):
                continue
            return

    @property
    def pending(self) -> int:
        """Records the log has not taken yet (attempts and check-ins)."""
        return len(self.attempts) + len(self.check_ins)

    # -- writing -------------------------------------------------------------------------

    def flush(self) -> list[AttemptRecord]:
        """Write everything waiting, parents first (sessions, then check-ins not linked to
        an attempt, attempts, linked check-ins, session ends); what the log refuses stays.
        Returns the attempts committed now. `problem` is the last refusal (None if none)."""
        self.problem = None
        self._refusing = False
        for session_id, session in self._sessions.items():
            if not session.saved:
                session.saved = self._try(
                    self.repository.start_session,
                    session.profile["profile_id"],
                    session.started_at,
                    session_id,
                )
        self.check_ins = [c for c in self.check_ins if not self._saved_check_in(c, linked=False)]
        committed: list[AttemptRecord] = []
        waiting: list[AttemptRecord] = []
        for attempt in self.attempts:
            if self._session_saved(attempt.session_id) and self._try(
                self.repository.save_attempt, attempt
            ):
                committed.append(attempt)
                self._link(attempt)
            else:
                waiting.append(attempt)
        self.attempts = waiting
        self.check_ins = [c for c in self.check_ins if not self._saved_check_in(c, linked=True)]
        for session_id, session in self._sessions.items():
            if session.saved and session.ended_at is not None and not session.end_saved:
                session.end_saved = self._try(
                    self.repository.end_session, session_id, session.ended_at
                )
        self._forget_finished_sessions()
        return committed

    def _try(self, write: Callable[..., object], *values: Any) -> bool:
        """Call `write(*values)`; False (and `problem` set) when the log refused. Once the
        log refuses for a reason that holds for every write (locked, full, read-only:
        storage's REFUSALS), nothing more is tried in this flush, so a child
        never waits for one busy timeout per waiting record."""
        if self._refusing:
            return False
        try:
            write(*values)
        except Exception as error:  # a full disk, a locked or read-only log: kept, tried again
            self.problem = error
            self._refusing = isinstance(error, REFUSALS)
            return False
        return True

    def _saved_check_in(self, check_in: CheckIn, linked: bool) -> bool:
        """Write one waiting check-in in its turn (`linked`: those tied to an attempt go
        after the attempts); True when it is in the log."""
        if (check_in.attempt_id is not None) != linked:
            return False
        if linked and any(a.id == check_in.attempt_id for a in self.attempts):
            return False  # its attempt is still waiting
        if not self._session_saved(check_in.session_id):
            return False
        saved = self._try(self.repository.save_check_in, check_in)
        if saved:  # (an attempt still waiting may link to it: the fallback file says so)
            self._written_check_ins[check_in.id] = check_in
            while len(self._written_check_ins) > WRITTEN_CHECK_INS_KEPT:
                del self._written_check_ins[next(iter(self._written_check_ins))]
        return saved

    def _link(self, attempt: AttemptRecord) -> None:
        """A "before" check-in still waiting carries its attempt's id from now on."""
        self.check_ins = [
            with_changes(c, attempt_id=attempt.id) if c.id in attempt.check_in_ids else c
            for c in self.check_ins
        ]

    def _session_saved(self, session_id: str) -> bool:
        """Whether the session's start is in the log (one this outbox did not start is)."""
        session = self._sessions.get(session_id)
        return session is None or session.saved

    def _forget_finished_sessions(self) -> None:
        """Keep what a fallback file may still need: sessions still open, not fully in the
        log, or with records waiting."""
        needed = {a.session_id for a in self.attempts} | {c.session_id for c in self.check_ins}
        self._sessions = {
            key: s
            for key, s in self._sessions.items()
            if key in needed or not s.saved or s.ended_at is None or not s.end_saved
        }

    # -- the fallback file ---------------------------------------------------------------

    def keep(self) -> Path | None:
        """Write (or refresh) the fallback file with everything still waiting, in the
        first folder that takes it; remove it when nothing waits. Returns where it is
        (None: nothing waits, or no folder would take it: `problem` says why)."""
        if not self.pending:
            self._remove_file()
            return None
        try:
            text = json.dumps(self.document(), indent=1, ensure_ascii=False) + "\n"
        except (LookupError, TypeError, ValueError) as error:  # (never expected: said, not raised)
            self.problem = error
            return self.kept_in
        self._file_name = self._file_name or (
            f"{FALLBACK_PREFIX}{self.repository.device_id}-"
            f"{self.now().strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}-{secrets.token_hex(3)}"
            f"{FALLBACK_SUFFIX}"
        )
        for folder in self.folders:
            target = folder / self._file_name
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                _check_private(folder)
                write_own_file(target, text)
            except (OSError, ValueError) as error:
                self.problem = error
                continue
            if self.kept_in is not None and self.kept_in != target:
                self._remove_file()
            self.kept_in = target
            return target
        return None  # (an older copy, if any, stays: it holds less, but it is on disk)

    def _remove_file(self) -> None:
        if self.kept_in is not None:
            try:
                self.kept_in.unlink(missing_ok=True)
            except OSError:
                return
            self.kept_in = None

    def document(self) -> dict[str, Any]:
        """What waits, as a JSON export with samples: profile -> sessions -> check-ins and
        attempts (the same records an export of the log would hold)."""
        device = self.repository.device_id
        profiles: dict[str, dict[str, Any]] = {}
        sessions: dict[str, dict[str, Any]] = {}
        linked = [  # "before" check-ins already in the log, of attempts still waiting
            with_changes(self._written_check_ins[key], attempt_id=attempt.id)
            for attempt in self.attempts
            for key in attempt.check_in_ids
            if key in self._written_check_ins
        ]
        waiting: list[CheckIn | AttemptRecord] = [*self.check_ins, *linked, *self.attempts]
        for record in waiting:
            session = self._sessions.get(record.session_id)
            profile_record = (
                session.profile
                if session and session.profile
                else self._stored_profile(record.profile_id)
            )
            block = profiles.setdefault(
                record.profile_id,
                {
                    "profile": profile_record["alias"],
                    **{k: v for k, v in profile_record.items() if k != "alias"},
                    "level_changes": [],
                    "sessions": [],
                },
            )
            if record.session_id not in sessions:
                sessions[record.session_id] = self._session_record(record.session_id)
                block["sessions"].append(sessions[record.session_id])
            alias = profile_record["alias"]
            if isinstance(record, CheckIn):
                stored = stored_check_in(record, device, alias)
                sessions[record.session_id]["check_ins"].append(check_in_record(stored))
            else:
                sessions[record.session_id]["attempts"].append(self._attempt(record, alias))
        return {
            **json_header(),
            "kept_because": f"the log could not be written ({self.problem})"
            if self.problem
            else "the log could not be written",
            "profiles": list(profiles.values()),
        }

    def _attempt(self, attempt: AttemptRecord, alias: str, samples: bool = True) -> dict[str, Any]:
        """The attempt as an export holds it (`samples`: with its raw samples, packed and
        read back as the log would give them)."""
        feelings = {c.moment: c.feeling for c in self.check_ins if c.attempt_id == attempt.id}
        before = [c.feeling for c in self.check_ins if c.id in attempt.check_in_ids]
        record = attempt_record(
            stored_attempt(
                attempt,
                self.repository.device_id,
                alias,
                (before[-1] if before else None, feelings.get("after")),
            )
        )
        target = attempt.result.target
        record["target"] = None if target is None else json.loads(json.dumps(target))
        if samples:
            packed = sample_blob.pack(attempt.samples, attempt.samples_start)
            record["samples"] = sample_blob.unpack(packed)
        return record

    def _session_record(self, session_id: str) -> dict[str, Any]:
        session = self._sessions.get(session_id)
        if session is None:
            known = self._read(lambda: self.repository.transfer().session_records([session_id]))
            stored = (known or {}).get(session_id)
            if stored is None:
                raise LookupError(f"session {session_id} is unknown")  # (never: see flush)
            return {**stored, "check_ins": [], "attempts": []}
        return {
            "session_id": session_id,
            "device_id": self.repository.device_id,
            "started_at": utc_iso(session.started_at),
            "ended_at": utc_iso(session.ended_at) if session.ended_at else None,
            "check_ins": [],
            "attempts": [],
        }

    def _profile_record(self, profile: Profile, started_at: datetime) -> dict[str, Any]:
        """The child as an export lists them: from the log if it can be read, else from
        the profile in memory (this device, created no later than this session)."""
        stored = self._read(lambda: self.repository.transfer().profile_records([profile.id]))
        if stored and profile.id in stored:
            return stored[profile.id]
        return {
            "profile_id": profile.id,
            "device_id": self.repository.device_id,
            **profile.settings(),
            "intensity": profile.intensity.as_dict(),
            "archived": profile.archived,
            "created_at": utc_iso(started_at),
        }

    def _stored_profile(self, profile_id: str) -> dict[str, Any]:
        stored = self._read(lambda: self.repository.transfer().profile_records([profile_id]))
        if not stored or profile_id not in stored:
            raise LookupError(f"profile {profile_id} is unknown")
        return stored[profile_id]

    @staticmethod
    def _read(read: Callable[[], Read]) -> Read | None:
        try:
            return read()
        except Exception:  # a log that cannot even be read: use what is in memory
            return None
