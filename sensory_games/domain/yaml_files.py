"""Reading one YAML file safely, with errors a person can act on.

Files are parsed safely (domain/yaml_parser.py: PyYAML's ``SafeLoader`` only, plain
data, no key written twice, no alias blowing up). Every error is one line naming the file
and what is wrong (:class:`ConfigError`); the configuration (domain.config), the glyphs and
the plans are all read through :func:`read_yaml`.

The launcher also remembers what each text parsed to, from one start to the next
(:data:`PARSED`, cli/parsed_yaml.py): a text read before is not parsed again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol

from sensory_games.domain.language import N_, Words
from sensory_games.domain.sentence import Renders, render, sentence


class ConfigError(Exception):
    """A configuration file is missing, not YAML, or holds a value that is not allowed.

    `message` is English text marked with N_ and `values` its {fields} (or a finished
    Sentence, or an error that renders itself, such as a SchemaError): `message` keeps the
    English and :meth:`render` says it in the clinic's language (the file name as typed)."""

    def __init__(self, file: Path | str, message: str | Renders, **values: Any) -> None:
        self.file = str(file)
        self.message = sentence(message, **values)
        super().__init__(f"{_display_path(file)}: {self.message}")

    def render(self, words: Words) -> str:
        """The one-line error in `words`' language."""
        return f"{_display_path(self.file)}: {render(self.message, words)}"


def _display_path(file: Path | str) -> str:
    """`file` relative to the current folder when it is inside it (shorter to read), else
    absolute; never relative to `/`, where `tmp/x/app.yaml` would look like a broken path."""
    path = Path(os.path.abspath(file))
    here = Path.cwd()
    if here.parent == here:  # the root of a drive
        return str(path)
    for candidate in (path, path.resolve()):  # (the current folder is a resolved path)
        try:
            return str(candidate.relative_to(here))
        except ValueError:
            continue
    return str(path)


class ParsedMemory(Protocol):
    """What texts parsed to before (the launcher's: cli/parsed_yaml.py)."""

    def get(self, text: str) -> Any:
        """The data `text` parsed to, as new objects; NOT_KEPT when not known."""

    def put(self, text: str, data: Any) -> None:
        """`text` (valid) parsed to `data`."""


#: What ParsedMemory.get says of a text it does not know.
NOT_KEPT = object()

#: The launcher's memory of what texts parsed to (None: every file is parsed).
PARSED: ParsedMemory | None = None


def read_yaml(file: Path) -> Any:
    """Parse one YAML file safely (yaml.SafeLoader: plain data only, no key written twice,
    aliases expanding to at most MOST_YAML_VALUES values); errors become a one-line
    ConfigError."""
    if file.is_dir():  # (reading one fails differently on each system)
        raise ConfigError(file, N_("is a folder: it must be a YAML file"))
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(file, N_("file not found")) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            file,
            N_("cannot be read ({kind}: {error})"),
            kind=type(error).__name__,
            error=str(error),
        ) from None
    memory = PARSED
    if memory is not None:
        known = memory.get(text)
        if known is not NOT_KEPT:
            return known
    from sensory_games.domain.yaml_parser import parse_yaml  # (PyYAML: only when parsing)

    data = parse_yaml(file, text)
    if memory is not None:
        memory.put(text, data)
    return data
