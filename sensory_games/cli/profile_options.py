"""The options `profiles add` and `profiles edit` share: the child's language, spoken
prompts and check-in scale (Profile.language, .voice, .check_in_scale).

Each is None when not given: `add` then stores the default (the clinic's language and
scale, voice on), `edit` keeps what the child has. A value is checked by the profile's
schema where it is stored, so a refused one is named with what is allowed."""

from __future__ import annotations

import argparse

from sensory_games.domain.language import N_


def add_child_language_options(command: argparse.ArgumentParser) -> None:
    """--language CODE, --voice / --no-voice, --check-in-scale NAME."""
    command.add_argument(
        "--language",
        metavar="CODE",
        help=N_(
            "the child's language on their screens and in the voice: en, es, ar or zh;"
            ' "" for the clinic\'s (app.yaml clinic.language)'
        ),
    )
    command.add_argument(
        "--voice",
        action=argparse.BooleanOptionalAction,
        help=N_("spoken prompts on (--voice) or off (--no-voice)"),
    )
    command.add_argument(
        "--check-in-scale",
        metavar="NAME",
        help=N_(
            'how the child says how they feel: faces, zones or three_faces; "" for the'
            " clinic's (app.yaml check_in.scale)"
        ),
    )
