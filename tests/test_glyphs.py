"""Unit tests of sensory_games/domain/glyphs.py: the shipped glyph library, layout on screen and
the error messages of broken glyph files."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
import pytest

from sensory_games.domain.config import DEFAULT_CONFIG_DIR, ConfigError
from sensory_games.domain.glyphs import Glyph, load_glyph_file, load_library, model_side

GLYPH_DIR = DEFAULT_CONFIG_DIR / "glyphs"
SHIPPED_FILES = sorted(GLYPH_DIR.glob("*.yaml"))
LIBRARY = load_library(GLYPH_DIR)

PREWRITING = (
    "vertical_line",
    "horizontal_line",
    "circle",
    "cross",
    "diagonal_down_left",
    "square",
    "diagonal_down_right",
    "x_cross",
    "triangle",
)


# -- the shipped library ------------------------------------------------------------------


def test_there_are_shipped_glyph_files():
    assert {path.stem for path in SHIPPED_FILES} >= {
        "prewriting",
        "curves",
        "uppercase",
        "lowercase",
        "digits",
    }


@pytest.mark.parametrize("file", SHIPPED_FILES, ids=lambda path: path.name)
def test_every_shipped_glyph_file_loads(file: Path):
    glyphs = load_glyph_file(file)
    assert glyphs
    for name, glyph in glyphs.items():
        assert glyph.name == name
        assert glyph.set_name == file.stem
        assert glyph.strokes
        for stroke in glyph.strokes:
            assert stroke.ndim == 2
            assert stroke.shape[1] == 2
            assert len(stroke) >= 1
            assert np.isfinite(stroke).all()
        width, height = glyph.size_units
        assert width > 0 or height > 0


def test_sets_hold_the_expected_glyphs_in_order():
    assert LIBRARY.sets["prewriting"] == PREWRITING  # Beery VMI developmental order
    assert LIBRARY.sets["uppercase"] == tuple(string.ascii_uppercase)
    assert LIBRARY.sets["lowercase"] == tuple(string.ascii_lowercase)
    assert LIBRARY.sets["digits"] == tuple(string.digits)
    assert len(LIBRARY.sets["curves"]) >= 1
    assert set(LIBRARY.glyphs) == {name for names in LIBRARY.sets.values() for name in names}


def test_glyphs_stand_within_their_documented_lines():
    def extent(set_name: str) -> tuple[np.ndarray, np.ndarray]:
        points = np.vstack([np.vstack(LIBRARY.get(n).strokes) for n in LIBRARY.sets[set_name]])
        return points.min(axis=0), points.max(axis=0)

    low, high = extent("prewriting")
    assert low.tolist() == [0.0, 0.0]
    assert high.tolist() == [1.0, 1.0]
    for set_name in ("uppercase", "digits"):  # from the top (0) to the baseline (1)
        low, high = extent(set_name)
        assert low[1] >= 0.0
        assert 1.0 <= high[1] <= 1.1  # a tail (Q) may dip a little
    low, high = extent("lowercase")  # ascenders from 0, descenders down to 1.4
    assert low[1] >= 0.0
    assert high[1] <= 1.4 + 1e-9
    for name in "acemnorsuvwxz":  # x-height letters stay between 0.5 and the baseline
        points = np.vstack(LIBRARY.get(name).strokes)
        assert points[:, 1].min() >= 0.5 - 0.05, name
        assert points[:, 1].max() <= 1.0 + 1e-9, name


def test_prewriting_shapes_have_the_expected_strokes():
    def strokes(name: str) -> list[list[list[float]]]:
        return [s.tolist() for s in LIBRARY.get(name).strokes]

    assert strokes("vertical_line") == [[[0.5, 0.0], [0.5, 1.0]]]  # top to bottom
    assert strokes("horizontal_line") == [[[0.0, 0.5], [1.0, 0.5]]]  # left to right
    assert strokes("cross") == [[[0.5, 0.0], [0.5, 1.0]], [[0.0, 0.5], [1.0, 0.5]]]
    (circle,) = LIBRARY.get("circle").strokes
    assert np.hypot(*(circle - 0.5).T) == pytest.approx(np.full(len(circle), 0.5))
    assert circle[0] == pytest.approx([0.5, 0.0])  # from the top ...
    assert circle[-1] == pytest.approx([0.5, 0.0])  # ... round to the top
    assert circle[1, 0] < 0.5  # anticlockwise on screen, as when writing "o"
    assert len(circle) >= 360 / 4  # at most 4 degrees per segment


def test_dots_are_single_points():
    i_strokes = LIBRARY.get("i").strokes
    assert [len(s) for s in i_strokes].count(1) == 1
    assert [len(s) for s in LIBRARY.get("j").strokes].count(1) == 1


# -- layout -----------------------------------------------------------------------------


def test_layout_scales_by_size_and_centres_on_the_centre():
    square = LIBRARY.get("square")
    (placed,) = square.layout(80.0, (200.0, 150.0))
    assert placed.min(axis=0).tolist() == pytest.approx([160.0, 110.0])
    assert placed.max(axis=0).tolist() == pytest.approx([240.0, 190.0])
    assert placed[0].tolist() == pytest.approx([160.0, 110.0])  # (0, 0): top left
    assert placed[1].tolist() == pytest.approx([160.0, 190.0])  # (0, 1): y down
    # the original strokes are untouched
    assert square.strokes[0][0].tolist() == [0.0, 0.0]


@pytest.mark.parametrize("name", ["A", "g", "7", "spiral", "x_cross", "i"])
@pytest.mark.parametrize(("size", "centre"), [(30.0, (50.0, 60.0)), (120.0, (400.0, 250.0))])
def test_layout_of_any_glyph_is_its_shape_scaled_about_the_centre(name, size, centre):
    glyph = LIBRARY.get(name)
    placed = glyph.layout(size, centre)
    everything = np.vstack(placed)
    middle = (everything.min(axis=0) + everything.max(axis=0)) / 2
    assert middle.tolist() == pytest.approx(list(centre))
    width, height = glyph.size_units
    assert (everything.max(axis=0) - everything.min(axis=0)).tolist() == pytest.approx(
        [width * size, height * size]
    )
    for original, moved in zip(glyph.strokes, placed, strict=True):
        assert moved.shape == original.shape
        # the same shape: differences between points scale by `size`
        assert np.allclose(np.diff(moved, axis=0), np.diff(original, axis=0) * size)


def test_horizontal_strokes_are_the_crossbars_a_left_hander_may_pull_either_way():
    assert LIBRARY.get("T").horizontal_strokes == {0}
    assert LIBRARY.get("H").horizontal_strokes == {2}
    assert LIBRARY.get("E").horizontal_strokes == {1, 2, 3}
    assert LIBRARY.get("cross").horizontal_strokes == {1}
    assert LIBRARY.get("horizontal_line").horizontal_strokes == {0}
    assert LIBRARY.get("t").horizontal_strokes == {1}
    for name in ("vertical_line", "diagonal_down_left", "x_cross", "circle", "square"):
        assert LIBRARY.get(name).horizontal_strokes == frozenset(), name
    for name in ("triangle", "o", "a", "i", "0", "8"):  # loops and dots run nowhere
        assert LIBRARY.get(name).horizontal_strokes == frozenset(), name


def test_letters_are_laid_out_the_same_way_for_either_hand():
    # formation is taught alike: the left-handed variant keeps every stroke's direction
    (bar, stem) = LIBRARY.get("T").layout(80.0, (100.0, 100.0))
    assert bar[0, 0] < bar[-1, 0] and stem[0, 1] < stem[-1, 1]


def test_a_model_to_copy_stands_where_the_writing_hand_does_not_cover_it():
    assert model_side(left_handed=True) == "right"
    assert model_side(left_handed=False) == "left"


#: Strokes (lifts + 1) of every letter and digit as Learning Without Tears forms it: the
#: magic c letters, the bump letters and u without a lift, k a line and a kick in-and-out,
#: frog-jump capitals a line down and then the rest, G "big C, up, in", 9 a loop and a line.
STROKES = {
    **dict.fromkeys("abcdeghlmnopqrsuvwzCGLOSUVWZ01236789", 1),
    **dict.fromkeys("fijktxyBDJMNPQTX45", 2),
    **dict.fromkeys("AFHIKRY", 3),
    "E": 4,
}


def test_every_letter_and_digit_has_the_programmes_stroke_count():
    counts = {
        name: len(LIBRARY.get(name).strokes)
        for name in (
            *LIBRARY.sets["lowercase"],
            *LIBRARY.sets["uppercase"],
            *LIBRARY.sets["digits"],
        )
    }
    assert counts == {name: STROKES[name] for name in counts}


@pytest.mark.parametrize("name", ["a", "d", "g", "q"])
def test_magic_c_letters_start_like_c_and_go_up_and_back_down_without_a_lift(name):
    (c,) = LIBRARY.get("c").strokes
    (stroke,) = LIBRARY.get(name).strokes
    assert np.allclose(stroke[: len(c) - 1], c[:-1], atol=0.02)  # a c first, from the top
    after = stroke[len(c) :]
    top = int(after[:, 1].argmin())
    assert after[top, 1] <= 0.5 + 1e-9  # up to the top of the x-height (d: higher)
    assert after[-1, 1] > 0.99  # and back down to the baseline or below


@pytest.mark.parametrize("name", ["b", "h", "m", "n", "p", "r"])
def test_bump_letters_go_down_and_back_up_the_line_in_one_stroke(name):
    (stroke,) = LIBRARY.get(name).strokes
    assert stroke[0, 0] == 0.0 and stroke[1, 0] == 0.0 and stroke[1, 1] > stroke[0, 1]
    assert stroke[2, 1] < stroke[1, 1]  # bump up along the line before going over


def test_layout_of_a_single_dot_glyph():
    dot = Glyph("dot", "test", (np.array([[0.3, 0.4]]),))
    (placed,) = dot.layout(50.0, (10.0, 20.0))
    assert placed.tolist() == [[10.0, 20.0]]


# -- resolving names --------------------------------------------------------------------


def test_resolve_sets_and_names_in_order():
    chosen = LIBRARY.resolve("digits circle")
    assert [g.name for g in chosen] == [*string.digits, "circle"]
    assert [g.name for g in LIBRARY.resolve("  L T   H E ")] == ["L", "T", "H", "E"]
    assert [g.name for g in LIBRARY.resolve("circle circle")] == ["circle", "circle"]
    assert [g.name for g in LIBRARY.resolve("prewriting")] == list(PREWRITING)
    assert LIBRARY.resolve("") == []


def test_unknown_names_raise_key_error():
    with pytest.raises(KeyError, match="balloon"):
        LIBRARY.resolve("circle balloon")
    with pytest.raises(KeyError):
        LIBRARY.get("balloon")
    with pytest.raises(KeyError):
        LIBRARY.resolve("Circle")  # names are case-sensitive


def test_load_library_is_read_once_per_folder():
    assert load_library(GLYPH_DIR) is LIBRARY


# -- broken glyph files -----------------------------------------------------------------

GOOD_LINE = "      - [[0.0, 0.0], [1.0, 1.0]]\n"

#: (file text, the message after "<file>: ", or fragments it must contain)
BROKEN = {
    "unknown_glyph_key": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE + "    colour: red\n",
        "glyphs.slash.colour: is not a known key; known: strokes",
    ),
    "unknown_top_key": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE + "colour: red\n",
        ("colour: is not a known key; known: set, glyphs",),
    ),
    "unknown_arc_key": (
        "set: test\nglyphs:\n  bow:\n    strokes:\n"
        "      - {arc: {centre: [0.5, 0.5], radius: 0.5, start: 0, sweep: 90, spin: 1}}\n",
        "glyphs.bow.strokes[1].arc.spin: is not a known key; known: centre, radius, start, sweep",
    ),
    "unknown_part_kind": (
        "set: test\nglyphs:\n  blob:\n    strokes:\n      - {blob: [0.5, 0.5]}\n",
        ("glyphs.blob.strokes[1]", "must be a line [[x, y], ...] or one of {arc: ...}"),
    ),
    "bad_point_word": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0], [1.0, one]]\n",
        ("glyphs.slash.strokes[1]", '= [1.0, "one"]: must be a point [x, y] with numbers'),
    ),
    "bad_point_far": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0], [1.0, 9]]\n",
        ("glyphs.slash.strokes[1]", "= [1.0, 9]: must be a point [x, y] with numbers"),
    ),
    "bad_point_nan": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0], [1.0, .nan]]\n",
        ("glyphs.slash.strokes[1]", "= [1.0, NaN]: must be a point", "between -5 and 5"),
    ),
    "bad_point_three_numbers": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0, 0.0], [1.0, 1.0]]\n",
        ("glyphs.slash.strokes[1]", "must be a"),
    ),
    "bad_point_bool": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0], [true, 1.0]]\n",
        ("glyphs.slash.strokes[1]", "= [true, 1.0]: must be a point"),
    ),
    "bad_point_too_large_for_a_float": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0], [1"
        + "0" * 400
        + ", 1]]\n",
        ("glyphs.slash.strokes[1][2] = [1000000000", "must be a point [x, y] with numbers"),
    ),
    "bad_radius_too_large_for_a_float": (
        "set: test\nglyphs:\n  bow:\n    strokes:\n"
        "      - {arc: {centre: [0.5, 0.5], radius: [1"
        + "0" * 400
        + ", 1], start: 0, sweep: 90}}\n",
        ("glyphs.bow.strokes[1].arc.radius", "must be a point [x, y] with numbers"),
    ),
    "glyph_name_null": (
        "set: test\nglyphs:\n  null:\n    strokes:\n" + GOOD_LINE,
        "glyphs.null: a glyph's name must be one word of text (no spaces), as a level's "
        "shapes names it",
    ),
    "glyph_name_true": (
        "set: test\nglyphs:\n  yes:\n    strokes:\n" + GOOD_LINE,
        ("glyphs.true: a glyph's name must be one word of text",),
    ),
    "glyph_name_with_a_space": (
        "set: test\nglyphs:\n  big circle:\n    strokes:\n" + GOOD_LINE,
        ("glyphs.big circle: a glyph's name must be one word of text",),
    ),
    "glyph_name_twice_as_number_and_text": (
        "set: test\nglyphs:\n  7:\n    strokes:\n"
        + GOOD_LINE
        + '  "7":\n    strokes:\n'
        + GOOD_LINE,
        "glyphs.7: the name is written twice",
    ),
    "line_of_one_point": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0]]\n",
        ("glyphs.slash.strokes[1]", "a line needs at least two points"),
    ),
    "arc_missing_radius": (
        "set: test\nglyphs:\n  bow:\n    strokes:\n"
        "      - {arc: {centre: [0.5, 0.5], start: 0, sweep: 90}}\n",
        "glyphs.bow.strokes[1].arc.radius: is missing",
    ),
    "arc_radius_zero": (
        "set: test\nglyphs:\n  bow:\n    strokes:\n"
        "      - {arc: {centre: [0.5, 0.5], radius: 0, start: 0, sweep: 90}}\n",
        ("glyphs.bow.strokes[1]", "arc.radius = 0: must be a number between 0.01 and 5"),
    ),
    "spiral_sweep_sign_zero": (
        "set: test\nglyphs:\n  curl:\n    strokes:\n"
        "      - {spiral: {centre: [0.5, 0.5], turns: 2, radius: 0.5, sweep_sign: 0}}\n",
        ("glyphs.curl.strokes[1]", "spiral.sweep_sign = 0: must be -1 or 1"),
    ),
    "wave_missing_waves": (
        "set: test\nglyphs:\n  sea:\n    strokes:\n"
        "      - {wave: {from: [0, 0.5], to: [2, 0.5], height: 0.3}}\n",
        ("glyphs.sea.strokes[1]", "wave.waves: is missing"),
    ),
    "empty_strokes": (
        "set: test\nglyphs:\n  slash:\n    strokes: []\n",
        "glyphs.slash.strokes = []: must be a list of strokes in writing order",
    ),
    "strokes_missing": (
        "set: test\nglyphs:\n  slash: {}\n",
        "glyphs.slash.strokes: is missing",
    ),
    "empty_stroke": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - []\n",
        ("glyphs.slash.strokes[1] = []: must be a line, a curve, or a list of them",),
    ),
    "glyph_not_mapping": (
        "set: test\nglyphs:\n  slash: [[0, 0], [1, 1]]\n",
        ("glyphs.slash = [[0, 0], [1, 1]]: must be a mapping",),
    ),
    "no_glyphs": (
        "set: test\nglyphs: {}\n",
        "glyphs = {}: must map names to strokes",
    ),
    "bad_set_name": (
        "set: my shapes\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE,
        "set = 'my shapes': must be a short name",
    ),
    "not_yaml": (
        "set: test\nglyphs:\n  slash:\n    strokes:\n      - [[0.0, 0.0], [1.0, 1.0]\n",
        ("not valid YAML (",),
    ),
    "tab_indent": (
        "set: test\nglyphs:\n\tslash: {}\n",
        ("line 3, column 1: not valid YAML (",),
    ),
    "empty_file": ("", ("must be a mapping",)),
    "not_a_mapping": ("- circle\n- square\n", ('["circle", "square"]: must be a mapping',)),
}


def check_one_line(error: ConfigError, shown: str, expected: str | tuple[str, ...]) -> None:
    text = str(error)
    assert "\n" not in text and "\r" not in text, f"not one line: {text!r}"
    assert text == f"{shown}: {error.message}"
    if isinstance(expected, str):
        assert error.message == expected
    else:
        for fragment in expected:
            assert fragment in error.message, error.message


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_glyph_file_is_a_one_line_config_error(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    text, expected = BROKEN[case]
    folder = tmp_path / case  # a folder of its own: load_library caches by folder
    folder.mkdir()
    file = folder / f"{case}.yaml"
    file.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_glyph_file(file)
    assert caught.value.file == str(file)
    check_one_line(caught.value, f"{case}/{case}.yaml", expected)
    # the library reports the same error for the folder
    with pytest.raises(ConfigError) as again:
        load_library(folder)
    assert str(again.value) == str(caught.value)


def test_a_glyph_named_by_an_unquoted_number_is_its_digits(tmp_path: Path) -> None:
    file = tmp_path / "numbers.yaml"
    file.write_text("set: numbers\nglyphs:\n  7:\n    strokes:\n" + GOOD_LINE, "utf-8")
    assert list(load_glyph_file(file)) == ["7"]


def test_a_broken_copy_of_a_shipped_file_names_the_glyph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "glyphs"
    folder.mkdir()
    for path in SHIPPED_FILES:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (folder / "uppercase.yaml").read_text(encoding="utf-8")
    assert text.count('"T":') == 1
    head, tail = text.split('"T":')
    tail = tail.replace("[[0.35, 0.0], [0.35, 1.0]]", "[[0.35, 0.0], [0.35, 7.0]]", 1)
    (folder / "uppercase.yaml").write_text(head + '"T":' + tail, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_library(folder)
    check_one_line(
        caught.value,
        "glyphs/uppercase.yaml",
        ("glyphs.T.strokes[2]", "= [0.35, 7.0]: must be a point [x, y] with numbers between"),
    )


def test_a_copy_of_the_shipped_folder_loads_like_the_original(tmp_path: Path):
    folder = tmp_path / "copy"
    folder.mkdir()
    for path in SHIPPED_FILES:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    copy = load_library(folder)
    assert copy is not LIBRARY
    assert copy.sets == LIBRARY.sets
    for name, glyph in LIBRARY.glyphs.items():
        assert [s.tolist() for s in copy.get(name).strokes] == [s.tolist() for s in glyph.strokes]


def test_a_glyph_name_used_twice_across_files_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "twice"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "set: first\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE, encoding="utf-8"
    )
    (folder / "b.yaml").write_text(
        "set: second\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE, encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_library(folder)
    check_one_line(
        caught.value, "twice/b.yaml", "glyphs.slash: the name is already used by set first"
    )


def test_a_glyph_named_like_an_earlier_set_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "glyph_after_set"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "set: lines\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE, encoding="utf-8"
    )
    (folder / "b.yaml").write_text(
        "set: more\nglyphs:\n  lines:\n    strokes:\n" + GOOD_LINE, encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_library(folder)
    check_one_line(
        caught.value,
        "glyph_after_set/b.yaml",
        "glyphs.lines: the name is already used by set lines",
    )


def test_a_set_named_like_an_earlier_glyph_is_an_error(tmp_path: Path):
    folder = tmp_path / "set_after_glyph"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "set: more\nglyphs:\n  lines:\n    strokes:\n" + GOOD_LINE, encoding="utf-8"
    )
    (folder / "b.yaml").write_text(
        "set: lines\nglyphs:\n  slash:\n    strokes:\n" + GOOD_LINE, encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="lines"):
        load_library(folder)


def test_error_key_is_the_yaml_path_counted_from_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    file = tmp_path / "bad.yaml"
    file.write_text(BROKEN["bad_point_far"][0], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_glyph_file(file)
    assert caught.value.message.startswith("glyphs.slash.strokes[1][2] = [1.0, 9]")
