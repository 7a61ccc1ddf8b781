"""What the launcher does before its first frame, so a slow kiosk starts fast (issue 22:
cold start at most 0.3 s here). Speed itself is measured in benchmarks/run.py
(`cold_start`), never asserted by a timed test: these tests hold the work that must not
come back to the start, in a fresh interpreter that launches to its first frame."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_python

from sensory_games.cli.entry import RUNS
from sensory_games.cli.parser import build_parser

#: Launches to the first frame and says what the process loaded and did. The reference
#: (pure-Python) YAML parser is counted once per document it reads.
PROBE = """
import json, sys
import sensory_games.domain.yaml_parser as yaml_parser

reference_reads = []
compose_node = yaml_parser._SafeLoaderNoDuplicates.compose_node

def counted(self, parent, index):
    if parent is None:
        reference_reads.append(index)
    return compose_node(self, parent, index)

yaml_parser._SafeLoaderNoDuplicates.compose_node = counted
parsed = []
load_yaml_text = yaml_parser.load_yaml_text
yaml_parser.load_yaml_text = lambda text: parsed.append(text) or load_yaml_text(text)
from sensory_games.cli import main
from sensory_games.version import build_version

code = main(["--exit-after-first-frame", "--windowed", "800x480", "--data-dir", sys.argv[1]])
print(json.dumps({
    "code": code,
    "modules": sorted(sys.modules),
    "reference_reads": len(reference_reads),
    "parsed": len(parsed),
    "builds_worked_out": build_version.cache_info().currsize,
    "numpy_run": ("numpy._core" in sys.modules or "numpy.core" in sys.modules),
}))
"""

#: Launches as a clinic does (no --exit-after-first-frame; the dummy display taken for a
#: real one), and says, as the frame loop would start, whether numpy's code has run and
#: what was said; the loop itself is not run. (numpy is deferred first, as the launcher
#: does, so that the probe's own imports do not load it.)
LOOP_PROBE = """
import json, sys
from sensory_games.cli.deferred_imports import defer_imports

defer_imports()
import sensory_games.engine.window as window
from sensory_games.engine.app import App

window.display_available = lambda: True

def started(app):
    print(json.dumps({
        "numpy_run": ("numpy._core" in sys.modules or "numpy.core" in sys.modules),
        "said": [prompt for prompt, _ in app.stage.voice.said],
    }))

App.run = started
from sensory_games.cli import main
main(["--windowed", "800x480", "--data-dir", sys.argv[1]])
"""

#: Never needed to draw the first frame: the optional extras (the report's text shaping,
#: the clinic server's driver, the console's widgets and its languages' plural rules), the
#: report, the console, and every command's module but the launcher's.
NOT_AT_START = (
    "uharfbuzz",
    "psycopg",
    "babel",
    "pygame_gui",
    "sensory_games.services.report",
    "sensory_games.engine.console",
    *sorted({f"sensory_games.cli.{module}" for module, _ in RUNS.values() if module != "play"}),
)


@pytest.fixture(scope="module")
def first_frame(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One launch to the first frame (twice: the first makes the log and keeps its
    bytecode, dataclass code and parsed YAML, as a clinic's first start does; the second
    is the start every day after)."""
    data_dir = tmp_path_factory.mktemp("data")
    kept = {"PYTHONPYCACHEPREFIX": str(tmp_path_factory.mktemp("bytecode"))}
    run_python(PROBE, data_dir, PYTHONDONTWRITEBYTECODE="", **kept)
    last = run_python(PROBE, data_dir, PYTHONDONTWRITEBYTECODE="", **kept)
    facts: dict[str, object] = json.loads(last.strip().splitlines()[-1])
    return facts


def test_the_first_frame_is_drawn(first_frame: dict[str, object]):
    assert first_frame["code"] == 0
    loaded = first_frame["modules"]
    assert isinstance(loaded, list)
    assert "sensory_games.engine.scenes.profile_picker" in loaded


@pytest.mark.parametrize("module", NOT_AT_START)
def test_the_first_frame_does_not_load(first_frame: dict[str, object], module: str):
    loaded = first_frame["modules"]
    assert isinstance(loaded, list)
    assert not [m for m in loaded if m == module or m.startswith(module + ".")]


def test_numpy_is_not_loaded_before_the_first_frame(first_frame: dict[str, object]):
    """numpy is a third of a start (cli/deferred_imports.py): imported, its code not run."""
    assert first_frame["numpy_run"] is False


@pytest.mark.parametrize(("audio", "said"), [("dummy", ["who_is_playing"]), ("no such device", [])])
def test_numpy_is_loaded_and_the_prompt_said_before_the_loop_starts(
    tmp_path: Path, audio: str, said: list[str]
):
    """Right after the first frame, while the screen is still, so no frame of play loads
    it; a prompt needs numpy, but with no audio device none is said."""
    facts = json.loads(run_python(LOOP_PROBE, tmp_path, SDL_AUDIODRIVER=audio).splitlines()[-1])
    assert facts == {"numpy_run": True, "said": said}


def test_the_shipped_files_are_read_by_the_fast_parser_only(tmp_path: Path):
    """app.yaml, every activity's levels and the glyphs the mirror's levels name: libyaml
    reads them all; the pure-Python parser (several times slower) reads a file only to
    word an error (domain/yaml_parser.py). (A first start: nothing kept parsed yet.)"""
    bytecode = str(tmp_path / "bytecode")
    facts = json.loads(run_python(PROBE, tmp_path, PYTHONPYCACHEPREFIX=bytecode).splitlines()[-1])
    assert facts["code"] == 0 and facts["parsed"] >= 10
    assert facts["reference_reads"] == 0


def test_the_start_does_not_ask_git_for_the_build(first_frame: dict[str, object]):
    """In a checkout the exact build costs a `git status` (tens of milliseconds): asked
    when an attempt is saved or --version is given, not before the first frame."""
    assert first_frame["builds_worked_out"] == 0


def test_version_works_the_build_out_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    import sensory_games.cli.options as options

    asked: list[bool] = []
    monkeypatch.setattr(options, "build_version", lambda: asked.append(True) or "9.9.9+gabc1234")
    parser = build_parser()
    parser.parse_args(["--windowed", "1280x800"])
    assert asked == []
    with pytest.raises(SystemExit) as stopped:
        parser.parse_args(["--version"])
    assert stopped.value.code == 0
    assert asked == [True]
    assert capsys.readouterr().out == "sensory-games 9.9.9+gabc1234\n"


def test_the_probe_counts_a_reference_read(tmp_path: Path):
    """The probe's counter works: a file the fast parser refuses is read by the reference."""
    probe = PROBE.split("from sensory_games.cli import main")[0] + (
        "from pathlib import Path\n"
        "from sensory_games.domain import yaml_files\n"
        "file = Path(sys.argv[1]) / 'bad.yaml'\n"
        "file.write_text('a: [1\\n', encoding='utf-8')\n"
        "try:\n"
        "    yaml_files.read_yaml(file)\n"
        "except yaml_files.ConfigError:\n"
        "    print(len(reference_reads))\n"
    )
    assert run_python(probe, tmp_path).strip() == "1"
