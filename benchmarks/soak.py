"""Soak: long use without slowdown or growth.

    make soak                                   # an hour of play + 2 minutes in real time
    .venv/bin/python benchmarks/soak.py --minutes 10 --real-seconds 30
    .venv/bin/python benchmarks/soak.py --minutes 40 --trace-memory   # where memory goes

Bots play every level of every activity in turn, through the real screens, for
`--minutes` of game time on a virtual clock (every frame drawn), then for
`--real-seconds` on the real clock at 60 frames a second. The play is cut into
`--reports` windows (6 by default, whatever the length): for each, attempts so far,
frame time p50/p99 of the window, the process's resident memory (RSS) and the log's size.
Then the totals, at any length: RSS growth from warm-up (every level played once: the
caches are full then) to the end, and its trend per hour of play (target under 5 MB an
hour); frame p99 drift from a level's first attempt to its latest (the same work
compared; target: none); bytes of log per attempt. A run too short to finish warm-up
says so (a full round of every level is about 30 minutes of play). `--trace-memory`
also diffs tracemalloc snapshots between reports (the Python allocations that grew
most) and shows how full the drawing caches are; it slows the run down.
Not part of `make test`: it reports numbers, it does not pass or fail.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pygame

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.cli.autoplay import play_attempt
from sensory_games.domain.clock import RealClock, VirtualClock
from sensory_games.domain.config import load_app_config
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui import kept

SIZE = (1280, 800)
SKILL = 0.6
#: Report windows per run unless --reports says otherwise.
REPORTS = 6
#: RSS growth after warm-up the soak aims under (MB per hour of play).
TARGET_MB_PER_HOUR = 5.0
#: Allocation sites shown per report with --trace-memory.
TRACE_LINES = 5


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
    app.child.origin = "autoplay"
    kept.collect_left_screens()  # (as the launcher does: cli/play.py)
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(profile)
    app.push(ActivityMenuScene(app.stage))
    return app, repository


def ms(seconds: np.ndarray) -> str:
    """p50 and p99 of frame times given in seconds."""
    if seconds.size == 0:
        return "no frames".ljust(26)
    p50, p99 = np.percentile(seconds * 1000, [50, 99])
    return f"p50 {p50:5.2f}  p99 {p99:5.2f} ms"


def cache_fill() -> list[str]:
    """'module.function n/max' for every lru_cache of sensory_games holding something."""
    lines = []
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("sensory_games."):
            continue
        for attribute, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if (
                info is None
                or isinstance(value, type)
                or getattr(value, "__module__", None) != name
            ):
                continue  # (a class's own cache_info is not a cache: ui/kept.py KeptByBytes)
            filled = info()
            if filled.currsize:
                limit = filled.maxsize if filled.maxsize is not None else "unbounded"
                lines.append(
                    f"{name.removeprefix('sensory_games.')}.{attribute} {filled.currsize}/{limit}"
                )
    return lines


class MemoryTrace:
    """tracemalloc snapshots diffed between reports: where Python memory grew."""

    def __init__(self) -> None:
        tracemalloc.start()
        self.snapshot = tracemalloc.take_snapshot()

    def report(self) -> None:
        snapshot = tracemalloc.take_snapshot()
        traced = tracemalloc.get_traced_memory()[0] / 2**20
        print(f"{'':10}traced by Python: {traced:.1f} MB; grew most since the last report:")
        for stat in snapshot.compare_to(self.snapshot, "lineno")[:TRACE_LINES]:
            where = stat.traceback[0]
            print(
                f"{'':12}{stat.size_diff / 1024:+8.0f} KB {stat.count_diff:+7d} blocks  "
                f"{where.filename.rsplit('/', 2)[-1]}:{where.lineno}"
            )
        print(f"{'':10}caches: {', '.join(cache_fill()) or 'empty'}")
        self.snapshot = snapshot


def virtual_segment(data_dir: Path, minutes: float, reports: int, trace: bool) -> None:
    """Play for `minutes` of game time and print the figures."""
    clock = VirtualClock()
    app, repository = open_app(data_dir, clock)
    turns = plan()
    end_s, window_s = minutes * 60, minutes * 60 / max(1, reports)
    played = 0
    window_end = window_s
    window: list[np.ndarray] = []
    first: dict[tuple[str, int], float] = {}  # frame p99 (ms) of each level's first attempt
    last: dict[tuple[str, int], float] = {}  # ... and of its latest
    start_rss = rss_mb()
    warm: tuple[float, float] | None = None  # (play s, RSS MB) once every level was played
    after_warm: list[tuple[float, float]] = []  # (play s, RSS MB) after each later attempt
    memory_trace = MemoryTrace() if trace else None
    started = time.perf_counter()
    print(f"{'play':>8} {'attempts':>9}   frame time (update + draw)   {'RSS':>8} {'log':>9}")
    while clock.now() < end_s:
        turn = turns[played % len(turns)]
        app.frame_times_s.clear()
        play_attempt(app, clock, *turn, played, SKILL, render_every_frame=True)
        played += 1
        times = app.frame_times_s.recent()
        window.append(times)
        p99 = float(np.percentile(times * 1000, 99))
        first.setdefault(turn, p99)
        last[turn] = p99
        if played == len(turns):
            warm = (clock.now(), rss_mb())
        elif warm is not None:
            after_warm.append((clock.now(), rss_mb()))
        if clock.now() >= window_end or clock.now() >= end_s:
            print(
                f"{clock.now() / 60:6.1f} m {played:9d}   {ms(np.concatenate(window))}   "
                f"{rss_mb():6.1f} MB {log_kb(repository):7.0f} KB"
            )
            if memory_trace is not None:
                memory_trace.report()
            window = []
            while window_end <= clock.now():
                window_end += window_s
    end_rss = rss_mb()
    app.quit()
    repository.close()
    repository = Repository(data_dir)
    bytes_per_attempt = log_kb(repository) * 1024 / max(played, 1)
    repository.close()
    print(
        f"{minutes:g} minutes of play in {time.perf_counter() - started:.0f} s: {played} attempts"
    )
    report_growth(start_rss, warm, after_warm, end_rss, len(set(first)), len(turns))
    report_drift(first, last)
    print(f"  log: {bytes_per_attempt:.0f} bytes per attempt (samples, metrics, targets)")


def report_growth(
    start_rss: float,
    warm: tuple[float, float] | None,
    after_warm: list[tuple[float, float]],
    end_rss: float,
    levels_played: int,
    levels: int,
) -> None:
    """RSS growth after warm-up, or why there is none to give."""
    if warm is None:
        print(
            f"  RSS: run too short to be past warm-up ({levels_played} of {levels} levels "
            f"played; the caches are still filling): {start_rss:.1f} -> {end_rss:.1f} MB "
            f"({end_rss - start_rss:+.1f}) is start-up, not growth"
        )
        return
    warm_s, warm_rss = warm
    print(
        f"  RSS growth after warm-up (every level played once): {end_rss - warm_rss:+.1f} MB "
        f"({warm_rss:.1f} -> {end_rss:.1f} MB) over "
        f"{(after_warm[-1][0] - warm_s) / 60 if after_warm else 0:.0f} minutes of play"
    )
    if len(after_warm) >= 2:
        hours = np.array([warm_s] + [s for s, _ in after_warm]) / 3600
        rss = np.array([warm_rss] + [r for _, r in after_warm])
        slope = float(np.polyfit(hours, rss, 1)[0])
        print(
            f"  RSS trend after warm-up: {slope:+.1f} MB per hour of play (least squares "
            f"over {len(rss)} attempts; target under {TARGET_MB_PER_HOUR:g})"
        )
    else:
        print("  RSS trend after warm-up: too few attempts after warm-up for a trend")


def report_drift(first: dict[tuple[str, int], float], last: dict[tuple[str, int], float]) -> None:
    """Frame p99 drift of the levels played more than once."""
    drift = [last[turn] - first[turn] for turn in first if first[turn] != last[turn]]
    if not drift:
        print("  frame p99 drift: no level played twice yet, nothing to compare")
        return
    print(
        f"  frame p99 drift, the same level's first attempt to its latest "
        f"({len(drift)} levels played again): median {np.median(drift):+.2f} ms, "
        f"largest {max(drift, key=abs):+.2f} ms"
    )


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
        scene = ActivityScene(app.stage, slug, level, seed=index)
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
        app.stack.pop_to(ActivityMenuScene)
    end_rss = rss_mb()
    print(
        f"real time: {seconds:g} s, {played} attempt(s), {ms(app.frame_times_s.recent())}, "
        f"RSS {start_rss:.1f} -> {end_rss:.1f} MB ({end_rss - start_rss:+.1f})"
    )
    app.quit()
    repository.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="game time to play")
    parser.add_argument("--real-seconds", type=float, default=120.0)
    parser.add_argument(
        "--reports", type=int, default=REPORTS, help="report windows per run (at least 1)"
    )
    parser.add_argument(
        "--trace-memory", action="store_true", help="diff tracemalloc between reports"
    )
    args = parser.parse_args()
    if args.minutes <= 0 or args.reports < 1:
        parser.error("--minutes must be above 0 and --reports at least 1")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        virtual_segment(data_dir, args.minutes, args.reports, args.trace_memory)
        if args.real_seconds > 0:
            real_segment(data_dir, args.real_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
