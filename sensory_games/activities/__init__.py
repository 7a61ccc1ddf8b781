"""The activity registry: one explicit, sorted list, checked at import.

Adding an activity = one package (params.py, activity.py, view.py, bot.py) + one
activities/<slug>.yaml + one line here.
"""

from __future__ import annotations

import re
from pathlib import Path

from sensory_games.activities.base import INPUT_NEEDS, Activity, Bot
from sensory_games.activities.bilateral.both import BothTogetherActivity
from sensory_games.activities.bilateral.drum import DrumActivity
from sensory_games.activities.bilateral.hold import HoldAndMoveActivity
from sensory_games.activities.bilateral.mirror import MirrorActivity
from sensory_games.activities.bubbles import BubblesActivity
from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.tracing import TracingActivity
from sensory_games.domain.config import ConfigError, Level, load_levels
from sensory_games.domain.config_folders import layered_file
from sensory_games.domain.report_spec import ShownActivity
from sensory_games.domain.schema import ParameterSchema, SchemaError

_SLUG = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def _checked(*classes: type[Activity]) -> dict[str, type[Activity]]:
    registry: dict[str, type[Activity]] = {}
    for cls in classes:
        slug = getattr(cls, "slug", None)
        if not isinstance(slug, str) or not _SLUG.match(slug):
            raise TypeError(f"{cls.__name__}.slug must be a short lower-case name, not {slug!r}")
        if slug in registry:
            raise TypeError(f"two activities share the slug {slug!r}")
        if not isinstance(getattr(cls, "schema", None), ParameterSchema):
            raise TypeError(f"{cls.__name__}.schema must be a ParameterSchema")
        if not (
            isinstance(getattr(cls, "bot_class", None), type) and issubclass(cls.bot_class, Bot)
        ):
            raise TypeError(f"{cls.__name__}.bot_class must be a Bot subclass")
        if getattr(cls, "input_needs", None) not in INPUT_NEEDS:
            raise TypeError(f"{cls.__name__}.input_needs must be one of {INPUT_NEEDS}")
        if not getattr(cls, "title", ""):
            raise TypeError(f"{cls.__name__}.title is missing")
        if getattr(cls, "__abstractmethods__", None):
            raise TypeError(f"{cls.__name__} leaves {sorted(cls.__abstractmethods__)} abstract")
        registry[slug] = cls
    if list(registry) != sorted(registry):
        raise TypeError(f"keep the registry sorted by slug: {list(registry)}")
    return registry


#: The activity the calm-down button opens (the check-in is asked around it).
CALM_ACTIVITY = CalmingActivity.slug

REGISTRY: dict[str, type[Activity]] = _checked(
    BothTogetherActivity,
    DrumActivity,
    HoldAndMoveActivity,
    MirrorActivity,
    BubblesActivity,
    CalmingActivity,
    TracingActivity,
)


def activity_class(slug: str) -> type[Activity]:
    """The registered activity called `slug` (KeyError names the known ones)."""
    try:
        return REGISTRY[slug]
    except KeyError:
        raise KeyError(f"no activity {slug!r}; known: {', '.join(REGISTRY)}") from None


def showing() -> dict[str, ShownActivity]:
    """What the report and the console show of each installed activity, by slug."""
    return {slug: cls.declarations() for slug, cls in REGISTRY.items()}


def levels_file(slug: str, config_dir: Path) -> Path:
    """activities/<slug>.yaml of the clinic folder `config_dir`, else the shipped one."""
    return layered_file(config_dir, "activities", slug)


def load_activity_levels(slug: str, config_dir: Path) -> list[Level]:
    """The validated difficulty levels of `slug` from activities/<slug>.yaml (the clinic
    folder's, else the shipped one)."""
    cls = activity_class(slug)
    file = levels_file(slug, config_dir)
    levels = load_levels(file, slug, cls.schema)
    for level in levels:
        try:
            cls.check_level(level.parameters, config_dir)
        except SchemaError as error:
            raise ConfigError(file, str(error.under(f"levels[{level.number}]"))) from None
    return levels


def level_counts(config_dir: Path) -> dict[str, int]:
    """Each registered activity's number of levels in `config_dir` (what a record's level
    is checked against when it comes from another device or a file)."""
    return {slug: len(load_activity_levels(slug, config_dir)) for slug in REGISTRY}
