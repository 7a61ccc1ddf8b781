"""The log's records as they travel: one definition of each kind and one set of checks.

Attempts, check-ins, sessions, level changes, profiles and audit entries leave a device
as the JSON export's records (docs/export.md) and come back through `merge`, `recover`
(the fallback file of attempts the log could not take) and profile bundles. Whatever
comes in is checked here, the same way wherever it comes from, before anything is
written: real calendar times in UTC, plain ids, finite numbers in their ranges, levels
that exist on this device, short plain texts, the shape of the sensory settings and of
the target every reader draws. So a value the app's own commands would refuse can never
enter the log through a file, and every record that enters can be read by every export,
report and screen.

A failed check raises :class:`RecordError` naming the value's place in the file
(`profiles[0].sessions[2].attempts[5].level`), the value and what is allowed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeGuard

from sensory_games.domain.aliases import normalise_alias
from sensory_games.domain.check_in import MOMENTS, MOST_POINTS, SCALES
from sensory_games.domain.intensity import CHANNEL_SCHEMA, CHANNELS, PRESETS
from sensory_games.domain.outcome import ABORT_REASONS
from sensory_games.domain.profile import HANDS, POINTERS, PROFILE_SCHEMA
from sensory_games.domain.schema import SchemaError, show_value

#: UTC times exactly as the app writes them (clock.utc_iso: milliseconds and Z), so that
#: they compare as text: 2026-11-28T09:30:05.123Z.
UTC_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{3}Z", re.ASCII)
#: The years a record's time may fall in (a clock far off is a broken clock).
YEARS = (2000, 2100)
#: Slugs, units and other short plain words.
WORD = re.compile(r"[\w.:+\-]{1,100}", re.ASCII)
#: Ids: letters, digits, - . : _ starting with a letter or digit (UUIDs here), so an id
#: is a plain CSV cell that no spreadsheet reads as a formula.
ID = re.compile(r"[0-9A-Za-z][\w.:\-]{0,99}", re.ASCII)
#: The longest reason stored with a level change, and the longest audit detail.
MAX_REASON = 500
MAX_AUDIT_DETAIL = 2000
#: The longest text inside an attempt's parameters or target (a glyph name, a shape).
MAX_VALUE_TEXT = 1000
#: How deep an attempt's parameters or target may nest, and how many values they hold.
MAX_DEPTH = 12
MAX_VALUES = 200_000
#: Millimetres a pointer sample may lie from the screen's corner (a 4K 100-inch wall is
#: about 2,200 mm wide); samples are stored as 32-bit floats.
MAX_SAMPLE_MM = 100_000.0
#: The highest level any activity may have (a level file's count is checked too).
LARGEST_LEVEL = 1000
MISSING = "is missing"
UTC_EXAMPLE = "must be a UTC time like 2026-11-28T09:30:05.123Z"

Check = Callable[[Any], bool]


class RecordError(ValueError):
    """A value that may not be stored: where, what, what is allowed."""

    def __init__(self, where: str, value: Any, allowed: str) -> None:
        self.where = where
        self.value = value
        self.allowed = allowed
        super().__init__(
            f"{where}: {allowed}" if allowed == MISSING else f"{where} = {_shown(value)}: {allowed}"
        )


def _shown(value: Any) -> str:
    try:
        return show_value(value)
    except (ValueError, RecursionError):  # a 5,000-digit number, a very deep list
        return f"<{type(value).__name__}>"


# -- single values -----------------------------------------------------------------------


def number(low: float = -math.inf, high: float = math.inf) -> Check:
    """A finite int or float (not a bool) in low..high."""
    return lambda v: (
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and low <= v <= high
    )


def whole(low: int, high: int) -> Check:
    """An int (not a bool) in low..high."""
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def optional(check: Check) -> Check:
    return lambda v: v is None or check(v)


def one_of(choices: Iterable[Any]) -> Check:
    allowed = tuple(choices)
    return lambda v: any(v is c or (type(v) is type(c) and v == c) for c in allowed)


def is_word(v: Any) -> bool:
    return isinstance(v, str) and WORD.fullmatch(v) is not None


def is_id(v: Any) -> TypeGuard[str]:
    """An id: see ID."""
    return isinstance(v, str) and ID.fullmatch(v) is not None


def is_utc_time(v: Any) -> TypeGuard[str]:
    """A UTC time as the app writes it, on a real calendar day, in YEARS."""
    if not isinstance(v, str):
        return False
    match = UTC_TIME.fullmatch(v)
    if match is None or not YEARS[0] <= int(match.group(1)) <= YEARS[1]:
        return False
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:  # 2026-13-45, 25:00, February 30th
        return False
    return True


def plain_text(limit: int) -> Check:
    """One line of ordinary text: no control, format or bidi characters, at most `limit`
    characters (a reason typed by an adult, an audit detail)."""
    return lambda v: (
        isinstance(v, str)
        and len(v) <= limit
        and not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in v)
    )


def one_line(text: str, limit: int) -> str:
    """`text` as one line of plain text of at most `limit` characters: control, format
    and bidi characters become spaces, and a longer text is cut with an ellipsis (for
    texts the app writes itself, such as audit details with file names in them)."""
    flat = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") else c for c in text
    )
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def json_tree(limit_text: int = MAX_VALUE_TEXT) -> Check:
    """A mapping of plain JSON values: finite numbers, short texts, at most MAX_DEPTH deep
    and MAX_VALUES values (an attempt's parameters, a target)."""

    def check(v: Any) -> bool:
        if not isinstance(v, Mapping):
            return False
        count = 0
        stack: list[tuple[Any, int]] = [(v, 0)]
        while stack:
            value, depth = stack.pop()
            count += 1
            if count > MAX_VALUES or depth > MAX_DEPTH:
                return False
            if isinstance(value, Mapping):
                if not all(isinstance(k, str) and len(k) <= 100 for k in value):
                    return False
                stack.extend((item, depth + 1) for item in value.values())
            elif isinstance(value, list):
                for item in value:  # (numbers, most of a target's values, are checked here)
                    if type(item) is float or type(item) is int:
                        count += 1
                        if count > MAX_VALUES or depth + 1 > MAX_DEPTH or not math.isfinite(item):
                            return False
                    else:
                        stack.append((item, depth + 1))
            elif isinstance(value, str):
                if len(value) > limit_text:
                    return False
            elif not (isinstance(value, bool | None) or FINITE(value)):
                return False
        return True

    return check


# -- the record kinds ---------------------------------------------------------------------

#: A record's fields: name -> (check, what is allowed).
Fields = dict[str, tuple[Check, str]]
FEELING = optional(whole(1, MOST_POINTS))
FEELING_ALLOWED = f"must be a feeling 1..{MOST_POINTS} or null"

PROFILE: Fields = {
    "profile_id": (is_id, "must be the profile's id"),
    "device_id": (is_id, "must be a device id"),
    "archived": (one_of((True, False)), "must be true or false"),
    "created_at": (is_utc_time, UTC_EXAMPLE),
}
SESSION: Fields = {
    "session_id": (is_id, "must be a session id"),
    "device_id": (is_id, "must be a device id"),
    "started_at": (is_utc_time, UTC_EXAMPLE),
    "ended_at": (optional(is_utc_time), "must be a UTC time or null"),
}
ATTEMPT: Fields = {
    "attempt_id": (is_id, "must be an attempt id"),
    "device_id": (is_id, "must be a device id"),
    "activity": (is_word, "must be an activity's name"),
    "variant": (is_word, "must be a variant's name"),
    "level": (whole(1, LARGEST_LEVEL), f"must be a level 1..{LARGEST_LEVEL}"),
    "parameters": (json_tree(), "must be a mapping of plain values"),
    "intensity": (lambda v: isinstance(v, Mapping), "must be a mapping of the sensory channels"),
    "started_at": (is_utc_time, UTC_EXAMPLE),
    "duration_s": (number(0.0), "must be seconds (0 or more)"),
    "completion_time_s": (optional(number(0.0)), "must be seconds (0 or more) or null"),
    "accuracy": (optional(number(0.0, 1.0)), "must be a number 0..1 or null"),
    "completed": (one_of((True, False)), "must be true or false"),
    "abort_reason": (
        optional(one_of(ABORT_REASONS)),
        "must be null or one of " + ", ".join(ABORT_REASONS),
    ),
    "metrics": (lambda v: isinstance(v, Mapping), "must be a mapping of name: value and unit"),
    "px_per_mm": (optional(number(0.01, 1000.0)), "must be pixels per mm (0.01..1000) or null"),
    "origin": (one_of(("child", "autoplay")), "must be child or autoplay"),
    "dominant_hand": (one_of(HANDS), "must be left, right, both or unknown"),
    "pointer": (one_of((*POINTERS, "unknown")), "must be finger, stylus or unknown"),
    "feeling_before": (FEELING, FEELING_ALLOWED),
    "feeling_after": (FEELING, FEELING_ALLOWED),
}
METRIC: Fields = {
    "value": (number(), "must be a finite number"),
    "unit": (plain_text(40), "must be a unit like s, mm or count"),
}
SAMPLE_PHASES = ("down", "move", "up", "cancel")
SAMPLE_SOURCES = ("touch", "mouse", "key")
SAMPLE: Fields = {
    "t_s": (number(-1e6, 1e6), "must be seconds from the attempt's start"),
    "pointer_id": (whole(-(2**31), 2**31 - 1), "must be a contact id"),
    "phase": (one_of(SAMPLE_PHASES), "must be one of " + ", ".join(SAMPLE_PHASES)),
    "source": (one_of(SAMPLE_SOURCES), "must be one of " + ", ".join(SAMPLE_SOURCES)),
    "hand": (one_of((None, "left", "right")), "must be left, right or null"),
    "x_mm": (number(-MAX_SAMPLE_MM, MAX_SAMPLE_MM), "must be millimetres on the screen"),
    "y_mm": (number(-MAX_SAMPLE_MM, MAX_SAMPLE_MM), "must be millimetres on the screen"),
}
CHECK_IN: Fields = {
    "check_in_id": (is_id, "must be a check-in id"),
    "device_id": (is_id, "must be a device id"),
    "attempt_id": (optional(is_id), "must be an attempt id or null"),
    "moment": (one_of(MOMENTS), "must be one of " + ", ".join(MOMENTS)),
    "scale": (one_of(tuple(SCALES)), "must be one of " + ", ".join(SCALES)),
    "feeling": (FEELING, FEELING_ALLOWED),
    "asked_at": (is_utc_time, UTC_EXAMPLE),
    "answer_s": (optional(number(0.0, 86_400.0)), "must be seconds (0 or more) or null"),
}
REASON_ALLOWED = f"must be one line of plain text, at most {MAX_REASON} characters"
LEVEL_CHANGE: Fields = {
    "level_change_id": (is_id, "must be a level change id"),
    "device_id": (is_id, "must be a device id"),
    "activity": (is_word, "must be an activity's name"),
    "from_level": (optional(whole(1, LARGEST_LEVEL)), "must be a level or null"),
    "to_level": (whole(1, LARGEST_LEVEL), f"must be a level 1..{LARGEST_LEVEL}"),
    "reason": (plain_text(MAX_REASON), REASON_ALLOWED),
    "changed_at": (is_utc_time, UTC_EXAMPLE),
}
AUDIT_ENTRY: Fields = {
    "audit_id": (is_id, "must be an audit entry id"),
    "device_id": (is_id, "must be a device id"),
    "at": (is_utc_time, UTC_EXAMPLE),
    "action": (plain_text(100), "must be a short action like 'levels set'"),
    "profile_id": (optional(is_id), "must be a profile id or null"),
    "detail": (
        plain_text(MAX_AUDIT_DETAIL),
        f"must be one line of plain text, at most {MAX_AUDIT_DETAIL} characters",
    ),
}
INTENSITY_CHANGE: Fields = {
    "t_s": (number(0.0, 86_400.0), "must be seconds from the attempt's start"),
    "preset": (one_of((*PRESETS, "custom")), "must be a preset name or custom"),
}


def check_record(where: str, record: Any, fields: Fields) -> None:
    """Raise RecordError at the first field of `record` that is missing or not allowed."""
    if not isinstance(record, Mapping):
        raise RecordError(where, record, "must be a mapping")
    for key, (check, allowed) in fields.items():
        if key not in record:
            raise RecordError(f"{where}.{key}", None, MISSING)
        if not check(record[key]):
            raise RecordError(f"{where}.{key}", record[key], allowed)


def check_own_record(kind: str, record: Mapping[str, Any], fields: Fields) -> None:
    """A record the app itself is about to store, checked as a merged one would be:
    SchemaError (the field, its value, what is allowed) at the first field refused."""
    try:
        check_record(kind, record, fields)
    except RecordError as error:
        raise SchemaError(error.where.removeprefix(f"{kind}."), error.value,
                          error.allowed) from None  # fmt: skip


def checked_list(where: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise RecordError(where, value, "must be a list")
    return value


def _channels(where: str, value: Mapping[str, Any]) -> None:
    """The five sensory channels, each 0..1."""
    if all(type(v) is float and 0.0 <= v <= 1.0 for v in map(value.get, CHANNELS)):
        return  # (what the app saves: a therapist's drag saves a change a frame, hundreds)
    try:
        CHANNEL_SCHEMA.validate({name: value.get(name) for name in CHANNELS}, fill_defaults=False)
    except SchemaError as error:
        raise RecordError(f"{where}.{error.key}" if error.key else where, error.value,
                          error.allowed) from None  # fmt: skip


def check_intensity(where: str, intensity: Any) -> None:
    """An attempt's sensory settings: the preset and the five channels at its start, and
    the changes an adult made during it (each with its time, preset and channels)."""
    if not isinstance(intensity, Mapping):
        raise RecordError(where, intensity, "must be a mapping of the sensory channels")
    known = {"preset", *CHANNELS, "changes"}
    for key in intensity:
        if key not in known:
            raise RecordError(f"{where}.{key}", intensity[key], "is not a sensory setting")
    if not one_of((*PRESETS, "custom"))(intensity.get("preset")):
        raise RecordError(f"{where}.preset", intensity.get("preset"), "must be a preset or custom")
    _channels(where, intensity)
    if "changes" in intensity:
        changes = checked_list(f"{where}.changes", intensity["changes"])
        for index, change in enumerate(changes):
            here = f"{where}.changes[{index}]"
            check_record(here, change, INTENSITY_CHANGE)
            _channels(here, change)


FINITE, PATH_MM = number(), number(-MAX_SAMPLE_MM, MAX_SAMPLE_MM)  # (made once)


def _path(v: Any) -> bool:
    """A path as targets hold it: a list of [x, y] points in mm (thousands a save)."""
    return isinstance(v, list) and all(
        isinstance(p, list) and len(p) == 2 and PATH_MM(p[0]) and PATH_MM(p[1]) for p in v
    )


#: What readers (reports, the console's replay) take from a target's items.
TARGET_ITEM: dict[str, tuple[Check, str]] = {
    "shown_at_s": (number(0.0, 86_400.0), "must be seconds from the attempt's start"),
    "strokes": (lambda v: isinstance(v, list) and all(_path(p) for p in v), "must be paths"),
    "left": (lambda v: isinstance(v, list) and all(_path(p) for p in v), "must be paths"),
    "right": (lambda v: isinstance(v, list) and all(_path(p) for p in v), "must be paths"),
    "shape": (plain_text(100), "must be a shape's name"),
}


def check_target(where: str, target: Any) -> None:
    """What the child was asked to do: plain values, a `kind`, and items whose paths are
    lists of [x, y] points in mm (what the report and the console draw)."""
    if target is None:
        return
    if not json_tree()(target):
        raise RecordError(where, target, "must be a mapping of plain values or null")
    if not is_word(target.get("kind")):
        raise RecordError(f"{where}.kind", target.get("kind"), "must be the target's kind")
    if "tolerance_mm" in target and not number(0.01, 1000.0)(target["tolerance_mm"]):
        raise RecordError(f"{where}.tolerance_mm", target["tolerance_mm"], "must be millimetres")
    if "items" not in target:
        return
    for index, item in enumerate(checked_list(f"{where}.items", target["items"])):
        if not isinstance(item, Mapping):
            raise RecordError(f"{where}.items[{index}]", item, "must be a mapping")
        for key, (check, allowed) in TARGET_ITEM.items():
            if key in item and not check(item[key]):
                raise RecordError(f"{where}.items[{index}].{key}", item[key], allowed)


def check_attempt(where: str, attempt: Any, level_counts: Mapping[str, int] | None) -> None:
    """One attempt as exported, with its metrics, intensity, target and samples."""
    check_record(where, attempt, ATTEMPT)
    check_level(f"{where}.level", attempt["activity"], attempt["level"], level_counts)
    if attempt["completed"] == (attempt["abort_reason"] is not None):
        raise RecordError(
            f"{where}.abort_reason",
            attempt["abort_reason"],
            "must be null for a completed attempt and a reason for an aborted one",
        )
    check_intensity(f"{where}.intensity", attempt["intensity"])
    tolerance = attempt["parameters"].get("tolerance_mm")
    if tolerance is not None and not number(0.01, 1000.0)(tolerance):
        raise RecordError(f"{where}.parameters.tolerance_mm", tolerance, "must be millimetres")
    for name, metric in attempt["metrics"].items():
        if not is_word(name):
            raise RecordError(f"{where}.metrics", name, "a metric's name must be a plain word")
        check_record(f"{where}.metrics.{name}", metric, METRIC)
    if "samples" in attempt:
        for index, sample in enumerate(checked_list(f"{where}.samples", attempt["samples"])):
            check_record(f"{where}.samples[{index}]", sample, SAMPLE)
    check_target(f"{where}.target", attempt.get("target"))


def check_level(
    where: str, activity: str, level: int, level_counts: Mapping[str, int] | None
) -> None:
    """`level` of `activity` must exist on this device (`level_counts`: each activity's
    number of levels here; None: only the general bound is checked)."""
    if level_counts is None:
        return
    if activity not in level_counts:
        raise RecordError(
            where.rsplit(".", 1)[0] + ".activity",
            activity,
            "is not an activity on this device; known: " + ", ".join(level_counts),
        )
    if not 1 <= level <= level_counts[activity]:
        raise RecordError(where, level, f"{activity} has levels 1..{level_counts[activity]}")


def check_level_change(where: str, change: Any, level_counts: Mapping[str, int] | None) -> None:
    check_record(where, change, LEVEL_CHANGE)
    check_level(f"{where}.to_level", change["activity"], change["to_level"], level_counts)


def check_profile_settings(where: str, profile: Mapping[str, Any], alias_key: str) -> None:
    """Alias, avatar, age band, hand and senses as a profile may hold them (`alias_key`:
    the field that holds the alias: `profile` in an export, `alias` in a bundle)."""
    alias = profile.get(alias_key)
    if not isinstance(alias, str):
        raise RecordError(f"{where}.{alias_key}", alias, "must be the child's alias")
    try:
        normalise_alias(alias, alias_key)
        settings = {k: profile.get(k) for k in PROFILE_SCHEMA.names() if k != "alias"}
        PROFILE_SCHEMA.validate({"alias": alias, **settings}, fill_defaults=False)
    except SchemaError as error:
        key = alias_key if error.key == "alias" else error.key
        raise RecordError(f"{where}.{key}", error.value, error.allowed) from None
    try:
        CHANNEL_SCHEMA.validate(profile.get("intensity"), fill_defaults=False)
    except SchemaError as error:
        key = f"{where}.intensity" + (f".{error.key}" if error.key else "")
        raise RecordError(key, error.value, error.allowed) from None


def check_feeling_on_scale(where: str, check_in: Mapping[str, Any]) -> None:
    """A check-in's feeling is a point of its own scale (a 4 is on the zones scale, not on
    the three faces)."""
    scale, feeling = SCALES[check_in["scale"]], check_in["feeling"]
    if feeling is not None and feeling > len(scale.points):
        raise RecordError(
            f"{where}.feeling", feeling, f"must be 1..{len(scale.points)} on the {scale.name} scale"
        )


def check_document(
    document: Mapping[str, Any], level_counts: Mapping[str, int] | None = None
) -> None:
    """Raise RecordError at the first value of a JSON export (or fallback file) that may
    not be stored; `level_counts`: this device's activities and their number of levels."""
    seen: dict[tuple[str, str], str] = {}  # (kind, id) -> where it was first

    def once(kind: str, key: str, where: str) -> None:
        first = seen.setdefault((kind, key), where)
        if first != where:
            raise RecordError(where, key, f"is the id of another {kind} too ({first})")

    for p, profile in enumerate(checked_list("profiles", document.get("profiles"))):
        where = f"profiles[{p}]"
        check_record(where, profile, PROFILE)
        once("profile", profile["profile_id"], f"{where}.profile_id")
        check_profile_settings(where, profile, "profile")
        changes = checked_list(f"{where}.level_changes", profile.get("level_changes"))
        for c, change in enumerate(changes):
            check_level_change(f"{where}.level_changes[{c}]", change, level_counts)
            once("level change", change["level_change_id"], f"{where}.level_changes[{c}]")
        for s, session in enumerate(checked_list(f"{where}.sessions", profile.get("sessions"))):
            here = f"{where}.sessions[{s}]"
            check_record(here, session, SESSION)
            once("session", session["session_id"], f"{here}.session_id")
            attempts = checked_list(f"{here}.attempts", session.get("attempts"))
            for a, attempt in enumerate(attempts):
                check_attempt(f"{here}.attempts[{a}]", attempt, level_counts)
                once("attempt", attempt["attempt_id"], f"{here}.attempts[{a}].attempt_id")
            own = {attempt["attempt_id"] for attempt in attempts}
            check_ins = checked_list(f"{here}.check_ins", session.get("check_ins"))
            for c, check_in in enumerate(check_ins):
                place = f"{here}.check_ins[{c}]"
                check_record(place, check_in, CHECK_IN)
                check_feeling_on_scale(place, check_in)
                once("check-in", check_in["check_in_id"], f"{place}.check_in_id")
                linked = check_in["attempt_id"]
                if linked is not None and ("attempt", linked) in seen and linked not in own:
                    raise RecordError(
                        f"{place}.attempt_id", linked, "is an attempt of another session"
                    )
