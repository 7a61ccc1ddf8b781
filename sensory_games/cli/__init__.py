"""Entry points: the `sensory-games` command line, autoplay and the safety check.

`main` (entry.py) is what the console script and `python main.py` run; parser.py declares
the arguments; what each command does is in a module by topic: play (launcher, autoplay,
safety-check), profiles, readouts (export, report, audit), levels, pin, maintenance (merge,
recover), each opening the log through opening.py. errors.py holds the exit statuses and
CliError, which all of them import; argument_parser.py is the parser class parser.py builds
with, and examples.py the examples each command's --help ends with."""

from sensory_games.cli.entry import main
from sensory_games.cli.errors import EXIT_NO_DISPLAY, EXIT_USAGE, CliError

__all__ = ["EXIT_NO_DISPLAY", "EXIT_USAGE", "CliError", "main"]
