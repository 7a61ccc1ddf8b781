"""The checks of app.yaml that span keys or need more than a setting's own schema: each
said when the app starts (never when a therapist presses a button)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sensory_games.domain.language import N_
from sensory_games.domain.schema import show_value
from sensory_games.domain.yaml_files import ConfigError

Sections = dict[str, dict[str, Any]]
Sources = dict[tuple[str, str], Path]


def known_time_zone(name: str) -> bool:
    """Whether `name` is a time zone this computer has the rules of (Europe/Berlin, UTC).
    (Windows has none of its own: the package brings them, tzdata.)"""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_settings(sections: Sections, sources: Sources) -> None:
    """The two hand keys differ; export.time_zone is `auto` or a zone this computer
    knows. ConfigError names the file that set the value."""
    keys = sections["input"]
    if keys["left_hand_key"] == keys["right_hand_key"]:
        named = sources.get(("input", "right_hand_key")) or sources.get(("input", "left_hand_key"))
        raise ConfigError(
            named or "app.yaml",
            N_("{key} = {value}: must differ from {other}"),
            key="input.right_hand_key",
            value=show_value(keys["right_hand_key"]),
            other="input.left_hand_key",
        )
    zone = sections["export"]["time_zone"]
    if zone != "auto" and not known_time_zone(zone):
        raise ConfigError(
            sources.get(("export", "time_zone")) or "app.yaml",
            N_(
                "{key} = {value}: must be auto or a time zone name such as Europe/Berlin,"
                " America/New_York or UTC"
            ),
            key="export.time_zone",
            value=show_value(zone),
        )
