"""`sensory-games safety-check`: render every activity and check every frame for flashes.

Each activity is played by its bot, at every level, headless at 60 frames per second of
game time, at the chosen presets (the highest, `alerting`, by default), through to its
reward screen; every frame goes through :class:`~sensory_games.domain.safety.FlashAnalyser`.
The verdict per activity names the worst one-second window.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pygame

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.intensity import preset
from sensory_games.domain.safety import FlashAnalyser, Verdict
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository

#: Rendered size: large enough for the 96-block grid, small enough to be quick.
CHECK_SIZE = (960, 540)
FPS = 60
#: A check-in after a calm is looked at this long (s) before a face is picked.
CHECK_IN_S = 1.0


@dataclass(frozen=True)
class CheckResult:
    """One activity at one preset: every level's frames, the worst second found."""

    activity: str
    preset: str
    levels: int
    verdict: Verdict


def _analyse(analyser: FlashAnalyser, surface: pygame.Surface) -> None:
    """Hand the frame to the analyser without copying it (a locked view, released at once)."""
    view = pygame.surfarray.pixels3d(surface)
    try:
        analyser.add(view.swapaxes(0, 1))
    finally:
        del view


def check_activity(
    config: AppConfig, slug: str, preset_name: str, seconds: float, skill: float = 0.9
) -> CheckResult:
    """Play every level of `slug` for up to `seconds` (then its reward) and analyse it."""
    with tempfile.TemporaryDirectory() as folder:
        repository = Repository(Path(folder))
        clock = VirtualClock()
        app = App(
            replace(config, display=replace(config.display, fps=FPS)),
            repository,
            clock,
            window_size=CHECK_SIZE,
            headless=True,
        )
        profile = repository.add_profile(alias="Safety", intensity_preset=preset_name)
        app.push(ProfilePickerScene(app.stage))
        app.stage.start_session(profile)
        app.push(ActivityMenuScene(app.stage))
        analyser = FlashAnalyser(FPS)
        levels = len(app.child.levels(slug))
        for level in range(1, levels + 1):
            scene = ActivityScene(app.stage, slug, level, seed=level)
            app.push(scene)
            bot = scene.activity.bot_class(scene.activity, level, skill)
            frames = 0
            while not (scene.saved is not None and isinstance(app.top, ActivityMenuScene)):
                if frames > (seconds + 60) * FPS:
                    raise RuntimeError(f"{slug} level {level} did not return to the menu")
                frames += 1
                clock.advance(app.step_s)
                if scene in app.scenes:
                    for event in bot.events(clock.now()):
                        pygame.event.post(event)
                    if frames >= seconds * FPS and scene.saved is None:
                        scene.back()  # time is up for this level: saved, back to the menu
                elif isinstance(app.top, CheckInScene) and app.top.shown_s() >= CHECK_IN_S:
                    app.top.choose(3)  # after a calm: a face is picked (its ring is checked)
                app.request_redraw()
                app.frame()
                _analyse(analyser, app.surface)
            app.stack.pop_to(ActivityMenuScene)
        app.quit()
        repository.close()
        return CheckResult(slug, preset_name, levels, analyser.verdict())


def run_checks(
    config: AppConfig,
    slugs: Sequence[str],
    presets: Sequence[str],
    seconds: float,
    report: Callable[[CheckResult], None] = lambda result: None,
) -> list[CheckResult]:
    """Check each activity at each preset; `report` hears of each result as it comes."""
    for name in presets:
        preset(name)  # an unknown preset fails before anything is rendered
    results = []
    for slug in slugs:
        for name in presets:
            result = check_activity(config, slug, name, seconds)
            report(result)
            results.append(result)
    return results
