"""errors.log keeps every warning the adult was told, once, so the adult menu (which lists
only the latest that fit) can send the adult there for the rest; an internal error is
written in full once and then counted, with no extra line about its own warning."""

from __future__ import annotations

from pathlib import Path

from sensory_games.domain.language import N_, words
from sensory_games.domain.sentence import Sentence
from sensory_games.services.error_log import ErrorLog


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
