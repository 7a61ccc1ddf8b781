"""Soak: long use without slowdown or growth.

    make soak                                   # an hour of play + 2 minutes in real time
    .venv/bin/python benchmarks/soak.py --minutes 10 --real-seconds 30

Bots play every level of every activity in turn, through the real screens, for
`--minutes` of game time on a virtual clock (every frame drawn), then for
`--real-seconds` on the real clock at 60 frames a second. Printed every 10 minutes of
play: attempts so far, frame time p50/p99 of the window, the process's resident memory
(RSS) and the log's size; then the totals: RSS growth from the moment every level had
been played once (the caches are full then; target under 10 MB), frame p99 drift from a
level's first attempt to its latest (the same work compared; target: none), bytes of
log per attempt.
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


def virtual_segment(data_dir: Path, minutes: float) -> None:
    """Play for `minutes` of game time and print the figures."""
    clock = VirtualClock()
    app, repository = open_app(data_dir, clock)
    turns = plan()
    played = 0
    window_end = WINDOW_S
    window: list[float] = []
    first: dict[tuple[str, int], float] = {}  # frame p99 (ms) of each level's first attempt
    last: dict[tuple[str, int], float] = {}  # ... and of its latest
    warm_rss: float | None = None  # after every level has been played once (caches full)
    started = time.perf_counter()
    print(f"{'play':>8} {'attempts':>9}   frame time (update + draw)   {'RSS':>8} {'log':>9}")
    while clock.now() < minutes * 60:
        turn = turns[played % len(turns)]
        app.frame_times_s.clear()
        play_attempt(app, clock, *turn, played, SKILL, render_every_frame=True)
        played += 1
        times = list(app.frame_times_s)
        window += times
        p99 = float(np.percentile(np.asarray(times) * 1000, 99))
        first.setdefault(turn, p99)
        last[turn] = p99
        if played == len(turns):
            warm_rss = rss_mb()
        if clock.now() >= window_end or clock.now() >= minutes * 60:
            print(
                f"{clock.now() / 60:6.1f} m {played:9d}   {ms(window)}   "
                f"{rss_mb():6.1f} MB {log_kb(repository):7.0f} KB"
            )
            window = []
            window_end += WINDOW_S
    end_rss = rss_mb()
    app.quit()
    repository.close()
    repository = Repository(data_dir)
    bytes_per_attempt = log_kb(repository) * 1024 / max(played, 1)
    repository.close()
    print(
        f"{minutes:.0f} minutes of play in {time.perf_counter() - started:.0f} s: {played} attempts"
    )
    if warm_rss is None:
        print("  (not every level was played once: no RSS growth or drift to report)")
        return
    again = [turn for turn in first if turn in last and first[turn] != last[turn]]
    drift = [last[turn] - first[turn] for turn in again]
    print(
        f"  RSS growth after every level had been played once: {end_rss - warm_rss:+.1f} MB "
        f"(target under 10; {warm_rss:.1f} -> {end_rss:.1f} MB)"
    )
    if drift:
        print(
            f"  frame p99 drift, the same level's first attempt to its latest "
            f"({len(drift)} levels played again): median {np.median(drift):+.2f} ms, "
            f"largest {max(drift, key=abs):+.2f} ms"
        )
    print(f"  log: {bytes_per_attempt:.0f} bytes per attempt (samples, metrics, targets)")


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
        virtual_segment(data_dir, args.minutes)
        if args.real_seconds > 0:
            real_segment(data_dir, args.real_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
