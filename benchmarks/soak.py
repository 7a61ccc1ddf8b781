"""Soak: long use without slowdown or growth.

    make soak                                   # an hour of play + 2 minutes in real time
    .venv/bin/python benchmarks/soak.py --minutes 10 --real-seconds 30

Bots play every level of every activity in turn, through the real screens, for
`--minutes` of game time on a virtual clock (every frame drawn), then for
`--real-seconds` on the real clock at 60 frames a second. Printed every 10 minutes of
play: attempts so far, frame time p50/p99 of the window, the process's resident memory
(RSS) and the log's size; then the totals: RSS growth (target under 10 MB), p99 drift
from the first window to the last (target: none), bytes of log per attempt.
Not part of `make test`: it reports numbers, it does not pass or fail.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pygame

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.app import App
from sensory_games.autoplay import play_attempt
from sensory_games.clock import RealClock, VirtualClock
from sensory_games.config import load_app_config
from sensory_games.scenes.activity_menu import ActivityMenuScene
from sensory_games.scenes.play import ActivityScene
from sensory_games.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository

SIZE = (1280, 800)
WINDOW_S = 600.0  # a report every 10 minutes of play
SKILL = 0.6


def rss_mb() -> float:
    """Resident memory of this process now (MB), from /proc (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def log_kb(repository: Repository) -> float:
    """The log's size on disk (KB), its WAL included."""
    files = [repository.path, Path(f"{repository.path}-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1024


def plan() -> list[tuple[str, int]]:
    """(activity, level) for every level of every activity, in turn."""
    config_dir = load_app_config().config_dir
    return [
        (slug, level.number)
        for slug in REGISTRY
        for level in load_activity_levels(slug, config_dir)
    ]


def open_app(data_dir: Path, clock: VirtualClock | RealClock) -> tuple[App, Repository]:
    repository = Repository(data_dir)
    profile = repository.profile_by_alias("Soak") or repository.add_profile(
        alias="Soak", intensity_preset="alerting"
    )
    app = App(load_app_config(), repository, clock, window_size=SIZE, headless=True)
    app.origin = "autoplay"
    app.push(ProfilePickerScene(app))
    app.start_session(profile)
    app.push(ActivityMenuScene(app))
    return app, repository


def ms(values: list[float]) -> str:
    p50, p99 = np.percentile(np.asarray(values) * 1000, [50, 99])
    return f"p50 {p50:5.2f}  p99 {p99:5.2f} ms"


def virtual_segment(data_dir: Path, minutes: float) -> tuple[list[float], float, float, int]:
    """Play for `minutes` of game time; returns the windows' p99s, RSS at the first
    window and at the end, and the attempts played."""
    clock = VirtualClock()
    app, repository = open_app(data_dir, clock)
    turns = plan()
    played = 0
    window_end = WINDOW_S
    p99s: list[float] = []
    first_rss = 0.0
    print(f"{'play':>8} {'attempts':>9}   frame time (update + draw)   {'RSS':>8} {'log':>9}")
    while clock.now() < minutes * 60:
        slug, level = turns[played % len(turns)]
        play_attempt(app, clock, slug, level, played, SKILL, render_every_frame=True)
        played += 1
        if clock.now() >= window_end or clock.now() >= minutes * 60:
            times = list(app.frame_times_s)
            app.frame_times_s.clear()
            p99s.append(float(np.percentile(np.asarray(times) * 1000, 99)))
            rss = rss_mb()
            first_rss = first_rss or rss
            print(
                f"{clock.now() / 60:6.1f} m {played:9d}   {ms(times)}   "
                f"{rss:6.1f} MB {log_kb(repository):7.0f} KB"
            )
            window_end += WINDOW_S
    end_rss = rss_mb()
    app.quit()
    repository.close()
    return p99s, first_rss, end_rss, played


def real_segment(data_dir: Path, seconds: float) -> None:
    """Play on the real clock, 60 frames a second, for `seconds`."""
    clock = RealClock()
    app, repository = open_app(data_dir, clock)
    turns = plan()
    start_rss, started = rss_mb(), time.perf_counter()
    played, index = 0, 0
    app.frame_times_s.clear()
    while time.perf_counter() - started < seconds:
        slug, level = turns[index % len(turns)]
        index += 1
        scene = ActivityScene(app, slug, level, seed=index)
        app.push(scene)
        bot = scene.activity.bot_class(scene.activity, index, SKILL)
        while scene in app.scenes and time.perf_counter() - started < seconds:
            frame_start = time.perf_counter()
            for event in bot.events(clock.now()):
                pygame.event.post(event)
            app.frame()
            time.sleep(max(0.0, app.step_s - (time.perf_counter() - frame_start)))
        if scene.saved is None:
            scene.end_early("exit")
        played += 1
        app.pop_to(ActivityMenuScene)
    print(
        f"real time: {seconds:.0f} s, {played} attempt(s), {ms(list(app.frame_times_s))}, "
        f"RSS {start_rss:.1f} -> {rss_mb():.1f} MB"
    )
    app.quit()
    repository.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="game time to play")
    parser.add_argument("--real-seconds", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        started = time.perf_counter()
        p99s, first_rss, end_rss, played = virtual_segment(data_dir, args.minutes)
        repository = Repository(data_dir)
        size = log_kb(repository)
        repository.close()
        print(
            f"{args.minutes:.0f} minutes of play in {time.perf_counter() - started:.0f} s: "
            f"{played} attempts; RSS growth after the first window {end_rss - first_rss:+.1f} MB "
            f"(target under 10); frame p99 drift {p99s[-1] - p99s[0]:+.2f} ms "
            f"(first window {p99s[0]:.2f}, last {p99s[-1]:.2f}); "
            f"log {size * 1024 / max(played, 1):.0f} bytes per attempt"
        )
        if args.real_seconds > 0:
            real_segment(data_dir, args.real_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
