"""The console in the clinic's words, second wave: the Voice page translated, the
progress list's check-in legend saying each scale's words, the profile form's check-in
scale (a new child's language, voice and scale stored in one write), and the layout
check speaking the clinic folder's language unless --language says otherwise."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pygame
import pytest
from pygame_gui.elements import UILabel

from sensory_games.cli import layout_check as layout_check_cli
from sensory_games.cli.entry import main
from sensory_games.cli.errors import CliError
from sensory_games.domain.check_in import SCALES, BeforeAfter
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.language import words
from sensory_games.domain.prompts import PROMPTS
from sensory_games.engine.app import App
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console import voice as voice_page
from sensory_games.engine.console.progress_list import LEGEND, draw_list, legend_lines
from sensory_games.engine.console.voice import BUTTONS, NO_MICROPHONE, VoicePage
from sensory_games.storage import Repository


def console_in(
    config: AppConfig, repository: Repository, clock: VirtualClock, language: str
) -> ConsoleScene:
    """The console open at 1280x800@220dpi for a clinic whose language is `language`."""
    display = dataclasses.replace(config.display, dpi=220.0)
    app = App(
        dataclasses.replace(config, display=display, language=language),
        repository,
        clock,
        window_size=(1280, 800),
        headless=True,
    )
    console = ConsoleScene(app.stage)
    app.push(console)
    return console


# -- the Voice page -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "ar", "zh"])
def test_the_voice_page_speaks_the_clinics_language(
    config, repository, clock, monkeypatch, language
) -> None:
    monkeypatch.setattr(voice_page, "find_microphone", lambda: None)
    said = words(language)
    console = console_in(config, repository, clock, language)
    console.show("voice")
    page = console.page
    assert isinstance(page, VoicePage)
    assert [b.text for b in page.buttons.values()] == [said.tr(t) for t in BUTTONS.values()]
    assert all(
        b.text != english
        for b, english in zip(page.buttons.values(), BUTTONS.values(), strict=True)
    )
    labels = {w.text for w in page.widgets if isinstance(w, UILabel)}
    assert {said.tr("Language"), said.tr("Prompt")} <= labels
    assert "Prompt" not in labels
    assert page.status.text == said.tr(NO_MICROPHONE) != NO_MICROPHONE
    # the prompt menu: each prompt numbered, in the clinic's words (cut short if long)
    options = [option[0] for option in page.prompt_menu.options_list]
    assert len(options) == len(PROMPTS) == len(set(options))
    for number, (option, english) in enumerate(
        zip(options, PROMPTS.values(), strict=True), start=1
    ):
        whole = f"{number}. {said.tr(english)}"
        assert option == whole or (option.endswith("…") and whole.startswith(option[:-1]))
    for prompt_id in PROMPTS:  # each option stands for its prompt
        page.set_value(page.prompt_menu, prompt_id)
        assert page.prompt_id == prompt_id
    page.play_file(shipped=False)  # (no clinic's recording yet: the status says why)
    name = f"{page.prompt_id}.wav"
    prefix = said.tr("Cannot play {file}: {error}", file=name, error="\0").split("\0")[0]
    assert page.status.text.startswith(prefix) and prefix != f"Cannot play {name}: "


def test_a_status_with_an_apostrophe_is_shown_once_escaped(
    config, repository, clock, monkeypatch
) -> None:
    """The status line escapes its text itself: the page hands it plain words (an
    apostrophe shown as an apostrophe, not as &#x27;)."""
    monkeypatch.setattr(voice_page, "find_microphone", lambda: None)
    console = console_in(config, repository, clock, "en")
    console.show("voice")
    page = console.page
    page.play_file(shipped=False)
    assert "&amp;" not in page.status.html_text and "Cannot play" in page.status.text


# -- the progress list's check-in legend ---------------------------------------------


def pair(scale: str, before: int = 1, after: int = 2) -> BeforeAfter:
    return BeforeAfter("s", "a", "2026-11-28T09:00:00", before, after, True, True, scale)


def test_the_legend_says_the_words_of_each_scale_listed() -> None:
    said = words("en")
    assert legend_lines([], said) == []
    assert legend_lines([pair("faces"), pair("faces", 3, 5)], said) == [
        said.tr(LEGEND),
        "five faces: 1 sad, 2 worried, 3 okay, 4 happy, 5 calm",
    ]
    assert legend_lines([pair("three_faces"), pair("zones")], said) == [
        said.tr(LEGEND),
        "four-colour zones: 1 blue: low, 2 green: ready, 3 yellow: wound up, 4 red: stormy",
        "three faces: 1 sad, 2 okay, 3 happy",
    ]
    assert "very upset" not in " ".join(legend_lines([pair("faces")], said))


@pytest.mark.parametrize("language", ["es", "ar", "zh"])
def test_the_legend_is_in_the_clinics_language(language) -> None:
    said = words(language)
    [heading, faces] = legend_lines([pair("faces")], said)
    assert heading == said.tr(LEGEND) != LEGEND
    assert faces.startswith(said.tr(SCALES["faces"].title))
    for point in SCALES["faces"].points:
        assert said.tr(point.words) in faces and said.tr(point.words) != point.words


def test_the_legend_is_drawn_under_the_list_when_there_is_room(config) -> None:
    said = words("en")
    line = ("28 Nov 14:05", "L3", "0.82", "41.2 s", "1 to 2")
    legend = legend_lines([pair("zones")], said)
    drawn = []
    for shown_legend in ((), legend):
        surface = pygame.Surface((900, 400))
        assert draw_list(surface, [line], 20, 8, said, None, shown_legend) == 1
        drawn.append(pygame.image.tobytes(surface, "RGB"))
    assert drawn[0] != drawn[1]  # the legend's lines drawn below the attempt
    cramped = pygame.Surface((900, 4 * 30))  # (room for the title, headings, one line)
    plain = pygame.Surface((900, 4 * 30))
    draw_list(cramped, [line], 20, 8, said, None, legend)
    draw_list(plain, [line], 20, 8, said)
    assert pygame.image.tobytes(cramped, "RGB") == pygame.image.tobytes(plain, "RGB")


# -- the profile form: check-in scale, one write for a new child -----------------------


def test_a_new_childs_language_voice_and_scale_are_stored_in_one_write(
    config, repository, clock, monkeypatch
) -> None:
    edits = []
    update = repository.update_profile
    monkeypatch.setattr(repository, "update_profile", lambda p: edits.append(p) or update(p))
    console = console_in(config, repository, clock, "es")
    page = console.page
    said = words("es")
    assert [o[0] for o in page.scale.options_list] == [
        said.tr("the clinic's scale"),
        *(said.tr(scale.title) for scale in SCALES.values()),
    ]
    assert page.value(page.scale) == ""
    page.alias.set_text("Noor")
    page.set_value(page.language, "ar")
    page.set_value(page.voice, "off")
    page.set_value(page.scale, "three_faces")
    page.save_profile()
    noor = repository.profile_by_alias("Noor")
    assert (noor.language, noor.voice, noor.check_in_scale) == ("ar", False, "three_faces")
    assert edits == []  # (added with every setting: no second write)
    [entry] = repository.audit_entries()
    assert entry.action == "profile added"
    assert "language ar, voice off, check-in three_faces" in entry.detail


def test_a_childs_check_in_scale_is_shown_and_saved(config, repository, clock) -> None:
    repository.add_profile(alias="Mia", animal="cat", check_in_scale="zones")
    console = console_in(config, repository, clock, "en")
    page = console.page
    page.load(repository.profile_by_alias("Mia"))
    assert page.value(page.scale) == "zones" and page.scale.selected_option[0] == (
        "four-colour zones"
    )
    page.set_value(page.scale, "")
    page.save_profile()
    assert repository.profile_by_alias("Mia").check_in_scale == ""  # (the clinic's again)
    assert page.status.text == "Saved Mia"
    [entry] = repository.audit_entries()
    assert entry.action == "profile edited" and "check-in" not in entry.detail


# -- the layout check's language --------------------------------------------------------


def clinic_folder(tmp_path: Path, language: str) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "app.yaml").write_text(f"clinic:\n  language: {language}\n", encoding="utf-8")
    return folder


def test_the_layout_check_speaks_the_clinic_folders_language_unless_told(tmp_path) -> None:
    folder = clinic_folder(tmp_path, "es")
    args = argparse.Namespace(language=None, config_dir=str(folder))
    assert layout_check_cli.chosen_language(args) == "es"
    assert (
        layout_check_cli.chosen_language(
            argparse.Namespace(language="zh", **{"config_dir": str(folder)})
        )
        == "zh"
    )  # (--language wins)
    with pytest.raises(CliError, match="--language"):
        layout_check_cli.chosen_language(argparse.Namespace(language="xx", config_dir=None))


def test_layout_check_with_a_config_dir_checks_in_its_language(
    tmp_path, monkeypatch, capsys
) -> None:
    heard = []

    def check_screens(screens, only, report, language):
        heard.append(language)
        return [], 1

    monkeypatch.setattr(layout_check_cli, "check_screens", check_screens)
    folder = clinic_folder(tmp_path, "ar")
    base = ["layout-check", "--screen", "800x480@130dpi", "--config-dir", str(folder)]
    assert main(base) == 0
    assert main([*base, "--language", "es"]) == 0
    assert heard == ["ar", "es"]
    (folder / "app.yaml").write_text("clinic:\n  language: klingon\n", encoding="utf-8")
    assert main(base) == 2  # (a clinic folder's bad language: its one-line error)
    assert "language" in capsys.readouterr().err
