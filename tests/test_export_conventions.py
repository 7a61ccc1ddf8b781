"""The clinic's conventions for the Excel copy: app.yaml `export:` (decimal mark, list
separator, time zone), the `export --excel` options over them, and the note when this
computer's locale cannot tell (docs/export.md "Excel", docs/config.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from records import fill_device
from test_export_excel import rows_of

from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.config import (
    DEFAULT_CONFIG_DIR,
    AppConfig,
    ConfigError,
    ExportConfig,
    load_app_config,
)
from sensory_games.services.excel import clinic_style
from sensory_games.storage import Repository


def clinic_with(folder: Path, export_yaml: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "app.yaml").write_text(f"export:\n{export_yaml}", encoding="utf-8")
    return folder


def test_the_shipped_export_settings_are_auto() -> None:
    shipped = load_app_config(DEFAULT_CONFIG_DIR).export
    assert shipped == ExportConfig("auto", "auto", "auto") == AppConfig.defaults().export
    text = (DEFAULT_CONFIG_DIR / "app.yaml").read_text(encoding="utf-8")
    assert "decimal_mark: auto" in text and "list_separator: auto" in text


def test_a_clinic_sets_its_excel_conventions(tmp_path: Path) -> None:
    folder = clinic_with(
        tmp_path / "clinic",
        "  decimal_mark: point\n  list_separator: semicolon\n  time_zone: Europe/Zurich\n",
    )
    assert load_app_config(folder).export == ExportConfig("point", "semicolon", "Europe/Zurich")


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "  time_zone: Mars/Olympus\n",
            "export.time_zone = 'Mars/Olympus': must be auto or a time zone name such as "
            "Europe/Berlin, America/New_York or UTC",
        ),
        ("  time_zone: ../../etc/passwd\n", "export.time_zone = '../../etc/passwd': must be"),
        ("  decimal_mark: dot\n", "export.decimal_mark = 'dot': must be one of auto, comma, point"),
        ("  list_separator: tab\n", "export.list_separator = 'tab': must be one of auto, comma,"),
        ("  colour: blue\n", "export.colour = 'blue': is not a known"),
    ],
)
def test_a_bad_export_setting_is_one_line_naming_the_file_and_key(
    tmp_path: Path, yaml: str, message: str
) -> None:
    folder = clinic_with(tmp_path / "clinic", yaml)
    with pytest.raises(ConfigError) as raised:
        load_app_config(folder)
    text = str(raised.value)
    assert text.startswith(f"{folder / 'app.yaml'}: {message}"), text
    assert "\n" not in text


def test_the_separator_is_chosen_apart_from_the_decimal_mark() -> None:
    assert clinic_style("point", "UTC", "semicolon").separator == ";"
    assert clinic_style("comma", "UTC", "comma").separator == ","
    assert clinic_style("comma", "UTC", "auto").separator == ";"  # Excel's usual pair
    assert clinic_style("point", "UTC").separator == ","
    assert clinic_style("comma", "auto").zone.name == clinic_style("comma").zone.name
    with pytest.raises(ValueError, match="separator 'tab': must be auto, comma or semicolon"):
        clinic_style("point", "UTC", "tab")
    with pytest.raises(ValueError, match="decimal mark 'dot': must be auto, comma or point"):
        clinic_style("dot")


def test_a_chosen_decimal_mark_needs_no_note(monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert clinic_style("point").note("--decimal") == ""
    assert clinic_style("auto").note("--decimal").endswith("; choose with --decimal")


def excel_export(repository: Repository, out: Path, *options: str) -> int:
    fill_device(repository, "Mia")
    args = ["export", "--excel", *options, "--out", str(out)]
    return main([*args, "--data-dir", str(repository.data_dir)])


def test_the_cli_follows_app_yaml(
    repository: Repository, tmp_path: Path, monkeypatch, capsys
) -> None:
    folder = clinic_with(
        tmp_path / "clinic",
        "  decimal_mark: point\n  list_separator: semicolon\n  time_zone: Asia/Tokyo\n",
    )
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(folder))
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # (app.yaml says: nothing to guess, no note)
    out = tmp_path / "x.csv"
    assert excel_export(repository, out) == 0
    assert "note" not in capsys.readouterr().err
    header, first, *_ = rows_of(out, ";")
    row = dict(zip(header, first, strict=True))
    assert row["local_zone"] == "Asia/Tokyo" and row["accuracy"].count(".") == 1


def test_the_cli_options_override_app_yaml(
    repository: Repository, tmp_path: Path, monkeypatch
) -> None:
    folder = clinic_with(tmp_path / "clinic", "  decimal_mark: point\n  time_zone: Asia/Tokyo\n")
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(folder))
    out = tmp_path / "x.csv"
    options = ("--decimal", "comma", "--separator", "comma", "--tz", "UTC")
    assert excel_export(repository, out, *options) == 0
    header, first, *_ = rows_of(out, ",")
    row = dict(zip(header, first, strict=True))
    assert row["local_zone"] == "UTC" and "," in row["accuracy"]


@pytest.mark.parametrize("asked", ["C.UTF-8", "de_DE.NOT-GENERATED"])
def test_the_cli_says_when_the_locale_cannot_tell(
    repository: Repository, tmp_path: Path, monkeypatch, capsys, asked: str
) -> None:
    folder = tmp_path / "clinic"  # (an empty clinic folder: export: auto, as shipped)
    folder.mkdir()
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(folder))
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_NUMERIC", raising=False)
    monkeypatch.setenv("LANG", asked)
    out = tmp_path / "x.csv"
    assert excel_export(repository, out) == 0
    captured = capsys.readouterr()
    [note] = [line for line in captured.err.splitlines() if "Excel copy" in line]
    assert note.startswith("sensory-games: note: the Excel copy has point decimals and ','")
    assert asked in note
    assert "--decimal comma|point" in note and "app.yaml export.decimal_mark" in note
    assert "written to" in captured.out
    rows_of(out, ",")  # (what it said it used)


def test_a_bad_time_zone_in_app_yaml_stops_the_export_with_one_line(
    repository: Repository, tmp_path: Path, monkeypatch, capsys
) -> None:
    folder = clinic_with(tmp_path / "clinic", "  time_zone: Europe/Atlantis\n")
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(folder))
    out = tmp_path / "x.csv"
    assert excel_export(repository, out) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "export.time_zone = 'Europe/Atlantis'" in err
    assert not out.exists()
