"""What each command-line command does (the CLI module only parses arguments)."""

from __future__ import annotations

import argparse
import math
import shutil
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

from sensory_games.activities import (
    REGISTRY,
    activity_class,
    level_counts,
    load_activity_levels,
)
from sensory_games.cli.parser import EXIT_NO_DISPLAY, CliError
from sensory_games.domain.check_in import before_after_pairs, describe
from sensory_games.domain.config import AppConfig, load_app_config
from sensory_games.domain.intensity import preset
from sensory_games.domain.profile import Profile
from sensory_games.domain.pseudonyms import Pseudonyms, SecretError, clinic_secret
from sensory_games.services.levels import ChildLevels, LevelsChange
from sensory_games.services.merge import MergeReport
from sensory_games.services.outbox import fallback_folders, waiting_files, waiting_notices
from sensory_games.services.private_files import remove_stale_leftovers, safe_name
from sensory_games.storage import (
    AttemptRecord,
    Repository,
    Selection,
    StorageError,
    resolve_data_dir,
)


def _open(
    args: argparse.Namespace, subfolder: str = "", *, plays: bool = False
) -> tuple[AppConfig, Repository]:
    """The app's configuration and the log; `plays`: the command saves every attempt, so a
    read-only log is refused before any window opens (not found out at the first save)."""
    config = load_app_config()
    for slug in REGISTRY:  # every level file is checked before any window opens
        load_activity_levels(slug, config.config_dir)
    data_dir = getattr(args, "data_dir", None)
    folder = resolve_data_dir(data_dir, config.data_dir)
    if subfolder and data_dir is None:
        folder = folder / subfolder  # bots never write into the clinic's own log by default
    repository = Repository(folder)
    folders = fallback_folders(repository.data_dir, config.export_folder(repository.data_dir))
    waiting = waiting_notices(folders, repository.device_id)
    for notice in [*repository.notices, *waiting]:
        print(f"sensory-games: note: {notice}", file=sys.stderr)
    if plays and repository.read_only:
        repository.close()
        raise CliError(
            f"{repository.read_only_reason}: attempts could not be saved there; "
            "choose a writable one with --data-dir"
        )
    if not repository.read_only:
        remove_stale_leftovers(repository.data_dir)  # what a killed export or merge left
    return config, repository


def _profile(
    repository: Repository,
    alias: str | None,
    create: bool = False,
    overrides: dict[str, float] | None = None,
) -> Profile:
    if alias is None:
        return repository.guest_profile(overrides)
    if create:  # also when another process creates the same profile at the same moment
        return repository.profile_or_new(overrides, alias=alias, animal="owl", colour=1)
    profile = repository.profile_by_alias(alias)
    if profile is None:
        known = ", ".join(p.alias for p in repository.list_profiles()) or "none yet"
        raise CliError(
            f"no profile called {alias!r} (known: {known}); "
            f"add one with: sensory-games profiles add {alias}"
        )
    return profile


def launcher(args: argparse.Namespace) -> int:
    """Open the window and run the launcher until an adult closes it."""
    from sensory_games.engine.app import App
    from sensory_games.engine.window import display_available

    if not display_available() and not args.exit_after_first_frame:
        print(
            "sensory-games: no display was found, so the launcher cannot open a window; "
            "run the headless demo instead with `make demo` "
            "(or `python main.py autoplay --headless`).",
            file=sys.stderr,
        )
        return EXIT_NO_DISPLAY
    config, repository = _open(args)  # (a log that cannot be written: played on, kept aside)
    if args.launch and args.launch[0] not in REGISTRY:
        raise CliError(f"--launch {args.launch[0]!r}: known activities: {', '.join(REGISTRY)}")
    import pygame

    from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
    from sensory_games.engine.scenes.profile_picker import ProfilePickerScene

    try:
        app = App(config, repository, kiosk=args.kiosk, window_size=args.windowed)
    except pygame.error as error:
        print(
            f"sensory-games: the window could not be opened ({error}); "
            "run the headless demo instead with `make demo`.",
            file=sys.stderr,
        )
        return EXIT_NO_DISPLAY
    app.push(ProfilePickerScene(app.stage))
    if args.profile or args.launch:
        app.stage.start_session(
            _profile(repository, args.profile, overrides=config.new_profile_overrides())
        )
        app.push(ActivityMenuScene(app.stage))
    if args.launch:
        slug, level = args.launch
        if level is not None:
            count = len(app.child.levels(slug))
            if not 1 <= level <= count:
                raise CliError(f"--launch {slug}:{level}: {slug} has levels 1 to {count}")
            app.child.level_overrides[slug] = level
        app.push(app.stage.activity_screen(slug))  # a calm starts with the check-in, if on
    if args.exit_after_first_frame:
        app.frame()
        pygame.display.flip()
        app.quit()
        return 0
    signal.signal(signal.SIGTERM, lambda *_: app.request_quit())
    try:
        app.run()
    except KeyboardInterrupt:
        app.quit()  # the running attempt is saved as aborted (quit)
    repository.close()
    return 0


def autoplay(args: argparse.Namespace) -> int:
    """Bots play through the real scenes on a virtual clock; attempts are really saved."""
    from sensory_games.cli.autoplay import AutoplayPlan, run_autoplay
    from sensory_games.domain.clock import VirtualClock
    from sensory_games.engine.app import App
    from sensory_games.engine.window import display_available

    if not args.headless and not display_available():
        raise CliError("no display was found: add --headless")
    slugs = tuple(REGISTRY) if args.activity == "all" else (args.activity,)
    for slug in slugs:
        try:
            activity_class(slug)
        except KeyError as error:
            raise CliError(str(error.args[0])) from None
    if args.attempts < 0:
        raise CliError(f"--attempts {args.attempts}: must be 0 or more")
    config, repository = _open(args, subfolder="autoplay", plays=True)
    clock = VirtualClock(start_wall=datetime.now(timezone.utc))
    app = App(config, repository, clock, window_size=args.windowed, headless=args.headless)
    app.child.origin = "autoplay"
    for slug in slugs:
        count = len(app.child.levels(slug))
        if args.level is not None and not 1 <= args.level <= count:
            raise CliError(f"--level {args.level}: {slug} has levels 1 to {count}")
    profile = _profile(
        repository, args.profile, create=True, overrides=config.new_profile_overrides()
    )
    if args.intensity:
        profile = _with_preset(profile, args.intensity)
    app.stage.start_session(profile)

    def report(attempt: AttemptRecord) -> None:
        result = attempt.result
        state = "completed" if result.completed else f"aborted ({result.abort_reason})"
        accuracy = "-" if result.accuracy is None else f"{result.accuracy:.2f}"
        saved = "saved" if repository.has_attempt(attempt.id) else "NOT SAVED"
        print(
            f"{saved} attempt {attempt.id} {attempt.activity} level {attempt.level}: {state}, "
            f"{result.duration_s:.1f} s, accuracy {accuracy}",
            flush=True,
        )

    plan = AutoplayPlan(
        slugs, args.level, args.attempts, args.skill, args.seed, args.record_frames, args.record_fps
    )
    played = run_autoplay(app, clock, plan, report)
    app.quit()
    in_log = sum(repository.has_attempt(a.id) for a in played)
    repository.close()
    print(f"{in_log} attempt(s) saved for {profile.alias} in {repository.path}")
    if args.record_frames:
        print(f"frames in {args.record_frames}")
    missing = len(played) - in_log
    if missing:
        kept = app.child.outbox.kept_in
        print(
            f"sensory-games: {missing} attempt(s) could not be written to the log "
            + (
                f"({app.child.outbox.problem}); they are kept in {kept}: bring them back with "
                f"`sensory-games recover --data-dir {repository.data_dir}` once there is room"
                if kept
                else f"and could not be saved anywhere ({app.child.outbox.problem})"
            ),
            file=sys.stderr,
        )
        return 1
    return 0


def _with_preset(profile: Profile, name: str) -> Profile:
    return replace(profile, intensity_preset=name, intensity=preset(name))


def profiles(args: argparse.Namespace) -> int:
    """profiles list | add ALIAS | show ALIAS | export ALIAS | import FILE."""
    config, repository = _open(args)
    if args.profiles_command == "list":
        rows = repository.list_profiles()
        if not rows:
            print("no profiles yet; add one with: sensory-games profiles add ALIAS")
        for p in rows:
            print(
                f"{p.alias:<20} {p.animal:<7} age {p.age_band:<5} hand {p.dominant_hand:<8}"
                f" intensity {p.intensity_preset}"
            )
    elif args.profiles_command == "add":
        p = repository.add_profile(
            config.new_profile_overrides(),
            alias=args.alias,
            animal=args.animal,
            colour=args.colour,
            age_band=args.age_band,
            dominant_hand=args.hand,
            pointer=args.pointer,
            intensity_preset=args.intensity or config.intensity_preset,
        )
        added = (
            f"added {p.alias} ({p.animal}, colour {p.colour}, age {p.age_band}, "
            f"hand {p.dominant_hand}, intensity {p.intensity_preset})"
        )
        repository.audit("profile added", added, p.id)
        print(added)
    elif args.profiles_command == "export":
        _bundle_out(args, repository)
    elif args.profiles_command == "import":
        _bundle_in(args, repository)
    else:
        p = _profile(repository, args.alias)
        channels = ", ".join(f"{k} {v:.2f}" for k, v in p.intensity.as_dict().items())
        print(
            f"alias:         {p.alias}\nanimal:        {p.animal} (colour {p.colour})\n"
            f"age band:      {p.age_band}\ndominant hand: {p.dominant_hand}\n"
            f"uses:          {p.pointer}\n"
            f"intensity:     {p.intensity_preset} ({channels})"
        )
        _print_check_ins(repository, p.alias)
    repository.close()
    return 0


def _bundle_out(args: argparse.Namespace, repository: Repository) -> None:
    from sensory_games.services.bundle import write_bundle

    alias = _profile(repository, args.alias).alias
    out = Path(args.out or repository.data_dir / f"profile-{safe_name(alias)}.yaml")
    try:
        document = write_bundle(repository, alias, out)
    except (ValueError, OSError) as error:
        raise CliError(str(error)) from None
    levels = ", ".join(f"{k} {v}" for k, v in document["levels"].items()) or "none yet"
    print(f"{alias}'s profile bundle (levels: {levels}) written to {out.resolve()}")


def _bundle_in(args: argparse.Namespace, repository: Repository) -> None:
    from sensory_games.services.bundle import import_bundle, read_bundle

    config = load_app_config()
    counts = level_counts(config.config_dir)
    bundle = read_bundle(args.file, counts)
    try:
        done = import_bundle(repository, bundle, replace=args.replace, alias=args.new_alias)
    except ValueError as error:
        raise CliError(f"{args.file}: nothing imported: {error}") from None
    repository.audit("profile bundle imported", f"{args.file.name}: {'; '.join(done)}",
                     bundle.profile["profile_id"])  # fmt: skip
    print("\n".join(done))


#: How many before/after pairs `profiles show` lists (the most recent).
SHOWN_CHECK_INS = 10


def _print_check_ins(repository: Repository, alias: str) -> None:
    """The child's latest check-ins as before -> after pairs, for a progress note."""
    pairs = before_after_pairs(repository.check_ins(alias))[-SHOWN_CHECK_INS:]
    if not pairs:
        print("check-ins:     none yet")
        return
    variants = {a.id: f"{a.activity} {a.variant}" for a in repository.attempts(alias)}
    print("check-ins (how the child felt, 1 very upset .. 5 calm and happy):")
    for pair in pairs:
        what = "session" if pair.attempt_id is None else variants.get(pair.attempt_id, "?")
        before = describe(pair.before) if pair.asked_before else "not asked"
        after = describe(pair.after) if pair.asked_after else "not asked"
        change = f"  ({pair.change:+d})" if pair.change is not None else ""
        print(f"  {pair.asked_at[:16]}  {what:<22} {before} -> {after}{change}")


def _selection(args: argparse.Namespace, repository: Repository) -> Selection:
    """The export/report filters given on the command line, checked."""
    if args.profile:
        _profile(repository, args.profile)
    activity = getattr(args, "activity", None)
    if activity is not None and activity not in REGISTRY:
        raise CliError(f"--activity {activity!r}: known activities: {', '.join(REGISTRY)}")
    return Selection(
        args.profile,
        activity,
        args.since.since_text if args.since else None,
        args.until.before_text if args.until else None,  # --until includes its day or instant
        getattr(args, "session", None),
    )


def _pseudonyms(repository: Repository) -> Pseudonyms:
    try:
        return Pseudonyms(clinic_secret(repository.data_dir))
    except (SecretError, OSError) as error:
        raise CliError(str(error)) from None


def export(args: argparse.Namespace) -> int:
    """Write the selected attempts (or check-ins) to CSV or JSON."""
    from sensory_games.services.export import write_check_ins, write_export

    _config, repository = _open(args)
    selection = _selection(args, repository)
    codes = _pseudonyms(repository) if args.pseudonymize else None
    out = Path(
        args.out
        or repository.data_dir / f"export-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.{args.format}"
    )
    what = "attempt(s)"
    try:
        if args.check_ins:
            if args.format != "csv" or args.samples:
                raise CliError("--check-ins writes its own CSV: use it with --format csv alone")
            count, what = write_check_ins(repository, out, selection, codes), "check-in(s)"
        else:
            count = write_export(
                repository, args.format, out, selection, samples=args.samples, codes=codes
            )
        _audit_reading(repository, "export", _export_detail(args, count, what, out))
    except (ValueError, OSError) as error:
        raise CliError(str(error)) from None
    finally:
        repository.close()
    print(f"{count} {what} written to {out.resolve()}")
    return 0


def _audit_reading(
    repository: Repository, action: str, detail: str, profile_id: str | None = None
) -> None:
    """Put a read-out of the log (an export, a report) on the audit list; from a read-only
    log (a backup on read-only media) a printed note says it could not be, and the
    read-out stands."""
    reason = repository.read_only_reason if repository.read_only else ""
    if not reason:
        try:
            repository.audit(action, detail, profile_id)
            return
        except StorageError as error:  # (locked by another program: the file is written)
            reason = str(error)
    print(f"sensory-games: note: this {action} is not on the audit list: {reason}",
          file=sys.stderr)  # fmt: skip


def _export_detail(args: argparse.Namespace, count: int, what: str, out: Path) -> str:
    """`csv, pseudonymised, profile Mia, since 2026-11-01: 12 attempt(s) to /x.csv`."""
    options = [args.format] + [
        label
        for label, on in (
            ("samples", args.samples),
            ("check-ins", args.check_ins),
            ("pseudonymised", args.pseudonymize),
        )
        if on
    ]
    filters = [
        f"{name} {value}"
        for name in ("profile", "activity", "since", "until", "session")
        if (value := getattr(args, name, None))
    ]
    return f"{', '.join(options + filters)}: {count} {what} to {out.resolve()}"


def report(args: argparse.Namespace) -> int:
    """Write a child's progress report as PDF or PNG (needs the `report` extra)."""
    from sensory_games.services.report import matplotlib_missing

    hint = matplotlib_missing()
    if hint:
        raise CliError(hint)
    from sensory_games.services.report import write_report

    if not args.profile:
        raise CliError("report: say whose with --profile ALIAS")
    _config, repository = _open(args)
    try:
        selection = _selection(args, repository)
        child = _profile(repository, args.profile)
        name = _pseudonyms(repository)(child.id) if args.pseudonymize else child.alias
        out = Path(args.out or repository.data_dir / f"report-{safe_name(name)}-{date.today()}.pdf")
        summary = write_report(
            repository,
            child.alias,
            out,
            selection.since,
            before=selection.before,
            title_name=name if args.pseudonymize else None,
        )
        _audit_reading(
            repository, "report", f"{summary.pages} page(s) to {out.resolve()}", child.id
        )
    except (ValueError, OSError) as error:
        raise CliError(str(error)) from None
    finally:
        repository.close()
    print(
        f"report of {name}: {summary.pages} page(s), {summary.attempts} attempt(s), "
        f"written to {out.resolve()}"
    )
    return 0


def levels(args: argparse.Namespace) -> int:
    """Show a child's level, allowed range and mastery rule per activity; with
    --activity, set the level, the range or the rule."""
    config, repository = _open(args)
    try:
        child = _profile(repository, args.alias)
        counts = level_counts(config.config_dir)
        if args.activity is not None:
            change = LevelsChange(
                args.activity, args.reason, args.level, args.lowest, args.highest, args.mastery
            )
            ChildLevels(repository, counts, config.mastery).change(child.id, change, "command line")
        elif any(v is not None for v in (args.level, args.lowest, args.highest, args.mastery)):
            raise CliError("say which activity with --activity SLUG")
        stepped = {s: n for s, n in counts.items() if activity_class(s).levels_are_steps}
        _print_levels(ChildLevels(repository, stepped, config.mastery), child)
    finally:
        repository.close()
    return 0


def _print_levels(child_levels: ChildLevels, child: Profile) -> None:
    """What `sensory-games levels` prints: per activity whose levels are steps, the level
    now, the allowed range and the rule in force; then the latest level changes."""
    print(f"{child.alias}: level now (allowed range), mastery rule")
    for slug in child_levels.counts:
        shown = child_levels.of(child.id, slug)
        print(
            f"  {slug:<18} {'-' if shown.level is None else shown.level:>2} "
            f"({shown.lowest}..{shown.highest})  {shown.whose}: {shown.rule.describe()}"
        )
    changes = child_levels.latest_changes(child.id, SHOWN_CHECK_INS)
    if changes:
        print("latest level changes:")
    for change in changes:
        was = "-" if change.from_level is None else change.from_level
        print(
            f"  {change.changed_at[:16]}  {change.activity:<18} {was} -> {change.to_level}  "
            f"{change.reason}"
        )


def pin(args: argparse.Namespace) -> int:
    """pin set: ask for a new PIN twice (hidden when typed at a terminal; two lines on
    standard input otherwise) and store its hash; pin clear: remove it; pin status: say
    whether one is set and whether the keypad is locked (never the PIN or its hash)."""
    from sensory_games.domain.pin import PinError, check_pin, hash_pin

    _config, repository = _open(args)
    try:
        if args.pin_command == "status":
            print(_pin_status(repository, datetime.now(timezone.utc)))
            return 0
        if args.pin_command == "clear":
            repository.set_pin_hash(None)
            repository.audit("PIN removed", "sensory-games pin clear")
            print("the PIN is removed: the adult menu will ask for a new one first")
            return 0
        if sys.stdin.isatty():
            import getpass

            first = getpass.getpass("new PIN (4 to 8 digits): ")
            second = getpass.getpass("the same PIN again: ")
        else:
            lines = [*sys.stdin.read().splitlines(), "", ""]
            first, second = lines[0].strip(), lines[1].strip()
        try:
            check_pin(first)
        except PinError as error:
            raise CliError(f"PIN not set: {error}") from None
        if first != second:
            raise CliError("PIN not set: the two PINs differ")
        repository.set_pin_hash(hash_pin(first))
        repository.audit("PIN set", "sensory-games pin set")
    finally:
        repository.close()
    print("the PIN is set (only its salted scrypt hash is stored)")
    return 0


def _pin_status(repository: Repository, now: datetime) -> str:
    """Whether a PIN is set and the keypad's lockout at `now` (UTC), in a few lines."""
    from sensory_games.domain.pin import WRONG_BEFORE_LOCK

    if repository.pin_hash() is None:
        return (
            "no PIN is set: whoever next holds the top-right corner chooses it; "
            "set it now with `sensory-games pin set`"
        )
    state = repository.keypad_state()
    locked_s = state.locked_for_s(now)
    if locked_s > 0 and state.locked_until is not None:
        until = state.locked_until.astimezone(timezone.utc)
        keypad = (
            f"the keypad is locked until {until:%Y-%m-%d %H:%M:%S} UTC "
            f"(in {math.ceil(locked_s / 60)} min)"
        )
    else:
        keypad = "the keypad is open"
    return (
        f"a PIN is set (only its salted scrypt hash is kept, in {repository.pin_store.path})\n"
        f"{keypad}; wrong PINs in a row: {state.wrong} (it locks at {WRONG_BEFORE_LOCK}); "
        f"lockouts so far: {state.lockouts}"
    )


def audit(args: argparse.Namespace) -> int:
    """Print what adults did (from a UTC day or instant on)."""
    _config, repository = _open(args)
    try:
        entries = repository.audit_entries(args.since.since_text if args.since else None)
    finally:
        repository.close()
    if not entries:
        print("nothing on the audit list yet")
    for entry in entries:
        who = f" [{entry.profile_alias}]" if entry.profile_alias else ""
        print(f"{entry.at[:19].replace('T', ' ')}  {entry.action}{who}: {entry.detail}")
    return 0


def merge(args: argparse.Namespace) -> int:
    """Merge other devices' JSON exports or log files into this device's log."""
    config, repository = _open(args)
    try:
        results = _merge_files(repository, config, args.files, args.match_alias, "merge")
    finally:
        repository.close()
    return 0 if all(r is not None for r in results) else 1


def recover(args: argparse.Namespace) -> int:
    """Merge this device's fallback files of unsaved records (sensory_games.services.outbox) back
    into the log. A file wholly merged is moved to recovered/ in the data folder (never
    deleted); one with a conflict or a refusal stays where it is, announced at each start."""
    config, repository = _open(args)
    folders = fallback_folders(repository.data_dir, config.export_folder(repository.data_dir))
    files = waiting_files(folders, repository.device_id)
    complete = 0
    try:
        if not files:
            print("nothing to recover: no unsaved-*.json file of this device is waiting")
        results = _merge_files(repository, config, files, args.match_alias, "recover")
        done = repository.data_dir / "recovered"
        for file, result in zip(files, results, strict=True):
            if result is None or result.conflicts or sum(result.skipped.values()):
                print(f"  {file.name} stays where it is: settle the above, then recover again")
                continue
            try:
                done.mkdir(mode=0o700, exist_ok=True)
                shutil.move(file, _free_name(done / file.name))
            except OSError as error:  # (its records are in the log: a later recover adds none)
                why = error.strerror or error
                print(f"sensory-games: {file.name} could not be moved to {done} ({why}); "
                      "it stays where it is", file=sys.stderr)  # fmt: skip
                continue
            print(f"  {file.name} moved to {done}")
            complete += 1
    finally:
        repository.close()
    return 0 if complete == len(files) else 1


def _free_name(path: Path) -> Path:
    """`path`, or `path` with -2, -3... before its suffix when that name is taken."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _merge_files(
    repository: Repository,
    config: AppConfig,
    files: Sequence[Path],
    match_alias: bool,
    action: str,
) -> list[MergeReport | None]:
    """Merge each file (a JSON export, a fallback file or another device's log) in its
    own transaction, printing what it did and noting it on the audit list; None for a file
    that could not be merged at all (said on stderr)."""
    from sensory_games.services.merge import MergeError, merge, read_source

    counts = level_counts(config.config_dir)
    results: list[MergeReport | None] = []
    for file in files:
        try:
            document = read_source(file, data_dir=repository.data_dir)
            result = merge(repository, document, str(file), match_alias, counts)
        except MergeError as error:
            print(f"sensory-games: {error}", file=sys.stderr)
            results.append(None)
            continue
        print("\n".join(result.lines()))
        repository.audit(action, "; ".join(result.lines()))
        results.append(result)
    return results


def safety_check(args: argparse.Namespace) -> int:
    """Render every activity at every level with its bot; fail on any flash over the bar."""
    from sensory_games.cli.safety_check import run_checks
    from sensory_games.domain.intensity import PRESETS

    config = load_app_config()
    slugs = tuple(REGISTRY) if args.activity == "all" else (args.activity,)
    for slug in slugs:
        if slug not in REGISTRY:
            raise CliError(f"--activity {slug!r}: known activities: {', '.join(REGISTRY)}")
        load_activity_levels(slug, config.config_dir)
    presets = tuple(PRESETS) if args.preset == "all" else (args.preset,)
    if any(name not in PRESETS for name in presets):
        raise CliError(f"--preset {args.preset!r}: use one of {', '.join(PRESETS)} or all")

    def report(result) -> None:  # type: ignore[no-untyped-def]
        print(
            f"{result.activity:<10} {result.preset:<9} {result.levels} level(s): "
            f"{result.verdict.describe()}",
            flush=True,
        )

    results = run_checks(config, slugs, presets, args.seconds, report)
    failed = [r for r in results if not r.verdict.passes]
    if failed:
        print(f"safety-check: {len(failed)} of {len(results)} check(s) FAILED", file=sys.stderr)
        return 1
    print(
        f"safety-check: all {len(results)} check(s) passed (no more than 3 flashes in any "
        "second, anywhere on screen)"
    )
    return 0
