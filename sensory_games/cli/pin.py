"""`sensory-games pin set|clear|status`: the adults' PIN, kept only as a salted scrypt
hash (sensory_games.domain.pin)."""

from __future__ import annotations

import argparse
import math
import sys
from datetime import datetime, timezone

from sensory_games.cli.clinic_language import clinic_words, say
from sensory_games.cli.errors import CliError
from sensory_games.cli.opening import open_log
from sensory_games.domain.language import N_, Words
from sensory_games.domain.pin import WRONG_BEFORE_LOCK, PinError, check_pin, hash_pin
from sensory_games.storage import Repository


def pin(args: argparse.Namespace) -> int:
    """pin set: ask for a new PIN twice (hidden when typed at a terminal; two lines on
    standard input otherwise) and store its hash; pin clear: remove it; pin status: say
    whether one is set and whether the keypad is locked (never the PIN or its hash)."""
    _config, repository = open_log(args)
    try:
        if args.pin_command == "status":
            print(_pin_status(repository, datetime.now(timezone.utc), clinic_words(args)))
            return 0
        if args.pin_command == "clear":
            repository.set_pin_hash(None)
            repository.audit("PIN removed", "sensory-games pin clear")
            print(say(args, N_("the PIN is removed: the adult menu will ask for a new one first")))
            return 0
        first, second = _read_new_pin(clinic_words(args))
        try:
            check_pin(first)
        except PinError as error:
            raise CliError(N_("PIN not set: {reason}"), reason=error) from None
        if first != second:
            raise CliError(N_("PIN not set: the two PINs differ"))
        repository.set_pin_hash(hash_pin(first))
        repository.audit("PIN set", "sensory-games pin set")
    finally:
        repository.close()
    print(say(args, N_("the PIN is set (only its salted scrypt hash is stored)")))
    return 0


def _read_new_pin(words: Words) -> tuple[str, str]:
    """The new PIN and its repetition: hidden prompts (in `words`) at a terminal, else the
    first two lines of standard input (empty when missing)."""
    if sys.stdin.isatty():
        import getpass

        try:
            first = getpass.getpass(words.tr("new PIN (4 to 8 digits): "))
            second = getpass.getpass(words.tr("the same PIN again: "))
        except EOFError:  # (Ctrl-D at the prompt)
            raise CliError(N_("no PIN was typed (the input ended): nothing changed")) from None
        return first, second
    lines = [*sys.stdin.read().splitlines(), "", ""]
    return lines[0].strip(), lines[1].strip()


def _pin_status(repository: Repository, now: datetime, words: Words) -> str:
    """Whether a PIN is set and the keypad's lockout at `now` (UTC), in a few lines, in
    `words`."""
    if repository.pin_hash() is None:
        return words.tr(
            "no PIN is set: whoever next holds the top-right corner chooses it; set it now"
            " with {command}",
            command="`sensory-games pin set`",
        )
    state = repository.keypad_state()
    locked_s = state.locked_for_s(now)
    if locked_s > 0 and state.locked_until is not None:
        until = format(state.locked_until.astimezone(timezone.utc), "%Y-%m-%d %H:%M:%S")
        keypad = words.tr(
            "the keypad is locked until {until} UTC (in {minutes} min)",
            until=until,
            minutes=math.ceil(locked_s / 60),
        )
    else:
        keypad = words.tr("the keypad is open")
    kept = words.tr(
        "a PIN is set (only its salted scrypt hash is kept, in {file})",
        file=repository.pin_store.path,
    )
    counts = words.tr(
        "{keypad}; wrong PINs in a row: {wrong} (it locks at {most}); lockouts so far: {lockouts}",
        keypad=keypad,
        wrong=state.wrong,
        most=WRONG_BEFORE_LOCK,
        lockouts=state.lockouts,
    )
    return f"{kept}\n{counts}"
