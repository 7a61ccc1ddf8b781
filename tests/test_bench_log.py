"""The benchmark's big log is built through the log's own record store (a change to the
store's calls must not leave `make bench` broken, as it once did unnoticed)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from helpers import module_at

from sensory_games.storage import Repository

ROOT = Path(__file__).resolve().parent.parent


def _exports_module() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    return module_at("bench_exports", ROOT / "benchmarks" / "exports.py")


def test_the_benchmark_builds_its_log_of_copied_attempts(
    tmp_path: Path, monkeypatch, repository: Repository, bot_result
) -> None:
    bot_result("bubbles", 1, 1, 0.8)  # one real attempt to copy
    exports = _exports_module()
    monkeypatch.setattr(exports, "ATTEMPTS", 60)
    monkeypatch.setattr(exports, "CHILDREN", 3)
    monkeypatch.setattr(exports, "REPORTED_CHILD_ATTEMPTS", 20)
    templates = exports.real_attempts(repository)
    assert templates
    log = exports.build_log(tmp_path / "big", templates)
    assert len(list(log.attempts())) == 60
    assert len(list(log.attempts("Reported child"))) == 20
