"""Arrows on a child's screen point the way the child's language reads: "go on" and
"next" point right, or left in Arabic; "back" points the other way."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.storage import Repository
from sensory_games.ui import art
from sensory_games.ui.widgets import IconDrawer


def points_left(drawer: IconDrawer) -> bool:
    """Whether the arrow `drawer` draws points left: its tip is a single point, so the
    ink's first column is far shorter than its last (the shaft's end) when it does."""
    surface = pygame.Surface((120, 120), pygame.SRCALPHA)
    drawer(surface, surface.get_rect(), SensoryProfile(preset("balanced")).palette)
    mask = pygame.mask.from_surface(surface)
    ink = mask.get_bounding_rects()[0].unionall(mask.get_bounding_rects())

    def column(x: int) -> int:
        return sum(mask.get_at((x, y)) for y in range(ink.top, ink.bottom))

    left, right = column(ink.left + 1), column(ink.right - 2)
    assert left != right, "not an arrow pointing left or right"
    return left < right


def test_the_arrows_point_the_way_they_say() -> None:
    assert points_left(art.draw_back_icon) and not points_left(art.draw_forward_icon)
    assert not points_left(art.onward_icon(False)) and points_left(art.onward_icon(True))
    assert points_left(art.backward_icon(False)) and not points_left(art.backward_icon(True))


def child_app(language: str, config: AppConfig, repository: Repository) -> App:
    """A headless app with a child whose own language is `language` playing."""
    app = App(config, repository, VirtualClock(), window_size=(1280, 800), headless=True)
    app.stage.start_session(replace(repository.guest_profile(), language=language))
    return app


@pytest.mark.parametrize(("language", "leftward"), [("ar", True), ("es", False), ("zh", False)])
def test_the_check_ins_go_on_arrow_points_the_way_the_child_reads(
    config: AppConfig, repository: Repository, language: str, leftward: bool
) -> None:
    app = child_app(language, config, repository)
    check_in = CheckInScene(app.stage, "before", lambda _answer: None)
    assert check_in.arrow is not None and check_in.arrow.label == "go on"
    assert points_left(check_in.arrow.face) is leftward
    check_in.resize(app.stage.metrics)  # (laid out again: still the child's way)
    assert check_in.arrow is not None and points_left(check_in.arrow.face) is leftward
    app.push(check_in)
    app.frame()  # (drawn: a picture, no error)


@pytest.mark.parametrize(("language", "leftward"), [("ar", False), ("es", True)])
def test_the_launchers_back_arrow_points_back_the_way_the_child_reads(
    config: AppConfig, repository: Repository, language: str, leftward: bool
) -> None:
    """With no profile to show (its avatar), the launcher's way back is an arrow (and the
    screens speak the clinic's language)."""
    app = child_app("", replace(config, language=language), repository)
    app.stage.child.profile = None  # type: ignore[misc]
    menu = ActivityMenuScene(app.stage)
    assert menu.avatar_button is not None
    assert points_left(menu.avatar_button.face) is leftward
