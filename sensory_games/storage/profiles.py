"""The children's profiles: adding one (its alias checked against everyone's, in one
transaction with the insert, so two processes adding the same alias get one profile and
one SchemaError), editing, listing, finding one by alias, the shared Guest, and the
session plan a therapist gives a child."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sensory_games.domain.aliases import refuse_look_alike
from sensory_games.domain.intensity import Intensity, preset
from sensory_games.domain.language import N_
from sensory_games.domain.profile import (
    GUEST_ALIAS,
    GUEST_AVATAR,
    PROFILE_SCHEMA,
    Profile,
    guest_names,
)
from sensory_games.domain.schema import SchemaError
from sensory_games.domain.sentence import Sentence
from sensory_games.storage.opening import OpenLog
from sensory_games.storage.rows import alias_key, checked_alias, now_iso

#: Why an alias another child (archived too) already has is refused.
ALIAS_TAKEN = Sentence(N_("is already used by another profile"))

GUESTS_NAME = Sentence(N_("is the Guest's name on the picker in a language the app speaks"))


def _refuse_the_guests_name(alias: str) -> None:
    """Raise SchemaError when `alias` is the Guest's name in any shipped language ("ضيف"
    on an Arabic picker): a child who cannot read would see two Guests."""
    if _bare(alias) in {_bare(name) for name in guest_names()}:
        raise SchemaError("alias", alias, GUESTS_NAME)


def _bare(alias: str) -> str:
    """`alias` compared as it looks: case-folded, without the marks and the Arabic
    stretching (tatweel) that change no letter's shape on the picker ("ضَيـف" is "ضيف")."""
    letters = unicodedata.normalize("NFKD", alias_key(alias))
    return "".join(c for c in letters if unicodedata.category(c) != "Mn" and c != "\u0640")


#: The longest therapist's note on a child (characters).
MAX_NOTES = 2000


class Profiles(OpenLog):
    """The profiles table."""

    def add_profile(
        self, intensity_overrides: dict[str, float] | None = None, **values: Any
    ) -> Profile:
        """Create a profile; raises SchemaError for a bad value or a taken alias.
        `intensity_overrides` sets channels away from the preset (e.g. motion 0 where the
        clinic reduces motion for everyone). The alias check and the insert are one
        transaction, so two processes adding the same alias at once get one profile and
        one SchemaError."""
        with self.transaction(), _alias_taken_is_schema_error(values.get("alias")):
            return self._add_profile(intensity_overrides, **values)

    def _add_profile(
        self, intensity_overrides: dict[str, float] | None = None, **values: Any
    ) -> Profile:
        checked = PROFILE_SCHEMA.validate(values)
        alias = checked_alias(checked["alias"], typed=True)
        if self.profile_by_alias(alias, include_archived=True) is not None:
            raise SchemaError("alias", alias, ALIAS_TAKEN)
        if alias != GUEST_ALIAS:  # the Guest is always there, made when first needed
            everyone = [p.alias for p in self.list_profiles(include_archived=True)]
            _refuse_the_guests_name(alias)
            refuse_look_alike(alias, [*everyone, *guest_names()])
        profile = Profile(
            id=str(uuid.uuid4()),
            alias=alias,
            animal=checked["animal"],
            colour=checked["colour"],
            age_band=checked["age_band"],
            dominant_hand=checked["dominant_hand"],
            intensity_preset=checked["intensity_preset"],
            intensity=preset(checked["intensity_preset"], intensity_overrides),
            pointer=checked["pointer"],
            language=checked["language"],
            voice=checked["voice"],
            check_in_scale=checked["check_in_scale"],
        )
        with self.transaction():
            self.connection.execute(
                "INSERT INTO profiles (id, device_id, alias, alias_key, animal, colour, age_band,"
                " dominant_hand, intensity_preset, intensity_json, created_at, pointer,"
                " language, voice, check_in_scale)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile.id,
                    self.device_id,
                    profile.alias,
                    alias_key(profile.alias),
                    profile.animal,
                    profile.colour,
                    profile.age_band,
                    profile.dominant_hand,
                    profile.intensity_preset,
                    json.dumps(profile.intensity.as_dict(), sort_keys=True),
                    now_iso(),
                    profile.pointer,
                    profile.language,
                    int(profile.voice),
                    profile.check_in_scale,
                ),
            )
        return profile

    _PROFILE_COLUMNS = (
        "id, alias, animal, colour, age_band, dominant_hand, intensity_preset,"
        " intensity_json, archived, notes, plan, pointer, language, voice, check_in_scale"
    )

    @staticmethod
    def _profile(row: Sequence[Any]) -> Profile:
        values = json.loads(row[7])
        return Profile(
            row[0],
            row[1],
            row[2],
            int(row[3]),
            row[4],
            row[5],
            row[6],
            Intensity(**values),
            bool(row[8]),
            row[9],
            row[10],
            row[11],
            row[12],
            bool(row[13]),
            row[14],
        )

    def set_plan(self, profile_id: str, plan: str | None) -> None:
        """Give the child a session plan by name (None: no plan)."""
        with self.transaction():
            self.connection.execute("UPDATE profiles SET plan = ? WHERE id = ?", (plan, profile_id))

    def update_profile(self, profile: Profile) -> Profile:
        """Store a profile's edited settings and notes (by id); raises SchemaError for a
        bad value or an alias another child has or that looks like another child's. An
        alias kept as stored is not checked again (a log from before these checks may
        hold one they refuse: the child's settings can still be edited, or archived).
        The profile as stored is returned."""
        checked = PROFILE_SCHEMA.validate(profile.settings())
        everyone = self.list_profiles(include_archived=True)
        stored = next((p.alias for p in everyone if p.id == profile.id), None)
        renamed = profile.alias != stored
        alias = checked_alias(checked["alias"], typed=True) if renamed else profile.alias
        if alias != stored:
            holder = self.profile_by_alias(alias, include_archived=True)
            if holder is not None and holder.id != profile.id:
                raise SchemaError("alias", alias, ALIAS_TAKEN)
            others = [p.alias for p in everyone if p.id != profile.id]
            if stored != GUEST_ALIAS:
                _refuse_the_guests_name(alias)
            refuse_look_alike(alias, [*others, *guest_names()] if stored != GUEST_ALIAS else others)
        if len(profile.notes) > MAX_NOTES:
            raise SchemaError(
                "notes", profile.notes[:20] + "...", f"at most {MAX_NOTES} characters"
            )
        with self.transaction(), _alias_taken_is_schema_error(alias):
            self.connection.execute(
                "UPDATE profiles SET alias = ?, alias_key = ?, animal = ?, colour = ?,"
                " age_band = ?, dominant_hand = ?, pointer = ?, intensity_preset = ?,"
                " intensity_json = ?, language = ?, voice = ?, check_in_scale = ?,"
                " archived = ?, notes = ? WHERE id = ?",
                (
                    alias,
                    alias_key(alias),
                    checked["animal"],
                    checked["colour"],
                    checked["age_band"],
                    checked["dominant_hand"],
                    checked["pointer"],
                    checked["intensity_preset"],
                    json.dumps(profile.intensity.as_dict(), sort_keys=True),
                    checked["language"],
                    int(checked["voice"]),
                    checked["check_in_scale"],
                    int(profile.archived),
                    profile.notes,
                    profile.id,
                ),
            )
        return replace(profile, alias=alias)

    def list_profiles(self, include_archived: bool = False) -> list[Profile]:
        rows = self.connection.execute(
            f"SELECT {self._PROFILE_COLUMNS} FROM profiles"
            " WHERE archived = 0 OR ? ORDER BY alias_key",
            (int(include_archived),),
        ).fetchall()
        return [self._profile(row) for row in rows]

    def profile_by_alias(self, alias: str, include_archived: bool = False) -> Profile | None:
        row = self.connection.execute(
            f"SELECT {self._PROFILE_COLUMNS} FROM profiles"
            " WHERE alias_key = ? AND (archived = 0 OR ?)",
            (alias_key(alias), int(include_archived)),
        ).fetchone()
        return self._profile(row) if row else None

    def guest_profile(self, intensity_overrides: dict[str, float] | None = None) -> Profile:
        """The shared "Guest" profile, created the first time it is needed."""
        animal, colour = GUEST_AVATAR
        return self.profile_or_new(
            intensity_overrides, alias=GUEST_ALIAS, animal=animal, colour=colour
        )

    def profile_or_new(
        self, intensity_overrides: dict[str, float] | None = None, **values: Any
    ) -> Profile:
        """The profile called `values["alias"]`, added with `values` if there is none yet.
        Several processes asking at once all get the same one profile. SchemaError as
        add_profile's (e.g. an archived profile holds the alias)."""
        alias = str(values["alias"])
        found = self.profile_by_alias(alias)
        if found is not None:
            return found  # the usual case: no write lock needed
        with self.transaction():  # another process may have added it since: look again
            return self.profile_by_alias(alias) or self.add_profile(intensity_overrides, **values)


@contextmanager
def _alias_taken_is_schema_error(alias: object) -> Iterator[None]:
    """A profile write that lost a race for its alias to another process (the UNIQUE
    alias_key) ends in add_profile's usual SchemaError, never an IntegrityError."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "alias_key" not in str(error):
            raise
        raise SchemaError("alias", alias, ALIAS_TAKEN) from None
