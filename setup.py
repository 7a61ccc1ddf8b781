"""Build step that pyproject.toml cannot declare: record the git commit in the build.

A wheel or sdist built from a git checkout gets `sensory_games/_build.py` holding the
commit's label (sensory_games/version.py), so an installed app's `app_version` names the
exact code even where no git is. Everything else about the package is in pyproject.toml.

- build_py (wheels): writes `_build.py` into the build folder, never into the checkout.
  An editable install writes none: it runs the checkout's code, which asks git itself.
- sdist: writes `_build.py` into the archive, so a wheel later built from that sdist
  (where there is no .git) still carries the commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # a build's own interpreter may not see the checkout

from sensory_games.version import build_module_text, checkout_label  # noqa: E402

BUILD_FILE = Path("sensory_games", "_build.py")


def _write_label(base: Path) -> None:
    """Write `_build.py` under `base` when this checkout's git names a commit. Without
    one, an sdist's own `_build.py` (copied in as a module) stays, and a stale one left
    in the build folder by an earlier build goes."""
    target = base / BUILD_FILE
    label = checkout_label(HERE)
    if label is None and (HERE / BUILD_FILE).exists():
        return
    target.unlink(missing_ok=True)  # also never writes through an sdist tree's hard link
    if label is not None:
        target.write_text(build_module_text(label), encoding="utf-8")


class BuildPyWithCommit(build_py):
    """build_py, then the commit label into the build folder (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            _write_label(Path(self.build_lib))


class SdistWithCommit(sdist):
    """sdist whose archive carries the commit label of the checkout it was made from."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        _write_label(Path(base_dir))


setup(cmdclass={"build_py": BuildPyWithCommit, "sdist": SdistWithCommit})
