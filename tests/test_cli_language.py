"""The command line speaks the clinic's language: app.yaml clinic.language once the
configuration is read, $SENSORY_GAMES_LANGUAGE before that (a broken app.yaml, --help),
English otherwise; keys, values, file names and commands stay as typed."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sensory_games.cli import main
from sensory_games.cli.clinic_language import LANGUAGE_ENV, words_before_config
from sensory_games.domain.config import ConfigError, load_app_config
from sensory_games.domain.language import N_, words
from sensory_games.domain.schema import SchemaError
from sensory_games.domain.sentence import Listed, Sentence, render


@pytest.fixture(autouse=True)
def _no_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)


def _clinic(tmp_path: Path, app_yaml: str) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "app.yaml").write_text(app_yaml, encoding="utf-8")
    return folder


BROKEN = "clinic:\n  language: es\ndisplay:\n  window_width: 99\n"


@pytest.mark.parametrize(
    ("language", "allowed"),
    [
        ("es", "debe ser un número entero entre 320 y 7680 px"),
        ("ar", "يجب أن يكون عددًا صحيحًا بين 320 و7680 px"),
        ("en", "must be a whole number between 320 and 7680 px"),
    ],
)
def test_a_broken_app_yaml_is_named_in_the_language_of_the_environment(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, language: str, allowed: str
) -> None:
    folder = _clinic(tmp_path, BROKEN)
    monkeypatch.setenv(LANGUAGE_ENV, language)
    assert main(["config", "show", "--config-dir", str(folder)]) == 2
    out, err = capsys.readouterr()
    file = folder / "app.yaml"
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("sensory-games: ") and str(file) in err  # the file as typed
    assert "display.window_width = 99: " in err  # the key and value, never translated
    assert err.rstrip().endswith(allowed)


def test_an_unknown_key_and_a_yaml_mistake_are_translated_with_file_line_and_key(
    tmp_path: Path,
) -> None:
    spanish = words("es")
    unknown = _clinic(tmp_path, "clinic:\n  language: es\ndisplai: {}\n")
    with pytest.raises(ConfigError) as caught:
        load_app_config(unknown)
    said = caught.value.render(spanish)
    assert "app.yaml: displai = {}: no es una clave conocida; conocidas: " in said
    assert said.endswith("check_in, mastery, export, launcher, clinic, server")
    (unknown / "app.yaml").write_text("display: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_app_config(unknown)
    said = caught.value.render(words("zh"))
    assert "app.yaml: 第 2 行，第 1 列：不是有效的 YAML（" in said
    assert str(caught.value).endswith(caught.value.render(words("en")).split(": ", 1)[1])


def test_help_is_in_the_language_of_the_environment(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "zh")
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith("用法：sensory-games ")
    assert "\n选项:\n" in out and "\n命令:\n" in out
    assert "显示此帮助信息并退出" in out
    assert "用于诊所平板电脑和自助终端的感觉调节游戏。" in out  # the description
    assert "将尝试写入 CSV 或 JSON" in out  # a command's line
    assert "--data-dir DATA_DIR" in out and "$SENSORY_GAMES_DATA" in out  # options as typed
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "用法：sensory-games export " in out and "仅此活动" in out


def test_help_is_english_without_a_language_or_with_one_not_shipped(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    for chosen in (None, "fr", ""):
        if chosen is not None:
            monkeypatch.setenv(LANGUAGE_ENV, chosen)
        with pytest.raises(SystemExit):
            main(["--help"])
        out = capsys.readouterr().out
        assert out.startswith("usage: sensory-games ")
        assert "show this help message and exit" in out
    monkeypatch.setenv(LANGUAGE_ENV, " ES ")
    assert words_before_config().language == "es"


def test_export_speaks_the_clinic_language_of_app_yaml(
    tmp_path: Path, data_dir: Path, capsys
) -> None:
    folder = _clinic(tmp_path, "clinic:\n  language: es\n")
    out_file = tmp_path / "a.csv"
    common = ["--data-dir", str(data_dir), "--config-dir", str(folder)]
    assert main(["export", *common, "--out", str(out_file)]) == 0
    out, _ = capsys.readouterr()
    assert out == f"En {out_file.resolve()}: 0 intentos\n"
    assert main(["export", *common, "--out", "-"]) == 2
    _, err = capsys.readouterr()
    assert err == (
        "sensory-games: -: no escrito: las exportaciones se escriben en un archivo (legible"
        " solo por usted), no en la pantalla\n"
    )
    assert main(["export", *common, "--excel", "--format", "json"]) == 2
    _, err = capsys.readouterr()
    assert err == "sensory-games: --excel crea un CSV para Excel: úselo con --format csv\n"
    assert main(["export", *common, "--profile", "Nadie"]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("sensory-games: no hay ningún perfil llamado 'Nadie' (conocidos: ")
    assert err.endswith("; añádalo con: sensory-games profiles add Nadie\n")


def test_an_error_before_the_config_is_read_uses_the_environment_then_the_clinic_wins(
    tmp_path: Path, data_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _clinic(tmp_path, "clinic:\n  language: zh\n")
    monkeypatch.setenv(LANGUAGE_ENV, "es")
    common = ["--data-dir", str(data_dir), "--config-dir", str(folder)]
    assert main(["export", *common, "--tz", "UTC"]) == 2  # refused before the config is read
    assert capsys.readouterr()[1] == (
        "sensory-games: --decimal, --separator y --tz dan forma a la copia para Excel:"
        " úselos con --excel\n"
    )
    assert main(["export", *common, "--check-ins", "--samples"]) == 2  # after: the clinic's
    assert capsys.readouterr()[1] == (
        "sensory-games: --check-ins 会写出自己的 CSV：只能与 --format csv 一起使用\n"
    )


def test_doctor_speaks_the_clinic_language(tmp_path: Path, data_dir: Path, capsys) -> None:
    folder = _clinic(tmp_path, "clinic:\n  language: es\n")
    code = main(["doctor", "--data-dir", str(data_dir), "--config-dir", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    pin = next(line for line in lines if line.startswith("FIX   PIN "))
    assert pin.startswith("FIX   PIN           no hay ningún PIN de adultos fijado (falta ")
    assert pin.endswith(
        " -> fije uno antes de que el dispositivo se use: `sensory-games pin set`"
        " (como la cuenta del quiosco)"
    )
    config = next(line for line in lines if line.startswith("OK    config "))
    assert f"{folder}: de la clínica app.yaml; el resto, lo incluido; comprobadas " in config
    assert lines[-1].startswith("no está listo: 1 por corregir, ")


def test_doctor_names_a_broken_config_in_the_environment_language(
    tmp_path: Path, data_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _clinic(tmp_path, BROKEN)
    monkeypatch.setenv(LANGUAGE_ENV, "ar")
    main(["doctor", "--data-dir", str(data_dir), "--config-dir", str(folder)])
    config = next(line for line in capsys.readouterr().out.splitlines() if " config " in line)
    assert config.startswith(
        f"FIX   config        {folder / 'app.yaml'}: display.window_width = 99: "
    )
    assert "يجب أن يكون عددًا صحيحًا بين 320 و7680 px -> صحّحه" in config


def test_a_sentence_is_english_text_until_it_is_said_in_another_language() -> None:
    inner = Sentence(N_("must be one of {choices}"), choices="calm, balanced")
    error = SchemaError("display.kiosk", "yes", inner).under("clinic")
    assert str(error) == "clinic.display.kiosk = 'yes': must be one of calm, balanced"
    assert render(error, words("es")) == (
        "clinic.display.kiosk = 'yes': debe ser uno de calm, balanced"
    )
    wrapped = ValueError(Sentence(N_("file not found")))
    assert render(wrapped, words("zh")) == "找不到文件" and str(wrapped) == "file not found"
    counted = Sentence.tr_n("{count} plan", "{count} plans", 2, count=2)
    assert counted == "2 plans" and render(counted, words("es")) == "2 planes"
    assert render(Listed(["app.yaml", Sentence(N_("none yet"))]), words("es")) == (
        "app.yaml, ninguno todavía"
    )
    assert pickle.loads(pickle.dumps(counted)).said(words("es")) == "2 planes"
    untranslated = Sentence("a value shown as {not a field}")  # no values: never formatted
    assert render(untranslated, words("ar")) == "a value shown as {not a field}"


def test_profiles_pin_and_config_show_speak_the_clinic_language(
    tmp_path: Path, data_dir: Path, capsys
) -> None:
    folder = _clinic(tmp_path, "clinic:\n  language: es\n")
    common = ["--data-dir", str(data_dir), "--config-dir", str(folder)]
    assert main(["profiles", "list", *common]) == 0
    assert capsys.readouterr().out == (
        "todavía no hay perfiles; añada uno con: sensory-games profiles add ALIAS\n"
    )
    assert main(["profiles", "add", "Mia", *common]) == 0
    assert capsys.readouterr().out.startswith("añadido Mia (cat, ")  # (the first free avatar)
    assert main(["profiles", "show", "Mia", *common]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert [line[:17] for line in shown[:4]] == [  # (lined up with "escala de ánimo:")
        "alias:           ",
        "animal:          ",
        "franja de edad:  ",
        "mano dominante:  ",
    ]
    assert shown[-1] == "registros:       ninguno todavía"
    assert main(["pin", "status", *common]) == 0
    assert capsys.readouterr().out.startswith("no hay ningún PIN fijado: quien mantenga")
    assert main(["config", "show", "--config-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"carpeta de configuración de la clínica: {folder}\n  (de --config-dir)\n"
    )
    assert "clinic.language" in out and "valor por defecto incluido" in out
