"""Files that hold a child's data (exports, reports, profile bundles): readable by their
owner only, and appearing all at once (written next to the target, then renamed), so a
reader never sees half a file and a failed write leaves nothing behind.

An output path is checked before anything is written (`check_output_path`): an export
never replaces one of the data folder's own files (the log and its companions, the clinic
secret, the error log, the PIN file, records the log could not save), wherever it is
asked to go, never replaces something that is not a regular file (a device node, a
folder, a FIFO), and goes inside the data folder only into the folder itself or exports/.
Names are compared casefolded: the file systems of Windows and macOS ignore case.

Half-written files a killed process left (`.NAME.<pid>.<random>.partial`) and working
copies of a killed merge (`<data folder>/.tmp/`) are removed once they are older than
STALE_AFTER_S: an export or merge in progress keeps writing, so its files stay recent.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sensory_games.domain.language import N_
from sensory_games.domain.pseudonyms import SECRET_NAME
from sensory_games.domain.sentence import Sentence
from sensory_games.storage.files import (
    atomic_file,
    restrict_to_owner,
    write_all,
)
from sensory_games.storage.opening import DATABASE_NAME

#: A database file's suffixes: an export never takes such a name, nor its companions'
#: (`-wal`, `-shm`, `-journal`, a copy moved aside as `.damaged-*` or `.newer-*`).
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: The log's file name: an export never takes it.
LOG_NAME = DATABASE_NAME
#: The data folder's other own files, casefolded, and what each one is (for the refusal).
OWN_FILES = {
    SECRET_NAME: N_("the clinic secret (the key of the children's codes)"),
    "errors.log": N_("the app's error log"),
    "adult-pin": N_("the adults' PIN file"),
}
#: The subfolder of the data folder the adult menu's Export writes into. Inside the data
#: folder, exports go only into the folder itself (the CLI's default names) or under this.
EXPORTS_FOLDER = "exports"
#: The subfolder of the data folder for working copies (a merged log file), mode 0700.
TEMPORARY_FOLDER = ".tmp"
#: The folders the app keeps in the data folder (an export never takes their names).
DATA_FOLDERS = frozenset((EXPORTS_FOLDER, TEMPORARY_FOLDER, "recovered", "autoplay"))
#: Seconds after its last change that a half-written file or working copy counts as left
#: behind by a killed process (15 minutes: far longer than any export pauses between writes).
STALE_AFTER_S = 15 * 60
#: A partial file this module writes: `.NAME.<pid>.<8 hex digits>.partial`, and the
#: `.NAME.partial` of earlier versions when NAME has one of the suffixes exports have.
PARTIAL_PATTERN = re.compile(
    r"\..+(\.\d+\.[0-9a-f]{8}|\.(csv|json|pdf|png|yaml))\.partial", re.IGNORECASE
)
_DATABASE_FILE = re.compile(
    ".+("
    + "|".join(map(re.escape, DATABASE_SUFFIXES))
    + r")(-wal|-shm|-journal|\.(damaged|newer)-.*)?",
    re.IGNORECASE,
)


def _own_file(name: str) -> Sentence | None:
    """What the data folder keeps under `name` (compared casefolded, trailing dots and
    spaces dropped as Windows does), or None: a name an export may take."""
    key = name.casefold().rstrip(". ")
    if key in OWN_FILES:
        return Sentence(OWN_FILES[key])
    if key.startswith(LOG_NAME):
        return Sentence(N_("the attempt log's database file or one of its companions"))
    if _DATABASE_FILE.fullmatch(key):
        return Sentence(N_("a database file"))
    if key.startswith("unsaved-") and key.endswith(".json"):
        return Sentence(N_("attempts or check-ins the log could not save"))
    return None


def _not_regular(mode: int) -> Sentence | None:
    """What an existing non-regular file is (None for a regular file)."""
    kinds = (
        (stat.S_ISDIR, N_("a folder")),
        (stat.S_ISCHR, N_("a device")),
        (stat.S_ISBLK, N_("a device")),
        (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
        (stat.S_ISSOCK, N_("a socket")),
    )
    if stat.S_ISREG(mode):
        return None
    return Sentence(next((kind for test, kind in kinds if test(mode)), N_("not a regular file")))


def _same_folder(a: Path, b: Path) -> bool:
    """Whether two folders are one (the same inode where both exist, so a different case
    or a second route to it still matches; else the same resolved name, casefolded)."""
    with contextlib.suppress(OSError):
        return os.path.samefile(a, b)
    return os.path.normcase(str(a)).casefold() == os.path.normcase(str(b)).casefold()


def _place_in(folder: Path, data_dir: Path) -> tuple[str, ...] | None:
    """The folder names leading from the data folder to `folder` (resolved), () for the
    data folder itself, or None when `folder` is outside it."""
    data = data_dir.resolve()
    below: list[str] = []
    for ancestor in (folder, *folder.parents):
        if _same_folder(ancestor, data):
            return tuple(reversed(below))
        below.append(ancestor.name)
    return None


#: What the command line says when the file it was asked to write (--out) cannot be, by
#: the error's number: for an error about the file's folder, a folder above it, or a file
#: in it (the half-written copy), never one about a font or a cache elsewhere.
OUT_PROBLEMS = {
    errno.EEXIST: N_("{folder} is a file, not a folder: choose another {option}"),
    errno.EACCES: N_(
        "this app may not write in {folder} (no permission, or a read-only disk): choose"
        " another {option}"
    ),
    errno.ENOSPC: N_("the disk is full: free some space or choose another {option}"),
}
OUT_PROBLEMS[errno.ENOTDIR] = OUT_PROBLEMS[errno.EEXIST]
OUT_PROBLEMS[errno.EPERM] = OUT_PROBLEMS[errno.EROFS] = OUT_PROBLEMS[errno.EACCES]


def why_not_written(error: OSError, out: Path, option: str = "--out") -> Sentence | OSError:
    """Why `out` could not be written, in words a clinic's IT person can act on
    (OUT_PROBLEMS: the folder that is a file, or cannot be written in, named; a full
    disk), else the error itself: an error that names a path neither in `out`'s folder
    nor above it (a font, a cache) is said as the system says it. `option`: the command
    line's option that chose `out`."""
    folder = out.absolute().parent
    named = named_paths(error)
    inside = [p for p in named if p.is_relative_to(folder)]  # (the folder, or in it)
    above = [p for p in named if folder.is_relative_to(p)]  # (the folder, or above it)
    if error.errno == errno.ENOSPC and (inside or above or not named):
        return Sentence(OUT_PROBLEMS[errno.ENOSPC], option=option)
    if error.errno in (errno.EEXIST, errno.ENOTDIR):  # (something not a folder in the way)
        chain = [q for p in named for q in (p, *p.parents)]  # (ENOTDIR names a path below)
        in_the_way = [q for q in chain if folder.is_relative_to(q) and _not_a_folder(q)]
        if in_the_way:
            return Sentence(OUT_PROBLEMS[errno.EEXIST], folder=in_the_way[0], option=option)
    elif error.errno in OUT_PROBLEMS and (inside or above):
        # (a folder above not made: the one it was to be made in is where it may not write)
        where = folder if inside else next(q for q in (above[0], *above[0].parents) if q.exists())
        return Sentence(OUT_PROBLEMS[error.errno], folder=where, option=option)
    return error


def named_paths(error: OSError) -> list[Path]:
    """The paths an error names (its file names, bytes or text), made absolute as
    written (no link followed)."""
    return [Path(os.fsdecode(p)).absolute() for p in (error.filename, error.filename2) if p]


def _not_a_folder(path: Path) -> bool:
    """Whether something other than a folder is at `path` (a file, a device, a link to
    nothing)."""
    return os.path.lexists(path) and not path.is_dir()


def check_output_path(out: Path, *, data_dir: Path | None) -> None:
    """Raise ValueError (one line naming `out` and why, a Sentence the command line says
    in the clinic's language) unless an export may be written to `out`; nothing is opened.
    `data_dir` is the data folder (None: not known here)."""
    problem = _output_problem(Path(out), data_dir)
    if problem is not None:
        raise ValueError(Sentence(N_("{file}: not written: {problem}"), file=out, problem=problem))


def _output_problem(out: Path, data_dir: Path | None) -> Sentence | None:
    """Why an export may not be written to `out`, or None."""
    if str(out) == "-":
        return Sentence(
            N_("exports are written to a file (readable only by you), not to the screen")
        )
    own = _own_file(out.name)
    if own is not None:
        return Sentence(N_("that name is {what}; choose another file name"), what=own)
    try:
        kind = _not_regular(os.stat(out).st_mode)  # (a symlink's target: never opened)
    except (FileNotFoundError, NotADirectoryError):
        kind = None
    except OSError as error:  # (a symlink loop, a folder that may not be read)
        return Sentence(N_("it cannot be checked ({reason})"), reason=error.strerror or error)
    if kind is not None:
        return Sentence(N_("it is {kind}, not a regular file"), kind=kind)
    try:
        target = out.resolve()  # symlinks followed, .. removed
    except (OSError, RuntimeError) as error:  # (RuntimeError: a symlink loop, Python 3.10)
        return Sentence(N_("the path cannot be followed ({reason})"), reason=str(error))
    own = _own_file(target.name)
    if own is not None:
        return Sentence(N_("it leads to {target}, {what}"), target=target, what=own)
    place = None if data_dir is None else _place_in(target.parent, Path(data_dir))
    if place == () and target.name.casefold().rstrip(". ") in DATA_FOLDERS:
        return Sentence(N_("{name} is a folder the app keeps in the data folder"), name=target.name)
    if place and place[0].casefold() != EXPORTS_FOLDER:
        return Sentence(
            N_(
                "{folder} is the data folder's private space (exports go into the data folder"
                " itself or its {exports} folder)"
            ),
            folder=target.parent,
            exports=f"{EXPORTS_FOLDER}/",
        )
    return None


def remove_stale_partials(folder: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove the half-written files (PARTIAL_PATTERN) in `folder` not changed for
    `older_than_s` seconds: what a killed export left. Returns what was removed."""
    removed: list[Path] = []
    limit = time.time() - older_than_s
    try:
        entries = list(os.scandir(folder))
    except OSError:  # no such folder, or not readable: nothing of ours to find
        return removed
    for entry in entries:
        if not PARTIAL_PATTERN.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _last_change(path: Path) -> float:
    """The newest modification time (epoch seconds) of `path` and, for a folder, of
    everything in it."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for inner, folders, files in os.walk(path):
            for name in (*folders, *files):
                with contextlib.suppress(OSError):
                    newest = max(newest, os.lstat(os.path.join(inner, name)).st_mtime)
    return newest


def remove_stale_temporary(data_dir: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove the working copies in `<data_dir>/.tmp/` not changed for `older_than_s`
    seconds: what a killed merge left. Returns what was removed."""
    removed: list[Path] = []
    limit = time.time() - older_than_s
    try:
        entries = list(os.scandir(Path(data_dir) / TEMPORARY_FOLDER))
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path)
        with contextlib.suppress(OSError):
            if _last_change(path) >= limit:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def remove_stale_leftovers(data_dir: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """What killed exports and merges left in the data folder, removed: half-written files
    in it, in exports/ and in exports/'s folders, and old working copies in .tmp/."""
    data_dir = Path(data_dir)
    folders = [data_dir, data_dir / EXPORTS_FOLDER]
    with contextlib.suppress(OSError):
        folders += [
            Path(e.path)
            for e in os.scandir(data_dir / EXPORTS_FOLDER)
            if e.is_dir(follow_symlinks=False)
        ]
    removed = [p for f in folders for p in remove_stale_partials(f, older_than_s=older_than_s)]
    return removed + remove_stale_temporary(data_dir, older_than_s=older_than_s)


@contextlib.contextmanager
def private_file(out: Path, *, data_dir: Path | None) -> Iterator[BinaryIO]:
    """A binary handle to a new `.NAME.<pid>.<random>.partial` next to `out` (owner-only:
    storage.files.restrict_to_owner),
    renamed over `out` when the block ends without error, removed otherwise.

    `out` is checked first (check_output_path, ValueError) and again just before the
    rename; `data_dir` is the data folder (None only where none is known). Stale partial
    files in the target's folder are removed first (remove_stale_partials)."""
    out = Path(out)
    check_output_path(out, data_dir=data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(out.parent)
    with atomic_file(out, lambda: check_output_path(out, data_dir=data_dir)) as handle:
        yield handle


def write_private(out: Path, content: str | bytes, *, data_dir: Path | None) -> None:
    """Write `content` (text as UTF-8) to `out` through private_file."""
    with private_file(out, data_dir=data_dir) as handle:
        write_all(handle, content)


@contextlib.contextmanager
def temporary_folder(data_dir: Path, prefix: str) -> Iterator[Path]:
    """A new folder (mode 0o700) in the data folder's `.tmp/` (owner-only: mode 0o700 on
    POSIX, see storage.files.restrict_to_owner) for working copies of a child's data, never
    the system temp folder (shared, often readable by all); removed with everything in it
    when the block ends, error or not. Stale ones a killed process left are removed first
    (remove_stale_temporary)."""
    base = Path(data_dir) / TEMPORARY_FOLDER
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    restrict_to_owner(base, folder=True)
    remove_stale_temporary(data_dir)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
