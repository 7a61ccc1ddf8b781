"""The command line's exit statuses and its one error type, in one small module that the
parser, the entry point and every command import (so none of them imports another)."""

from __future__ import annotations

#: A problem the user can fix (bad arguments, configuration or log): one line on stderr.
EXIT_USAGE = 2
#: No display to open the launcher's window on.
EXIT_NO_DISPLAY = 3


class CliError(Exception):
    """A problem the user can fix; printed as one line."""
