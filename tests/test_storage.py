"""Unit tests of sensory_games/storage: the SQLite attempt log."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import types
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from old_logs import log_at_version

from sensory_games import __version__
from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import Profile
from sensory_games.domain.schema import SchemaError
from sensory_games.storage import AttemptRecord, Repository
from sensory_games.storage.migrations import LATEST_VERSION, migrate
from sensory_games.storage.opening import DATABASE_NAME
from sensory_games.version import BUILD_MODULE, build_version

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
ATTEMPT_ID = "00000000-0000-4000-8000-000000000001"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def count(repository: Repository, table: str) -> int:
    return repository.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def pragma(repository: Repository, name: str):
    return repository.connection.execute(f"PRAGMA {name}").fetchone()[0]


SAMPLES = (
    PointerEvent(1, "down", 10.5, 20.25, 100.25, "touch"),
    PointerEvent(1, "move", 11.0, 21.125, 100.3, "touch"),
    PointerEvent(1, "up", 11.0, 21.125, 100.5, "touch"),
    PointerEvent(-1, "down", 50.0, 40.0, 101.0, "key", "left"),
    PointerEvent(-1, "up", 50.0, 40.0, 101.25, "key", "left"),
    PointerEvent(0, "down", 3.0, 4.0, 102.0, "mouse"),
    PointerEvent(0, "cancel", 3.0, 4.0, 102.5, "mouse"),
)


def completed_result() -> Result:
    return Result(
        completed=True,
        duration_s=12.5,
        completion_time_s=12.5,
        accuracy=0.8,
        metrics={
            "hits": Metric(8, "count"),
            "misses": Metric(2, "count"),
            "mean_reaction_s": Metric(0.75, "s"),
        },
    )


def record(
    profile: Profile,
    session_id: str,
    *,
    attempt_id: str = ATTEMPT_ID,
    result: Result | None = None,
    samples=SAMPLES,
    started_at: datetime = T0,
    level: int = 2,
) -> AttemptRecord:
    return AttemptRecord(
        session_id=session_id,
        profile_id=profile.id,
        activity="bubbles",
        variant="standard",
        level=level,
        parameters={"target_mm": 35.0, "bubbles_to_pop": 8},
        intensity={"preset": "balanced", **PRESETS["balanced"].as_dict()},
        started_at=started_at,
        result=result or completed_result(),
        samples=samples,
        samples_start=100.0,
        id=attempt_id,
    )


@pytest.fixture
def child(repository: Repository) -> Profile:
    return repository.add_profile(
        alias="Mia", animal="cat", colour=2, age_band="3-5", dominant_hand="left"
    )


@pytest.fixture
def session(repository: Repository, child: Profile) -> str:
    return repository.start_session(child.id, T0)


# -- the file and its settings ----------------------------------------------------------------


def test_database_file_is_private_to_its_owner(repository: Repository, data_dir: Path):
    assert repository.path == data_dir / DATABASE_NAME
    assert repository.path.is_file()
    assert mode(repository.path) == 0o600
    assert mode(data_dir) == 0o700


def test_wal_and_shm_files_are_private_too(repository: Repository, child: Profile):
    wal = Path(f"{repository.path}-wal")
    assert wal.exists()  # WAL mode and a committed write
    assert mode(wal) == 0o600
    shm = Path(f"{repository.path}-shm")
    if shm.exists():
        assert mode(shm) == 0o600


def test_connection_is_durable(repository: Repository):
    assert pragma(repository, "journal_mode") == "wal"
    assert pragma(repository, "synchronous") == 2  # FULL
    assert pragma(repository, "foreign_keys") == 1
    assert pragma(repository, "user_version") == LATEST_VERSION
    assert repository.integrity_check() == "ok"
    assert repository.notices == []


def _commits_of_migrate(path: Path) -> int:
    """How many transactions `migrate` commits bringing the database at `path` up to date."""
    connection = sqlite3.connect(path, isolation_level=None)
    commits: list[str] = []
    connection.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    try:
        assert migrate(connection, "2026-01-01T00:00:00Z") == LATEST_VERSION
        assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    finally:
        connection.close()
    return len(commits)


@pytest.mark.parametrize("version", range(LATEST_VERSION))
def test_a_new_log_is_made_in_one_transaction_and_an_old_one_step_by_step(
    tmp_path: Path, version: int
):
    """A new log waits for the disk once, not once per schema step; an older log keeps
    each step it takes (one commit each); every one ends with a new log's schema."""
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    assert _commits_of_migrate(new) == 1
    log_at_version(old, version)
    assert _commits_of_migrate(old) == (1 if version == 0 else LATEST_VERSION - version)

    def schema(path: Path) -> list[tuple[str, str]]:
        connection = sqlite3.connect(path)
        try:
            query = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            return connection.execute(query).fetchall()
        finally:
            connection.close()

    assert schema(new) == schema(old)
    for path in (new, old):
        connection = sqlite3.connect(path)
        keys = connection.execute("SELECT key FROM meta ORDER BY key").fetchall()
        connection.close()
        assert keys == [("created_at",), ("device_id",)]


def test_device_id_is_a_stable_uuid(data_dir: Path):
    first = Repository(data_dir)
    device = first.device_id
    first.close()
    again = Repository(data_dir)
    try:
        assert again.device_id == device
        assert again.notices == []
        assert len(device) == 36 and device.count("-") == 4
    finally:
        again.close()
    other = Repository(data_dir.parent / "other")
    try:
        assert other.device_id != device
    finally:
        other.close()


def test_reopening_keeps_the_data(data_dir: Path):
    first = Repository(data_dir)
    first.add_profile(alias="Noor")
    first.close()
    second = Repository(data_dir)
    try:
        assert [p.alias for p in second.list_profiles()] == ["Noor"]
        assert second.notices == []
        assert sorted(p.name for p in data_dir.iterdir() if "damaged" in p.name) == []
    finally:
        second.close()


# -- profiles ---------------------------------------------------------------------------------


def test_add_profile_fills_defaults_and_intensity(repository: Repository):
    profile = repository.add_profile(alias="Sam")
    assert (profile.animal, profile.colour, profile.age_band, profile.dominant_hand) == (
        "owl",
        0,
        "6-8",
        "unknown",
    )
    assert profile.intensity_preset == "balanced"
    assert profile.intensity == PRESETS["balanced"]
    assert profile.archived is False


def test_profiles_add_list_and_find(repository: Repository, child: Profile):
    calm = repository.add_profile(alias="ali", animal="frog", intensity_preset="calm")
    repository.add_profile(alias="Zed", age_band="13+")
    assert [p.alias for p in repository.list_profiles()] == ["ali", "Mia", "Zed"]
    found = repository.profile_by_alias("mia")
    assert found == child
    assert repository.profile_by_alias("  MIA  ") == child
    assert repository.profile_by_alias("Ali").intensity == PRESETS["calm"]
    assert repository.profile_by_alias("ALI") == calm
    assert repository.profile_by_alias("Mi") is None
    assert repository.profile_by_alias("nobody") is None


def test_duplicate_alias_is_rejected_whatever_its_case(repository: Repository, child: Profile):
    for alias in ("Mia", "MIA", " mia "):
        with pytest.raises(SchemaError) as caught:
            repository.add_profile(alias=alias)
        assert caught.value.key == "alias"
        assert "already used" in str(caught.value)
    assert count(repository, "profiles") == 1


def test_duplicate_non_ascii_alias_is_rejected_whatever_its_case(repository: Repository):
    zoe = repository.add_profile(alias="Zoë")
    assert repository.profile_by_alias("ZOË") == zoe
    with pytest.raises(SchemaError):
        repository.add_profile(alias="ZOË")


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"alias": "Kim", "age_band": "2-3"}, "age_band"),
        ({"alias": "Kim", "animal": "dragon"}, "animal"),
        ({"alias": "Kim", "colour": 6}, "colour"),
        ({"alias": "Kim", "colour": True}, "colour"),
        ({"alias": "Kim", "dominant_hand": "ambidextrous"}, "dominant_hand"),
        ({"alias": "Kim", "intensity_preset": "wild"}, "intensity_preset"),
        ({"alias": "Kim", "nickname": "K"}, "nickname"),
        ({"alias": "   "}, "alias"),
        ({"alias": ""}, "alias"),
        ({"alias": "x" * 21}, "alias"),
        ({"alias": 42}, "alias"),
    ],
)
def test_bad_profile_values_are_rejected(repository: Repository, values, key):
    with pytest.raises(SchemaError) as caught:
        repository.add_profile(**values)
    assert caught.value.key == key
    assert count(repository, "profiles") == 0


def test_alias_is_stored_without_surrounding_spaces(repository: Repository):
    assert repository.add_profile(alias="  Lou \t").alias == "Lou"
    assert repository.profile_by_alias("Lou").alias == "Lou"


def test_guest_profile_is_created_once(repository: Repository):
    guest = repository.guest_profile()
    assert guest.alias == "Guest"
    assert repository.guest_profile() == guest
    assert repository.profile_by_alias("guest") == guest
    assert [p.id for p in repository.list_profiles()] == [guest.id]


HOSTILE_ALIASES = [
    "'; DROP TABLE p; --",
    'B"); DROP TABLE a;--',
    "O'Brien",
    'say "hi"',
    "%",
    "_",
    "back\\slash",
    "Zoë 🐻 李雷 مريم",
    "ÅÄÖ",
    "x" * 20,
    "é" * 20,  # (the longest alias a therapist may type: 20 characters)
    "semi;colon,comma",
    "<script>alert(1)</s>",
]


@pytest.mark.parametrize("alias", HOSTILE_ALIASES)
def test_hostile_alias_round_trips_intact(repository: Repository, alias: str):
    repository.add_profile(alias="Anchor")
    created = repository.add_profile(alias=alias)
    assert created.alias == alias
    assert repository.profile_by_alias(alias).alias == alias
    assert repository.profile_by_alias(alias).id == created.id
    assert sorted(p.alias for p in repository.list_profiles()) == sorted(["Anchor", alias])
    assert count(repository, "profiles") == 2
    assert count(repository, "attempts") == 0  # the tables are all still there
    assert repository.integrity_check() == "ok"


def test_all_hostile_aliases_live_together(data_dir: Path):
    repository = Repository(data_dir)
    for alias in HOSTILE_ALIASES:
        repository.add_profile(alias=alias)
    repository.close()
    reopened = Repository(data_dir)
    try:
        assert sorted(p.alias for p in reopened.list_profiles()) == sorted(HOSTILE_ALIASES)
        assert reopened.profile_by_alias("%") is not None
        assert reopened.profile_by_alias("%").alias == "%"  # '=' not LIKE
        assert reopened.integrity_check() == "ok"
    finally:
        reopened.close()


# -- sessions and attempts --------------------------------------------------------------------


def test_session_start_and_end(repository: Repository, child: Profile):
    session_id = repository.start_session(child.id, T0)
    repository.end_session(session_id, T0 + timedelta(minutes=5, milliseconds=250))
    row = repository.connection.execute(
        "SELECT profile_id, device_id, started_at, ended_at FROM sessions WHERE id = ?",
        (session_id,),
    ).fetchone()
    assert row == (
        child.id,
        repository.device_id,
        "2026-01-01T09:00:00.000Z",
        "2026-01-01T09:05:00.250Z",
    )


def test_session_needs_an_existing_profile(repository: Repository):
    with pytest.raises(sqlite3.IntegrityError):
        repository.start_session("no-such-profile", T0)
    assert count(repository, "sessions") == 0


def test_save_attempt_round_trips(repository: Repository, child: Profile, session: str):
    repository.save_attempt(record(child, session, started_at=T0 + timedelta(seconds=5)))
    (stored,) = repository.attempts()
    assert stored.id == ATTEMPT_ID
    assert stored.device_id == repository.device_id
    assert stored.session_id == session
    assert stored.profile_alias == "Mia"
    assert (stored.activity, stored.variant, stored.level) == ("bubbles", "standard", 2)
    assert stored.parameters == {"target_mm": 35.0, "bubbles_to_pop": 8}
    assert stored.intensity == {"preset": "balanced", **PRESETS["balanced"].as_dict()}
    assert stored.started_at == "2026-01-01T09:00:05.000Z"
    assert stored.duration_s == 12.5
    assert stored.completion_time_s == 12.5
    assert stored.accuracy == 0.8
    assert stored.completed is True
    assert stored.abort_reason is None
    assert stored.metrics == {
        "hits": Metric(8.0, "count"),
        "misses": Metric(2.0, "count"),
        "mean_reaction_s": Metric(0.75, "s"),
    }
    version = repository.connection.execute("SELECT app_version FROM attempts").fetchone()[0]
    assert version == build_version()
    assert version.startswith(__version__)


def test_an_attempt_records_the_exact_build(
    repository: Repository, child: Profile, session: str, monkeypatch: pytest.MonkeyPatch
):
    """app_version is the version plus the commit the build recorded (sensory_games/version.py)."""
    built = types.ModuleType(BUILD_MODULE)
    built.LABEL = "g7654321.dirty"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, BUILD_MODULE, built)
    build_version.cache_clear()
    try:
        repository.save_attempt(record(child, session))
    finally:
        build_version.cache_clear()  # the other tests see this process's real build
    (stored,) = repository.attempts()
    assert stored.app_version == f"{__version__}+g7654321.dirty"


def test_child_rows_carry_the_device_id(repository: Repository, child: Profile, session: str):
    repository.save_attempt(record(child, session))
    for table in ("profiles", "sessions", "attempts", "attempt_metrics", "attempt_samples"):
        devices = {
            row[0] for row in repository.connection.execute(f"SELECT device_id FROM {table}")
        }
        assert devices == {repository.device_id}, table


def test_samples_round_trip_relative_to_the_attempt_start(
    repository: Repository, child: Profile, session: str
):
    repository.save_attempt(record(child, session))
    assert repository.samples(ATTEMPT_ID) == [
        {
            "t_s": pytest.approx(event.t - 100.0),
            "pointer_id": event.pointer_id,
            "phase": event.phase,
            "source": event.source,
            "hand": event.hand,
            "x_mm": event.x_mm,
            "y_mm": event.y_mm,
        }
        for event in SAMPLES
    ]
    sample_count = repository.connection.execute(
        "SELECT sample_count FROM attempt_samples WHERE attempt_id = ?", (ATTEMPT_ID,)
    ).fetchone()[0]
    assert sample_count == len(SAMPLES)


def test_attempt_without_samples_or_metrics(repository: Repository, child: Profile, session: str):
    aborted = Result(
        completed=False,
        duration_s=3.0,
        completion_time_s=None,
        accuracy=None,
        abort_reason="calm_down",
    )
    repository.save_attempt(record(child, session, result=aborted, samples=()))
    (stored,) = repository.attempts()
    assert stored.completed is False
    assert stored.abort_reason == "calm_down"
    assert stored.completion_time_s is None
    assert stored.accuracy is None
    assert stored.metrics == {}
    assert repository.samples(ATTEMPT_ID) == []
    assert repository.samples("no-such-attempt") == []


def test_saving_an_attempt_again_changes_nothing(
    repository: Repository, child: Profile, session: str
):
    """A retry after a COMMIT that reported failure but reached the disk is harmless."""
    assert repository.save_attempt(record(child, session)) is True
    other = Result(
        completed=False,
        duration_s=1.0,
        completion_time_s=None,
        accuracy=None,
        metrics={"taps": Metric(1, "count")},
        abort_reason="exit",
    )
    assert (
        repository.save_attempt(record(child, session, result=other, samples=SAMPLES[:1])) is False
    )
    assert not repository.connection.in_transaction
    assert count(repository, "attempts") == 1
    assert count(repository, "attempt_metrics") == 3
    assert count(repository, "attempt_samples") == 1
    (stored,) = repository.attempts()
    assert stored.completed is True
    assert set(stored.metrics) == {"hits", "misses", "mean_reaction_s"}
    assert len(repository.samples(ATTEMPT_ID)) == len(SAMPLES)


def test_failure_after_the_attempt_row_rolls_everything_back(
    repository: Repository, child: Profile, session: str
):
    """The samples are packed after the attempt and metric rows were inserted."""
    bad = (*SAMPLES, PointerEvent(1, "hover", 0.0, 0.0, 103.0, "touch"))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        repository.save_attempt(record(child, session, samples=bad))
    assert not repository.connection.in_transaction
    for table in ("attempts", "attempt_metrics", "attempt_samples"):
        assert count(repository, table) == 0, table
    repository.save_attempt(record(child, session))  # the log still works afterwards
    assert count(repository, "attempts") == 1
    assert count(repository, "attempt_metrics") == 3


def test_attempt_needs_existing_session_and_profile(repository: Repository, child: Profile):
    with pytest.raises(sqlite3.IntegrityError):
        repository.save_attempt(record(child, "no-such-session"))
    for table in ("attempts", "attempt_metrics", "attempt_samples"):
        assert count(repository, table) == 0, table


def test_attempts_are_in_start_order_and_filtered(repository: Repository, child: Profile):
    noor = repository.add_profile(alias="Noor")
    mia_session = repository.start_session(child.id, T0)
    noor_session = repository.start_session(noor.id, T0)
    day = timedelta(days=1)
    repository.save_attempt(record(child, mia_session, attempt_id="c", started_at=T0 + 2 * day))
    repository.save_attempt(record(noor, noor_session, attempt_id="b", started_at=T0 + day))
    repository.save_attempt(record(child, mia_session, attempt_id="a", started_at=T0))
    assert [a.id for a in repository.attempts()] == ["a", "b", "c"]
    assert [a.id for a in repository.attempts(profile_alias="mia")] == ["a", "c"]
    assert [a.id for a in repository.attempts(profile_alias="NOOR")] == ["b"]
    assert [a.id for a in repository.attempts(since="2026-01-02")] == ["b", "c"]
    assert [a.id for a in repository.attempts("Mia", since="2026-01-02")] == ["c"]
    assert list(repository.attempts(profile_alias="nobody")) == []
    assert [a.id for a in repository.attempts(since="2026-01-04")] == []


def test_started_at_is_stored_in_utc(repository: Repository, child: Profile, session: str):
    plus_two = timezone(timedelta(hours=2))
    repository.save_attempt(
        record(child, session, started_at=datetime(2026, 3, 1, 11, 30, 0, 123456, plus_two))
    )
    (stored,) = repository.attempts()
    assert stored.started_at == "2026-03-01T09:30:00.123Z"


def test_last_level_is_the_most_recent_attempt(
    repository: Repository, child: Profile, session: str
):
    assert repository.last_level(child.id, "bubbles") is None
    repository.save_attempt(record(child, session, attempt_id="1", level=3, started_at=T0))
    repository.save_attempt(
        record(child, session, attempt_id="2", level=5, started_at=T0 + timedelta(minutes=1))
    )
    assert repository.last_level(child.id, "bubbles") == 5
    assert repository.last_level(child.id, "other") is None


# -- damaged and newer files ------------------------------------------------------------------


def test_garbage_file_is_moved_aside_and_a_fresh_log_started(data_dir: Path):
    data_dir.mkdir(parents=True)
    garbage = b"this is not a database, just some bytes\n" * 200
    (data_dir / DATABASE_NAME).write_bytes(garbage)
    repository = Repository(data_dir)
    try:
        moved = sorted(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))
        assert len(moved) == 1
        assert moved[0].read_bytes() == garbage
        assert len(repository.notices) == 1
        notice = repository.notices[0]
        assert moved[0].name in notice
        assert "new log started" in notice
        assert "\n" not in notice
        assert pragma(repository, "user_version") == LATEST_VERSION
        assert mode(repository.path) == 0o600
        profile = repository.add_profile(alias="After")
        assert repository.profile_by_alias("after") == profile
        assert repository.integrity_check() == "ok"
    finally:
        repository.close()


def test_every_damaged_file_is_kept(data_dir: Path):
    data_dir.mkdir(parents=True)
    contents = [b"first garbage " * 100, b"second garbage " * 100]
    for content in contents:
        (data_dir / DATABASE_NAME).write_bytes(content)
        Repository(data_dir).close()
    moved = sorted(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))
    assert len(moved) == 2
    assert sorted(path.read_bytes() for path in moved) == sorted(contents)


def test_log_from_a_newer_app_is_moved_aside(data_dir: Path):
    data_dir.mkdir(parents=True)
    path = data_dir / DATABASE_NAME
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE future (x INTEGER)")
    connection.execute("INSERT INTO future VALUES (42)")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    repository = Repository(data_dir)
    try:
        moved = sorted(data_dir.glob(f"{DATABASE_NAME}.newer-*"))
        assert len(moved) == 1
        assert list(data_dir.glob(f"{DATABASE_NAME}.damaged-*")) == []
        assert len(repository.notices) == 1
        assert "newer version" in repository.notices[0]
        assert "schema 99" in repository.notices[0]
        assert moved[0].name in repository.notices[0]
        assert pragma(repository, "user_version") == LATEST_VERSION
        repository.add_profile(alias="Fresh")
        assert [p.alias for p in repository.list_profiles()] == ["Fresh"]
    finally:
        repository.close()
    old = sqlite3.connect(moved[0])
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 99
        assert old.execute("SELECT x FROM future").fetchall() == [(42,)]
    finally:
        old.close()


def test_integrity_check_reports_ok(repository: Repository, child: Profile, session: str):
    repository.save_attempt(record(child, session))
    assert repository.integrity_check() == "ok"


def test_a_failed_commit_leaves_no_open_transaction(
    repository: Repository, child: Profile, session: str, monkeypatch
):
    """If COMMIT itself fails, the connection is rolled back and the next save works."""
    from sensory_games.storage import opening as module

    real_exit = module._Transaction.__exit__
    calls = {"n": 0}

    def failing_commit(self, kind, error, trace):
        calls["n"] += 1
        if calls["n"] == 1 and kind is None:
            self._rollback()
            raise sqlite3.OperationalError("disk I/O error")
        return real_exit(self, kind, error, trace)

    monkeypatch.setattr(module._Transaction, "__exit__", failing_commit)
    with pytest.raises(sqlite3.OperationalError):
        repository.save_attempt(record(child, session))
    assert not repository.connection.in_transaction
    assert count(repository, "attempts") == 0
    assert repository.save_attempt(record(child, session)) is True


def test_a_locked_log_is_reported_not_moved_aside(data_dir, tmp_path):
    """A healthy log that another process holds locked must never be treated as damaged."""
    from sensory_games.storage import StorageError

    Repository(data_dir).close()
    holder = sqlite3.connect(data_dir / "sensory_games.db", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="is locked by another program"):
            Repository(data_dir, lock_wait_s=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(data_dir.glob("*.damaged-*"))
    Repository(data_dir).close()  # and it opens once the lock is gone


# -- schema step 6: metrics packed in the attempt's row ----------------------------------


def test_an_attempts_metrics_read_back_by_name_with_units(repository: Repository, child):
    session = repository.start_session(child.id, datetime(2026, 1, 1, tzinfo=timezone.utc))
    metrics = {"taps": Metric(8, "count"), "reaction_s": Metric(0.1234567890123, "s")}
    result = Result(True, 3.0, 3.0, 1.0, metrics)
    repository.save_attempt(
        AttemptRecord(session, child.id, "bubbles", "standard", 1, {}, {}, datetime.now(), result)
    )
    [stored] = repository.attempts()
    assert stored.metrics == metrics  # exact: packed as float64
    assert stored.metric("reaction_s") == 0.1234567890123 and stored.metric("misses") is None
    assert stored.metric_layout.names == ("reaction_s", "taps")


def test_attempts_saved_before_step_6_get_their_metrics_packed(data_dir: Path):
    from sensory_games.storage.migrations import MIGRATIONS

    data_dir.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    for step in MIGRATIONS[:5]:
        for statement in step:
            connection.execute(statement)
    connection.executescript(
        "INSERT INTO meta VALUES ('device_id', 'old-device');"
        "INSERT INTO profiles VALUES ('p', 'old-device', 'Old', 'old', 'cat', 0, '6-8',"
        " 'left', 'calm', '{}', '2025-06-01T00:00:00.000Z', 0);"
        "INSERT INTO sessions VALUES ('s', 'old-device', 'p', '2025-06-01T00:00:00.000Z', NULL);"
        "INSERT INTO attempts (id, device_id, session_id, profile_id, activity, variant, level,"
        " parameters_json, intensity_json, started_at, duration_s, completed, app_version)"
        " VALUES ('a', 'old-device', 's', 'p', 'bubbles', 'standard', 1, '{}', '{}',"
        " '2025-06-01T00:01:00.000Z', 5.0, 1, '0.1'),"
        " ('b', 'old-device', 's', 'p', 'calming', 'jar', 6, '{}', '{}',"
        " '2025-06-01T00:02:00.000Z', 5.0, 1, '0.1');"
        "INSERT INTO attempt_metrics VALUES ('a', 'old-device', 'taps', 7.0, 'count'),"
        " ('a', 'old-device', 'hit_offset_mean_mm', 2.5, 'mm');"
        "PRAGMA user_version = 5;"
    )
    connection.close()
    repository = Repository(data_dir)
    try:
        assert repository.notices == []
        first, second = repository.attempts()
        assert first.metrics == {
            "hit_offset_mean_mm": Metric(2.5, "mm"),
            "taps": Metric(7, "count"),
        }
        assert second.metrics == {}
    finally:
        repository.close()
