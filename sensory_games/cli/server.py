"""The clinic server from the command line: `server init|migrate|add-device|settings` (the
clinic's IT, as the server's administrator), `server join|status` and `sync` (on a device).

Every failure is one line in the clinic's language (a CliError): no `server:` in app.yaml,
psycopg missing, a wrong password, no TLS where it is required, a server that does not
answer, a clinic that is not there, a device that has not joined. A password is never
printed: the administrator's stays in its URL, PGPASSWORD or ~/.pgpass, a device's in its
owner-only device file and `server-credentials` (storage/server_credentials.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import yaml

from sensory_games.activities import level_counts
from sensory_games.cli.clinic_language import say
from sensory_games.cli.errors import CliError
from sensory_games.cli.opening import open_log
from sensory_games.domain.config import AppConfig
from sensory_games.domain.config_folders import clinic_config_dir
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.server_config import CLINIC_NAME, ServerConfig, ServerConfigError
from sensory_games.services.sync import sync_and_record
from sensory_games.services.sync_settings import SECRET_KEY, device_settings
from sensory_games.storage import Repository
from sensory_games.storage.clinic_server import (
    ClinicServer,
    ServerUnavailable,
    connect_admin,
    failure,
    opened,
)
from sensory_games.storage.files import new_file_flags, write_all
from sensory_games.storage.server_credentials import (
    CredentialsError,
    DeviceCredentials,
    read_device_file,
    store_credentials,
    stored_credentials,
)
from sensory_games.storage.server_schema import (
    ServerSchemaError,
    add_device,
    clinic_names,
    device_group,
    init_clinic,
    migrate_clinic,
    schema_version,
    set_clinic_settings,
)

if TYPE_CHECKING:
    import psycopg

#: What IT types for the administrator's URL in the next-step hints (its own, never ours).
ADMIN_URL = "--admin-url URL"


def server(args: argparse.Namespace) -> int:
    """One of `server`'s actions."""
    actions: dict[str, Callable[[argparse.Namespace], int]] = {
        "init": _init,
        "migrate": _migrate,
        "add-device": _add_device,
        "settings": _settings,
        "join": _join,
        "status": _status,
    }
    return actions[args.server_command](args)


def sync(args: argparse.Namespace) -> int:
    """Send this device's new records and take the clinic's, printing what moved (conflicts
    included: they are for the adult to settle, not a failure)."""
    config, repository = open_log(args)
    try:
        settings = _server_of(config)
        credentials = _joined(repository, settings)
        with _speaking_to(settings.url):
            report = sync_and_record(
                repository,
                settings,
                credentials,
                level_counts(config.config_dir),
                config_dir=config.config_dir,
                match_alias=args.match_alias,
            )
    finally:
        repository.close()
    print("\n".join(say(args, line) for line in report.lines()))
    return 0


# -- the clinic's IT, as the server's administrator ---------------------------------------


def _init(args: argparse.Namespace) -> int:
    """Make the clinic (again: changes nothing); the first time, this device's clinic
    secret, adult PIN and plans become the clinic's."""
    clinic = _clinic_name(args.clinic)
    config, repository = open_log(args)
    try:
        with _admin(args.admin_url) as connection:
            version = init_clinic(connection, clinic)
            had_settings = SECRET_KEY in ClinicServer(connection, clinic).settings()
            changed = 0
            if not had_settings:
                values = device_settings(repository, config.config_dir)
                changed = set_clinic_settings(connection, clinic, values)
    finally:
        repository.close()
    print(
        say(
            args,
            N_("clinic {clinic} is ready: schema {schema} at version {version}, devices {group}"),
            clinic=clinic,
            schema=f"clinic_{clinic}",
            version=version,
            group=device_group(clinic),
        )
    )
    if had_settings:
        kept = N_("its settings were already on the server (change them with {command})")
        print(say(args, kept, command="`sensory-games server settings`"))
    else:
        put = Sentence.tr_n(
            "this device's clinic secret, adult PIN and plans are now the clinic's"
            " ({count} setting)",
            "this device's clinic secret, adult PIN and plans are now the clinic's"
            " ({count} settings)",
            changed,
            count=changed,
        )
        print(say(args, put))
    command = f"sensory-games server add-device {ADMIN_URL} --clinic {clinic} --label LABEL"
    print(say(args, N_("next: a device file for each device: {command}"), command=command))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    """Bring the named clinics (else every clinic on the server) to this app's schema."""
    with _admin(args.admin_url) as connection:
        names = [_clinic_name(name) for name in args.clinic or []] or clinic_names(connection)
        if not names:
            raise CliError(
                N_("the server has no clinic yet: make one with {command}"),
                command=f"`sensory-games server init {ADMIN_URL} --clinic NAME`",
            )
        for clinic in names:
            _must_exist(connection, clinic)
            version = migrate_clinic(connection, clinic)
            said = N_("clinic {clinic}: schema version {version}")
            print(say(args, said, clinic=clinic, version=version))
    return 0


def _add_device(args: argparse.Namespace) -> int:
    """A role for one device, and its device file (owner-only, never written over)."""
    clinic = _clinic_name(args.clinic)
    label = _name(args.label, "--label")
    out: Path = args.out or Path(f"{label}.device")
    device_url = args.device_url or _without_user(args.admin_url)
    _checked(ServerConfig(url=device_url, clinic=clinic), "--device-url")
    with _admin(args.admin_url) as connection:
        _must_exist(connection, clinic)
        descriptor = _new_file(out)
        try:
            role, password = add_device(connection, clinic, label)
        except BaseException:
            os.close(descriptor)
            out.unlink()
            raise
    with os.fdopen(descriptor, "wb") as handle:
        write_all(handle, DeviceCredentials(device_url, clinic, role, password).to_text())
        handle.flush()
        os.fsync(handle.fileno())
    made = N_(
        "device {label} of clinic {clinic}: role {role}; its device file is {file} (owner-only:"
        " it holds the device's password). On the device, run {command}"
    )
    command = f"`sensory-games server join {out.name}`"
    print(say(args, made, label=label, clinic=clinic, role=role, file=out, command=command))
    return 0


def _settings(args: argparse.Namespace) -> int:
    """This device's clinic secret, adult PIN hash and plans become the clinic's."""
    clinic = _clinic_name(args.clinic)
    config, repository = open_log(args)
    try:
        values = device_settings(repository, config.config_dir)
        with _admin(args.admin_url) as connection:
            _must_exist(connection, clinic)
            changed = set_clinic_settings(connection, clinic, values)
    finally:
        repository.close()
    said = Sentence.tr_n(
        "clinic {clinic}: {count} of its {total} settings changed on the server",
        "clinic {clinic}: {count} of its {total} settings changed on the server",
        changed,
        clinic=clinic,
        count=changed,
        total=len(values),
    )
    print(say(args, said))
    return 0


# -- on a device ----------------------------------------------------------------------------


def _join(args: argparse.Namespace) -> int:
    """Keep the device file's role in the data folder, say what app.yaml needs, claim it."""
    config, repository = open_log(args)
    try:
        credentials = _checked_file(args.file)
        kept = store_credentials(repository.data_dir, credentials)
        said = N_("the role {role} of clinic {clinic} is kept in {file} (owner-only)")
        print(say(args, said, role=credentials.role, clinic=credentials.clinic, file=kept))
        settings = config.server
        if (settings.url, settings.clinic) != (credentials.url, credentials.clinic):
            app_yaml = clinic_config_dir(getattr(args, "config_dir", None)) / "app.yaml"
            lines = {"server": {"url": credentials.url, "clinic": credentials.clinic}}
            put = N_("put these lines in {file} (the clinic configuration folder's app.yaml):")
            print(say(args, put, file=app_yaml))
            print(yaml.safe_dump(lines, sort_keys=False, allow_unicode=True).rstrip())
            settings = replace(settings, url=credentials.url, clinic=credentials.clinic)
        try:
            with _device(settings, credentials) as clinic_server:
                clinic_server.claim(repository.device_id)
        except CliError as error:
            later = N_(
                "not joined yet: {reason} (the device file is kept: once that is put right,"
                " this device syncs by itself)"
            )
            print(f"sensory-games: {say(args, later, reason=error.message)}", file=sys.stderr)
            return 1
    finally:
        repository.close()
    joined = N_("joined clinic {clinic} as {role}")
    print(say(args, joined, clinic=credentials.clinic, role=credentials.role))
    return 0


def _status(args: argparse.Namespace) -> int:
    """The server, this device's role, whether the server answers, what waits, the last
    sync; exit status 1 when the server cannot be used (not reached, or it refused)."""
    config, repository = open_log(args)
    try:
        settings = _server_of(config)
        credentials = _joined(repository, settings)
        lines = [
            say(args, N_("clinic server: {url}"), url=settings.url),
            say(args, N_("clinic: {clinic}"), clinic=settings.clinic),
            say(args, N_("this device's role: {role}"), role=credentials.role),
        ]
        marks: dict[str, tuple[int, str]] = {}
        try:
            with _device(settings, credentials) as clinic_server:
                marks = clinic_server.marks(repository.device_id)
            answers = True
            lines.append(say(args, N_("the server answers")))
        except CliError as error:
            answers = False
            lines.append(say(args, N_("the server cannot be used now: {reason}"), reason=error))
        waiting = (
            N_("records waiting to be sent: {count}")
            if answers
            else N_("records waiting to be sent: up to {count} (the server's marks are not known)")
        )
        lines.append(say(args, waiting, count=repository.waiting(marks)))
        lines.append(_last_sync(args, repository))
    finally:
        repository.close()
    print("\n".join(lines))
    return 0 if answers else 1


def _last_sync(args: argparse.Namespace, repository: Repository) -> str:
    """When the last sync ran and what it did (or why it failed), from the log."""
    last = repository.last_sync()
    if last is None:
        return say(args, N_("last sync: never"))
    if not last.get("ok"):
        said = N_("last sync: {at}, failed: {reason}")
        return say(args, said, at=last.get("at"), reason=last.get("error"))
    said = N_("last sync: {at}, sent {sent}, taken {taken}, conflicts {conflicts}")
    conflicts = len(last.get("conflicts") or [])
    return say(
        args, said, at=last["at"], sent=last["sent"], taken=last["taken"], conflicts=conflicts
    )


# -- the parts ------------------------------------------------------------------------------


def _server_of(config: AppConfig) -> ServerConfig:
    """app.yaml's `server:`, checked; CliError when there is none or it cannot work."""
    settings = config.server
    if not settings.enabled:
        raise CliError(
            N_(
                "app.yaml has no server.url: put the clinic server's url and clinic under"
                " server: in {file} (see docs/server.md)"
            ),
            file=Path(config.config_dir) / "app.yaml",
        )
    return _checked(settings, "app.yaml")


def _checked(settings: ServerConfig, where: str) -> ServerConfig:
    try:
        settings.check()
    except ServerConfigError as error:
        raise CliError(N_("{where}: {error}"), where=where, error=error.args[0]) from None
    return settings


def _joined(repository: Repository, settings: ServerConfig) -> DeviceCredentials:
    """This device's stored role; CliError when it has not joined, or joined another clinic."""
    try:
        return stored_credentials(repository.data_dir, settings.clinic)
    except CredentialsError as error:
        raise CliError(error.args[0]) from None


def _checked_file(file: Path) -> DeviceCredentials:
    try:
        credentials = read_device_file(file)
    except CredentialsError as error:
        raise CliError(error.args[0]) from None
    _clinic_name(credentials.clinic)
    _checked(ServerConfig(url=credentials.url, clinic=credentials.clinic), str(file))
    return credentials


@contextmanager
def _speaking_to(url: str) -> Iterator[None]:
    """Every failure of the server, the driver or the clinic's schema as one CliError."""
    parts = urlsplit(url)
    where = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    try:
        yield
    except (ServerUnavailable, ServerSchemaError) as error:
        raise CliError(error.args[0]) from None
    except Exception as error:
        said = failure(error, where)
        if said is None:
            raise
        raise CliError(said) from None


@contextmanager
def _admin(url: str) -> Iterator[psycopg.Connection]:
    """A connection as the server's administrator, closed after."""
    with _speaking_to(url):
        connection = connect_admin(url)
        try:
            yield connection
        finally:
            connection.close()


@contextmanager
def _device(settings: ServerConfig, credentials: DeviceCredentials) -> Iterator[ClinicServer]:
    """The clinic's records through this device's role, closed after."""
    with _speaking_to(settings.url), opened(settings, credentials) as clinic_server:
        yield clinic_server


def _must_exist(connection: psycopg.Connection, clinic: str) -> None:
    if schema_version(connection, clinic) is None:
        raise CliError(
            N_("the server has no clinic {clinic}: make it with {command}"),
            clinic=clinic,
            command=f"`sensory-games server init {ADMIN_URL} --clinic {clinic}`",
        )


def _clinic_name(name: str) -> str:
    return _name(name, "--clinic")


def _name(name: str, option: str) -> str:
    if not CLINIC_NAME.fullmatch(name):
        raise CliError(
            N_("{key} = {value}: must be {allowed}"),
            key=option,
            value=repr(name),
            allowed=Sentence(N_("1 to 40 lower-case letters, digits or _, starting with a letter")),
        )
    return name


def _new_file(path: Path) -> int:
    """A new owner-only file at `path`, open for writing; CliError if one is there."""
    try:
        return os.open(path, new_file_flags(), 0o600)
    except FileExistsError:
        raise CliError(
            N_("{file} already exists: it is never written over; choose another with {option}"),
            file=path,
            option="--out",
        ) from None
    except OSError as error:
        raise CliError(
            N_("{file}: cannot be written ({reason})"), file=path, reason=error.strerror
        ) from None


def _without_user(url: str) -> str:
    """`url` without its user, password and options: what a device file names."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
