"""The adults' PIN: stored only as a salted scrypt hash, with a keypad lockout.

- A PIN is 4 to 8 digits (typed on a big keypad with one hand).
- Stored as `scrypt$16384$8$1$<salt>$<hash>` (hashlib.scrypt, 16 random bytes of salt,
  32 bytes of hash, base 64); never the PIN itself, never logged.
- 5 wrong PINs in a row lock the keypad for 60 s; each further lockout doubles it (120 s,
  240 s, ... at most a day). A right PIN clears the count. The hash and the lockout are
  kept in their own file beside the log (storage/pin_store.py), so neither closing the
  app nor a damaged log resets them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

PIN_DIGITS = (4, 8)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
WRONG_BEFORE_LOCK = 5
FIRST_LOCK_S = 60.0
LONGEST_LOCK_S = 24 * 3600.0


class PinError(ValueError):
    """A PIN that may not be used; the message says why."""


def check_pin(pin: str) -> str:
    """`pin` if it is 4 to 8 digits, else PinError."""
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise PinError(Sentence(N_("a PIN is {low} to {high} digits"), low=low, high=high))
    return pin


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=HASH_BYTES
    )


def hash_pin(pin: str) -> str:
    """The stored form of a new PIN (a fresh random salt each time)."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(check_pin(pin), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$"
        f"{encode(salt).decode('ascii')}${encode(digest).decode('ascii')}"
    )


def is_pin_hash(stored: object) -> bool:
    """Whether `stored` has the form hash_pin writes (scrypt, its three cost numbers, a
    16-byte salt and a 32-byte hash in base 64); says nothing about which PIN it is."""
    if not isinstance(stored, str):
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    if not all(cost.isascii() and cost.isdigit() for cost in parts[1:4]):
        return False
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    return len(salt) == SALT_BYTES and len(digest) == HASH_BYTES


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the PIN `stored` was made from (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = _scrypt(check_pin(pin), base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


@dataclass(frozen=True)
class KeypadState:
    """Wrong PINs so far, lockouts so far, and until when the keypad is locked (UTC)."""

    wrong: int = 0
    lockouts: int = 0
    locked_until: datetime | None = None

    def locked_for_s(self, now: datetime) -> float:
        """Seconds the keypad stays locked (0: open)."""
        if self.locked_until is None:
            return 0.0
        return max(0.0, (self.locked_until - now).total_seconds())


def after_try(state: KeypadState, right: bool, now: datetime) -> KeypadState:
    """The keypad's state after one PIN was tried at `now` (call only while open)."""
    if right:
        return KeypadState()
    wrong = state.wrong + 1
    if wrong < WRONG_BEFORE_LOCK:
        return replace(state, wrong=wrong)
    lock_s = min(LONGEST_LOCK_S, FIRST_LOCK_S * 2**state.lockouts)
    return KeypadState(0, state.lockouts + 1, now + timedelta(seconds=lock_s))
