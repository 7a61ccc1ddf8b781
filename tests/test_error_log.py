"""errors.log keeps every warning the adult was told, once, so the adult menu (which lists
only the latest that fit) can send the adult there for the rest; an internal error is
written in full once and then counted, with no extra line about its own warning."""

from __future__ import annotations

from pathlib import Path

from sensory_games.domain.language import N_, words
from sensory_games.domain.sentence import Sentence
from sensory_games.services.error_log import ERRORS_LOG_BYTES, MAX_WARNINGS_WRITTEN, ErrorLog


def test_each_warning_is_listed_and_written_to_errors_log_once(tmp_path: Path) -> None:
    log = ErrorLog(tmp_path)
    for _ in range(3):
        log.warn("the audit list could not be written")
    log.warn("the picture tile-drum.svg is broken")
    log.warn("the audit list could not be written")  # (said again later: listed again)
    assert log.warnings == [
        "the audit list could not be written",
        "the picture tile-drum.svg is broken",
        "the audit list could not be written",
    ]
    text = log.path.read_text(encoding="utf-8")
    assert text.count("the audit list could not be written") == 1
    assert text.count("the picture tile-drum.svg is broken") == 1
    assert log.path.stat().st_mode & 0o077 == 0  # owner-only, as before


def test_a_warning_is_written_in_english_and_listed_to_be_said_in_the_clinics_words(
    tmp_path: Path,
) -> None:
    log = ErrorLog(tmp_path)
    warning = Sentence(N_("the mastery rule could not be applied ({error})"), error="x")
    log.warn(warning)
    assert "the mastery rule could not be applied (x)" in log.path.read_text(encoding="utf-8")
    assert log.warnings[-1].said(words("es")) != str(warning)  # (the menu translates it)


def test_what_the_log_said_when_opened_is_written_too(tmp_path: Path) -> None:
    log = ErrorLog(tmp_path, ["the log was recovered from a crash: 2 records kept aside"])
    assert log.warnings == ["the log was recovered from a crash: 2 records kept aside"]
    assert "2 records kept aside" in log.path.read_text(encoding="utf-8")


def test_a_recorded_note_is_written_once_and_not_listed(tmp_path: Path) -> None:
    log = ErrorLog(tmp_path)
    log.record("the export failed: disk full")
    log.record("the export failed: disk full")
    assert log.warnings == []
    assert log.path.read_text(encoding="utf-8").count("the export failed: disk full") == 1


def test_an_internal_error_is_written_once_with_no_line_about_its_warning(
    tmp_path: Path,
) -> None:
    log = ErrorLog(tmp_path)
    trace = 'Traceback (most recent call last):\n  File "x.py", line 1\nRuntimeError: boom\n'
    for _ in range(10):
        log.log_error(trace)
    text = log.path.read_text(encoding="utf-8")
    assert text.count("Traceback") == 1 and "(x10) RuntimeError: boom" in text
    assert "an internal error" not in text  # (the warnings about it are only listed)
    assert log.warnings[-1].startswith("an internal error came back 10 times")


def test_a_problem_told_again_is_not_warned_again(tmp_path: Path) -> None:
    log = ErrorLog(tmp_path)
    log.tell_problems(["screens.po is broken", "tile-drum.svg is broken"])
    log.warn("something else")
    log.tell_problems(["screens.po is broken"])
    assert log.warnings == ["screens.po is broken", "tile-drum.svg is broken", "something else"]
    assert log.path.read_text(encoding="utf-8").count("screens.po is broken") == 1


def test_a_problem_is_said_once_even_after_the_write_cap(tmp_path: Path) -> None:
    log = ErrorLog(tmp_path)
    for number in range(MAX_WARNINGS_WRITTEN):
        log.record(f"the export failed: {number}")
    log.tell_problems(["screens.po is broken"])
    log.warn("something else")
    log.tell_problems(["screens.po is broken", "tile-drum.svg is broken"])
    log.tell_problems(["screens.po is broken"])
    assert log.warnings == ["screens.po is broken", "something else", "tile-drum.svg is broken"]
    assert not log.all_written  # (past the cap: errors.log does not have them)
    assert "screens.po" not in log.path.read_text(encoding="utf-8")


def test_a_start_up_notice_already_in_errors_log_is_not_written_again(tmp_path: Path) -> None:
    """Derived again at every launch: listed for the adult each time, written once."""
    notice = Sentence(N_("the log could not use WAL journaling (got {mode})"), mode="delete")
    for _launch in range(3):
        log = ErrorLog(tmp_path, [notice, "the log was recovered from a crash"])
        assert log.warnings == [notice, "the log was recovered from a crash"]
    text = log.path.read_text(encoding="utf-8")
    assert text.count("the log could not use WAL journaling (got delete)") == 1
    assert text.count("the log was recovered from a crash") == 1
    ErrorLog(tmp_path, ["the log was recovered from a crash: 2 records kept aside"])
    assert "2 records kept aside" in log.path.read_text(encoding="utf-8")  # (a new one)


def test_errors_log_says_when_it_could_not_take_everything(tmp_path: Path) -> None:
    unwritable = ErrorLog(tmp_path / "a")
    (tmp_path / "a").mkdir()
    unwritable.path.mkdir()  # (a folder where the file should be)
    unwritable.warn("the audit list could not be written")
    assert not unwritable.all_written and unwritable.warnings
    full = ErrorLog(tmp_path)
    full.path.write_text("x" * (ERRORS_LOG_BYTES + 1), encoding="utf-8")
    full.record("the export failed: disk full")
    assert not full.all_written
    errors = ErrorLog(tmp_path / "a")
    errors.log_error("Traceback (most recent call last):\nRuntimeError: boom\n")
    assert not errors.all_written
