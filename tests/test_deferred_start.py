"""What lets the launcher draw its first frame before numpy is loaded (issue 22, cold
start): the deferred import itself, glyphs checked without working their points out,
the shared background drawn without numpy, and frame times kept without it. Each gives
what it gave before: the same errors, points and pixels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

from sensory_games.activities.bilateral.mirror.activity import MirrorActivity
from sensory_games.activities.tracing.activity import TracingActivity
from sensory_games.domain.config import ConfigError
from sensory_games.domain.config_folders import layered_files
from sensory_games.domain.glyphs import _library, glyph_library, load_glyph_file
from sensory_games.domain.schema import SchemaError
from sensory_games.engine.frame_times import FrameTimes
from sensory_games.ui.gradients import glow_gradient_picture, vertical_gradient

#: A clinic folder of no files of its own: the shipped glyphs only.
NO_CLINIC = Path(__file__).parent / "no clinic folder here"

#: In a fresh interpreter: numpy deferred, imported, used; what happened at each step.
DEFERRING = """
import json, sys
from sensory_games.cli.deferred_imports import defer_imports, is_deferred, load_deferred
defer_imports()
import numpy as np
from sensory_games.domain import glyphs, scoring  # (modules that import numpy at their top)
ran = lambda: "numpy._core" in sys.modules or "numpy.core" in sys.modules  # (numpy 2, 1)
steps = {"imported": ran(), "deferred": is_deferred("numpy")}
steps["sum"] = int(np.arange(5).sum())  # (its first use runs it)
steps["used"] = ran() and not is_deferred("numpy")
load_deferred()  # (already run: nothing)
steps["same"] = sys.modules["numpy"] is np and glyphs.np is np
print(json.dumps(steps))
"""


def test_a_deferred_module_runs_on_its_first_use_only():
    done = subprocess.run(
        [sys.executable, "-c", DEFERRING], capture_output=True, text=True, check=True
    )
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    assert steps == {"imported": False, "deferred": True, "sum": 10, "used": True, "same": True}


#: In a fresh interpreter: numpy deferred, then first used by several threads at once.
RACING = """
import json, threading
from sensory_games.cli.deferred_imports import defer_imports
defer_imports()
import numpy as np
start, found = threading.Barrier(6), []
def use():
    start.wait()
    try:
        found.append(int(np.zeros(3).size))
    except Exception as error:  # (a half-made module: its names not there yet)
        found.append(repr(error))
threads = [threading.Thread(target=use) for _ in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(found))
"""


def test_threads_using_a_deferred_module_at_once_all_find_it_whole():
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", RACING], capture_output=True, text=True, check=True
        )
        assert json.loads(done.stdout.strip().splitlines()[-1]) == [3] * 6


def test_a_module_already_loaded_is_left_alone():
    from sensory_games.cli.deferred_imports import defer_imports, is_deferred, load_deferred

    defer_imports()  # (numpy is loaded in this process)
    load_deferred()
    assert not is_deferred("numpy") and sys.modules["numpy"] is np


def glyph_files() -> tuple[Path, ...]:
    return tuple(layered_files(NO_CLINIC, "glyphs").values())


def test_the_library_checks_names_without_working_points_out(monkeypatch):
    _library.cache_clear()
    worked_out: list[str] = []
    import sensory_games.domain.glyphs as glyphs

    drawn = glyphs._drawn
    monkeypatch.setattr(
        glyphs, "_drawn", lambda name, *rest: worked_out.append(name) or drawn(name, *rest)
    )
    library = _library(glyph_files())
    assert "circle" in library.glyphs and "no_such_shape" not in library.glyphs
    assert library.names("circle digits")[:2] == ["circle", "0"]
    MirrorActivity.check_level({"paths": "circle square"}, NO_CLINIC)
    TracingActivity.check_level({"shapes": "name circle"}, NO_CLINIC)
    assert worked_out == []
    assert library.resolve("circle")[0].name == "circle"  # (worked out when used, once)
    assert library.glyphs["circle"] is library.glyphs["circle"]
    assert worked_out == ["circle"]
    _library.cache_clear()


@pytest.mark.parametrize(
    ("check", "parameters"),
    [
        (MirrorActivity.check_level, {"paths": "circle blob"}),
        (TracingActivity.check_level, {"shapes": "circle blob"}),
    ],
)
def test_a_level_naming_an_unknown_shape_is_still_refused(check, parameters):
    with pytest.raises(SchemaError, match="blob"):
        check(parameters, NO_CLINIC)


def test_the_library_gives_the_points_a_glyph_file_gives():
    library = glyph_library(NO_CLINIC)
    for file in glyph_files():
        for name, glyph in load_glyph_file(file).items():
            kept = library.glyphs[name]
            assert kept.set_name == glyph.set_name and len(kept.strokes) == len(glyph.strokes)
            for ours, theirs in zip(kept.strokes, glyph.strokes, strict=True):
                assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)


def test_a_bad_curve_is_still_refused_when_the_library_is_checked(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "set: bad\nglyphs:\n  hook:\n    strokes:\n"
        "      - {arc: {centre: [0.5, 0.5], radius: 9, start: 0, sweep: 90}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"radius = 9: must be a number between 0\.01 and 5"):
        _library((bad,))


@pytest.mark.parametrize("size", [(1920, 1080), (800, 480), (1080, 1920), (7, 1), (3, 2)])
def test_the_background_and_the_glow_are_the_same_picture(size: tuple[int, int]):
    """The shared background's rows (plain Python) and the glow's (numpy): pixel for pixel
    the colour `mix` gives each row, rounded half to even."""
    rng = np.random.default_rng(size[0])
    for _ in range(12):
        top, bottom = (tuple(int(v) for v in rng.integers(0, 256, 3)) for _ in range(2))
        plain = vertical_gradient.__wrapped__(size, top, bottom)
        glow = glow_gradient_picture(size, top, bottom)
        assert plain.get_size() == glow.get_size() == size
        assert pygame.image.tobytes(plain, "RGB") == pygame.image.tobytes(glow, "RGB")
        rows = pygame.surfarray.array3d(plain)[0]
        share = np.arange(size[1]) / max(1, size[1] - 1)
        want = np.rint(np.array(top) + (np.array(bottom) - np.array(top)) * share[:, None])
        assert np.array_equal(rows, want)


def test_frame_times_are_kept_in_a_fixed_block_without_numpy_and_read_as_numpy():
    times = FrameTimes(capacity=3)
    assert times.nbytes == 3 * 8 and times.latest() == 0.0
    for seconds in (0.001, 0.002, 0.003, 0.004):
        times.append(seconds)
        assert times.latest() == seconds  # (the last frame's, round the block too)
    recent = times.recent()
    assert isinstance(recent, np.ndarray) and recent.dtype == np.float64
    assert recent.tolist() == [0.002, 0.003, 0.004]
    recent[0] = 9.0  # (a copy: the times kept do not change)
    assert list(times) == [0.002, 0.003, 0.004] and times.nbytes == 24
