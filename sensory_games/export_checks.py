"""What every record of a JSON export must hold before `merge` writes it anywhere.

A merged record is stored as it came and then read by every export and report, so a
value of the wrong kind (a word where a number belongs, a time that is not a time, an
alias with control characters) would break them for good. `check_document` names the
first bad value by its place in the file and what is allowed, and nothing is merged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from sensory_games.check_in import FEELINGS, MOMENTS
from sensory_games.intensity import CHANNEL_SCHEMA
from sensory_games.profile import PROFILE_SCHEMA
from sensory_games.schema import SchemaError, show_value
from sensory_games.storage.repository import checked_alias
from sensory_games.storage.samples import HANDS, PHASES, SOURCES

#: UTC times as the app writes them: 2026-11-28T09:30:05.123Z.
UTC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")
#: Slugs, units and other short plain words.
WORD = re.compile(r"[\w.:+\-]{1,100}")
#: Ids (see _id).
ID = re.compile(r"[0-9A-Za-z][\w.:\-]{0,99}")
LARGEST_LEVEL = 1000
MISSING = "is missing"

Check = Callable[[Any], bool]


class RecordError(ValueError):
    """A value in an export that may not be merged: where, what, what is allowed."""

    def __init__(self, where: str, value: Any, allowed: str) -> None:
        super().__init__(
            f"{where}: {allowed}"
            if allowed == MISSING
            else f"{where} = {show_value(value)}: {allowed}"
        )


def _number(low: float = -math.inf, high: float = math.inf) -> Check:
    return lambda v: (
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and low <= v <= high
    )


def _whole(low: int, high: int) -> Check:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _optional(check: Check) -> Check:
    return lambda v: v is None or check(v)


def _word(v: Any) -> bool:
    return isinstance(v, str) and WORD.fullmatch(v) is not None


def _id(v: Any) -> bool:
    """An id: letters, digits, - . : _ starting with a letter or digit (a UUID here),
    so it is a plain CSV cell that no spreadsheet reads as a formula."""
    return isinstance(v, str) and ID.fullmatch(v) is not None


def _time(v: Any) -> bool:
    return isinstance(v, str) and UTC_TIME.fullmatch(v) is not None


def _text(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= 500


def _one_of(choices: tuple[Any, ...]) -> Check:
    return lambda v: v in choices


FEELING = _optional(_whole(1, len(FEELINGS)))

PROFILE: dict[str, tuple[Check, str]] = {
    "profile_id": (_id, "must be the profile's id"),
    "device_id": (_id, "must be a device id"),
    "archived": (_one_of((True, False)), "must be true or false"),
    "created_at": (_time, "must be a UTC time like 2026-11-28T09:30:05.123Z"),
}
SESSION: dict[str, tuple[Check, str]] = {
    "session_id": (_id, "must be a session id"),
    "device_id": (_id, "must be a device id"),
    "started_at": (_time, "must be a UTC time like 2026-11-28T09:30:05.123Z"),
    "ended_at": (_optional(_time), "must be a UTC time or null"),
}
ATTEMPT: dict[str, tuple[Check, str]] = {
    "attempt_id": (_id, "must be an attempt id"),
    "device_id": (_id, "must be a device id"),
    "activity": (_word, "must be an activity's name"),
    "variant": (_word, "must be a variant's name"),
    "level": (_whole(1, LARGEST_LEVEL), f"must be a level 1..{LARGEST_LEVEL}"),
    "parameters": (lambda v: isinstance(v, Mapping), "must be a mapping"),
    "intensity": (lambda v: isinstance(v, Mapping), "must be a mapping"),
    "started_at": (_time, "must be a UTC time like 2026-11-28T09:30:05.123Z"),
    "duration_s": (_number(0.0), "must be seconds (0 or more)"),
    "completion_time_s": (_optional(_number(0.0)), "must be seconds (0 or more) or null"),
    "accuracy": (_optional(_number(0.0, 1.0)), "must be a number 0..1 or null"),
    "completed": (_one_of((True, False)), "must be true or false"),
    "abort_reason": (_optional(_word), "must be a reason like calm_down, or null"),
    "metrics": (lambda v: isinstance(v, Mapping), "must be a mapping of name: value and unit"),
    "px_per_mm": (_optional(_number(0.0)), "must be a number or null"),
    "origin": (_word, "must be child or autoplay"),
    "dominant_hand": (_word, "must be left, right, both or unknown"),
    "pointer": (_word, "must be finger, stylus or unknown"),
    "feeling_before": (FEELING, f"must be a feeling 1..{len(FEELINGS)} or null"),
    "feeling_after": (FEELING, f"must be a feeling 1..{len(FEELINGS)} or null"),
}
METRIC: dict[str, tuple[Check, str]] = {
    "value": (_number(), "must be a number"),
    "unit": (_text, "must be a unit like s, mm or count"),
}
SAMPLE: dict[str, tuple[Check, str]] = {
    "t_s": (_number(), "must be seconds"),
    "pointer_id": (_whole(-(2**31), 2**31 - 1), "must be a contact id"),
    "phase": (_one_of(PHASES), "must be one of " + ", ".join(PHASES)),
    "source": (_one_of(SOURCES), "must be one of " + ", ".join(SOURCES)),
    "hand": (_one_of(HANDS), "must be left, right or null"),
    "x_mm": (_number(), "must be millimetres"),
    "y_mm": (_number(), "must be millimetres"),
}
CHECK_IN: dict[str, tuple[Check, str]] = {
    "check_in_id": (_id, "must be a check-in id"),
    "device_id": (_id, "must be a device id"),
    "attempt_id": (_optional(_id), "must be an attempt id or null"),
    "moment": (_one_of(MOMENTS), "must be one of " + ", ".join(MOMENTS)),
    "feeling": (FEELING, f"must be a feeling 1..{len(FEELINGS)} or null"),
    "asked_at": (_time, "must be a UTC time like 2026-11-28T09:30:05.123Z"),
    "answer_s": (_optional(_number(0.0)), "must be seconds (0 or more) or null"),
}
LEVEL_CHANGE: dict[str, tuple[Check, str]] = {
    "level_change_id": (_id, "must be a level change id"),
    "device_id": (_id, "must be a device id"),
    "activity": (_word, "must be an activity's name"),
    "from_level": (_optional(_whole(1, LARGEST_LEVEL)), "must be a level or null"),
    "to_level": (_whole(1, LARGEST_LEVEL), f"must be a level 1..{LARGEST_LEVEL}"),
    "reason": (_text, "must be a short text"),
    "changed_at": (_time, "must be a UTC time like 2026-11-28T09:30:05.123Z"),
}


def _record(where: str, record: Any, fields: dict[str, tuple[Check, str]]) -> None:
    if not isinstance(record, Mapping):
        raise RecordError(where, record, "must be a mapping")
    for key, (check, allowed) in fields.items():
        if key not in record:
            raise RecordError(f"{where}.{key}", None, MISSING)
        if not check(record[key]):
            raise RecordError(f"{where}.{key}", record[key], allowed)


def _list(where: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise RecordError(where, value, "must be a list")
    return value


def check_document(document: Mapping[str, Any]) -> None:
    """Raise RecordError at the first value a merge may not store."""
    for p, profile in enumerate(_list("profiles", document.get("profiles"))):
        where = f"profiles[{p}]"
        _record(where, profile, PROFILE)
        _profile_settings(where, profile)
        for c, change in enumerate(_list(f"{where}.level_changes", profile.get("level_changes"))):
            _record(f"{where}.level_changes[{c}]", change, LEVEL_CHANGE)
        for s, session in enumerate(_list(f"{where}.sessions", profile.get("sessions"))):
            here = f"{where}.sessions[{s}]"
            _record(here, session, SESSION)
            for a, attempt in enumerate(_list(f"{here}.attempts", session.get("attempts"))):
                _attempt(f"{here}.attempts[{a}]", attempt)
            for c, check_in in enumerate(_list(f"{here}.check_ins", session.get("check_ins"))):
                _record(f"{here}.check_ins[{c}]", check_in, CHECK_IN)


def _profile_settings(where: str, profile: Mapping[str, Any]) -> None:
    """Alias, avatar, age band, hand and senses as a profile may hold them."""
    alias = profile.get("profile")
    if not isinstance(alias, str):
        raise RecordError(f"{where}.profile", alias, "must be the child's alias")
    try:
        checked_alias(alias, "profile")
        settings = {k: profile.get(k) for k in PROFILE_SCHEMA.names() if k != "alias"}
        PROFILE_SCHEMA.validate({"alias": alias, **settings}, fill_defaults=False)
    except SchemaError as error:
        raise RecordError(f"{where}.{error.key}", error.value, error.allowed) from None
    try:
        CHANNEL_SCHEMA.validate(profile.get("intensity"), fill_defaults=False)
    except SchemaError as error:
        key = f"{where}.intensity" + (f".{error.key}" if error.key else "")
        raise RecordError(key, error.value, error.allowed) from None


def _attempt(where: str, attempt: Any) -> None:
    _record(where, attempt, ATTEMPT)
    for name, metric in attempt["metrics"].items():
        if not _word(name):
            raise RecordError(f"{where}.metrics", name, "a metric's name must be a plain word")
        _record(f"{where}.metrics.{name}", metric, METRIC)
    if "samples" in attempt:
        for k, sample in enumerate(_list(f"{where}.samples", attempt["samples"])):
            _record(f"{where}.samples[{k}]", sample, SAMPLE)
    if attempt.get("target") is not None and not isinstance(attempt["target"], Mapping):
        raise RecordError(f"{where}.target", attempt["target"], "must be a mapping or null")
