"""What goes wrong is said to an adult in the clinic's language, whole: an error put into a
translated text is said in that language too (not in its English), the console and the
adult menu show errors and warnings in the clinic's words, the command line's argument
checks, headings and counts are translated with real plurals, and a language says each
text one way in every area of the app (or the text has a context)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers import enter_pin, hold
from test_cli_language import _clinic as clinic_folder
from test_cli_language import _no_language_chosen  # noqa: F401  (autouse: no $LANGUAGE)

from sensory_games.activities import activity_class
from sensory_games.cli import main
from sensory_games.cli.clinic_language import LANGUAGE_ENV
from sensory_games.domain.language import N_, NC_, words
from sensory_games.domain.sentence import Listed, Sentence, render
from sensory_games.engine.app import App
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.widgets import select
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.services.child_session import _waiting
from sensory_games.services.plans import PlanStep, with_step
from sensory_games.storage import StorageError

#: A log error as the storage layer raises it: English inside, said in any language.
UNREADABLE = Sentence(N_("the log {file} could not be read ({error})"), file="x.db", error="EIO")


def _app(config, repository, clock, language: str, **kwargs: object) -> App:
    clinic = dataclasses.replace(config, language=language)
    return App(clinic, repository, clock, window_size=(1280, 800), headless=True, **kwargs)


def test_an_error_put_into_a_translated_text_is_said_in_that_language() -> None:
    said = words("es")
    error = StorageError(UNREADABLE)
    assert str(error) == "the log x.db could not be read (EIO)"  # (logs stay English)
    assert said.tr("Nothing saved: {error}", error=error) == (
        "No se guardó nada: no se pudo leer el registro x.db (EIO)"
    )
    assert said.tr("Nothing saved: {error}", error=UNREADABLE).endswith("registro x.db (EIO)")
    listed = Listed((UNREADABLE, "b.db"))  # (anything that renders itself)
    assert said.tr("Nothing saved: {error}", error=listed) == (
        "No se guardó nada: no se pudo leer el registro x.db (EIO), b.db"
    )
    counted = words("ar").tr_n("{count} attempt", "{count} attempts", 2, count=2)
    assert counted == "2 محاولتان"  # (a number keeps its value and its format)
    assert said.tr("{count} left", count=3) == "3 left"


def test_a_path_in_a_right_to_left_sentence_is_isolated_left_to_right_on_screen() -> None:
    """A folder's path in an Arabic sentence reads as a path (its leading "/" first) on
    every screen the app draws; a terminal, a log or a file gets the bare path (a person
    copies it, a program reads it, a cp1256 console cannot write U+2066), and English as
    it is."""
    from sensory_games.domain.bidi import LRI, PDI, visual_runs
    from sensory_games.domain.language import screen_words
    from sensory_games.services.session_export import FOLDER_PROBLEMS

    folder = Path("/media/usb-stick/exports")
    problem = Sentence(FOLDER_PROBLEMS[2], folder=folder)  # (ENOENT)
    on_screen = problem.said(screen_words("ar"))
    assert f"{LRI}{folder}{PDI}" in on_screen
    assert (str(folder), False) in visual_runs(on_screen, True)  # (one run, "/" first)
    in_a_terminal = problem.said(words("ar"))
    assert str(folder) in in_a_terminal and LRI not in in_a_terminal
    assert str(problem).startswith(f"{folder} is not there") and LRI not in str(problem)
    assert LRI not in problem.said(screen_words("es"))


def test_the_command_line_prints_a_path_in_arabic_as_it_is(tmp_path: Path, capsys) -> None:
    from sensory_games.domain.bidi import ISOLATE_CONTROLS

    folder = clinic_folder(tmp_path, "clinic:\n  language: ar\n")
    assert main(["config", "show", "--config-dir", str(folder)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert str(folder) in first and not set(first) & ISOLATE_CONTROLS, repr(first)


def test_the_console_plans_page_refuses_in_the_clinics_language(config, repository, clock) -> None:
    app = _app(config, repository, clock, "es")
    console = ConsoleScene(app.stage, "plans")
    app.push(console)
    app.frame()
    page = console.page
    title = words("es").tr(activity_class("bubbles").title)
    select(page.activity, title)
    select(page.level, "9")  # (the menu runs to the longest activity's last level)
    page.add_current()
    assert page.status.text == f"{title} tiene los niveles 1 a 6" and page.steps == []
    page.name.set_text("tarde")
    page.save_current()
    assert page.status.text == "Primero añada un paso: un plan tiene de 1 a 30 pasos"
    page.name.set_text("Tarde!")
    select(page.level, "2")
    page.add_current()
    page.save_current()
    assert page.status.text.startswith("nombre de plan 'Tarde!': use de 1 a 40 letras")


def test_a_plan_refused_is_english_in_str_and_arabic_when_rendered() -> None:
    with pytest.raises(ValueError) as refused:
        with_step([], PlanStep("bubbles", 9, 2.0), {"bubbles": 6})
    assert str(refused.value) == "bubbles has levels 1 to 6"
    assert render(refused.value, words("ar")) == "لـ bubbles المستويات من 1 إلى 6"


def test_a_pin_that_could_not_be_saved_is_warned_of_in_the_clinics_words(
    config, repository, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk = _app(config, repository, clock, "es", kiosk=True)
    kiosk.push(ProfilePickerScene(kiosk.stage))

    def refuse(_hash: str) -> None:
        raise StorageError(UNREADABLE)

    monkeypatch.setattr(repository, "set_pin_hash", refuse)
    hold(kiosk, clock, kiosk.metrics.width_mm - 4, 4, seconds=3.2)
    enter_pin(kiosk, clock, "2580")
    enter_pin(kiosk, clock, "2580")
    assert isinstance(kiosk.top, AdultMenuScene)
    warning = "no se pudo guardar el PIN (no se pudo leer el registro x.db (EIO))"
    assert kiosk.stage.errors.warnings[-1] == warning
    assert warning in " ".join(line for line, _y in kiosk.top.note_lines())


def test_the_child_sessions_warnings_are_shown_in_the_clinics_words(
    config, repository, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _app(config, repository, clock, "ar")

    def refuse(*_args: object) -> None:
        raise StorageError(UNREADABLE)

    monkeypatch.setattr(repository, "audit", refuse)
    app.child.audit("export", "csv")
    warning = app.stage.errors.warnings[-1]
    assert warning == "the audit list could not be written (the log x.db could not be read (EIO))"
    app.push(AdultMenuScene(app.stage))
    shown = " ".join(line for line, _y in app.top.note_lines())
    assert "تعذّرت الكتابة في قائمة التدقيق (تعذّرت قراءة السجل x.db (EIO))" in shown
    assert "could not" not in shown


@pytest.mark.parametrize(
    ("attempts", "check_ins", "spanish", "arabic"),
    [
        (1, 0, "1 intento", "1 محاولة"),
        (2, 1, "2 intentos y 1 registro de ánimo", "2 محاولتان و1 تسجيل شعور"),
        (0, 3, "3 registros de ánimo", "3 تسجيلات شعور"),
    ],
)
def test_what_waits_for_the_log_is_counted_in_words(
    attempts: int, check_ins: int, spanish: str, arabic: str
) -> None:
    waiting = _waiting(attempts, check_ins)
    assert render(waiting, words("es")) == spanish
    assert render(waiting, words("ar")) == arabic
    assert "(s)" not in waiting


def _language(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, language)


def test_an_option_refused_is_said_in_the_language_of_the_environment(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    _language(monkeypatch, "es")
    with pytest.raises(SystemExit):
        main(["--windowed", "big"])
    assert "'big': debe tener la forma 1280x800" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["autoplay", "--skill", "2"])
    assert "2: debe estar entre 0 y 1" in capsys.readouterr().err


def test_the_examples_of_a_commands_help_are_translated(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    _language(monkeypatch, "zh")
    with pytest.raises(SystemExit):
        main(["profiles", "add", "--help"])
    out = capsys.readouterr().out
    assert "\n示例：\n" in out and "examples:" not in out
    assert "含空格的别名要加引号" in out
    assert "sensory-games profiles add 'Anne Marie'" in out  # (the command as typed)
    assert "以短横线开头的别名放在最后" in out  # (an example added by the parser)


def test_an_empty_audit_list_and_a_count_are_said_with_real_plurals(tmp_path: Path, capsys) -> None:
    common = ["--data-dir", str(tmp_path / "data")]
    common += ["--config-dir", str(clinic_folder(tmp_path, "clinic:\n  language: es\n"))]
    assert main(["audit", *common]) == 0
    assert capsys.readouterr().out == "todavía no hay nada en la lista de auditoría\n"
    out_file = tmp_path / "none.csv"
    assert main(["export", *common, "--out", str(out_file)]) == 0
    assert capsys.readouterr().out == f"En {out_file.resolve()}: 0 intentos\n"


def test_a_report_with_a_wrong_extension_and_an_unknown_language_are_refused_in_arabic(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    common = ["--data-dir", str(tmp_path / "data")]
    common += ["--config-dir", str(clinic_folder(tmp_path, "clinic:\n  language: ar\n"))]
    assert main(["profiles", "add", "Sam", *common]) == 0
    capsys.readouterr()
    assert main(["report", "--profile", "Sam", "--out", str(tmp_path / "sam.docx"), *common]) == 2
    err = capsys.readouterr().err
    assert "يُكتب التقرير بصيغة" in err and "وليس '.docx'" in err and "report is" not in err
    _language(monkeypatch, "ar")
    assert main(["layout-check", "--language", "fr", "--screen", "800x480@130dpi"]) == 2
    err = capsys.readouterr().err
    assert "'fr' ليست لغة مضمّنة" in err and "shipped" not in err


def test_a_preset_and_a_feeling_called_calm_keep_their_own_words() -> None:
    spanish = words("es")
    assert spanish.tr(NC_("sensory preset", "calm")) == "tranquilo"
    assert spanish.tr("calm") == "en calma"  # (the check-in's feeling)
    assert NC_("sensory preset", "calm") == "calm"  # (the key the code and log use)
    assert words("ar").tr(NC_("dominant hand", "unknown")) == "غير معروفة"
    assert words("ar").tr("unknown") == "غير معروف"


def test_the_console_profiles_page_refuses_an_alias_in_the_clinics_language(
    config, repository, clock
) -> None:
    app = _app(config, repository, clock, "es")
    console = ConsoleScene(app.stage)
    app.push(console)
    app.frame()
    page = console.page
    page.alias.set_text("Ana\u200bMaria")
    page.save_profile()
    assert page.status.text.startswith("alias = 'Ana\\u200bMaria': debe ser texto sencillo: ")
    assert "must be" not in page.status.text and repository.profile_by_alias("Ana") is None
