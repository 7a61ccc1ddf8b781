"""The adults' PIN hash and the keypad's lockout, in their own small file beside the log.

Kept apart from the attempt log so that a damaged log, moved aside and started afresh,
does not take the PIN with it: otherwise the next corner hold would choose a new PIN, and
a child could be the one to hold it.

- The file is ``adult-pin`` in the data folder: JSON with a format tag, the PIN's salted
  scrypt hash (never the PIN) and the keypad's wrong tries, lockouts and locked-until
  time (UTC). Readable and writable by its owner only (0600).
- Written whole or not at all: a temporary file in the same folder, flushed to the disk,
  renamed over the old one, then the folder itself flushed (where the platform allows),
  so a crash or power cut leaves either the old file or the new one.
- A damaged file (not JSON, another format, a hash not in the scrypt form, a lockout
  that cannot be read) is moved aside as ``adult-pin.damaged-<UTC time>``, never
  deleted; the keypad then behaves as if no PIN were set and a notice says so.
- Reading never raises: a file that cannot be read is reported and counts as no PIN.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.language import N_
from sensory_games.domain.pin import KeypadState, is_pin_hash
from sensory_games.domain.sentence import Sentence
from sensory_games.storage.files import aside_name, write_own_file

PIN_FILE_NAME = "adult-pin"
PIN_FORMAT = "sensory_games-adult-pin-1"
#: What a file's stat says about its content: (device, inode, size, modified and changed
#: in ns); a rename over the file always brings a new inode.
Signature = tuple[int, int, int, int, int]


class DamagedPinFile(ValueError):
    """The PIN file's content is not what this app writes; the message says what is wrong."""


@dataclass(frozen=True)
class AdultPin:
    """What the file holds: the PIN's hash (None: no PIN yet) and the keypad's state."""

    pin_hash: str | None = None
    keypad: KeypadState = field(default_factory=KeypadState)


def to_text(pin: AdultPin) -> str:
    """The file's content for `pin`; ValueError for a hash not in the scrypt form (it
    would read back as a damaged file)."""
    if pin.pin_hash is not None and not is_pin_hash(pin.pin_hash):
        raise ValueError("a PIN is stored only as the salted scrypt hash hash_pin makes")
    until = pin.keypad.locked_until
    document = {
        "format": PIN_FORMAT,
        "pin_hash": pin.pin_hash,
        "keypad": {
            "wrong": pin.keypad.wrong,
            "lockouts": pin.keypad.lockouts,
            "locked_until": until.astimezone(timezone.utc).isoformat() if until else None,
        },
    }
    return json.dumps(document, indent=2) + "\n"


def from_text(text: str) -> AdultPin:
    """The PIN and keypad state in a file's content; DamagedPinFile says what is wrong."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DamagedPinFile(f"not JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(document, dict) or document.get("format") != PIN_FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise DamagedPinFile(f"format {found!r}, not {PIN_FORMAT!r}")
    hashed = document.get("pin_hash")
    if hashed is not None and not is_pin_hash(hashed):
        raise DamagedPinFile("pin_hash is not a salted scrypt hash")
    return AdultPin(hashed, _keypad(document.get("keypad")))


def _count(keypad: dict[str, Any], name: str) -> int:
    count = keypad.get(name)
    if type(count) is not int or count < 0:
        raise DamagedPinFile(f"keypad.{name} is {count!r}, not a whole number >= 0")
    return count


def _keypad(value: Any) -> KeypadState:
    if not isinstance(value, dict):
        raise DamagedPinFile("keypad is not a mapping")
    wrong, lockouts = _count(value, "wrong"), _count(value, "lockouts")
    until = value.get("locked_until")
    if until is None:
        return KeypadState(wrong, lockouts, None)
    try:
        locked_until = datetime.fromisoformat(until) if isinstance(until, str) else None
    except ValueError:
        locked_until = None
    if locked_until is None or locked_until.tzinfo is None:
        raise DamagedPinFile(f"keypad.locked_until is {until!r}, not a UTC time")
    return KeypadState(wrong, lockouts, locked_until)


class PinStore:
    """The ``adult-pin`` file of one data folder.

    The content is read again only when the file changes (a stat per read, so a PIN set
    from the command line while the app runs is seen at once, and asking every frame
    costs next to nothing). Problems are appended to `notices` as plain sentences."""

    def __init__(self, data_dir: Path, notices: list[str] | None = None) -> None:
        self.path = Path(data_dir) / PIN_FILE_NAME
        self.notices: list[str] = notices if notices is not None else []
        self._signature: Signature | None = None
        self._known: AdultPin | None = None  # what the file held at `_signature`

    def exists(self) -> bool:
        """Whether there is a file (sound or not) at the PIN file's place."""
        return os.path.lexists(self.path)

    def read(self) -> AdultPin:
        """The PIN and keypad state; never raises. A missing file is no PIN; a damaged
        one is moved aside (and then no PIN); an unreadable one is reported (no PIN)."""
        try:
            signature = _signature_of(self.path)
        except FileNotFoundError:
            signature = None
        except OSError as error:
            return self._unreadable(error)
        if self._known is not None and signature == self._signature:
            return self._known
        if signature is None:
            return self._remember(None, AdultPin())
        try:
            text = self.path.read_bytes().decode("utf-8")
            return self._remember(signature, from_text(text))
        except FileNotFoundError:  # removed between the stat and the read
            return self._remember(None, AdultPin())
        except UnicodeDecodeError as error:
            return self._damaged(signature, DamagedPinFile(f"not UTF-8 text ({error})"))
        except IsADirectoryError:
            return self._damaged(signature, DamagedPinFile("a folder, not a file"))
        except DamagedPinFile as error:
            return self._damaged(signature, error)
        except OSError as error:
            return self._unreadable(error)

    def write(self, pin: AdultPin) -> None:
        """Replace the file with `pin`, whole or not at all (OSError when the disk
        refuses: the old file is then left as it was, PIN and all, but the keypad state
        asked for holds for as long as this program runs and the file is not changed, so
        a keypad locked on a full disk stays locked however often it is opened again)."""
        old = self.read()
        try:
            self._write(pin)
        except OSError:
            kept = AdultPin(old.pin_hash, pin.keypad)
            try:
                self._remember(_signature_of(self.path), kept)
            except OSError:
                self._remember(None, kept)
            raise

    def _write(self, pin: AdultPin) -> None:
        write_own_file(self.path, to_text(pin))
        try:
            self._remember(_signature_of(self.path), pin)
        except OSError:
            self._known = None  # read it again next time

    def keep_in_memory(self, pin: AdultPin) -> None:
        """Answer `pin` while there is no file (the log's PIN could not be moved to one:
        the log keeps it and the move is tried again next time)."""
        self._remember(None, pin)

    def _remember(self, signature: Signature | None, pin: AdultPin) -> AdultPin:
        self._signature, self._known = signature, pin
        return pin

    def _damaged(self, signature: Signature, error: DamagedPinFile) -> AdultPin:
        try:
            moved = _move_aside(self.path, "damaged")
        except OSError as move_error:
            self._notice(
                Sentence(
                    N_(
                        "the PIN file {file} is damaged: {error}; it could not be moved aside"
                        " ({reason}), and until it is, no PIN is set: the next hold of the"
                        " corner chooses one"
                    ),
                    file=self.path.name,
                    error=str(error),
                    reason=move_error.strerror or str(move_error),
                )
            )
            return self._remember(signature, AdultPin())
        self._notice(
            Sentence(
                N_(
                    "the PIN file {file} was damaged: {error}; it was moved to {moved} and no"
                    " PIN is set now: the next hold of the corner chooses one, so set it first"
                    " ({command})"
                ),
                file=self.path.name,
                error=str(error),
                moved=moved.name,
                command="`sensory-games pin set`",
            )
        )
        return self._remember(None, AdultPin())

    def _unreadable(self, error: OSError) -> AdultPin:
        self._notice(
            Sentence(
                N_(
                    "the PIN file {file} cannot be read ({reason}); until it can, no PIN is"
                    " set: the next hold of the corner chooses one"
                ),
                file=self.path,
                reason=error.strerror or str(error),
            )
        )
        self._known = None
        return AdultPin()

    def _notice(self, sentence: str) -> None:
        if sentence not in self.notices:  # the PIN is asked for every frame: say it once
            self.notices.append(sentence)


def _signature_of(path: Path) -> Signature:
    status = os.stat(path)
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _move_aside(path: Path, label: str) -> Path:
    """Rename `path` to `<name>.<label>-<UTC time>` (files.aside_name)."""
    target = aside_name(path, label)
    path.rename(target)
    return target
