"""`sensory-games doctor`: run every device check and print one line each.

    OK    screen         1920x1080 px (x11), 96 px/in from the screen's own report: ...
    FIX   PIN            no adults' PIN is set (...) -> set one before the device goes out: ...

The exit status is 0 when no line says FIX, 1 otherwise, so a set-up script can stop on
it. The checks themselves are in services/doctor.py, the screen, touch and sound probes in
cli/device_probe.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TextIO

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.cli import device_probe
from sensory_games.cli.clinic_language import clinic_words, speak
from sensory_games.domain.config import AppConfig, ConfigError, load_app_config
from sensory_games.domain.config_folders import clinic_config_dir
from sensory_games.domain.language import SOURCE_LANGUAGE, Words, words
from sensory_games.domain.sentence import render
from sensory_games.domain.voice_clip import RECORDINGS_FOLDER
from sensory_games.services import doctor
from sensory_games.services.doctor import Finding, Status
from sensory_games.services.doctor_assets import check_pictures, check_translations, check_voice
from sensory_games.storage import resolve_data_dir
from sensory_games.ui.voice import clip_problems

ENGLISH = words(SOURCE_LANGUAGE)
EXIT_READY = 0
EXIT_SOMETHING_TO_FIX = 1


def findings(
    data_dir_option: str | None,
    config_dir_option: str | None = None,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    free: doctor.DiskUsage = doctor.free_bytes,
    args: argparse.Namespace | None = None,
) -> list[Finding]:
    """Every check, in the order an IT person works through them: the configuration (the
    rest reads it), the screen, touch, sound, the data folder, the PIN, the clinic secret,
    the clock, then the shipped files (translations, pictures, voice clips). `now` and
    `free` are the clock and the free-space reading (tests pass their own). `config_dir_option`:
    --config-dir (else the clinic's usual folder); `args` (the command's) are told the
    clinic's language once the configuration is read."""
    config_finding = doctor.check_config(config_dir_option, REGISTRY, load_activity_levels)
    try:
        config = load_app_config(clinic_config_dir(config_dir_option))
    except ConfigError:  # reported by the config line; the other checks go on with defaults
        config = AppConfig.defaults()
    else:
        if args is not None:
            speak(args, config.language)
    data_dir = resolve_data_dir(data_dir_option, config.data_dir)
    moment = now()
    return [
        config_finding,
        doctor.check_screen(device_probe.probe_display(), config.display),
        doctor.check_touch(device_probe.probe_touch()),
        doctor.check_audio(device_probe.probe_audio()),
        doctor.check_data_folder(data_dir, free),
        doctor.check_pin(data_dir),
        doctor.check_clinic_secret(data_dir),
        doctor.check_clock(moment, doctor.local_zone(moment), doctor.app_files_date()),
        check_translations(),
        check_pictures(device_probe.picture_problems()),
        check_voice(clip_problems(data_dir / RECORDINGS_FOLDER)),
    ]


def line(finding: Finding, words: Words = ENGLISH) -> str:
    """One printed line: status, check, what was found and, if anything, what to do; the
    status and the check's name as they are (scripts read them), the rest in `words`."""
    text = f"{finding.status.value:<5} {finding.check:<13} {render(finding.detail, words)}"
    return f"{text} -> {render(finding.action, words)}" if finding.action else text


def report(found: Sequence[Finding], out: TextIO, words: Words = ENGLISH) -> int:
    """Print `found` and a closing count in `words`; the exit status (1 if anything is to
    fix)."""
    for finding in found:
        print(line(finding, words), file=out)
    to_fix = sum(finding.status is Status.FIX for finding in found)
    warnings = sum(finding.status is Status.WARN for finding in found)
    if to_fix:
        verdict = words.tr("not ready: {fix} to fix, {look} to look at", fix=to_fix, look=warnings)
    else:
        verdict = words.tr("ready: {fix} to fix, {look} to look at", fix=to_fix, look=warnings)
    print(verdict, file=out)
    return EXIT_SOMETHING_TO_FIX if to_fix else EXIT_READY


def run(args: argparse.Namespace) -> int:
    """`sensory-games doctor [--data-dir DIR] [--config-dir DIR]`, in the clinic's language."""
    found = findings(getattr(args, "data_dir", None), getattr(args, "config_dir", None), args=args)
    return report(found, sys.stdout, clinic_words(args))
