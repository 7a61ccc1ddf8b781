"""Profile bundles: one child's settings and levels in a small YAML file, to carry a home
programme to a family tablet or move a child between kiosks (format: docs/export.md).

`profiles export ALIAS` writes one; `profiles import FILE` reads it back, checked like any
configuration file (a bad value is named with its key and what is allowed). The profile
keeps its id on every device, so its attempts merge as one child later. The bundle's
levels become the child's current levels here, each stored as a level change with its
reason (the launcher starts the child there). The child's goals (open and ended) come
too and are added as `merge` adds them (services/merge_goals.py). Attempts, sessions
and the notes on them are not in a bundle: they travel with `export`/`merge`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from sensory_games.domain import records
from sensory_games.domain.aliases import refuse_look_alike
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.config import ConfigError, read_yaml
from sensory_games.domain.goals import check_goals
from sensory_games.domain.intensity import CHANNEL_SCHEMA
from sensory_games.domain.language import N_
from sensory_games.domain.level_reasons import FROM_BUNDLE, level_reason
from sensory_games.domain.profile import LATER_SETTINGS, PROFILE_SCHEMA
from sensory_games.domain.schema import SchemaError, show_key, show_value
from sensory_games.domain.sentence import Sentence
from sensory_games.services.merge_goals import merge_goals
from sensory_games.services.merge_report import MergeReport, counts
from sensory_games.services.private_files import write_private
from sensory_games.storage import PROFILE_SETTINGS, LevelChange, Repository
from sensory_games.storage.goals import goal_record
from sensory_games.storage.rows import checked_alias

BUNDLE_FORMAT = "sensory_games-profile-1"
BUNDLE_KEYS: tuple[str, ...] = (
    "format",
    "exported_at",
    "from_device",
    "profile",
    "levels",
    "goals",
)
#: The bundle's profile keys beyond PROFILE_SCHEMA's.
IDENTITY_KEYS: tuple[str, ...] = ("id", "created_at", "intensity")


@dataclass(frozen=True)
class Bundle:
    """A bundle read and checked: the profile row (storage.PROFILE_FIELDS) and levels."""

    profile: dict[str, Any]
    levels: dict[str, int]
    from_device: str
    exported_at: str
    goals: list[dict[str, Any]] = field(default_factory=list)


def bundle_document(repository: Repository, alias: str) -> dict[str, Any]:
    """The bundle of the child called `alias` (archived or not)."""
    store = repository.transfer()
    profile_id = store.profile_by_key(alias)
    if profile_id is None:
        raise ValueError(f"no profile called {alias!r}")
    record = store.profile_records([profile_id])[profile_id]
    return {
        "format": BUNDLE_FORMAT,
        "exported_at": utc_iso(datetime.now(timezone.utc)),
        "from_device": repository.device_id,
        "profile": {
            "id": record["profile_id"],
            "alias": record["alias"],
            "animal": record["animal"],
            "colour": record["colour"],
            "age_band": record["age_band"],
            "dominant_hand": record["dominant_hand"],
            "pointer": record["pointer"],
            "intensity_preset": record["intensity_preset"],
            "intensity": record["intensity"],
            "language": record["language"],
            "voice": record["voice"],
            "check_in_scale": record["check_in_scale"],
            "created_at": record["created_at"],
        },
        "levels": repository.current_levels(profile_id),
        "goals": [goal_record(goal) for goal in repository.goals(profile_id)],
    }


def write_bundle(repository: Repository, alias: str, out: Path) -> dict[str, Any]:
    """Write the child's bundle to `out` (owner-readable only); returns what was written."""
    document = bundle_document(repository, alias)
    text = (
        "# sensory_games profile bundle: one child's settings and current levels.\n"
        "# Import on another device with: sensory-games profiles import THIS_FILE\n"
        + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    )
    write_private(out, text, data_dir=repository.data_dir)
    return document


def read_bundle(file: Path, level_counts: Mapping[str, int]) -> Bundle:
    """Read and check a bundle; `level_counts` is each activity's number of levels on this
    device. Raises ConfigError naming the file, key, value and what is allowed."""
    data = read_yaml(file)
    if not isinstance(data, Mapping):
        raise ConfigError(
            file,
            N_("a profile bundle holds a mapping of keys, not {value}"),
            value=show_value(data),
        )
    for key in data:
        if key not in BUNDLE_KEYS:
            raise ConfigError(
                file,
                N_("{key}: is not a bundle key; known: {known}"),
                key=show_key(key),
                known=", ".join(BUNDLE_KEYS),
            )
    if data.get("format") != BUNDLE_FORMAT:
        raise ConfigError(
            file,
            N_("{key} = {value}: must be {allowed}"),
            key="format",
            value=show_value(data.get("format")),
            allowed=BUNDLE_FORMAT,
        )
    try:
        profile = _checked_profile(data.get("profile"))
        levels = _checked_levels(data.get("levels"), level_counts)
        from_device = _checked_device(data.get("from_device"))
        exported_at = data.get("exported_at")
        exported_at = "" if exported_at is None else _checked_time("exported_at", exported_at)
        goals = _checked_goals(data.get("goals"), level_counts)
    except SchemaError as error:
        raise ConfigError(file, error) from None
    profile["device_id"] = from_device
    return Bundle(profile, levels, from_device, exported_at, goals)


def _checked_goals(value: Any, level_counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """The bundle's goals checked as a merged export's are (an older bundle has none).
    A day or time written without quotes, which YAML reads as a date, is taken as text."""
    if value is None:
        return []
    if isinstance(value, list):
        value = [
            {k: _as_text(v) for k, v in goal.items()} if isinstance(goal, Mapping) else goal
            for goal in value
        ]
    try:
        return check_goals("goals", value, level_counts)
    except records.RecordError as error:
        raise SchemaError(error.where, error.value, error.allowed) from None


def _as_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_iso(value) if value.tzinfo is not None else value.isoformat()
    return value.isoformat() if isinstance(value, date) else value


def _checked_time(key: str, value: Any) -> str:
    """A UTC time as the app writes it (2026-11-28T09:30:05.123Z). YAML reads such a time
    written without quotes as a date-time: taken when it says its time zone."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return utc_iso(value)
    if records.is_utc_time(value):
        return value
    raise SchemaError(key, value, records.UTC_EXAMPLE)


def _checked_device(value: Any) -> str:
    """The id of the device the bundle came from ("unknown" when it does not say): it is
    stored as the profile's device, so it must be an id as every export and merge expects."""
    if value is None:
        return "unknown"
    if records.is_id(value):
        return value
    raise SchemaError(
        "from_device", value, Sentence(N_("must be the id of the device it was exported on"))
    )


def _checked_profile(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise SchemaError(
            "profile", value, Sentence(N_("must be a mapping of the child's settings"))
        )
    own = {k: v for k, v in value.items() if k not in IDENTITY_KEYS}
    settings = {**LATER_SETTINGS, **own}  # (what an older bundle lacks)
    try:
        checked = PROFILE_SCHEMA.validate(settings, fill_defaults=False)
    except SchemaError as error:
        raise error.under("profile") from None
    try:
        intensity = CHANNEL_SCHEMA.validate(value.get("intensity"), fill_defaults=False)
    except SchemaError as error:
        raise error.under("profile.intensity") from None
    raw_id = value.get("id")
    try:
        profile_id = str(uuid.UUID(raw_id)) if isinstance(raw_id, str) else None
    except ValueError:
        profile_id = None
    if profile_id is None:
        raise SchemaError("profile.id", raw_id, Sentence(N_("must be the profile's UUID")))
    alias = checked_alias(checked["alias"], "profile.alias")
    created_at = value.get("created_at")
    return {
        "profile_id": profile_id,
        **checked,
        "alias": alias,
        "intensity": intensity,
        "archived": False,
        "created_at": utc_iso(datetime.now(timezone.utc))
        if created_at is None
        else _checked_time("profile.created_at", created_at),
    }


def _checked_levels(value: Any, level_counts: Mapping[str, int]) -> dict[str, int]:
    if value is None:  # no levels: the child starts at each activity's first
        return {}
    if not isinstance(value, Mapping):
        raise SchemaError("levels", value, Sentence(N_("must be a mapping of activity: level")))
    levels = {}
    for activity, level in value.items():
        if not isinstance(activity, str) or activity not in level_counts:
            raise SchemaError(
                f"levels.{activity}",
                level,
                Sentence(
                    N_("is not an activity here; known: {known}"), known=", ".join(level_counts)
                ),
            )
        count = level_counts[activity]
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= count:
            allowed = Sentence(N_("must be a level from 1 to {count}"), count=count)
            raise SchemaError(f"levels.{activity}", level, allowed)
        levels[activity] = level
    return levels


def import_bundle(
    repository: Repository, bundle: Bundle, *, replace: bool = False, alias: str | None = None
) -> list[str]:
    """Add (or with `replace` update) the bundle's child and set their levels, all in one
    transaction; returns what was done, one line each. Raises ValueError, changing
    nothing, when the child is here with other settings (without `replace`) or their
    alias belongs to (or looks like the alias of) another child here (`alias` gives them
    another one)."""
    profile = dict(bundle.profile)
    key = "profile.alias"
    if alias is not None:
        profile["alias"], key = checked_alias(alias, "--as", typed=True), "--as"
    store = repository.transfer()
    done: list[str] = []
    with repository.transaction():
        here = store.profile_records([profile["profile_id"]]).get(profile["profile_id"])
        holder = store.profile_by_key(profile["alias"])
        if holder is not None and holder != profile["profile_id"]:
            raise ValueError(
                Sentence(
                    N_(
                        "another child here is already called {alias}; import this one under"
                        " another alias with {option}"
                    ),
                    alias=repr(profile["alias"]),
                    option="--as NEW_ALIAS",
                )
            )
        if here is None or here["alias"] != profile["alias"]:  # (a stored one stays)
            others = store.profile_records()
            refuse_look_alike(
                profile["alias"],
                [other["alias"] for pid, other in others.items() if pid != profile["profile_id"]],
                key,
                N_("import this child under a clearly different alias with --as NEW_ALIAS"),
            )
        if here is None:
            store.insert_profile(profile)
            done.append(
                Sentence(
                    N_("added {alias} ({animal}, age {age})"),
                    alias=profile["alias"],
                    animal=profile["animal"],
                    age=profile["age_band"],
                )
            )
        else:
            differs = [key for key in PROFILE_SETTINGS if here[key] != profile[key]]
            if differs and not replace:
                raise ValueError(
                    Sentence(
                        N_(
                            "{alias} is already on this device with other settings ({keys});"
                            " add {option} to take the bundle's"
                        ),
                        alias=here["alias"],
                        keys=", ".join(differs),
                        option="--replace",
                    )
                )
            if differs:
                store.update_profile(profile)
                done.append(
                    Sentence(
                        N_("updated {alias}: {keys}"),
                        alias=profile["alias"],
                        keys=", ".join(differs),
                    )
                )
            else:
                done.append(
                    Sentence(
                        N_("{alias} is already here with these settings"), alias=profile["alias"]
                    )
                )
        reason = level_reason(
            FROM_BUNDLE, device=bundle.from_device[:8], day=bundle.exported_at[:10]
        )
        for activity, level in bundle.levels.items():
            current = repository.last_level(profile["profile_id"], activity)
            if current == level:
                continue
            store.insert_level_change(
                LevelChange(
                    id=str(uuid.uuid4()),
                    device_id=repository.device_id,
                    profile_id=profile["profile_id"],
                    activity=activity,
                    from_level=current,
                    to_level=level,
                    reason=reason,
                    changed_at=utc_iso(datetime.now(timezone.utc)),
                ),
            )
            if current is None:
                was = Sentence(N_("no level"))
            else:
                was = Sentence(N_("level {level}"), level=current)
            now = Sentence(N_("level {level}"), level=level)
            done.append(Sentence("{activity}: {was} -> {now}", activity=activity, was=was, now=now))
        goals = MergeReport(profile["alias"])
        merge_goals(store, bundle.goals, profile["profile_id"], goals)
    for said, counter in (
        (N_("goals added: {counts}"), goals.added),
        (N_("goals ended as in the bundle: {counts}"), goals.filled_in),
    ):
        if counter:
            done.append(Sentence(said, counts=counts(counter)))
    done += goals.conflicts
    return done
