"""The words of every shipped language: every marked text translated, and looked up."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po
from helpers import module_at

from sensory_games.domain.language import (
    LANGUAGES,
    RIGHT_TO_LEFT,
    SOURCE_LANGUAGE,
    check_language,
    locale_dir,
    words,
)

ROOT = Path(__file__).resolve().parent.parent


def _catalogs_script() -> ModuleType:
    return module_at("catalogs", ROOT / "scripts" / "catalogs.py")


def test_every_catalog_is_complete() -> None:
    """Every text marked in the code (tr, tr_n, N_) has a translation with the same
    {fields} in every shipped language: `make catalogs` lists what is missing."""
    catalogs = _catalogs_script()
    found = catalogs.extract()
    assert sum(len(texts) for texts in found.areas.values()) > 0
    assert catalogs.missing(found) == []


def test_the_catalogs_check_finds_an_untranslated_text(tmp_path: Path, monkeypatch) -> None:
    """The completeness check can fail: a catalog with a text left empty is reported."""
    catalogs = _catalogs_script()
    monkeypatch.setattr(catalogs, "LOCALE", tmp_path)
    found = catalogs.extract()
    catalogs.update(found)  # every text added, none translated
    problems = catalogs.missing(found)
    assert any("not translated: 'Who is playing?'" in p for p in problems)


def test_every_text_is_said_one_way_in_every_area_of_a_language() -> None:
    """The app reads a language's area files as one catalog: two translations of the
    same text (in the same context) would lose one."""
    assert _catalogs_script().differing() == []


def test_the_check_finds_a_text_two_areas_translate_differently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogs = _catalogs_script()
    monkeypatch.setattr(catalogs, "LOCALE", tmp_path)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (tmp_path / "es").mkdir()
    for area, said in (("console", "tranquilo"), ("check_in", "en calma")):
        text = f'{header}msgid "calm"\nmsgstr "{said}"\n'
        (tmp_path / "es" / f"{area}.po").write_text(text, encoding="utf-8")
    (tmp_path / "es" / "screens.po").write_text(
        f'{header}msgctxt "sensory preset"\nmsgid "calm"\nmsgstr "tranquilo"\n', encoding="utf-8"
    )
    assert catalogs.differing() == [
        "es: 'calm' differs between areas: 'en calma' (check_in) / 'tranquilo' (console)"
    ]


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {SOURCE_LANGUAGE}))
def test_a_language_looks_its_words_up(language: str) -> None:
    """The picker's title in each language comes from its catalog, not the English."""
    assert (locale_dir() / language).is_dir()
    title = words(language).tr("Who is playing?")
    assert title and title != "Who is playing?"
    assert words(language).right_to_left == (language in RIGHT_TO_LEFT)


def test_source_language_and_unknown_text_fall_back_to_the_code() -> None:
    assert words("en").tr("Who is playing?") == "Who is playing?"
    assert words("es").tr("a text no catalog has") == "a text no catalog has"
    assert words("es").tr("{n} left", n=3) == "3 left"


def test_a_language_not_shipped_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"'fr' is not a shipped language.*es \(Español\)"):
        check_language("fr")
    assert check_language("", allow_empty=True) == ""


#: What the therapist console is called in each shipped language (its menu button,
#: "Therapist console"): every text that names the console says it the same way.
CONSOLE_NAMES = {"es": "consola", "ar": "لوحة المعالج", "zh": "控制台"}


@pytest.mark.parametrize("language", sorted(CONSOLE_NAMES))
def test_the_console_has_one_name_in_each_language(language: str) -> None:
    assert CONSOLE_NAMES[language] in words(language).tr("Therapist console").lower()
    differently = []
    for catalog in sorted((locale_dir() / language).glob("*.po")):
        with catalog.open("rb") as source:
            for message in read_po(source):
                english = message.id if isinstance(message.id, str) else message.id[0]
                said = message.string if isinstance(message.string, str) else message.string[0]
                named = re.search(r"\bconsole\b(?!/)", english, re.IGNORECASE)
                if named and CONSOLE_NAMES[language] not in said.lower():
                    differently.append(f"{catalog.name}: {english!r} -> {said!r}")
    assert differently == []
