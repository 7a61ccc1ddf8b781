"""The command line's help: every command, sub-command and argument says what it is, every
command shows examples that really run, and an alias that starts with a dash can be typed
(after `--`, or joined to its option by `=`), with the error saying how when it was not."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.cli.argument_parser import every_parser as parsers
from sensory_games.cli.parser import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parent.parent


def missing_help(root: argparse.ArgumentParser) -> list[str]:
    """Each argument, option and sub-command under `root` without a help text."""
    missing = []
    for parser in parsers(root):
        for action in parser._actions:
            name = "/".join(action.option_strings) or action.metavar or action.dest
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{parser.prog}: {name}")
            if isinstance(action, argparse._SubParsersAction):
                listed = {choice.dest: choice.help for choice in action._choices_actions}
                missing += [
                    f"{parser.prog} {command}"
                    for command in action.choices
                    if not listed.get(command)
                ]
    return missing


def examples(parser: argparse.ArgumentParser) -> list[str]:
    """The example command lines at the end of `parser`'s help (a line ending in a
    backslash goes on on the next one, as in a shell)."""
    found: list[str] = []
    going_on = False
    for line in (parser.epilog or "").splitlines():
        if going_on:
            found[-1] += " " + line.strip().removesuffix("\\")
        elif line.startswith("  sensory-games"):
            found.append(line.strip().removesuffix("\\"))
        going_on = line.endswith("\\")
    return found


def parse(line: str) -> argparse.Namespace:
    words = shlex.split(line)
    assert words[0] == "sensory-games", line
    return build_parser().parse_args(words[1:])


def test_every_argument_option_and_sub_command_has_a_help_text() -> None:
    assert missing_help(build_parser()) == []


def test_the_help_check_finds_an_argument_and_a_sub_command_without_help() -> None:
    """The check above can fail: a parser with gaps in it is caught."""
    parser = build_parser()
    levels = next(p for p in parsers(parser) if p.prog == "sensory-games levels")
    levels.add_argument("--colourful", action="store_true")
    profiles = next(p for p in parsers(parser) if p.prog == "sensory-games profiles")
    action = next(a for a in profiles._actions if isinstance(a, argparse._SubParsersAction))
    action.add_parser("archive")
    assert sorted(missing_help(parser)) == [
        "sensory-games levels: --colourful",
        "sensory-games profiles archive",
    ]


def test_every_command_has_examples_that_the_command_line_takes() -> None:
    without, wrong = [], []
    for parser in parsers(build_parser()):
        lines = examples(parser)
        if not lines:
            without.append(parser.prog)
        for line in lines:
            if line != parser.prog and not line.startswith(parser.prog + " "):
                wrong.append(f"{parser.prog}: {line}")
            try:
                parse(line)
            except SystemExit:
                wrong.append(f"{parser.prog}: {line}")
    assert without == [] and wrong == []


def test_each_example_says_what_it_does_and_fits_a_terminal() -> None:
    for parser in parsers(build_parser()):
        lines = (parser.epilog or "").splitlines()
        assert all(len(line) <= 79 for line in lines), parser.prog
        for index, line in enumerate(lines):
            if line.startswith("  sensory-games") and not line.endswith("\\"):
                assert lines[index + 1].startswith("      ") and lines[index + 1].strip()


def test_the_top_level_help_lists_every_command_in_one_line_and_says_where_to_look(
    capsys,
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        line = next(line for line in out.splitlines() if line.split()[:1] == [command.name])
        assert command.help.split()[0] in line
    assert "sensory-games COMMAND --help" in out
    assert "sensory-games profiles add --help" in out


# -- aliases that start with a dash -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "dest"),
    [
        ("sensory-games profiles add -- -Ana", "alias"),
        ("sensory-games profiles add --animal cat --hand left -- -Ana", "alias"),
        ("sensory-games profiles show -- -Ana", "alias"),
        ("sensory-games profiles export --out ana.yaml -- -Ana", "alias"),
        ("sensory-games levels --activity bubbles --level 2 -- -Ana", "alias"),
        ("sensory-games --profile=-Ana", "profile"),
        ("sensory-games autoplay --headless --profile=-Ana", "profile"),
        ("sensory-games export --profile=-Ana", "profile"),
        ("sensory-games report --profile=-Ana --out ana.pdf", "profile"),
        ("sensory-games profiles import ana.yaml --as=-Ana", "new_alias"),
    ],
)
def test_an_alias_that_starts_with_a_dash_is_taken_after_dashes_or_joined_by_equals(
    line: str, dest: str
) -> None:
    assert getattr(parse(line), dest) == "-Ana"


@pytest.mark.parametrize(
    ("argv", "typed", "dest"),
    [
        (["profiles", "add", "-Ana"], "sensory-games profiles add -- -Ana", "alias"),
        (
            ["--data-dir", "d", "profiles", "add", "-Ana", "--animal", "cat"],
            "sensory-games --data-dir d profiles add --animal cat -- -Ana",
            "alias",
        ),
        (["profiles", "show", "--Ana"], "sensory-games profiles show -- --Ana", "alias"),
        (
            ["levels", "-Ana", "--level", "2"],
            "sensory-games levels --level 2 -- -Ana",
            "alias",
        ),
        (["export", "--profile", "-Ana"], "sensory-games export --profile=-Ana", "profile"),
        (["--profile", "-Ana"], "sensory-games --profile=-Ana", "profile"),
        (
            ["profiles", "import", "a.yaml", "--as", "-Ana"],
            "sensory-games profiles import a.yaml --as=-Ana",
            "new_alias",
        ),
    ],
)
def test_an_alias_read_as_an_option_gets_an_error_that_says_what_to_type(
    argv: list[str], typed: str, dest: str, capsys
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().endswith(f"type: {typed})")
    assert getattr(parse(typed), dest) in ("-Ana", "--Ana")


@pytest.mark.parametrize(
    "argv",
    [["profiles", "add", "Sam", "-x"], ["pin", "-x"], ["--bogus"], ["profiles", "add"]],
)
def test_no_advice_about_dashes_where_no_value_with_a_dash_went_wrong(
    argv: list[str], capsys
) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    assert "starts with a dash" not in capsys.readouterr().err


def test_a_child_whose_alias_starts_with_a_dash_is_added_shown_levelled_and_exported(
    tmp_path: Path, capsys
) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main(["profiles", "add", *data, "--", "-Ana"]) == 0
    assert main(["profiles", "show", *data, "--", "-Ana"]) == 0
    assert "alias:         -Ana" in capsys.readouterr().out
    assert main(["levels", *data, "--activity", "bubbles", "--level", "2", "--", "-Ana"]) == 0
    out = tmp_path / "ana.csv"
    assert main(["export", *data, "--profile=-Ana", "--out", str(out)]) == 0
    assert "0 attempts" in capsys.readouterr().out


def test_the_readme_says_how_to_type_an_alias_that_starts_with_a_dash() -> None:
    profiles = (ROOT / "README.md").read_text().split("### Profiles", 1)[1].split("###", 1)[0]
    assert "profiles add -- -Ana" in profiles and "--profile=-Ana" in profiles
