"""docs/export.md's pandas code, run on a real export made by the commands it shows
(skipped where pandas is not installed: it is not one of the app's dependencies)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from records import fill_device

from sensory_games.cli import main
from sensory_games.storage import Repository

DOC = Path(__file__).resolve().parent.parent / "docs" / "export.md"


def doc_section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_pandas_calls_in_the_doc_load_every_file(
    repository: Repository, tmp_path: Path, monkeypatch
) -> None:
    pytest.importorskip("pandas")
    section = doc_section("Loading the files in pandas and R")
    [commands] = re.findall(r"```\n(sensory-games export.*?)```", section, re.S)
    [code] = re.findall(r"```python\n(.*?)```", section, re.S)
    zoe = fill_device(repository, "Zoë")
    repository.set_level(zoe.id, "tracing", 3, "ready")
    monkeypatch.chdir(tmp_path)
    for line in commands.splitlines():
        args = line.split()[1:]
        if "--excel" in args:  # (the doc's copy is one from a decimal-comma locale)
            args += ["--decimal", "comma", "--tz", "Europe/Berlin"]
        assert main([*args, "--data-dir", str(repository.data_dir)]) == 0
    scope: dict[str, object] = {}
    exec(compile(code, str(DOC), "exec"), scope)
    attempts, excel, tries = scope["attempts"], scope["excel"], scope["tries"]
    assert len(attempts) == len(excel) == len(tries) == 5
    assert list(excel["profile"]).count("Zoë") == 4 and excel["accuracy"].dtype == float
    assert excel["accuracy"].equals(attempts["accuracy"])
    assert str(attempts["started_at"].dt.tz) == "UTC"
    assert {"profile", "age_band", "sessions.session_id", "metrics.taps.value"} <= set(tries)
    assert sorted(tries["accuracy"].dropna()) == sorted(attempts["accuracy"].dropna())
    assert len(scope["feelings"]) == len(scope["check_ins"]) == 2
    assert list(scope["levels"]["to_level"]) == [3]
    assert scope["per_child"]["Zoë"]["bubbles"] == pytest.approx(0.6)
