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


def test_the_benchmark_log_has_check_ins_the_csv_export_joins(
    tmp_path: Path, monkeypatch, repository: Repository, bot_result
) -> None:
    """Each session starts with a check-in and each calm attempt has one before and one
    after it, so the export's feelings are timed as a clinic's log makes them."""
    import csv
    import io

    from sensory_games.services.export import csv_text

    bot_result("calming", 1, 1, 0.8)
    exports = _exports_module()
    monkeypatch.setattr(exports, "ATTEMPTS", 40)
    monkeypatch.setattr(exports, "CHILDREN", 2)
    monkeypatch.setattr(exports, "REPORTED_CHILD_ATTEMPTS", 16)
    log = exports.build_log(tmp_path / "big", exports.real_attempts(repository))
    attempts = list(log.attempts())
    check_ins = list(log.check_ins())
    sessions = {a.session_id for a in attempts}
    assert sum(c.moment == "session_start" for c in check_ins) == len(sessions) == 5
    linked = [c for c in check_ins if c.attempt_id is not None]
    assert sorted(c.moment for c in linked) == ["after"] * 40 + ["before"] * 40
    rows = list(csv.DictReader(io.StringIO(csv_text(attempts))))
    answered = [row for row in rows if row["feeling_before"] or row["feeling_after"]]
    assert len(rows) == 40 and len(answered) >= 30  # (one in ten unanswered)
