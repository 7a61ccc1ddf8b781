"""The app's background sync with the clinic server (engine/background_sync.py) and the
line the adult reads about it (services/sync_status.py, the adult menu).

The scheduling is driven by a fake monotonic clock (no test waits minutes); the syncs
marked `server` run against the throw-away PostgreSQL of tests/server_fixtures.py.
"""

from __future__ import annotations

import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

import pytest
from postgres_cluster import free_port
from records import at, fill_device, log_attempt
from sync_clinic import device_credentials, new_clinic, records_by_kind
from waits import wait_for

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.server_config import ServerConfig
from sensory_games.engine import app as app_module
from sensory_games.engine.app import App
from sensory_games.engine.background_sync import BackgroundSync, ClinicSync, SyncSchedule
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.services.sync_status import clinic_server_line, said_time
from sensory_games.storage import Repository
from sensory_games.storage.server_credentials import DeviceCredentials, store_credentials

NOW = datetime(2026, 12, 6, 14, 30, tzinfo=timezone.utc)


class CountingRun:
    """A SyncRun that counts its runs and, while `hold` is clear, waits (asking `stop`)."""

    def __init__(self) -> None:
        self.runs = 0
        self.at_once = 0
        self.most_at_once = 0
        self.hold = threading.Event()
        self.hold.set()
        self.lock = threading.Lock()

    def __call__(self, stop: Callable[[], bool]) -> None:
        with self.lock:
            self.at_once += 1
            self.most_at_once = max(self.most_at_once, self.at_once)
        try:
            while not self.hold.wait(0.005):
                if stop():
                    return
        finally:
            with self.lock:
                self.at_once -= 1
                self.runs += 1


@pytest.fixture
def fake_clock() -> VirtualClock:
    return VirtualClock(1000.0)


@pytest.fixture
def counting() -> Iterator[tuple[BackgroundSync, CountingRun, VirtualClock]]:
    clock, run = VirtualClock(1000.0), CountingRun()
    sync = BackgroundSync(
        run, 300.0, clock=clock.now, poll_s=0.005, start_delay_s=20.0, after_session_s=3.0
    )
    sync.start()
    yield sync, run, clock
    run.hold.set()
    assert sync.stop()


# -- when: the schedule ---------------------------------------------------------------------


def test_the_schedule_starts_soon_then_keeps_its_interval() -> None:
    schedule = SyncSchedule(300.0, now=0.0, start_delay_s=20.0, after_session_s=3.0)
    assert schedule.wait_s(0.0) == 20.0 and schedule.wait_s(25.0) == 0.0
    schedule.started(25.0)
    assert schedule.wait_s(25.0) == 300.0
    schedule.session_ended(100.0)  # sooner after a session ...
    assert schedule.wait_s(100.0) == 3.0
    schedule.session_ended(101.0)  # ... and never later for another one
    assert schedule.wait_s(101.0) == 2.0
    schedule.started(103.0)
    schedule.asked(150.0)  # the adult's Sync now
    assert schedule.wait_s(150.0) == 0.0


def test_a_session_ending_near_the_next_sync_does_not_put_it_off() -> None:
    schedule = SyncSchedule(300.0, now=0.0, start_delay_s=1.0, after_session_s=3.0)
    schedule.started(1.0)
    schedule.session_ended(300.0)  # due at 301 already: not 303
    assert schedule.wait_s(300.0) == 1.0


def test_the_thread_syncs_on_its_timer_without_waiting_in_real_time(counting) -> None:
    sync, run, clock = counting
    time.sleep(0.05)
    assert run.runs == 0  # not due: 20 s of the fake clock have not passed
    clock.advance(20.0)
    wait_for(lambda: sync.finished == 1, 30, "the background sync")
    clock.advance(299.0)
    time.sleep(0.05)
    assert sync.finished == 1
    clock.advance(1.0)
    wait_for(lambda: sync.finished == 2, 30, "the background sync")
    assert run.runs == 2


def test_a_session_ending_brings_a_sync_soon(counting) -> None:
    sync, _run, clock = counting
    clock.advance(20.0)
    wait_for(lambda: sync.finished == 1, 30, "the background sync")
    sync.session_ended()
    clock.advance(2.9)
    time.sleep(0.05)
    assert sync.finished == 1
    clock.advance(0.2)
    wait_for(lambda: sync.finished == 2, 30, "the background sync")


def test_one_sync_at_a_time_and_what_is_asked_meanwhile_comes_after(counting) -> None:
    sync, run, _clock = counting
    run.hold.clear()
    sync.sync_now()
    wait_for(lambda: sync.running, 30, "the background sync")
    for _ in range(5):
        sync.sync_now()
        sync.session_ended()
    time.sleep(0.05)
    assert run.at_once == 1
    run.hold.set()
    wait_for(
        lambda: sync.finished == 2, 30, "the background sync"
    )  # the one asked for while the first ran
    time.sleep(0.05)
    assert sync.finished == 2 and run.most_at_once == 1


def test_stop_asks_a_running_sync_to_stop_and_returns_promptly(counting) -> None:
    sync, run, _clock = counting
    run.hold.clear()  # a sync that only stops when asked
    sync.sync_now()
    wait_for(lambda: sync.running, 30, "the background sync")
    started = time.monotonic()
    assert sync.stop(wait_s=2.0)
    assert time.monotonic() - started < 0.5
    assert not sync.running and run.runs == 1


def test_stop_does_not_wait_for_a_sync_that_cannot_stop(fake_clock) -> None:
    """A server call that hangs: closing waits `wait_s`, then leaves the daemon thread."""
    release = threading.Event()
    sync = BackgroundSync(lambda stop: release.wait(10), 60.0, clock=fake_clock.now, poll_s=0.005)
    sync.start()
    sync.sync_now()
    wait_for(lambda: sync.running, 30, "the background sync")
    started = time.monotonic()
    assert not sync.stop(wait_s=0.1)
    assert time.monotonic() - started < 0.5
    release.set()
    wait_for(lambda: not sync.running, 30, "the background sync")


def test_a_sync_that_raises_leaves_the_thread_syncing(fake_clock) -> None:
    calls: list[int] = []

    def broken(stop: Callable[[], bool]) -> None:
        calls.append(1)
        raise RuntimeError("a bug")

    sync = BackgroundSync(broken, 60.0, clock=fake_clock.now, poll_s=0.005, start_delay_s=0.0)
    sync.start()
    wait_for(lambda: sync.finished == 1, 30, "the background sync")
    fake_clock.advance(60.0)
    wait_for(lambda: sync.finished == 2, 30, "the background sync")
    assert sync.stop() and len(calls) == 2


# -- what a failure leaves for the adult (no server needed) ------------------------------------


def unreachable_server() -> ServerConfig:
    """A server on this machine at a port nobody listens on: refused at once."""
    return ServerConfig(url=f"postgresql://127.0.0.1:{free_port()}/clinic", clinic="north")


def test_a_device_that_has_not_joined_keeps_why_and_raises_nothing(data_dir, config) -> None:
    server = unreachable_server()
    ClinicSync(data_dir, server, {}, config.config_dir)(lambda: False)
    summary = last_sync(data_dir)
    assert summary["ok"] is False and "has not joined the clinic server" in summary["error"]


def last_sync(data_dir: Path) -> dict:
    """What the last sync kept in the log of `data_dir`."""
    repository = Repository(data_dir)
    try:
        return repository.last_sync()
    finally:
        repository.close()


def join(data_dir: Path, server: ServerConfig, role: str = "r", password: str = "p") -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    store_credentials(data_dir, DeviceCredentials(server.url, server.clinic, role, password))


def test_a_server_that_cannot_be_reached_is_kept_with_the_last_good_time(data_dir, config) -> None:
    pytest.importorskip("psycopg")
    server = unreachable_server()
    join(data_dir, server)
    repository = Repository(data_dir)
    repository.record_last_sync({"at": "2026-12-06T13:40:00.000Z", "ok": True, "sent": 1})
    repository.close()
    ClinicSync(data_dir, server, {}, config.config_dir)(lambda: False)
    summary = last_sync(data_dir)
    assert summary["ok"] is False and summary["last_ok_at"] == "2026-12-06T13:40:00.000Z"
    assert "Traceback" not in summary["error"] and len(summary["error"].splitlines()) == 1
    line = clinic_server_line(summary, extra_installed=True, now=NOW, zone=timezone.utc)
    assert line == "Clinic server: not reached since 13:40 — why: errors.log"


def test_without_the_server_extra_the_sync_says_how_to_install_it(
    data_dir, config, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # (import psycopg fails)
    server = unreachable_server()
    join(data_dir, server)
    ClinicSync(data_dir, server, {}, config.config_dir)(lambda: False)
    summary = last_sync(data_dir)
    assert summary["ok"] is False and "server extra" in summary["error"]
    line = clinic_server_line(summary, extra_installed=False, now=NOW)
    assert line == "Clinic server: install the server extra"


@pytest.mark.parametrize(
    ("summary", "said"),
    [
        (None, "Clinic server: not synced yet"),
        (
            {"at": "2026-12-06T14:02:00.000Z", "ok": True, "sent": 12, "taken": 30},
            "Clinic server: synced 14:02 — 12 sent, 30 taken",
        ),
        (
            {"at": "2026-12-05T09:15:00.000Z", "ok": True, "sent": 0, "taken": 1},
            "Clinic server: synced 2026-12-05 09:15 — 0 sent, 1 taken",
        ),
        (
            {"at": "2026-12-06T14:02:00.000Z", "ok": True, "conflicts": ["a", "b"]},
            "Clinic server: 2 conflicts — run sensory-games sync to see them",
        ),
        (
            {"at": "2026-12-06T14:02:00.000Z", "ok": True, "conflicts": ["a"]},
            "Clinic server: 1 conflict — run sensory-games sync to see it",
        ),
        (
            {"at": "2026-12-06T14:20:00.000Z", "ok": False, "error": "wrong password"},
            "Clinic server: not reached yet — why: errors.log",
        ),
    ],
)
def test_the_adults_line(summary, said: str) -> None:
    line = clinic_server_line(summary, extra_installed=True, now=NOW, zone=timezone.utc)
    assert line == said


def test_times_are_said_in_the_local_zone() -> None:
    zurich = timezone(timedelta(hours=1))
    assert said_time("2026-12-06T14:02:00.000Z", NOW, zurich) == "15:02"
    assert said_time("2026-12-06T23:30:00.000Z", NOW, zurich) == "2026-12-07 00:30"


def test_the_line_is_translated(config) -> None:
    from sensory_games.domain.language import words
    from sensory_games.domain.sentence import render

    line = clinic_server_line(
        {"at": "2026-12-06T14:02:00.000Z", "ok": True, "sent": 12, "taken": 30},
        extra_installed=True,
        now=NOW,
        zone=timezone.utc,
    )
    assert render(line, words("es")).startswith("Servidor de la clínica: sincronizado a las 14:02")


# -- the app: the adult menu, the end of a session -----------------------------------------------


@pytest.fixture
def server_app(
    config: AppConfig, repository: Repository, clock, fake_clock, monkeypatch
) -> Iterator[Callable[[ServerConfig], App]]:
    """An App with `server:` set whose background sync runs on the fake clock."""
    monkeypatch.setattr(
        app_module, "BackgroundSync", partial(BackgroundSync, clock=fake_clock.now, poll_s=0.005)
    )
    apps: list[App] = []

    def build(server: ServerConfig) -> App:
        app = App(
            replace(config, server=server), repository, clock, window_size=(800, 480), headless=True
        )
        apps.append(app)
        return app

    yield build
    for app in apps:
        assert app.clinic_sync is None or app.clinic_sync.stop()


def test_without_a_server_there_is_no_thread_and_no_sync_now(make_app) -> None:
    app = make_app()
    assert app.clinic_sync is None
    menu = AdultMenuScene(app.stage)
    assert "Sync now" not in [button.label for button in menu.menu]
    assert menu.server_line() is None


def test_the_adult_menu_says_why_the_sync_failed_and_sync_now_asks_for_one(
    server_app, repository
) -> None:
    app = server_app(unreachable_server())
    repository.record_last_sync(
        {"at": "2026-12-06T14:20:00.000Z", "ok": False, "error": "wrong password for tablet1"}
    )
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    app.request_redraw()
    app.frame()
    lines = [line for line, _y in menu.note_lines()]
    assert lines[0] == "Clinic server: not reached yet — why: errors.log"
    assert app.errors.warnings == []  # (a warning would also be listed for the adult only)
    assert "wrong password for tablet1" in (repository.data_dir / "errors.log").read_text()
    sync_now = next(button for button in menu.menu if button.label == "Sync now")
    asked: list[bool] = []
    app.clinic_sync.sync_now = lambda: asked.append(True)  # type: ignore[method-assign]
    sync_now.on_press()
    assert asked == [True]


def test_the_end_of_a_childs_session_asks_for_a_sync(server_app, repository) -> None:
    app = server_app(unreachable_server())
    ended: list[bool] = []
    app.clinic_sync.session_ended = lambda: ended.append(True)  # type: ignore[method-assign]
    app.stage.navigation.reset_to_root()  # (no session: nothing new to send)
    assert ended == []
    app.stage.start_session(repository.add_profile(alias="Mia", animal="cat", colour=1))
    app.stage.navigation.reset_to_root()
    assert ended == [True]


# -- against a real PostgreSQL --------------------------------------------------------------------


def joined_clinic(postgres, data_dir: Path) -> tuple[ServerConfig, str, str]:
    """A new clinic in a new database, this data folder joined as one of its devices;
    the server settings, the database and the clinic's schema."""
    database = postgres.new_database()
    server, admin = new_clinic(postgres, database, f"bg{secrets.token_hex(4)}")
    admin.close()
    join_as(postgres, server, data_dir, "tablet1")
    return server, database, server.schema


def join_as(postgres, server: ServerConfig, data_dir: Path, label: str) -> None:
    """The data folder joined to `server`'s clinic as a new device `label`."""
    import psycopg

    database = server.url.rsplit("/", 1)[1]
    with psycopg.connect(postgres.admin_url(database), autocommit=True) as admin:
        device = device_credentials(admin, server, label)
    join(data_dir, server, device.role, device.password)


def records_on_server(postgres, database: str, schema: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(postgres.admin_url(database), autocommit=True) as admin:
        return records_by_kind(admin, schema)


@dataclass
class ClinicApp:
    """An App joined to a new clinic (its background sync started, on the fake clock),
    and where that clinic's records are on the server."""

    app: App
    database: str
    schema: str


@pytest.fixture
def clinic_app(postgres, server_app, repository) -> ClinicApp:
    server, database, schema = joined_clinic(postgres, repository.data_dir)
    app = server_app(server)
    app.clinic_sync.start()  # (the first sync waits for the fake clock)
    return ClinicApp(app, database, schema)


@pytest.mark.server
def test_the_thread_sends_the_log_on_its_timer(postgres, clinic_app, repository, fake_clock):
    app = clinic_app.app
    fill_device(repository, "Mia")
    fake_clock.advance(20.0)  # START_DELAY_S
    wait_for(lambda: app.clinic_sync.finished == 1, 30, "the background sync")
    on_server = records_on_server(postgres, clinic_app.database, clinic_app.schema)
    assert on_server["attempt"] == 5 and on_server["session"] == 3
    summary = repository.last_sync()
    assert summary["ok"] is True and summary["sent"] == sum(on_server.values())
    assert AdultMenuScene(app.stage).server_line().startswith("Clinic server: synced ")


@pytest.mark.server
def test_a_session_that_ends_is_on_the_server_soon_after(
    postgres, clinic_app, repository, fake_clock
):
    app = clinic_app.app
    app.stage.start_session(repository.add_profile(alias="Mia", animal="cat", colour=1))
    app.stage.navigation.reset_to_root()
    fake_clock.advance(3.0)  # AFTER_SESSION_S, long before the first timed sync
    wait_for(lambda: app.clinic_sync.finished == 1, 30, "the background sync")
    on_server = records_on_server(postgres, clinic_app.database, clinic_app.schema)
    assert on_server.get("session") == 1


@pytest.mark.server
def test_frames_keep_coming_while_a_sync_is_held_up_and_closing_does_not_wait(
    postgres, clinic_app, repository
):
    """The server's records table locked by another transaction: the sync waits on the
    server; the frame loop, the child's saves and closing the app do not."""
    import psycopg

    app = clinic_app.app
    fill_device(repository, "Mia")
    with psycopg.connect(postgres.admin_url(clinic_app.database)) as holder:
        holder.execute(f'LOCK TABLE "{clinic_app.schema}".records IN ACCESS EXCLUSIVE MODE')
        app.clinic_sync.sync_now()
        wait_for(lambda: app.clinic_sync.running, 30, "the background sync")
        time.sleep(0.3)  # (the sync has reached the server and waits on the lock)
        frames = []
        for _ in range(60):
            started = time.perf_counter()
            app.guarded_frame()
            frames.append(time.perf_counter() - started)
        assert app.clinic_sync.running  # still held up, all along
        assert max(frames) < 0.25  # (headless frames: a few ms; a wait on the sync: forever)
        started = time.perf_counter()
        fill_device(repository, "Noah")  # the child's saves go on
        assert time.perf_counter() - started < 2.0
        started = time.perf_counter()
        assert not app.clinic_sync.stop(wait_s=0.2)  # it cannot stop inside a server call
        assert time.perf_counter() - started < 1.0
        holder.rollback()
    wait_for(
        lambda: not app.clinic_sync.running, 30, "the background sync"
    )  # released: it ends between transactions
    assert repository.last_sync()["ok"] is True


@pytest.mark.server
def test_a_server_gone_away_is_told_to_the_adult_not_the_child(postgres, clinic_app, repository):
    app = clinic_app.app
    app.clinic_sync.sync_now()
    wait_for(lambda: app.clinic_sync.finished == 1, 30, "the background sync")
    assert repository.last_sync()["ok"] is True
    postgres.stop()
    try:
        app.clinic_sync.sync_now()
        wait_for(lambda: app.clinic_sync.finished == 2, 30, "the background sync")
    finally:
        postgres.start()
    summary = repository.last_sync()
    assert summary["ok"] is False and summary["last_ok_at"]
    assert "Traceback" not in summary["error"]
    app.request_redraw()
    app.guarded_frame()  # the child's screen ("who is playing?") goes on as ever
    assert app.errors.warnings == [] and app.running
    line = AdultMenuScene(app.stage).server_line()
    assert line.startswith("Clinic server: not reached since ")


@pytest.mark.server
def test_the_console_shows_a_childs_attempts_from_every_device_after_a_sync(
    postgres, config, clock, tmp_path
):
    """Mia made on the tablet, played on the tablet and on the kiosk: after their
    background syncs, the tablet's console lists her attempts of both devices."""
    from sensory_games.engine.console import ConsoleScene
    from sensory_games.engine.console.widgets import select

    tablet, kiosk = Repository(tmp_path / "tablet"), Repository(tmp_path / "kiosk")
    server, _database, _schema = joined_clinic(postgres, tablet.data_dir)
    join_as(postgres, server, kiosk.data_dir, "kiosk1")
    app = App(config, tablet, clock, window_size=(1280, 800), headless=True)
    levels = app.child.level_counts()

    def synced(device: Repository) -> None:
        ClinicSync(device.data_dir, server, levels, config.config_dir)(lambda: False)
        assert device.last_sync()["ok"] is True, device.last_sync()

    mia = tablet.add_profile(alias="Mia", animal="cat", colour=1)
    session = tablet.start_session(mia.id, at(0))
    log_attempt(tablet, mia, session, 1)
    synced(tablet)
    synced(kiosk)
    mia_here = kiosk.profile_by_alias("Mia")
    visit = kiosk.start_session(mia_here.id, at(60))
    log_attempt(kiosk, mia_here, visit, 61)
    log_attempt(kiosk, mia_here, visit, 62)
    synced(kiosk)
    synced(tablet)
    console = ConsoleScene(app.stage, page="progress")
    app.push(console)
    select(console.page.activity, "Pop the bubbles")
    console.page.load()
    devices = [attempt.device_id for attempt in console.page.series.attempts]
    assert devices == [tablet.device_id, kiosk.device_id, kiosk.device_id]
    tablet.close()
    kiosk.close()
