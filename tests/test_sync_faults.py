"""A sync cut off anywhere: killed (kill -9) at random moments while sending and while taking,
and the server going away in the middle. Afterwards nothing is doubled, nothing is missing,
and the next sync finishes the job."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import asdict
from pathlib import Path

import psycopg
import pytest
from records import at, log_attempt
from sync_clinic import Clinic, counts, make_clinic, versions

from sensory_games.services.sync import sync
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import ServerUnavailable
from sensory_games.storage.server_credentials import DeviceCredentials

pytestmark = pytest.mark.server

#: Kills per direction: a few in `make test`, more with SENSORY_GAMES_FULL_TESTS=1.
KILLS = 20 if os.environ.get("SENSORY_GAMES_FULL_TESTS") == "1" else 4
ATTEMPTS = 240
#: One sync in a child process, a few records per transaction (many moments to die in).
SYNC_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from sensory_games.domain.server_config import ServerConfig
    from sensory_games.services.sync import sync
    from sensory_games.storage import Repository
    from sensory_games.storage.server_credentials import DeviceCredentials
    given = json.loads(sys.argv[1])
    repository = Repository(given["data_dir"])
    print("open", flush=True)
    sync(repository, ServerConfig(**given["config"]), DeviceCredentials(**given["credentials"]),
         chunk=given["chunk"])
    print("done", flush=True)
    """
)


def fill(repository: Repository, attempts: int) -> None:
    """One child with `attempts` traced attempts (samples and target each) in 12 sessions."""
    child = repository.add_profile(alias="Robin", animal="owl", colour=1)
    per = attempts // 12
    for number in range(12):
        session = repository.start_session(child.id, at(number * 60))
        for index in range(per):
            log_attempt(repository, child, session, number * 60 + index * 0.2, tracing=True)
        repository.end_session(session, at(number * 60 + 30))


def sync_process(clinic: Clinic, device: tuple[Repository, DeviceCredentials]) -> subprocess.Popen:
    """A sync of `device` started in another process, its log open (it printed "open")."""
    given = {
        "data_dir": str(device[0].data_dir),
        "config": {"url": clinic.config.url, "clinic": clinic.config.clinic},
        "credentials": asdict(device[1]),
        "chunk": 7,
    }
    child = subprocess.Popen(
        [sys.executable, "-c", SYNC_SCRIPT, json.dumps(given)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"open"
    return child


def sync_seconds(clinic: Clinic, device: tuple[Repository, DeviceCredentials]) -> float:
    """How long (s) a whole sync of `device` takes in another process, from its log open to
    done: the scale of the moments the kills are drawn from (a faster machine or build
    finishes sooner, and a kill drawn later than that lands after the sync)."""
    child = sync_process(clinic, device)
    start = time.perf_counter()
    assert child.stdout is not None and child.stdout.readline().strip() == b"done"
    took = time.perf_counter() - start
    child.wait()
    return took


def sync_killed(
    clinic: Clinic, device: tuple[Repository, DeviceCredentials], seed: int, within_s: float
) -> str:
    """Start a sync in another process and kill -9 it after a random moment within
    `within_s` seconds of its log being open; what it printed."""
    child = sync_process(clinic, device)
    time.sleep(random.Random(seed).uniform(0.0, within_s))
    child.send_signal(signal.SIGKILL)
    assert child.stdout is not None
    said = child.stdout.read().decode()
    child.wait()
    return said


def test_a_sync_killed_anywhere_leaves_no_double_and_no_gap(
    clinic: Clinic, postgres, tmp_path: Path
) -> None:
    reference = make_clinic(postgres, tmp_path / "reference", "lake")
    try:  # (how long a whole sync of the same log takes here, on a clinic of its own)
        twin = reference.add("kiosk_twin")
        fill(twin[0], ATTEMPTS)
        within_s = 0.5 * sync_seconds(reference, twin)  # (kills well inside a sync)
    finally:
        reference.close()
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill(a[0], ATTEMPTS)
    finished = 0
    for seed in range(KILLS):  # sending, killed again and again
        finished += "done" in sync_killed(clinic, a, seed, within_s)
    rows, records = versions(clinic.admin, clinic.config.schema, "attempt")
    assert rows == records <= ATTEMPTS  # never twice, whatever the moment
    clinic.sync(a)  # the next sync finishes the job
    assert versions(clinic.admin, clinic.config.schema, "attempt") == (ATTEMPTS, ATTEMPTS)
    assert finished < KILLS  # (the kills did land inside syncs)
    for seed in range(KILLS):  # taking, killed again and again
        sync_killed(clinic, b, 100 + seed, within_s)
    clinic.sync(b)
    assert counts(b[0]) == counts(a[0])
    again = clinic.sync(b)
    assert sum(again.taken.added.values()) == 0 and sum(again.sent.values()) == 0


def test_the_server_going_away_mid_sync_is_one_line_and_the_next_sync_goes_on(
    postgres, tmp_path: Path
) -> None:
    database = postgres.new_database()
    clinic = make_clinic(postgres, tmp_path, "far", database)
    a = clinic.add("kiosk_a")
    fill(a[0], ATTEMPTS)
    failure: list[BaseException] = []

    def run() -> None:  # (the thread opens its own log, as the app's does)
        own = Repository(a[0].data_dir)
        try:
            sync(own, clinic.config, a[1], chunk=3)
        except BaseException as error:
            failure.append(error)
        finally:
            own.close()

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 20
    while (
        versions(clinic.admin, clinic.config.schema, "attempt")[0] < 30
        and time.monotonic() < deadline
    ):
        time.sleep(0.02)
    clinic.admin.close()  # (so only the device's connection is ended)
    assert postgres.kill_connections(database) >= 1, failure
    worker.join(timeout=30)
    assert failure and isinstance(failure[0], ServerUnavailable), failure
    said = str(failure[0])
    assert "went away" in said and "\n" not in said
    clinic.admin = psycopg.connect(postgres.admin_url(database), autocommit=True)
    rows, records = versions(clinic.admin, clinic.config.schema, "attempt")
    assert 30 <= rows == records < ATTEMPTS
    clinic.sync(a)
    assert versions(clinic.admin, clinic.config.schema, "attempt") == (ATTEMPTS, ATTEMPTS)
    clinic.close()
