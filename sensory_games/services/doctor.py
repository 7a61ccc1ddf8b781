"""`sensory-games doctor`: is this device ready for a clinic, and if not, what to fix.

Each check is one function that judges facts it is given and returns one :class:`Finding`
(OK, WARN or FIX, what was found, and for WARN/FIX what to do in words a clinic's IT
person can act on). The facts that need pygame (the screen, touch, audio) are gathered by
``sensory_games.cli.device_probe`` and passed in as plain values, so everything here runs
and is tested without a screen; the facts that need only the file system and the clock
(the data folder, its free space, the PIN file, the clinic secret, the configuration, the
time zone) are read here, each through one argument a test can replace.

Nothing here changes the device: the data folder's write test removes its own file, a
damaged PIN file is reported and left where it is, and no clinic secret is made.
"""

from __future__ import annotations

import enum
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.config import ConfigError, DisplayConfig, load_app_config
from sensory_games.domain.config_folders import clinic_config_dir, clinic_files, is_shipped
from sensory_games.domain.pin import is_pin_hash
from sensory_games.domain.pseudonyms import SECRET_BYTES, SECRET_NAME
from sensory_games.services.plans import load_every_plan
from sensory_games.storage.pin_store import PIN_FILE_NAME, DamagedPinFile, from_text

#: Free space in the data folder below which a warning is given (bytes): a year of a busy
#: kiosk's attempts with samples is a few hundred MB, exports and backups come on top.
LOW_SPACE_BYTES = 500 * 1024 * 1024
#: Below this the log may soon refuse attempts (bytes): the device must be cleared.
TOO_LITTLE_SPACE_BYTES = 50 * 1024 * 1024
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
MB = 1024 * 1024
#: The config line names at most this many of the clinic's own files (it stays one line).
MOST_FILES_NAMED = 6


class Status(enum.Enum):
    """How a check came out; FIX makes the command's exit status 1."""

    OK = "OK"
    WARN = "WARN"
    FIX = "FIX"


@dataclass(frozen=True)
class Finding:
    """One check's answer: `detail` says what was found, `action` what to do about it
    (empty when the status is OK)."""

    check: str
    status: Status
    detail: str
    action: str = ""


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


def worst(findings: Iterable[Finding]) -> Status:
    """FIX if any finding is FIX, else WARN if any is WARN, else OK."""
    statuses = {finding.status for finding in findings}
    for status in (Status.FIX, Status.WARN):
        if status in statuses:
            return status
    return Status.OK


# -- the screen, touch and sound (facts from ui.device_probe) --------------------------------


def check_screen(facts: DisplayFacts, display: DisplayConfig) -> Finding:
    """The screen's size and the density layouts in millimetres are drawn at: the configured
    `display.dpi`, else the screen's own report, else the configured diagonal."""
    if facts.size_px is None:
        return Finding(
            "screen",
            Status.WARN,
            f"no display in this session ({facts.problem or facts.driver}), so the screen "
            "was not checked",
            "run `sensory-games doctor` again in the kiosk's own session (on its screen)",
        )
    width, height = facts.size_px
    from_diagonal = math.hypot(width, height) / display.screen_diagonal_in
    if display.dpi > 0:
        dpi, source = display.dpi, "display.dpi in app.yaml"
    elif facts.dpi:
        dpi, source = facts.dpi, "the screen's own report"
    else:
        dpi, source = from_diagonal, f"display.screen_diagonal_in = {display.screen_diagonal_in} in"
    width_mm, height_mm = width / dpi * 25.4, height / dpi * 25.4
    detail = (
        f"{width}x{height} px ({facts.driver}), {dpi:.0f} px/in from {source}: "
        f"{width_mm:.0f} x {height_mm:.0f} mm"
    )
    smallest = SMALLEST_SCREEN_PX
    if max(width, height) < smallest[0] or min(width, height) < smallest[1]:
        return Finding(
            "screen",
            Status.WARN,
            f"{detail}; smaller than {smallest[0]}x{smallest[1]}, the smallest size the "
            "layouts are checked at",
            "use the screen's full resolution (display settings), or a larger screen",
        )
    if display.dpi <= 0 and facts.dpi and abs(from_diagonal / facts.dpi - 1) > DENSITY_TOLERANCE:
        return Finding(
            "screen",
            Status.WARN,
            f"{detail}; but display.screen_diagonal_in = {display.screen_diagonal_in} in "
            f"would give {from_diagonal:.0f} px/in",
            "measure the screen's diagonal and set display.screen_diagonal_in in app.yaml "
            "(or display.dpi if known), so a 15 mm target is 15 mm on the glass",
        )
    if display.dpi <= 0 and not facts.dpi:
        return Finding(
            "screen",
            Status.OK,
            f"{detail} (the screen reports no density: check that the diagonal is this screen's)",
        )
    return Finding("screen", Status.OK, detail)


def check_touch(facts: TouchFacts) -> Finding:
    """A touch screen: the two-handed activities need two fingers at once."""
    if facts.devices is None:
        return Finding(
            "touch",
            Status.WARN,
            f"not checked: {facts.problem or 'no display in this session'}",
            "run `sensory-games doctor` again in the kiosk's own session",
        )
    if facts.devices == 0:
        return Finding(
            "touch",
            Status.WARN,
            "no touch screen found (mouse only: mirror drawing cannot be played, the other "
            "two-handed activities need the hand keys)",
            "check the touch screen's cable and driver (some report themselves only after "
            "the first touch: touch it and run doctor again)",
        )
    plural = "s" if facts.devices > 1 else ""
    return Finding("touch", Status.OK, f"{facts.devices} touch device{plural}")


def check_audio(facts: AudioFacts) -> Finding:
    """A sound output: the beat, the breathing chimes and the rewards are heard."""
    if facts.problem:
        return Finding(
            "audio",
            Status.FIX,
            f"no sound output could be opened ({facts.problem}); the games would be silent",
            "connect speakers or headphones and choose them as the default output; on Linux "
            "check that the kiosk user is in the audio group or has a PipeWire/PulseAudio "
            "session",
        )
    if facts.driver in ("dummy", "disk"):
        return Finding(
            "audio",
            Status.WARN,
            f"SDL's {facts.driver!r} audio driver: the games are silent",
            "remove SDL_AUDIODRIVER from the kiosk's environment (systemd unit, autostart)",
        )
    names = ", ".join(facts.devices) or "the default output"
    return Finding("audio", Status.OK, f"{facts.driver}: {names}")


# -- the data folder ---------------------------------------------------------------------------

DiskUsage = Callable[[Path], int]


def free_bytes(folder: Path) -> int:
    """Bytes free for this user on the disk holding `folder` (shutil.disk_usage)."""
    return shutil.disk_usage(folder).free


def check_data_folder(folder: Path, free: DiskUsage = free_bytes) -> Finding:
    """The attempt log's folder exists (or can be made), takes a new file, and has room.

    `free`: bytes free on the disk holding a folder (a test passes a figure)."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        where = f"{existing} is a file" + ("" if existing == folder else f", so {folder}")
        return Finding(
            "data folder",
            Status.FIX,
            f"{where}, not a folder: the attempt log cannot be kept there",
            "move that file away, or choose another folder with --data-dir / "
            "SENSORY_GAMES_DATA (or storage.data_dir in app.yaml)",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".doctor-"):
            pass
    except OSError as error:
        return Finding(
            "data folder",
            Status.FIX,
            f"{existing} cannot be written ({error.strerror or error})",
            "give the kiosk account write rights there (Linux: chown it to the kiosk user; "
            "Windows: Modify rights), or choose another folder with --data-dir / "
            "SENSORY_GAMES_DATA; run doctor as the kiosk account",
        )
    space = free(existing)
    where = f"{folder}" if existing == folder else f"{folder} (not made yet; {existing} is)"
    detail = f"{where}, writable, {space / MB:,.0f} MB free"
    if space < TOO_LITTLE_SPACE_BYTES:
        return Finding(
            "data folder",
            Status.FIX,
            f"{detail}: under {TOO_LITTLE_SPACE_BYTES // MB} MB, attempts may soon not be saved",
            "free space on that disk (old exports, downloads) or move the data folder",
        )
    if space < LOW_SPACE_BYTES:
        return Finding(
            "data folder",
            Status.WARN,
            f"{detail}: under {LOW_SPACE_BYTES // MB} MB",
            "free space on that disk before it fills (old exports, backups kept on the device)",
        )
    if existing != folder:
        return Finding(
            "data folder",
            Status.WARN,
            detail,
            "it is made at the first start; make it now by setting the PIN "
            "(`sensory-games pin set`)",
        )
    return Finding("data folder", Status.OK, detail)


def check_pin(data_dir: Path) -> Finding:
    """The adults' PIN is set: without one the first hold of the corner chooses it, and a
    child could be the one holding. Read only: a damaged file is reported, not moved."""
    path = data_dir / PIN_FILE_NAME
    set_pin = "set one before the device goes out: `sensory-games pin set` (as the kiosk account)"
    try:
        pin = from_text(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return Finding("PIN", Status.FIX, f"no adults' PIN is set ({path} is missing)", set_pin)
    except (UnicodeDecodeError, DamagedPinFile) as error:
        return Finding(
            "PIN",
            Status.FIX,
            f"{path} is damaged ({error}); the app will move it aside and ask for a new PIN",
            set_pin,
        )
    except OSError as error:
        return Finding(
            "PIN",
            Status.FIX,
            f"{path} cannot be read ({error.strerror or error})",
            "give the kiosk account read and write rights on it (owner only), then check "
            "with `sensory-games pin status`",
        )
    if pin.pin_hash is None or not is_pin_hash(pin.pin_hash):
        return Finding("PIN", Status.FIX, "no adults' PIN is set", set_pin)
    return Finding("PIN", Status.OK, f"set ({path})")


def check_clinic_secret(data_dir: Path) -> Finding:
    """The clinic secret pseudonymised exports are coded with (domain.pseudonyms): present
    and well formed. Read only: a missing one is not made here."""
    path = data_dir / SECRET_NAME
    share = (
        "if other devices in this clinic already have one, copy theirs here (the same "
        "secret gives a child the same code on every device); otherwise it is made at the "
        "first pseudonymised export: then back it up"
    )
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return Finding("clinic secret", Status.WARN, f"none yet ({path})", share)
    except OSError as error:
        return Finding(
            "clinic secret",
            Status.FIX,
            f"{path} cannot be read ({error.strerror or error})",
            "give the kiosk account read rights on it (owner only)",
        )
    try:
        well_formed = len(bytes.fromhex(text)) == SECRET_BYTES
    except ValueError:
        well_formed = False
    if not well_formed:
        return Finding(
            "clinic secret",
            Status.FIX,
            f"{path} is not a clinic secret ({SECRET_BYTES * 2} hex digits)",
            "restore it from a backup (or move it away to make a new one: earlier "
            "pseudonymised exports' codes will then no longer match)",
        )
    return Finding("clinic secret", Status.OK, f"present ({path})")


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
            str(error),
            "correct it (docs/config.md lists every file and key and what it allows; "
            "`sensory-games config show` checks again)",
        )
    levels, plural = sum(counts.values()), "" if len(plans) == 1 else "s"
    return Finding(
        "config",
        Status.OK,
        f"{_whose_files(config_dir)}; checked {len(counts)} activities ({levels} levels) "
        f"and {len(plans)} plan{plural}",
    )


def _whose_files(config_dir: Path) -> str:
    """Which configuration files are the clinic's (in `config_dir`) and which shipped."""
    if is_shipped(config_dir):
        return f"{config_dir}: the shipped defaults themselves"
    if not config_dir.is_dir():
        return (
            f"no clinic folder yet: the shipped defaults (a clinic's own files would go in "
            f"{config_dir}: `sensory-games config path`)"
        )
    own = ["app.yaml"] if (config_dir / "app.yaml").exists() else []
    own += [name for name, _, _ in clinic_files(config_dir)]
    if not own:
        return f"{config_dir}: no files yet, so all shipped"
    if len(own) > MOST_FILES_NAMED:
        more = len(own) - MOST_FILES_NAMED
        own[MOST_FILES_NAMED:] = [f"{more} more (`sensory-games config show` lists them)"]
    return f"{config_dir}: the clinic's {', '.join(own)}; the rest shipped"


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
    detail = f"{now.astimezone():%Y-%m-%d %H:%M}, zone {zone.name} (UTC{hours:+g})"
    if app_dated is not None and now < app_dated:
        return Finding(
            "clock",
            Status.FIX,
            f"{detail}: earlier than this app's own files ({app_dated:%Y-%m-%d %H:%M} UTC), "
            "so the clock is wrong and attempts would be dated wrongly",
            "set the date and turn on network time (Linux: `sudo timedatectl set-ntp true`; "
            "Windows: Settings > Time & language > Set time automatically); a Raspberry Pi "
            "has no battery clock: give it network or an RTC module",
        )
    if zone.name in UTC_ZONE_NAMES:
        return Finding(
            "clock",
            Status.WARN,
            f"{detail}: the zone is UTC; attempts are stored in UTC either way, but the "
            "progress reports print this device's local time",
            "if the clinic is not in UTC, set its zone (Linux: `sudo timedatectl "
            "set-timezone Europe/Berlin`; Windows: Settings > Time & language)",
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
