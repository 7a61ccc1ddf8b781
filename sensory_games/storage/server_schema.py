"""The clinic server's schema: one PostgreSQL schema per clinic, its roles and migrations.

`sensory-games server init --clinic NAME` makes schema ``clinic_NAME`` and the NOLOGIN
group role ``clinic_NAME_devices`` that holds what devices may do; `server add-device`
makes one LOGIN role per device, a member of that group; `server migrate` brings every
clinic's schema to the latest version. All of it runs as the server's administrator
(the owner of the schemas), never as a device.

What a device's role may do (row-level security and grants; docs/server.md):
- read every record of its own clinic (another clinic's schema is not even visible);
- insert records as itself (`uploaded_by` its role), of its own device (`device_id` the
  device it claimed), except profile settings and level ranges, which any of the
  clinic's devices may change; never UPDATE or DELETE a record;
- claim its device id once, and move its own high-water marks;
- read the clinic's settings (its clinic secret, adult PIN hash and session plans).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from sensory_games.domain.server_config import CLINIC_NAME, clinic_schema

if TYPE_CHECKING:
    import psycopg

#: Each step's statements, with {schema} and {devices} (the group role) filled in.
Step = tuple[str, ...]

SERVER_MIGRATIONS: tuple[Step, ...] = (
    # 1: devices, records (insert-only versions), marks, the clinic's settings
    (
        "CREATE TABLE {schema}.devices ("
        " role text PRIMARY KEY, label text NOT NULL, device_id text UNIQUE,"
        " joined_at timestamptz)",
        "CREATE TABLE {schema}.records ("
        " seq bigserial PRIMARY KEY,"
        " kind text NOT NULL,"
        " record_id text NOT NULL,"
        " version text NOT NULL,"  # sha256 of the record's JSON and its samples
        " device_id text NOT NULL,"  # the device that made the record
        " uploaded_by text NOT NULL DEFAULT current_user,"
        " profile_id text,"
        " body json NOT NULL,"  # (stored as sent: no re-parse, a version is its bytes)
        " samples bytea,"  # an attempt's packed samples (sg-samples-1)
        " uploaded_at timestamptz NOT NULL DEFAULT now(),"
        " UNIQUE (kind, record_id, version))",
        "CREATE INDEX records_by_record ON {schema}.records (kind, record_id, seq)",
        # JSON compresses well (lz4 is fast); packed samples hardly do: kept as they are
        "ALTER TABLE {schema}.records ALTER COLUMN body SET COMPRESSION lz4",
        "ALTER TABLE {schema}.records ALTER COLUMN samples SET STORAGE EXTERNAL",
        "CREATE TABLE {schema}.marks ("
        " device_id text NOT NULL, kind text NOT NULL, mark bigint NOT NULL,"
        " token text NOT NULL,"  # the random token of the device's journal line `mark`
        " PRIMARY KEY (device_id, kind))",
        "CREATE TABLE {schema}.clinic_settings ("
        " key text PRIMARY KEY, value text NOT NULL, changed_at timestamptz NOT NULL)",
        "ALTER TABLE {schema}.records ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE {schema}.devices ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE {schema}.marks ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY everyone_reads ON {schema}.records FOR SELECT TO {devices} USING (true)",
        "CREATE POLICY own_records ON {schema}.records FOR INSERT TO {devices} WITH CHECK ("
        " uploaded_by = current_user AND (kind IN ('profile', 'difficulty') OR device_id ="
        " (SELECT d.device_id FROM {schema}.devices d WHERE d.role = current_user)))",
        "CREATE POLICY everyone_reads ON {schema}.devices FOR SELECT TO {devices} USING (true)",
        "CREATE POLICY claim_once ON {schema}.devices FOR UPDATE TO {devices}"
        " USING (role = current_user AND device_id IS NULL) WITH CHECK (role = current_user)",
        "CREATE POLICY own_marks ON {schema}.marks FOR ALL TO {devices}"
        " USING (device_id = (SELECT d.device_id FROM {schema}.devices d"
        " WHERE d.role = current_user))"
        " WITH CHECK (device_id = (SELECT d.device_id FROM {schema}.devices d"
        " WHERE d.role = current_user))",
        "GRANT USAGE ON SCHEMA {schema} TO {devices}",
        "GRANT SELECT, INSERT ON {schema}.records TO {devices}",
        "GRANT USAGE ON SEQUENCE {schema}.records_seq_seq TO {devices}",
        "GRANT SELECT ON {schema}.devices, {schema}.clinic_settings TO {devices}",
        "GRANT UPDATE (device_id, joined_at) ON {schema}.devices TO {devices}",
        "GRANT SELECT, INSERT, UPDATE ON {schema}.marks TO {devices}",
    ),
)
LATEST_SERVER_VERSION = len(SERVER_MIGRATIONS)


class ServerSchemaError(Exception):
    """The clinic's schema is missing, newer than this app, or cannot be made."""


def device_group(clinic: str) -> str:
    return f"{clinic_schema(clinic)}_devices"


def _filled(statement: str, clinic: str) -> str:
    # The names are checked (CLINIC_NAME), so they are plain identifiers.
    return statement.format(schema=clinic_schema(clinic), devices=device_group(clinic))


def schema_version(connection: psycopg.Connection, clinic: str) -> int | None:
    """The clinic schema's version, None when the clinic has no schema here."""
    exists = connection.execute(
        "SELECT 1 FROM pg_namespace WHERE nspname = %s", (clinic_schema(clinic),)
    ).fetchone()
    if not exists:
        return None
    row = connection.execute(
        _filled("SELECT version FROM {schema}.schema_version", clinic)
    ).fetchone()
    return int(row[0]) if row else 0


def clinic_names(connection: psycopg.Connection) -> list[str]:
    """The clinics on this server: every `clinic_<name>` schema with a schema version."""
    rows = connection.execute(
        "SELECT substr(n.nspname, 8) FROM pg_namespace n JOIN pg_class c"
        " ON c.relnamespace = n.oid AND c.relname = 'schema_version'"
        " WHERE n.nspname LIKE %s ORDER BY n.nspname",
        ("clinic\\_%",),
    ).fetchall()
    return [name for (name,) in rows if CLINIC_NAME.fullmatch(name)]


def init_clinic(connection: psycopg.Connection, clinic: str) -> int:
    """Make the clinic's schema and group role (once; again changes nothing) and bring
    it to the latest version; returns the version."""
    with connection.transaction():
        if schema_version(connection, clinic) is None:
            group = device_group(clinic)
            role = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,))
            if role.fetchone() is not None:  # (roles belong to the whole server)
                raise ServerSchemaError(
                    f"clinic {clinic!r} already exists in another database of this server"
                    f" (its role {group} is taken): choose another clinic name"
                )
            connection.execute(_filled("CREATE ROLE {devices} NOLOGIN", clinic))
            connection.execute(_filled("CREATE SCHEMA {schema}", clinic))
            connection.execute(_filled("REVOKE ALL ON SCHEMA {schema} FROM PUBLIC", clinic))
            connection.execute(
                _filled("CREATE TABLE {schema}.schema_version (version integer NOT NULL)", clinic)
            )
            connection.execute(_filled("INSERT INTO {schema}.schema_version VALUES (0)", clinic))
            connection.execute(
                _filled("GRANT SELECT ON {schema}.schema_version TO {devices}", clinic)
            )
    version = migrate_clinic(connection, clinic)
    with connection.transaction():
        connection.execute(
            _filled(
                "INSERT INTO {schema}.clinic_settings (key, value, changed_at)"
                " VALUES ('server_id', gen_random_uuid()::text, now()) ON CONFLICT DO NOTHING",
                clinic,
            )
        )
    return version


def migrate_clinic(connection: psycopg.Connection, clinic: str) -> int:
    """Run the clinic schema's missing steps, each in one transaction, under a lock so
    two administrators cannot run one twice; returns the version."""
    while True:
        with connection.transaction():
            connection.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (clinic_schema(clinic),)
            )
            version = schema_version(connection, clinic)
            if version is None:
                raise ServerSchemaError(
                    f"the server has no clinic {clinic!r}: run `sensory-games server init`"
                )
            if version > LATEST_SERVER_VERSION:
                raise ServerSchemaError(
                    f"clinic {clinic!r} is at server schema {version}, newer than this app's"
                    f" {LATEST_SERVER_VERSION}: update the app"
                )
            if version == LATEST_SERVER_VERSION:
                return version
            for statement in SERVER_MIGRATIONS[version]:
                connection.execute(_filled(statement, clinic))
            connection.execute(
                _filled("UPDATE {schema}.schema_version SET version = %s", clinic), (version + 1,)
            )


def add_device(
    connection: psycopg.Connection,
    clinic: str,
    label: str,
    make_password: Callable[[], str] = lambda: secrets.token_urlsafe(24),
) -> tuple[str, str]:
    """Make a login role for one device of `clinic` (`label`: lower-case letters, digits,
    _); returns (role, password). The password is shown once and stored only as
    PostgreSQL's SCRAM hash."""
    if not CLINIC_NAME.fullmatch(label):
        raise ValueError(f"not a device label: {label!r}")
    role = f"{clinic_schema(clinic)}_device_{label}"
    password = make_password()
    from psycopg import sql

    with connection.transaction():
        taken = connection.execute(
            _filled("SELECT role FROM {schema}.devices WHERE label = %s", clinic), (label,)
        ).fetchone()
        if taken is not None:  # (also when its role was dropped: its records keep the row)
            raise ServerSchemaError(
                f"clinic {clinic!r} has had a device labelled {label!r} (role {taken[0]}):"
                " choose another label"
            )
        connection.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(role), sql.Literal(password), sql.Identifier(device_group(clinic))
            )
        )
        connection.execute(
            _filled("INSERT INTO {schema}.devices (role, label) VALUES (%s, %s)", clinic),
            (role, label),
        )
    return role, password


def set_clinic_settings(connection: psycopg.Connection, clinic: str, values: dict[str, str]) -> int:
    """Put the clinic's settings (services/sync_settings.py keys) on the server, each
    replacing the one of the same key; returns how many changed."""
    changed = 0
    with connection.transaction():
        for key, value in sorted(values.items()):
            cursor = connection.execute(
                _filled(
                    "INSERT INTO {schema}.clinic_settings (key, value, changed_at)"
                    " VALUES (%s, %s, now()) ON CONFLICT (key) DO UPDATE"
                    " SET value = EXCLUDED.value, changed_at = now()"
                    " WHERE {schema}.clinic_settings.value <> EXCLUDED.value",
                    clinic,
                ),
                (key, value),
            )
            changed += max(cursor.rowcount, 0)
    return changed
