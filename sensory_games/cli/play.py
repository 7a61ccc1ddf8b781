"""The commands that run the game: the launcher (a window for a child), autoplay (bots
play through the real scenes) and the safety check (every activity's frames checked for
flashes). Their lines are in the clinic's language; figures, names and commands stay as
they are."""

from __future__ import annotations

import argparse
import signal
import sys
from dataclasses import replace
from datetime import datetime, timezone

from sensory_games.activities import REGISTRY, activity_class, load_activity_levels
from sensory_games.cli import compiled_dataclasses, parsed_yaml
from sensory_games.cli.clinic_language import say
from sensory_games.cli.deferred_imports import load_deferred
from sensory_games.cli.errors import EXIT_NO_DISPLAY, CliError
from sensory_games.cli.opening import find_profile, known_activity, open_log, read_config
from sensory_games.domain.intensity import preset
from sensory_games.domain.language import N_
from sensory_games.domain.profile import Profile
from sensory_games.domain.sentence import Sentence
from sensory_games.services.child_session import FLUSH_FAILED
from sensory_games.storage import AttemptRecord, Repository
from sensory_games.ui import kept


def launcher(args: argparse.Namespace) -> int:
    """Open the window and run the launcher until an adult closes it."""
    from sensory_games.engine.app import App
    from sensory_games.engine.window import display_available

    if not display_available() and not args.exit_after_first_frame:
        no_display = N_(
            "no display was found, so the launcher cannot open a window; run the headless"
            " demo instead with {demo} (or {headless})."
        )
        said = say(
            args, no_display, demo="`make demo`", headless="`python main.py autoplay --headless`"
        )
        print(f"sensory-games: {said}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    config, repository = open_log(args)  # (a log that cannot be written: played on, kept aside)
    if args.launch:
        known_activity("--launch", args.launch[0])
    import pygame

    from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
    from sensory_games.engine.scenes.profile_picker import ProfilePickerScene

    try:
        app = App(config, repository, kiosk=args.kiosk, window_size=args.windowed)
    except pygame.error as error:
        said = say(
            args,
            N_(
                "the window could not be opened ({error}); run the headless demo instead with"
                " {demo}."
            ),
            error=str(error),
            demo="`make demo`",
        )
        print(f"sensory-games: {said}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    app.stage.voice.hold_back()  # (its prompt is said once the first frame is on screen)
    app.push(ProfilePickerScene(app.stage))
    kept.collect_left_screens()  # (what the start made so far, the root screen among it,
    # frozen: never a screen that can leave, so every screen that leaves is collected)
    kept.BESIDE.on = True  # (frames at the display's pace: pictures drawn beside them)
    if args.profile or args.launch:
        app.stage.start_session(
            find_profile(repository, args.profile, overrides=config.new_profile_overrides())
        )
        app.push(ActivityMenuScene(app.stage))
    if args.launch:
        slug, level = args.launch
        if level is not None:
            count = len(app.child.levels(slug))
            if not 1 <= level <= count:
                raise _no_such_level(f"--launch {slug}:{level}", slug, count)
            app.child.level_overrides[slug] = level
        app.push(app.stage.activity_screen(slug))  # a calm starts with the check-in, if on
    if args.exit_after_first_frame:
        app.frame()
        app.show()
        compiled_dataclasses.keep()
        parsed_yaml.keep()
        app.quit()
        return 0
    app.guarded_frame()  # the first frame on screen; then, as the screen is still, what
    app.show()  # it did not need: the start's dataclass code and parsed YAML are kept
    compiled_dataclasses.keep()  # (cli/compiled_dataclasses.py, cli/parsed_yaml.py),
    parsed_yaml.keep()  # numpy loaded
    load_deferred()  # (cli/deferred_imports.py) and its prompt said
    app.stage.voice.let_through()
    signal.signal(signal.SIGTERM, lambda *_: app.request_quit())
    try:
        app.run()
    except KeyboardInterrupt:
        app.quit()  # the running attempt is saved as aborted (quit)
    finally:
        _close_log(args, repository)
    return 0


def _close_log(args: argparse.Namespace, repository: Repository) -> None:
    """Close the log (its last commit flushed to the disk: storage/flush_behind.py), saying
    on the terminal when that flush failed or the disk did not answer."""
    unflushed = repository.close()
    if unflushed is not None:
        print(f"sensory-games: {say(args, FLUSH_FAILED, problem=unflushed)}", file=sys.stderr)


def autoplay(args: argparse.Namespace) -> int:
    """Bots play through the real scenes on a virtual clock; attempts are really saved."""
    from sensory_games.cli.autoplay import AutoplayPlan, run_autoplay
    from sensory_games.domain.clock import VirtualClock
    from sensory_games.engine.app import App
    from sensory_games.engine.window import display_available

    if not args.headless and not display_available():
        raise CliError(N_("no display was found: add {option}"), option="--headless")
    slugs = tuple(REGISTRY) if args.activity == "all" else (args.activity,)
    for slug in slugs:
        try:
            activity_class(slug)
        except KeyError as error:
            raise CliError(str(error.args[0])) from None
    if args.attempts < 0:
        raise CliError(N_("{option}: must be 0 or more"), option=f"--attempts {args.attempts}")
    config, repository = open_log(args, subfolder="autoplay", plays=True)
    clock = VirtualClock(start_wall=datetime.now(timezone.utc))
    app = App(config, repository, clock, window_size=args.windowed, headless=args.headless)
    app.child.origin = "autoplay"
    for slug in slugs:
        count = len(app.child.levels(slug))
        if args.level is not None and not 1 <= args.level <= count:
            raise _no_such_level(f"--level {args.level}", slug, count)
    profile = find_profile(
        repository, args.profile, create=True, overrides=config.new_profile_overrides()
    )
    if args.intensity:
        profile = _with_preset(profile, args.intensity)
    app.stage.start_session(profile)

    def report(attempt: AttemptRecord) -> None:
        result = attempt.result
        state = (
            Sentence(N_("completed"))
            if result.completed
            else Sentence(N_("aborted ({reason})"), reason=_why(result.abort_reason))
        )
        line = N_(
            "saved attempt {attempt} {activity} level {level}: {state}, {seconds} s,"
            " accuracy {accuracy}"
        )
        if not repository.has_attempt(attempt.id):
            line = N_(
                "NOT SAVED attempt {attempt} {activity} level {level}: {state}, {seconds} s,"
                " accuracy {accuracy}"
            )
        accuracy = "-" if result.accuracy is None else f"{result.accuracy:.2f}"
        values = {"attempt": attempt.id, "activity": attempt.activity, "level": attempt.level}
        said = say(
            args, line, state=state, seconds=f"{result.duration_s:.1f}", accuracy=accuracy, **values
        )
        print(said, flush=True)

    plan = AutoplayPlan(
        slugs, args.level, args.attempts, args.skill, args.seed, args.record_frames, args.record_fps
    )
    played = run_autoplay(app, clock, plan, report)
    app.quit(say_unsaved=False)  # (said below, once: for the attempts if any)
    in_log = sum(repository.has_attempt(a.id) for a in played)
    repository.close()
    saved = Sentence.tr_n(
        "{count} attempt saved for {alias} in {file}",
        "{count} attempts saved for {alias} in {file}",
        in_log,
        count=in_log,
        alias=profile.alias,
        file=repository.path,
    )
    print(say(args, saved))
    if args.record_frames:
        print(say(args, N_("frames in {folder}"), folder=args.record_frames))
    missing = len(played) - in_log
    if missing:
        kept, problem = app.child.outbox.kept_in, app.child.outbox.problem
        if kept:
            recover = f"`sensory-games recover --data-dir {repository.data_dir}`"
            unsaved = Sentence.tr_n(
                "{count} attempt could not be written to the log ({problem}); it is"
                " kept in {file}: bring it back with {command} once there is room",
                "{count} attempts could not be written to the log ({problem}); they are"
                " kept in {file}: bring them back with {command} once there is room",
                missing,
                count=missing,
                problem=problem,
                file=kept,
                command=recover,
            )
        else:
            unsaved = Sentence.tr_n(
                "{count} attempt could not be written to the log and could not be saved"
                " anywhere ({problem})",
                "{count} attempts could not be written to the log and could not be saved"
                " anywhere ({problem})",
                missing,
                count=missing,
                problem=problem,
            )
        print(f"sensory-games: {say(args, unsaved)}", file=sys.stderr)
    others = app.child.outbox.pending - missing  # (check-ins, a session's end...)
    if app.unsaved_at_close is not None and others > 0:  # (said for every record, then)
        print(f"sensory-games: {say(args, app.unsaved_at_close)}", file=sys.stderr)
    return 1 if missing else 0


def _why(reason: str | None) -> Sentence:
    """Why an attempt ended early, as the clinic's language says it (said in words, not
    the stored key: "calm-down break", not "calm_down")."""
    from sensory_games.services.report.names import ABORT_REASON_NAMES

    return Sentence(ABORT_REASON_NAMES.get(reason or "", reason or "-"))


def _with_preset(profile: Profile, name: str) -> Profile:
    """`profile` at the named sensory preset (autoplay --intensity; not saved)."""
    return replace(profile, intensity_preset=name, intensity=preset(name))


def safety_check(args: argparse.Namespace) -> int:
    """Render every activity at every level with its bot; fail on any flash over the bar."""
    from sensory_games.cli.safety_check import CheckResult, run_checks
    from sensory_games.domain.intensity import PRESETS

    config = read_config(args)
    slugs = tuple(REGISTRY) if args.activity == "all" else (args.activity,)
    for slug in slugs:
        known_activity("--activity", slug)
        load_activity_levels(slug, config.config_dir)
    presets = tuple(PRESETS) if args.preset == "all" else (args.preset,)
    if any(name not in PRESETS for name in presets):
        raise CliError(
            N_("{option}: use one of {known} or all"),
            option=f"--preset {args.preset!r}",
            known=", ".join(PRESETS),
        )

    def report(result: CheckResult) -> None:
        levels = say(
            args,
            Sentence.tr_n("{count} level", "{count} levels", result.levels, count=result.levels),
        )
        verdict = say(args, result.verdict.describe())
        print(f"{result.activity:<10} {result.preset:<9} {levels}: {verdict}", flush=True)

    results = run_checks(config, slugs, presets, args.seconds, report)
    failed = [r for r in results if not r.verdict.passes]
    if failed:
        said = say(
            args,
            Sentence.tr_n(
                "{failed} of {count} check FAILED",
                "{failed} of {count} checks FAILED",
                len(results),
                failed=len(failed),
                count=len(results),
            ),
        )
        print(f"safety-check: {said}", file=sys.stderr)
        return 1
    said = say(
        args,
        Sentence.tr_n(
            "the {count} check passed (no more than 3 flashes in any second, anywhere on screen)",
            "all {count} checks passed (no more than 3 flashes in any second, anywhere on screen)",
            len(results),
            count=len(results),
        ),
    )
    print(f"safety-check: {said}")
    return 0


def _no_such_level(option: str, slug: str, count: int) -> CliError:
    """A level the activity `slug` (with `count` levels) does not have, named as typed."""
    return CliError(
        N_("{option}: {slug} has levels 1 to {count}"), option=option, slug=slug, count=count
    )
