"""The command line's exit statuses and its one error type, in one small module that the
parser, the entry point and every command import (so none of them imports another)."""

from __future__ import annotations

from typing import Any

from sensory_games.domain.language import Words
from sensory_games.domain.sentence import Renders, render, sentence

#: A problem the user can fix (bad arguments, configuration or log): one line on stderr.
EXIT_USAGE = 2
#: No display to open the launcher's window on.
EXIT_NO_DISPLAY = 3


class CliError(Exception):
    """A problem the user can fix; printed as one line, in the clinic's language.

    `message` is English text marked with N_ and `values` its {fields} (or a Sentence, or
    an error that renders itself): ``str(error)`` is English, :meth:`render` any language."""

    def __init__(self, message: str | Renders, **values: Any) -> None:
        self.message = sentence(message, **values)
        super().__init__(self.message)

    def render(self, words: Words) -> str:
        """The one-line error in `words`' language."""
        return render(self.message, words)
