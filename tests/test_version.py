"""The exact build every attempt records (sensory_games/version.py and setup.py): the
version plus the commit, from the build's own file, else from the checkout's git, else
the plain version; and one place for the version itself."""

from __future__ import annotations

import re
import subprocess
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sensory_games import __version__, version
from sensory_games.version import BUILD_MODULE, build_version, checkout_label

ROOT = Path(__file__).resolve().parent.parent
HAS_GIT = subprocess.run(["git", "--version"], capture_output=True, check=False).returncode == 0
needs_git = pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
needs_checkout = pytest.mark.skipif(
    not (HAS_GIT and (ROOT / ".git").exists()), reason="not run from a git checkout"
)


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """build_version() asks once per process: each test asks afresh, and leaves no
    answer of its own behind for the other tests."""
    build_version.cache_clear()
    yield
    build_version.cache_clear()


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A git checkout with one commit of one tracked file."""
    folder = tmp_path / "checkout"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "levels.yaml").write_text("level: 1\n", encoding="utf-8")
    git(folder, "add", "levels.yaml")
    git(folder, "commit", "-q", "-m", "first")
    return folder


def test_the_version_is_written_once_and_pyproject_reads_it_from_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^dynamic = \["version"\]', pyproject, re.M)
    assert not re.search(r"^version = \"", pyproject, re.M)  # no literal version
    assert 'version = {attr = "sensory_games.__version__"}' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    written = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "sensory_games").rglob("*.py"))
        if re.search(r"^__version__ = ", path.read_text(encoding="utf-8"), re.M)
    ]
    assert written == ["sensory_games/__init__.py"]


@needs_git
def test_a_checkout_is_labelled_by_its_commit(checkout: Path) -> None:
    commit = git(checkout, "rev-parse", "HEAD")
    assert checkout_label(checkout) == f"g{commit[:7]}"


@needs_git
def test_a_changed_tracked_file_makes_it_dirty_an_untracked_one_does_not(checkout: Path) -> None:
    commit = git(checkout, "rev-parse", "HEAD")[:7]
    (checkout / "export.csv").write_text("an output file\n", encoding="utf-8")
    assert checkout_label(checkout) == f"g{commit}"
    (checkout / "levels.yaml").write_text("level: 2\n", encoding="utf-8")
    assert checkout_label(checkout) == f"g{commit}.dirty"
    git(checkout, "commit", "-q", "-am", "second")
    assert checkout_label(checkout) == f"g{git(checkout, 'rev-parse', 'HEAD')[:7]}"


@needs_git
def test_no_label_without_a_commit_or_outside_the_checkout_top(
    checkout: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    assert checkout_label(empty) is None  # no commit yet
    inside = checkout / "venv" / "site-packages"  # a package installed inside a checkout
    inside.mkdir(parents=True)
    assert checkout_label(inside) is None
    assert checkout_label(tmp_path) is None  # no checkout at all


@needs_git
def test_without_git_on_the_path_the_plain_version_quietly(
    checkout: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(version, "CHECKOUT", checkout)
    assert checkout_label(checkout) is None
    assert build_version() == __version__
    assert capfd.readouterr() == ("", "")


@needs_checkout
def test_this_checkout_runs_as_its_own_commit() -> None:
    commit = git(ROOT, "rev-parse", "HEAD")[:7]
    assert re.fullmatch(rf"{re.escape(__version__)}\+g{commit}(\.dirty)?", build_version())


def test_a_build_file_names_the_commit_even_where_git_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = types.ModuleType(BUILD_MODULE)
    built.LABEL = "g1a2b3c4"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, BUILD_MODULE, built)
    monkeypatch.setenv("PATH", "")
    assert build_version() == f"{__version__}+g1a2b3c4"


def test_git_is_asked_once_per_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    asked: list[Path] = []
    monkeypatch.setattr(version, "checkout_label", lambda root: asked.append(root) or "gabc1234")
    assert build_version() == build_version() == f"{__version__}+gabc1234"
    assert asked == [version.CHECKOUT]


@needs_checkout
@pytest.mark.packaging
def test_a_wheel_built_from_the_checkout_carries_its_commit(tmp_path: Path) -> None:
    """The real build (pip, setup.py's build_py) writes _build.py into the wheel, and the
    unpacked wheel reports that commit in a process with no git on its PATH. (A wheel
    build, ~5-8 s of both cores: run with the other builds by `make test-packaging`.)"""
    label = checkout_label(ROOT)
    assert label is not None
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("sensory_games-*.whl")
    assert wheel.name.startswith(f"sensory_games-{__version__}-")
    unpacked = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    assert f"LABEL = {label!r}" in (unpacked / "sensory_games" / "_build.py").read_text()
    assert not (ROOT / "sensory_games" / "_build.py").exists()  # never in the checkout
    reported = subprocess.run(
        [sys.executable, "-c", "from sensory_games.version import build_version as b; print(b())"],
        cwd=tmp_path,
        env={"PATH": "", "PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert reported == f"{__version__}+{label}"
