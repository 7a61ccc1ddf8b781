"""The clinic server a device syncs with (app.yaml `server:`), and when TLS is required.

With `server.url` empty (the shipped default) the device keeps its log to itself, as it
always did. With a URL, the device sends its records to the clinic's PostgreSQL server
and takes the clinic's back (services/sync.py, docs/server.md). The device's own role and
password are not here: they are in `server-credentials` in the data folder, readable by
its owner only (`sensory-games server join`).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sensory_games.domain.language import N_
from sensory_games.domain.schema import Parameter, ParameterSchema
from sensory_games.domain.sentence import Sentence

#: How a connection is protected: auto (TLS required unless the server is on this
#: machine), require (encrypted), verify-full (encrypted, and the server's certificate
#: checked against ca_file and its name), off (only allowed for a server on this machine).
TLS_MODES = ("auto", "require", "verify-full", "off")
#: A clinic's name on the server: its schema is clinic_<name>.
CLINIC_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

SERVER_SCHEMA = ParameterSchema(
    Parameter(
        "url",
        "text",
        "",
        "Clinic server",
        "empty = this device keeps its records to itself; else postgresql://host:port/database",
    ),
    Parameter(
        "clinic",
        "text",
        "",
        "Clinic name on the server",
        "lower-case letters, digits and _ (the name given to `sensory-games server init`)",
    ),
    Parameter("tls", "choice", "auto", "Encryption", choices=TLS_MODES),
    Parameter(
        "ca_file",
        "text",
        "",
        "Certificate authority file",
        "the clinic's CA certificate (PEM), needed by tls: verify-full",
    ),
    Parameter(
        "sync_every_min",
        "float",
        5.0,
        "Sync every",
        "minutes between background syncs (and at the end of every session)",
        unit="min",
        minimum=1.0,
        maximum=120.0,
    ),
)


class ServerConfigError(ValueError):
    """The `server:` settings cannot be used; the message (a Sentence) says why."""


@dataclass(frozen=True)
class ServerConfig:
    """app.yaml `server:`; `url` "" means no server."""

    url: str = ""
    clinic: str = ""
    tls: str = "auto"
    ca_file: str = ""
    sync_every_min: float = 5.0

    @classmethod
    def of(cls, section: dict[str, Any]) -> ServerConfig:
        return cls(**section)

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    @property
    def schema(self) -> str:
        """The clinic's schema on the server."""
        return clinic_schema(self.clinic)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 5432

    def check(self) -> None:
        """ServerConfigError when the settings cannot work: a URL that is not
        postgresql://, a clinic name the server cannot have, TLS off or verify-full
        without its CA file for a server on another machine."""
        parts = urlsplit(self.url)
        if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
            raise ServerConfigError(
                Sentence(
                    N_("{key} = {value}: must be {allowed}"),
                    key="server.url",
                    value=repr(self.url),
                    allowed="postgresql://host:port/database",
                )
            )
        if parts.password:
            raise ServerConfigError(
                Sentence(
                    N_(
                        "{key}: a password does not belong in app.yaml; keep it in the data"
                        " folder with {command}"
                    ),
                    key="server.url",
                    command="`sensory-games server join`",
                )
            )
        if not CLINIC_NAME.fullmatch(self.clinic):
            raise ServerConfigError(
                Sentence(
                    N_("{key} = {value}: must be {allowed}"),
                    key="server.clinic",
                    value=repr(self.clinic),
                    allowed=N_("1 to 40 lower-case letters, digits or _, starting with a letter"),
                )
            )
        if self.tls == "off" and not is_this_machine(self.host):
            raise ServerConfigError(
                Sentence(
                    N_(
                        "{key} = off: only allowed for a server on this machine; {host} is"
                        " another one, so the connection must be encrypted (auto, require or"
                        " verify-full)"
                    ),
                    key="server.tls",
                    host=self.host,
                )
            )
        if self.tls == "verify-full" and not self.ca_file:
            raise ServerConfigError(
                Sentence(
                    N_("{key} = verify-full needs {other}: the clinic's CA certificate file"),
                    key="server.tls",
                    other="server.ca_file",
                )
            )

    def ssl_mode(self) -> str:
        """libpq's sslmode for these settings: TLS required for another machine."""
        if self.tls == "auto":
            return "prefer" if is_this_machine(self.host) else "require"
        if self.tls == "off":
            return "disable"
        return self.tls


def is_this_machine(host: str) -> bool:
    """Whether `host` is this machine: localhost, a loopback address or a socket folder."""
    if not host or host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def clinic_schema(clinic: str) -> str:
    """The schema of `clinic` on the server (a checked name: lower-case letters, digits, _)."""
    if not CLINIC_NAME.fullmatch(clinic):
        raise ValueError(f"not a clinic name: {clinic!r}")
    return f"clinic_{clinic}"
