"""`sensory-games doctor`: is this device ready for a clinic, and if not, what to fix.

Each check is one function that judges facts it is given and returns one :class:`Finding`
(OK, WARN or FIX, what was found, and for WARN/FIX what to do in words a clinic's IT
person can act on). The facts that need pygame (the screen, touch, audio) are gathered by
``sensory_games.cli.device_probe`` and passed in as plain values, so everything here runs
and is tested without a screen; the facts that need only the file system and the clock
(the data folder, its free space, the PIN file, the clinic secret, the configuration, the
time zone) are read here and in doctor_files.py (the data folder's files), each through
one argument a test can replace; what a check found is a Finding (findings.py).

Nothing here changes the device: the data folder's write test removes its own file, a
damaged PIN file is reported and left where it is, and no clinic secret is made.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.config import ConfigError, DisplayConfig, load_app_config
from sensory_games.domain.config_folders import clinic_config_dir, clinic_files, is_shipped
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Listed, Sentence, sentence
from sensory_games.services.doctor_files import DiskUsage as DiskUsage
from sensory_games.services.doctor_files import check_clinic_secret as check_clinic_secret
from sensory_games.services.doctor_files import check_data_folder as check_data_folder
from sensory_games.services.doctor_files import check_pin as check_pin
from sensory_games.services.doctor_files import free_bytes as free_bytes
from sensory_games.services.findings import Finding as Finding
from sensory_games.services.findings import Status as Status
from sensory_games.services.findings import worst as worst
from sensory_games.services.plans import load_every_plan

#: The smallest screen the layouts are checked at (px, either orientation; the
#: screenshots tool renders 800x600).
SMALLEST_SCREEN_PX = (800, 600)
#: The screen's own density report and the one worked out from the configured diagonal
#: may differ by this share before a warning (a 10.1 in setting on a 13.3 in screen is 32 %).
DENSITY_TOLERANCE = 0.15
#: Zone names that mean "no zone was chosen": the clock shows UTC, whatever the clinic's.
UTC_ZONE_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"}
)
#: The config line names at most this many of the clinic's own files (it stays one line).
MOST_FILES_NAMED = 6


@dataclass(frozen=True)
class DisplayFacts:
    """What SDL says about the screen. `size_px` is None when no display could be opened
    (then `problem` says why); `dpi` is the screen's own diagonal density report (px/in),
    None when it gives none."""

    driver: str
    size_px: tuple[int, int] | None
    dpi: float | None = None
    problem: str = ""


@dataclass(frozen=True)
class TouchFacts:
    """Touch devices SDL reports; None when it could not be asked (no display)."""

    devices: int | None
    problem: str = ""


@dataclass(frozen=True)
class AudioFacts:
    """The sound output SDL opened: its driver and the device names it lists (empty when
    none could be opened: then `problem` says why)."""

    driver: str
    devices: tuple[str, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class ZoneFacts:
    """The device's local time zone: its name (an IANA name such as Europe/Berlin where the
    system says one, else the abbreviation the C library gives, such as CET) and offset."""

    name: str
    utc_offset: timedelta


# -- the screen, touch and sound (facts from ui.device_probe) --------------------------------


def check_screen(facts: DisplayFacts, display: DisplayConfig) -> Finding:
    """The screen's size and the density layouts in millimetres are drawn at: the configured
    `display.dpi`, else the screen's own report, else the configured diagonal."""
    if facts.size_px is None:
        return Finding(
            "screen",
            Status.WARN,
            Sentence(
                N_("no display in this session ({problem}), so the screen was not checked"),
                problem=facts.problem or facts.driver,
            ),
            Sentence(
                N_("run {command} again in the kiosk's own session (on its screen)"),
                command="`sensory-games doctor`",
            ),
        )
    width, height = facts.size_px
    from_diagonal = math.hypot(width, height) / display.screen_diagonal_in
    diagonal = f"display.screen_diagonal_in = {display.screen_diagonal_in} in"
    source: str
    if display.dpi > 0:
        dpi, source = display.dpi, Sentence(N_("{key} in app.yaml"), key="display.dpi")
    elif facts.dpi:
        dpi, source = facts.dpi, Sentence(N_("the screen's own report"))
    else:
        dpi, source = from_diagonal, diagonal
    detail = Sentence(
        N_("{width}x{height} px ({driver}), {dpi:.0f} px/in from {source}: {size} mm"),
        width=width,
        height=height,
        driver=facts.driver,
        dpi=dpi,
        source=source,
        size=f"{width / dpi * 25.4:.0f} x {height / dpi * 25.4:.0f}",
    )
    smallest = SMALLEST_SCREEN_PX
    if max(width, height) < smallest[0] or min(width, height) < smallest[1]:
        return Finding(
            "screen",
            Status.WARN,
            Sentence(
                N_("{detail}; smaller than {size}, the smallest size the layouts are checked at"),
                detail=detail,
                size=f"{smallest[0]}x{smallest[1]}",
            ),
            Sentence(N_("use the screen's full resolution (display settings), or a larger screen")),
        )
    if display.dpi <= 0 and facts.dpi and abs(from_diagonal / facts.dpi - 1) > DENSITY_TOLERANCE:
        return Finding(
            "screen",
            Status.WARN,
            Sentence(
                N_("{detail}; but {diagonal} would give {dpi:.0f} px/in"),
                detail=detail,
                diagonal=diagonal,
                dpi=from_diagonal,
            ),
            Sentence(
                N_(
                    "measure the screen's diagonal and set {key} in app.yaml (or {other} if"
                    " known), so a 15 mm target is 15 mm on the glass"
                ),
                key="display.screen_diagonal_in",
                other="display.dpi",
            ),
        )
    if display.dpi <= 0 and not facts.dpi:
        return Finding(
            "screen",
            Status.OK,
            Sentence(
                N_(
                    "{detail} (the screen reports no density: check that the diagonal is this"
                    " screen's)"
                ),
                detail=detail,
            ),
        )
    return Finding("screen", Status.OK, detail)


def check_touch(facts: TouchFacts) -> Finding:
    """A touch screen: the two-handed activities need two fingers at once."""
    if facts.devices is None:
        return Finding(
            "touch",
            Status.WARN,
            Sentence(
                N_("not checked: {problem}"),
                problem=facts.problem or Sentence(N_("no display in this session")),
            ),
            Sentence(
                N_("run {command} again in the kiosk's own session"),
                command="`sensory-games doctor`",
            ),
        )
    if facts.devices == 0:
        return Finding(
            "touch",
            Status.WARN,
            Sentence(
                N_(
                    "no touch screen found (mouse only: mirror drawing cannot be played, the"
                    " other two-handed activities need the hand keys)"
                )
            ),
            Sentence(
                N_(
                    "check the touch screen's cable and driver (some report themselves only"
                    " after the first touch: touch it and run doctor again)"
                )
            ),
        )
    devices = Sentence.tr_n(
        "{count} touch device", "{count} touch devices", facts.devices, count=facts.devices
    )
    return Finding("touch", Status.OK, devices)


def check_audio(facts: AudioFacts) -> Finding:
    """A sound output: the beat, the breathing chimes and the rewards are heard."""
    if facts.problem:
        return Finding(
            "audio",
            Status.FIX,
            Sentence(
                N_("no sound output could be opened ({problem}); the games would be silent"),
                problem=facts.problem,
            ),
            Sentence(
                N_(
                    "connect speakers or headphones and choose them as the default output; on"
                    " Linux check that the kiosk user is in the audio group or has a"
                    " PipeWire/PulseAudio session"
                )
            ),
        )
    if facts.driver in ("dummy", "disk"):
        return Finding(
            "audio",
            Status.WARN,
            Sentence(
                N_("SDL's {driver} audio driver: the games are silent"), driver=repr(facts.driver)
            ),
            Sentence(
                N_("remove {name} from the kiosk's environment (systemd unit, autostart)"),
                name="SDL_AUDIODRIVER",
            ),
        )
    names = ", ".join(facts.devices) or Sentence(N_("the default output"))
    return Finding(
        "audio", Status.OK, Sentence("{driver}: {names}", driver=facts.driver, names=names)
    )


# -- the configuration ---------------------------------------------------------------------------


def check_config(
    chosen: str | Path | None,
    slugs: Iterable[str],
    read_levels: Callable[[str, Path], list[Any]],
) -> Finding:
    """The clinic's configuration folder (`chosen`: --config-dir; None: as the app finds
    it) is usable, and app.yaml, every activity's levels and every plan read and validate
    as the app would read them (`read_levels(slug, config_dir)` is the activities' own
    loader, given by the caller: services load no activity). The line says which files
    are the clinic's and that the rest are shipped."""
    try:
        config_dir = clinic_config_dir(chosen)
        load_app_config(config_dir)
        counts = {slug: len(read_levels(slug, config_dir)) for slug in slugs}
        plans = load_every_plan(config_dir, counts)
    except ConfigError as error:
        return Finding(
            "config",
            Status.FIX,
            sentence(error),
            Sentence(
                N_(
                    "correct it (docs/config.md lists every file and key and what it allows;"
                    " {command} checks again)"
                ),
                command="`sensory-games config show`",
            ),
        )
    return Finding(
        "config",
        Status.OK,
        Sentence(
            N_("{files}; checked {activities} activities ({levels} levels) and {plans}"),
            files=_whose_files(config_dir),
            activities=len(counts),
            levels=sum(counts.values()),
            plans=Sentence.tr_n("{count} plan", "{count} plans", len(plans), count=len(plans)),
        ),
    )


def _whose_files(config_dir: Path) -> str:
    """Which configuration files are the clinic's (in `config_dir`) and which shipped."""
    if is_shipped(config_dir):
        return Sentence(N_("{folder}: the shipped defaults themselves"), folder=config_dir)
    if not config_dir.is_dir():
        return Sentence(
            N_(
                "no clinic folder yet: the shipped defaults (a clinic's own files would go in"
                " {folder}: {command})"
            ),
            folder=config_dir,
            command="`sensory-games config path`",
        )
    own = ["app.yaml"] if (config_dir / "app.yaml").exists() else []
    own += [name for name, _, _ in clinic_files(config_dir)]
    if not own:
        return Sentence(N_("{folder}: no files yet, so all shipped"), folder=config_dir)
    if len(own) > MOST_FILES_NAMED:
        more = len(own) - MOST_FILES_NAMED
        own[MOST_FILES_NAMED:] = [
            Sentence(
                N_("{count} more ({command} lists them)"),
                count=more,
                command="`sensory-games config show`",
            )
        ]
    return Sentence(
        N_("{folder}: the clinic's {files}; the rest shipped"),
        folder=config_dir,
        files=Listed(own),
    )


# -- the clock --------------------------------------------------------------------------------


def local_zone(now: datetime | None = None, environ: dict[str, str] | None = None) -> ZoneFacts:
    """This device's zone: its IANA name from $TZ, /etc/timezone or the /etc/localtime link
    (Linux, macOS), else the C library's abbreviation (Windows gives a long name)."""
    now = (now or datetime.now(timezone.utc)).astimezone()
    offset = now.utcoffset() or timedelta(0)
    tz = (environ if environ is not None else os.environ).get("TZ", "").lstrip(":")
    tz = tz.partition("zoneinfo/")[2] or tz  # TZ=/usr/share/zoneinfo/Europe/Berlin
    if ("/" in tz and not tz.startswith("/")) or tz in UTC_ZONE_NAMES:
        return ZoneFacts(tz, offset)
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    if not name:
        try:
            target = os.readlink("/etc/localtime")
        except OSError:
            target = ""
        name = target.partition("zoneinfo/")[2]
    return ZoneFacts(name or now.tzname() or time.tzname[0], offset)


def check_clock(now: datetime, zone: ZoneFacts, app_dated: datetime | None) -> Finding:
    """The clock is not before the app's own files were written (a device with no network
    time and no battery clock starts in 1970 or at its last shutdown) and the time zone is
    not UTC by default: every attempt is stored in UTC and shown in local time.

    The configuration names no zone for the clinic, so a zone of UTC is a warning only: it
    is right for a clinic in UTC, and wrong for any other."""
    hours = zone.utc_offset.total_seconds() / 3600
    detail = Sentence(
        N_("{now}, zone {zone} (UTC{hours:+g})"),
        now=f"{now.astimezone():%Y-%m-%d %H:%M}",
        zone=zone.name,
        hours=hours,
    )
    if app_dated is not None and now < app_dated:
        return Finding(
            "clock",
            Status.FIX,
            Sentence(
                N_(
                    "{detail}: earlier than this app's own files ({dated} UTC), so the clock is"
                    " wrong and attempts would be dated wrongly"
                ),
                detail=detail,
                dated=f"{app_dated:%Y-%m-%d %H:%M}",
            ),
            Sentence(
                N_(
                    "set the date and turn on network time (Linux: {command}; Windows: Settings >"
                    " Time & language > Set time automatically); a Raspberry Pi has no battery"
                    " clock: give it network or an RTC module"
                ),
                command="`sudo timedatectl set-ntp true`",
            ),
        )
    if zone.name in UTC_ZONE_NAMES:
        return Finding(
            "clock",
            Status.WARN,
            Sentence(
                N_(
                    "{detail}: the zone is UTC; attempts are stored in UTC either way, but the"
                    " progress reports print this device's local time"
                ),
                detail=detail,
            ),
            Sentence(
                N_(
                    "if the clinic is not in UTC, set its zone (Linux: {command}; Windows:"
                    " Settings > Time & language)"
                ),
                command="`sudo timedatectl set-timezone Europe/Berlin`",
            ),
        )
    return Finding("clock", Status.OK, detail)


def app_files_date(package: Path | None = None) -> datetime | None:
    """When this copy of the app was written to the disk (UTC): the newest modification
    time of the package's own files (.py, or the compiled .pyc of a standalone build, and
    its shipped configuration): install, unpack or checkout time; None if unreadable."""
    package = package or Path(__file__).resolve().parents[1]
    try:
        newest = max(
            path.stat().st_mtime
            for pattern in ("*.py", "*.pyc", "*.yaml")
            for path in package.rglob(pattern)
        )
    except (OSError, ValueError):
        return None
    return datetime.fromtimestamp(newest, timezone.utc)
