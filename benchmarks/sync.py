"""Clinic server figures for `make bench`: a throw-away PostgreSQL (the test set-up's,
tests/postgres_cluster.py) and real records.

- the first sync of a device with 100,000 attempts, each with its samples and target
  (copies of the attempts the frame-time benchmark played, every activity's);
- an incremental sync after one new attempt;
- eight devices, each its own process, playing and syncing at once for a minute: then
  every record on the server once, and every device holding every record (lost or
  doubled: 0).
Skipped, with the reason, where PostgreSQL or psycopg is missing.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from exports import ATTEMPTS, build_log, real_attempts

from sensory_games.domain.server_config import ServerConfig
from sensory_games.services.sync import sync
from sensory_games.storage import Repository
from sensory_games.storage.server_credentials import DeviceCredentials, store_credentials

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from postgres_cluster import ThrowawayCluster  # (the tests' throw-away server)
from server_fixtures import missing_requirement
from sync_clinic import device_credentials, new_clinic, versions

#: run.py's frames_during_sync: (data folder, start the app's sync) -> (quiet, during).
FramesDuringSync = Callable[[Path, Callable[[Any], None]], tuple[str, str]]
#: Devices and seconds of the "eight devices at once" run.
DEVICES = 8
BUSY_S = float(os.environ.get("SYNC_BUSY_S", "60"))


def with_samples(log: Repository, templates: list[dict[str, Any]]) -> int:
    """Give every attempt of `log` the packed samples of a real attempt of its activity
    (as the log stores them), and make them all this device's; returns the bytes of
    samples added."""
    from sensory_games.storage import samples as sample_blob

    by_activity: dict[str, list[tuple[int, bytes]]] = {}
    for template in templates:
        if template.get("samples"):
            blob = sample_blob.pack_records(template["samples"])
            by_activity.setdefault(template["activity"], []).append(
                (len(template["samples"]), blob)
            )
    rng = random.Random(3)
    rows = []
    for attempt_id, activity in log.connection.execute(
        "SELECT id, activity FROM attempts WHERE id NOT IN (SELECT attempt_id FROM attempt_samples)"
    ).fetchall():
        if activity in by_activity:
            count, blob = rng.choice(by_activity[activity])
            rows.append((attempt_id, log.device_id, count, sample_blob.FORMAT, blob))
    with log.transaction():
        log.connection.executemany(
            "INSERT INTO attempt_samples (attempt_id, device_id, sample_count, format, data)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        # (the copies are this device's own attempts: the templates' device made them)
        log.connection.execute("UPDATE attempts SET device_id = ?", (log.device_id,))
    return sum(len(row[4]) for row in rows)


def _clinic(cluster: ThrowawayCluster, name: str) -> tuple[ServerConfig, Any]:
    """A new clinic on a new database of `cluster`, and its administrator's connection."""
    return new_clinic(cluster, cluster.new_database(), name)


def first_and_incremental(cluster: ThrowawayCluster, played: Repository, folder: Path) -> Path:
    """The first sync of ATTEMPTS attempts with samples, then one new attempt's; returns
    the device's data folder."""
    templates = real_attempts(played)
    log = build_log(folder / "device", templates)
    added = with_samples(log, templates)
    config, admin = _clinic(cluster, "bench_first")
    device = device_credentials(admin, config, "kiosk")
    started = time.perf_counter()
    report = sync(log, config, device)
    seconds = time.perf_counter() - started
    sent = sum(report.sent.values())
    size = admin.execute(f"SELECT pg_total_relation_size('{config.schema}.records')").fetchone()
    print(
        f"Clinic server: first sync of {ATTEMPTS:,} attempts with samples"
        f" ({added / 1e6:.0f} MB of samples): {seconds:.1f} s, {sent:,} records,"
        f" {size[0] / 1e6:.0f} MB on the server  (target under 30 s)"
    )
    times = []
    session = log.connection.execute("SELECT id, profile_id FROM sessions LIMIT 1").fetchone()
    template = next(t for t in templates if t["activity"] == "tracing")
    for k in range(20):
        record = {**template, "attempt_id": f"00000000-0000-4000-8000-{k:012d}"}
        with log.transaction():
            log.transfer().insert_attempt(record, session[0], session[1])
        started = time.perf_counter()
        sync(log, config, device)
        times.append(time.perf_counter() - started)
    print(
        f"  incremental sync of one new attempt: median {statistics.median(times) * 1000:.0f} ms,"
        f" max {max(times) * 1000:.0f} ms over {len(times)}  (target under 50 ms)"
    )
    log.close()
    admin.close()
    return folder / "device"


def frames_while_syncing(
    cluster: ThrowawayCluster, data_dir: Path, frames_during_sync: FramesDuringSync
) -> None:
    """Tracing's frame times while the app's own background sync (engine/background_sync.py)
    sends the 100,000-attempt log in `data_dir` to a new clinic: its worst case."""
    from sensory_games.engine.background_sync import BackgroundSync, ClinicSync

    config, admin = _clinic(cluster, "bench_frames")
    store_credentials(data_dir, device_credentials(admin, config, "kiosk"))

    def start(app: Any) -> None:
        run = ClinicSync(data_dir, config, app.child.level_counts(), app.config.config_dir)
        app.clinic_sync = BackgroundSync(run, 3600.0)  # (app.quit() stops it)
        app.clinic_sync.start()
        app.clinic_sync.sync_now()

    quiet, during = frames_during_sync(data_dir, start)
    sent = admin.execute(f"SELECT count(*) FROM {config.schema}.records").fetchone()[0]
    print(
        f"  tracing (1,200 frames at 60 Hz) quiet:                 {quiet}\n"
        f"  tracing while the background sync sends the log: {during}"
        f"  ({sent:,} records sent meanwhile; target p99 under 4 ms)"
    )
    admin.close()


def _busy_device(given: dict[str, Any]) -> None:
    """One device for BUSY_S seconds: an attempt every 0.2-1 s, a sync after each."""
    from records import at, log_attempt  # (tests/records.py: real-shaped attempts)

    log = Repository(Path(given["folder"]))
    config = ServerConfig(**given["config"])
    device = DeviceCredentials(**given["device"])
    child = log.add_profile(alias=f"Child {given['number']:02d}")
    session = log.start_session(child.id, at(0))
    rng = random.Random(given["number"])
    ends = time.monotonic() + BUSY_S
    minute = 0.0
    while time.monotonic() < ends:
        minute += 0.5
        log_attempt(log, child, session, minute, tracing=True)
        sync(log, config, device)
        time.sleep(rng.uniform(0.2, 1.0))
    log.end_session(session, at(minute + 1))
    sync(log, config, device)
    log.close()


def eight_devices(cluster: ThrowawayCluster, folder: Path) -> None:
    """DEVICES processes play and sync at once; then each syncs once more and every record
    is counted on the server and on every device."""
    config, admin = _clinic(cluster, "bench_eight")
    devices = [device_credentials(admin, config, f"kiosk_{n}") for n in range(DEVICES)]
    given = [
        {
            "folder": str(folder / f"kiosk-{n}"),
            "config": {"url": config.url, "clinic": config.clinic},
            "device": asdict(devices[n]),
            "number": n,
        }
        for n in range(DEVICES)
    ]
    started = time.perf_counter()
    spawn = multiprocessing.get_context("spawn")
    playing = [spawn.Process(target=_busy_device, args=(g,)) for g in given]
    for process in playing:
        process.start()
    for process in playing:
        process.join()
    seconds = time.perf_counter() - started
    failed = [process.exitcode for process in playing if process.exitcode != 0]
    if failed:
        print(f"  {DEVICES} devices at once: {len(failed)} device processes failed {failed}")
    logs = [Repository(Path(g["folder"])) for g in given]
    for log, device in zip(logs, devices, strict=True):
        sync(log, config, device)
    made = sum(
        log.connection.execute(
            "SELECT count(*) FROM attempts WHERE device_id = ?", (log.device_id,)
        ).fetchone()[0]
        for log in logs
    )
    rows, distinct = versions(admin, config.schema, "attempt")
    held = [log.connection.execute("SELECT count(*) FROM attempts").fetchone()[0] for log in logs]
    lost = made - distinct + sum(made - h for h in held)
    doubled = rows - distinct
    print(
        f"  {DEVICES} devices playing and syncing at once for {seconds:.0f} s: {made:,} attempts"
        f" made, {distinct:,} on the server, every device holds {min(held):,}..{max(held):,};"
        f" lost {lost}, doubled {doubled}  (target 0 and 0)"
    )
    for log in logs:
        log.close()
    admin.close()


def sync_speed(played: Repository, folder: Path, frames_during_sync: FramesDuringSync) -> None:
    """Print the clinic server figures (or why they were skipped)."""
    reason = missing_requirement()
    if reason is not None:
        print(f"Clinic server: skipped ({reason})")
        return
    with ThrowawayCluster() as cluster:
        device = first_and_incremental(cluster, played, folder)
        frames_while_syncing(cluster, device, frames_during_sync)
        eight_devices(cluster, folder)
