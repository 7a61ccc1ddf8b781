"""A file the launcher keeps beside sensory_games' own bytecode, to start faster next time.

What Python would otherwise work out at every start (cli/compiled_dataclasses.py: the code
`@dataclass` compiles; cli/parsed_yaml.py: the YAML files read before the first frame)
is kept in one file each, in the folder where Python keeps sensory_games' bytecode
(PYTHONPYCACHEPREFIX included), one file per interpreter version. The file is the
interpreter's bytecode magic, a CRC-32 of the rest and the marshalled value: a file
missing, of another interpreter or damaged reads as nothing kept (its checksum is checked
before a byte of it is unmarshalled: a flipped bit on an SD card could otherwise crash
the interpreter itself, at every start). It is written whole, by rename, and never where
Python is told to write no bytecode (PYTHONDONTWRITEBYTECODE).
"""

from __future__ import annotations

import contextlib
import importlib.util
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

import sensory_games

#: The file: the interpreter's bytecode magic, a CRC-32 of the rest (little-endian), the
#: marshalled value.
CHECKSUM_BYTES = 4


def kept_file(stem: str) -> Path | None:
    """The file `stem` beside sensory_games' bytecode (None: Python keeps none)."""
    if sys.implementation.cache_tag is None:
        return None
    bytecode = Path(importlib.util.cache_from_source(sensory_games.__file__))
    return bytecode.with_name(f"{stem}.{sys.implementation.cache_tag}.marshal")


def read_kept(file: Path) -> object:
    """The value the file holds; None when it is missing, of another interpreter, or
    damaged."""
    try:
        data = file.read_bytes()
    except OSError:
        return None
    head = importlib.util.MAGIC_NUMBER
    payload = data[len(head) + CHECKSUM_BYTES :]
    if not data.startswith(head) or data[len(head) : len(head) + CHECKSUM_BYTES] != _sum(payload):
        return None
    try:
        return marshal.loads(payload)
    except Exception:  # (whatever a file that passed its checksum may still hold)
        return None


def write_kept(file: Path, value: Any) -> None:
    """Keep `value` (marshallable) in `file`, unless Python writes no bytecode here; a
    folder that cannot be written is left as it is."""
    if sys.dont_write_bytecode:
        return
    payload = marshal.dumps(value)
    _write(file, importlib.util.MAGIC_NUMBER + _sum(payload) + payload)


def _sum(payload: bytes) -> bytes:
    """The checksum the file holds for `payload`."""
    return zlib.crc32(payload).to_bytes(CHECKSUM_BYTES, "little")


def _write(file: Path, data: bytes) -> None:
    """`data` into `file` whole: written beside it, then renamed over it (another start
    reading it meanwhile reads the old file or the new one, never half of one)."""
    temporary = file.with_name(f"{file.name}.{os.getpid()}.partial")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, file)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
