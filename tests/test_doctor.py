"""`sensory-games doctor`: each check on hand-made situations (a read-only data folder, a
nearly full disk given as a figure, no PIN, no or a damaged clinic secret, a broken
app.yaml, a clock set back), and the command's lines and exit status."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from sensory_games.activities import REGISTRY
from sensory_games.cli import device_probe, main
from sensory_games.cli import doctor as doctor_command
from sensory_games.domain.config import DEFAULT_CONFIG_DIR, AppConfig
from sensory_games.domain.pin import hash_pin
from sensory_games.domain.pseudonyms import SECRET_NAME, clinic_secret
from sensory_games.services import doctor
from sensory_games.services.doctor import (
    AudioFacts,
    DisplayFacts,
    Finding,
    Status,
    TouchFacts,
    ZoneFacts,
)
from sensory_games.storage.pin_store import PIN_FILE_NAME, AdultPin, PinStore

MB = 1024 * 1024
PLENTY = lambda _folder: 20_000 * MB  # noqa: E731  (bytes free: a figure, not a disk)
DISPLAY = AppConfig.defaults().display  # 10.1 in diagonal, no dpi set


def _pin(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    PinStore(data_dir).write(AdultPin(hash_pin("2468")))


# -- the data folder -------------------------------------------------------------------------


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder nobody may write to: chmod for an ordinary user; as root (whom chmod does not
    stop) a read-only tmpfs mounted on it."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    if shutil.which("mount") is None:
        pytest.skip("as root a read-only folder needs mount")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_data_folder_is_to_fix_and_named(read_only_folder: Path) -> None:
    found = doctor.check_data_folder(read_only_folder, PLENTY)
    assert found.status is Status.FIX
    assert found.detail.startswith(f"{read_only_folder} cannot be written (")
    assert "--data-dir" in found.action and "kiosk account" in found.action
    assert os.listdir(read_only_folder) == []


@pytest.mark.parametrize(
    ("free_mb", "status", "says"),
    [
        (20_000, Status.OK, "20,000 MB free"),
        (499, Status.WARN, "499 MB free: under 500 MB"),
        (49, Status.FIX, "49 MB free: under 50 MB, attempts may soon not be saved"),
    ],
)
def test_free_space_warns_under_500_mb_and_must_be_fixed_under_50(
    data_dir: Path, free_mb: int, status: Status, says: str
) -> None:
    data_dir.mkdir()
    asked: list[Path] = []

    def free(folder: Path) -> int:
        asked.append(folder)
        return free_mb * MB

    found = doctor.check_data_folder(data_dir, free)
    assert (found.status, asked) == (status, [data_dir])
    assert says in found.detail and "writable" in found.detail
    assert bool(found.action) == (status is not Status.OK)
    assert [p.name for p in data_dir.iterdir()] == []  # the write test left nothing behind


def test_a_data_folder_that_is_a_file_is_to_fix(tmp_path: Path) -> None:
    file = tmp_path / "data"
    file.write_text("not a folder", encoding="utf-8")
    for folder in (file, file / "inside"):
        found = doctor.check_data_folder(folder, PLENTY)
        assert found.status is Status.FIX
        assert found.detail.startswith(f"{file} is a file")
        assert "--data-dir" in found.action and file.read_text(encoding="utf-8") == "not a folder"
    assert doctor.check_data_folder(file / "inside", PLENTY).detail == (
        f"{file} is a file, so {file / 'inside'}, not a folder: the attempt log cannot be kept "
        "there"
    )


def test_a_data_folder_not_made_yet_is_judged_by_the_folder_that_will_hold_it(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "var" / "sensory-games"
    asked: list[Path] = []
    found = doctor.check_data_folder(folder, lambda f: asked.append(f) or 20_000 * MB)
    assert found.status is Status.WARN and asked == [tmp_path]
    assert f"(not made yet; {tmp_path} is)" in found.detail
    assert "sensory-games pin set" in found.action
    assert not folder.exists()


# -- the PIN and the clinic secret -----------------------------------------------------------


def test_no_pin_is_to_fix_and_a_set_pin_is_ok(data_dir: Path) -> None:
    found = doctor.check_pin(data_dir)
    assert found.status is Status.FIX
    assert found.detail == f"no adults' PIN is set ({data_dir / PIN_FILE_NAME} is missing)"
    assert "sensory-games pin set" in found.action
    _pin(data_dir)
    assert doctor.check_pin(data_dir) == Finding(
        "PIN", Status.OK, f"set ({data_dir / PIN_FILE_NAME})"
    )
    PinStore(data_dir).write(AdultPin(None))  # cleared: the file is there, the PIN is not
    assert doctor.check_pin(data_dir).detail == "no adults' PIN is set"


def test_a_damaged_pin_file_is_reported_and_left_where_it_is(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / PIN_FILE_NAME).write_text("not json at all", encoding="utf-8")
    found = doctor.check_pin(data_dir)
    assert found.status is Status.FIX
    assert "is damaged (not JSON (line 1" in found.detail
    assert sorted(p.name for p in data_dir.iterdir()) == [PIN_FILE_NAME]  # not moved aside


def test_no_clinic_secret_is_a_warning_and_none_is_made(data_dir: Path) -> None:
    data_dir.mkdir()
    found = doctor.check_clinic_secret(data_dir)
    assert found.status is Status.WARN and found.detail.startswith("none yet (")
    assert "copy theirs here" in found.action
    assert not (data_dir / SECRET_NAME).exists()
    clinic_secret(data_dir)  # made as the first pseudonymised export makes it
    assert doctor.check_clinic_secret(data_dir).status is Status.OK


def test_a_clinic_secret_that_is_not_one_is_to_fix(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / SECRET_NAME).write_text("abc123\n", encoding="ascii")
    found = doctor.check_clinic_secret(data_dir)
    assert found.status is Status.FIX
    assert found.detail == f"{data_dir / SECRET_NAME} is not a clinic secret (64 hex digits)"
    assert "restore it from a backup" in found.action


# -- the configuration -----------------------------------------------------------------------


def _levels(slug: str, config_dir: Path) -> list:
    from sensory_games.activities import load_activity_levels

    return load_activity_levels(slug, config_dir)


#: Every shipped level (tracing's change as its progression does).
SHIPPED_LEVELS = sum(len(_levels(slug, DEFAULT_CONFIG_DIR)) for slug in REGISTRY)


def test_the_shipped_configuration_is_ok_with_every_activity_counted(config_copy: Path) -> None:
    from sensory_games.activities import REGISTRY

    found = doctor.check_config(config_copy, REGISTRY, _levels)
    assert found.status is Status.OK
    assert found.detail.startswith(f"{config_copy}: the clinic's app.yaml, activities/")
    assert ", 8 more (`sensory-games config show` lists them); the rest shipped" in found.detail
    assert found.detail.endswith(
        f"checked {len(REGISTRY)} activities ({SHIPPED_LEVELS} levels) and 1 plan"
    )


def test_the_line_names_the_clinics_files_and_says_the_rest_are_shipped(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    (clinic / "plans").mkdir(parents=True)
    found = doctor.check_config(clinic, REGISTRY, _levels)
    assert found.status is Status.OK
    assert found.detail.startswith(f"{clinic}: no files yet, so all shipped; checked 7 ")
    (clinic / "app.yaml").write_text("display: {kiosk: true}\n", encoding="utf-8")
    (clinic / "plans" / "morning.yaml").write_text(
        "steps:\n  - {activity: bubbles, minutes: 2}\n", encoding="utf-8"
    )
    found = doctor.check_config(clinic, REGISTRY, _levels)
    assert found.detail == (
        f"{clinic}: the clinic's app.yaml, plans/morning.yaml; the rest shipped; "
        f"checked 7 activities ({SHIPPED_LEVELS} levels) and 2 plans"
    )


def test_no_clinic_folder_on_the_platforms_own_path_is_ok_the_shipped_defaults(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("SENSORY_GAMES_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("sys.platform", "linux")
    found = doctor.check_config(None, REGISTRY, _levels)
    assert found.status is Status.OK
    assert found.detail.startswith(
        "no clinic folder yet: the shipped defaults (a clinic's own files would go in "
        f"{tmp_path / 'xdg' / 'sensory_games'}: `sensory-games config path`); checked 7 "
    )


@pytest.mark.parametrize("what", ["missing", "a file"])
def test_a_chosen_clinic_folder_that_is_not_one_is_to_fix(
    what: str, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "clinic"
    if what == "a file":
        folder.write_text("display: {kiosk: true}\n", encoding="utf-8")
    found = doctor.check_config(folder, ["calming"], _levels)
    assert found.status is Status.FIX
    expected = "is a file: the clinic" if what == "a file" else "no such folder: the clinic"
    assert found.detail.startswith(f"{folder}: {expected} configuration folder")
    assert "--config-dir" in found.detail
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(folder))
    found = doctor.check_config(None, ["calming"], _levels)
    assert found.status is Status.FIX and "$SENSORY_GAMES_CONFIG" in found.detail


def test_an_activity_file_named_after_no_activity_is_to_fix(config_copy: Path) -> None:
    (config_copy / "activities" / "bubbles.yaml").rename(config_copy / "activities" / "bubble.yaml")
    found = doctor.check_config(config_copy, ["bubbles"], _levels)
    assert found.status is Status.FIX
    assert found.detail.startswith(f"{config_copy / 'activities' / 'bubble.yaml'}: ")
    assert "no activity is called 'bubble'" in found.detail and "bubbles, calming" in found.detail


def test_a_plan_out_of_range_is_to_fix_naming_file_key_and_value(config_copy: Path) -> None:
    plan = config_copy / "plans" / "long.yaml"
    plan.write_text("steps:\n  - {activity: bubbles, minutes: 99}\n", encoding="utf-8")
    found = doctor.check_config(config_copy, REGISTRY, _levels)
    assert found.status is Status.FIX
    assert found.detail == f"{plan}: steps[0].minutes = 99: 0.5 to 60.0"


def test_a_shipped_plan_is_checked_too(config_copy: Path) -> None:
    # (a plan naming an activity the levels were not counted for cannot be given)
    found = doctor.check_config(config_copy, ["bubbles"], _levels)
    assert found.status is Status.FIX
    assert found.detail.startswith(f"{config_copy / 'plans' / 'calm-start.yaml'}: steps[0]")


def test_a_plan_file_whose_name_is_no_plan_name_is_to_fix(config_copy: Path) -> None:
    plan = config_copy / "plans" / "Morning Diet.yaml"
    plan.write_text("steps:\n  - {activity: bubbles, minutes: 2}\n", encoding="utf-8")
    found = doctor.check_config(config_copy, REGISTRY, _levels)
    assert found.status is Status.FIX
    assert found.detail.startswith(f"{plan}: plan name 'Morning Diet': use 1 to 40 lower-case")


def test_an_app_yaml_that_is_a_folder_is_to_fix(config_copy: Path) -> None:
    (config_copy / "app.yaml").unlink()
    (config_copy / "app.yaml").mkdir()
    found = doctor.check_config(config_copy, REGISTRY, _levels)
    assert found.status is Status.FIX
    assert found.detail == f"{config_copy / 'app.yaml'}: is a folder: it must be a YAML file"


def test_a_broken_app_yaml_is_to_fix_naming_the_file_and_key(config_copy: Path) -> None:
    app = config_copy / "app.yaml"
    app.write_text(app.read_text().replace("fps: 60", "fps: 7"), encoding="utf-8")
    found = doctor.check_config(config_copy, ["bubbles"], _levels)
    assert found.status is Status.FIX
    assert str(app) in found.detail and "display.fps = 7" in found.detail
    assert "docs/config.md" in found.action


def test_a_broken_level_file_is_to_fix_naming_the_file_and_level(config_copy: Path) -> None:
    levels = config_copy / "activities" / "bubbles.yaml"
    levels.write_text(levels.read_text() + "  - objective: one more\n    nonsense: 1\n")
    found = doctor.check_config(config_copy, ["calming", "bubbles"], _levels)
    assert found.status is Status.FIX
    assert str(levels) in found.detail and "nonsense" in found.detail


# -- the screen, touch and sound -------------------------------------------------------------


def test_no_display_says_so_and_is_not_checked() -> None:
    found = doctor.check_screen(
        DisplayFacts("dummy", None, problem="SDL video driver 'dummy'"), DISPLAY
    )
    assert found.status is Status.WARN
    assert found.detail.startswith("no display in this session (SDL video driver 'dummy')")


def test_the_screen_size_and_density_and_where_the_density_came_from() -> None:
    found = doctor.check_screen(DisplayFacts("x11", (1920, 1200), dpi=None), DISPLAY)
    # hypot(1920, 1200) / 10.1 in = 224 px/in; 1920 px / 224.2 px/in = 217.5 mm
    assert found.status is Status.OK
    assert found.detail.startswith(
        "1920x1200 px (x11), 224 px/in from display.screen_diagonal_in = 10.1 in: 218 x 136 mm"
    )
    assert "reports no density" in found.detail
    agreeing = doctor.check_screen(DisplayFacts("x11", (1920, 1200), dpi=230.0), DISPLAY)
    assert agreeing.status is Status.OK and "230 px/in from the screen's own report" in (
        agreeing.detail
    )


def test_a_diagonal_that_disagrees_with_the_screen_is_a_warning() -> None:
    found = doctor.check_screen(DisplayFacts("kmsdrm", (1920, 1080), dpi=166.0), DISPLAY)
    assert found.status is Status.WARN
    assert "display.screen_diagonal_in = 10.1 in would give 218 px/in" in found.detail
    assert "measure the screen's diagonal" in found.action
    measured = replace(DISPLAY, dpi=166.0)
    assert doctor.check_screen(DisplayFacts("kmsdrm", (1920, 1080), 300.0), measured).status is (
        Status.OK
    )  # a measured dpi in app.yaml is taken as it is


@pytest.mark.parametrize("size", [(640, 480), (1024, 576), (480, 800)])
def test_a_screen_below_800x600_is_a_warning(size: tuple[int, int]) -> None:
    found = doctor.check_screen(DisplayFacts("x11", size), DISPLAY)
    assert found.status is Status.WARN and "smaller than 800x600" in found.detail
    assert doctor.check_screen(DisplayFacts("x11", (600, 800)), DISPLAY).status is Status.OK


def test_touch() -> None:
    assert doctor.check_touch(TouchFacts(2)) == Finding("touch", Status.OK, "2 touch devices")
    assert doctor.check_touch(TouchFacts(0)).status is Status.WARN
    not_asked = doctor.check_touch(TouchFacts(None, "no display in this session"))
    assert not_asked.status is Status.WARN and not_asked.detail.startswith("not checked: no")


def test_sound() -> None:
    assert doctor.check_audio(AudioFacts("pulseaudio", ("Speakers",))) == Finding(
        "audio", Status.OK, "pulseaudio: Speakers"
    )
    silent = doctor.check_audio(AudioFacts("dummy"))
    assert silent.status is Status.WARN and "SDL_AUDIODRIVER" in silent.action
    missing = doctor.check_audio(AudioFacts("alsa", problem="Couldn't open audio device"))
    assert missing.status is Status.FIX and "(Couldn't open audio device)" in missing.detail


def test_the_probes_answer_without_a_screen_instead_of_raising() -> None:
    """The tests run with SDL's dummy drivers (conftest): no screen, a silent mixer. SDL is
    left as it was found (an earlier test may have left the mixer open)."""
    import pygame

    before = (pygame.display.get_init(), pygame.mixer.get_init())
    assert device_probe.probe_display() == DisplayFacts(
        "dummy", None, problem="SDL video driver 'dummy'"
    )
    assert device_probe.probe_touch().devices is None
    assert device_probe.probe_audio().driver == "dummy"
    assert (pygame.display.get_init(), pygame.mixer.get_init()) == before


# -- the clock -------------------------------------------------------------------------------

BERLIN = ZoneFacts("Europe/Berlin", timedelta(hours=1))
BUILT = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def test_a_clock_before_the_apps_own_files_is_to_fix() -> None:
    found = doctor.check_clock(datetime(1970, 1, 1, 0, 5, tzinfo=timezone.utc), BERLIN, BUILT)
    assert found.status is Status.FIX
    assert "earlier than this app's own files (2026-11-30 12:00 UTC)" in found.detail
    assert "timedatectl set-ntp true" in found.action


def test_the_zone_is_named_with_its_offset_and_utc_is_a_warning() -> None:
    later = BUILT + timedelta(days=3)
    berlin = doctor.check_clock(later, BERLIN, BUILT)
    assert berlin.status is Status.OK and "zone Europe/Berlin (UTC+1)" in berlin.detail
    india = doctor.check_clock(later, ZoneFacts("Asia/Kolkata", timedelta(hours=5.5)), None)
    assert "(UTC+5.5)" in india.detail
    utc = doctor.check_clock(later, ZoneFacts("Etc/UTC", timedelta(0)), BUILT)
    assert utc.status is Status.WARN and "set-timezone" in utc.action


@pytest.mark.parametrize(
    ("tz", "name"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        (":America/New_York", "America/New_York"),
        ("/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
        ("UTC", "UTC"),
    ],
)
def test_the_zone_name_comes_from_tz_when_set(tz: str, name: str) -> None:
    assert doctor.local_zone(environ={"TZ": tz}).name == name


def test_the_apps_files_are_dated_by_the_newest(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for path, stamp in [
        (tmp_path / "a.py", 1_700_000_000),
        (tmp_path / "sub" / "b.py", 1_800_000_000),
    ]:
        path.write_text("")
        os.utime(path, (stamp, stamp))
    assert doctor.app_files_date(tmp_path) == datetime.fromtimestamp(1_800_000_000, timezone.utc)
    assert doctor.app_files_date(tmp_path / "empty") is None


def test_the_worst_finding_decides() -> None:
    ok, warn, fix = (Finding("x", status, "") for status in Status)
    assert doctor.worst([ok, warn, ok]) is Status.WARN
    assert doctor.worst([warn, fix]) is Status.FIX and doctor.worst([]) is Status.OK


# -- the command -----------------------------------------------------------------------------

CHECKS = [
    "config",
    "screen",
    "touch",
    "audio",
    "data folder",
    "PIN",
    "clinic secret",
    "clock",
    "translations",
    "pictures",
    "voice",
]


def _lines(out: str) -> dict[str, str]:
    lines = out.strip().splitlines()
    assert len(lines) == len(CHECKS) + 1
    return {check: line for check, line in zip(CHECKS, lines[:-1], strict=True)} | {
        "verdict": lines[-1]
    }


def test_the_command_prints_one_line_per_check_and_fails_on_a_missing_pin(
    data_dir: Path, capsys
) -> None:
    code = main(["doctor", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    lines = _lines(out)
    assert code == doctor_command.EXIT_SOMETHING_TO_FIX and err == ""
    for check in CHECKS:
        status, _, rest = lines[check].partition(" ")
        assert status in ("OK", "WARN", "FIX") and rest.lstrip().startswith(check)
    assert lines["PIN"].startswith("FIX   PIN           no adults' PIN is set")
    assert " -> set one before the device goes out" in lines["PIN"]
    assert lines["screen"].startswith("WARN  screen        no display in this session")
    assert lines["verdict"].startswith("not ready: 1 to fix, ")


def test_the_command_exits_0_when_nothing_is_to_fix(data_dir: Path, capsys) -> None:
    _pin(data_dir)
    clinic_secret(data_dir)
    assert main(["doctor", "--data-dir", str(data_dir)]) == doctor_command.EXIT_READY
    lines = _lines(capsys.readouterr()[0])
    assert lines["PIN"].startswith("OK    PIN") and "FIX" not in lines["verdict"]
    assert lines["verdict"].startswith("ready: 0 to fix, ")


def test_the_command_names_a_broken_config_and_still_checks_the_rest(
    data_dir: Path, config_copy: Path, monkeypatch, capsys
) -> None:
    _pin(data_dir)
    (config_copy / "app.yaml").write_text("display:\n  kiosk: maybe\n", encoding="utf-8")
    monkeypatch.setenv("SENSORY_GAMES_CONFIG", str(config_copy))
    assert main(["doctor", "--data-dir", str(data_dir)]) == 1
    out, err = capsys.readouterr()
    lines = _lines(out)
    assert lines["config"].startswith(f"FIX   config        {config_copy / 'app.yaml'}: ")
    assert "display.kiosk = 'maybe'" in lines["config"] and "Traceback" not in out + err
    assert lines["PIN"].startswith("OK    PIN")


def test_a_nearly_full_disk_fails_the_command(data_dir: Path) -> None:
    _pin(data_dir)
    found = doctor_command.findings(str(data_dir), free=lambda _folder: 10 * MB)
    assert [f.check for f in found] == CHECKS
    assert [f.check for f in found if f.status is Status.FIX] == ["data folder"]


def test_a_clock_set_back_fails_the_command(data_dir: Path) -> None:
    _pin(data_dir)
    back = datetime(2001, 1, 1, tzinfo=timezone.utc)
    found = doctor_command.findings(str(data_dir), now=lambda: back, free=PLENTY)
    assert [f.check for f in found if f.status is Status.FIX] == ["clock"]


def test_the_command_fails_on_a_missing_clinic_folder_and_checks_the_rest(
    data_dir: Path, tmp_path: Path, capsys
) -> None:
    _pin(data_dir)
    missing = tmp_path / "nonexistent"
    code = main(["doctor", "--data-dir", str(data_dir), "--config-dir", str(missing)])
    lines = _lines(capsys.readouterr()[0])
    assert code == doctor_command.EXIT_SOMETHING_TO_FIX
    assert lines["config"].startswith(f"FIX   config        {missing}: no such folder: ")
    assert "chosen with --config-dir" in lines["config"]
    assert lines["PIN"].startswith("OK    PIN") and lines["verdict"].startswith("not ready: 1 ")


def test_a_clip_cut_short_or_missing_is_named_by_doctor_in_the_readers_language(tmp_path) -> None:
    """The player meets a broken clip only when about to say it (and then says nothing):
    doctor looks at every prompt in every language, the clinic's recordings first."""
    from sensory_games.domain.language import words
    from sensory_games.domain.sentence import render
    from sensory_games.domain.voice_clip import wav_bytes
    from sensory_games.services.doctor_assets import check_voice
    from sensory_games.ui.voice import clip_problems

    assert check_voice(clip_problems(tmp_path)).status is Status.OK  # (the shipped clips)
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "goal_bubbles.wav").write_bytes(b"RIFF cut")  # (not a WAV file)
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "praise_well_done.wav").write_bytes(wav_bytes(np.zeros(441)))  # (20 ms)
    found = check_voice(clip_problems(tmp_path))
    assert found.status is Status.WARN
    said = render(found.detail, words("es"))
    assert "goal_bubbles (es)" in said and "no es un archivo WAV" in said
    assert "praise_well_done (zh)" in said and "20 ms" in said
