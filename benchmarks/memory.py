"""The app's resident memory (RSS) after warm-up, and what it is made of.

    .venv/bin/python benchmarks/memory.py            # one line: RSS after warm-up (MB)
    .venv/bin/python benchmarks/memory.py --why      # ... and what holds it

Warm-up, in this process, at 1920x1080 with the `alerting` preset: the activity menu, the
check-in, "who is playing?", every level of every activity played by its bot for
LEVEL_FRAMES frames (every frame drawn) and the reward of every activity: every screen a
child meets, so the drawing caches are as full as they get. Then the RSS from
/proc/self/statm (Linux). `make bench` runs this in a fresh process (benchmarks/run.py),
so nothing the benchmark did before counts. Reports numbers; it does not pass or fail.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import argparse
import ctypes
import gc
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pygame
from soak import rss_mb  # (benchmarks/soak.py)

from sensory_games.activities import REGISTRY
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import load_app_config
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.storage import Repository
from sensory_games.ui import kept

SIZE = (1920, 1080)
#: Frames of bot play per level (every one drawn): enough for its drawings to be made.
LEVEL_FRAMES = 240
#: Frames each screen (menu, check-in, reward...) is drawn.
SCREEN_FRAMES = 30
#: Modules a child's screens must not load (only for reports, or big ones of notebooks).
HEAVY_MODULES = ("uharfbuzz", "matplotlib", "pandas", "scipy", "PIL")


def draw_frames(app: App, clock: VirtualClock, frames: int = SCREEN_FRAMES) -> None:
    """Draw whatever screen is on top `frames` times."""
    for _ in range(frames):
        clock.advance(app.step_s)
        app.request_redraw()
        app.frame()


def warm_up(data_dir: Path) -> App:
    """Every screen a child meets, every level of every activity: returns the app, still
    open (its screens and caches alive, as in a clinic)."""
    clock = VirtualClock()
    repository = Repository(data_dir)
    profile = repository.add_profile(alias="Warm", intensity_preset="alerting")
    app = App(load_app_config(), repository, clock, window_size=SIZE, headless=True)
    app.push(ProfilePickerScene(app.stage))
    draw_frames(app, clock)
    kept.collect_left_screens()  # (as the launcher does: cli/play.py)
    app.stage.start_session(profile)
    app.push(ActivityMenuScene(app.stage))
    draw_frames(app, clock)
    app.push(app.stage.calm_screen())
    draw_frames(app, clock)
    app.stack.pop_to(ActivityMenuScene)
    for seed, slug in enumerate(REGISTRY, start=1):
        for level in range(1, len(app.child.levels(slug)) + 1):
            scene = ActivityScene(app.stage, slug, level, seed=seed)
            app.push(scene)
            bot = scene.activity.bot_class(scene.activity, seed, 0.6)
            for _ in range(LEVEL_FRAMES):
                if scene not in app.scenes:
                    break
                clock.advance(app.step_s)
                for event in bot.events(clock.now()):
                    pygame.event.post(event)
                app.frame()
            if scene.saved is None:
                scene.end_early("exit")
            app.stack.pop_to(ActivityMenuScene)
        app.push(RewardScene(app.stage, seed, slug, 0.9))
        draw_frames(app, clock)
        app.stack.pop_to(ActivityMenuScene)
    draw_frames(app, clock)
    for _ in range(SCREEN_FRAMES):  # (the menu waiting for a child: nothing to draw)
        clock.advance(app.step_s)
        app.frame()
    return app


def surfaces_alive() -> tuple[int, float, int]:
    """(how many pygame Surfaces Python objects hold, their pixels in MB, how many are at
    least full-screen sized). Surfaces are not tracked by the garbage collector: they are
    found among what tracked objects (and the containers those hold) refer to."""
    found: dict[int, pygame.Surface] = {}
    for holder in gc.get_objects():
        for thing in gc.get_referents(holder):
            inner = gc.get_referents(thing) if isinstance(thing, (dict, tuple, list)) else ()
            for item in (thing, *inner):
                if isinstance(item, pygame.Surface):
                    found[id(item)] = item
    sizes = [s.get_width() * s.get_height() * s.get_bytesize() for s in found.values()]
    screen_sized = sum(size >= SIZE[0] * SIZE[1] * 4 for size in sizes)
    return len(sizes), sum(sizes) / 2**20, screen_sized


def why() -> None:
    """What the memory after warm-up is made of, as far as this process can tell."""
    surfaces, surface_mb, screen_sized = surfaces_alive()
    print(
        f"  surfaces alive: {surfaces}, {surface_mb:.1f} MB of pixels, "
        f"{screen_sized} at least screen-sized ({SIZE[0] * SIZE[1] * 4 / 2**20:.1f} MB each)"
    )
    budget = getattr(kept, "DRAWINGS", None)
    if budget is not None:
        print(f"  drawings kept: {budget.describe()}")
    if tracemalloc.is_tracing():
        print(f"  traced by Python: {tracemalloc.get_traced_memory()[0] / 2**20:.1f} MB; most:")
        for stat in tracemalloc.take_snapshot().statistics("filename")[:8]:
            where = stat.traceback[0].filename.rsplit("/", 3)[-3:]
            print(f"    {stat.size / 2**20:6.1f} MB  {'/'.join(where)}")
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        print(f"  RSS once the C heap's free memory is given back (malloc_trim): {rss_mb():.1f} MB")
    heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY_MODULES))
    print(f"  modules loaded: {len(sys.modules)}; heavy ones: {', '.join(heavy) or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--why", action="store_true", help="say what holds the memory")
    args = parser.parse_args()
    if args.why:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as folder:
        if args.why:
            print(f"  RSS with everything imported, before the app opens: {rss_mb():.1f} MB")
        app = warm_up(Path(folder))
        gc.collect()
        print(f"RSS after warm-up ({SIZE[0]}x{SIZE[1]}, every screen and level): {rss_mb():.1f} MB")
        if args.why:
            why()
        app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
