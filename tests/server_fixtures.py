"""The `postgres` and `postgres_tls` fixtures: one throw-away PostgreSQL cluster of each kind
per test process (per xdist worker), made when a test first asks for it and removed when the
run ends. Each test makes its own database in it (`postgres.new_database()`).

Where PostgreSQL or psycopg is missing the tests that need them skip with a one-line reason;
with SENSORY_GAMES_REQUIRE_POSTGRES=1 (CI) they fail instead, so a CI image that lost its
server cannot turn the server tests quietly green.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator

import pytest
from postgres_cluster import (
    SERVER_USER,
    ClusterError,
    ThrowawayCluster,
    find_bin_dir,
    runs_as_root,
    server_user_ids,
)

REQUIRE_POSTGRES = "SENSORY_GAMES_REQUIRE_POSTGRES"


def missing_requirement() -> str | None:
    """Why a throw-away cluster cannot be made here (one line), or None when it can."""
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install 'sensory-games[server]')"
    if find_bin_dir() is None:
        return "PostgreSQL is not installed: no initdb/pg_ctl (Debian: apt-get install postgresql)"
    if runs_as_root() and server_user_ids() is None:
        return (
            f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as "
            "(Debian's postgresql package makes it)"
        )
    return None


def _cluster(tls: bool) -> Iterator[ThrowawayCluster]:
    reason = missing_requirement()
    if reason is not None:
        if os.environ.get(REQUIRE_POSTGRES) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        cluster = ThrowawayCluster(tls=tls)
    except ClusterError as error:
        pytest.fail(f"the throw-away PostgreSQL cluster did not start: {error}", pytrace=False)
    with cluster:
        yield cluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayCluster]:
    """A running cluster on 127.0.0.1 with password sign-in (see tests/postgres_cluster.py)."""
    yield from _cluster(tls=False)


@pytest.fixture(scope="session")
def postgres_tls() -> Iterator[ThrowawayCluster]:
    """A running cluster that accepts TCP connections over TLS only; `.ca_file` verifies it."""
    yield from _cluster(tls=True)
