"""This device's role and password on the clinic server, in its own owner-only file.

`sensory-games server add-device` (run by the clinic's IT) writes a device file; on the
device, `sensory-games server join FILE` checks it and keeps it as `server-credentials`
in the data folder, readable and writable by its owner only (0600), written whole or not
at all. The password is never in app.yaml, never printed, never in a log or an export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.storage.files import write_own_file

CREDENTIALS_NAME = "server-credentials"
CREDENTIALS_FORMAT = "sensory_games-server-device-1"


class CredentialsError(Exception):
    """A device file or the stored credentials cannot be used; args[0] says why."""


@dataclass(frozen=True)
class DeviceCredentials:
    url: str
    clinic: str
    role: str
    password: str

    def to_text(self) -> str:
        return (
            json.dumps(
                {
                    "format": CREDENTIALS_FORMAT,
                    "url": self.url,
                    "clinic": self.clinic,
                    "role": self.role,
                    "password": self.password,
                },
                indent=2,
            )
            + "\n"
        )


def read_device_file(path: Path) -> DeviceCredentials:
    """A device file (or the stored credentials); CredentialsError naming what is wrong."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CredentialsError(Sentence(N_("{file}: no such file"), file=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CredentialsError(
            Sentence(N_("{file}: not a device file ({reason})"), file=path, reason=error)
        ) from None
    fields = ("url", "clinic", "role", "password")
    if (
        not isinstance(document, dict)
        or document.get("format") != CREDENTIALS_FORMAT
        or not all(isinstance(document.get(name), str) and document[name] for name in fields)
    ):
        raise CredentialsError(
            Sentence(
                N_("{file}: not a device file (made by {command})"),
                file=path,
                command="`sensory-games server add-device`",
            )
        )
    return DeviceCredentials(*(document[name] for name in fields))


def stored_credentials(data_dir: Path, clinic: str | None = None) -> DeviceCredentials:
    """This device's credentials; CredentialsError when it has not joined a server, or
    joined another clinic than `clinic` (app.yaml's server.clinic)."""
    path = Path(data_dir) / CREDENTIALS_NAME
    if not path.exists():
        raise CredentialsError(
            Sentence(
                N_(
                    "this device has not joined the clinic server: ask the clinic's IT for its"
                    " device file and run {command}"
                ),
                command="`sensory-games server join FILE`",
            )
        )
    credentials = read_device_file(path)
    if clinic is not None and credentials.clinic != clinic:
        raise CredentialsError(
            Sentence(
                N_(
                    "app.yaml's server.clinic is {clinic}, but this device joined clinic"
                    " {joined}: correct app.yaml, or join {clinic} with its device file"
                    " ({command})"
                ),
                clinic=clinic,
                joined=credentials.clinic,
                command="`sensory-games server join FILE`",
            )
        )
    return credentials


def store_credentials(data_dir: Path, credentials: DeviceCredentials) -> Path:
    """Keep the credentials in the data folder (owner-only); returns the file."""
    path = Path(data_dir) / CREDENTIALS_NAME
    write_own_file(path, credentials.to_text())
    return path
