"""The code `@dataclass` writes for the classes made at start, compiled once and kept
beside our bytecode.

Each dataclass (ours, and any a library makes as the launcher starts) writes the source of
its methods (__init__, __repr__, __eq__ and, frozen, __setattr__, __delattr__, __hash__)
and compiles it as its module is imported: some 520 compilations before the launcher's
first frame, 55-60 ms of a 290 ms cold start on the build machine (a fifth of it).
Python keeps bytecode for modules, not for that code, so the
launcher keeps it: the code compiled from each source text, in one file in the folder where
Python keeps sensory_games' own bytecode (PYTHONPYCACHEPREFIX included), one file per
interpreter version. A text compiles to the same code every time, so a class made from the
kept code is the class compiled afresh. A file missing, unreadable or damaged is as no file
(everything compiles as before); it is written whole (by rename) after the first frame when
this start compiled anything, unless Python is told to write no bytecode
(PYTHONDONTWRITEBYTECODE), and holds only what this start used (no texts of older versions).

How: `dataclasses` runs each text with `exec`; a name `exec` in that module is found before
the built-in one, so `reuse` puts one there that looks the text up first, and `keep` takes
it away again.
"""

from __future__ import annotations

import builtins
import dataclasses
from pathlib import Path
from types import CodeType
from typing import Any

from sensory_games.cli.beside_bytecode import kept_file, read_kept, write_kept

#: The kept code by source text: what the file held, then what this start used.
_held: dict[str, CodeType] = {}
_used: dict[str, CodeType] = {}


def _file() -> Path | None:
    """Where the kept code is, beside sensory_games' bytecode (None: Python keeps none)."""
    return kept_file("dataclass_code")


def _exec(source: Any, *args: Any, **kwargs: Any) -> None:
    """`exec` as dataclasses calls it (a text, its globals and locals), the text's code
    taken from the file when kept there; any other call is the built-in's. Compiled
    without inheriting this module's `from __future__` flags, as the built-in `exec`
    compiles a text for dataclasses (whose module has none): the same code."""
    if not isinstance(source, str) or kwargs or len(args) != 2:
        builtins.exec(source, *args, **kwargs)
        return
    globals_, locals_ = args
    code = _held.get(source)
    if code is None:
        code = compile(source, "<string>", "exec", dont_inherit=True)
    _used[source] = code
    builtins.exec(code, globals_, locals_)


def reuse() -> None:
    """Read the kept code and have dataclasses take it from there until `keep`."""
    file = _file()
    if file is not None:
        _held.update(_read(file))
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # (shadows the built-in there)


def _read(file: Path) -> dict[str, CodeType]:
    """The file's code by text; {} when missing, of another interpreter, or damaged
    (cli/beside_bytecode.py)."""
    held = read_kept(file)
    if not isinstance(held, dict):
        return {}
    return {
        text: code
        for text, code in held.items()
        if isinstance(text, str) and isinstance(code, CodeType)
    }


def keep() -> None:
    """Stop looking texts up (dataclasses compiles as before), and write what this start
    used when it compiled anything; a folder that cannot be written is left as it is."""
    if dataclasses.__dict__.get("exec") is _exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    file = _file()
    compiled = not _used.keys() <= _held.keys()  # (a text used that the file did not hold)
    if compiled and file is not None:
        write_kept(file, _used)
    _held.clear()
    _used.clear()
