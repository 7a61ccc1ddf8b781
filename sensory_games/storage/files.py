"""The app's own files in its folders, written so a crash never leaves half of one: the
partial file (owner-only, flushed to the disk, then renamed over the target), the name a
damaged file is moved aside to, and the folder flush after a rename. Storage uses them for
the log's and the PIN's files; services.private_files builds the exports' checks on them.

Everything here that differs between platforms is here and nowhere else (docs/platforms.md
says what was tried where): who may read a new file (restrict_to_owner), how a new file is
opened (new_file_flags), whether a folder's entries can be flushed (sync_folder), and who
the user is (user_tag, owned_by_this_user). Each function takes the POSIX call where the
platform has it and a documented fallback where it does not (Windows; Python before 3.13
has no os.fchmod there), so no file-writing path depends on a POSIX-only call.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Whether a file's permission bits decide who may read it: True on POSIX systems (Linux,
#: macOS); False on Windows, where the file's access control list (ACL) does and the bits
#: only set the "read-only" attribute.
PERMISSION_BITS = os.name == "posix"
#: The modes of a file and a folder only their owner may use (POSIX).
OWNER_ONLY_FILE, OWNER_ONLY_FOLDER = 0o600, 0o700
#: What restrict_to_owner did: set the mode bits exactly; left the mode a POSIX file was
#: created with (no os.fchmod); left the ACL a Windows file inherits from its folder.
MODE_SET, CREATION_MODE, INHERITED_ACL = "mode set", "creation mode", "inherited ACL"
#: At most this many characters of the target's name go into its partial file's name
#: (a file name holds 255 bytes; the pid and random part need the rest).
PARTIAL_NAME_CHARS = 100


def write_own_file(out: Path, content: str | bytes) -> None:
    """One of the app's own files in its folders (the fallback file of records the log
    could not take, the adults' PIN file): written as exports are (owner-only, all at
    once, flushed to the disk before it replaces the old one), under a name no export may
    take."""
    with atomic_file(Path(out), lambda: None) as handle:
        write_all(handle, content)


def aside_name(path: Path, label: str) -> Path:
    """Where a damaged (or otherwise unusable) file is moved so that nothing is deleted:
    `<name>.<label>-<UTC time>`, with -2, -3... when that is taken."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while os.path.lexists(target):
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    return target


def new_file_flags() -> int:
    """os.open's flags for a new file of the app's own, on every platform: write only,
    created here and never an existing one (O_EXCL), never through a symbolic link
    (O_NOFOLLOW: POSIX; Windows has no such flag, and O_EXCL already refuses a link in
    the file's place), bytes written as they are (O_BINARY: Windows only, where a
    descriptor opened without it is in text mode and every \\n written becomes \\r\\n,
    which breaks a PNG, a PDF and any exact copy)."""
    return (
        os.O_CREAT
        | os.O_EXCL
        | os.O_WRONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_BINARY", 0)
    )


def restrict_to_owner(target: int | Path, *, folder: bool = False) -> str:
    """Make `target` (an open file's descriptor, or the path of a file or, with `folder`,
    a folder) readable by its owner only; returns how (MODE_SET, CREATION_MODE or
    INHERITED_ACL).

    - POSIX (Linux, macOS): mode 0600 (a folder 0700) set exactly, whatever the umask:
      os.fchmod on a descriptor, os.chmod on a path. MODE_SET.
    - POSIX without os.fchmod, for a descriptor: nothing more is done; the file keeps the
      mode it was created with (os.open's 0600 less the umask: never more). CREATION_MODE.
    - Windows: nothing is changed. A new file takes the ACL of its folder: in the user's
      own profile (%APPDATA%, the default data folder) that lets in this user, SYSTEM and
      the Administrators only; a folder made with mkdir(mode=0o700) gets an owner-only ACL
      from Python 3.10.15, 3.11.10, 3.12.4 and 3.13 on. Mode bits would only set the
      read-only attribute (os.fchmod exists there from Python 3.13, for that only).
      A stricter ACL, or one for a data folder outside the profile, is set once by the IT
      person (docs/platforms.md). INHERITED_ACL.
    """
    mode = OWNER_ONLY_FOLDER if folder else OWNER_ONLY_FILE
    if not PERMISSION_BITS:
        return INHERITED_ACL
    if isinstance(target, int):
        fchmod = getattr(os, "fchmod", None)
        if fchmod is None:
            return CREATION_MODE
        fchmod(target, mode)
        return MODE_SET
    os.chmod(target, mode)
    return MODE_SET


def sync_folder(folder: Path) -> bool:
    """Flush the folder's entry for a renamed file to the disk, so that a power cut just
    after the rename cannot bring the old file back; True when it was flushed.

    POSIX (Linux, macOS): the folder is opened and fsync'ed. Windows: a folder cannot be
    opened as a file (PermissionError) and NTFS journals the rename itself, so nothing is
    done and False is returned; the same where the file system refuses (a network share,
    some FUSE file systems): the rename is then as durable as that file system makes it.
    """
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        os.fsync(descriptor)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return True


def flush_to_disk(path: Path) -> bool:
    """Flush the file at `path` (data and size) from the operating system's cache to the
    disk; False when there is no such file. OSError when the disk refuses.

    POSIX: opened and fsync'ed. Windows: the same (`FlushFileBuffers`), on a handle opened
    for writing as it needs; SQLite shares its files for that."""
    try:
        descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return False
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return True


def safe_name(text: str, fallback: str = "child") -> str:
    """`text` as part of a file name: letters, digits, - and _ only (an alias like
    `../A/B` cannot reach another folder), at most 40 characters."""
    safe = re.sub(r"[^\w-]+", "_", text).strip("_")
    return safe[:40] or fallback


def write_all(handle: BinaryIO, content: str | bytes) -> None:
    """Write `content` to `handle`, text as UTF-8."""
    handle.write(content.encode("utf-8") if isinstance(content, str) else content)


def user_tag() -> str:
    """Who runs the app, as part of a file name (the private folder in a shared temporary
    folder is named after its user). POSIX: the user id (os.getuid), as earlier versions
    named it. Windows (no os.getuid): the login name, letters, digits, - and _ only (the
    temporary folder there is the user's own already: %LOCALAPPDATA%\\Temp); "user" when
    no name is known."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None:
        return str(getuid())
    try:
        name = getpass.getuser()
    except (ImportError, KeyError, OSError):  # (no name in the environment, no pwd)
        name = ""
    return safe_name(name, "user")


def owned_by_this_user(info: os.stat_result) -> bool:
    """Whether the file or folder `info` describes (an os.lstat result) belongs to the user
    who runs the app. POSIX: its owner's id is ours (os.getuid). Windows: os.stat reports
    owner 0 for everything and the owner is in the ACL, so it cannot be told here: True,
    and the folder's place is what keeps others out (the user's own temporary folder)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


@contextlib.contextmanager
def atomic_file(out: Path, recheck: Callable[[], None]) -> Iterator[BinaryIO]:
    """The partial file behind write_own_file and the exports' private_file: created
    owner-only (restrict_to_owner), written, flushed to the disk (fsync), `recheck`ed,
    then renamed over `out`; removed on any failure."""
    partial = out.with_name(
        f".{out.name[:PARTIAL_NAME_CHARS]}.{os.getpid()}.{secrets.token_hex(4)}.partial"
    )
    descriptor = os.open(partial, new_file_flags(), OWNER_ONLY_FILE)
    try:
        restrict_to_owner(descriptor)  # (exactly 0600 on POSIX, whatever the umask)
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        recheck()  # (something may have appeared at `out` meanwhile)
        os.replace(partial, out)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    sync_folder(out.parent)


def copy_private(source: Path, target: Path) -> None:
    """Copy `source` to a new file `target` readable by its owner only (restrict_to_owner:
    mode 0o600 on POSIX), byte for byte on every platform (new_file_flags)."""
    descriptor = os.open(target, new_file_flags(), OWNER_ONLY_FILE)
    with Path(source).open("rb") as reader, os.fdopen(descriptor, "wb") as writer:
        restrict_to_owner(writer.fileno())
        shutil.copyfileobj(reader, writer, 1 << 20)
