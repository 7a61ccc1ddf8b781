"""`sensory-games layout-check`: every screen at every clinic screen size and density, with
a realistic clinic, against the layout rules (sensory_games/engine/layout_check.py)."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

from sensory_games.cli.errors import CliError
from sensory_games.domain.config import load_app_config
from sensory_games.domain.config_folders import clinic_config_dir
from sensory_games.domain.language import check_language
from sensory_games.engine.layout_check import check_screens
from sensory_games.ui.layout_rules import Problem
from sensory_games.ui.screen_matrix import ClinicScreen, clinic_screens

#: Problems printed per rule and screen unless --all (the rest are counted).
SHOWN_PER_RULE = 6


SCREEN = re.compile(r"^(\d{3,5})x(\d{3,5})(?:@(\d{2,3})dpi)?$")


def chosen_screens(names: list[str] | None) -> list[ClinicScreen]:
    """The screens named: `1280x800@220dpi` (any size from 320 px and density from 60 to
    600 dpi: a clinic's own screen, in the matrix or not), or `1280x800` for each of that
    size's densities in the matrix; the whole matrix when none is named."""
    every = clinic_screens()
    if not names:
        return every
    chosen: list[ClinicScreen] = []
    for name in names:
        match = SCREEN.match(name)
        if match is None:
            raise CliError(
                f"--screen {name!r}: give WIDTHxHEIGHT@DPIdpi (1280x800@220dpi) or a size of "
                "the matrix (1280x800)"
            )
        width, height = int(match[1]), int(match[2])
        if match[3] is not None:
            screen = ClinicScreen(width, height, int(match[3]))
            if min(width, height) < 320 or not 60 <= screen.dpi <= 600:
                raise CliError(
                    f"--screen {name!r}: a screen is at least 320 px each way, 60 to 600 dpi"
                )
            matching = [screen]
        else:
            matching = [s for s in every if (s.width_px, s.height_px) == (width, height)]
            if not matching:
                sizes = ", ".join(sorted({f"{s.width_px}x{s.height_px}" for s in every}))
                raise CliError(
                    f"--screen {name!r} is not a size of the matrix ({sizes}); give its "
                    "density too, e.g. 1280x800@150dpi"
                )
        chosen.extend(s for s in matching if s not in chosen)
    return chosen


def chosen_language(args: argparse.Namespace) -> str:
    """The language the screens are checked in, one rule: --language wins, else the
    clinic folder's clinic.language (--config-dir, else the folder every command reads).
    The rest of the clinic's settings are the sample clinic's."""
    if args.language is not None:
        try:
            return check_language(args.language)
        except ValueError as error:
            raise CliError(f"--language: {error}") from None
    return load_app_config(clinic_config_dir(getattr(args, "config_dir", None))).language


def run(args: argparse.Namespace) -> int:
    """Check the chosen screens; print what breaks a rule; exit status 1 if anything does."""
    screens = chosen_screens(args.screen)
    wanted = args.view
    language = chosen_language(args)

    def report(screen: ClinicScreen, problems: list[Problem], views: int) -> None:
        if not views:
            return  # (--view matched nothing here: said once at the end)
        verdict = "no problems" if not problems else f"{len(problems)} problem(s)"
        print(f"{screen.name:<18} {views:>3} views: {verdict}", flush=True)
        shown: Counter[str] = Counter()
        for problem in problems:
            shown[problem.rule] += 1
            if args.all or shown[problem.rule] <= SHOWN_PER_RULE:
                print(f"    {problem}")
        hidden = sum(max(0, n - SHOWN_PER_RULE) for n in shown.values())
        if hidden and not args.all:
            print(f"    ... and {hidden} more (--all prints every one)")

    problems, views = check_screens(
        screens,
        (lambda view: wanted in view) if wanted else (lambda view: True),
        report,
        language,
    )
    if views == 0:
        raise CliError(f"--view {wanted!r} matches no screen (try: picker, console/profiles)")
    if problems:
        rules = ", ".join(f"{rule} {n}" for rule, n in Counter(p.rule for p in problems).items())
        print(
            f"layout-check: {len(problems)} problem(s) in {views} views on {len(screens)} "
            f"screen(s): {rules}",
            file=sys.stderr,
        )
        return 1
    print(f"layout-check: {views} views on {len(screens)} screen(s), every rule met")
    return 0
