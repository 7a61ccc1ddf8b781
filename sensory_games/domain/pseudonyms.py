"""Pseudonyms for exports that leave the clinic: a stable code per child, never the name.

A child's code is ``C-`` and 10 characters of HMAC-SHA256(clinic secret, profile id) in
base 32 (50 bits): the same child gets the same code in every export made with the same
secret, renaming the child keeps it, and without the secret nobody can tell which code is
whose (not even by trying every name: the code is made from the random profile id, not
the name). The secret is 32 random bytes in ``clinic-secret`` in the data folder, made on
first use, readable by its owner only. Kiosks that should give a child the same code copy
that file between their data folders (docs/export.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

SECRET_NAME = "clinic-secret"
SECRET_BYTES = 32
CODE_PREFIX = "C-"
CODE_LENGTH = 10


class SecretError(Exception):
    """The clinic secret exists but cannot be used; the message says why."""


def clinic_secret(data_dir: Path) -> bytes:
    """This data folder's secret, made (owner-readable only) the first time it is needed."""
    path = Path(data_dir) / SECRET_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(SECRET_BYTES) + "\n")
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != SECRET_BYTES:
        raise SecretError(
            Sentence(
                N_(
                    "{file}: not a clinic secret (must be {digits} hex digits); it was left as"
                    " it is: restore it from a backup, or move it away to make a new one"
                    " (codes in earlier pseudonymised exports will then no longer match)"
                ),
                file=path,
                digits=SECRET_BYTES * 2,
            )
        )
    return secret


class Pseudonyms:
    """profile id -> the child's code under one clinic secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._codes: dict[str, str] = {}

    def __call__(self, profile_id: str) -> str:
        code = self._codes.get(profile_id)
        if code is None:
            digest = hmac.new(self._secret, profile_id.encode("utf-8"), hashlib.sha256).digest()
            code = CODE_PREFIX + base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]
            self._codes[profile_id] = code
        return code
