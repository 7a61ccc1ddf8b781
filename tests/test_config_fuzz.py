"""Config fuzzing: hundreds of mutated copies of the shipped YAML files (wrong types, huge
numbers, NaN, deep nesting, unicode and control characters, duplicate keys, Python tags,
truncation, bad bytes). Each one either loads or fails with the one-line ConfigError that
names the file; never another exception, never a Python object built."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.config import ConfigError, load_app_config
from sensory_games.glyphs import load_glyph_file

CONFIGS = Path(__file__).resolve().parent.parent / "configs"
#: Mutated files per shipped file (the app file, every activity, one glyph file).
MUTATIONS = 40

NESTED_LIST: list[Any] = [1]
for _ in range(20):
    NESTED_LIST = [NESTED_LIST]

HOSTILE_VALUES: tuple[Any, ...] = (
    10**400,
    -(10**30),
    1e308,
    -1e-320,
    float("nan"),
    float("inf"),
    "",
    "x" * 20_000,
    "Zoë 🐻 \u202ereversed\u200b",
    "line\nbreak\ttab\x07bell",
    "'; DROP TABLE attempts; --",
    True,
    None,
    [],
    {},
    NESTED_LIST,
    {"nested": {"deeper": {"deepest": [1, "two", None]}}},
    -1,
    0,
    3.5,
    "12",
    "balloon",
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a YAML document a value sits (mappings and lists included)."""
    places = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            places += _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            places += _leaves(value, (*path, index))
    return places


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replaced(data[head], rest, value)
    return copy


def _structure_mutation(text: str, rng: random.Random) -> str:
    """A random value somewhere replaced by a hostile one, or an unknown key added."""
    data = yaml.safe_load(text)
    place = rng.choice(_leaves(data))
    if rng.random() < 0.2 and isinstance(data, dict):
        data = {**data, "surprise_key": rng.choice(HOSTILE_VALUES)}
    else:
        data = _replaced(data, place, rng.choice(HOSTILE_VALUES))
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, OverflowError):
        return text[: len(text) // 2]


def _text_mutation(text: str, rng: random.Random, marker: Path) -> str:
    """A change to the text itself: a line doubled (a duplicate key), a Python tag, cut
    short, characters swapped, deep nesting, or a bad byte."""
    lines = text.splitlines()
    kind = rng.randrange(6)
    if kind == 0 and lines:
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])
        return "\n".join(lines)
    if kind == 1:
        tag = f"!!python/object/apply:os.mkdir [{str(marker)!r}]"
        k = rng.randrange(len(lines) + 1)
        return "\n".join([*lines[:k], f"injected: {tag}", *lines[k:]])
    if kind == 2:
        return text[: rng.randrange(len(text) + 1)]
    if kind == 3:
        chars = list(text)
        for _ in range(5):
            chars[rng.randrange(len(chars))] = rng.choice(":-[]{}#&*!|>'\"%@`\t ")
        return "".join(chars)
    if kind == 4:
        depth = rng.choice((50, 400))
        return text + f"\ndeep: {'[' * depth}{']' * depth}\n"
    return text + "\nbad: \udcff\n"  # written with surrogateescape: an invalid UTF-8 byte


def _cases() -> list[tuple[str, Path, Callable[[Path], object]]]:
    """(name, shipped file, how to load a configs folder holding the mutated copy)."""
    cases: list[tuple[str, Path, Callable[[Path], object]]] = [
        ("app", CONFIGS / "app.yaml", lambda folder: load_app_config(folder)),
        (
            "glyphs",
            CONFIGS / "glyphs" / "prewriting.yaml",
            lambda folder: load_glyph_file(folder / "glyphs" / "prewriting.yaml"),
        ),
    ]
    for slug in REGISTRY:
        cases.append(
            (
                slug,
                CONFIGS / "activities" / f"{slug}.yaml",
                lambda folder, slug=slug: load_activity_levels(slug, folder),
            )
        )
    return cases


CASES = _cases()


@pytest.mark.parametrize(("name", "shipped", "load"), CASES, ids=[case[0] for case in CASES])
def test_mutated_configs_load_or_fail_with_one_clear_line(
    name: str, shipped: Path, load: Callable[[Path], object], tmp_path: Path
) -> None:
    rng = random.Random(f"fuzz-{name}")
    marker = tmp_path / "python-object-was-built"
    folder = tmp_path / "configs"
    (folder / "activities").mkdir(parents=True)
    (folder / "glyphs").mkdir()
    for glyph_file in (CONFIGS / "glyphs").glob("*.yaml"):  # tracing's levels name glyphs
        (folder / "glyphs" / glyph_file.name).write_text(glyph_file.read_text("utf-8"), "utf-8")
    target = folder / shipped.relative_to(CONFIGS)
    original = shipped.read_text(encoding="utf-8")
    outcomes = {"loaded": 0, "refused": 0}
    for _ in range(MUTATIONS):
        if rng.random() < 0.5:
            text = _structure_mutation(original, rng)
        else:
            text = _text_mutation(original, rng, marker)
        target.write_bytes(text.encode("utf-8", "surrogateescape"))
        try:
            load(folder)
        except ConfigError as error:
            message = str(error)
            assert "\n" not in message and "\r" not in message, message
            assert message.startswith(f"{error.file}: ") and target.name in message
            assert "Traceback" not in message
            outcomes["refused"] += 1
        else:
            outcomes["loaded"] += 1
    assert not marker.exists(), "a YAML tag built a Python object"
    assert outcomes["refused"] > 0  # the mutations do bite


def test_the_fuzzer_would_notice_an_unsafe_loader(tmp_path: Path, monkeypatch) -> None:
    """The check above can fail: with yaml.unsafe_load the injected tag builds its
    object (the marker file appears)."""
    marker = tmp_path / "built"
    text = _text_mutation("a: 1\n", random.Random(1), marker)
    while "python/object" not in text:
        text = _text_mutation("a: 1\n", random.Random(len(text)), marker)
    yaml.unsafe_load(text)
    assert marker.exists()


def test_nesting_deeper_than_python_can_follow_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "configs"
    folder.mkdir()
    (folder / "app.yaml").write_text("display:\n  fps: " + "[" * 1000 + "]" * 1000 + "\n")
    with pytest.raises(ConfigError, match=r"app\.yaml: not usable YAML \(maximum recursion"):
        load_app_config(folder)
