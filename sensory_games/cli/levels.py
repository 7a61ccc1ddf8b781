"""`sensory-games levels ALIAS`: a child's level, allowed range and mastery rule per
activity, and (with --activity) setting them through the levels service."""

from __future__ import annotations

import argparse

from sensory_games.activities import activity_class, level_counts
from sensory_games.cli.clinic_language import clinic_words
from sensory_games.cli.errors import CliError
from sensory_games.cli.opening import find_profile, open_log
from sensory_games.domain.language import N_, Words
from sensory_games.domain.level_reasons import reason_in
from sensory_games.domain.profile import Profile
from sensory_games.services.levels import ChildLevels, LevelsChange

#: How many of the latest level changes `levels` lists.
SHOWN_LEVEL_CHANGES = 10


def levels(args: argparse.Namespace) -> int:
    """Show a child's level, allowed range and mastery rule per activity; with
    --activity, set the level, the range or the rule."""
    config, repository = open_log(args)
    try:
        child = find_profile(repository, args.alias)
        counts = level_counts(config.config_dir)
        if args.activity is not None:
            change = LevelsChange(
                args.activity, args.reason, args.level, args.lowest, args.highest, args.mastery
            )
            ChildLevels(repository, counts, config.mastery).change(child.id, change, "command line")
        elif any(v is not None for v in (args.level, args.lowest, args.highest, args.mastery)):
            raise CliError(N_("say which activity with {option}"), option="--activity SLUG")
        stepped = {s: n for s, n in counts.items() if activity_class(s).levels_are_steps}
        _print_levels(ChildLevels(repository, stepped, config.mastery), child, clinic_words(args))
    finally:
        repository.close()
    return 0


def _print_levels(child_levels: ChildLevels, child: Profile, words: Words) -> None:
    """What `sensory-games levels` prints: per activity whose levels are steps, the level
    now, the allowed range and the rule in force; then the latest level changes (the
    headings in `words`)."""
    print(words.tr("{alias}: level now (allowed range), mastery rule", alias=child.alias))
    for slug in child_levels.counts:
        shown = child_levels.of(child.id, slug)
        print(
            f"  {slug:<18} {'-' if shown.level is None else shown.level:>2} "
            f"({shown.lowest}..{shown.highest})  {shown.rule_text(words)}"
        )
    changes = child_levels.latest_changes(child.id, SHOWN_LEVEL_CHANGES)
    if changes:
        print(words.tr("latest level changes:"))
    for change in changes:
        was = "-" if change.from_level is None else change.from_level
        print(
            f"  {change.changed_at[:16]}  {change.activity:<18} {was} -> {change.to_level}  "
            f"{reason_in(change.reason, words)}"
        )
