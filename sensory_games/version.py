"""Which build of the app is running: the version plus the git commit it was built from.

Every attempt stores this (`app_version`), so a number in a progress note can be traced
to the exact code that measured it. The version itself lives in one place,
`sensory_games.__version__` (pyproject.toml reads it from there); this module adds the
commit as a PEP 440 local label:

    0.2.0+g1a2b3c4          built from commit 1a2b3c4
    0.2.0+g1a2b3c4.dirty    ... with changes to tracked files not yet committed
    0.2.0                   neither the build nor git can say which commit

Where the commit comes from:
- An installed wheel or sdist: the build wrote it into `sensory_games/_build.py`
  (setup.py, from the git checkout the build ran in); git is never asked.
- A checkout or editable install (no `_build.py`): git is asked once per process, with a
  time limit, and stays quiet when git or the checkout's `.git` is missing.

Imports nothing of ours but `__version__`, and no pygame, so every layer and setup.py
may use it.
"""

from __future__ import annotations

import functools
import importlib
import os
from pathlib import Path

from sensory_games import __version__

#: The module a build writes the commit into (setup.py); absent in a checkout.
BUILD_MODULE = "sensory_games._build"
#: The folder that holds the package: a git checkout's root when run from one.
CHECKOUT = Path(__file__).resolve().parent.parent
#: How long git may take to answer before the plain version is used (seconds).
GIT_TIMEOUT_S = 5.0
#: Hex digits of the commit kept in the label (git's usual short form).
COMMIT_DIGITS = 7


def checkout_label(root: Path) -> str | None:
    """The local label ("g1a2b3c4", or "g1a2b3c4.dirty" when a tracked file differs from
    the commit) of the git checkout whose top folder is `root`; None when `root` is not
    a checkout's top (no `.git` there: an installed package is not labelled by a checkout
    it happens to sit in), git is missing, fails, has no commit yet or takes too long.

    One `git status` gives both the commit and the changes. Untracked files do not count
    (output folders, a clinic's data); optional locks are off so a concurrent git command
    in the same checkout is never blocked by this one."""
    if not (root / ".git").exists():
        return None
    import subprocess  # (here: not a module a launcher's first frame waits for)

    try:
        answer = subprocess.run(
            ["git", "status", "--porcelain=v2", "--branch", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_S,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if answer.returncode != 0:
        return None
    lines = answer.stdout.splitlines()
    commit = next((ln.split()[2] for ln in lines if ln.startswith("# branch.oid ")), "")
    if len(commit) < COMMIT_DIGITS or not all(c in "0123456789abcdef" for c in commit):
        return None  # "(initial)": a checkout with no commit yet
    dirty = any(not ln.startswith("#") for ln in lines)
    return f"g{commit[:COMMIT_DIGITS]}" + (".dirty" if dirty else "")


def built_label() -> str | None:
    """The label a wheel or sdist build wrote into `_build.py`; None when there is none
    (a checkout, an editable install) or it holds no usable label."""
    try:
        module = importlib.import_module(BUILD_MODULE)
    except ImportError:
        return None
    label = getattr(module, "LABEL", None)
    return label if isinstance(label, str) and label else None


@functools.lru_cache(maxsize=1)
def build_version() -> str:
    """This build's exact version: `__version__`, plus "+" and the commit's label when
    the build recorded one or the checkout's git can say (asked once per process)."""
    label = built_label() or checkout_label(CHECKOUT)
    return f"{__version__}+{label}" if label else __version__


def build_module_text(label: str) -> str:
    """The source of `_build.py` for `label` (what setup.py writes into a build)."""
    return (
        '"""Written by the build (setup.py) from the git checkout it ran in: the commit\n'
        'sensory_games.version.build_version() adds to the version. Do not edit."""\n\n'
        f"LABEL = {label!r}\n"
    )
