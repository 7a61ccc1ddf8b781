"""Syncing devices through a real PostgreSQL (the `postgres` fixture starts one): the union
once, conflicts reported and nothing overwritten, the latest settings everywhere, and what
a device's role may and may not do on the server."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from records import at, fill_device, log_attempt
from sync_clinic import Clinic, counts, device_connection, make_clinic, records_by_kind

from sensory_games.domain.pin import hash_pin
from sensory_games.domain.pseudonyms import SECRET_NAME
from sensory_games.domain.server_config import ServerConfig, ServerConfigError
from sensory_games.services.sync import sync
from sensory_games.services.sync_settings import device_settings
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import ServerUnavailable
from sensory_games.storage.server_credentials import DeviceCredentials
from sensory_games.storage.server_schema import set_clinic_settings

pytestmark = pytest.mark.server


def test_two_devices_playing_apart_share_the_union_once(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill_device(a[0], "Mia")
    fill_device(b[0], "Noor", day=1)
    first = [clinic.sync(a), clinic.sync(b), clinic.sync(a)]
    assert counts(a[0]) == counts(b[0])
    assert counts(a[0])["profiles"] == 3  # Mia, Noor and the one Guest
    assert counts(a[0])["attempts"] == 10
    assert first[0].sent["attempt"] == 5 and first[1].taken.added["attempt"] == 5
    assert first[2].taken.added["attempt"] == 5  # Noor's, taken by A
    again = [clinic.sync(a), clinic.sync(b)]
    assert all(sum(r.sent.values()) == 0 for r in again)
    assert all(sum(r.taken.added.values()) == 0 for r in again)
    assert counts(a[0]) == counts(b[0])
    assert records_by_kind(clinic.admin, clinic.config.schema)["attempt"] == 10


def test_the_same_child_played_on_two_devices_offline_is_one_child(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    maya = a[0].add_profile(alias="Maya", animal="frog", colour=1)
    clinic.sync(a)
    clinic.sync(b)  # B knows Maya now; both then play her without the network
    for minute, (repository, _) in enumerate((a, b)):
        session = repository.start_session(maya.id, at(minute * 30))
        log_attempt(repository, maya, session, minute * 30 + 1, accuracy=0.5 + minute / 10)
        repository.end_session(session, at(minute * 30 + 5))
    for device in (a, b, a):
        clinic.sync(device)
    mine = [
        sorted(x.id for x in repository.attempts() if x.profile_id == maya.id)
        for repository, _ in (a, b)
    ]
    assert mine[0] == mine[1] and len(mine[0]) == 2


def test_a_session_ended_after_it_was_sent_is_ended_everywhere(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    child = a[0].add_profile(alias="Sam", animal="owl", colour=3)
    session = a[0].start_session(child.id, at(0))
    log_attempt(a[0], child, session, 1)
    clinic.sync(a)
    clinic.sync(b)
    assert b[0].transfer().session_records([session])[session]["ended_at"] is None
    a[0].end_session(session, at(20))
    clinic.sync(a)
    report = clinic.sync(b)
    assert report.taken.filled_in["session"] == 1
    assert b[0].transfer().session_records([session])[session]["ended_at"] is not None


def test_two_children_of_one_alias_are_a_conflict_and_nothing_is_overwritten(
    clinic: Clinic,
) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill_device(a[0], "Alex")
    fill_device(b[0], "Alex", day=1)
    before = counts(b[0])
    clinic.sync(a)
    report = clinic.sync(b)
    assert any("Alex" in str(conflict) for conflict in report.all_conflicts)
    assert counts(b[0])["attempts"] == before["attempts"] + 1  # only the Guest's visit
    assert report.taken.skipped["attempt"] == 4
    assert any("Alex" in str(c) for c in clinic.sync(b).all_conflicts)  # said until resolved
    renamed = replace(a[0].profile_by_alias("Alex"), alias="Alex B")
    a[0].update_profile(renamed)  # the therapist renames one of them on its device
    clinic.sync(a)
    resolved = clinic.sync(b)
    assert resolved.all_conflicts == []
    assert resolved.taken.added["attempt"] == 4  # held back until now, never lost
    assert counts(b[0]) == counts(a[0])


def test_the_latest_settings_change_on_any_device_is_kept_everywhere(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    child = a[0].add_profile(alias="Ivy", animal="cat", colour=2)
    clinic.sync(a)
    clinic.sync(b)
    on_b = b[0].profile_by_alias("Ivy")
    assert on_b is not None
    b[0].update_profile(replace(on_b, dominant_hand="left"))
    clinic.sync(b)
    report = clinic.sync(a)
    assert a[0].profile_by_alias("Ivy").dominant_hand == "left"
    assert any("Ivy" in str(line) for line in report.settings_taken)
    a[0].update_profile(replace(a[0].profile_by_alias("Ivy"), age_band="9-12"))
    clinic.sync(a)
    clinic.sync(b)
    assert b[0].profile_by_alias("Ivy").age_band == "9-12"
    assert b[0].profile_by_alias("Ivy").dominant_hand == "left"
    assert child.id == b[0].profile_by_alias("Ivy").id


def test_the_clinic_settings_reach_every_device(clinic: Clinic, tmp_path: Path) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    a[0].set_pin_hash(hash_pin("2468"))
    plans = tmp_path / "clinic-config" / "plans"
    plans.mkdir(parents=True)
    (plans / "morning.yaml").write_text("steps:\n  - activity: bubbles\n", encoding="utf-8")
    set_clinic_settings(clinic.admin, clinic.config.clinic, device_settings(a[0], plans.parent))
    b_config = tmp_path / "b-config"
    b_config.mkdir()
    report = sync(b[0], clinic.config, b[1], config_dir=b_config)
    assert b[0].pin_hash() == a[0].pin_hash()
    assert (b[0].data_dir / SECRET_NAME).read_text() == (a[0].data_dir / SECRET_NAME).read_text()
    assert (b_config / "plans" / "morning.yaml").read_text(encoding="utf-8").startswith("steps")
    assert len(report.settings_taken) == 3
    again = sync(b[0], clinic.config, b[1], config_dir=b_config)
    assert again.settings_taken == []


def test_a_device_may_not_change_or_delete_what_is_on_the_server(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill_device(a[0], "Mia")
    clinic.sync(a)
    clinic.sync(b)
    with device_connection(clinic, a[1]) as connection:
        for statement in (
            f"UPDATE {clinic.config.schema}.records SET body = '{{}}' WHERE kind = 'attempt'",
            f"DELETE FROM {clinic.config.schema}.records WHERE kind = 'attempt'",
            f"TRUNCATE {clinic.config.schema}.records",
            f"DROP TABLE {clinic.config.schema}.records",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
    with device_connection(clinic, b[1]) as connection:  # B cannot pass records off as A's
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                f"INSERT INTO {clinic.config.schema}.records (kind, record_id, version, device_id,"
                " body) VALUES ('attempt', 'forged', 'v', %s, '{}')",
                (a[0].device_id,),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                f"INSERT INTO {clinic.config.schema}.records (kind, record_id, version, device_id,"
                " uploaded_by, body) VALUES ('attempt', 'forged', 'v', %s, %s, '{}')",
                (b[0].device_id, a[1].role),
            )
        moved = connection.execute(  # (row-level security: A's marks are not B's to see)
            f"UPDATE {clinic.config.schema}.marks SET mark = 0 WHERE device_id = %s",
            (a[0].device_id,),
        )
        assert moved.rowcount == 0
    unchanged = clinic.admin.execute(  # (A's attempts, as A sent them)
        f"SELECT count(*) FROM {clinic.config.schema}.records WHERE kind = 'attempt'"
        " AND body::text <> '{}' AND uploaded_by = %s",
        (a[1].role,),
    ).fetchone()[0]
    assert unchanged == 5


def test_a_device_of_one_clinic_cannot_read_another_clinic(postgres, tmp_path: Path) -> None:
    database = postgres.new_database()
    river = make_clinic(postgres, tmp_path, "riverside", database)
    hill = make_clinic(postgres, tmp_path, "hillside", database)
    kiosk = river.add("kiosk_a")
    hana = hill.add("kiosk_h")
    fill_device(hana[0], "Hana")
    hill.sync(hana)
    with (
        device_connection(river, kiosk[1]) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute(f"SELECT count(*) FROM {hill.config.schema}.records")
    with pytest.raises(ServerUnavailable):  # riverside's kiosk told it belongs to hillside
        sync(kiosk[0], hill.config, kiosk[1])
    assert counts(kiosk[0])["attempts"] == 0
    river.close()
    hill.close()


def test_a_wrong_password_is_one_clear_line(clinic: Clinic) -> None:
    repository, credentials = clinic.add("kiosk_a")
    wrong = DeviceCredentials(credentials.url, credentials.clinic, credentials.role, "not-it")
    with pytest.raises(ServerUnavailable) as refused:
        sync(repository, clinic.config, wrong)
    said = str(refused.value)
    assert "refused this device's role or password" in said and "\n" not in said
    assert "not-it" not in said


def test_tls_required_by_a_server_without_it_is_one_clear_line(clinic: Clinic) -> None:
    repository, credentials = clinic.add("kiosk_a")
    config = ServerConfig(url=clinic.config.url, clinic=clinic.config.clinic, tls="require")
    with pytest.raises(ServerUnavailable) as refused:
        sync(repository, config, credentials)
    assert "does not offer TLS" in str(refused.value)


def test_a_server_that_is_not_there_is_one_clear_line(clinic: Clinic) -> None:
    repository, credentials = clinic.add("kiosk_a")
    config = ServerConfig(url="postgresql://127.0.0.1:1/none", clinic=clinic.config.clinic)
    with pytest.raises(ServerUnavailable) as refused:
        sync(repository, config, credentials)
    assert "cannot reach the clinic server at 127.0.0.1:1" in str(refused.value)


def test_devices_sync_over_tls_with_the_clinic_certificate_checked(
    postgres_tls, tmp_path: Path
) -> None:
    made = make_clinic(postgres_tls, tmp_path, "tls")
    checked = replace(made.config, tls="verify-full", ca_file=str(postgres_tls.ca_file))
    a, b = made.add("kiosk_a"), made.add("kiosk_b")
    fill_device(a[0], "Mia")
    for device in (a, b):
        sync(device[0], checked, device[1])
    assert counts(a[0]) == counts(b[0])
    assert sum(sync(b[0], checked, b[1]).sent.values()) == 0
    plain = replace(made.config, tls="off")  # (the server takes TLS connections only)
    with pytest.raises(ServerUnavailable) as refused:
        sync(b[0], plain, b[1])
    assert "\n" not in str(refused.value)
    other_authorities = replace(checked, ca_file="/etc/ssl/certs/ca-certificates.crt")
    if Path(other_authorities.ca_file).exists():  # (a server this CA list cannot vouch for)
        with pytest.raises(ServerUnavailable) as refused:
            sync(b[0], other_authorities, b[1])
        assert "certificate this device cannot trust" in str(refused.value)
    made.close()


@pytest.mark.parametrize(
    ("url", "tls", "mode"),
    [
        ("postgresql://127.0.0.1/db", "auto", "prefer"),
        ("postgresql://localhost:5433/db", "auto", "prefer"),
        ("postgresql://[::1]/db", "auto", "prefer"),
        ("postgresql://clinic-server.lan/db", "auto", "require"),
        ("postgresql://10.0.0.5/db", "auto", "require"),
        ("postgresql://10.0.0.5/db", "verify-full", "verify-full"),
    ],
)
def test_tls_is_required_for_a_server_on_another_machine(url: str, tls: str, mode: str) -> None:
    config = ServerConfig(url=url, clinic="riverside", tls=tls, ca_file="ca.crt")
    config.check()
    assert config.ssl_mode() == mode


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"url": "postgresql://10.0.0.5/db", "tls": "off"}, "only allowed for a server on this"),
        ({"url": "postgresql://10.0.0.5/db", "tls": "verify-full"}, "needs server.ca_file"),
        ({"url": "http://10.0.0.5/db"}, "must be postgresql://host:port/database"),
        ({"url": "postgresql://kiosk:secret@10.0.0.5/db"}, "a password does not belong"),
        ({"url": "postgresql://10.0.0.5/db", "clinic": "River Side"}, "1 to 40 lower-case"),
    ],
)
def test_server_settings_that_cannot_work_are_one_clear_line(settings, said: str) -> None:
    config = ServerConfig(**{"clinic": "riverside", **settings})
    with pytest.raises(ServerConfigError) as refused:
        config.check()
    assert said in str(refused.value) and "secret" not in str(refused.value)


def copy_log(repository: Repository, to: Path) -> None:
    """A backup of a device's log as IT makes one (the database file, its journal beside)."""
    repository.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    to.mkdir()
    for file in repository.data_dir.iterdir():
        if file.is_file():
            shutil.copy2(file, to / file.name)


def test_a_device_restored_from_its_backup_sends_what_it_makes_after(
    clinic: Clinic, tmp_path: Path
) -> None:
    a = clinic.add("kiosk_a")
    child = a[0].add_profile(alias="Mia", animal="cat", colour=1)
    session = a[0].start_session(child.id, at(0))
    log_attempt(a[0], child, session, 1)
    clinic.sync(a)
    copy_log(a[0], tmp_path / "backup")
    for minute in (2, 3, 4):  # made after the backup, sent, then the tablet's disk fails
        log_attempt(a[0], child, session, minute)
    clinic.sync(a)
    a[0].close()
    for file in a[0].data_dir.iterdir():
        file.unlink()
    for file in (tmp_path / "backup").iterdir():
        shutil.copy2(file, a[0].data_dir / file.name)
    restored = Repository(a[0].data_dir)
    clinic.opened.append(restored)
    made_after = [log_attempt(restored, child, session, 5 + k) for k in range(4)]
    report = sync(restored, clinic.config, a[1])
    assert any("restored from a backup" in str(line) for line in report.lines())
    on_server = {
        record_id
        for (record_id,) in clinic.admin.execute(
            f"SELECT record_id FROM {clinic.config.schema}.records WHERE kind = 'attempt'"
        )
    }
    assert set(made_after) <= on_server and len(on_server) == 8  # none lost, none twice
    assert counts(restored)["attempts"] == 8  # what it had lost since its backup: back


def test_a_server_restored_from_a_backup_is_read_again_and_nothing_is_skipped(
    clinic: Clinic,
) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    child = a[0].add_profile(alias="Mia", animal="cat", colour=1)
    session = a[0].start_session(child.id, at(0))
    log_attempt(a[0], child, session, 1)
    clinic.sync(a)
    schema = clinic.config.schema
    backup = clinic.admin.execute(f"SELECT max(seq) FROM {schema}.records").fetchone()[0]
    for minute in (2, 3, 4, 5, 6):
        log_attempt(a[0], child, session, minute)
    clinic.sync(a)
    clinic.sync(b)  # B has read past the backup's last version
    clinic.admin.execute(f"DELETE FROM {schema}.records WHERE seq > %s", (backup,))
    clinic.admin.execute(f"SELECT setval('{schema}.records_seq_seq', %s)", (backup,))
    clinic.admin.execute(f"DELETE FROM {schema}.marks")  # (the marks as the backup had them)
    later = a[0].start_session(child.id, at(60))
    log_attempt(a[0], child, later, 61)
    clinic.sync(a)  # A sends again what the server lost, and its new attempt
    report = clinic.sync(b)
    assert any("restored from a backup" in str(line) for line in report.lines())
    assert counts(b[0]) == counts(a[0]) and counts(b[0])["attempts"] == 7


def test_a_child_matched_once_by_alias_stays_matched_in_later_syncs(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    on_a = fill_device(a[0], "Mia")
    on_b = fill_device(b[0], "Mia", day=1)  # the same child, made on each kiosk
    clinic.sync(a)
    assert clinic.sync(b, match_alias=True).all_conflicts == []  # the therapist says so
    later = a[0].start_session(on_a.id, at(3000))
    log_attempt(a[0], on_a, later, 3001)
    clinic.sync(a)
    report = clinic.sync(b)  # an ordinary sync, as the background runs it
    assert report.all_conflicts == [] and report.taken.added["attempt"] == 1
    mine = [x for x in b[0].attempts() if x.profile_id == on_b.id]
    assert len(mine) == 9  # B's own 4, A's 4 and A's later one, all under B's Mia


def test_a_version_this_app_cannot_read_is_left_out_and_said_never_a_stop(
    clinic: Clinic,
) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    fill_device(a[0], "Mia")
    clinic.sync(a)
    with device_connection(clinic, a[1]) as connection:  # (what a tampered kiosk could send)
        connection.execute(
            f"INSERT INTO {clinic.config.schema}.records (kind, record_id, version, device_id,"
            " body) VALUES ('profile', 'forged', 'v1', %s, '{\"alias\": \"Mia\"}')",
            (b[0].device_id,),
        )
    report = clinic.sync(b)
    assert any("cannot be read and was left out" in str(c) for c in report.all_conflicts)
    assert counts(b[0])["attempts"] == counts(a[0])["attempts"]


def test_a_child_of_the_same_alias_is_said_at_every_sync_until_settled(clinic: Clinic) -> None:
    a, b = clinic.add("kiosk_a"), clinic.add("kiosk_b")
    a[0].add_profile(alias="Sam", animal="owl", colour=1)
    b[0].add_profile(alias="Sam", animal="cat", colour=2)  # another child, nothing played yet
    clinic.sync(a)
    for _ in range(3):
        assert any("Sam" in str(c) for c in clinic.sync(b).all_conflicts)
