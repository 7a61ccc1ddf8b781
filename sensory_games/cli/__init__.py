"""Entry points: the `sensory-games` command line, autoplay and the safety check.

`main` is what the console script and `python main.py` run (the parser is in `parser.py`,
what each command does in `commands.py`)."""

from sensory_games.cli.parser import EXIT_NO_DISPLAY, EXIT_USAGE, CliError, main

__all__ = ["EXIT_NO_DISPLAY", "EXIT_USAGE", "CliError", "main"]
