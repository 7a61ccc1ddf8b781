"""The screens the app draws itself speak the clinic's and the child's language: the words
come from the catalogs (not the English of the code), Arabic screens read from the right
where direction matters, and every text still fits its box (the layout check, run in each
translated language on three screens: the full matrix stays English)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pygame
import pytest
from helpers import FULL_TESTS

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.intensity import CHANNELS, PRESETS
from sensory_games.domain.language import LANGUAGES, SOURCE_LANGUAGE, words
from sensory_games.domain.pin import PIN_DIGITS
from sensory_games.engine.app import App
from sensory_games.engine.layout_check import check_screen
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.intensity_overlay import PANEL_WORDS
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui.layout_rules import check_boxes, line_box
from sensory_games.ui.screen_matrix import ClinicScreen

TRANSLATED = sorted(set(LANGUAGES) - {SOURCE_LANGUAGE})
#: The screens the layout check runs on in each translated language: the smallest
#: landscape (where longer words run out of room first) in every language, and the
#: narrowest portrait in the language read from the right (ar) and, in the full run
#: (`make test-full`, CI), the one whose words are longest (es: 16 s more). Each check
#: takes in the console's pages too. (The full matrix of screens stays English:
#: tests/test_layout_check.py.)
LANGUAGE_SCREENS = [
    *((ClinicScreen(800, 480, 130), language) for language in TRANSLATED),
    *(
        (ClinicScreen(800, 1280, 220), language)
        for language in ("es", "ar")
        if FULL_TESTS or language == "ar"
    ),
]
ADULT_MENU = (
    "Continue",
    "Sensory settings",
    "Therapist console",
    "Timing check",
    "Export",
    "Change child",
    "Close the app",
)


def app_in(language: str, config: AppConfig, repository: Repository, size: tuple[int, int]) -> App:
    """A headless app whose clinic speaks `language`."""
    return App(
        replace(config, language=language),
        repository,
        VirtualClock(),
        window_size=size,
        headless=True,
    )


@pytest.mark.parametrize(
    ("screen", "language"),
    LANGUAGE_SCREENS,
    ids=[f"{s.name}-{lang}" for s, lang in LANGUAGE_SCREENS],
)
def test_every_screen_meets_every_rule_in_every_language(
    sample_clinic: tuple[AppConfig, Path], screen: ClinicScreen, language: str
) -> None:
    config, data = sample_clinic
    problems, views = check_screen(screen, replace(config, language=language), data)
    assert views > 60
    assert not problems, "\n".join(str(p) for p in problems[:40])


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_picker_and_the_adult_menu_speak_the_clinics_language(
    language: str, config: AppConfig, repository: Repository
) -> None:
    app = app_in(language, config, repository, (1280, 800))
    said = words(language).tr
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    app.frame()
    assert picker.title == said("Who is playing?") != "Who is playing?"
    guest = [tile.label for tile in picker.all_tiles]
    assert guest == [said("Guest")] and guest != ["Guest"]
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    app.frame()
    labels = [button.label for button in menu.menu]
    assert labels == [said(english) for english in ADULT_MENU]
    assert not set(labels) & set(ADULT_MENU)  # (none left in English)
    assert menu.title == said("Adult menu") != "Adult menu"
    shown = {box.name for box in menu.layout_boxes()}
    assert f"title {menu.title!r}" in shown and f"label {labels[0]!r}" in shown


def test_a_childs_own_language_is_their_screens_and_the_adults_keep_the_clinics(
    config: AppConfig, repository: Repository
) -> None:
    app = app_in("es", config, repository, (1280, 800))
    child = replace(repository.guest_profile(), language="zh")
    app.stage.start_session(child)
    assert app.stage.child_words.tr("Who is playing?") == words("zh").tr("Who is playing?")
    menu = AdultMenuScene(app.stage)
    assert menu.title == words("es").tr("Adult menu")


def many_children(repository: Repository, count: int) -> None:
    for number in range(count):
        repository.add_profile(alias=f"Child {number + 1:02d}", animal="cat", colour=number % 6)


def paging(language: str, config: AppConfig, repository: Repository) -> ProfilePickerScene:
    """The picker, on its first page, of a clinic of 30 children on a small screen."""
    many_children(repository, 30)
    app = app_in(language, config, repository, (800, 480))
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    app.frame()
    assert picker.pages is not None and picker.pages.pages > 1
    return picker


def test_arabic_turns_the_pages_from_the_left_and_reads_each_row_from_the_right(
    config: AppConfig, repository: Repository
) -> None:
    picker = paging("ar", config, repository)
    middle = picker.stage.metrics.width_px // 2
    [onward] = picker.paging
    assert onward.label == "next" and onward.rect.centerx < middle  # (the next page: left)
    first_row = [t for t in picker.tiles if t.rect.top == picker.tiles[0].rect.top]
    xs = [tile.rect.x for tile in first_row]
    assert len(xs) > 1 and xs == sorted(xs, reverse=True)  # (the first child: rightmost)
    dots = picker.pages.dots(right_to_left=True)
    assert dots[0][0] > dots[-1][0]  # (the first page's dot: rightmost)
    onward.on_press()
    assert [b.label for b in picker.paging] == ["previous", "next"]
    back = picker.paging[0]
    assert back.rect.centerx > middle  # (back to the first page: right)


def test_a_language_read_left_to_right_keeps_the_next_page_on_the_right(
    config: AppConfig, repository: Repository
) -> None:
    picker = paging("es", config, repository)
    [onward] = picker.paging
    assert onward.label == "next" and onward.rect.centerx > picker.stage.metrics.width_px // 2
    first_row = [t for t in picker.tiles if t.rect.top == picker.tiles[0].rect.top]
    xs = [tile.rect.x for tile in first_row]
    assert xs == sorted(xs)


def test_every_word_of_the_sensory_panel_is_marked_for_the_catalogs() -> None:
    assert set(CHANNELS) | set(PRESETS) | {"close"} == set(PANEL_WORDS)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_note_of_the_keypad_fits_the_narrowest_screen_in_every_language(
    language: str,
) -> None:
    """What the keypad may say fits one line on a 91 mm wide portrait at 3 mm capitals."""
    said = words(language)
    metrics = ClinicScreen(1080, 1920, 300).metrics
    low, high = PIN_DIGITS
    notes = (
        *(
            said.tr_n(
                "Wrong PIN ({left} more try before a lock)",
                "Wrong PIN ({left} more tries before a lock)",
                left,
                left=left,
            )
            for left in (1, 4)
        ),
        said.tr("Locked after wrong PINs: wait {wait}", wait="14:59"),
        said.tr("The two PINs differ: choose again"),
        said.tr("A PIN is {low} to {high} digits", low=low, high=high),
    )
    boxes = [line_box("note", n, metrics.font_px(3.0), 400, metrics) for n in notes]
    assert check_boxes(boxes, metrics, "keypad") == []


def test_the_layout_check_refuses_a_language_not_shipped(capsys) -> None:
    from sensory_games.cli.entry import main

    assert main(["layout-check", "--language", "xx", "--screen", "800x480@130dpi"]) != 0
    error = capsys.readouterr().err
    assert "--language" in error and "'xx' is not a shipped language" in error


def test_every_word_of_the_screens_draws_without_a_box_in_every_language() -> None:
    """Each piece a translated screen text is drawn in has every glyph in its font: the
    Arabic font has no brackets, "%", "?" or "/", which are then drawn in Noto Sans."""
    from babel.messages.pofile import read_po

    from sensory_games.domain.language import locale_dir
    from sensory_games.ui.fonts import FACES, drawn_pieces, has_glyphs

    boxes = []
    for language in TRANSLATED:
        with (locale_dir() / language / "screens.po").open("rb") as stream:
            catalog = read_po(stream, locale=language)
        for message in catalog:
            if not message.id:
                continue
            for text in message.string if isinstance(message.string, tuple) else [message.string]:
                filled = text.replace("{", "").replace("}", "")  # (a field's name: Latin)
                boxes += [
                    (language, text, piece)
                    for piece, face in drawn_pieces(filled)
                    if not has_glyphs(FACES[face].file, piece)
                ]
    assert not boxes, boxes[:10]


def test_an_arabic_line_draws_its_brackets_mirrored_and_in_its_reading_order() -> None:
    from sensory_games.ui.fonts import drawn_pieces

    pieces = [piece for piece, _face in drawn_pieces("رمز PIN خاطئ (المتبقي قبل القفل: 4)")]
    assert pieces[0] == "(" and pieces[1] == "4"  # (the line's end, on the left)
    assert pieces[-1] == "رمز " and ")" in pieces  # (its start on the right)


@pytest.mark.parametrize("language", ["ar", "es"])
def test_the_adult_menu_reads_from_the_right_in_arabic_only(
    language: str, config: AppConfig, repository: Repository
) -> None:
    """In Arabic the first entry ("Continue") is at the top right, its arrow points right
    (back, for a reader from the right) and each icon stands right of its words."""
    from sensory_games.engine.scenes.adult_menu import label_area

    app = app_in(language, config, repository, (800, 480))
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    app.frame()
    first, second = menu.menu[0].rect, menu.menu[1].rect
    assert first.top == second.top  # (two columns at 800x480)
    rtl = language == "ar"
    assert (first.x > second.x) is rtl
    words_at = label_area(first, rtl)
    assert (words_at.right < first.right) is rtl and (words_at.x > first.x) is not rtl
    boxes = {box.name: box.rect for box in menu.layout_boxes()}
    label = boxes[f"label {menu.menu[0].label!r}"]
    assert words_at.contains(label)
    # (the icon's ink: on the right half of the button in Arabic, the left in Spanish)
    icon_side = pygame.Rect(first.right - first.h if rtl else first.x, first.y, first.h, first.h)
    other_side = pygame.Rect(first.x if rtl else first.right - first.h, first.y, first.h, first.h)
    ink = app.child.sensory.palette.ink

    def inked(area: pygame.Rect) -> int:
        return sum(
            tuple(app.surface.get_at((x, y)))[:3] == ink
            for x in range(area.x + 4, area.right - 4)
            for y in range(area.y + 4, area.bottom - 4)
        )

    assert inked(icon_side) > 4 * max(50, inked(other_side))  # (words may reach the other end)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_childs_screens_draw_their_words_in_the_childs_direction(
    language: str, config: AppConfig, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picker's title and the check-in's words are drawn in the direction of the
    child's language (an Arabic line that starts with a Latin name starts at the right),
    an alias under its avatar in its own letters' (None)."""
    from sensory_games.engine.scenes.check_in import CheckInScene
    from sensory_games.ui import text
    from sensory_games.ui.widgets import button_look

    button_look.cache_clear()  # (a look an earlier test drew would show its words unseen)
    drawn: list[tuple[str, bool | None]] = []
    draw = text.text_surface

    def recorded(
        line: str, size: int, colour: tuple[int, int, int], right_to_left: bool | None = None
    ) -> pygame.Surface:
        drawn.append((line, right_to_left))
        return draw(line, size, colour, right_to_left)

    monkeypatch.setattr(text, "text_surface", recorded)
    repository.add_profile(alias="Mia", animal="cat", colour=2)
    app = app_in("en", config, repository, (1280, 800))
    noor = repository.add_profile(alias="Noor", animal="owl", colour=1, language=language)
    app.stage.start_session(noor)
    picker = ProfilePickerScene(app.stage)
    app.push(picker)
    app.frame()
    rtl = words(language).right_to_left
    assert (picker.title, rtl) in drawn
    assert ("Mia", None) in drawn
    check_in = CheckInScene(app.stage, "before", lambda _: None)
    app.push(check_in)
    app.frame()
    labels = [face.label for face in check_in.faces]
    assert labels and all((label, rtl) in drawn for label in labels), drawn
