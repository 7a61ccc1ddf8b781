"""Activity titles are marked in English and shown translated wherever an adult reads
them: the launcher tiles' labels (the layout check's names), the progress report's
table, pages and check-in words (the console's pages: tests/test_console_languages.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sensory_games.activities import REGISTRY
from sensory_games.domain.check_in import SCALES
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.language import words
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.storage import Repository

TRANSLATED = ("es", "ar", "zh")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_launchers_tiles_are_labelled_in_the_clinics_language(
    config: AppConfig, repository: Repository, language: str
) -> None:
    """The labels are for the adults (and the layout check): the clinic's language, even
    when the child's own language is another."""
    app = App(
        replace(config, language=language),
        repository,
        VirtualClock(),
        window_size=(1280, 800),
        headless=True,
    )
    other = next(code for code in TRANSLATED if code != language)
    app.stage.start_session(replace(repository.guest_profile(), language=other))
    menu = ActivityMenuScene(app.stage)
    said = words(language)
    labels = {tile.label for tile in menu.all_tiles}
    assert labels == {said.tr(REGISTRY[slug].title) for slug in menu.tile_slugs}
    assert not labels & {activity.title for activity in REGISTRY.values()}
    named = {box.name for box in menu.layout_boxes()}
    assert f"button {said.tr(REGISTRY[menu.tile_slugs[0]].title)!r}" in named


@pytest.mark.parametrize("language", ("ar", "zh"))
def test_the_report_prints_activity_titles_and_feelings_in_the_clinics_language(
    repository: Repository, language: str
) -> None:
    pytest.importorskip("uharfbuzz")
    from test_report_languages import play, request, texts

    from sensory_games.services.report import build_report

    play(repository, "Sam")  # (bubbles, the drum, calming, tracing; check-ins 2 and 4)
    printed = "\n".join(texts(build_report(repository, request("Sam", language)).pages))
    said = words(language)
    for slug in ("bubbles", "bilateral_drum", "calming", "tracing"):
        assert said.tr(REGISTRY[slug].title) in printed, slug
        assert REGISTRY[slug].title not in printed, slug
    feelings = SCALES["faces"].points
    assert all(said.tr(feeling.words) in printed for feeling in feelings)
    assert not any(f"{feeling.words} (" in printed for feeling in feelings)
