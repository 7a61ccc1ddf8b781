"""`sensory-games layout-check` passes at every screen of the matrix (ui/screen_matrix.py),
with the sample clinic (40 children, long and non-Latin aliases, weeks of history, a
30-step plan), and it finds what it is for: a box off screen, a warning, a pop-up painted
over, a tile on no page.

`make test` checks four sizes (the smallest, the shipped one, the largest and the
narrowest portrait: tests/helpers.py `checked_sizes`), each at its highest density (the
smallest physical screen of that many pixels, where a layout runs out of millimetres
first: `checked_screens`), 4 of the 38 screens; `SENSORY_GAMES_FULL_TESTS=1` (`make
test-full`, and CI after `make test`), like `sensory-games layout-check` without
`--screen`, checks every size at every density. The sample clinic is made once per test
process (conftest.py)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pygame
import pytest
from helpers import checked_screens, checked_sizes

from sensory_games.domain.config import AppConfig
from sensory_games.engine.console.scene import ConsoleScene
from sensory_games.engine.layout_check import ScreenCheck, check_screen
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen_matrix import ClinicScreen


@pytest.fixture
def clinic(
    sample_clinic: tuple[AppConfig, Path], tmp_path: Path
) -> Iterator[tuple[AppConfig, Repository]]:
    """A test's own copy of the sample clinic's log (what opening screens writes stays
    there)."""
    config, data = sample_clinic
    shutil.copytree(data, tmp_path / "data")
    repository = Repository(tmp_path / "data")
    try:
        yield config, repository
    finally:
        repository.close()


@pytest.mark.parametrize("size", checked_sizes(), ids=[f"{w}x{h}" for w, h in checked_sizes()])
def test_every_screen_meets_every_rule_at_every_density(
    sample_clinic: tuple[AppConfig, Path], size: tuple[int, int]
) -> None:
    config, data = sample_clinic
    problems = []
    for screen in checked_screens(size):
        found, views = check_screen(screen, config, data)
        problems += found
        assert views > 60  # (every screen was looked at: picker ... console pages)
    assert not problems, "\n".join(str(p) for p in problems[:40])


SHIPPED = ClinicScreen(1280, 800, 220)


class Declared(Scene):
    """A test screen that declares `boxes`."""

    def __init__(self, stage, boxes: list[LayoutBox]) -> None:
        super().__init__(stage)
        self.boxes = boxes

    def layout_boxes(self) -> list[LayoutBox]:
        return self.boxes


def test_a_box_off_the_screen_is_a_problem(clinic: tuple[AppConfig, Repository]) -> None:
    config, repository = clinic
    check = ScreenCheck(SHIPPED, config, repository)
    inside = LayoutBox("Save", pygame.Rect(100, 600, 200, 90), "adult")
    check.look("inside", Declared(check.app.stage, [inside]))
    assert check.problems == []
    beyond = LayoutBox("Save", pygame.Rect(100, 760, 200, 90), "adult")
    check.look("beyond", Declared(check.app.stage, [beyond]))
    assert [(p.rule, p.where) for p in check.problems] == [("off screen", "1280x800@220dpi beyond")]


def test_a_warning_raised_by_a_screen_is_a_problem(
    clinic: tuple[AppConfig, Repository], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, repository = clinic
    check = ScreenCheck(SHIPPED, config, repository)

    def warn_while_drawing(self: ProfilePickerScene, surface: pygame.Surface) -> None:
        warnings.warn("Label Rect is too small for text: Age band", UserWarning, stacklevel=1)

    monkeypatch.setattr(ProfilePickerScene, "draw", warn_while_drawing)
    problems = check.check_all(only=lambda view: view == "picker")
    assert problems and {p.rule for p in problems} == {"warning"}  # (once per page drawn)
    assert "Age band" in problems[0].detail


def test_a_page_painting_over_an_open_drop_down_is_found(
    clinic: tuple[AppConfig, Repository], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, repository = clinic
    profiles = "console/profiles"
    before = ScreenCheck(SHIPPED, config, repository).check_all(lambda view: view == profiles)
    assert not [p for p in before if p.rule == "pop-up under"]
    check = ScreenCheck(SHIPPED, config, repository)
    original = ConsoleScene.draw

    def paint_over_everything(self: ConsoleScene, surface: pygame.Surface) -> None:
        original(self, surface)
        surface.fill((200, 0, 0), surface.get_rect().inflate(-40, -40))

    monkeypatch.setattr(ConsoleScene, "draw", paint_over_everything)
    problems = check.check_all(only=lambda view: view == profiles)
    covered = [p for p in problems if p.rule == "pop-up under"]
    assert len(covered) >= 6  # (every drop-down on the page)
    assert all("drop-down" in p.where and "open" in p.where for p in covered)


def test_a_tile_on_no_page_is_unreachable(
    clinic: tuple[AppConfig, Repository], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, repository = clinic
    check = ScreenCheck(SHIPPED, config, repository)
    monkeypatch.setattr(
        ProfilePickerScene, "tiles", property(lambda self: self.all_tiles[:3])
    )  # (a picker that shows only its first three children, whatever the page)
    problems = check.check_all(only=lambda view: view == "picker")
    (unreachable,) = [p for p in problems if p.rule == "unreachable"]
    assert unreachable.detail.count(", ") == 41 - 3 - 1  # (38 of 40 children and the Guest)


@pytest.mark.usefixtures("layout_check_on_the_sample")
def test_the_command_prints_each_screen_and_fails_on_a_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sensory_games.cli.entry import main

    assert main(["layout-check", "--screen", "800x480@130dpi", "--view", "keypad"]) == 0
    out = capsys.readouterr().out
    assert "800x480@130dpi" in out and "every rule met" in out
    assert main(["layout-check", "--screen", "1280x800@149dpi", "--view", "keypad"]) == 0
    assert "1280x800@149dpi" in capsys.readouterr().out  # (a clinic's own screen)

    def too_small(self: Scene) -> list[LayoutBox]:
        return [LayoutBox("key 1", pygame.Rect(10, 10, 20, 20), "adult")]

    from sensory_games.engine.scenes.pin_pad import PinPadScene

    monkeypatch.setattr(PinPadScene, "layout_boxes", too_small)
    assert main(["layout-check", "--screen", "800x480@130dpi", "--view", "keypad"]) == 1
    captured = capsys.readouterr()
    assert "too small: adult target key 1" in captured.out
    assert "layout-check: 1 problem in " in captured.err
    assert main(["layout-check", "--screen", "1x1"]) == 2
    assert "give WIDTHxHEIGHT@DPIdpi" in capsys.readouterr().err
    assert main(["layout-check", "--screen", "1280x801"]) == 2
    assert "not a size of the matrix" in capsys.readouterr().err
    assert main(["layout-check", "--screen", "800x480@130dpi", "--view", "nonsense"]) == 2
    captured = capsys.readouterr()
    assert "matches no screen" in captured.err and "no problems" not in captured.out


def test_a_chart_drawn_in_a_higher_layer_than_an_open_list_is_found(
    clinic: tuple[AppConfig, Repository], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18's own fault: the Progress page's chart over its open drop-down. The chart
    is a widget of the UI here, so only its layer can put it above the list."""
    from sensory_games.engine.console.progress import ProgressPage

    config, repository = clinic
    built = ProgressPage.__init__

    def chart_on_top(self: ProgressPage, console: ConsoleScene) -> None:
        built(self, console)
        self.chart_image.change_layer(50)
        self.list_image.change_layer(50)

    monkeypatch.setattr(ProgressPage, "__init__", chart_on_top)
    problems = ScreenCheck(SHIPPED, config, repository).check_all(
        only=lambda view: view.startswith("console/progress")
    )
    assert any(p.rule == "pop-up under" for p in problems)
