"""The language the command line speaks: the clinic's.

Once a command has read the configuration, everything it prints (results, notes, errors)
is in app.yaml's ``clinic.language`` (:func:`read_config` puts those words on the command's
arguments). Before that, and when the configuration itself cannot be read (a broken
app.yaml, ``--help``, a mistyped option), it is the language named by the environment
variable ``SENSORY_GAMES_LANGUAGE`` (a shipped code: en, es, ar, zh), else English.
"""

from __future__ import annotations

import argparse
import os

from sensory_games.domain.language import LANGUAGES, SOURCE_LANGUAGE, Words, words
from sensory_games.domain.sentence import Renders, render, sentence

#: The environment variable naming the command line's language before a config is read.
LANGUAGE_ENV = "SENSORY_GAMES_LANGUAGE"


def words_before_config() -> Words:
    """The words of $SENSORY_GAMES_LANGUAGE when it names a shipped language, else
    English (an unknown code is not an error: the command still has to run)."""
    code = os.environ.get(LANGUAGE_ENV, "").strip().lower()
    return words(code if code in LANGUAGES else SOURCE_LANGUAGE)


def speak(args: argparse.Namespace, language: str) -> Words:
    """Make `language` (the configuration's clinic.language) the command's from now on."""
    chosen = words(language)
    args.words = chosen
    return chosen


def clinic_words(args: argparse.Namespace | None) -> Words:
    """The words the command speaks now: the clinic's once its configuration is read."""
    chosen = getattr(args, "words", None)
    return chosen if isinstance(chosen, Words) else words_before_config()


def say(args: argparse.Namespace | None, message: str | Renders, **values: object) -> str:
    """`message` (marked English text, or an error or Sentence) in the command's language,
    with `values` put into its {fields}."""
    return render(sentence(message, **values), clinic_words(args))
