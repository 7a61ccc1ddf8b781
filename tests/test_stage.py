"""The Stage: what the engine hands a scene. Scenes see the services of the contract
(engine/scenes/base.py) and nothing of the engine: not the window, the loop, the list of
scenes or the adult lock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import on_the_menu, run_frames, tap_rect

from sensory_games.activities import CALM_ACTIVITY
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.stage import Stage

PACKAGE = Path(__file__).resolve().parent.parent / "sensory_games"

#: Everything a scene may use of its Stage (engine/scenes/base.py says what each is).
CONTRACT = {
    "clock",
    "damage",
    "render_scale",
    "spare_time",
    "screen",
    "config",
    "child",
    "repository",
    "errors",
    "navigation",
    "metrics",
    "touch_available",
    "sounds",
    "voice",
    "child_words",
    "clinic_words",
    "request_redraw",
    "push",
    "pop",
    "replace",
    "start_session",
    "change_child",
    "calm_screen",
    "activity_screen",
    "open_overlay",
    "close_overlay",
    "prepare_overlay",
    "drop_prepared_overlay",
    "set_intensity",
    "quit",
    "quitting",
    "recovering",
    "clinic_sync",
}


def test_the_stage_offers_the_contract_and_nothing_of_the_engine(make_app) -> None:
    stage = make_app().stage
    public = {name for name in dir(stage) if not name.startswith("_")}
    assert public == CONTRACT
    assert {"frame", "run", "scenes", "surface", "window", "stack", "adult_lock"} & public == set()


def test_no_scene_imports_the_engine() -> None:
    """A scene names the Stage, never the App (which would let it drive the loop)."""
    for file in sorted((PACKAGE / "engine" / "scenes").glob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "sensory_games.engine.app" not in imported, file.name


def test_every_scene_on_the_way_through_a_session_gets_the_same_stage(
    make_app, clock, repository
) -> None:
    app = make_app()
    menu = on_the_menu(app, repository)
    tap_rect(app, clock, menu.tile(CALM_ACTIVITY).rect)
    run_frames(app, clock, 0.1)
    assert len(app.scenes) >= 3
    assert all(scene.stage is app.stage for scene in app.scenes)


def test_the_stage_follows_the_window_and_the_childs_sounds(make_app, repository) -> None:
    """Metrics and sounds are read live: a resize or a new child is seen at once."""
    app = make_app()
    stage = app.stage
    app.resize((800, 600))
    assert stage.metrics is app.metrics and stage.metrics.width_px == 800
    before = stage.sounds
    stage.start_session(repository.add_profile(alias="Mia", intensity_preset="calm"))
    assert stage.sounds is not before and stage.child.profile.alias == "Mia"


@pytest.mark.parametrize(
    ("opening", "named"),
    [
        (lambda stage: ActivityScene(stage, "bubbles", 1), "an activity"),
        (lambda stage: CheckInScene(stage, "before", print), "a check-in"),
    ],
)
def test_a_session_screen_opened_before_a_child_picked_says_which(make_app, opening, named) -> None:
    stage: Stage = make_app().stage
    with pytest.raises(RuntimeError, match=f"^{named} needs a child's profile and session"):
        opening(stage)
