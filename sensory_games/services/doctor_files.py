"""`sensory-games doctor`'s checks of the data folder's files: the folder itself (it exists
or can be made, takes a new file, has room), the adults' PIN file and the clinic secret.

Read only, like every check: the write test removes its own file, a damaged PIN file is
reported and left where it is, and no clinic secret is made.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sensory_games.domain.language import N_
from sensory_games.domain.pin import is_pin_hash
from sensory_games.domain.pseudonyms import SECRET_BYTES, SECRET_NAME
from sensory_games.domain.sentence import Sentence
from sensory_games.services.findings import Finding, Status
from sensory_games.storage.pin_store import PIN_FILE_NAME, DamagedPinFile, from_text

#: Free space in the data folder below which a warning is given (bytes): a year of a busy
#: kiosk's attempts with samples is a few hundred MB, exports and backups come on top.
LOW_SPACE_BYTES = 500 * 1024 * 1024
#: Below this the log may soon refuse attempts (bytes): the device must be cleared.
TOO_LITTLE_SPACE_BYTES = 50 * 1024 * 1024
MB = 1024 * 1024

DiskUsage = Callable[[Path], int]


def free_bytes(folder: Path) -> int:
    """Bytes free for this user on the disk holding `folder` (shutil.disk_usage)."""
    return shutil.disk_usage(folder).free


def check_data_folder(folder: Path, free: DiskUsage = free_bytes) -> Finding:
    """The attempt log's folder exists (or can be made), takes a new file, and has room.

    `free`: bytes free on the disk holding a folder (a test passes a figure)."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        if existing == folder:
            where: str = Sentence(N_("{file} is a file"), file=existing)
        else:
            where = Sentence(N_("{file} is a file, so {folder}"), file=existing, folder=folder)
        return Finding(
            "data folder",
            Status.FIX,
            Sentence(
                N_("{where}, not a folder: the attempt log cannot be kept there"), where=where
            ),
            Sentence(
                N_(
                    "move that file away, or choose another folder with {options} (or {key}"
                    " in app.yaml)"
                ),
                options="--data-dir / SENSORY_GAMES_DATA",
                key="storage.data_dir",
            ),
        )
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".doctor-"):
            pass
    except OSError as error:
        return Finding(
            "data folder",
            Status.FIX,
            Sentence(
                N_("{file} cannot be written ({reason})"),
                file=existing,
                reason=error.strerror or error,
            ),
            Sentence(
                N_(
                    "give the kiosk account write rights there (Linux: chown it to the kiosk"
                    " user; Windows: Modify rights), or choose another folder with {options};"
                    " run doctor as the kiosk account"
                ),
                options="--data-dir / SENSORY_GAMES_DATA",
            ),
        )
    space = free(existing)
    where = str(folder)
    if existing != folder:
        where = Sentence(
            N_("{folder} (not made yet; {existing} is)"), folder=folder, existing=existing
        )
    detail = Sentence(N_("{where}, writable, {free:,.0f} MB free"), where=where, free=space / MB)
    if space < TOO_LITTLE_SPACE_BYTES:
        return Finding(
            "data folder",
            Status.FIX,
            Sentence(
                N_("{detail}: under {most} MB, attempts may soon not be saved"),
                detail=detail,
                most=TOO_LITTLE_SPACE_BYTES // MB,
            ),
            Sentence(
                N_("free space on that disk (old exports, downloads) or move the data folder")
            ),
        )
    if space < LOW_SPACE_BYTES:
        return Finding(
            "data folder",
            Status.WARN,
            Sentence(N_("{detail}: under {most} MB"), detail=detail, most=LOW_SPACE_BYTES // MB),
            Sentence(
                N_(
                    "free space on that disk before it fills (old exports, backups kept on the"
                    " device)"
                )
            ),
        )
    if existing != folder:
        return Finding(
            "data folder",
            Status.WARN,
            detail,
            Sentence(
                N_("it is made at the first start; make it now by setting the PIN ({command})"),
                command="`sensory-games pin set`",
            ),
        )
    return Finding("data folder", Status.OK, detail)


def check_pin(data_dir: Path) -> Finding:
    """The adults' PIN is set: without one the first hold of the corner chooses it, and a
    child could be the one holding. Read only: a damaged file is reported, not moved."""
    path = data_dir / PIN_FILE_NAME
    set_pin = Sentence(
        N_("set one before the device goes out: {command} (as the kiosk account)"),
        command="`sensory-games pin set`",
    )
    try:
        pin = from_text(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        missing = Sentence(N_("no adults' PIN is set ({file} is missing)"), file=path)
        return Finding("PIN", Status.FIX, missing, set_pin)
    except (UnicodeDecodeError, DamagedPinFile) as error:
        return Finding(
            "PIN",
            Status.FIX,
            Sentence(
                N_(
                    "{file} is damaged ({reason}); the app will move it aside and ask for a new PIN"
                ),
                file=path,
                reason=str(error),
            ),
            set_pin,
        )
    except OSError as error:
        return Finding(
            "PIN",
            Status.FIX,
            _unreadable(path, error),
            Sentence(
                N_(
                    "give the kiosk account read and write rights on it (owner only), then"
                    " check with {command}"
                ),
                command="`sensory-games pin status`",
            ),
        )
    if pin.pin_hash is None or not is_pin_hash(pin.pin_hash):
        return Finding("PIN", Status.FIX, Sentence(N_("no adults' PIN is set")), set_pin)
    return Finding("PIN", Status.OK, Sentence(N_("set ({file})"), file=path))


def _unreadable(path: Path, error: OSError) -> Sentence:
    return Sentence(
        N_("{file} cannot be read ({reason})"), file=path, reason=error.strerror or error
    )


def check_clinic_secret(data_dir: Path) -> Finding:
    """The clinic secret pseudonymised exports are coded with (domain.pseudonyms): present
    and well formed. Read only: a missing one is not made here."""
    path = data_dir / SECRET_NAME
    share = Sentence(
        N_(
            "if other devices in this clinic already have one, copy theirs here (the same"
            " secret gives a child the same code on every device); otherwise it is made at the"
            " first pseudonymised export: then back it up"
        )
    )
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return Finding(
            "clinic secret", Status.WARN, Sentence(N_("none yet ({file})"), file=path), share
        )
    except OSError as error:
        return Finding(
            "clinic secret",
            Status.FIX,
            _unreadable(path, error),
            Sentence(N_("give the kiosk account read rights on it (owner only)")),
        )
    try:
        well_formed = len(bytes.fromhex(text)) == SECRET_BYTES
    except ValueError:
        well_formed = False
    if not well_formed:
        return Finding(
            "clinic secret",
            Status.FIX,
            Sentence(
                N_("{file} is not a clinic secret ({digits} hex digits)"),
                file=path,
                digits=SECRET_BYTES * 2,
            ),
            Sentence(
                N_(
                    "restore it from a backup (or move it away to make a new one: earlier"
                    " pseudonymised exports' codes will then no longer match)"
                )
            ),
        )
    return Finding("clinic secret", Status.OK, Sentence(N_("present ({file})"), file=path))
