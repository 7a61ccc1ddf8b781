"""A child's profile added, edited, archived or restored in one place.

The console's Profiles page calls this module (and `sensory-games profiles add` is to), so
a child's alias and settings are checked by the same rules, stored the same way and put
on the audit list with the same words, whichever screen an adult used. Each change and
its audit entry are one transaction: nothing is stored that the audit list does not say.

The alias rules themselves (normalised as sensory_games.domain.aliases says, not taken,
not a look-alike of another child's or the Guest's) are checked by the log inside that
transaction, so two adults adding the same child at once get one profile and one error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from sensory_games.domain.intensity import Intensity
from sensory_games.domain.profile import Profile
from sensory_games.services.levels import Source
from sensory_games.storage import Repository

#: The action names of the audit entries the changes make.
ADDED, EDITED, ARCHIVED, RESTORED = (
    "profile added",
    "profile edited",
    "profile archived",
    "profile restored",
)


@dataclass(frozen=True)
class ChildSettings:
    """What an adult sets for a child (profile.PROFILE_SCHEMA checks each): the alias,
    the avatar (animal and colour 0..5), the age band, the dominant hand, finger or
    stylus, the sensory preset, the child's language ("" = the clinic's), whether they
    hear spoken prompts, and their check-in scale ("" = the clinic's). A new child is
    stored with all of them in one write (one audit entry)."""

    alias: str
    animal: str
    colour: int
    age_band: str
    dominant_hand: str
    pointer: str
    intensity_preset: str
    language: str = ""
    voice: bool = True
    check_in_scale: str = ""


def describe(profile: Profile) -> str:
    """A child's settings in one line, as the audit list and the command line say them:
    `Mia (cat, colour 0, age 6-8, hand unknown, intensity balanced)`, and the language,
    voice and check-in scale when they are not the defaults (`..., language es, voice
    off, check-in three_faces)`)."""
    own = [
        *([f"language {profile.language}"] if profile.language else []),
        *([] if profile.voice else ["voice off"]),
        *([f"check-in {profile.check_in_scale}"] if profile.check_in_scale else []),
    ]
    return (
        f"{profile.alias} ({profile.animal}, colour {profile.colour}, age {profile.age_band}, "
        f"hand {profile.dominant_hand}, intensity {profile.intensity_preset}"
        + "".join(f", {part}" for part in own)
        + ")"
    )


def add_child(
    repository: Repository,
    settings: ChildSettings,
    source: Source,
    *,
    channels: Mapping[str, float] | None = None,
    notes: str = "",
    at: datetime | None = None,
) -> Profile:
    """Add a child with `settings` (their language, spoken prompts and check-in scale
    among them; default: the clinic's language and scale, prompts on), their sensory
    channels taken from the preset except those in `channels` (e.g. the clinic's
    new-profile overrides, or all five as set on the console), and the therapist's
    `notes`; one audit entry says so. `at`: when (default now, UTC). Returns the profile
    as stored (the alias normalised). Raises SchemaError (key `alias`, `notes`, ...), with
    nothing stored, for a value that is not allowed (notes over storage.profiles.MAX_NOTES
    characters among them) or an alias that is taken or looks like another child's;
    StorageError when the log cannot be written."""
    with repository.transaction():
        profile = repository.add_profile(dict(channels or {}), **asdict(settings))
        if notes:
            profile = repository.update_profile(replace(profile, notes=notes))
        repository.audit(ADDED, f"added {describe(profile)}; from the {source}", profile.id, at)
    return profile


def edit_child(
    repository: Repository,
    child: Profile,
    settings: ChildSettings,
    source: Source,
    *,
    intensity: Intensity,
    notes: str,
    at: datetime | None = None,
) -> Profile:
    """Store new `settings`, sensory channels and notes for `child` (as stored); one
    audit entry says what the child is now, and their former alias if it changed.
    Returns the profile as stored. Raises SchemaError as add_child does."""
    edited = replace(child, **asdict(settings), intensity=intensity, notes=notes)
    with repository.transaction():
        profile = repository.update_profile(edited)
        renamed = f", was {child.alias}" if profile.alias != child.alias else ""
        detail = f"edited {describe(profile)}{renamed}; from the {source}"
        repository.audit(EDITED, detail, profile.id, at)
    return profile


def set_archived(
    repository: Repository,
    child: Profile,
    archived: bool,
    source: Source,
    at: datetime | None = None,
) -> Profile:
    """Archive the child (hidden from "who is playing?", nothing deleted) or restore
    them; one audit entry says so. Returns the profile as stored."""
    word = "archived" if archived else "restored"
    with repository.transaction():
        profile = repository.update_profile(replace(child, archived=archived))
        action = ARCHIVED if archived else RESTORED
        repository.audit(action, f"{word} {profile.alias}; from the {source}", profile.id, at)
    return profile
