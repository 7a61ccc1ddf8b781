"""Render every child-facing screen headless and save PNGs to look at.

    make screenshots            -> screenshots/<size>/<screen>.png
    python scripts/screenshots.py FOLDER 800x480 1280x800   (only these sizes)

Uses the real scenes with a virtual clock and a bot's taps, at several window sizes
(landscape and portrait), so a layout change can be checked by eye in a minute.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from sensory_games.activities import REGISTRY
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import load_app_config
from sensory_games.domain.intensity import preset
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.calibration import CalibrationScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.storage import Repository

SIZES = ((1920, 1080), (800, 600), (1200, 1920))
#: (activity, level, seconds of bot play before the picture)
ACTIVITY_SHOTS = (
    ("bilateral_both", 2, 1.3),
    ("bilateral_drum", 3, 4.38),
    ("bilateral_drum", 5, 6.1),
    ("bilateral_hold", 2, 1.75),
    ("bilateral_mirror", 3, 2.2),
    ("bilateral_mirror", 5, 4.0),
    ("bubbles", 4, 1.0),
    ("calming", 2, 3.5),
    ("calming", 4, 4.0),
    ("tracing", 1, 1.9),
    ("tracing", 4, 7.0),
    ("tracing", 6, 4.0),
    ("tracing", 8, 5.0),
)
#: Calming scenes shot at the calm and the alerting preset: (level, seconds of play):
#: glitter jar, drifting bubbles, colour wash.
CALM_SHOTS = ((6, 4.0), (8, 9.0), (9, 12.0))


def shoot(size: tuple[int, int], out: Path, data_dir: Path) -> None:
    repository = Repository(data_dir)
    for alias, animal, colour in (
        ("Sam", "cat", 0),
        ("Ada", "frog", 1),
        ("Noor", "bear", 3),
        ("Leo", "rabbit", 4),
        ("Mia", "mouse", 5),
    ):
        if repository.profile_by_alias(alias) is None:
            repository.add_profile(alias=alias, animal=animal, colour=colour)
    clock = VirtualClock()
    app = App(load_app_config(), repository, clock, window_size=size, headless=True)
    out.mkdir(parents=True, exist_ok=True)

    def save(name: str, seconds: float = 0.5) -> None:
        for _ in range(round(seconds * app.fps)):
            clock.advance(app.step_s)
            app.frame(render=False)
        app.request_redraw()
        app.frame()
        pygame.image.save(app.surface, str(out / f"{name}.png"))

    app.push(ProfilePickerScene(app.stage))
    save("1-who-is-playing")
    app.stage.start_session(repository.profile_by_alias("Sam"))
    app.push(ActivityMenuScene(app.stage))
    save("2-activity-menu-no-touchscreen")  # two-handed tiles badged: keys / touch needed

    def play(slug: str, level: int, seconds: float, name: str, skill: float = 0.6) -> None:
        scene = ActivityScene(app.stage, slug, level, seed=5)
        app.push(scene)
        bot = scene.activity.bot_class(scene.activity, 5, skill)
        for _ in range(round(seconds * app.fps)):
            clock.advance(app.step_s)
            for event in bot.events(clock.now()):
                pygame.event.post(event)
            app.frame(render=False)
        save(name, 0)

    chosen = {slug for slug, _level, _seconds in ACTIVITY_SHOTS}
    others = [(slug, 1, 2.0) for slug in REGISTRY if slug not in chosen]  # (a new activity)
    for slug, level, seconds in (*ACTIVITY_SHOTS, *others):
        play(slug, level, seconds, f"3-{slug}-level-{level}")
        if slug == "bubbles":
            app.stage.open_overlay()
            save("3-bubbles-with-sensory-sliders", 0)
            app.stage.close_overlay()
        app.stack.pop_to(ActivityMenuScene)
    child_intensity = app.child.sensory.intensity
    for name in ("calm", "alerting"):  # the calming scenes at both ends of the scale
        app.stage.set_intensity(preset(name), clock.now(), name)
        for level, seconds in CALM_SHOTS:
            play("calming", level, seconds, f"5-calming-level-{level}-{name}", skill=0.3)
            app.stack.pop_to(ActivityMenuScene)
    app.stage.set_intensity(child_intensity, clock.now())
    save("2-activity-menu")  # a finger has touched the screen: no badges
    app.stack.replace(RewardScene(app.stage, seed=5))
    save("4-reward", 0.9)
    app.push(app.stage.calm_screen())
    save("5-check-in-before-calm", 1.0)
    check_in = app.top
    assert isinstance(check_in, CheckInScene)
    check_in.choose(2)
    save("5-check-in-answered", 0.2)
    save("5-calm-down", 2.0)
    app.push(AdultMenuScene(app.stage))
    save("6-adult-menu")
    app.push(CalibrationScene(app.stage))
    save("7-timing-check", 3.6)
    app.quit()
    repository.close()


def main() -> int:
    """`screenshots.py [FOLDER [WxH ...]]`: every screen at SIZES, or at the sizes given."""
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    sizes = [tuple(int(n) for n in arg.split("x")) for arg in sys.argv[2:]] or SIZES
    for size in sizes:
        with tempfile.TemporaryDirectory() as data_dir:
            shoot(size, root / f"{size[0]}x{size[1]}", Path(data_dir))
    print(f"screenshots in {root.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
