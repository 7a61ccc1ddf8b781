"""Bring other kiosks' records into this device's log: `sensory-games merge FILE...`.

A source is a JSON export (sensory_games-export-2, best with --samples) or another
device's database file. Every record keeps its UUID and its device id, so merging the same
file twice changes nothing, and merging A into B and B into A gives both the union.
Nothing here is overwritten: a record that exists with different content is reported as
a conflict and this device's copy kept. The only changes to existing rows fill in what
this device did not know (a session's end, a check-in's link to its attempt).
One source file is merged in one transaction: all of it or none of it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from sensory_games.domain.aliases import look_alikes, normalise_alias
from sensory_games.domain.check_in import OLD_SCALE
from sensory_games.domain.goals import check_goals_and_notes
from sensory_games.domain.language import N_, Words
from sensory_games.domain.profile import GUEST_ALIAS, LATER_SETTINGS
from sensory_games.domain.records import RecordError, check_document
from sensory_games.domain.schema import error_reason
from sensory_games.domain.sentence import Listed, Sentence, render
from sensory_games.services.export import JSON_FORMAT, json_document
from sensory_games.services.merge_goals import merge_goals, merge_notes
from sensory_games.services.merge_report import MergeReport
from sensory_games.services.private_files import temporary_folder
from sensory_games.storage import (
    ATTEMPT_IDENTITY,
    PROFILE_SETTINGS,
    LevelChange,
    RecordStore,
    Repository,
)
from sensory_games.storage.opening import LOG_ERRORS
from sensory_games.storage.repository import copy_log
from sensory_games.storage.rows import alias_key

SQLITE_MAGIC = b"SQLite format 3\x00"
#: What a conflict over one look-alike or same-alias profile advises.
SAME_CHILD_ADVICE = N_(
    "If they are the same child, run {command} again with --match-alias; if not, rename one of"
    " them first"
)
#: The profile fields whose difference between two copies is reported.
COMPARED_PROFILE_FIELDS = (*PROFILE_SETTINGS, "archived")


class MergeError(Exception):
    """A source cannot be merged at all (nothing of it was written); says why (a
    Sentence: English as str, said in the clinic's language where it is printed)."""

    def __init__(self, path: Path | str, message: str, /, **values: object) -> None:
        super().__init__(
            Sentence(N_("{file}: {problem}"), file=path, problem=Sentence(message, **values))
        )

    def render(self, words: Words) -> str:
        """The one-line error in `words`' language."""
        return render(self.args[0], words)


class _Notices(Listed):
    """What opening a source log noticed, one after another ("; " between)."""

    def render(self, words: Words) -> str:
        return "; ".join(render(notice, words) for notice in self)


def _unreadable(path: Path, error: OSError) -> MergeError:
    return MergeError(path, N_("cannot be read ({reason})"), reason=error.strerror or str(error))


def read_source(path: Path, *, data_dir: Path | None = None) -> dict[str, Any]:
    """A JSON export, or a database file read into the same document (with samples).
    A database file is read from a working copy in `data_dir` (this device's data
    folder), which it then needs."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise _unreadable(path, error) from None
    if head == SQLITE_MAGIC:
        if data_dir is None:
            raise ValueError("read_source: a database file needs data_dir for its working copy")
        return _database_document(path, Path(data_dir))
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _unreadable(path, error) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MergeError(
            path, N_("neither a JSON export nor a sensory_games database ({error})"), error=error
        ) from None
    except RecursionError:
        raise MergeError(path, N_("not merged: its JSON nests too deep to be an export")) from None
    except (ValueError, MemoryError) as error:  # e.g. a number of 5,000 digits
        raise MergeError(
            path, N_("not merged: not a usable JSON export ({reason})"), reason=error_reason(error)
        ) from None
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise MergeError(
            path,
            N_(
                "format {found} cannot be merged (must be {wanted}: a JSON export made by this"
                " version, {command})"
            ),
            found=repr(found),
            wanted=repr(JSON_FORMAT),
            command="`sensory-games export --format json --samples`",
        )
    if document.get("pseudonymised"):
        raise MergeError(
            path,
            N_(
                "a pseudonymised export has no aliases or profile ids, so it cannot be merged;"
                " export again on that device without {option}"
            ),
            option="--pseudonymize",
        )
    return document


def _database_document(path: Path, data_dir: Path) -> dict[str, Any]:
    """Open a copy of another device's log (the original is never touched, even when it
    needs upgrading) and export everything from it with samples. The copy is owner-only
    in this data folder's .tmp/ (never the shared system temp folder) and removed after,
    error or not; one a killed merge left is removed by a later one (temporary_folder)."""
    try:
        with temporary_folder(data_dir, prefix="merge-") as folder:
            copy_log(path, folder)
            try:
                source = Repository(folder)
            except Exception as error:
                raise MergeError(
                    path, N_("cannot be opened as a log ({error})"), error=error
                ) from None
            try:
                if source.notices:
                    notices = _Notices(source.notices)
                    raise MergeError(path, N_("not merged: {notices}"), notices=notices)
                return json_document(source, samples=True)
            finally:
                source.close()
    except OSError as error:
        raise MergeError(
            path,
            N_("not merged: no working copy could be made in {folder} ({reason})"),
            folder=data_dir,
            reason=error.strerror or str(error),
        ) from None


#: What makes a merge roll back: the log's errors, and a record the checks let through
#: that the log still cannot take.
MERGE_FAILURES: tuple[type[Exception], ...] = (
    *LOG_ERRORS,
    KeyError,
    TypeError,
    ValueError,
    OverflowError,
)


def merge(
    repository: Repository,
    document: dict[str, Any],
    source: str,
    match_alias: bool = False,
    level_counts: Mapping[str, int] | None = None,
    matched: Collection[str] = (),
    command: str = "merge",
) -> MergeReport:
    """Merge one source document into `repository` in one transaction.

    Every record is checked first (sensory_games.domain.records), against this device's
    activities and their number of levels (`level_counts`, from the command line; None:
    levels 1..records.LARGEST_LEVEL): one bad value and nothing of the source is written.
    A profile from the source whose alias is taken here by a different child (a different
    profile id) is a conflict and none of its records are merged, unless `match_alias`
    says that the same alias is the same child (or `matched` holds its profile id: a
    child matched so before, services/sync.py). Every device's Guest is the one Guest.
    `command`: the sensory-games command a conflict's advice says to run again."""
    report = MergeReport(source, command=command)
    store = repository.transfer()
    _fill_later_fields(document)
    try:
        check_document(document, level_counts)
        check_goals_and_notes(document, level_counts)
    except RecordError as error:
        raise MergeError(
            source, N_("not merged, nothing was changed: {error}"), error=error
        ) from None
    try:
        with repository.transaction():
            for profile in document["profiles"]:
                match = match_alias or profile["profile_id"] in matched
                _merge_profile(store, profile, report, match)
    except MERGE_FAILURES as error:
        raise MergeError(
            source,
            N_("not merged, nothing was changed ({kind}: {error})"),
            kind=type(error).__name__,
            error=error,
        ) from None
    return report


def _fill_later_fields(document: dict[str, Any]) -> None:
    """Exports made before the app recorded them lack some fields: a profile's are then
    LATER_SETTINGS and no goals, each attempt's pointer `unknown`, each check-in's scale
    the five faces (every check-in was asked on them then), and each session no notes."""
    profiles = document.get("profiles")
    for profile in profiles if isinstance(profiles, list) else ():
        if not isinstance(profile, dict):
            continue
        for key, value in LATER_SETTINGS.items():
            profile.setdefault(key, value)
        profile.setdefault("goals", [])
        sessions = profile.get("sessions")
        for session in sessions if isinstance(sessions, list) else ():
            if not isinstance(session, dict):
                continue
            session.setdefault("notes", [])
            later = (("attempts", "pointer", "unknown"), ("check_ins", "scale", OLD_SCALE))
            for kind, key, value in later:
                rows = session.get(kind)
                for row in rows if isinstance(rows, list) else ():
                    if isinstance(row, dict):
                        row.setdefault(key, value)


def _merge_profile(
    store: RecordStore,
    profile: dict[str, Any],
    report: MergeReport,
    match_alias: bool,
) -> None:
    alias = normalise_alias(profile["profile"])  # (stored as this app stores aliases)
    theirs = {**profile, "alias": alias}
    local_id = _local_profile(store, theirs, report, match_alias)
    if local_id is None:
        for session in profile["sessions"]:
            report.skipped["session"] += 1
            report.skipped["attempt"] += len(session["attempts"])
            report.skipped["check-in"] += len(session["check_ins"])
            report.skipped["note"] += len(session["notes"])
        report.skipped["level change"] += len(profile["level_changes"])
        report.skipped["goal"] += len(profile["goals"])
        return
    for change in profile["level_changes"]:
        _merge_level_change(store, change, local_id, report)
    merge_goals(store, profile["goals"], local_id, report)
    for session in profile["sessions"]:
        _merge_session(store, session, local_id, report)


def _local_profile(
    store: RecordStore, theirs: dict[str, Any], report: MergeReport, match: bool
) -> str | None:
    """This device's id for the source's profile (adding it if new), or None: a conflict."""
    alias = theirs["alias"]
    mine = store.profile_records([theirs["profile_id"]]).get(theirs["profile_id"])
    if mine is not None:
        differs = [k for k in COMPARED_PROFILE_FIELDS if mine[k] != theirs[k]]
        if differs:
            report.conflicts.append(
                Sentence(
                    N_(
                        "profile {alias} differs on the other device in {fields}; this device's"
                        " settings were kept"
                    ),
                    alias=repr(mine["alias"]),
                    fields=", ".join(differs),
                )
            )
        report.already["profile"] += 1
        mine_id: str = mine["profile_id"]
        return mine_id
    same_alias = store.profile_by_key(alias)
    if same_alias is None:
        local = {record["alias"]: pid for pid, record in store.profile_records().items()}
        similar = look_alikes(alias, local)
        if not similar:
            store.insert_profile(theirs)
            report.added["profile"] += 1
            theirs_id: str = theirs["profile_id"]
            return theirs_id
        if match and len(similar) == 1:  # --match-alias: what looks the same is the same
            report.already["profile"] += 1
            return local[similar[0]]
        advice = (
            SAME_CHILD_ADVICE
            if len(similar) == 1
            else N_("Rename the children here first so that no two look the same")
        )
        report.conflicts.append(
            Sentence(
                N_(
                    "profile {alias} from the other device looks like {names} here but is a"
                    " different profile (a different profile id): none of its records were"
                    " merged. {advice}"
                ),
                alias=repr(alias),
                names=Listed(repr(other) for other in similar),
                advice=Sentence(advice, command=f"`sensory-games {report.command}`"),
            )
        )
        return None
    if match or alias_key(alias) == alias_key(GUEST_ALIAS):
        report.already["profile"] += 1
        return same_alias
    report.conflicts.append(
        Sentence(
            N_(
                "profile {alias} from the other device is a different child from {alias} here"
                " (a different profile id): none of its records were merged. {advice}"
            ),
            alias=repr(alias),
            advice=Sentence(SAME_CHILD_ADVICE, command=f"`sensory-games {report.command}`"),
        )
    )
    return None


def _merge_level_change(
    store: RecordStore, change: dict[str, Any], profile_id: str, report: MergeReport
) -> None:
    if store.has_row("level_changes", change["level_change_id"]):
        report.already["level change"] += 1
        return
    store.insert_level_change(
        LevelChange(
            id=change["level_change_id"],
            device_id=change["device_id"],
            profile_id=profile_id,
            activity=change["activity"],
            from_level=change["from_level"],
            to_level=int(change["to_level"]),
            reason=change["reason"],
            changed_at=change["changed_at"],
        ),
    )
    report.added["level change"] += 1


def _merge_session(
    store: RecordStore, session: dict[str, Any], profile_id: str, report: MergeReport
) -> None:
    session_id = session["session_id"]
    known = store.session_records([session_id]).get(session_id)
    owner = store.owners("sessions", session_id)
    if owner is not None and owner[0] != profile_id:
        report.conflicts.append(
            Sentence(
                N_(
                    "session {session} ({started}) is another child's session here: none of its"
                    " records were merged"
                ),
                session=session_id,
                started=session["started_at"],
            )
        )
        report.skipped["session"] += 1
        report.skipped["attempt"] += len(session["attempts"])
        report.skipped["check-in"] += len(session["check_ins"])
        report.skipped["note"] += len(session["notes"])
        return
    if known is None:
        store.insert_session(session, profile_id)
        report.added["session"] += 1
    elif known["ended_at"] is None and session["ended_at"] is not None:
        store.end_session(session_id, session["ended_at"])
        report.filled_in["session"] += 1
    else:
        report.already["session"] += 1
    for attempt in session["attempts"]:
        mine = store.attempt_summary(attempt["attempt_id"])
        if mine is None:
            store.insert_attempt(attempt, session_id, profile_id)
            report.added["attempt"] += 1
        elif all(mine[k] == attempt[k] for k in ATTEMPT_IDENTITY) and store.owners(
            "attempts", attempt["attempt_id"]
        ) == (profile_id, session_id):
            report.already["attempt"] += 1
        else:
            report.conflicts.append(
                Sentence(
                    N_(
                        "attempt {attempt} ({activity}, {started}) differs from the copy here;"
                        " this device's was kept"
                    ),
                    attempt=attempt["attempt_id"],
                    activity=attempt["activity"],
                    started=attempt["started_at"],
                )
            )
    for check_in in session["check_ins"]:
        state = store.check_in_state(check_in["check_in_id"])
        if state is None:
            linked = check_in["attempt_id"]
            if linked is not None and not _in_session(store, linked, session_id):
                check_in = {**check_in, "attempt_id": None}  # its attempt was not exported:
            store.insert_check_in(check_in, session_id, profile_id)  # linked later
            report.added["check-in"] += 1
        elif (state[0], state[1], state[3]) != (
            check_in["feeling"],
            check_in["moment"],
            check_in["scale"],
        ):
            report.conflicts.append(
                Sentence(
                    N_(
                        "check-in {check_in} ({asked}) differs from the copy here; this device's"
                        " was kept"
                    ),
                    check_in=check_in["check_in_id"],
                    asked=check_in["asked_at"],
                )
            )
        elif (
            state[2] is None
            and check_in["attempt_id"] is not None
            and _in_session(store, check_in["attempt_id"], session_id)
        ):
            store.link_check_in(check_in["check_in_id"], check_in["attempt_id"])
            report.filled_in["check-in"] += 1
        else:
            report.already["check-in"] += 1
    merge_notes(store, session["notes"], session_id, report)


def _in_session(store: RecordStore, attempt_id: str, session_id: str) -> bool:
    """Whether the attempt is here, in this session (a check-in links only to an attempt
    of its own session)."""
    owner = store.owners("attempts", attempt_id)
    return owner is not None and owner[1] == session_id
