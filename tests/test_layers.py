"""The layers hold: the domain (records, outcomes, pointer events, scoring, timing,
mastery, intensity, schemas), storage and the services above it (export, merge, bundles,
plans, configuration) load no pygame, no activity and no engine, so they can be used and
tested without a screen, and storage stays a leaf a new backend can replace."""

from __future__ import annotations

import subprocess
import sys

import pytest

BELOW_THE_ENGINE = (
    "sensory_games.storage",
    "sensory_games.records",
    "sensory_games.outcome",
    "sensory_games.pointer",
    "sensory_games.aliases",
    "sensory_games.check_in",
    "sensory_games.intensity",
    "sensory_games.profile",
    "sensory_games.schema",
    "sensory_games.mastery",
    "sensory_games.dates",
    "sensory_games.clock",
    "sensory_games.scoring",
    "sensory_games.path_scoring",
    "sensory_games.geometry",
    "sensory_games.beat_timing",
    "sensory_games.pin",
    "sensory_games.pseudonyms",
    "sensory_games.private_files",
    "sensory_games.export",
    "sensory_games.merge",
    "sensory_games.bundle",
    "sensory_games.plans",
    "sensory_games.config",
    "sensory_games.services.levels",
)
ABOVE = ("pygame", "sensory_games.activities", "sensory_games.scenes", "sensory_games.app")


@pytest.mark.parametrize("module", BELOW_THE_ENGINE)
def test_a_module_below_the_engine_loads_no_pygame_activity_or_scene(module: str) -> None:
    """Imported in a fresh interpreter (this one has pygame loaded already)."""
    probe = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[:2] != [''] and "
        f"any(m == a or m.startswith(a + '.') for a in {ABOVE!r})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert loaded == "[]", f"{module} loads {loaded}"
