"""`sensory-games layout-check`: every screen at every clinic screen size and density, with
a realistic clinic, against the layout rules (sensory_games/engine/layout_check.py)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from sensory_games.cli.errors import CliError
from sensory_games.engine.layout_check import check_screens
from sensory_games.ui.layout_rules import Problem
from sensory_games.ui.screen_matrix import ClinicScreen, clinic_screens

#: Problems printed per rule and screen unless --all (the rest are counted).
SHOWN_PER_RULE = 6


def chosen_screens(names: list[str] | None) -> list[ClinicScreen]:
    """The matrix screens named (`1280x800@220dpi`, or `1280x800` for every density of
    that size); all of them when none is named."""
    every = clinic_screens()
    if not names:
        return every
    chosen: list[ClinicScreen] = []
    for name in names:
        matching = [s for s in every if name in (s.name, f"{s.width_px}x{s.height_px}")]
        if not matching:
            known = ", ".join(s.name for s in every)
            raise CliError(f"--screen {name!r} is not in the matrix; use one of: {known}")
        chosen.extend(s for s in matching if s not in chosen)
    return chosen


def run(args: argparse.Namespace) -> int:
    """Check the chosen screens; print what breaks a rule; exit status 1 if anything does."""
    screens = chosen_screens(args.screen)
    wanted = args.view

    def report(screen: ClinicScreen, problems: list[Problem], views: int) -> None:
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
        screens, (lambda view: wanted in view) if wanted else (lambda view: True), report
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
