"""Unit tests of sensory_games/domain/config.py: app.yaml, activity levels, their errors."""

from __future__ import annotations

import itertools
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.activities.bubbles import BubblesActivity
from sensory_games.domain.config import (
    DEFAULT_CONFIG_DIR,
    HAND_KEYS,
    AppConfig,
    ConfigError,
    DisplayConfig,
    InputConfig,
    load_app_config,
    load_levels,
    read_yaml,
)
from sensory_games.domain.yaml_parser import MOST_YAML_VALUES, YAMLExpansionError, check_expansion

BAD_DIR = Path(__file__).resolve().parent / "bad_configs"

DISPLAY_KNOWN = "kiosk, window_width, window_height, fps, screen_diagonal_in, dpi, render_scale"
ACTIVITIES_KNOWN = ", ".join(REGISTRY)  # (the registry is sorted, as the config lists them)
BUBBLES_KNOWN = "target_mm, bubbles_to_pop, on_screen, drift_mm_s, time_limit_s"

#: file name -> the message after "<file>: " (a str: exact; a tuple: fragments it contains).
APP_CASES = [
    (
        "app_unknown_key.yaml",
        f"display.brightness = 3: is not a known setting; known: {DISPLAY_KNOWN}",
    ),
    (
        "app_unknown_section.yaml",
        'sound = {"volume": 1}: is not a known key; known: display, input, storage, defaults,'
        " safety, check_in, mastery, export, launcher, clinic, server",
    ),
    (
        "app_wrong_type.yaml",
        "display.window_width = 'wide': must be a whole number between 320 and 7680 px",
    ),
    ("app_bool_as_int.yaml", "display.fps = true: must be a whole number between 30 and 240 Hz"),
    ("app_not_mapping.yaml", 'the file must hold a mapping of keys, not ["display", "input"]'),
    ("app_section_not_mapping.yaml", "display = 5: must be a mapping of setting: value"),
    ("app_volume_too_high.yaml", "safety.master_volume = 0.9: must be a number between 0 and 0.8"),
    (
        "app_bad_key_choice.yaml",
        "input.left_hand_key = 'f13': must be one of " + ", ".join(HAND_KEYS),
    ),
    (
        "app_bad_preset.yaml",
        "defaults.intensity_preset = 'wild': must be one of calm, balanced, alerting",
    ),
    (
        "app_nan.yaml",
        "display.screen_diagonal_in = nan: must be a number between 4 and 100 in",
    ),
    ("app_inf.yaml", "display.fps = inf: must be a whole number between 30 and 240 Hz"),
    ("app_tab_indent.yaml", ("line 2, column 1: not valid YAML (", "cannot start any token")),
    (
        "app_launcher_unknown_activity.yaml",
        f"launcher.order[2] = 'balloons': must be one of {ACTIVITIES_KNOWN}",
    ),
    (
        "app_launcher_named_twice.yaml",
        "launcher.order[3] = 'tracing': is already at [1]: name each at most once",
    ),
    (
        "app_launcher_not_a_list.yaml",
        "launcher.order = 'tracing, bubbles': must be a list of names, each at most once,"
        f" from {ACTIVITIES_KNOWN}",
    ),
    pytest.param(
        "app_key_with_newline.yaml",
        ("is not a known key; known: display, input, storage, defaults, safety, check_in",),
        id="app_key_with_newline.yaml",
    ),
    pytest.param(
        "app_huge_number.yaml",
        (),
        id="app_huge_number.yaml",
    ),
]

BUBBLES_CASES = [
    (
        "bubbles_negative_size.yaml",
        "levels[2].target_mm = -3: must be a number between 8 and 80 mm",
    ),
    ("bubbles_not_yaml.yaml", ("line 4, column 1: not valid YAML (",)),
    (
        "bubbles_duplicate_key.yaml",
        "line 6, column 5: not valid YAML (the key target_mm is written twice; the first is "
        "on line 5)",
    ),
    (
        "bubbles_python_tag.yaml",
        ("line 1, column 1: not valid YAML (", "python/object/apply:os.system"),
    ),
    (
        "bubbles_wrong_type.yaml",
        "levels[1].bubbles_to_pop = 'ten': must be a whole number between 1 and 100 count",
    ),
    (
        "bubbles_fraction_for_int.yaml",
        "levels[1].on_screen = 2.5: must be a whole number between 1 and 8 count",
    ),
    ("bubbles_empty_levels.yaml", "levels = []: must be a list of at least one level"),
    (
        "bubbles_levels_not_list.yaml",
        'levels = {"objective": "Pop five."}: must be a list of at least one level',
    ),
    ("bubbles_missing_objective.yaml", "levels[2].objective = null: must be a one-line sentence"),
    ("bubbles_blank_objective.yaml", "levels[1].objective = '   ': must be a one-line sentence"),
    ("bubbles_wrong_activity.yaml", "activity = 'balloons': must be 'bubbles'"),
    ("bubbles_empty_file.yaml", "activity = null: must be 'bubbles'"),
    ("bubbles_not_mapping.yaml", "the file must hold a mapping of keys, not 'just a sentence'"),
    (
        "bubbles_level_not_mapping.yaml",
        "levels[1] = 'pop five bubbles': must be a mapping of settings",
    ),
    (
        "bubbles_unknown_top_key.yaml",
        'level = [{"objective": "Pop five."}]: is not a known key; known: activity, levels',
    ),
    (
        "bubbles_unknown_key.yaml",
        f"levels[1].size_mm = 30: is not a known setting; known: {BUBBLES_KNOWN}",
    ),
    ("bubbles_nan.yaml", "levels[1].drift_mm_s = nan: must be a number between 0 and 60 mm/s"),
    (
        "bubbles_null_value.yaml",
        "levels[1].drift_mm_s = null: must be a number between 0 and 60 mm/s",
    ),
    ("bubbles_huge_float.yaml", "levels[1].target_mm = inf: must be a number between 8 and 80 mm"),
    (
        "bubbles_time_too_short.yaml",
        "levels[1].time_limit_s = 5: must be a number between 10 and 900 s",
    ),
    pytest.param(
        "bubbles_huge_number.yaml",
        ("levels[1].time_limit_s = 999", "must be a number between 10 and 900 s"),
        id="bubbles_huge_number.yaml",
    ),
    pytest.param(
        "bubbles_objective_two_lines.yaml",
        ("levels[1].objective = ", "must be a one-line sentence"),
        id="bubbles_objective_two_lines.yaml",
    ),
]


def _name(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


def check_message(error: ConfigError, shown_file: str, expected: str | tuple[str, ...]) -> None:
    text = str(error)
    assert "\n" not in text and "\r" not in text, f"not one line: {text!r}"
    assert text.startswith(f"{shown_file}: "), text
    assert text == f"{shown_file}: {error.message}"
    if isinstance(expected, str):
        assert error.message == expected
    else:
        for fragment in expected:
            assert fragment in error.message


def test_every_bad_config_file_has_a_case():
    cases = {_name(case) for case in APP_CASES + BUBBLES_CASES}
    on_disk = {path.name for path in BAD_DIR.glob("*.yaml")}
    assert cases == on_disk
    assert len(on_disk) >= 10


@pytest.mark.parametrize(("name", "expected"), APP_CASES)
def test_bad_app_config_raises_one_line_config_error(
    name, expected, config_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    shutil.copyfile(BAD_DIR / name, config_copy / "app.yaml")
    monkeypatch.chdir(config_copy.parent)
    with pytest.raises(ConfigError) as caught:
        load_app_config(config_copy)
    assert caught.value.file == str(config_copy / "app.yaml")
    check_message(caught.value, "configs/app.yaml", expected)


@pytest.mark.parametrize(("name", "expected"), BUBBLES_CASES)
def test_bad_levels_file_raises_one_line_config_error_naming_the_file(
    name, expected, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(BAD_DIR)
    with pytest.raises(ConfigError) as caught:
        load_levels(BAD_DIR / name, "bubbles", BubblesActivity.schema)
    check_message(caught.value, name, expected)


@pytest.mark.parametrize(("name", "expected"), BUBBLES_CASES)
def test_bad_levels_file_in_config_dir_raises_through_load_activity_levels(
    name, expected, config_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    shutil.copyfile(BAD_DIR / name, config_copy / "activities" / "bubbles.yaml")
    monkeypatch.chdir(config_copy.parent)
    with pytest.raises(ConfigError) as caught:
        load_activity_levels("bubbles", config_copy)
    check_message(caught.value, "configs/activities/bubbles.yaml", expected)


def test_documented_example_message_format(config_copy: Path, monkeypatch: pytest.MonkeyPatch):
    file = config_copy / "activities" / "bubbles.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count("target_mm: 35") == 1  # level 2 of the shipped file
    file.write_text(text.replace("target_mm: 35", "target_mm: -3"), encoding="utf-8")
    monkeypatch.chdir(config_copy.parent)
    with pytest.raises(ConfigError) as caught:
        load_activity_levels("bubbles", config_copy)
    assert str(caught.value) == (
        "configs/activities/bubbles.yaml: levels[2].target_mm = -3: "
        "must be a number between 8 and 80 mm"
    )


def test_message_outside_the_working_directory_shows_the_full_path(config_copy: Path):
    file = config_copy / "activities" / "bubbles.yaml"
    shutil.copyfile(BAD_DIR / "bubbles_negative_size.yaml", file)
    with pytest.raises(ConfigError) as caught:
        load_activity_levels("bubbles", config_copy)
    assert str(caught.value) == (
        f"{file}: levels[2].target_mm = -3: must be a number between 8 and 80 mm"
    )


def test_python_tag_is_never_executed(capfd: pytest.CaptureFixture[str]):
    with pytest.raises(ConfigError):
        load_levels(BAD_DIR / "bubbles_python_tag.yaml", "bubbles", BubblesActivity.schema)
    out, err = capfd.readouterr()
    assert "hi" not in out
    assert "hi" not in err


def test_a_levels_file_the_clinic_folder_lacks_is_the_shipped_one(config_copy: Path):
    (config_copy / "activities" / "bubbles.yaml").unlink()
    shipped = load_activity_levels("bubbles", DEFAULT_CONFIG_DIR)
    assert load_activity_levels("bubbles", config_copy) == shipped


def test_missing_levels_file_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError) as caught:
        load_levels(tmp_path / "bubbles.yaml", "bubbles", BubblesActivity.schema)
    assert caught.value.message == "file not found"
    assert str(caught.value).endswith("bubbles.yaml: file not found")


def test_non_utf8_file_is_a_one_line_config_error(config_copy: Path):
    (config_copy / "app.yaml").write_bytes(b"display:\n  kiosk: \xff\xfe\n")
    with pytest.raises(ConfigError) as caught:
        load_app_config(config_copy)
    assert "\n" not in str(caught.value)
    assert caught.value.message.startswith("cannot be read (UnicodeDecodeError: ")


def test_unknown_activity_slug_names_the_known_ones(config_copy: Path):
    with pytest.raises(KeyError, match=r"no activity 'balloons'; known: bilateral_both, .*bubbles"):
        load_activity_levels("balloons", config_copy)


# -- app.yaml ---------------------------------------------------------------------------------

DEFAULT_DISPLAY = DisplayConfig(
    kiosk=False,
    window_width=1280,
    window_height=800,
    fps=60,
    screen_diagonal_in=10.1,
    dpi=0.0,
)


def test_shipped_app_config_loads_with_its_values():
    config = load_app_config(DEFAULT_CONFIG_DIR)
    assert config == AppConfig(
        display=DEFAULT_DISPLAY,
        input=InputConfig(left_hand_key="a", right_hand_key="l"),
        data_dir="",
        intensity_preset="balanced",
        master_volume=0.6,
        config_dir=DEFAULT_CONFIG_DIR,
    )
    assert type(config.display.dpi) is float  # `0` in YAML becomes 0.0


def test_config_copy_loads_like_the_shipped_config(config_copy: Path):
    copy = load_app_config(config_copy)
    assert copy.config_dir == config_copy
    assert replace(copy, config_dir=DEFAULT_CONFIG_DIR) == load_app_config(DEFAULT_CONFIG_DIR)


def test_missing_app_yaml_means_all_defaults(config_copy: Path):
    (config_copy / "app.yaml").unlink()
    config = load_app_config(config_copy)
    assert config == AppConfig.defaults(config_copy)
    assert config.display == DEFAULT_DISPLAY
    assert config.input == InputConfig("a", "l")
    assert (config.data_dir, config.intensity_preset, config.master_volume) == (
        "",
        "balanced",
        0.6,
    )
    assert config.config_dir == config_copy


@pytest.mark.parametrize("text", ["", "# only a comment\n", "display:\nsafety: null\n"])
def test_empty_app_yaml_or_empty_sections_mean_defaults(config_copy: Path, text: str):
    (config_copy / "app.yaml").write_text(text, encoding="utf-8")
    assert load_app_config(config_copy) == AppConfig.defaults(config_copy)


def test_partial_app_yaml_keeps_other_defaults(config_copy: Path):
    (config_copy / "app.yaml").write_text(
        "display:\n  fps: 30\n  kiosk: true\nsafety:\n  master_volume: 0.8\n"
        "input:\n  right_hand_key: right shift\n",
        encoding="utf-8",
    )
    config = load_app_config(config_copy)
    assert config.display == replace(DEFAULT_DISPLAY, fps=30, kiosk=True)
    assert config.master_volume == 0.8
    assert config.input == InputConfig("a", "right shift")
    assert config.intensity_preset == "balanced"


def test_config_dir_comes_from_the_environment(config_copy: Path, monkeypatch):
    (config_copy / "app.yaml").write_text("display:\n  fps: 120\n", encoding="utf-8")
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(config_copy))
    config = load_app_config()
    assert config.display.fps == 120
    assert config.config_dir == config_copy


# -- activity levels --------------------------------------------------------------------------

SHIPPED_ACTIVITY_FILES = sorted((DEFAULT_CONFIG_DIR / "activities").glob("*.yaml"))


def test_there_are_shipped_activity_files_for_every_activity():
    assert SHIPPED_ACTIVITY_FILES
    assert {path.stem for path in SHIPPED_ACTIVITY_FILES} == set(REGISTRY)


@pytest.mark.parametrize("file", SHIPPED_ACTIVITY_FILES, ids=lambda path: path.name)
def test_every_shipped_activity_file_loads(file: Path):
    levels = load_activity_levels(file.stem, DEFAULT_CONFIG_DIR)
    schema = REGISTRY[file.stem].schema
    assert levels
    assert [level.number for level in levels] == list(range(1, len(levels) + 1))
    for level in levels:
        assert level.objective
        assert "\n" not in level.objective
        assert list(level.parameters) == schema.names()
        assert schema.validate(level.parameters) == level.parameters


def test_shipped_bubbles_levels_values_and_defaults(config_copy: Path):
    levels = load_activity_levels("bubbles", config_copy)
    assert len(levels) == 6
    first, last = levels[0], levels[-1]
    assert first.number == 1
    assert first.objective == "Touch one big still bubble at a time (5 bubbles)."
    assert first.parameters == {
        "target_mm": 45.0,
        "bubbles_to_pop": 5,
        "on_screen": 1,
        "drift_mm_s": 0.0,  # default
        "time_limit_s": 120.0,  # default
    }
    assert type(first.parameters["target_mm"]) is float
    assert type(first.parameters["bubbles_to_pop"]) is int
    assert last.number == 6
    assert last.parameters["time_limit_s"] == 90.0
    assert last.parameters["drift_mm_s"] == 20.0


def test_level_objective_is_stripped(tmp_path: Path):
    file = tmp_path / "bubbles.yaml"
    file.write_text(
        "activity: bubbles\nlevels:\n  - objective: '  Pop one.  '\n    on_screen: 1\n",
        encoding="utf-8",
    )
    (level,) = load_levels(file, "bubbles", BubblesActivity.schema)
    assert level.objective == "Pop one."
    assert level.parameters["on_screen"] == 1
    assert "objective" not in level.parameters


def test_yaml_anchors_and_merge_keys_still_work(config_copy: Path) -> None:
    """Shared level settings written once (`<<: *shared`) and overridden are not
    "written twice"."""
    (config_copy / "activities" / "bubbles.yaml").write_text(
        "activity: bubbles\n"
        "levels:\n"
        "  - &shared\n"
        "    objective: Big bubbles.\n"
        "    target_mm: 40\n"
        "  - <<: *shared\n"
        "    objective: Smaller bubbles.\n"
        "    target_mm: 30\n",
        encoding="utf-8",
    )
    levels = load_activity_levels("bubbles", config_copy)
    assert [level.parameters["target_mm"] for level in levels] == [40.0, 30.0]
    assert levels[1].objective == "Smaller bubbles."


# -- aliases that expand without bound ------------------------------------------------------

#: A refusal takes milliseconds; this only stops a regression from hanging the suite (it
#: took 15 to 47 s and 3 GB, then a MemoryError). The assertions are on the error.
REFUSED_WITHIN_S = 5.0


def billion_laughs(nesting: int = 9) -> str:
    """A "billion laughs" YAML document in a few hundred bytes: a list of nine words,
    then `nesting - 1` lists of nine aliases of the list before (9**nesting values
    written out in full: 387 million for 9)."""
    names = "abcdefghijklmnopqrstuvwxyz"[:nesting]
    lines = ["laughs:", "  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for before, name in itertools.pairwise(names):
        lines.append(f"  - &{name} [{', '.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_app_yaml_is_refused_quickly_naming_the_file(config_copy: Path):
    file = config_copy / "app.yaml"
    file.write_text(billion_laughs(), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ConfigError) as caught:
        load_app_config(config_copy)
    assert time.monotonic() - started < REFUSED_WITHIN_S
    assert caught.value.file == str(file)
    assert caught.value.message == (
        f"too large: more than {MOST_YAML_VALUES:,} values when every alias (*name) is "
        f"counted as a copy of what it names; at most {MOST_YAML_VALUES:,} are allowed"
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("display: &d\n  fps: [*d]\n", "line 1, column 10"),
        ("display:\n  fps: &f [1, [2, *f]]\n", "line 2, column 8"),
        ("display: &d {<<: *d}\n", "line 1, column 10"),  # a merge key of itself
    ],
)
def test_an_alias_inside_the_value_it_names_is_refused(config_copy: Path, text: str, where: str):
    (config_copy / "app.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"app\.yaml: ") as caught:
        load_app_config(config_copy)
    name = text.split("&")[1][0]
    assert caught.value.message == (
        f"{where}: the alias *{name} is inside the value it names (&{name}), so it never ends"
    )


def test_the_expansion_counts_every_alias_as_a_copy():
    """Each scalar, list and mapping is one value, keys included; *a is a copy of [1, 2]."""
    document = yaml.compose("a: &a [1, 2]\nb: [*a, *a]\n", Loader=yaml.SafeLoader)
    # {a: [1, 2], b: [[1, 2], [1, 2]]}: the mapping, 2 keys, 3 for [1, 2], b's list, 2 x 3
    assert check_expansion(document, {}, most=13) == 13
    with pytest.raises(YAMLExpansionError, match="more than 12 values"):
        check_expansion(document, {}, most=12)


def test_nesting_deeper_than_the_stack_is_counted_without_recursion():
    document = yaml.compose("[" * 300 + "]" * 300, Loader=yaml.SafeLoader)
    with pytest.raises(YAMLExpansionError, match="more than 299 values"):
        check_expansion(document, {}, most=299)
    assert check_expansion(document, {}, most=300) == 300


def test_every_shipped_file_is_far_below_the_expansion_bound():
    """The bound leaves room for files a hundred times bigger than any shipped one."""
    files = sorted(DEFAULT_CONFIG_DIR.glob("**/*.yaml"))
    assert len(files) >= 14
    for file in files:
        document = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        assert check_expansion(document, {}, MOST_YAML_VALUES) < MOST_YAML_VALUES / 100, file
        read_yaml(file)


def test_aliases_within_the_bound_still_load(config_copy: Path):
    """A level written once and repeated by alias (*name) loads as copies of it."""
    (config_copy / "activities" / "bubbles.yaml").write_text(
        "activity: bubbles\n"
        "levels:\n"
        "  - &warm_up {objective: Big bubbles to warm up., target_mm: 40}\n"
        "  - {objective: Smaller bubbles., target_mm: 30}\n"
        "  - *warm_up\n",
        encoding="utf-8",
    )
    levels = load_activity_levels("bubbles", config_copy)
    assert [level.parameters["target_mm"] for level in levels] == [40.0, 30.0, 40.0]
    assert levels[2].objective == levels[0].objective == "Big bubbles to warm up."
