"""The clinic server as one device sees it: connecting, sending records, taking others'.

Only this module (with server_schema.py) speaks to PostgreSQL, always with parameters.
psycopg is the optional `server` extra: without it, connecting says how to install it.
A connection that fails says why in one line (:class:`ServerUnavailable`): cannot reach
the server, wrong password, no TLS where it is required, no such clinic.

Sending is gap-free and duplicate-free for readers: every upload transaction takes the
clinic's advisory lock before its rows get their `seq`, so rows commit in `seq` order,
and a device that has read up to `seq` N has seen every row up to N, for good.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.server_config import ServerConfig, clinic_schema, is_this_machine
from sensory_games.storage.server_credentials import DeviceCredentials

if TYPE_CHECKING:
    import psycopg

#: Kinds whose every version is the same record: a second version is a conflict.
WRITTEN_ONCE = frozenset({"attempt", "level_change", "note", "audit"})
CONNECT_TIMEOUT_S = 10
#: The longest one statement of a sync may take on the server (s).
STATEMENT_TIMEOUT_S = 120


class ServerUnavailable(Exception):
    """The clinic server cannot be used now; args[0] is a Sentence saying why."""


class UploadRow(NamedTuple):
    """One version of a record to send, in the order the upload's arrays take it."""

    kind: str
    record_id: str
    version: str
    device_id: str
    profile_id: str | None
    body: str  # the record's JSON
    samples: bytes | None


@dataclass(frozen=True)
class ServerRow:
    """One version of a record as the server holds it."""

    seq: int
    kind: str
    record_id: str
    version: str
    device_id: str
    uploaded_by: str
    profile_id: str | None
    body: dict[str, Any]
    samples: bytes | None


def first_line(error: BaseException) -> str:
    """The driver's message's first line (its name when it has none)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def device_refused(server: str) -> Sentence:
    """What a device is told when the server at `server` (host:port) refuses its role or
    password."""
    return Sentence(
        N_(
            "the clinic server at {server} refused this device's role or password; ask"
            " the clinic's IT for a new device file and run {command}"
        ),
        server=server,
        command="`sensory-games server join FILE`",
    )


def explained(
    host: str, port: int, error: Exception, refused: Callable[[str], Sentence] = device_refused
) -> Sentence:
    """Why a connection to the server at `host`:`port` failed, in one line: `refused`
    (given host:port) for a wrong role or password, else no TLS where it is required, a
    certificate that cannot be trusted, or cannot reach it (with the driver's first line)."""
    text = first_line(error)
    where = f"{host}:{port}"
    lowered = str(error).lower()
    if (
        "password authentication failed" in lowered
        or "no password supplied" in lowered
        or ("role" in lowered and "not exist" in lowered)
    ):
        return refused(where)
    if "ssl" in lowered and ("not support" in lowered or "required" in lowered):
        return Sentence(
            N_(
                "the clinic server at {server} does not offer TLS (encryption), which is"
                " required for a server on another machine: turn on ssl on the server"
                " (docs/server.md)"
            ),
            server=where,
        )
    if "certificate" in lowered:
        return Sentence(
            N_(
                "the clinic server at {server} has a certificate this device cannot trust: {reason}"
            ),
            server=where,
            reason=text,
        )
    return Sentence(
        N_("cannot reach the clinic server at {server} ({reason})"), server=where, reason=text
    )


def server_errors() -> tuple[type[Exception], ...]:
    """What psycopg raises (nothing without the server extra)."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)


def driver() -> ModuleType:
    """psycopg, or ServerUnavailable saying how to install it (the optional server extra)."""
    try:
        import psycopg
    except ImportError:
        raise ServerUnavailable(
            Sentence(
                N_("the clinic server needs the server extra: install it with {command}"),
                command="`pip install 'sensory_games[server]'`",
            )
        ) from None
    return psycopg


def connect(config: ServerConfig, role: str, password: str) -> psycopg.Connection:
    """A connection (autocommit: each `transaction()` is one server transaction) as the
    device's `role`, with TLS as the settings require."""
    pg = driver()
    options: dict[str, Any] = {
        "user": role,
        "password": password,
        "sslmode": config.ssl_mode(),
        "connect_timeout": CONNECT_TIMEOUT_S,
        # a server that stops answering mid-sync fails the sync, never hangs it
        "options": f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000}",
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "application_name": "sensory_games",
        "autocommit": True,
    }
    if config.ca_file:
        if not Path(config.ca_file).is_file():
            raise ServerUnavailable(
                Sentence(
                    N_("{key} = {value}: no such file (the clinic's CA certificate)"),
                    key="server.ca_file",
                    value=config.ca_file,
                )
            )
        options["sslrootcert"] = config.ca_file
    try:
        connection: psycopg.Connection = pg.connect(config.url, **options)
    except pg.Error as error:
        raise ServerUnavailable(explained(config.host, config.port, error)) from None
    return connection


def admin_refused(server: str) -> Sentence:
    """What the clinic's IT is told when the server refuses the administrator's sign-in."""
    return Sentence(
        N_(
            "the clinic server at {server} refused the administrator's role or password (taken"
            " from the URL, PGPASSWORD or ~/.pgpass)"
        ),
        server=server,
    )


def connect_admin(url: str) -> psycopg.Connection:
    """A connection as the server's administrator (autocommit). The password comes from
    `url`, PGPASSWORD or ~/.pgpass (libpq looks); TLS is required for a server on another
    machine unless the URL names its own sslmode. ServerUnavailable (one line, never the
    password) when it cannot be made."""
    pg = driver()
    parts = urlsplit(url)
    where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    if parts.scheme not in ("postgresql", "postgres"):
        raise ServerUnavailable(
            Sentence(
                N_("{option} must be {allowed}"),
                option="--admin-url",
                allowed="postgresql://user@host:port/database",
            )
        )
    options: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "autocommit": True}
    if "sslmode" not in parse_qs(parts.query):
        options["sslmode"] = "prefer" if is_this_machine(parts.hostname or "") else "require"
    try:
        connection: psycopg.Connection = pg.connect(url, **options)
    except pg.Error as error:
        host, _, port = where.rpartition(":")
        raise ServerUnavailable(explained(host, int(port), error, admin_refused)) from None
    return connection


def failure(error: BaseException, server: str) -> Sentence | None:
    """One line for a driver error met while working with the server at `server`
    (host:port): the clinic's schema missing, a refusal, the server gone; None for an
    error that is not the driver's."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(error, psycopg.Error):
        return None
    text = first_line(error)
    if isinstance(error, psycopg.errors.InvalidSchemaName | psycopg.errors.UndefinedTable):
        return Sentence(
            N_(
                "the clinic server at {server} has no such clinic ({reason}): check app.yaml's"
                " server.clinic, or make it with {command}"
            ),
            server=server,
            reason=text,
            command="`sensory-games server init`",
        )
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return Sentence(
            N_("the clinic server at {server} does not allow this ({reason})"),
            server=server,
            reason=text,
        )
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return Sentence(
            N_(
                "the clinic server at {server} went away ({reason}): what was done stays done;"
                " run it again when the server answers"
            ),
            server=server,
            reason=text,
        )
    return Sentence(N_("the clinic server at {server} said: {reason}"), server=server, reason=text)


@contextmanager
def opened(config: ServerConfig, credentials: DeviceCredentials) -> Iterator[ClinicServer]:
    """The clinic's records through this device's role, closed after; every driver error
    met meanwhile becomes ServerUnavailable in one line (failure())."""
    server = ClinicServer(connect(config, credentials.role, credentials.password), config.clinic)
    try:
        yield server
    except server_errors() as error:
        raise ServerUnavailable(failure(error, f"{config.host}:{config.port}")) from None
    finally:
        server.close()


class ClinicServer:
    """One clinic's records on the server, through one device's connection."""

    def __init__(self, connection: psycopg.Connection, clinic: str) -> None:
        self.connection = connection
        self.schema = clinic_schema(clinic)

    def _sql(self, text: str) -> Any:
        # The schema name is a checked identifier (server_config.CLINIC_NAME).
        return text.replace("{schema}", self.schema)

    def close(self) -> None:
        self.connection.close()

    def settings(self) -> dict[str, str]:
        """The clinic's settings (server_id, clinic secret, adult PIN hash, plans)."""
        rows = self.connection.execute(self._sql("SELECT key, value FROM {schema}.clinic_settings"))
        return dict(rows.fetchall())

    def claim(self, device_id: str) -> None:
        """Tie this role to `device_id` the first time; ServerUnavailable if the role is
        another device's or the id another role's (a copied data folder)."""
        rows = self.connection.execute(
            self._sql("SELECT role, device_id FROM {schema}.devices WHERE role = current_user")
        ).fetchall()
        if rows and rows[0][1] == device_id:
            return
        if rows and rows[0][1] is None:
            holder = self.connection.execute(
                self._sql("SELECT role FROM {schema}.devices WHERE device_id = %s"), (device_id,)
            ).fetchone()
            if holder is None:
                self.connection.execute(
                    self._sql(
                        "UPDATE {schema}.devices SET device_id = %s, joined_at = now()"
                        " WHERE role = current_user"
                    ),
                    (device_id,),
                )
                return
        raise ServerUnavailable(
            Sentence(
                N_(
                    "this device's role on the clinic server belongs to another device, or"
                    " this device's id to another role (a data folder copied from another"
                    " device?): ask the clinic's IT for a device file of its own"
                )
            )
        )

    def marks(self, device_id: str) -> dict[str, tuple[int, str]]:
        """This device's high-water marks: kind -> (the last journal line the server has,
        that line's token: a log restored from a backup has another line there)."""
        rows = self.connection.execute(
            self._sql("SELECT kind, mark, token FROM {schema}.marks WHERE device_id = %s"),
            (device_id,),
        )
        return {kind: (int(mark), token) for kind, mark, token in rows.fetchall()}

    def row_key(self, seq: int) -> tuple[str, str, str] | None:
        """(kind, record id, version) of the version numbered `seq`, None if there is none
        (a server restored from a backup has lost it, or numbered another one so)."""
        row = self.connection.execute(
            self._sql("SELECT kind, record_id, version FROM {schema}.records WHERE seq = %s"),
            (seq,),
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def upload(
        self, device_id: str, kind: str, rows: list[UploadRow], mark: tuple[int, str]
    ) -> tuple[int, list[str]]:
        """Insert `rows` (versions already here change nothing) and move this device's
        mark for `kind` to `mark`, in one transaction; returns how many versions were new
        and the ids of records written once that now have a second, different version
        (conflicts)."""
        columns = list(zip(*rows, strict=True)) or [()] * len(UploadRow._fields)
        with self.connection.transaction(), self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.schema,))
            cursor.execute(
                self._sql(
                    "INSERT INTO {schema}.records (kind, record_id, version, device_id,"
                    " profile_id, body, samples) SELECT * FROM unnest(%b::text[], %b::text[],"
                    " %b::text[], %b::text[], %b::text[], %b::text[]::json[], %b::bytea[])"
                    " ON CONFLICT (kind, record_id, version) DO NOTHING"
                ),
                [list(column) for column in columns],
            )
            inserted = max(cursor.rowcount, 0)
            conflicts: list[str] = []
            if kind in WRITTEN_ONCE:
                cursor.execute(
                    self._sql(
                        "SELECT DISTINCT r.record_id FROM {schema}.records r JOIN"
                        " unnest(%b::text[], %b::text[]) AS u(record_id, version)"
                        " ON r.record_id = u.record_id AND r.version <> u.version"
                        " WHERE r.kind = %s"
                    ),
                    (list(columns[1]), list(columns[2]), kind),
                )
                conflicts = [record_id for (record_id,) in cursor.fetchall()]
            cursor.execute(
                self._sql(
                    "INSERT INTO {schema}.marks (device_id, kind, mark, token)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT (device_id, kind)"
                    " DO UPDATE SET mark = EXCLUDED.mark, token = EXCLUDED.token"
                ),
                (device_id, kind, *mark),
            )
        return inserted, conflicts

    def rows_after(
        self, seq: int, limit: int, up_to: int, include_own: bool = False
    ) -> list[ServerRow]:
        """Up to `limit` record versions after `seq` (up to `up_to`) that other devices
        sent (`include_own`: this one too), in order."""
        return self._server_rows(
            "WHERE seq > %s AND seq <= %s AND (%s OR uploaded_by <> current_user)"
            " ORDER BY seq LIMIT %s",
            (seq, up_to, include_own, limit),
        )

    def latest_of_profiles(self, profile_ids: Iterable[str]) -> list[ServerRow]:
        """The latest version of every record of these children that other devices sent."""
        return self._server_rows(
            "WHERE seq IN (SELECT max(seq) FROM {schema}.records WHERE profile_id = ANY(%s)"
            " AND uploaded_by <> current_user GROUP BY kind, record_id) ORDER BY seq",
            (sorted(set(profile_ids)),),
        )

    def last_seq(self) -> int:
        row = self.connection.execute(self._sql("SELECT max(seq) FROM {schema}.records"))
        found = row.fetchone()
        return int(found[0]) if found and found[0] is not None else 0

    def latest(self, kind: str, ids: Iterable[str]) -> list[ServerRow]:
        """The latest version of each of these records."""
        return self._server_rows(
            "WHERE seq IN (SELECT max(seq) FROM {schema}.records WHERE kind = %s"
            " AND record_id = ANY(%s) GROUP BY record_id) ORDER BY seq",
            (kind, sorted(set(ids))),
        )

    def whole_clinic(self, chunk: int) -> Iterator[list[ServerRow]]:
        """The latest version of every record of the clinic, every device's (this one's
        too), in the order they reached the server, `chunk` versions at a time. Read in
        one transaction through a server-side cursor: the clinic's record at one moment,
        never all of it in memory at once."""
        with self.connection.transaction(), self.connection.cursor(name="whole_clinic") as cursor:
            cursor.execute(
                self._sql(
                    f"{SELECT_ROWS} WHERE seq IN (SELECT max(seq) FROM {{schema}}.records"
                    " GROUP BY kind, record_id) ORDER BY seq"
                )
            )
            while rows := cursor.fetchmany(chunk):
                yield [_server_row(*row) for row in rows]

    def _server_rows(self, where: str, values: tuple[Any, ...]) -> list[ServerRow]:
        rows = self.connection.execute(self._sql(f"{SELECT_ROWS} {where}"), values).fetchall()
        return [_server_row(*row) for row in rows]


#: The columns of a ServerRow (`{schema}` filled in by ClinicServer._sql).
SELECT_ROWS = (
    "SELECT seq, kind, record_id, version, device_id, uploaded_by, profile_id, body::text,"
    " samples FROM {schema}.records"
)


def _server_row(
    seq: int,
    kind: str,
    record_id: str,
    version: str,
    device_id: str,
    uploaded_by: str,
    profile_id: str | None,
    body: str,
    samples: bytes | None,
) -> ServerRow:
    return ServerRow(
        int(seq),
        kind,
        record_id,
        version,
        device_id,
        uploaded_by,
        profile_id,
        json.loads(body),
        bytes(samples) if samples is not None else None,
    )
