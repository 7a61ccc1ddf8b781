"""What opening and writing the log says to an adult, each as a :class:`Sentence` (English
here, said in the clinic's language where it is shown: the command line, the console).

Kept apart from storage.opening so the opening's logic reads without its long sentences;
file names, keys, SQLite's own words and options stay as they are (values, not text)."""

from __future__ import annotations

from pathlib import Path

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

#: What a write refused for a lock says it did.
NOTHING_SAVED = Sentence(N_("nothing was saved"))
#: The option that names another data folder, named as typed.
DATA_DIR_OPTION = "--data-dir"

# (each text on one line: the builders below then read as what they fill in)
_NEWER = N_("the log {file} comes from a newer version of the app (schema {version}, this app knows {known})")  # fmt: skip  # noqa: E501
_BLOCKED = N_("cannot use {folder} as the data folder: {file} is a file, not a folder (choose another with {option})")  # fmt: skip  # noqa: E501
_LOCKED = N_("the log {file} is locked by another program ({error}, {waited}); close it and try again")  # fmt: skip  # noqa: E501
_CANNOT_OPEN = N_("cannot open the log {file}: {reason}; it was left as it is")
_NOR_FOR_READING = N_("cannot open the log {file}: {reason}; nor for reading ({error}); it was left as it is")  # fmt: skip  # noqa: E501
_READ_AS_ON_DISK = N_("the log {file} is read as it is on disk (immutable: SQLite's shared-memory file cannot be made in that folder), so changes another program makes meanwhile are not seen")  # fmt: skip  # noqa: E501
_NOR_THE_LATEST = N_("{notice}, nor the latest changes in {file} (copy the folder somewhere writable to read those too)")  # fmt: skip  # noqa: E501
_LEFT_AS_IT_IS = N_("{problem}; {reason}, so it was left as it is: copy the folder somewhere writable and open it there ({option})")  # fmt: skip  # noqa: E501
_NOT_UPGRADABLE = N_("the log {file} is at schema version {version} and this app needs {needed}; {reason}, so it cannot be upgraded there: copy the folder somewhere writable and open it there ({option})")  # fmt: skip  # noqa: E501
_NOT_MADE = N_("{reason}, so a new log ({file}) could not be made there: free some space or make the folder writable, or choose another ({option})")  # fmt: skip  # noqa: E501
_NOTHING_CAN_BE_SAVED = N_("{reason}: nothing can be saved to its log (copy the folder somewhere writable to make changes there)")  # fmt: skip  # noqa: E501


def unreadable(name: str, error: Exception) -> Sentence:
    """The log file `name` could not be read at all (SQLite's `error`)."""
    return Sentence(N_("the log {file} could not be read ({error})"), file=name, error=str(error))


def damaged(name: str, check: str) -> Sentence:
    """SQLite's quick check found the log `name` damaged (`check`: what it said)."""
    return Sentence(N_("the log {file} is damaged ({check})"), file=name, check=check)


def newer(name: str, version: int, known: int) -> Sentence:
    """The log `name` is at a schema `version` above the `known` latest."""
    return Sentence(_NEWER, file=name, version=version, known=known)


def blocked_folder(folder: Path, blocked: Path) -> Sentence:
    """The data folder cannot be made because `blocked` (on its way) is a file."""
    return Sentence(_BLOCKED, folder=folder, file=blocked, option=DATA_DIR_OPTION)


def locked(path: Path, error: Exception, waited: str) -> Sentence:
    """Another program holds the log locked; `waited`: how long was waited, or what then."""
    return Sentence(_LOCKED, file=path, error=str(error), waited=waited)


def waited(seconds: float) -> Sentence:
    """How long opening waited for a locked log (s)."""
    return Sentence(N_("waited {seconds} s"), seconds=f"{seconds:g}")


def cannot_open(path: Path, reason: str, second: Exception | None = None) -> Sentence:
    """The log could not be opened (`reason`), nor for reading when `second` is given."""
    if second is None:
        return Sentence(_CANNOT_OPEN, file=path, reason=reason)
    return Sentence(_NOR_FOR_READING, file=path, reason=reason, error=str(second))


def read_as_on_disk(name: str, unread_wal: str | None) -> Sentence:
    """The log `name` is read immutable (no shared-memory file can be made); `unread_wal`:
    the write-ahead file whose latest changes are not seen, if it holds any."""
    seen = Sentence(_READ_AS_ON_DISK, file=name)
    return seen if unread_wal is None else Sentence(_NOR_THE_LATEST, notice=seen, file=unread_wal)


def left_where_it_is(problem: Sentence, reason: str) -> Sentence:
    """A damaged or newer log in a read-only folder (`reason`): nothing could be done there."""
    return Sentence(_LEFT_AS_IT_IS, problem=problem, reason=reason, option=DATA_DIR_OPTION)


def not_upgradable(name: str, version: int, needed: int, reason: str) -> Sentence:
    """An older log in a read-only folder (`reason`) cannot be upgraded where it is."""
    return Sentence(
        _NOT_UPGRADABLE,
        file=name,
        version=version,
        needed=needed,
        reason=reason,
        option=DATA_DIR_OPTION,
    )


def not_made(name: str, reason: str) -> Sentence:
    """A new log (an empty one: the folder allowed no more, e.g. a full disk) cannot be
    set up where it is (`reason`)."""
    return Sentence(_NOT_MADE, file=name, reason=reason, option=DATA_DIR_OPTION)


def nothing_can_be_saved(reason: str) -> Sentence:
    """A write refused because the log is read-only (`reason`)."""
    return Sentence(_NOTHING_CAN_BE_SAVED, reason=reason)
