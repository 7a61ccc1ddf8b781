"""The therapist console in the clinic's language (app.yaml clinic.language) and every
script: its words come from the console's catalogs, a child's alias in Chinese, Arabic,
Hebrew, Devanagari, Georgian or Vietnamese is drawn by a face that has its glyphs (not
pygame_gui's Noto Sans, which draws boxes), Arabic reads right to left, the child's
language and voice are edited and handed to the service, and pygame_gui warns of nothing.
"""

from __future__ import annotations

import dataclasses
import warnings
from datetime import datetime, timezone
from typing import get_args

import pygame
import pytest
from pygame_gui.elements import UIButton, UILabel
from test_console_layout import check_layout, open_page

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.intensity import CHANNELS, PRESETS
from sensory_games.domain.language import LANGUAGES, words
from sensory_games.domain.profile import ANIMALS, HANDS, POINTERS
from sensory_games.engine.app import App
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.fonts import ScriptFont, _line
from sensory_games.engine.console.layout import open_pop_ups
from sensory_games.engine.console.levels import RULE_WORDS
from sensory_games.engine.console.profiles import CHANNEL_WORDS, VALUE_WORDS
from sensory_games.engine.console.scene import TABS
from sensory_games.engine.console.widgets import select
from sensory_games.services.levels import MasterySetting
from sensory_games.storage import Repository
from sensory_games.ui.fonts import FACES, face_font, face_runs, has_glyphs, missing

#: An alias in each script a clinic meets (Noto Sans has the glyphs of only the last two).
ALIASES = ("山田花子", "محمد", "דניאל", "ნინო", "김민준", "अर्जुन", "Nguyễn Thị Lan")
#: The clinic languages besides the source's.
TRANSLATED = ("es", "ar", "zh")


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start_wall=datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))


def console_in(
    config: AppConfig,
    repository: Repository,
    clock: VirtualClock,
    language: str,
    screen: tuple[int, int, int] = (1280, 800, 220),
) -> ConsoleScene:
    """The console open on a `screen` (w, h, dpi) of a clinic whose language is
    `language`, with a child of each of ALIASES."""
    width, height, dpi = screen
    display = dataclasses.replace(config.display, dpi=float(dpi))
    app = App(
        dataclasses.replace(config, display=display, language=language),
        repository,
        clock,
        window_size=(width, height),
        headless=True,
    )
    for n, alias in enumerate(ALIASES):
        if repository.profile_by_alias(alias) is None:
            repository.add_profile(alias=alias, animal="owl", colour=n % 6)
    console = ConsoleScene(app.stage)
    app.push(console)
    console.app = app
    app.frame()
    return console


def drawn_whole(text: str, font: object) -> bool:
    """Whether `font` (a widget's) draws every visible character of `text` with a glyph
    of the face it uses for it: no box anywhere."""
    assert isinstance(font, ScriptFont), type(font)
    parts = _line(text, font.size_px, font.bold)
    assert sum(len(part) for part, _face, _x in parts) == len(text)
    return all(
        all(
            metric is not None
            for metric, char in zip(face.metrics(part), part, strict=True)
            if char.strip()
        )
        for part, face, _x in parts
    )


def test_pygame_guis_own_font_would_draw_these_aliases_as_boxes() -> None:
    """(What the console is guarded against: the test below can fail.)"""
    for alias in ALIASES[:5]:
        assert not has_glyphs("NotoSans-Regular.ttf", alias), alias
    for alias in ALIASES:
        assert missing(alias) == "", alias


@pytest.mark.parametrize("language", ["en", *TRANSLATED])
def test_every_alias_is_drawn_with_its_glyphs_in_the_list_and_an_open_drop_down(
    config, repository, clock, language: str
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        console = console_in(config, repository, clock, language)
        buttons = {b.text: b for b in console.page.child_buttons}
        for alias in ALIASES:
            assert drawn_whole(alias, buttons[alias].font), (language, alias)
        console.show("levels")
        page = console.page
        rows = []
        for menu, listed in open_pop_ups(console.manager, console.update, set()):
            if menu is page.child:
                assert listed is not None
                expanded = menu.menu_states["expanded"].options_selection_list
                rows = [i["button_element"] for i in expanded.item_list if i["button_element"]]
                break
        assert len(rows) >= 4 and {row.text for row in rows} <= set(ALIASES)
        for row in rows:  # (the rows the open list shows: the first children, A to Z)
            assert drawn_whole(row.text, row.font), (language, row.text)
        for alias in ALIASES:  # each child chosen: the closed drop-down shows them
            select(page.child, alias)
            shown = page.child.current_state.selected_option_button
            assert shown.text == alias and drawn_whole(alias, shown.font), (language, alias)
    assert [str(w.message) for w in caught] == []


def test_an_arabic_alias_with_brackets_keeps_its_letters_and_its_brackets() -> None:
    """The Arabic face has no brackets: drawn in one face, "محمد (2)" was all boxes."""
    pygame.font.init()
    assert not has_glyphs("NotoSansArabic-Regular.ttf", "محمد (2)")
    parts = face_runs("محمد (2)")
    assert [FACES[index].file for _part, index in parts] == [
        "NotoSansArabic-Regular.ttf",
        "NotoSans-Regular.ttf",
    ]
    assert "".join(part for part, _index in parts) == "محمد (2)"
    font = ScriptFont(30)
    assert drawn_whole("محمد (2)", font)
    assert drawn_whole("(لا يوجد أطفال بعد)", font)
    width, height = font.size("محمد (2)")
    assert width > font.size("محمد")[0] and height == font.size("Mia")[1]


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_console_page_in_each_language_shows_its_words(
    config, repository, clock, language: str
) -> None:
    said = words(language)
    console = console_in(config, repository, clock, language)
    tabs = [console.tabs[name].text for name, _label, _page in TABS]
    assert tabs == [said.tr(label) for _name, label, _page in TABS]
    assert all(tab != label for tab, (_n, label, _p) in zip(tabs, TABS, strict=True))
    page = console.page
    labels = {w.text for w in page.widgets if isinstance(w, UILabel)}
    assert {said.tr("Alias"), said.tr("Animal"), said.tr("Language"), said.tr("Voice")} <= labels
    assert "Notes" not in labels and "Age band" not in labels
    assert page.save.text == said.tr("Save") != "Save"
    assert page.child_buttons[0].text == said.tr("+ New child")
    page.alias.set_text("Noor")
    page.save_profile()
    assert page.status.text == said.tr("Saved {alias}", alias="Noor") != "Saved Noor"
    for widget in page.widgets:  # every label and button draws its words without a box
        if isinstance(widget, UILabel | UIButton) and widget.text:
            assert drawn_whole(widget.text, widget.font), (language, widget.text)


def test_in_chinese_every_console_word_is_in_the_chinese_face(config, repository, clock) -> None:
    console = console_in(config, repository, clock, "zh")
    chinese = next(i for i, face in enumerate(FACES) if face.file == "NotoSansSC-Regular.otf")
    words_shown = [*console.tabs.values(), console.page.save, console.page.child_buttons[0]]
    for widget in words_shown:
        parts = _line(widget.text, widget.font.size_px, False)
        faces = {face for part, face, _x in parts if part.strip() not in ("", "+")}
        assert faces == {face_font(chinese, widget.font.size_px, False)}, widget.text


def test_in_arabic_the_console_reads_right_to_left(config, repository, clock) -> None:
    """The first tab at the right, each label right of its field and set against its
    right edge, the children's list right of the form."""
    console = console_in(config, repository, clock, "ar", (1920, 1200, 220))
    tabs = [console.tabs[name].rect for name, _label, _page in TABS]
    first_row = [rect for rect in tabs if rect.y == tabs[0].y]
    assert [r.x for r in first_row] == sorted((r.x for r in first_row), reverse=True)
    page = console.page
    assert page.roster.area.viewport.x > page.area.viewport.right
    label = next(w for w in page.widgets if isinstance(w, UILabel) and w.text == "الحيوان")
    assert label.rect.x > page.animal.rect.right  # (beside its field, on its right)
    theme = console.manager.get_theme()
    assert theme.get_misc_data("text_horiz_alignment", label.combined_element_ids) == "right"
    english = console_in(config, repository, clock, "en", (1920, 1200, 220)).page
    assert english.roster.area.viewport.right < english.area.viewport.x


def test_the_childs_language_and_voice_are_shown_and_handed_to_the_service(
    config, repository, clock, monkeypatch
) -> None:
    handed = []
    update = repository.update_profile

    def spy(profile):
        handed.append(profile)
        return update(profile)

    monkeypatch.setattr(repository, "update_profile", spy)
    console = console_in(config, repository, clock, "es")
    page = console.page
    child = dataclasses.replace(repository.profile_by_alias("محمد"), language="ar", voice=False)
    page.load(child)
    assert page.value(page.language) == "ar" and page.value(page.voice) == "off"
    assert page.language.selected_option[0] == "العربية"  # (a language by its own name)
    assert page.voice.selected_option[0] == words("es").tr("off")
    assert [option[0] for option in page.language.options_list] == [
        words("es").tr("the clinic's language"),
        *LANGUAGES.values(),
    ]
    page.set_value(page.language, "zh")
    page.set_value(page.voice, "on")
    page.save_profile()
    assert (handed[-1].language, handed[-1].voice) == ("zh", True)
    assert handed[-1].alias == "محمد" and handed[-1].animal == "owl"
    page.load(None)  # a new child: the clinic's language, voice on
    assert page.value(page.language) == "" and page.value(page.voice) == "on"
    page.alias.set_text("Noor")
    page.set_value(page.voice, "off")
    edits = len(handed)
    page.save_profile()
    noor = repository.profile_by_alias("Noor")
    assert (noor.language, noor.voice) == ("", False)
    assert len(handed) == edits  # (added with them in one write: no second one)


def test_every_stored_value_on_the_console_has_its_words() -> None:
    assert set(VALUE_WORDS) == {*ANIMALS, *HANDS, *POINTERS, *PRESETS}
    assert set(CHANNEL_WORDS) == set(CHANNELS)
    assert set(RULE_WORDS) == set(get_args(MasterySetting))
    for language in ("ar", "zh"):  # (another script: each is its own; es shares "Visual")
        said = words(language)
        for text in (*VALUE_WORDS.values(), *CHANNEL_WORDS.values(), *RULE_WORDS.values()):
            assert said.tr(text) != text, (language, text)


@pytest.mark.parametrize("language", ["ar", "zh"])
@pytest.mark.parametrize("screen", [(1280, 800, 220), (800, 480, 130)], ids=lambda s: f"{s}")
def test_every_page_fits_or_scrolls_in_arabic_and_chinese(
    config, repository, clock, language: str, screen: tuple[int, int, int]
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        console = console_in(config, repository, clock, language, screen)
        for name in ("profiles", "levels", "plans", "audit"):
            if name == "levels":  # (open_page's child is not in this clinic)
                console.show(name)
            else:
                open_page(console, name)
            check_layout(console, f"{language} {screen} {name}")
    assert [str(w.message) for w in caught] == []


def test_in_arabic_a_console_line_starting_with_a_number_reads_from_the_right(
    config, repository, clock
) -> None:
    """A plan step ("3. Tracing، المستوى 4، 5 د") starts at the right in an Arabic
    console: its number rightmost, its minutes leftmost; in English, a line's own first
    letter decides (an Arabic alias alone reads right to left)."""
    arabic = console_in(config, repository, clock, "ar")
    font = arabic.tabs["plans"].font
    assert isinstance(font, ScriptFont) and font.right_to_left is True
    line = words("ar").tr(
        "{number}. {activity}, level {level}, {minutes} min",
        number=3,
        activity="Tracing",
        level=4,
        minutes=5,
    )
    parts = [part for part, _face, _x in _line(line, font.size_px, False, font.right_to_left)]
    assert parts[-1] == "3" and parts[0].strip() == "د", parts


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_in_a_left_to_right_console_a_line_starting_with_an_arabic_alias_reads_from_the_left(
    config, repository, clock, language: str
) -> None:
    """ "محمد: no plan" in an English, Spanish or Chinese console: the alias first, at the
    left, the rest after it (not "no plan :محمد" laid out from the right)."""
    font = console_in(config, repository, clock, language).tabs["plans"].font
    assert isinstance(font, ScriptFont) and font.right_to_left is False
    line = "محمد: no plan"
    parts = [part for part, _face, _x in _line(line, font.size_px, False, font.right_to_left)]
    shown = [part for part, _face, _x in _line(line, font.size_px, False, None)]
    assert parts[0] == "محمد" and parts[-1].endswith("no plan"), parts
    assert shown[0] == "no plan", shown  # (what a line without its reader's direction showed)


def test_in_arabic_the_plus_of_new_child_leads_at_the_right(config, repository, clock) -> None:
    """ "+ طفل جديد": the plus sign starts the line, so it is drawn rightmost, and its ink
    lies right of the words' ink on the button."""
    console = console_in(config, repository, clock, "ar")
    button = console.page.child_buttons[0]
    assert button.text == "+ طفل جديد"
    font = button.font
    placed = _line(button.text, font.size_px, False, font.right_to_left)
    parts = [part for part, _face, _x in placed]
    assert parts[-1].strip() == "+" and "+" not in "".join(parts[:-1]), parts
    (words, face, x), (_plus, _face, plus_x) = placed[0], placed[-1]
    assert plus_x >= x + face.size(words)[0]  # (the plus right of the words)


def test_in_arabic_a_line_without_arabic_letters_reads_left_to_right(
    config, repository, clock
) -> None:
    """The Audit page quotes English records ("plan saved: long-morning: 1. bubbles, level
    6, 1 min;"): laid out from the right, their punctuation ran to the wrong ends."""
    font = console_in(config, repository, clock, "ar").tabs["plans"].font
    assert isinstance(font, ScriptFont)
    record = "plan saved: long-morning: 1. bubbles, level 6, 1 min;"
    assert font.direction(record) is False
    parts = [part for part, _face, _x in _line(record, font.size_px, False, font.direction(record))]
    assert "".join(parts) == record  # (in its own order, the ";" last)
    assert font.direction("الخطة: long-morning") is True
