"""`make bench`: the speed figures the issues ask for, measured, not asserted.

- frame time (update + draw, not the wait for the display) p50 / p99 / max of every
  activity and the launcher screens at 1920x1080, `alerting` preset, bot playing;
- cold start: launching `main.py` until its first frame is drawn (whole process);
- input timing error: taps posted from another thread at known perf_counter times while
  an activity renders at 1920x1080 in the real-time loop; error = timestamp - post time;
- export speed: CSV and JSON exports of 100,000 attempts, a PDF report of a child with
  1,000 attempts (benchmarks/exports.py);
- the app's resident memory (RSS) after warm-up, in fresh processes (benchmarks/memory.py);
- peak memory (RSS) of this benchmark process.

Runs headless (SDL dummy drivers). Prints a table; writes nothing into the repository.
"""

from __future__ import annotations

import os
from collections.abc import Callable

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pygame
from exports import export_speed  # (benchmarks/exports.py)
from screens import every_screen, screen_frames  # (benchmarks/screens.py)
from slow_device import slow_device_table  # (benchmarks/slow_device.py)
from sync import sync_speed  # (benchmarks/sync.py)

from sensory_games.activities import REGISTRY
from sensory_games.domain.clock import Clock, RealClock, VirtualClock
from sensory_games.domain.config import load_app_config
from sensory_games.domain.geometry import resample
from sensory_games.domain.path_scoring import Contact, TargetPath, score_trace
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.stage import Stage
from sensory_games.storage import Repository
from sensory_games.ui import kept
from sensory_games.ui.input import finger_event
from sensory_games.version import build_version

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1920, 1080)
FRAMES = 1800  # 30 s of game time per activity
TAPS = 1000


def percentiles_ms(seconds: list[float]) -> str:
    ms = np.asarray(seconds) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return f"p50 {p50:6.2f}  p95 {p95:6.2f}  p99 {p99:6.2f}  max {ms.max():6.2f} ms"


def alerting_app(data_dir: Path, clock: Clock) -> tuple[App, Repository]:
    repository = Repository(data_dir)
    profile = repository.profile_by_alias("Bench") or repository.add_profile(
        alias="Bench", intensity_preset="alerting"
    )
    app = App(load_app_config(), repository, clock, window_size=SIZE, headless=True)
    app.push(ProfilePickerScene(app.stage))
    app.frame()
    kept.collect_left_screens()  # (as the launcher does after its root screen: cli/play.py)
    kept.BESIDE.on = True  # (as the launcher: pictures drawn beside the frames)
    app.stage.start_session(profile)
    app.push(ActivityMenuScene(app.stage))
    return app, repository


def screen_line(app: App, clock: VirtualClock, name: str) -> None:
    """The frame-time line of whatever screen is on top (screens.screen_frames)."""
    print(f"  {name:<22} {percentiles_ms(screen_frames(app, clock))}")


def benched_levels(app: App, slug: str) -> list[tuple[str, int, float]]:
    """(name, level, bot skill) to time: an activity's last (hardest) level; for the
    calming activity the last level of each scene, played by a restless bot (skill 0.3:
    many stirs, pops and blooms on screen)."""
    levels = app.child.levels(slug)
    if slug != "calming":
        return [(slug, len(levels), 0.8)]
    last = {level.parameters["variant"]: level.number for level in levels}
    return [(f"calming {variant}", number, 0.3) for variant, number in last.items()]


def frame_times(data_dir: Path) -> None:
    print(
        f"Frame time (update + draw) at {SIZE[0]}x{SIZE[1]}, alerting preset "
        f"(screens 300 frames, activities {FRAMES} frames of bot play):"
    )
    clock = VirtualClock()
    app, repository = alerting_app(data_dir, clock)
    screen_line(app, clock, "activity menu")
    app.push(app.stage.calm_screen())
    screen_line(app, clock, "check-in (before calm)")
    app.stage.navigation.reset_to_root()
    screen_line(app, clock, "who is playing")
    app.stage.start_session(repository.profile_by_alias("Bench"))
    app.push(ActivityMenuScene(app.stage))
    for name, times in every_screen(app, clock):
        print(f"  {name:<22} {percentiles_ms(times)}")
    for slug in REGISTRY:
        for name, level, skill in benched_levels(app, slug):
            played = bot_frames(app, clock, slug, level, skill)
            print(f"  {name:<22} {percentiles_ms(played)}")
    if CHORES_S:
        print(
            f"  (between frames, not in the times above: {len(CHORES_S)} chores of the loop's"
            f" spare time, {percentiles_ms(CHORES_S)})"
        )
    opening_frames(app, clock)
    app.quit()
    repository.close()


def opening_frames(app: App, clock: VirtualClock, runs: int = 5) -> None:
    """The frame a tap on an activity's tile opens it in: its screen made (the level laid
    out) and, unless it is held back, drawn whole, `runs` times each (seeds 1..runs); the
    activity tables above start after it. A screen that `opens_prepared`
    is held back till its first frame is prepared (engine/held_back.py): its tap's frame
    makes it and draws nothing (App.open, as the tap's frame opens it)."""
    line = []
    for slug in REGISTRY:
        for name, level, _ in benched_levels(app, slug):
            times = []
            for seed in range(1, runs + 1):
                clock.advance(app.step_s)
                start = time.perf_counter()
                app.open(ActivityScene(app.stage, slug, level, seed=seed))
                app.frame()
                times.append(time.perf_counter() - start)
                app.stack.pop_to(ActivityMenuScene)
                spare_time(app)
            line.append(f"{name} {statistics.median(times) * 1000:.1f}")
    print(f"  opening an activity (its tap's frame, median of {runs} ms): " + ", ".join(line))


def bot_frames(
    app: App,
    clock: VirtualClock,
    slug: str,
    level: int,
    skill: float,
    frames: int = FRAMES,
    rest_s: float = 0.0,
) -> list[float]:
    """Frame times (s) of `frames` frames of a bot playing `slug` at `level`, attempt after
    attempt from the activity menu; `rest_s` of real time between frames (as a 60 Hz
    display leaves the processor between them). Between frames the chores the real-time
    loop does in its spare time are done (spare_time), not counted as frame time; also
    between an attempt's opening (the tap's frame: what is left of its 60 Hz frame) and
    its first frame (a screen that `opens_prepared` is held back till it is prepared, at
    most MOST_HELD_FRAMES frames, the tap's included: engine/held_back.py)."""
    app.frame_times_s.clear()
    seed = 1
    while len(app.frame_times_s) < frames:
        opened = time.perf_counter()  # (as the tap's frame opens it: timed in opening_frames)
        scene = ActivityScene(app.stage, slug, level, seed=seed)
        app.open(scene)  # (held back till prepared, as after a tap: engine/held_back.py)
        spare_time(app, app.step_s - (time.perf_counter() - opened))
        bot = scene.activity.bot_class(scene.activity, seed, skill)
        while scene in app.scenes and len(app.frame_times_s) < frames:
            clock.advance(app.step_s)
            for event in bot.events(clock.now()):
                pygame.event.post(event)
            app.frame()
            spare_time(app)
            if rest_s:
                time.sleep(rest_s)
        app.stack.pop_to(ActivityMenuScene)
        seed += 1
    return list(app.frame_times_s)


#: How long (s) each chore done between frames took (spare_time), for frame_times' line.
CHORES_S: list[float] = []


def spare_time(app: App, left_s: float | None = None) -> None:
    """What App.run does between frames, with the time a 60 Hz frame leaves after the one
    just timed (or `left_s`): the chores that follow a frame at once (App.after_frame_chores:
    an attempt's save), an overdue chore (App.overdue_chore), then chores while
    App.spare_time_left allows one (ui/spare_time.py), each timed into CHORES_S."""
    if left_s is None:
        left_s = app.step_s - app.frame_times_s.latest()
    start = time.perf_counter()
    if app.after_frame_chores():  # (an attempt's save: timed as a chore)
        CHORES_S.append(time.perf_counter() - start)
    app.overdue_chore()
    while app.spare_time_left(left_s - (time.perf_counter() - start)):
        began = time.perf_counter()
        if not app.guarded_chore():
            return
        CHORES_S.append(time.perf_counter() - began)


def frames_during_sync(data_dir: Path, start_sync: Callable[[App], None]) -> tuple[str, str]:
    """Tracing (the last trace level, a bot) at 60 Hz, quiet and then while the app's
    background sync runs (started by `start_sync`): both percentile lines."""
    clock = VirtualClock()
    app, repository = alerting_app(data_dir, clock)
    level = 14
    quiet = bot_frames(app, clock, "tracing", level, 0.8, 1200, rest_s=1 / 60 - 0.002)
    start_sync(app)
    during = bot_frames(app, clock, "tracing", level, 0.8, 1200, rest_s=1 / 60 - 0.002)
    app.quit()
    repository.close()
    return percentiles_ms(quiet), percentiles_ms(during)


def tracing_long_trail(data_dir: Path, trail: int = 5000, frames: int = 600) -> None:
    """Tracing frame time once the trail already holds `trail` samples (a long session on
    one shape), with a finger still moving: one new sample per frame."""
    clock = VirtualClock()
    app, repository = alerting_app(data_dir, clock)
    app.child.level_overrides["tracing"] = 1
    scene = ActivityScene(app.stage, "tracing", 5, seed=2)  # curves: the spiral is the longest
    app.push(scene)
    activity = scene.activity
    activity.item.demo_until = clock.now()
    rng = np.random.default_rng(3)
    path = np.vstack(activity.item.strokes)
    wander = np.cumsum(rng.normal(0, 0.4, (trail + frames, 2)), axis=0)
    wander = np.clip(wander, -4, 4)
    along = path[np.arange(trail + frames) % len(path)] + wander

    def touch(index: int, phase: str) -> None:
        x, y = along[index]
        activity.handle(PointerEvent(7, phase, float(x), float(y), clock.now(), "touch"))

    touch(0, "down")
    for index in range(1, trail):
        touch(index, "move")
    for _ in range(30):
        clock.advance(app.step_s)
        app.frame()
    app.frame_times_s.clear()
    for index in range(trail, trail + frames):
        clock.advance(app.step_s)
        touch(index, "move")
        app.frame()
    print(f"  {'tracing, 5000-sample trail':<22} {percentiles_ms(list(app.frame_times_s))}")
    app.quit()
    repository.close()


def final_scoring() -> None:
    """Scoring a 2,000-sample trace against a 1,000-segment path from scratch."""
    turns = np.linspace(0, 6 * np.pi, 1001)
    radius = 5 + turns * 3.5
    path = np.column_stack((100 + radius * np.cos(turns), 100 + radius * np.sin(turns)))
    target = TargetPath((path,), 5.0)
    rng = np.random.default_rng(1)
    wander = np.clip(np.cumsum(rng.normal(0, 0.2, (2000, 2)), axis=0), -3, 3)
    points = resample(path, 720 / 2000)[:2000] + wander
    contact = Contact()
    for index, (x, y) in enumerate(points):
        contact.add(index / 60, float(x), float(y))
    times = []
    for _ in range(30):
        start = time.perf_counter()
        score_trace(target, [contact])
        times.append(time.perf_counter() - start)
    print(
        f"Final tracing score (2,000 samples vs 1,000-segment path, 30 runs): "
        f"{percentiles_ms(times)}"
    )


def overlay_cost(data_dir: Path, frames: int = 900) -> None:
    """Bubbles with the therapist's sensory sliders open, and a channel changed every
    frame (the palette rebuilt each time: the worst case of the intensity plumbing)."""
    clock = VirtualClock()
    app, repository = alerting_app(data_dir, clock)
    for label, moving in (("bubbles + overlay", False), ("+ a change every frame", True)):
        scene = ActivityScene(app.stage, "bubbles", 4, seed=2)
        app.push(scene)
        open_sliders(app, clock)
        bot = scene.activity.bot_class(scene.activity, 2, 0.8)
        app.frame_times_s.clear()
        for index in range(frames):
            clock.advance(app.step_s)
            for event in off_the_sliders(app, bot.events(clock.now())):
                pygame.event.post(event)
            if moving:
                visual = 0.5 + 0.5 * (index % 2)
                app.stage.set_intensity(
                    app.child.sensory.intensity.with_overrides({"visual": visual}), clock.now()
                )
            app.frame()
            spare_time(app)  # (as the loop, and bot_frames: chores between frames)
            if scene not in app.scenes:
                scene = ActivityScene(app.stage, "bubbles", 4, seed=index)
                app.push(scene)
                bot = scene.activity.bot_class(scene.activity, index, 0.8)
        app.stage.close_overlay()
        app.stack.pop_to(ActivityMenuScene)
        print(f"  {label:<22} {percentiles_ms(list(app.frame_times_s))}")
    app.quit()
    repository.close()


def off_the_sliders(app: App, events: list[pygame.event.Event]) -> list[pygame.event.Event]:
    """The bot's finger events but those on the open sliders (the therapist has them in
    hand; a bubble under their close button, tapped, would close them a few frames into
    the row, which then measured the sliders in 23 of its 900 frames)."""
    overlay = app.sensory.overlay
    if overlay is None:
        return events
    width, height = app.stage.screen.get_size()
    area = overlay.bounds()
    return [e for e in events if not area.collidepoint(e.x * width, e.y * height)]


def open_sliders(app: App, clock: VirtualClock) -> None:
    """Open the sensory sliders as a therapist does: the adult menu over the activity for
    half a second (its frames, with the loop's spare time between them), then its
    "Sensory settings" button."""
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    for _ in range(30):
        clock.advance(app.step_s)
        app.frame()
        spare_time(app)
    menu.sensory_settings()


def cold_start(data_dir: Path, runs: int = 5) -> None:
    """Launching as an installed app launches: its bytecode already compiled (an install
    compiles it). One untimed run compiles it into a cache in `data_dir` (never into the
    repository), even where the environment says PYTHONDONTWRITEBYTECODE: otherwise every
    timed run compiled every module again, and the figure grew with lines of code."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(SDL_VIDEODRIVER="dummy", PYTHONPYCACHEPREFIX=str(data_dir / "bytecode"))
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "--exit-after-first-frame",
        "--windowed",
        f"{SIZE[0]}x{SIZE[1]}",
        "--data-dir",
        str(data_dir),
    ]
    subprocess.run(command, check=True, cwd=ROOT, env=env)  # (compiles: not timed)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    print(
        f"Cold start to first frame (whole process, {runs} runs): "
        f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )


class TimingProbe(Scene):
    """Wraps an activity scene (so it renders for real) and notes each tap's timestamp."""

    def __init__(self, stage: Stage, inner: ActivityScene) -> None:
        super().__init__(stage)
        self.inner = inner
        self.stamps: dict[int, float] = {}

    def handle(self, pointer: PointerEvent) -> bool:
        if pointer.phase == "down":
            self.stamps[pointer.pointer_id] = pointer.t
        return True

    def update(self, dt: float) -> None:
        self.inner.activity.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        self.inner.draw(surface)


def input_timing(data_dir: Path, slug: str = "bilateral_drum") -> None:
    """Tap timestamps against their true arrival while the drum (whose scores are tap
    times) renders: the error the two-handed timing measures carry from the input layer."""
    app, repository = alerting_app(data_dir, RealClock())
    probe = TimingProbe(
        app.stage, ActivityScene(app.stage, slug, len(app.child.levels(slug)), seed=3)
    )
    app.push(probe)
    posted: list[float] = []
    rng = random.Random(5)

    def inject() -> None:
        time.sleep(0.5)
        for index in range(TAPS):
            time.sleep(rng.uniform(0.004, 0.012))
            x, y = rng.uniform(20, 300), rng.uniform(20, 150)
            event = finger_event(app.metrics, "down", index, x, y)
            posted.append(time.perf_counter())
            pygame.event.post(event)
            pygame.event.post(finger_event(app.metrics, "up", index, x, y))
        time.sleep(0.1)
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    thread = threading.Thread(target=inject, daemon=True)
    thread.start()
    app.run()
    thread.join()
    # pointer ids are handed out in order of the finger downs: id k+1 is tap k
    ids = sorted(probe.stamps)
    errors = [probe.stamps[pid] - posted[k] for k, pid in enumerate(ids)]
    ms = np.asarray(errors) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    print(
        f"Input timing error ({len(errors)} taps from another thread, {slug} rendering at "
        f"{SIZE[0]}x{SIZE[1]}): p50 {p50:.2f}  p95 {p95:.2f}  p99 {p99:.2f}  "
        f"max {ms.max():.2f} ms; over 4 ms: {int((ms > 4).sum())}"
    )
    repository.close()


def rss_after_warm_up(runs: int = 3) -> None:
    """The app's resident memory after every screen and level was shown once, each run in
    a fresh process (benchmarks/memory.py) so that nothing measured here counts: median."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = [sys.executable, str(ROOT / "benchmarks" / "memory.py")]
    figures = []
    for _ in range(runs):
        out = subprocess.run(script, capture_output=True, text=True, check=True, env=env)
        figures.append(float(out.stdout.rsplit(":", 1)[1].split()[0]))
    print(
        f"RSS after warm-up (the app at {SIZE[0]}x{SIZE[1]}, every screen and level once; "
        f"{runs} fresh processes): median {statistics.median(figures):.1f} MB "
        f"(target 120 MB; benchmarks/memory.py --why says what holds it)"
    )


def machine_reference() -> None:
    """How fast this machine copies one 1920x1080 frame: the floor of any full redraw, and
    a yardstick for comparing runs on a busy or a quiet machine."""
    pygame.display.init()
    screen = pygame.display.set_mode(SIZE)
    frame = pygame.Surface(SIZE).convert()
    times = []
    for _ in range(200):
        start = time.perf_counter()
        screen.blit(frame, (0, 0))
        times.append(time.perf_counter() - start)
    print(f"Machine reference: one full-screen {SIZE[0]}x{SIZE[1]} copy {percentiles_ms(times)}")


def main() -> int:
    build_version()  # (an installed app reads it from its build; a checkout asks git once)
    machine_reference()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        frame_times(data_dir)
        slow_device_table()
        tracing_long_trail(data_dir)
        overlay_cost(data_dir)
        final_scoring()
        cold_start(data_dir)
        rss_after_warm_up()
        input_timing(data_dir)
        played = Repository(data_dir)  # the attempts the frame-time runs just saved
        export_speed(played, data_dir / "exports")
        sync_speed(played, data_dir / "sync", frames_during_sync)
        played.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory (RSS) of the benchmark process: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
