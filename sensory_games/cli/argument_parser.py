"""The argparse parser that `sensory-games` and each of its commands use.

Three things plain argparse does not do for a clinic:
- it speaks the clinic's language: every help text, heading and description is written in
  English (marked with N_) and translated when the help is printed, in the words of
  $SENSORY_GAMES_LANGUAGE (no configuration is read for --help; cli/clinic_language.py);
  argparse's own errors ("the following arguments are required", "invalid choice") too:
  argparse looks each up through gettext as it raises it, so while the words are parsed
  its lookups are pointed at ours (ARGPARSE_ERRORS lists them for the catalogs);
- it prints each command's examples (its epilog) as written, line for line (and wraps its
  description, as argparse would);
- a value that starts with a dash (an alias such as `-Ana`, a file `-old.json`) is read as
  an option, and argparse then only says "the following arguments are required: alias".
  When a command fails like that, the error goes on to say what to type instead: the
  whole command line as typed, with the value moved behind `--` (or, after an option
  such as --profile, joined to it by `=`), e.g. `sensory-games profiles add -- -Ana`.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from sensory_games.cli.clinic_language import words_before_config
from sensory_games.cli.columns import wrap
from sensory_games.domain.language import N_, SOURCE_LANGUAGE, Words, words

#: Columns a command's description is wrapped to (the examples are written to fit too).
DESCRIPTION_WIDTH = 79

#: How argparse itself tells a negative number (a value, not an option) from an option.
_NEGATIVE_NUMBER = re.compile(r"-\d+|-\d*\.\d+")


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser with raw epilogs and the dash hint (see the module docstring).

    `root` is the parser of the whole command line (itself, until `share_root` is run on
    the finished tree); it keeps the words as typed so that a command's error can repeat
    them, `sensory-games` and options before the command included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", TranslatingHelpFormatter)
        self.words = words_before_config()
        super().__init__(*args, **kwargs)
        self.root: ArgumentParser = self
        self.typed: list[str] = []

    @property
    def description(self) -> str | None:
        """The description in the help's language, wrapped as argparse would (by columns:
        a Chinese character takes two; cli/columns.py)."""
        english = self.__dict__.get("_description")
        if not english:
            return english
        return "\n".join(wrap(self.words.tr(english), DESCRIPTION_WIDTH))

    @description.setter
    def description(self, english: str | None) -> None:
        self.__dict__["_description"] = english

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        if isinstance(formatter, TranslatingHelpFormatter):
            formatter.words = self.words
        return formatter

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Remember the words as typed, then parse them as argparse does."""
        self.typed = list(sys.argv[1:] if args is None else args)
        with argparse_speaking(self.words):
            return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """argparse's error (usage, message, exit status 2), with what to type instead when
        a value that starts with a dash was read as an option."""
        retyped, values = self._retyped()
        if values:
            message += " " + self.words.tr(
                N_(
                    "({values}: a word that starts with a dash is read as an option; to mean it"
                    " as a value, type: {command})"
                ),
                values=", ".join(map(shlex.quote, values)),
                command=shlex.join([self.root.prog, *retyped]),
            )
        super().error(message)

    def _retyped(self) -> tuple[list[str], list[str]]:
        """The words as typed, with each value that starts with a dash put where it is read
        as a value, and those values (none when no such value is why this parser failed)."""
        words = self.root.typed
        end = words.index("--") if "--" in words else len(words)
        known = {option for parser in every_parser(self.root) for option in _options(parser)}
        taking_a_value = {
            option
            for action in self._actions
            if action.nargs != 0
            for option in action.option_strings
        }
        before: list[str] = []
        behind: list[str] = []
        values: list[str] = []
        for index, word in enumerate(words[:end]):
            if not _is_dash_value(word, known):
                before.append(word)
            elif index and words[index - 1] in taking_a_value:
                before[-1] = f"{before[-1]}={word}"
                values.append(word)
            elif _takes_free_text(self):
                behind.append(word)
                values.append(word)
            else:
                before.append(word)
        if behind:
            return [*before, "--", *behind, *words[end + 1 :]], values
        return before + words[end:], values


class TranslatingHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help, its examples (the epilog) printed as written, and every heading and
    help text looked up in `words` as it is printed (argparse's % fields kept)."""

    words: Words = words(SOURCE_LANGUAGE)

    def start_section(self, heading: str | None) -> None:
        super().start_section(self.words.tr(heading) if heading else heading)

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(
            usage, actions, groups, self.words.tr(USAGE) if prefix is None else prefix
        )

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self.words.tr(action.help) if action.help else action.help

    def _split_lines(self, text: str, width: int) -> list[str]:
        """A help text's lines, by terminal columns (Chinese wraps too; cli/columns.py)."""
        return wrap(text, width)


#: argparse's own words, marked here so the catalogs hold them (argparse writes them in
#: English: "usage: ", the headings, the help option's help).
USAGE = N_("usage: ")
ARGPARSE_WORDS = (
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
)


#: argparse's errors (Python 3.10 to 3.13), as its gettext lookups ask for them; a %-field
#: is argparse's (an option, a value as typed) and stays as it is.
ARGPARSE_ERRORS = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
)


@contextmanager
def argparse_speaking(said: Words) -> Iterator[None]:
    """While the block runs, argparse's gettext lookups (its errors, its headings) answer
    in `said`'s language; argparse's own afterwards, whatever happens (its errors leave by
    SystemExit). argparse reads its module's ``_`` and ``ngettext`` when it raises."""
    ours = {"_": said.translations.gettext, "ngettext": said.translations.ngettext}
    saved = {name: getattr(argparse, name) for name in ours}
    for name, lookup in ours.items():
        setattr(argparse, name, lookup)
    try:
        yield
    finally:
        for name, lookup in saved.items():
            setattr(argparse, name, lookup)


def share_root(root: ArgumentParser) -> ArgumentParser:
    """Point every parser in `root`'s tree at `root` (where the typed words are kept)."""
    for parser in every_parser(root):
        if isinstance(parser, ArgumentParser):
            parser.root = root
    return root


def every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """`parser` and, depth first, every command and sub-command parser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                yield from every_parser(command)


def _options(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        yield from action.option_strings


def _is_dash_value(word: str, known: set[str]) -> bool:
    """Whether argparse reads `word` as an option none of the parsers has (so it can only
    have been meant as a value): `-Ana`, `--Ana`, `-old.json`; not `--`, `-1`, `--prof`
    (argparse takes an unambiguous start of a long option) or `--profile=-Ana`."""
    if not word.startswith("-") or word == "--" or _NEGATIVE_NUMBER.fullmatch(word):
        return False
    name = word.split("=", 1)[0]
    if name in known:
        return False
    return not (name.startswith("--") and any(option.startswith(name) for option in known))


def _takes_free_text(parser: argparse.ArgumentParser) -> bool:
    """Whether `parser` has a positional argument that takes any text (an alias, a file),
    not one of a few words (a command, pin's action)."""
    return any(not action.option_strings and action.choices is None for action in parser._actions)
