"""The clinic's configuration folder layered over the defaults shipped in the package:
which folder it is (--config-dir, $SENSORY_GAMES_CONFIG, the platform's user folder),
app.yaml key by key, activity/glyph/plan files by name, plans saved into the clinic
folder only, and `config show` / `config path`."""

from __future__ import annotations

import importlib.resources
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from sensory_games.activities import level_counts, levels_file, load_activity_levels
from sensory_games.cli import EXIT_USAGE, main
from sensory_games.domain.config import (
    DEFAULT_CONFIG_DIR,
    AppConfig,
    ConfigError,
    app_settings,
    load_app_config,
)
from sensory_games.domain.config_folders import (
    clinic_config_dir,
    clinic_files,
    layered_files,
    shipped_config_dir,
    user_config_dir,
)
from sensory_games.domain.glyphs import glyph_library
from sensory_games.services.plans import Plan, PlanStep, load_plan, plan_names, save_plan

SHIPPED_APP = DEFAULT_CONFIG_DIR / "app.yaml"
ONE_LINE = "set: mine\nglyphs:\n  {name}:\n    strokes:\n      - [[0.5, 0.0], [0.5, 1.0]]\n"
COUNTS = level_counts(DEFAULT_CONFIG_DIR)


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """An empty clinic folder: everything is the shipped default until a file is put in."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    return folder


def test_the_defaults_are_found_inside_the_installed_package() -> None:
    folder = shipped_config_dir()
    assert folder == Path(str(importlib.resources.files("sensory_games") / "defaults"))
    assert folder.parent == Path(sys.modules["sensory_games"].__file__).parent
    assert folder == DEFAULT_CONFIG_DIR
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")}
    assert {"app.yaml", "activities/bubbles.yaml", "glyphs/digits.yaml"} <= names
    assert "plans/calm-start.yaml" in names


# -- which folder -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_CONFIG_HOME": "/x/conf"}, "/x/conf/sensory_games"),
        ("linux", {}, "HOME/.config/sensory_games"),
        ("darwin", {}, "HOME/Library/Application Support/sensory_games/config"),
        ("win32", {"APPDATA": "/x/Roaming"}, "/x/Roaming/sensory_games/config"),
        ("win32", {}, "HOME/AppData/Roaming/sensory_games/config"),
    ],
)
def test_the_user_configuration_folder_follows_the_platform(
    platform: str, env: dict[str, str], expected: str, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    for name in ("XDG_CONFIG_HOME", "APPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert user_config_dir() == Path(expected.replace("HOME", str(tmp_path)))


def test_the_clinic_folder_is_the_option_else_the_environment_else_the_user_folder(
    monkeypatch, tmp_path: Path
) -> None:
    for name in ("env", "option"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(tmp_path / "env"))
    assert clinic_config_dir(str(tmp_path / "option")) == tmp_path / "option"
    assert clinic_config_dir(None) == tmp_path / "env"
    monkeypatch.delenv("SENSORY_GAMES_CONFIG")
    assert clinic_config_dir(None) == user_config_dir()
    assert load_app_config().config_dir == user_config_dir()


@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize("what", ["missing", "a file"])
def test_a_clinic_folder_chosen_by_name_must_be_a_folder(
    how: str, what: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    folder = tmp_path / "clinic"
    if what == "a file":
        folder.write_text("display: {kiosk: true}\n", encoding="utf-8")
    option = ["--config-dir", str(folder)] if how == "option" else []
    if how == "environment":
        monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(folder))
    source = "--config-dir" if how == "option" else "$SENSORY_GAMES_CONFIG"
    with pytest.raises(ConfigError) as caught:
        clinic_config_dir(str(folder) if how == "option" else None)
    assert caught.value.file == str(folder) and source in caught.value.message
    data = ["--data-dir", str(tmp_path / "data")]
    for command in (["config", "show"], ["autoplay", "--headless", *data], ["levels", "sam"]):
        assert main([*option, *command]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert err.startswith(f"sensory-games: {folder}: ") and err.count("\n") == 1
        assert source in err and ("no such folder" if what == "missing" else "is a file") in err
    assert not (tmp_path / "data").exists()  # refused before the log was opened


def test_the_platforms_own_folder_need_not_exist_but_may_not_be_a_file(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("SENSORY_GAMES_CONFIG")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_app_config() == AppConfig.defaults(tmp_path / "sensory_games")
    (tmp_path / "sensory_games").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"is a file: .*from this platform's user config"):
        load_app_config()


def test_the_clinic_folder_is_absolute_whatever_the_current_folder(
    clinic: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(clinic)
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", ".")
    assert clinic_config_dir() == clinic and load_app_config().config_dir == clinic
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{clinic}\n"
    assert clinic_config_dir("../clinic") == clinic


def test_errors_name_files_absolute_unless_inside_the_current_folder(
    clinic: Path, monkeypatch
) -> None:
    (clinic / "app.yaml").write_text("display: {fps: 7}\n", encoding="utf-8")
    for here, shown in [
        ("/", str(clinic / "app.yaml")),  # never "tmp/.../app.yaml"
        (clinic.parent.parent, str(clinic / "app.yaml")),
        (clinic.parent, "clinic/app.yaml"),
    ]:
        monkeypatch.chdir(here)
        with pytest.raises(ConfigError) as caught:
            load_app_config(clinic)
        if here == clinic.parent.parent:
            shown = str(Path(clinic.parent.name, "clinic", "app.yaml"))
        assert str(caught.value).startswith(f"{shown}: display.fps = 7: ")


# -- files nothing would read ------------------------------------------------------------


def test_an_activity_file_named_after_no_activity_is_refused_everywhere(
    clinic: Path, tmp_path: Path, capsys
) -> None:
    (clinic / "activities").mkdir()
    typo = clinic / "activities" / "bubble.yaml"
    typo.write_text((DEFAULT_CONFIG_DIR / "activities" / "bubbles.yaml").read_text("utf-8"))
    with pytest.raises(ConfigError) as caught:
        load_app_config(clinic)
    assert caught.value.file == str(typo)
    assert caught.value.message == (
        "no activity is called 'bubble': activities/ holds <activity>.yaml, one of "
        "bilateral_both, bilateral_drum, bilateral_hold, bilateral_mirror, bubbles, calming, "
        "tracing"
    )
    data = ["--data-dir", str(tmp_path / "data")]
    for command in (["config", "show"], ["autoplay", "--headless", *data]):  # (the launcher's)
        assert main(["--config-dir", str(clinic), *command]) == EXIT_USAGE
        assert capsys.readouterr().err == f"sensory-games: {caught.value}\n"
    typo.rename(clinic / "activities" / "bubbles.yaml")
    assert load_activity_levels("bubbles", clinic) == load_activity_levels(
        "bubbles", DEFAULT_CONFIG_DIR
    )


@pytest.mark.parametrize("folder", ["activities", "glyphs", "plans"])
def test_a_yml_file_or_a_file_for_a_folder_is_refused(clinic: Path, folder: str) -> None:
    (clinic / folder).mkdir()
    (clinic / folder / "mine.yml").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mine\.yml: only \.yaml files are read: rename"):
        app_settings(clinic)
    shutil.rmtree(clinic / folder)
    (clinic / folder).write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{folder}: is a file: it must be a folder"):
        app_settings(clinic)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("app.yml", "nothing reads this file"),
        ("app.yaml.txt", "nothing reads this file"),  # (Notepad with extensions hidden)
        ("settings.yaml", "nothing reads this file"),
        ("App.yaml", "must be called app.yaml"),
        ("Activities/", "must be called activities"),
    ],
)
def test_a_misnamed_file_at_the_top_is_refused_not_ignored(
    clinic: Path, name: str, message: str
) -> None:
    """The kiosk setting an IT person wrote into a misnamed file would be dropped quietly."""
    if name.endswith("/"):
        (clinic / name).mkdir()
        if (clinic / name.lower()).exists():
            pytest.skip("this file system ignores letter case")
    else:
        (clinic / name).write_text("display: {kiosk: true}\n", encoding="utf-8")
        if name.lower() == "app.yaml" and (clinic / "app.yaml").exists():
            pytest.skip("this file system ignores letter case")
    with pytest.raises(ConfigError, match=message):
        app_settings(clinic)
    (clinic / "notes.md").write_text("what we changed", encoding="utf-8")  # (not YAML: fine)
    if not name.endswith("/"):
        (clinic / name).unlink()
        assert app_settings(clinic)[0]["display"]["kiosk"] is False


def test_config_show_checks_every_plan_as_doctor_does(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (clinic / "plans").mkdir()
    (clinic / "plans" / "long.yaml").write_text(
        "steps:\n  - {activity: bubbles, level: 1, minutes: 99}\n", encoding="utf-8"
    )
    assert main(["config", "show", "--config-dir", str(clinic)]) == EXIT_USAGE
    assert "long.yaml: steps[0].minutes = 99: 0.5 to 60.0" in capsys.readouterr().err


def test_new_glyph_and_plan_names_are_allowed(clinic: Path) -> None:
    for folder in ("glyphs", "plans"):
        (clinic / folder).mkdir()
    (clinic / "glyphs" / "mine.yaml").write_text(ONE_LINE.format(name="stick"), "utf-8")
    (clinic / "plans" / "morning.yaml").write_text("steps:\n  - {activity: bubbles}\n")
    assert load_app_config(clinic) == AppConfig.defaults(clinic)


@pytest.mark.parametrize("name", ["app.yaml", "activities/bubbles.yaml"])
def test_a_folder_where_a_file_belongs_is_an_error_not_ignored(clinic: Path, name: str) -> None:
    (clinic / name).mkdir(parents=True)
    with pytest.raises(ConfigError) as caught:
        load_app_config(clinic)
        load_activity_levels("bubbles", clinic)
    assert caught.value.file == str(clinic / name)
    assert caught.value.message == "is a folder: it must be a YAML file"


# -- app.yaml ---------------------------------------------------------------------------


def test_an_empty_clinic_folder_is_the_shipped_configuration(clinic: Path) -> None:
    assert load_app_config(clinic) == AppConfig.defaults(clinic)
    assert load_app_config(clinic / "not-made-yet").display.kiosk is False
    assert clinic_files(clinic) == []


def test_a_clinic_app_yaml_overrides_the_shipped_one_key_by_key(clinic: Path) -> None:
    (clinic / "app.yaml").write_text("display: {kiosk: true}\n", encoding="utf-8")
    config = load_app_config(clinic)
    assert config.display.kiosk is True
    assert config.display.window_width == 1280 and config.display.fps == 60  # shipped
    defaults = AppConfig.defaults(clinic)
    assert config == replace(defaults, display=replace(defaults.display, kiosk=True))
    _, sources = app_settings(clinic)
    assert sources["display", "kiosk"] == clinic / "app.yaml"
    assert sources["display", "fps"] == SHIPPED_APP
    assert sources["mastery", "advance_after"] == SHIPPED_APP


def test_a_bad_clinic_value_names_the_clinic_file_key_value_and_what_is_allowed(
    clinic: Path,
) -> None:
    (clinic / "app.yaml").write_text("display:\n  fps: 500\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_app_config(clinic)
    assert caught.value.file == str(clinic / "app.yaml")
    assert caught.value.message == "display.fps = 500: must be a whole number between 30 and 240 Hz"


def test_hand_keys_that_clash_only_once_layered_name_the_file_that_set_one(clinic: Path) -> None:
    (clinic / "app.yaml").write_text("input: {right_hand_key: a}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_app_config(clinic)
    assert caught.value.file == str(clinic / "app.yaml")
    assert (
        caught.value.message == "input.right_hand_key = 'a': must differ from input.left_hand_key"
    )


# -- files replaced by name -------------------------------------------------------------


def test_a_clinic_levels_file_replaces_the_shipped_one(clinic: Path) -> None:
    shipped = load_activity_levels("bubbles", DEFAULT_CONFIG_DIR)
    assert levels_file("bubbles", clinic) == DEFAULT_CONFIG_DIR / "activities" / "bubbles.yaml"
    (clinic / "activities").mkdir()
    mine = clinic / "activities" / "bubbles.yaml"
    mine.write_text(
        "activity: bubbles\nlevels:\n  - objective: One big bubble\n    target_mm: 60\n",
        encoding="utf-8",
    )
    levels = load_activity_levels("bubbles", clinic)
    assert len(levels) == 1 and levels[0].parameters["target_mm"] == 60
    assert len(shipped) > 1
    assert load_activity_levels("tracing", clinic) == load_activity_levels(
        "tracing", DEFAULT_CONFIG_DIR
    )
    mine.write_text(mine.read_text().replace("60", "-3"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_activity_levels("bubbles", clinic)
    assert caught.value.file == str(mine)
    assert caught.value.message.startswith("levels[1].target_mm = -3: must be a number between")
    assert clinic_files(clinic) == [("activities/bubbles.yaml", mine, True)]


def test_a_clinic_glyph_file_replaces_the_shipped_one_of_its_name_and_adds_its_own(
    clinic: Path,
) -> None:
    (clinic / "glyphs").mkdir()
    (clinic / "glyphs" / "digits.yaml").write_text(
        ONE_LINE.format(name='"1"').replace("set: mine", "set: digits"), encoding="utf-8"
    )
    (clinic / "glyphs" / "zz-mine.yaml").write_text(ONE_LINE.format(name="pole"), "utf-8")
    shipped = glyph_library(DEFAULT_CONFIG_DIR)
    library = glyph_library(clinic)
    assert library.sets["digits"] == ("1",) and len(shipped.sets["digits"]) == 10
    assert library.sets["mine"] == ("pole",)
    assert library.sets["uppercase"] == shipped.sets["uppercase"]
    assert [name for name, _, _ in clinic_files(clinic)] == [
        "glyphs/digits.yaml",
        "glyphs/zz-mine.yaml",
    ]
    assert [replaces for _, _, replaces in clinic_files(clinic)] == [True, False]


def test_plans_are_the_shipped_and_the_clinics_and_saved_in_the_clinic_folder(
    clinic: Path, data_dir: Path
) -> None:
    shipped_before = sorted(DEFAULT_CONFIG_DIR.rglob("*"))
    assert plan_names(clinic) == ["calm-start"]
    mine = Plan("calm-start", (PlanStep("bubbles", 1, 2.0),))
    file = save_plan(clinic / "not-made-yet", mine, data_dir=data_dir)
    assert file == clinic / "not-made-yet" / "plans" / "calm-start.yaml"
    assert load_plan(clinic / "not-made-yet", "calm-start", COUNTS) == mine
    assert load_plan(clinic, "calm-start", COUNTS) != mine  # the shipped one
    save_plan(clinic, Plan("morning", (PlanStep("tracing", None, 5.0),)), data_dir=data_dir)
    assert plan_names(clinic) == ["calm-start", "morning"]
    assert list(layered_files(clinic, "plans").values())[1] == clinic / "plans" / "morning.yaml"
    assert sorted(DEFAULT_CONFIG_DIR.rglob("*")) == shipped_before  # nothing written there


# -- config show / config path ----------------------------------------------------------


def test_config_path_prints_the_clinic_folder(clinic: Path, capsys, monkeypatch) -> None:
    (clinic / "env").mkdir()
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(clinic / "env"))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{clinic / 'env'}\n"
    assert main(["--config-dir", str(clinic), "config", "path"]) == 0
    assert main(["config", "path", "--config-dir", str(clinic)]) == 0
    assert capsys.readouterr().out == f"{clinic}\n{clinic}\n"


def test_config_show_says_where_each_setting_and_file_comes_from(clinic: Path, capsys) -> None:
    (clinic / "app.yaml").write_text("display: {kiosk: true}\n", encoding="utf-8")
    (clinic / "plans").mkdir()
    (clinic / "plans" / "morning.yaml").write_text(
        "steps:\n  - {activity: bubbles, minutes: 2}\n", encoding="utf-8"
    )
    assert main(["config", "show", "--config-dir", str(clinic)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"clinic configuration folder: {clinic}"
    assert out[1] == "  (from --config-dir)"
    lines = {line.split()[0]: line.split(maxsplit=2)[1:] for line in out if line.startswith("  ")}
    assert lines["display.kiosk"] == ["true", str(clinic / "app.yaml")]
    assert lines["display.fps"] == ["60", "shipped default"]
    assert lines["input.left_hand_key"] == ["'a'", "shipped default"]
    assert out[-1] == f"  plans/morning.yaml  the clinic's own: {clinic / 'plans' / 'morning.yaml'}"


def test_config_show_refuses_a_bad_clinic_file_in_one_line(clinic: Path, capsys) -> None:
    (clinic / "activities").mkdir()
    (clinic / "activities" / "calming.yaml").write_text("activity: bubbles\n", "utf-8")
    assert main(["--config-dir", str(clinic), "config", "show"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err == (
        f"sensory-games: {clinic / 'activities' / 'calming.yaml'}: activity = 'bubbles': "
        "must be 'calming'\n"
    )
