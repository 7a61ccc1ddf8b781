"""The throw-away PostgreSQL cluster the server tests run against: it starts, signs in with a
password only, gives each test an empty database of its own, survives stop and start with its
data, ends connections on demand, takes TLS-only connections when made with TLS, and leaves no
folder behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from postgres_cluster import ThrowawayCluster, find_bin_dir


def connect(url: str, **options: Any) -> Any:
    """A psycopg connection (imported here: the fixtures skip first when it is missing)."""
    import psycopg

    return psycopg.connect(url, connect_timeout=10, **options)


def connection_error() -> type[Exception]:
    import psycopg

    return psycopg.OperationalError


@pytest.mark.server
def test_the_admin_signs_in_on_the_clusters_port_with_its_password_only(
    postgres: ThrowawayCluster,
) -> None:
    with connect(postgres.admin_url()) as connection:
        row = connection.execute("SELECT current_user, inet_server_port()").fetchone()
    assert row == ("sg_admin", postgres.port)
    wrong = f"postgresql://sg_admin:not-the-password@{postgres.host}:{postgres.port}/postgres"
    with pytest.raises(connection_error(), match="password authentication failed"):
        connect(wrong)


@pytest.mark.server
def test_each_new_database_is_empty_and_the_admin_can_build_in_it(
    postgres: ThrowawayCluster,
) -> None:
    first, second = postgres.new_database(), postgres.new_database()
    assert first != second
    with connect(postgres.admin_url(first)) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        connection.execute("CREATE TABLE attempts (id integer PRIMARY KEY, hit boolean)")
        connection.execute("INSERT INTO attempts VALUES (%s, %s)", (1, True))
        assert connection.execute("SELECT id, hit FROM attempts").fetchall() == [(1, True)]
    with connect(postgres.admin_url(second)) as connection:
        assert connection.execute("SELECT to_regclass('attempts')").fetchone() == (None,)


@pytest.mark.server
def test_a_stopped_server_refuses_and_after_a_start_has_every_committed_row(
    postgres: ThrowawayCluster,
) -> None:
    database = postgres.new_database()
    with connect(postgres.admin_url(database)) as connection:
        connection.execute("CREATE TABLE sessions (id integer)")
        connection.execute("INSERT INTO sessions SELECT generate_series(1, 500)")
    postgres.stop()
    try:
        with pytest.raises(connection_error()):
            connect(postgres.admin_url(database))
    finally:
        postgres.start()
    with connect(postgres.admin_url(database)) as connection:
        assert connection.execute("SELECT count(*), sum(id) FROM sessions").fetchone() == (
            500,
            125250,
        )


@pytest.mark.server
def test_kill_connections_ends_everyone_else_in_that_database(postgres: ThrowawayCluster) -> None:
    database = postgres.new_database()
    with connect(postgres.admin_url(database), autocommit=True) as victim:
        victim.execute("SELECT 1")
        assert postgres.kill_connections(database) == 1
        with pytest.raises(connection_error()):
            victim.execute("SELECT 1")
    assert postgres.kill_connections(database) == 0


@pytest.mark.server
def test_the_tls_cluster_refuses_plain_connections_and_is_verified_by_its_ca(
    postgres_tls: ThrowawayCluster,
) -> None:
    assert postgres_tls.ca_file is not None and postgres_tls.ca_file.is_file()
    plain = postgres_tls.admin_url().split("?")[0] + "?sslmode=disable"
    with pytest.raises(connection_error(), match="no encryption"):
        connect(plain)
    for host in ("127.0.0.1", "localhost"):  # the certificate names both
        verified = postgres_tls.admin_url().replace("@127.0.0.1:", f"@{host}:", 1)
        with connect(verified) as connection:
            row = connection.execute(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).fetchone()
        assert row == (True,), host
    # the system's CAs do not know the throw-away one: verifying against them fails
    without_ca = postgres_tls.admin_url().split("?")[0]
    unverifiable = without_ca + "?sslmode=verify-full&sslrootcert=system"
    with pytest.raises(connection_error(), match="certificate verify failed"):
        connect(unverifiable)


@pytest.mark.server
def test_a_closed_cluster_leaves_no_folder_and_no_server(postgres: ThrowawayCluster) -> None:
    # postgres (the shared one) makes the skip-or-fail decision; this test makes its own
    with ThrowawayCluster() as cluster:
        folder, url = cluster.folder, cluster.admin_url()
        assert (folder / "data" / "PG_VERSION").is_file()
        cluster.stop()
    assert not folder.exists()
    with pytest.raises(connection_error()):
        connect(url)


def _fake_version(root: Path, name: str) -> Path:
    folder = root / name / "bin"
    folder.mkdir(parents=True)
    for tool in ("initdb", "pg_ctl", "postgres"):
        (folder / tool).write_text("", encoding="utf-8")
    return folder


def test_without_pg_config_the_highest_installed_version_serves(tmp_path: Path) -> None:
    _fake_version(tmp_path, "9.6")
    newest = _fake_version(tmp_path, "15")
    _fake_version(tmp_path, "13")
    (tmp_path / "17").mkdir()  # a version without its server tools does not count
    assert find_bin_dir(tmp_path, pg_config=None) == newest


def test_no_postgresql_anywhere_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_bin_dir(tmp_path / "absent", pg_config="pg_config") is None
