"""A throw-away PostgreSQL cluster for the server tests: Debian's binaries, a temporary folder,
TCP on 127.0.0.1 at a free port, password (scram-sha-256) sign-in, optionally TLS only.

The sync talks to a real server in its tests (issue 21: no mocks of the server), so the test
set-up makes one: `initdb` into a folder of its own, `pg_ctl` to start and stop it, and removes
the folder at the end. Durability against a crash of the machine is traded for speed (fsync off:
nothing here outlives the run), never against a crash of the server: `pg_ctl -m immediate` (a
crash, for PostgreSQL) keeps every committed row, as the write-ahead log is written (to the
operating system) at each commit and replayed on the next start. (So synchronous_commit stays
on: off, an acknowledged commit could vanish in a server crash, which no clinic server does.)

PostgreSQL refuses to run as root: when the tests run as root (CI), every initdb/pg_ctl runs as
the `postgres` user (made by Debian's package) through `runuser`, and the folder is that user's.
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # psycopg is imported where used: without it, the fixtures skip
    from psycopg import sql

ADMIN_ROLE = "sg_admin"
# The user the server runs as when the tests run as root (Debian's package makes it).
SERVER_USER = "postgres"
# The highest versions Debian installs side by side: /usr/lib/postgresql/<major>/bin.
DEBIAN_VERSIONS_ROOT = Path("/usr/lib/postgresql")
# Seconds pg_ctl waits for the server to start or stop before it gives up.
PG_CTL_TIMEOUT_S = 60
# Attempts at a free port: another process (an xdist worker) may take it between our look and
# the server's bind.
PORT_ATTEMPTS = 5
# Milliseconds kill_connections waits for each ended connection's server process to exit.
TERMINATE_WAIT_MS = 5000
# Days the test certificates are valid: a cluster lives for one test run.
CERTIFICATE_DAYS = 2


class ClusterError(RuntimeError):
    """The cluster could not be made, started or stopped; the message says which step and why,
    in one line, with the end of the server's log when there is one."""


def find_bin_dir(
    versions_root: Path = DEBIAN_VERSIONS_ROOT, pg_config: str | None = "pg_config"
) -> Path | None:
    """The folder holding initdb and pg_ctl: `pg_config --bindir` when pg_config is installed,
    else the highest /usr/lib/postgresql/<major>/bin, else the folder of PATH's initdb; None
    when there is none (PostgreSQL is not installed)."""
    found = shutil.which(pg_config) if pg_config else None
    if found:
        result = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(result.stdout.strip())
        if result.returncode == 0 and _has_server_tools(candidate):
            return candidate
    versions = []
    if versions_root.is_dir():
        for child in versions_root.iterdir():
            if re.fullmatch(r"\d+(\.\d+)?", child.name) and _has_server_tools(child / "bin"):
                versions.append((tuple(int(part) for part in child.name.split(".")), child / "bin"))
    if versions:
        return max(versions)[1]
    initdb = shutil.which("initdb")
    if initdb and _has_server_tools(Path(initdb).resolve().parent):
        return Path(initdb).resolve().parent
    return None


def _has_server_tools(folder: Path) -> bool:
    return all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres"))


def runs_as_root() -> bool:
    """True when this process is root: the server must then run as SERVER_USER."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def server_user_ids() -> tuple[int, int] | None:
    """(uid, gid) of SERVER_USER, or None when there is no such user."""
    import pwd

    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, started on construction; `close()` stops it
    and removes the folder (also on leaving a `with` block).

    `tls=True`: ssl on with a certificate for localhost and 127.0.0.1 signed by a CA made for
    this cluster (`ca_file`), and pg_hba accepts TCP connections over TLS only.
    """

    _database_numbers = itertools.count(1)

    def __init__(self, tls: bool = False, bin_dir: Path | None = None) -> None:
        found = bin_dir or find_bin_dir()
        if found is None:
            raise ClusterError("PostgreSQL's initdb and pg_ctl were not found")
        self.bin_dir = found
        self.tls = tls
        self.host = "127.0.0.1"
        self.port = 0
        self._as_server_user = runs_as_root()
        self._owner = server_user_ids() if self._as_server_user else None
        if self._as_server_user and self._owner is None:
            raise ClusterError(
                f"running as root, but there is no {SERVER_USER!r} user to run PostgreSQL as "
                "(install Debian's postgresql package, or run the tests as another user)"
            )
        self._password = secrets.token_urlsafe(24)
        self.folder = Path(tempfile.mkdtemp(prefix="sg-pg-", dir=self._parent_folder()))
        self.data_dir = self.folder / "data"
        self.log_file = self.folder / "server.log"
        self.ca_file = self.folder / "ca.crt" if tls else None
        self.running = False
        try:
            self._init()
            self._start_on_a_free_port()
        except BaseException:
            self.close()
            raise

    # -- what tests use ------------------------------------------------------------------------

    def admin_url(self, database: str = "postgres") -> str:
        """A postgresql:// URL signing in as the superuser to `database` (TLS verified against
        `ca_file` on a TLS cluster)."""
        url = f"postgresql://{ADMIN_ROLE}:{self._password}@{self.host}:{self.port}/{database}"
        if self.ca_file is not None:
            url += f"?sslmode=verify-full&sslrootcert={self.ca_file}"
        return url

    def new_database(self) -> str:
        """Create a database no other test uses and return its name."""
        from psycopg import sql

        name = f"test_{next(self._database_numbers)}_{secrets.token_hex(4)}"
        self.execute_admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def kill_connections(self, database: str) -> int:
        """End every connection to `database` but the one asking, and wait (up to
        TERMINATE_WAIT_MS each, PostgreSQL 14+) until they are gone; returns how many ended."""
        rows = self.execute_admin(
            "SELECT pg_terminate_backend(pid, %s) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (TERMINATE_WAIT_MS, database),
        )
        return sum(1 for (ended,) in rows if ended)

    def execute_admin(
        self, statement: str | sql.Composed, params: tuple[object, ...] = ()
    ) -> list[tuple[Any, ...]]:
        """Run one statement as the superuser in the `postgres` database (autocommit, as
        CREATE DATABASE needs); the rows it returns, if any."""
        import psycopg

        with psycopg.connect(self.admin_url(), autocommit=True, connect_timeout=10) as connection:
            cursor = connection.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []

    def stop(self) -> None:
        """Stop the server at once (`-m immediate`: as if it crashed; committed rows stay)."""
        if self.running:
            self._pg_ctl("stop", "-m", "immediate")
            self.running = False

    def start(self) -> None:
        """Start the server again on the same port, with the same data."""
        if not self.running:
            self._pg_ctl("start", "-l", str(self.log_file))
            self.running = True

    def close(self) -> None:
        """Stop the server (if it runs) and remove the folder with everything in it."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> ThrowawayCluster:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- making it -------------------------------------------------------------------------------

    def _parent_folder(self) -> Path | None:
        """Where the temporary folder goes: the usual temporary folder, unless the server user
        cannot reach into it (a root-only folder while running as root), then /tmp."""
        if not self._as_server_user:
            return None
        parent = Path(tempfile.gettempdir())
        reachable = all(os.stat(folder).st_mode & 0o001 for folder in (parent, *parent.parents))
        return None if reachable else Path("/tmp")

    def _init(self) -> None:
        password_file = self.folder / "admin-password"
        password_file.write_text(self._password + "\n", encoding="utf-8")
        password_file.chmod(0o600)
        if self.tls:
            self._make_certificates()
        self._hand_folder_to_server_user()
        self._run(
            [
                str(self.bin_dir / "initdb"),
                "--pgdata", str(self.data_dir),
                "--username", ADMIN_ROLE,
                "--pwfile", str(password_file),
                "--auth", "scram-sha-256",
                "--encoding", "UTF8",
                "--locale", "C",
                "--no-sync",
            ],
            "initdb",
        )  # fmt: skip
        password_file.unlink()
        (self.data_dir / "pg_hba.conf").write_text(self._pg_hba(), encoding="utf-8")
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\ninclude 'throwaway.conf'\n")
        self._hand_folder_to_server_user()

    def _pg_hba(self) -> str:
        tcp = "hostssl" if self.tls else "host"
        return (
            "# made by tests/postgres_cluster.py\n"
            "local all all scram-sha-256\n"
            f"{tcp} all all 127.0.0.1/32 scram-sha-256\n"
        )

    def _write_settings(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": "60",
            "shared_buffers": "'16MB'",
            "fsync": "off",
            "full_page_writes": "off",
            "password_encryption": "'scram-sha-256'",
            "ssl": "on" if self.tls else "off",
        }
        if self.tls:
            settings["ssl_cert_file"] = f"'{self.folder / 'server.crt'}'"
            settings["ssl_key_file"] = f"'{self.folder / 'server.key'}'"
        text = "".join(f"{key} = {value}\n" for key, value in settings.items())
        (self.data_dir / "throwaway.conf").write_text(text, encoding="utf-8")
        self._hand_folder_to_server_user()

    def _start_on_a_free_port(self) -> None:
        for attempt in range(1, PORT_ATTEMPTS + 1):
            self.port = free_port()
            self._write_settings()
            logged_before = self.log_file.stat().st_size if self.log_file.exists() else 0
            try:
                self.start()
                return
            except ClusterError:
                with self.log_file.open(encoding="utf-8", errors="replace") as log:
                    log.seek(logged_before)
                    port_taken = "could not bind" in log.read()
                if attempt == PORT_ATTEMPTS or not port_taken:
                    raise

    def _make_certificates(self) -> None:
        """A CA and a server certificate (CN and SAN localhost, SAN IP 127.0.0.1) signed by
        it, with the openssl command line, into the cluster's folder."""
        ca_key, server_key = self.folder / "ca.key", self.folder / "server.key"
        request, extensions = self.folder / "server.csr", self.folder / "server.ext"
        extensions.write_text(
            "basicConstraints = critical, CA:FALSE\n"
            "keyUsage = critical, digitalSignature, keyEncipherment\n"
            "extendedKeyUsage = serverAuth\n"
            "subjectAltName = DNS:localhost, IP:127.0.0.1\n",
            encoding="utf-8",
        )
        new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        days = ["-days", str(CERTIFICATE_DAYS)]
        self._openssl(
            "req", "-x509", *new_key, *days, "-keyout", str(ca_key), "-out", str(self.ca_file),
            "-subj", "/CN=sensory-games throw-away test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        )  # fmt: skip
        self._openssl(
            "req", "-new", *new_key, "-keyout", str(server_key), "-out", str(request),
            "-subj", "/CN=localhost",
        )  # fmt: skip
        self._openssl(
            "x509", "-req", "-in", str(request), "-CA", str(self.ca_file), "-CAkey", str(ca_key),
            "-set_serial", str(secrets.randbits(63)), *days, "-extfile", str(extensions),
            "-out", str(self.folder / "server.crt"),
        )  # fmt: skip
        server_key.chmod(0o600)
        ca_key.unlink()  # nothing else is ever signed with it

    def _openssl(self, *arguments: str) -> None:
        openssl = shutil.which("openssl")
        if openssl is None:
            raise ClusterError("the openssl command is not installed (Debian: openssl)")
        self._run([openssl, *arguments], "openssl " + arguments[0], as_server_user=False)

    def _hand_folder_to_server_user(self) -> None:
        if self._owner is None:
            return
        uid, gid = self._owner
        for path in (self.folder, *self.folder.rglob("*")):
            os.chown(path, uid, gid, follow_symlinks=False)

    # -- running the tools -----------------------------------------------------------------------

    def _pg_ctl(self, *arguments: str) -> None:
        command = [str(self.bin_dir / "pg_ctl"), "--pgdata", str(self.data_dir)]
        self._run([*command, "-w", "-t", str(PG_CTL_TIMEOUT_S), "-s", *arguments], "pg_ctl")

    def _run(self, command: list[str], step: str, as_server_user: bool = True) -> None:
        if as_server_user and self._as_server_user:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            said = (result.stderr or result.stdout).strip().splitlines()
            raise ClusterError(
                f"{step} failed (exit {result.returncode}): {' | '.join(said[-3:])}"
                + self._log_tail()
            )

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return f"; server log ({self.log_file}): {' | '.join(lines[-3:])}" if lines else ""
