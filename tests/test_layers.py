"""The layers hold: the domain (records, outcomes, pointer events, scoring, timing,
mastery, intensity, schemas), storage and the services above it (export, merge, bundles,
plans, configuration) load no pygame, no activity and no engine, so they can be used and
tested without a screen, and storage stays a leaf a new backend can replace. Nothing
outside storage/ reaches the log's connection or storage.transfer: every read and write
goes through the Repository (and the RecordStore it hands out)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BELOW_THE_ENGINE = (
    "sensory_games.storage",
    "sensory_games.domain.records",
    "sensory_games.domain.outcome",
    "sensory_games.domain.pointer",
    "sensory_games.domain.aliases",
    "sensory_games.domain.check_in",
    "sensory_games.domain.intensity",
    "sensory_games.domain.profile",
    "sensory_games.domain.schema",
    "sensory_games.domain.mastery",
    "sensory_games.domain.dates",
    "sensory_games.domain.clock",
    "sensory_games.domain.scoring",
    "sensory_games.domain.path_scoring",
    "sensory_games.domain.geometry",
    "sensory_games.domain.beat_timing",
    "sensory_games.domain.pin",
    "sensory_games.domain.pseudonyms",
    "sensory_games.services.private_files",
    "sensory_games.services.export",
    "sensory_games.services.merge",
    "sensory_games.services.bundle",
    "sensory_games.services.plans",
    "sensory_games.domain.config",
    "sensory_games.services.levels",
    "sensory_games.services.child_session",
    "sensory_games.services.error_log",
    "sensory_games.services.doctor",
    "sensory_games.domain.report_spec",
)
ABOVE = (
    "pygame",
    "sensory_games.activities",
    "sensory_games.engine.scenes",
    "sensory_games.engine.app",
)


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


PACKAGE = Path(__file__).resolve().parent.parent / "sensory_games"
STORAGE_INTERNALS = "sensory_games.storage.transfer"


def _reaches_into_storage(source: str) -> list[tuple[int, str]]:
    """(line, what) of each `.connection` and each import of storage.transfer in
    `source`, in line order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "connection":
            found.append((node.lineno, ".connection"))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, f"import {alias.name}")
                for alias in node.names
                if alias.name == STORAGE_INTERNALS
            ]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names = {f"{node.module}.{alias.name}" for alias in node.names}
            if node.module == STORAGE_INTERNALS or STORAGE_INTERNALS in names:
                found.append((node.lineno, f"from {node.module} import"))
    return sorted(found)


def test_nothing_outside_storage_reaches_the_connection_or_storage_transfer() -> None:
    """One path into storage: the Repository's methods, its transfer() (a RecordStore)
    and its transaction(); the connection and the SQL stay inside storage/."""
    example = (
        "from sensory_games.storage import Repository, transfer\n"
        "import sensory_games.storage.transfer\n"
        "from sensory_games.storage.transfer import owners\n"
        "rows = repository.connection.execute('SELECT 1')\n"
        "store = repository.transfer()\n"  # the way in: allowed
    )
    assert _reaches_into_storage(example) == [
        (1, "from sensory_games.storage import"),
        (2, "import sensory_games.storage.transfer"),
        (3, "from sensory_games.storage.transfer import"),
        (4, ".connection"),
    ]
    outside = [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "storage"
    ]
    assert len(outside) > 50  # the whole package was scanned, not an empty folder
    reaching = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {what}"
        for path in outside
        for line, what in _reaches_into_storage(path.read_text(encoding="utf-8"))
    ]
    assert reaching == [], "reaches into storage from outside it:\n" + "\n".join(reaching)
