"""`sensory-games server init|migrate|add-device|settings|join|status` and `sync`, against a
real throw-away PostgreSQL (tests/postgres_cluster.py): two kiosks join one clinic, play
offline, sync twice and hold the union; every failure is one line that says what to do."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from records import fill_device

from sensory_games.cli import main
from sensory_games.storage import Repository
from sensory_games.storage.server_credentials import CREDENTIALS_NAME, read_device_file

pytestmark = pytest.mark.server


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    """The one error line (never a traceback)."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("sensory-games: note:")]
    assert len(lines) == 1, err
    return lines[0]


def kiosk(tmp_path: Path, name: str, alias: str, day: int) -> tuple[list[str], Path]:
    """A kiosk's --data-dir/--config-dir (an empty clinic folder of its own) and its log
    filled with `alias`'s sessions on `day`; returns the folder options and app.yaml."""
    data, config = tmp_path / name / "data", tmp_path / name / "config"
    config.mkdir(parents=True)
    repository = Repository(data)
    fill_device(repository, alias, day)
    repository.close()
    return ["--data-dir", str(data), "--config-dir", str(config)], config / "app.yaml"


def attempt_ids(folders: list[str]) -> set[str]:
    repository = Repository(Path(folders[1]))
    try:
        return {attempt.id for attempt in repository.attempts()}
    finally:
        repository.close()


@pytest.fixture
def kiosk_a(tmp_path: Path, monkeypatch) -> tuple[list[str], Path]:
    """Kiosk a (Mia, day 0), with the temporary folder as the current one (device files)."""
    monkeypatch.chdir(tmp_path)
    return kiosk(tmp_path, "a", "Mia", 0)


@pytest.fixture
def admin(postgres) -> Iterator[str]:
    """The administrator's URL of a fresh database on the throw-away server; after the
    test the database goes, and with it the north and south clinics' roles (roles belong to
    the whole server: the next test makes its own clinic north)."""
    from psycopg import sql

    database = postgres.new_database()
    yield postgres.admin_url(database)
    postgres.kill_connections(database)
    postgres.execute_admin(sql.SQL("DROP DATABASE {}").format(sql.Identifier(database)))
    for (role,) in postgres.execute_admin(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE 'clinic\\_north%'"
        " OR rolname LIKE 'clinic\\_south%' ORDER BY rolname LIKE '%\\_devices' "
    ):
        postgres.execute_admin(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_two_kiosks_join_play_offline_and_sync_twice_to_the_union(
    admin: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    a, a_yaml = kiosk(tmp_path, "a", "Mia", 0)
    b, b_yaml = kiosk(tmp_path, "b", "Noor", 1)
    code, out, _ = run(capsys, "server", "init", "--admin-url", admin, "--clinic", "north", *a)
    assert code == 0
    assert "clinic north is ready: schema clinic_north at version 1" in out
    assert "clinic secret, adult PIN and plans are now the clinic's" in out
    assert "server add-device --admin-url URL --clinic north --label LABEL" in out
    password = urlsplit(admin).password
    for label in ("kiosk_a", "kiosk_b"):
        code, out, _ = run(
            capsys, "server", "add-device", "--admin-url", admin, "--clinic", "north",
            "--label", label,
        )  # fmt: skip
        assert code == 0 and f"role clinic_north_device_{label}" in out
        assert password not in out
        device_file = tmp_path / f"{label}.device"
        assert stat.S_IMODE(device_file.stat().st_mode) == 0o600
        assert password not in device_file.read_text() and "sg_admin" not in device_file.read_text()
        assert read_device_file(device_file).url == admin.replace(f"sg_admin:{password}@", "")

    for folders, app_yaml, label in ((a, a_yaml, "kiosk_a"), (b, b_yaml, "kiosk_b")):
        code, out, _ = run(capsys, "server", "join", f"{label}.device", *folders)
        assert code == 0, out
        assert f"joined clinic north as clinic_north_device_{label}" in out
        assert f"put these lines in {app_yaml}" in out
        lines = out[out.index("server:") : out.index("joined")]
        app_yaml.write_text(lines, encoding="utf-8")
        kept = Path(folders[1]) / CREDENTIALS_NAME
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600

    code, out, _ = run(capsys, "server", "status", *a)
    assert code == 0
    assert "clinic: north" in out and "this device's role: clinic_north_device_kiosk_a" in out
    assert "the server answers" in out and "last sync: never" in out
    assert "records waiting to be sent: 0" not in out

    for folders in (a, b, a, b):  # a's records reach b in b's first sync, b's reach a in a's second
        code, out, err = run(capsys, "sync", *folders)
        assert code == 0, err
        assert "sent to the clinic server:" in out
    assert attempt_ids(a) == attempt_ids(b) and len(attempt_ids(a)) == 10
    code, out, _ = run(capsys, "server", "status", *b)
    assert "records waiting to be sent: 0" in out and ", sent 0, taken 0, conflicts 0" in out

    for folders in (a, b):  # the second round moves nothing
        code, out, _ = run(capsys, "sync", *folders)
        assert code == 0 and "sent to the clinic server: nothing new" in out
    assert attempt_ids(a) == attempt_ids(b) and len(attempt_ids(a)) == 10


def test_init_again_keeps_the_settings_migrate_finds_every_clinic_and_settings_counts(
    admin: str, tmp_path: Path, capsys
) -> None:
    a, _ = kiosk(tmp_path, "a", "Mia", 0)
    for clinic in ("north", "south"):
        assert run(capsys, "server", "init", "--admin-url", admin, "--clinic", clinic, *a)[0] == 0
    code, out, _ = run(capsys, "server", "init", "--admin-url", admin, "--clinic", "north", *a)
    assert code == 0 and "its settings were already on the server" in out
    code, out, _ = run(capsys, "server", "migrate", "--admin-url", admin)
    assert out.splitlines() == ["clinic north: schema version 1", "clinic south: schema version 1"]
    code, out, _ = run(capsys, "server", "settings", "--admin-url", admin, "--clinic", "north", *a)
    assert code == 0 and "clinic north: 0 of its 1 settings changed on the server" in out


def test_a_device_file_is_never_written_over(admin: str, tmp_path: Path, capsys) -> None:
    a, _ = kiosk(tmp_path, "a", "Mia", 0)
    run(capsys, "server", "init", "--admin-url", admin, "--clinic", "north", *a)
    out_file = tmp_path / "taken.device"
    out_file.write_text("kept")
    code, _, err = run(
        capsys, "server", "add-device", "--admin-url", admin, "--clinic", "north",
        "--label", "k1", "--out", str(out_file),
    )  # fmt: skip
    assert code == 2 and "already exists: it is never written over" in one_line(err)
    assert out_file.read_text() == "kept"


def test_admin_failures_are_one_line_and_never_show_the_password(
    admin: str, postgres, tmp_path: Path, capsys
) -> None:
    a, _ = kiosk(tmp_path, "a", "Mia", 0)
    password = urlsplit(admin).password
    wrong = admin.replace(password, "not-the-password")
    code, _, err = run(capsys, "server", "init", "--admin-url", wrong, "--clinic", "north", *a)
    assert code == 2 and "refused the administrator's role or password" in one_line(err)
    assert "not-the-password" not in err
    closed = admin.replace(f":{postgres.port}/", ":1/")
    code, _, err = run(capsys, "server", "migrate", "--admin-url", closed)
    assert code == 2 and "cannot reach the clinic server at 127.0.0.1:1" in one_line(err)
    assert password not in err
    code, _, err = run(
        capsys, "server", "add-device", "--admin-url", admin, "--clinic", "nowhere",
        "--label", "k1", "--out", str(tmp_path / "k1.device"),
    )  # fmt: skip
    assert code == 2 and "the server has no clinic nowhere" in one_line(err)
    assert not (tmp_path / "k1.device").exists()
    code, _, err = run(capsys, "server", "migrate", "--admin-url", admin, "--clinic", "Bad-Name")
    assert code == 2 and "--clinic = 'Bad-Name': must be 1 to 40 lower-case" in one_line(err)


def test_device_failures_are_one_line_that_says_what_to_do(
    admin: str, kiosk_a, capsys, monkeypatch
) -> None:
    a, a_yaml = kiosk_a
    code, _, err = run(capsys, "sync", *a)
    assert code == 2 and "app.yaml has no server.url" in one_line(err)
    assert "docs/server.md" in err
    device_url = admin.replace(urlsplit(admin).netloc.split("@")[0] + "@", "")
    a_yaml.write_text(f"server:\n  url: {device_url}\n  clinic: north\n")
    code, _, err = run(capsys, "server", "status", *a)
    assert code == 2 and "this device has not joined the clinic server" in one_line(err)

    run(capsys, "server", "init", "--admin-url", admin, "--clinic", "north", *a)
    run(capsys, "server", "add-device", "--admin-url", admin, "--clinic", "north", "--label", "ka")
    assert run(capsys, "server", "join", "ka.device", *a)[0] == 0
    a_yaml.write_text(f"server:\n  url: {device_url}\n  clinic: north\n  tls: require\n")
    code, _, err = run(capsys, "sync", *a)
    assert code == 2 and "does not offer TLS (encryption)" in one_line(err)

    a_yaml.write_text(f"server:\n  url: {device_url}\n  clinic: south\n")
    code, _, err = run(capsys, "sync", *a)
    assert code == 2 and "but this device joined clinic north" in one_line(err)

    a_yaml.write_text(f"server:\n  url: {device_url}\n  clinic: north\n")
    kept = Path(a[1]) / CREDENTIALS_NAME
    kept.write_text(kept.read_text().replace('"password": "', '"password": "x'))
    code, _, err = run(capsys, "sync", *a)
    assert code == 2 and "refused this device's role or password" in one_line(err)
    code, out, err = run(capsys, "server", "status", *a)
    assert code == 1 and "the server cannot be used now: the clinic server at" in out
    assert "records waiting to be sent: up to" in out and "failed: the clinic server" in out

    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP SCHEMA clinic_north CASCADE")
    assert run(capsys, "server", "join", "ka.device", *a)[0] == 1  # the role stays, the schema not
    code, _, err = run(capsys, "sync", *a)
    assert code == 2 and "has no such clinic" in one_line(err)

    with monkeypatch.context() as patched:  # (undone before the server's clean-up)
        patched.setitem(sys.modules, "psycopg", None)  # (as if the extra were not installed)
        code, _, err = run(capsys, "sync", *a)
    assert code == 2 and "pip install 'sensory_games[server]'" in one_line(err)


def test_join_keeps_the_role_and_says_why_it_could_not_claim_it_yet(
    admin: str, postgres, kiosk_a, tmp_path: Path, capsys
) -> None:
    a, _ = kiosk_a
    run(capsys, "server", "init", "--admin-url", admin, "--clinic", "west", *a)
    code, _, err = run(
        capsys, "server", "add-device", "--admin-url", admin, "--clinic", "west", "--label", "ka"
    )
    assert code == 0, err
    code, _, err = run(  # (roles are the whole server's, not one database's)
        capsys, "server", "add-device", "--admin-url", admin, "--clinic", "west", "--label", "ka",
        "--out", "again.device",
    )  # fmt: skip
    assert code == 2 and "has had a device labelled 'ka'" in one_line(err)
    assert not (tmp_path / "again.device").exists()
    device = read_device_file(tmp_path / "ka.device")
    closed = device.url.replace(f":{postgres.port}/", ":1/")
    (tmp_path / "moved.device").write_text(device.to_text().replace(device.url, closed))
    os.chmod(tmp_path / "moved.device", 0o600)
    code, out, err = run(capsys, "server", "join", "moved.device", *a)
    assert code == 1 and "is kept in" in out
    assert "not joined yet: cannot reach the clinic server at 127.0.0.1:1" in one_line(err)
    assert (Path(a[1]) / CREDENTIALS_NAME).exists()


def test_sync_prints_conflicts_exits_0_and_matches_aliases_when_asked(
    admin: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """Three kiosks each added their own Mia: a conflict, printed (in the clinic's language),
    not a failure; `--match-alias` takes them as one child."""
    monkeypatch.chdir(tmp_path)
    kiosks = [kiosk(tmp_path, name, "Mia", day) for name, day in (("e1", 0), ("e2", 1), ("e3", 2))]
    run(capsys, "server", "init", "--admin-url", admin, "--clinic", "east", *kiosks[0][0])
    for label, (folders, app_yaml) in zip(("e1", "e2", "e3"), kiosks, strict=True):
        run(
            capsys,
            "server",
            "add-device",
            "--admin-url",
            admin,
            "--clinic",
            "east",
            "--label",
            label,
        )
        assert run(capsys, "server", "join", f"{label}.device", *folders)[0] == 0
        device_url = read_device_file(tmp_path / f"{label}.device").url
        app_yaml.write_text(
            f"server:\n  url: {device_url}\n  clinic: east\nclinic:\n  language: es\n"
        )
    (e1, _), (e2, _), (e3, _) = kiosks
    assert run(capsys, "sync", *e1)[0] == 0
    code, out, _ = run(capsys, "sync", *e2)
    assert (
        code == 0 and "enviado al servidor de la clínica: 2 perfiles, 3 sesiones, 5 intentos" in out
    )
    assert "conflicto: el perfil 'Mia' del otro dispositivo es un niño distinto" in out
    assert len(attempt_ids(e2)) == 6  # e1's Mia left out (a conflict), its Guest taken
    code, out, _ = run(capsys, "sync", "--match-alias", *e3)
    assert (
        code == 0 and "conflicto" not in out and len(attempt_ids(e3)) == 15
    )  # every kiosk's Mia is e3's Mia
