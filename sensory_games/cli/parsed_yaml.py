"""The YAML files the launcher reads before its first frame, kept parsed beside our
bytecode.

The launcher reads a dozen YAML files before "who is playing?" shows (app.yaml, each
activity's levels, the glyphs the mirror and tracing levels name): parsing them was a
tenth of a cold start (30 ms on the build machine), most of it PyYAML making a node for
every number of a glyph's strokes. What each file's text parsed to is kept in one file
beside sensory_games' bytecode (cli/beside_bytecode.py), by a digest of the text itself:
a file changed in any way is a new text, parsed (and checked) again; the same text
always parses to the same data. Only plain data is kept (what marshal writes: maps,
lists, texts, numbers, true/false, null); a text that parses to anything else (a YAML
date), or that does not parse, is parsed every time. Each read gives data of its own
(unmarshalled afresh), as parsing does. The file is written after the first frame when
this start parsed a text it did not hold, and holds only the texts this start read. It
also names the parser that made it (domain/yaml_parser.py and PyYAML, by their files'
size and time): after either changes (an update, a new check), every text is parsed again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
from pathlib import Path
from typing import Any

from sensory_games.cli.beside_bytecode import kept_file, read_kept, write_kept
from sensory_games.domain import yaml_files

#: The file's stem (cli/beside_bytecode.py kept_file).
STEM = "parsed_yaml"


class ParsedTexts:
    """What YAML texts parsed to, by their digest: the file's, then this start's."""

    def __init__(self, held: dict[bytes, bytes]) -> None:
        self.held = held
        self.used: dict[bytes, bytes] = {}

    @staticmethod
    def digest(text: str) -> bytes:
        """What stands for `text` (a BLAKE2b digest of its UTF-8 bytes)."""
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def get(self, text: str) -> Any:
        """The data `text` parsed to, as new objects; yaml_files.NOT_KEPT if not kept."""
        key = self.digest(text)
        kept = self.held.get(key, self.used.get(key))
        if kept is None:
            return yaml_files.NOT_KEPT
        try:
            data = marshal.loads(kept)
        except Exception:  # (a file that passed its checksum holds what marshal wrote)
            self.held.pop(key, None)  # (as not held: parsed, and the file written again)
            return yaml_files.NOT_KEPT
        self.used[key] = kept
        return data

    def put(self, text: str, data: Any) -> None:
        """`text` parsed to `data`: kept when it is plain data."""
        try:
            kept = marshal.dumps(data)
        except ValueError:  # (a date, or anything else marshal does not write)
            return
        self.used[self.digest(text)] = kept

    def parsed_new(self) -> bool:
        """Whether this start parsed a text the file did not hold."""
        return not self.used.keys() <= self.held.keys()


def parser_identity() -> str:
    """What stands for the parser the data came from: domain/yaml_parser.py's and PyYAML's
    files (path, size, time; PyYAML found without loading it)."""
    spec = importlib.util.find_spec("yaml")
    files = [Path(__file__).parent.parent / "domain" / "yaml_parser.py"]
    if spec is not None and spec.origin is not None:
        files.append(Path(spec.origin))
    marks = []
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            marks.append(f"{file}:missing")
            continue
        marks.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(marks)


def reuse() -> None:
    """Read the kept data and have yaml_files take a text's from it until `keep`."""
    file = kept_file(STEM)
    kept = read_kept(file) if file is not None else None
    held: object = {}
    if isinstance(kept, dict) and kept.get("parser") == parser_identity():
        held = kept.get("texts", {})
    plain = (
        {k: v for k, v in held.items() if isinstance(k, bytes) and isinstance(v, bytes)}
        if isinstance(held, dict)
        else {}
    )
    yaml_files.PARSED = ParsedTexts(plain)


def keep() -> None:
    """Stop looking texts up (every file is parsed as before), and write what this start
    read when it parsed a text the file did not hold."""
    parsed, yaml_files.PARSED = yaml_files.PARSED, None
    if not isinstance(parsed, ParsedTexts) or not parsed.parsed_new():
        return
    file = kept_file(STEM)
    if file is not None:
        write_kept(file, {"parser": parser_identity(), "texts": parsed.used})
