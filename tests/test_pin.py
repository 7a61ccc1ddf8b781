"""The adults' PIN: a salted scrypt hash only, and a keypad that locks after wrong PINs."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest

from sensory_games.domain.pin import (
    KeypadState,
    PinError,
    after_try,
    check_pin,
    hash_pin,
    pin_matches,
)

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def test_a_pin_is_stored_as_a_salted_scrypt_hash_only() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first.startswith("scrypt$16384$8$1$") and "2468" not in first
    assert first != second  # a fresh salt each time
    assert pin_matches("2468", first) and pin_matches("2468", second)
    assert not pin_matches("2469", first)
    assert not pin_matches("2468", "plain$2468") and not pin_matches("2468", "garbage")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", " 1234"])
def test_a_pin_is_4_to_8_plain_digits(pin: str) -> None:
    with pytest.raises(PinError, match="a PIN is 4 to 8 digits"):
        check_pin(pin)


def test_five_wrong_pins_lock_the_keypad_for_60_s_then_twice_as_long() -> None:
    state = KeypadState()
    for _ in range(4):
        state = after_try(state, False, NOW)
        assert state.locked_for_s(NOW) == 0
    state = after_try(state, False, NOW)  # the fifth
    assert state.locked_for_s(NOW) == 60 and state.locked_for_s(NOW + timedelta(seconds=45)) == 15
    later = NOW + timedelta(seconds=60)
    assert state.locked_for_s(later) == 0
    for _ in range(5):
        state = after_try(state, False, later)
    assert state.locked_for_s(later) == 120  # doubled
    for _ in range(5):
        state = after_try(state, False, later)
    assert state.locked_for_s(later) == 240
    assert after_try(state, True, later) == KeypadState()  # the right PIN clears it all


def test_the_longest_lock_is_a_day() -> None:
    state = KeypadState(0, 40, None)
    for _ in range(5):
        state = after_try(state, False, NOW)
    assert state.locked_for_s(NOW) == 24 * 3600


def test_the_pin_and_the_lockout_are_kept_and_a_new_pin_clears_the_lockout(repository) -> None:
    assert repository.pin_hash() is None and repository.keypad_state() == KeypadState()
    repository.set_pin_hash(hash_pin("1357"))
    locked = KeypadState(2, 1, NOW + timedelta(seconds=60))
    repository.set_keypad_state(locked)
    assert repository.keypad_state() == locked
    assert pin_matches("1357", repository.pin_hash())
    repository.set_pin_hash(hash_pin("8642"))  # a new PIN clears the lockout
    assert repository.keypad_state() == KeypadState()
    stored = [v for (v,) in repository.connection.execute("SELECT value FROM meta")]
    assert "8642" not in stored  # (only its salted hash: a hash's hex or a time stamp may
    assert all(not v.startswith("8642") for v in stored)  # hold the digits by chance)


def test_the_cli_sets_and_clears_the_pin(repository, capsys, monkeypatch) -> None:
    from sensory_games.cli import main

    repository.close()
    data = ["--data-dir", str(repository.data_dir)]
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2468\n"))
    assert main(["pin", "set", *data]) == 0
    assert "the PIN is set" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n2469\n"))
    assert main(["pin", "set", *data]) == 2
    assert "PIN not set: the two PINs differ" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n12\n"))
    assert main(["pin", "set", *data]) == 2
    assert "PIN not set: a PIN is 4 to 8 digits" in capsys.readouterr().err
    from sensory_games.storage import Repository

    reopened = Repository(repository.data_dir)
    assert pin_matches("2468", reopened.pin_hash())
    reopened.close()
    assert main(["pin", "clear", *data]) == 0
    reopened = Repository(repository.data_dir)
    assert reopened.pin_hash() is None
    reopened.close()
