"""Headless test set-up: SDL dummy drivers before pygame is imported, temp data folders,
and an App factory driven by a virtual clock."""

from __future__ import annotations

import os
import shutil
import tempfile

from temp_root import make_run_folder

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ.pop("SENSORY_GAMES_DATA", None)
# Processes the tests start get a temporary folder of the test run's own (a fallback file
# of unsaved records that found no room elsewhere goes there, never into the machine's),
# and so do the tests (below: tmp_path is made in it, and goes when the run ends).
os.environ["TMPDIR"] = make_run_folder()
# ... and a clinic configuration folder of their own, empty (nothing over the shipped
# defaults), never the user's own (~/.config/sensory_games); made, as a folder chosen by
# name must exist.
os.environ["SENSORY_GAMES_CONFIG"] = tempfile.mkdtemp("", "clinic-config-", os.environ["TMPDIR"])

from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest
from hypothesis import settings

# The real PostgreSQL the server tests need (marked `server`): tests/server_fixtures.py.
from server_fixtures import postgres, postgres_tls  # noqa: F401
from sync_clinic import clinic  # noqa: F401  (a clinic on that server, for the sync tests)

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import DEFAULT_CONFIG_DIR, AppConfig, load_app_config
from sensory_games.domain.outcome import Result
from sensory_games.engine.app import App
from sensory_games.engine.sample_clinic import SampleClinic
from sensory_games.storage import Repository

tempfile.tempdir = os.environ["TMPDIR"]  # (read when the first tmp_path is made)

# The shared helpers' asserts say what they compared, as the tests' own do (registered
# before any test module imports them).
pytest.register_assert_rewrite("helpers", "waits")

# The suite gives the same answer every run (CI must not turn red by chance); explore new
# examples locally with: pytest --hypothesis-seed=<n>.
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.load_profile("repeatable")


#: The longest tests (every screen of the app at one clinic screen, every voice clip made
#: again, every screenshot, the killed syncs, the fuzzed logs, the flash checks: 5-60 s
#: each, from `pytest --durations=40`), dealt out first: `pytest -n 2` then ends on short
#: tests in both processes, not one of them still on a long test dealt out last while the
#: other has nothing left.
LONGEST_FIRST = (
    "test_layout_check.py::test_every_screen_meets_every_rule_at_every_density",
    "test_screen_languages.py::test_every_screen_meets_every_rule_in_every_language",
    "test_voice_clips.py::test_make_voices_gives_the_same_bytes_again",
    "test_screenshots_script.py::test_the_screens_are_shot_in_a_language_the_activities_picked_by_slug",
    "test_screenshots_script.py::test_the_screenshot_script_renders_every_screen_and_a_contact_sheet",
    "test_sync_faults.py::test_a_sync_killed_anywhere_leaves_no_double_and_no_gap",
    "test_records.py::test_any_valid_log_survives_export_merge_export_byte_for_byte",
    "test_records.py::test_a_fuzzed_export_is_refused_in_one_line_or_read_by_every_reader",
    "test_safety_check.py::test_the_reward_celebration_never_flashes",
    "test_safety.py::test_a_blinking_dot_in_the_far_corner_is_seen_at_any_size",
    "test_safety.py::test_three_flashes_a_second_pass_and_three_and_a_half_fail",
    "test_recorded_metrics.py::test_every_level_played_by_the_bot_records_only_declared_metrics",
    "test_screen_languages.py::test_every_word_of_the_screens_draws_without_a_box_in_every_language",
    "test_report_languages.py::test_the_whole_report_is_in_the_clinics_language",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of :data:`LONGEST_FIRST` before the rest; each part keeps its order (the
    same in every test process, as pytest-xdist requires)."""
    items.sort(key=lambda item: not item.nodeid.split("[")[0].endswith(LONGEST_FIRST))


@pytest.fixture(autouse=True)
def _no_display_leak() -> Iterator[None]:
    """Every test starts without a window and leaves none behind."""
    yield
    pygame.display.quit()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A run with failed tests keeps its temporary folder (each failed test's files) until
    the next run starts (temp_root.clear_left_behind), and says where it is."""
    if session.testsfailed:
        session.config.stash[KEEP_FILES] = True


KEEP_FILES = pytest.StashKey[bool]()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's temporary folder goes when the run ends (kept after a failed test)."""
    if config.stash.get(KEEP_FILES, False):
        if not hasattr(config, "workerinput"):  # (said once, by the run, not each worker)
            print(f"\nThe failed tests' files are kept in {os.environ['TMPDIR']}")
        return
    shutil.rmtree(os.environ["TMPDIR"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last place a fallback file of unsaved records may go is the system's temporary
    folder: each test gets its own, so tests never see each other's files."""
    from sensory_games.services import outbox

    monkeypatch.setattr(outbox, "private_temp_folder", lambda: tmp_path / "system-temp")


@pytest.fixture(autouse=True)
def _no_picture_problems_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that draws a missing or broken picture on purpose leaves its problem with
    that test: the app tells the adult of every one it knows of (warnings on the adult
    menu), which would change every later test's screens."""
    from sensory_games.ui import pictures

    monkeypatch.setattr(pictures, "_failures", {})


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def repository(data_dir: Path) -> Iterator[Repository]:
    repo = Repository(data_dir)
    yield repo
    repo.close()


@pytest.fixture
def config() -> AppConfig:
    return load_app_config()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


AppFactory = Callable[..., App]


@pytest.fixture
def make_app(
    config: AppConfig, repository: Repository, clock: VirtualClock
) -> Iterator[AppFactory]:
    """Build a headless App (default 1280x800) on the virtual clock. Afterwards every sound
    still playing is stopped: the mixer is the process's, and a reward's chime still
    sounding (the dummy driver plays in real time) would leave the next test's sounds
    no free voice, so they would be skipped."""

    def build(size: tuple[int, int] = (1280, 800), **kwargs: object) -> App:
        return App(config, repository, clock, window_size=size, headless=True, **kwargs)

    yield build
    if pygame.mixer.get_init():
        pygame.mixer.stop()


BotResult = Callable[[str, int, int, float], Result]


@pytest.fixture
def bot_result(make_app: AppFactory, clock: VirtualClock, repository: Repository) -> BotResult:
    """`bot_result(slug, level, seed, skill)`: the guest's attempt at `slug` played by its
    bot through a fresh headless app, with the autoplay loop itself (until saved, or
    stored as timed out); the attempt's Result."""
    from helpers import on_the_menu

    from sensory_games.cli.autoplay import play_attempt

    def play(slug: str, level: int, seed: int, skill: float) -> Result:
        app = make_app()
        on_the_menu(app, repository)
        return play_attempt(app, clock, slug, level, seed=seed, skill=skill).result

    return play


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped defaults to break on purpose (a clinic folder that
    replaces every shipped file)."""
    target = tmp_path / "configs"
    shutil.copytree(DEFAULT_CONFIG_DIR, target)
    return target


@pytest.fixture(scope="session")
def sample_clinic_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[SampleClinic, Path]:
    """The sample clinic (engine/sample_clinic.py: 40 children, long and non-Latin aliases,
    weeks of history, a 30-step plan) as `sensory-games layout-check` makes it (the history
    ends at a fresh VirtualClock's time), made once per test process (about 3 s of CPU each
    time) for every test that looks at it: what was made and its folder (the log in data/,
    the configuration in clinic/). Read only: a test that writes to the log, or opens it,
    copies the folder first (a few ms), as `check_screen` does."""
    from sensory_games.engine.sample_clinic import make_sample_clinic

    folder = tmp_path_factory.mktemp("sample-clinic")
    return make_sample_clinic(folder, VirtualClock()), folder


@pytest.fixture(scope="session")
def sample_clinic(sample_clinic_made: tuple[SampleClinic, Path]) -> tuple[AppConfig, Path]:
    """The process's sample clinic (:func:`sample_clinic_made`) as the layout check takes
    it: its configuration and its log's folder (read only)."""
    folder = sample_clinic_made[1]
    return load_app_config(folder / "clinic"), folder / "data"


@pytest.fixture
def layout_check_on_the_sample(
    sample_clinic: tuple[AppConfig, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sensory-games layout-check` run in this test checks the process's sample clinic
    instead of making its own: the same clinic (a fixed seed), without its 5 s."""
    from contextlib import nullcontext

    from sensory_games.engine import layout_check

    monkeypatch.setattr(layout_check, "sample_clinic", lambda: nullcontext(sample_clinic))
