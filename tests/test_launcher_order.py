"""The clinic's order of the child's games (app.yaml `launcher.order`): the activities it
names come first, in its order, every other installed one after them in the registry's
order, and none is ever left out; a bad order stops the app with one line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers import on_the_menu, tap_rect

from sensory_games.activities import REGISTRY
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import (
    LAUNCHER_SCHEMA,
    AppConfig,
    ConfigError,
    app_settings,
    load_app_config,
)
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.storage import Repository

ORDER = ["tracing", "bubbles", "calming"]


def clinic_with(tmp_path: Path, app_yaml: str) -> Path:
    """A clinic configuration folder holding only this app.yaml."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "app.yaml").write_text(app_yaml, encoding="utf-8")
    return folder


def menu_of(
    config: AppConfig, repository: Repository, clock: VirtualClock, size: tuple[int, int]
) -> tuple[App, ActivityMenuScene]:
    app = App(config, repository, clock, window_size=size, headless=True)
    return app, on_the_menu(app, repository)


def test_the_order_is_read_from_the_clinic_app_yaml(tmp_path: Path):
    folder = clinic_with(tmp_path, "launcher:\n  order: [tracing, bubbles, calming]\n")
    assert load_app_config(folder).launcher_order == tuple(ORDER)
    sections, sources = app_settings(folder)
    assert sections["launcher"]["order"] == tuple(ORDER)
    assert sources["launcher", "order"] == folder / "app.yaml"


def test_the_shipped_order_names_no_activity_and_allows_every_installed_one():
    assert load_app_config().launcher_order == ()
    assert AppConfig.defaults().in_launcher_order(REGISTRY) == list(REGISTRY)
    # (the domain knows the installed activities by their shipped levels files)
    assert LAUNCHER_SCHEMA["order"].choices == tuple(REGISTRY)


def test_named_first_in_their_order_then_the_rest_in_registry_order(config: AppConfig):
    ordered = replace(config, launcher_order=("calming",))
    rest = [slug for slug in REGISTRY if slug != "calming"]
    assert ordered.in_launcher_order(REGISTRY) == ["calming", *rest]
    ordered = replace(config, launcher_order=tuple(ORDER))
    shown = ordered.in_launcher_order(REGISTRY)
    assert shown[:3] == ORDER
    assert shown[3:] == [slug for slug in REGISTRY if slug not in ORDER]
    # an activity named but not installed here is not shown; none installed is dropped
    assert ordered.in_launcher_order(["bubbles", "bilateral_drum"]) == [
        "bubbles",
        "bilateral_drum",
    ]


#: app.yaml with the order, on the shipped 10.1" screen (one page) and at 220 dpi (pages).
ORDERED_YAML = "launcher:\n  order: [tracing, bubbles, calming]\n"
DENSE_YAML = ORDERED_YAML + "display:\n  dpi: 220\n"


@pytest.mark.parametrize("app_yaml", [ORDERED_YAML, DENSE_YAML], ids=["one page", "220 dpi"])
def test_the_launcher_shows_the_clinic_order_and_every_activity(
    tmp_path: Path, repository: Repository, clock: VirtualClock, app_yaml: str
):
    folder = clinic_with(tmp_path, app_yaml)
    _app, menu = menu_of(load_app_config(folder), repository, clock, (1280, 800))
    expected = [*ORDER, *(slug for slug in REGISTRY if slug not in ORDER)]
    assert menu.tile_slugs == expected
    assert [tile.label for tile in menu.all_tiles] == [REGISTRY[s].title for s in expected]
    # the first tile of the first page, top-left, is the first named
    menu.turn_to(0)
    first = menu.tiles[0]
    assert first is menu.tile("tracing")
    assert min(menu.tiles, key=lambda tile: (tile.rect.y, tile.rect.x)) is first
    # every installed activity is on some page, once
    pages = menu.pages
    on_pages = (
        list(range(len(menu.all_tiles)))
        if pages is None
        else [i for page in range(pages.pages) for i in pages.indices_on(page)]
    )
    assert sorted(menu.tile_slugs[i] for i in on_pages) == sorted(REGISTRY)


def test_on_a_dense_screen_the_named_lead_the_first_page_and_the_rest_follow(
    tmp_path: Path, repository: Repository, clock: VirtualClock
):
    """1280x800 at 220 dpi: the tiles take two pages; the last in the registry, named
    first, is on the first page and what it pushed out is on the next."""
    folder = clinic_with(tmp_path, DENSE_YAML)
    _app, menu = menu_of(load_app_config(folder), repository, clock, (1280, 800))
    assert menu.pages is not None and menu.pages.pages > 1  # (else this proves nothing)
    first_page = [menu.tile_slugs[i] for i in menu.pages.indices_on(0)]
    assert first_page[:3] == ORDER
    last_page = [menu.tile_slugs[i] for i in menu.pages.indices_on(menu.pages.pages - 1)]
    assert last_page[-1] == [slug for slug in REGISTRY if slug not in ORDER][-1]


def test_the_first_tile_opens_the_first_named_activity(
    tmp_path: Path, repository: Repository, clock: VirtualClock
):
    folder = clinic_with(tmp_path, "launcher:\n  order: [tracing, calming]\n")
    app, menu = menu_of(load_app_config(folder), repository, clock, (1280, 800))
    tap_rect(app, clock, menu.all_tiles[0].rect)
    assert isinstance(app.top, ActivityScene) and app.top.slug == "tracing"


@pytest.mark.parametrize(
    ("order", "message"),
    [
        ("[tracing, tracin]", "launcher.order[2] = 'tracin': must be one of bilateral_both,"),
        ("[calming, calming]", "launcher.order[2] = 'calming': is already at [1]"),
        ("tracing", "launcher.order = 'tracing': must be a list of names, each at most once"),
        ("{tracing: 1}", 'launcher.order = {"tracing": 1}: must be a list of names'),
        ("[3]", "launcher.order[1] = 3: must be one of bilateral_both,"),
        ("[[tracing]]", 'launcher.order[1] = ["tracing"]: must be one of'),
        ("null", "launcher.order = null: must be a list of names"),
    ],
)
def test_a_bad_order_is_one_line_naming_the_file_key_value_and_what_is_allowed(
    tmp_path: Path, order: str, message: str
):
    folder = clinic_with(tmp_path, f"launcher:\n  order: {order}\n")
    with pytest.raises(ConfigError) as caught:
        load_app_config(folder)
    text = str(caught.value)
    assert "\n" not in text
    assert str(folder / "app.yaml") in text
    assert message in text
    assert text.endswith(", ".join(REGISTRY)) or "is already at" in text
