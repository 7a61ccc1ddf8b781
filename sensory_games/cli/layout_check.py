"""`sensory-games layout-check`: every screen at every clinic screen size and density, with
a realistic clinic, against the layout rules (sensory_games/engine/layout_check.py). Its
headings and verdicts are in the adults' language ($SENSORY_GAMES_LANGUAGE: no clinic
configuration is read); the problems name screens, rules and figures as they are."""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter

from sensory_games.cli.clinic_language import say
from sensory_games.cli.errors import CliError
from sensory_games.domain.config import load_app_config
from sensory_games.domain.config_folders import clinic_config_dir
from sensory_games.domain.language import N_, check_language
from sensory_games.domain.sentence import Sentence
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
                N_("{option}: give {form} ({example}) or a size of the matrix ({size})"),
                option=f"--screen {name!r}",
                form="WIDTHxHEIGHT@DPIdpi",
                example="1280x800@220dpi",
                size="1280x800",
            )
        width, height = int(match[1]), int(match[2])
        if match[3] is not None:
            screen = ClinicScreen(width, height, int(match[3]))
            if min(width, height) < 320 or not 60 <= screen.dpi <= 600:
                raise CliError(
                    N_("{option}: a screen is at least 320 px each way, 60 to 600 dpi"),
                    option=f"--screen {name!r}",
                )
            matching = [screen]
        else:
            matching = [s for s in every if (s.width_px, s.height_px) == (width, height)]
            if not matching:
                sizes = ", ".join(sorted({f"{s.width_px}x{s.height_px}" for s in every}))
                raise CliError(
                    N_(
                        "{option} is not a size of the matrix ({sizes}); give its density too,"
                        " e.g. {example}"
                    ),
                    option=f"--screen {name!r}",
                    sizes=sizes,
                    example="1280x800@150dpi",
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
            raise CliError("{option}: {error}", option="--language", error=error) from None
    return load_app_config(clinic_config_dir(getattr(args, "config_dir", None))).language


def run(args: argparse.Namespace) -> int:
    """Check the chosen screens; print what breaks a rule; exit status 1 if anything does."""
    screens = chosen_screens(args.screen)
    wanted = args.view
    language = chosen_language(args)

    def report(screen: ClinicScreen, problems: list[Problem], views: int) -> None:
        if not views:
            return  # (--view matched nothing here: said once at the end)
        if problems:
            verdict = say(
                args,
                N_("{count} views: {problems}"),
                count=f"{views:>3}",
                problems=_problems(len(problems)),
            )
        else:
            verdict = say(args, N_("{count} views: no problems"), count=f"{views:>3}")
        print(f"{screen.name:<18} {verdict}", flush=True)
        shown: Counter[str] = Counter()
        for problem in problems:
            shown[problem.rule] += 1
            if args.all or shown[problem.rule] <= SHOWN_PER_RULE:
                print(f"    {problem}")
        hidden = sum(max(0, n - SHOWN_PER_RULE) for n in shown.values())
        if hidden and not args.all:
            more = say(
                args,
                N_("... and {count} more ({option} prints every one)"),
                count=hidden,
                option="--all",
            )
            print(f"    {more}")

    problems, views = check_screens(
        screens,
        (lambda view: wanted in view) if wanted else (lambda view: True),
        report,
        language,
    )
    if views == 0:
        raise CliError(
            N_("{option} matches no screen (try: {examples})"),
            option=f"--view {wanted!r}",
            examples="picker, console/profiles",
        )
    if problems:
        rules = ", ".join(f"{rule} {n}" for rule, n in Counter(p.rule for p in problems).items())
        said = say(
            args,
            Sentence.tr_n(
                "{count} problem in {views} views on {screens}: {rules}",
                "{count} problems in {views} views on {screens}: {rules}",
                len(problems),
                count=len(problems),
                views=views,
                screens=_screens(len(screens)),
                rules=rules,
            ),
        )
        print(f"layout-check: {said}", file=sys.stderr)
        return 1
    said = say(
        args,
        N_("{views} views on {screens}, every rule met"),
        views=views,
        screens=_screens(len(screens)),
    )
    print(f"layout-check: {said}")
    return 0


def _problems(count: int) -> Sentence:
    """ "1 problem", "3 problems": in the command's language, its plural forms."""
    return Sentence.tr_n("{count} problem", "{count} problems", count, count=count)


def _screens(count: int) -> Sentence:
    """ "1 screen", "12 screens"."""
    return Sentence.tr_n("{count} screen", "{count} screens", count, count=count)
