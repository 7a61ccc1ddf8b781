"""`sensory-games profiles list|add|edit|show|export|import`: the children on this device.

Each subcommand is one function taking the parsed arguments, the configuration and the open
log, so what it does can move behind a service without touching the others."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path

from sensory_games.activities import level_counts
from sensory_games.cli.clinic_language import clinic_words, say
from sensory_games.cli.clinic_view import record_to_read
from sensory_games.cli.errors import CliError
from sensory_games.cli.opening import find_profile, open_log
from sensory_games.cli.profile_words import check_in_labels, language_rows, typed
from sensory_games.domain.check_in import before_after_pairs, describe
from sensory_games.domain.config import AppConfig
from sensory_games.domain.language import N_, Words
from sensory_games.domain.profile import free_avatar
from sensory_games.domain.sentence import Sentence, sentence
from sensory_games.services import profiles as children
from sensory_games.storage import Repository
from sensory_games.storage.files import safe_name

#: How many before/after pairs `profiles show` lists (the most recent).
SHOWN_CHECK_INS = 10

Subcommand = Callable[[argparse.Namespace, AppConfig, Repository], None]


def profiles(args: argparse.Namespace) -> int:
    """profiles list | add ALIAS | show ALIAS | export ALIAS | import FILE (`list --server`:
    the whole clinic's children, from the clinic server)."""
    config, device = open_log(args)
    with record_to_read(args, config, device) as repository:
        SUBCOMMANDS[args.profiles_command](args, config, repository)
    return 0


def list_profiles(args: argparse.Namespace, _config: AppConfig, repository: Repository) -> None:
    """One line per child: alias, animal, age band, hand and sensory preset (the values as
    typed, the words around them in the clinic's language)."""
    rows = repository.list_profiles()
    words = clinic_words(args)
    if not rows:
        print(
            words.tr(
                "no profiles yet; add one with: {command}",
                command="sensory-games profiles add ALIAS",
            )
        )
    age, hand, intensity = words.tr("age"), words.tr("hand"), words.tr("intensity")
    for p in rows:
        print(
            f"{p.alias:<20} {p.animal:<7} {age} {p.age_band:<5} {hand} {p.dominant_hand:<8}"
            f" {intensity} {p.intensity_preset}"
        )


def add_profile(args: argparse.Namespace, config: AppConfig, repository: Repository) -> None:
    """Add a child (at the clinic's new-profile sensory settings) through the service the
    console uses too (the same checks, the same audit entry), and say what was added."""
    free = free_avatar((p.animal, p.colour) for p in repository.list_profiles())
    settings = children.ChildSettings(
        alias=args.alias,
        animal=free[0] if args.animal is None else args.animal,
        colour=free[1] if args.colour is None else args.colour,
        age_band=args.age_band,
        dominant_hand=args.hand,
        pointer=args.pointer,
        intensity_preset=args.intensity or config.intensity_preset,
        language=args.language or "",
        voice=True if args.voice is None else args.voice,
        check_in_scale=args.check_in_scale or "",
    )
    profile = children.add_child(
        repository, settings, "command line", channels=config.new_profile_overrides()
    )
    print(say(args, N_("added {child}"), child=children.describe(profile)))


def edit_profile(args: argparse.Namespace, _config: AppConfig, repository: Repository) -> None:
    """Change a child's language, spoken prompts or check-in scale (each option given;
    the others as they are) through the service the console uses, then show the child."""
    child = find_profile(repository, args.alias)
    changes = {
        name: value
        for name, value in (
            ("language", args.language),
            ("voice", args.voice),
            ("check_in_scale", args.check_in_scale),
        )
        if value is not None
    }
    if not changes:
        raise CliError(
            N_("say what to change: {options}"),
            options="--language, --voice / --no-voice, --check-in-scale",
        )
    edited = replace(child, **changes)
    settings = children.ChildSettings(
        **{f.name: getattr(edited, f.name) for f in fields(children.ChildSettings)}
    )
    children.edit_child(
        repository,
        edited,
        settings,
        "command line",
        intensity=child.intensity,
        notes=child.notes,
    )
    show_profile(args, _config, repository)


def show_profile(args: argparse.Namespace, _config: AppConfig, repository: Repository) -> None:
    """A child's settings, then their latest check-ins."""
    p = find_profile(repository, args.alias)
    words = clinic_words(args)
    channels = ", ".join(f"{k} {v:.2f}" for k, v in p.intensity.as_dict().items())
    rows = [
        (words.tr("alias:"), p.alias),
        (
            words.tr("animal:"),
            words.tr("{animal} (colour {colour})", animal=typed(p.animal, words), colour=p.colour),
        ),
        (words.tr("age band:"), p.age_band),
        (words.tr("dominant hand:"), typed(p.dominant_hand, words)),
        (words.tr("uses:"), typed(p.pointer, words)),
        (words.tr("intensity:"), f"{typed(p.intensity_preset, words)} ({channels})"),
        *language_rows(p, words),
    ]
    # (15 columns in English; the check-ins' heading too, else in Arabic it ran into its value)
    width = max(len(label) for label in [*(label for label, _ in rows), *check_in_labels(words)])
    print("\n".join(f"{label:<{width + 1}}{value}" for label, value in rows))
    _print_check_ins(repository, p.alias, words, width + 1)


def export_bundle(args: argparse.Namespace, _config: AppConfig, repository: Repository) -> None:
    """Write a child's profile bundle (YAML) to --out or the data folder."""
    from sensory_games.services.bundle import write_bundle
    from sensory_games.services.private_files import why_not_written

    alias = find_profile(repository, args.alias).alias
    out = Path(args.out or repository.data_dir / f"profile-{safe_name(alias)}.yaml")
    try:
        document = write_bundle(repository, alias, out)
    except OSError as error:
        raise CliError(sentence(why_not_written(error, out))) from None
    except ValueError as error:
        raise CliError(sentence(error)) from None
    levels = ", ".join(f"{k} {v}" for k, v in document["levels"].items())
    print(
        say(
            args,
            N_("{alias}'s profile bundle (levels: {levels}) written to {file}"),
            alias=alias,
            levels=levels or Sentence(N_("none yet")),
            file=out.resolve(),
        )
    )


def import_bundle(args: argparse.Namespace, config: AppConfig, repository: Repository) -> None:
    """Add a child (or, with --replace, update one) from a profile bundle; levels are
    checked against this device's level files."""
    from sensory_games.services import bundle as bundles

    counts = level_counts(config.config_dir)
    bundle = bundles.read_bundle(args.file, counts)
    try:
        done = bundles.import_bundle(repository, bundle, replace=args.replace, alias=args.new_alias)
    except ValueError as error:
        raise CliError(
            N_("{file}: nothing imported: {reason}"), file=args.file, reason=error
        ) from None
    repository.audit("profile bundle imported", f"{args.file.name}: {'; '.join(done)}",
                     bundle.profile["profile_id"])  # fmt: skip
    print("\n".join(say(args, line) for line in done))


#: What each `profiles` subcommand runs.
SUBCOMMANDS: dict[str, Subcommand] = {
    "list": list_profiles,
    "add": add_profile,
    "edit": edit_profile,
    "show": show_profile,
    "export": export_bundle,
    "import": import_bundle,
}


def _print_check_ins(repository: Repository, alias: str, words: Words, width: int) -> None:
    """The child's latest check-ins as before -> after pairs, for a progress note; the
    headings in `words`, lined up with the settings above (`width` columns)."""
    pairs = before_after_pairs(repository.check_ins(alias))[-SHOWN_CHECK_INS:]
    if not pairs:
        label, none = check_in_labels(words)[0], words.tr("none yet")
        print(f"{label:<{width}}{none}")
        return
    variants = {a.id: f"{a.activity} {a.variant}" for a in repository.attempts(alias)}
    print(words.tr("check-ins (how the child felt, before -> after; +n: more settled):"))
    for pair in pairs:
        what = "session" if pair.attempt_id is None else variants.get(pair.attempt_id, "?")
        before = describe(pair.before, pair.scale) if pair.asked_before else "not asked"
        after = describe(pair.after, pair.scale) if pair.asked_after else "not asked"
        change = f"  ({pair.change:+d})" if pair.change is not None else ""
        print(f"  {pair.asked_at[:16]}  {what:<22} {before} -> {after}{change}")
