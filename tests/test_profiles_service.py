"""Adding, editing, archiving and restoring a child: one service that checks, stores and
audits a change (one transaction each), for the console's Profiles page and the command
line alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from sensory_games.domain.clock import utc_iso
from sensory_games.domain.intensity import PRESETS, Intensity
from sensory_games.domain.schema import SchemaError
from sensory_games.services.profiles import (
    ChildSettings,
    add_child,
    describe,
    edit_child,
    set_archived,
)
from sensory_games.storage import Repository, StorageError

AT = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def later(minutes: int) -> datetime:
    """AT + `minutes` (changes at distinct times, so the audit list's order is theirs)."""
    return AT + timedelta(minutes=minutes)


def settings(**values: object) -> ChildSettings:
    defaults: dict[str, object] = {
        "alias": "Mia",
        "animal": "cat",
        "colour": 2,
        "age_band": "6-8",
        "dominant_hand": "left",
        "pointer": "finger",
        "intensity_preset": "calm",
    }
    return ChildSettings(**{**defaults, **values})  # type: ignore[arg-type]


def nothing_stored(repository: Repository) -> bool:
    """No child (the Guest aside) and nothing on the audit list."""
    children = [p for p in repository.list_profiles(include_archived=True) if p.alias != "Guest"]
    return children == [] and repository.audit_entries() == []


def test_a_child_is_added_with_their_settings_notes_and_one_audit_entry(repository) -> None:
    mia = add_child(
        repository,
        settings(alias="  Mia  "),
        "console",
        channels={"motion": 0.0},
        notes="prefers the drum",
        at=AT,
    )
    stored = repository.profile_by_alias("Mia")
    assert stored == mia and mia.alias == "Mia"  # (trimmed as every alias is)
    assert (mia.animal, mia.colour, mia.dominant_hand, mia.notes) == (
        "cat", 2, "left", "prefers the drum",
    )  # fmt: skip
    assert mia.intensity == replace(PRESETS["calm"], motion=0.0)
    [entry] = repository.audit_entries()
    assert (entry.action, entry.profile_alias, entry.at) == ("profile added", "Mia", utc_iso(AT))
    assert entry.detail == (
        "added Mia (cat, colour 2, age 6-8, hand left, intensity calm); from the console"
    )
    assert entry.detail == f"added {describe(mia)}; from the console"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"alias": ""}, "alias = '': must not be empty"),
        ({"alias": "Mi\u200ba"}, "U+200B ZERO WIDTH SPACE is an invisible character"),
        ({"alias": "MIA"}, "alias = 'MIA': is already used by another profile"),
        ({"alias": "\u0405am"}, "looks like 'Sam', who is already here"),
        ({"alias": "Gue\u0455t"}, "looks like 'Guest', who is already here"),
        ({"animal": "dragon"}, "animal = 'dragon'"),
        ({"colour": 6}, "colour = 6"),
        ({"intensity_preset": "loud"}, "intensity_preset = 'loud'"),
    ],
)
def test_a_new_child_that_is_not_allowed_is_refused_whole_with_one_line(
    repository, values, message
) -> None:
    add_child(repository, settings(), "command line", at=AT)
    add_child(repository, settings(alias="Sam"), "command line", at=AT)
    before = repository.audit_entries()
    with pytest.raises(SchemaError) as refused:
        add_child(repository, settings(**values), "console", notes="new", at=AT)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert repository.audit_entries() == before
    assert len(repository.list_profiles(include_archived=True)) == 2


def test_notes_too_long_leave_no_child_behind(repository) -> None:
    with pytest.raises(SchemaError) as refused:
        add_child(repository, settings(), "console", notes="n" * 2001, at=AT)
    assert refused.value.key == "notes" and refused.value.allowed == "at most 2000 characters"
    assert nothing_stored(repository)  # (the child was added, then rolled back whole)


def test_an_edit_stores_the_settings_and_says_the_former_alias(repository) -> None:
    mia = add_child(repository, settings(), "console", at=AT)
    calm = Intensity(0.3, 0.0, 0.2, 0.25, 0.3)
    edited = edit_child(
        repository,
        mia,
        settings(alias="Mia R", pointer="stylus"),
        "console",
        intensity=calm,
        notes="likes the owl",
        at=later(1),
    )
    assert repository.profile_by_alias("Mia R") == edited
    assert (edited.id, edited.pointer, edited.intensity, edited.notes) == (
        mia.id, "stylus", calm, "likes the owl",
    )  # fmt: skip
    assert repository.audit_entries()[-1].detail == (
        "edited Mia R (cat, colour 2, age 6-8, hand left, intensity calm), was Mia; "
        "from the console"
    )
    again = settings(alias="Mia R")
    edit_child(repository, edited, again, "console", intensity=calm, notes="", at=later(2))
    assert repository.audit_entries()[-1].detail.startswith("edited Mia R (cat,")
    assert ", was " not in repository.audit_entries()[-1].detail  # (not renamed this time)


def test_an_edit_to_another_childs_look_alike_changes_nothing(repository) -> None:
    add_child(repository, settings(alias="Sam"), "console", at=AT)
    mia = add_child(repository, settings(), "console", at=AT)
    with pytest.raises(SchemaError, match="looks like 'Sam'"):
        edit_child(
            repository, mia, settings(alias="\u0405am"), "console",
            intensity=mia.intensity, notes="",
        )  # fmt: skip
    assert repository.profile_by_alias("Mia") == mia
    assert [e.action for e in repository.audit_entries()] == ["profile added"] * 2


def test_archiving_hides_the_child_and_restoring_brings_them_back(repository) -> None:
    mia = add_child(repository, settings(), "command line", at=AT)
    archived = set_archived(repository, mia, True, "command line", later(1))
    assert archived.archived and repository.profile_by_alias("Mia") is None
    assert repository.profile_by_alias("Mia", include_archived=True) == archived
    restored = set_archived(repository, archived, False, "console", later(2))
    assert repository.profile_by_alias("Mia") == restored and not restored.archived
    assert [(e.action, e.detail) for e in repository.audit_entries()][1:] == [
        ("profile archived", "archived Mia; from the command line"),
        ("profile restored", "restored Mia; from the console"),
    ]


def test_a_change_the_audit_list_cannot_hold_is_not_stored(repository, monkeypatch) -> None:
    """The change and its audit entry are one transaction: no change goes unaudited."""
    mia = add_child(repository, settings(), "console", at=AT)

    def full(*_args: object) -> None:
        raise StorageError("the disk is full: nothing was saved")

    monkeypatch.setattr(repository, "audit", full)
    for change in (
        lambda: add_child(repository, settings(alias="Noor"), "console"),
        lambda: set_archived(repository, mia, True, "console"),
        lambda: edit_child(
            repository, mia, settings(alias="Mia R"), "console",
            intensity=mia.intensity, notes="x",
        ),
    ):  # fmt: skip
        with pytest.raises(StorageError, match="the disk is full"):
            change()
    monkeypatch.undo()
    everyone = repository.list_profiles(include_archived=True)
    assert [p for p in everyone if p.alias != "Guest"] == [mia]  # (not archived, not renamed)
    assert len(repository.audit_entries()) == 1


def test_a_new_childs_avatar_is_one_nobody_has_and_never_the_guests() -> None:
    from sensory_games.domain.profile import ANIMALS, GUEST_AVATAR, free_avatar

    assert free_avatar([]) != GUEST_AVATAR
    taken = [("cat", 0), ("bear", 0)]
    assert free_avatar(taken) not in [*taken, GUEST_AVATAR]
    every = [(a, c) for c in range(6) for a in ANIMALS]
    assert free_avatar(every) != GUEST_AVATAR  # (all taken once: one the Guest does not have)
    assert free_avatar([*every, *every[:-1]]) == every[-1]  # (the fewest share it)


@pytest.mark.parametrize("name", ["Invitado", "ضيف", "访客", "guest", "ضيـف", "ضَيف"])
def test_the_guests_name_in_any_shipped_language_is_not_a_childs(
    repository: Repository, name: str
) -> None:
    """On an Arabic picker the Guest's tile says ضيف: a child called so would be a second
    "Guest" to a child who cannot read the difference."""
    from sensory_games.domain.language import words

    shown = {words(lang).tr("Guest").lower() for lang in ("en", "es", "ar", "zh")}
    assert name.lower().replace("\u0640", "").replace("\u064e", "") in shown
    for typed in (name, name.upper(), f" {name} "):
        with pytest.raises(SchemaError, match="Guest's name"):
            repository.add_profile(alias=typed, animal="cat", colour=1)
    assert [p.alias for p in repository.list_profiles()] == []


def test_the_command_line_gives_each_new_child_an_avatar_of_their_own(tmp_path) -> None:
    from sensory_games.cli.entry import main
    from sensory_games.domain.profile import GUEST_AVATAR

    for alias in ("Mia", "Noah", "Lea"):
        assert main(["profiles", "add", alias, "--data-dir", str(tmp_path)]) == 0
    log = Repository(tmp_path)
    try:
        avatars = [(p.animal, p.colour) for p in log.list_profiles()]
    finally:
        log.close()
    assert len(set(avatars)) == len(avatars) == 3 and GUEST_AVATAR not in avatars
