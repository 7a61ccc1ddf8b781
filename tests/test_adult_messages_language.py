"""What the log, the alias checks, dates and the clinic secret say to an adult is in the
clinic's language wherever it is shown (here: the command line, app.yaml clinic.language),
while str() of each error stays English for logs; file names, keys and values as typed."""

from __future__ import annotations

import argparse
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from test_cli_language import _clinic as clinic_folder
from test_cli_language import _no_language_chosen  # noqa: F401  (autouse: no $LANGUAGE)

from sensory_games.cli import main
from sensory_games.cli.clinic_language import LANGUAGE_ENV
from sensory_games.cli.columns import NO_BREAK_BEFORE, columns, wrap
from sensory_games.domain.aliases import normalise_alias, refuse_look_alike, typed_alias
from sensory_games.domain.config import ExportConfig
from sensory_games.domain.language import words
from sensory_games.domain.schema import SchemaError
from sensory_games.domain.sentence import render
from sensory_games.storage import Repository, StorageError
from sensory_games.storage.opening import DATABASE_NAME, LOCK_WAIT_ENV


def _clinic(tmp_path: Path, language: str) -> Path:
    return clinic_folder(tmp_path, f"clinic:\n  language: {language}\n")


def test_a_damaged_log_moved_aside_is_a_note_in_the_clinic_language(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / DATABASE_NAME).write_bytes(b"not a database at all, just words" * 40)
    common = ["--data-dir", str(data), "--config-dir", str(_clinic(tmp_path, "es"))]
    assert main(["profiles", "list", *common]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"sensory-games: nota: no se pudo leer el registro {DATABASE_NAME} (")
    assert "; se movió a sensory_games.db.damaged-" in err
    assert err.rstrip().endswith(" y se empezó un registro nuevo")
    assert err.count("\n") == 1


def test_a_storage_error_is_one_line_in_the_clinic_language(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOCK_WAIT_ENV, "soon")
    common = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(_clinic(tmp_path, "ar"))]
    assert main(["profiles", "list", *common]) == 2
    assert capsys.readouterr().err == (
        f"sensory-games: {LOCK_WAIT_ENV}='soon': يجب أن يكون عددًا من الثواني، من 0 إلى 3600\n"
    )
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        Repository(blocked / "data")
    assert str(caught.value).endswith("is a file, not a folder (choose another with --data-dir)")
    assert render(caught.value, words("es")) == (
        f"no se puede usar {blocked / 'data'} como carpeta de datos: {blocked} es un archivo,"
        " no una carpeta (elija otra con --data-dir)"
    )


def test_a_read_only_log_says_why_in_the_clinic_language(repository: Repository) -> None:
    repository.read_only_reason = "the data folder /media/backup is read-only"
    repository.read_only = True
    with pytest.raises(StorageError) as caught:
        repository.add_profile({"alias": "Mia"})
    assert render(caught.value, words("zh")).startswith(
        "the data folder /media/backup is read-only：无法向其日志保存任何内容"
    )


def test_alias_refusals_are_said_in_the_clinic_language(
    tmp_path: Path, data_dir: Path, capsys
) -> None:
    common = ["--data-dir", str(data_dir), "--config-dir", str(_clinic(tmp_path, "es"))]
    assert main(["profiles", "add", "Sam", *common]) == 0
    capsys.readouterr()
    assert main(["profiles", "add", "SAM", *common]) == 2
    assert capsys.readouterr().err == "sensory-games: alias = 'SAM': ya lo usa otro perfil\n"
    assert main(["profiles", "add", "\u0405am", *common]) == 2  # a Cyrillic capital dze
    assert capsys.readouterr().err == (
        "sensory-games: alias = 'Ѕam': se parece a 'Sam', que ya está aquí;"
        " elija un alias claramente distinto\n"
    )
    with pytest.raises(SchemaError) as caught:
        typed_alias("Maximilian-Benedikt-Alexander")
    assert render(caught.value, words("ar")).startswith(
        "alias = 'Maximilian-Benedikt-Alexander': يجب ألا يزيد على 20 حرفًا"
    )
    with pytest.raises(SchemaError) as caught:
        normalise_alias("Mi\u200ba")
    assert render(caught.value, words("es")) == (
        "alias = 'Mi\\u200ba': debe ser texto sencillo: U+200B ZERO WIDTH SPACE es un carácter"
        " invisible; use letras, signos diacríticos, dígitos, puntuación y espacios simples"
    )
    assert "U+200B ZERO WIDTH SPACE is an invisible character" in str(caught.value)
    with pytest.raises(SchemaError) as caught:
        refuse_look_alike(
            "Ana",
            ["Αna"],
            advice="import this child under a clearly different alias with --as NEW_ALIAS",
        )
    assert render(caught.value, words("zh")).endswith(
        "请用 --as NEW_ALIAS 以一个明显不同的昵称导入这个孩子"
    )


def test_a_date_and_a_clinic_secret_are_refused_in_the_adults_language(
    tmp_path: Path, data_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "es")  # dates are read before the configuration
    common = ["--data-dir", str(data_dir), "--config-dir", str(_clinic(tmp_path, "es"))]
    assert main(["export", *common, "--since", "2026-02-30", "--out", str(tmp_path / "a")]) == 2
    assert capsys.readouterr().err == "sensory-games: --since '2026-02-30': esa fecha no existe\n"
    assert main(["export", *common, "--until", "yesterday", "--out", str(tmp_path / "a")]) == 2
    assert capsys.readouterr().err == (
        "sensory-games: --until 'yesterday': debe ser una fecha como 2026-11-27 o una hora UTC"
        " como 2026-11-27T09:30:00Z\n"
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "clinic-secret").write_text("not hex\n", encoding="ascii")
    out = tmp_path / "codes.csv"
    assert main(["export", *common, "--pseudonymize", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sensory-games: {data_dir / 'clinic-secret'}: no es un secreto de")
    assert "(debe tener 64 dígitos hexadecimales)" in err and err.count("\n") == 1


def test_the_adult_menu_export_writes_its_report_and_says_so_in_the_clinic_language(
    config, clock, repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import run_frames, tap_rect
    from records import fill_device

    from sensory_games.engine.app import App
    from sensory_games.engine.scenes.adult_menu import AdultMenuScene
    from sensory_games.services import report

    asked: list[str] = []
    real = report.write_report

    def write_report(repository: Repository, request: report.ReportRequest, out: Path) -> None:
        asked.append(request.language)
        real(repository, request, out)

    monkeypatch.setattr(report, "write_report", write_report)
    mia = fill_device(repository, "Mia")
    clinic = replace(config, language="ar", export=ExportConfig("point", "comma", "UTC"))
    app = App(clinic, repository, clock, window_size=(1280, 800), headless=True)
    app.stage.start_session(mia)
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    [button] = [b for b in menu.menu if b.label == words("ar").tr("Export")]
    tap_rect(app, clock, button.rect)
    run_frames(app, clock, 0.2)
    [folder] = (repository.data_dir / "exports").iterdir()
    assert asked == ["ar"] and (folder / "report.pdf").stat().st_size > 0
    assert menu.notes == [  # (the folder isolated left to right: its "/" first on screen)
        f"صُدِّرت 4 محاولات إلى \u2066{folder}\u2069 (attempts.csv, attempts-excel.csv,"
        " attempts.json, check-ins.csv, report.pdf)"
    ]
    [entry] = repository.audit_entries()  # the audit list keeps the English, as data
    assert entry.detail.startswith("4 attempts exported to ")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["profiles", "add"], "error: faltan los siguientes argumentos obligatorios: ALIAS"),
        (["export", "--format", "xml"], "error: argumento --format: opción no válida: 'xml'"),
        (["profiles", "list", "--bogus"], "error: argumentos no reconocidos: --bogus"),
    ],
)
def test_argparse_errors_are_in_the_language_of_the_environment(
    capsys, monkeypatch: pytest.MonkeyPatch, argv: list[str], said: str
) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "es")
    with pytest.raises(SystemExit) as done:
        main(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.startswith("uso: sensory-games ")
    assert said in err.splitlines()[-1] and "Traceback" not in err
    assert argparse._("expected one argument") == "expected one argument"  # put back


def test_a_dash_value_hint_is_translated_too(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "ar")
    with pytest.raises(SystemExit):
        main(["profiles", "add", "-Ana"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "sensory-games profiles add: خطأ: الوسائط التالية مطلوبة: ALIAS (-Ana: الكلمة التي تبدأ"
        " بشرطة تُقرأ خيارًا؛ لتعني بها قيمة، اكتب: sensory-games profiles add -- -Ana)"
    )


def test_chinese_help_is_wrapped_by_display_columns(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "zh")
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["--help"])
    lines = capsys.readouterr().out.splitlines()
    assert max(columns(line) for line in lines) <= 80
    description = lines[lines.index("") + 1 : lines.index("选项:") - 1]
    assert len(description) >= 2 and columns(description[0]) > 70  # wrapped, and full
    assert "".join(description).startswith("用于诊所平板电脑和自助终端的感觉调节游戏。")
    assert not any(line.lstrip()[:1] in NO_BREAK_BEFORE for line in lines if line.strip())


def test_wrapping_by_columns_keeps_words_and_closing_marks_with_their_text() -> None:
    text = "可以用 --data-dir 选择另一个文件夹，导出为 CSV 或 JSON。Nguyễn 和 山田"
    lines = wrap(text, 12)
    assert all(columns(line) <= 12 for line in lines)
    assert "--data-dir" in lines and "JSON。Nguyễn" in lines  # never split inside a word
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    english = "the log is read-only, so nothing can be saved to it"
    assert wrap(english, 20) == textwrap.wrap(english, 20)  # unchanged without wide text


def test_merge_says_what_it_did_and_its_conflicts_in_the_clinic_language(
    tmp_path: Path, capsys
) -> None:
    from records import fill_device

    from sensory_games.services.export import write_export

    kiosk, here = Repository(tmp_path / "kiosk"), Repository(tmp_path / "here")
    fill_device(kiosk, "Mia")
    here.add_profile(alias="Mia", animal="owl", colour=1)  # another child called Mia
    good, bad = tmp_path / "a.json", tmp_path / "bad.json"
    write_export(kiosk, "json", good, samples=True)
    kiosk.close()
    here.close()
    bad.write_text("{", encoding="utf-8")
    folder = _clinic(tmp_path, "es")
    common = ["--data-dir", str(tmp_path / "here"), "--config-dir", str(folder)]
    assert main(["merge", str(good), str(bad), *common]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{good}: añade 1 perfil, 1 sesión, 1 intento"
    assert (
        lines[1]
        == "  no fusionado (vea los conflictos): 2 sesiones, 4 intentos, 2 registros de ánimo"
    )
    assert lines[2].startswith(
        "  conflicto: el perfil 'Mia' del otro dispositivo es un niño distinto de 'Mia' de aquí"
    )
    assert lines[2].endswith(
        "ejecute `sensory-games merge` de nuevo con --match-alias; si no, cambie antes el"
        " nombre de uno de ellos"
    )
    assert err == (
        f"sensory-games: {bad}: no es ni una exportación JSON ni una base de datos de"
        " sensory_games (Expecting property name enclosed in double quotes: line 1 column 2"
        " (char 1))\n"
    )
    [entry] = [e for e in Repository(tmp_path / "here").audit_entries() if e.action == "merge"]
    assert entry.detail.startswith(f"{good}: added 1 profile, 1 session, 1 attempt; ")


def test_autoplay_lines_are_in_the_clinic_language(tmp_path: Path, capsys) -> None:
    common = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(_clinic(tmp_path, "es"))]
    argv = ["autoplay", "--headless", "--activity", "bubbles", "--level", "1", "--attempts", "1"]
    assert main([*argv, "--seed", "5", *common]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("intento guardado ") and " bubbles nivel 1: " in lines[0]
    assert ", precisión " in lines[0]
    assert lines[-1] == (f"1 intento guardado para Autoplay en {tmp_path / 'data' / DATABASE_NAME}")
    assert main([*argv, "--level", "99", *common]) == 2
    assert capsys.readouterr().err.startswith(
        "sensory-games: --level 99: bubbles tiene los niveles 1 a "
    )


@pytest.mark.usefixtures("layout_check_on_the_sample")
def test_layout_check_and_the_safety_verdict_say_their_verdicts_in_the_adults_language(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sensory_games.domain.safety import Verdict

    monkeypatch.setenv(LANGUAGE_ENV, "zh")
    assert main(["layout-check", "--screen", "800x480@130dpi", "--view", "keypad"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("800x480@130dpi") and out[0].endswith(" 个界面：没有问题")
    assert out[-1].startswith("layout-check: ")
    assert out[-1].endswith("个界面，全部规则均满足")
    assert main(["layout-check", "--screen", "1x1"]) == 2
    assert capsys.readouterr().err == (
        "sensory-games: --screen '1x1'：请给出 WIDTHxHEIGHT@DPIdpi（1280x800@220dpi）或矩阵中的"
        "一个尺寸（1280x800）\n"
    )
    verdict = Verdict(
        general_field=4, red_field=0, general_anywhere=8, red_anywhere=0, worst_at_s=1.25, frames=90
    )
    assert str(verdict.describe()).startswith("FAIL: worst second at 1.25 s has 8 luminance")
    assert render(verdict.describe(), words("es")).startswith(
        "FALLO: el peor segundo, en 1.25 s, tiene 8 transiciones de luminancia"
    )
