"""The layers hold: the domain (records, outcomes, pointer events, scoring, timing,
mastery, intensity, schemas), storage and the services above it (export, merge, bundles,
plans, configuration) load no pygame, no activity and no engine, so they can be used and
tested without a screen, and storage stays a leaf a new backend can replace. Nothing
outside storage/ reaches the log's connection or storage.transfer: every read and write
goes through the Repository (and the RecordStore it hands out)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sensory_games"
#: Every module of the layers below the engine (found, not listed, so a new one is held too).
BELOW_THE_ENGINE = tuple(
    "sensory_games."
    + ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
    for layer in ("domain", "storage", "services")
    for path in sorted((PACKAGE / layer).rglob("*.py"))
)
ABOVE = (
    "pygame",
    "sensory_games.activities",
    "sensory_games.engine.scenes",
    "sensory_games.engine.app",
)


PROBE = Path(__file__).resolve().parent / "import_probe.py"


def _loaded_above(modules: tuple[str, ...]) -> dict[str, list[str]]:
    """For each of `modules`, imported alone in an interpreter of its own (this one has
    pygame loaded already; tests/import_probe.py): the modules of ABOVE its import loaded
    (sorted), or the error it raised. Also "(the shared libraries)": what the libraries
    loaded before each import loaded of ABOVE."""
    done = subprocess.run(
        [sys.executable, str(PROBE), json.dumps(ABOVE), *modules],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def loaded_alone() -> dict[str, list[str]]:
    """Every module below the engine imported alone: what each loaded of ABOVE."""
    return _loaded_above(BELOW_THE_ENGINE)


@pytest.mark.parametrize("module", BELOW_THE_ENGINE)
def test_a_module_below_the_engine_loads_no_pygame_activity_or_scene(
    module: str, loaded_alone: dict[str, list[str]]
) -> None:
    """Imported alone in an interpreter that has loaded nothing above."""
    assert loaded_alone["(the shared libraries)"] == []
    assert loaded_alone[module] == [], f"{module} loads {loaded_alone[module]}"


def test_the_probe_names_what_a_module_loads_each_alone() -> None:
    """The probe sees an import above the layer (the engine's app loads pygame and the
    scenes), each module alone: one imported after the app is not blamed, and the app
    imported after it is still seen."""
    app, geometry = "sensory_games.engine.app", "sensory_games.domain.geometry"
    found = _loaded_above((app, geometry, app))
    assert "pygame" in found[app] and "sensory_games.engine.scenes" in found[app]
    assert found[geometry] == []
    assert _loaded_above(("sensory_games.no_such_module",))["sensory_games.no_such_module"][
        0
    ].startswith("error: ModuleNotFoundError")


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


#: Each layer and the layers its modules may import (its own included). Nothing points
#: upward: the domain uses nothing of ours, storage only the domain, the services storage
#: and the domain; the ui toolkit draws over the domain; activities are plug-ins over the
#: domain and the ui toolkit (never the log, the host, the services or the command line);
#: the engine hosts the activities; the command line may use everything.
MAY_IMPORT = {
    "domain": {"domain"},
    "storage": {"domain", "storage"},
    "services": {"domain", "storage", "services"},
    "ui": {"domain", "ui"},
    "activities": {"domain", "ui", "activities"},
    "engine": {"domain", "storage", "services", "ui", "activities", "engine"},
    "cli": {"domain", "storage", "services", "ui", "activities", "engine", "cli"},
}


def _imports_above(layer: str, source: str) -> list[tuple[int, str]]:
    """(line, module) of each import in `source` (a module of `layer`) of a layer of ours
    that `layer` may not use; `from sensory_games import x` counts as importing x."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "sensory_games":
            modules = [f"sensory_games.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            modules = [node.module]
        else:
            continue
        found += [
            (node.lineno, module)
            for module in modules
            if module.split(".")[0] == "sensory_games"
            and module.split(".")[1:2] != []
            and module.split(".")[1] in MAY_IMPORT
            and module.split(".")[1] not in MAY_IMPORT[layer]
        ]
    return sorted(found)


def test_the_check_finds_every_import_above_the_layer_and_lets_the_allowed_ones_be() -> None:
    example = (
        "from sensory_games.storage import Repository\n"
        "import sensory_games.engine.app\n"
        "from sensory_games.services.levels import LevelBook\n"
        "from sensory_games.cli import main\n"
        "from sensory_games.domain.outcome import Result\n"
        "from sensory_games.ui.art import mix\n"
        "import sensory_games.activities.base\n"
        "from sensory_games import __version__, services\n"
        "import storage\n"  # not ours: a third-party name
    )
    assert _imports_above("activities", example) == [
        (1, "sensory_games.storage"),
        (2, "sensory_games.engine.app"),
        (3, "sensory_games.services.levels"),
        (4, "sensory_games.cli"),
        (8, "sensory_games.services"),
    ]
    assert _imports_above("cli", example) == []
    assert _imports_above("domain", example)[-1] == (8, "sensory_games.services")


#: Folders of the package that hold data, not code (the shipped default configuration):
#: no layer, so they may hold no module.
DATA_FOLDERS = {"defaults", "locale", "assets"}


def test_every_folder_of_the_package_is_a_layer_with_its_rule() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders - DATA_FOLDERS == MAY_IMPORT.keys()


@pytest.mark.parametrize("folder", sorted(DATA_FOLDERS))
def test_a_data_folder_holds_data_and_no_code(folder: str) -> None:
    files = [p for p in (PACKAGE / folder).rglob("*") if p.is_file()]
    assert files, f"{folder}/ is empty"
    assert [p for p in files if p.suffix == ".py"] == [], f"{folder}/ holds code: not a layer"


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_no_module_imports_a_layer_above_its_own(layer: str) -> None:
    """Activities import no storage, no engine, no services; storage is a leaf over the
    domain; the domain imports nothing of ours; and so on up (MAY_IMPORT)."""
    modules = sorted((PACKAGE / layer).rglob("*.py"))
    assert modules, f"{layer}/ has no modules"
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {module}"
        for path in modules
        for line, module in _imports_above(layer, path.read_text(encoding="utf-8"))
    ]
    assert found == [], f"{layer}/ imports above its layer:\n" + "\n".join(found)


@pytest.mark.parametrize("driver", ["sqlite3", "psycopg"])
def test_only_storage_speaks_sql(driver: str) -> None:
    """A new backend replaces storage/ alone: no other module imports sqlite3 or the
    clinic server's driver, psycopg (what the services catch, they take from storage:
    REFUSALS, LOG_ERRORS, copy_log, ServerUnavailable, server_errors)."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "storage"
        for line, names in _run_time_imports(ast.parse(path.read_text(encoding="utf-8")))
        if any(name.split(".")[0] == driver for name in names)
    ]
    assert found == []


def _run_time_imports(tree: ast.Module) -> Iterator[tuple[int, list[str]]]:
    """(line, the modules it names) of each import statement, but those under `if
    TYPE_CHECKING:` (types to annotate with, never run)."""
    for statement in ast.walk(tree):
        if isinstance(statement, ast.If) and getattr(statement.test, "id", "") == "TYPE_CHECKING":
            statement.body = [ast.Pass()]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, [node.module or ""]


#: Lines a module may hold: past that, it does more than one job (split it by job).
MOST_LINES = 500


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(PACKAGE.parent)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert long == {}
