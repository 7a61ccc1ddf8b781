"""Config fuzzing: hundreds of mutated copies of the shipped YAML files (wrong types, huge
numbers, NaN, deep nesting, unicode and control characters, duplicate keys, Python tags,
truncation, bad bytes). Each one either loads or fails with the one-line ConfigError that
names the file; never another exception, never a Python object built."""

from __future__ import annotations

import functools
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.domain.config import DEFAULT_CONFIG_DIR, ConfigError, load_app_config
from sensory_games.domain.glyphs import load_glyph_file
from sensory_games.services.bundle import read_bundle
from sensory_games.services.plans import load_plan

CONFIGS = DEFAULT_CONFIG_DIR
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


# -- Every value of every kind of config file replaced in turn by a value of another type --

#: libyaml's safe dumper when PyYAML was built with it (the files are written faster).
FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
#: What each value is replaced by in turn: a list, a mapping, null, a bool, a huge whole
#: number and text (the types a hand-edited YAML file most often gets wrong).
WRONG_TYPES: tuple[Any, ...] = (["x", ["y"]], {"x": {"y": 1}}, None, True, 10**400, "x")
#: What each mapping key is renamed to in turn: keys that are not text.
WRONG_KEYS: tuple[Any, ...] = (7, None)

#: A profile bundle as `profiles export` writes it (docs/export.md).
BUNDLE_TEXT = """\
format: sensory_games-profile-1
exported_at: '2026-11-28T07:24:28.568Z'
from_device: e1072c1a-233c-4ad9-8fe5-762862a36a0a
profile:
  id: 1df53b8a-4952-46be-9ae5-0b5c89e7b515
  alias: Mia
  animal: cat
  colour: 2
  age_band: 6-8
  dominant_hand: left
  pointer: finger
  intensity_preset: calm
  intensity: {complexity: 0.25, feedback: 0.3, motion: 0.0, sound: 0.2, visual: 0.3}
  created_at: '2026-11-02T09:00:00.000Z'
levels:
  bubbles: 3
  tracing: 5
"""


@functools.cache
def _level_counts() -> dict[str, int]:
    """Each shipped activity's number of levels (what plans and bundles are checked against)."""
    return {slug: len(load_activity_levels(slug, CONFIGS)) for slug in REGISTRY}


#: kind -> (the file in a configs folder, its text, how to load that folder).
KINDS: dict[str, tuple[str, str, Callable[[Path], object]]] = {
    "app": ("app.yaml", (CONFIGS / "app.yaml").read_text("utf-8"), load_app_config),
    "activity": (
        "activities/calming.yaml",
        (CONFIGS / "activities" / "calming.yaml").read_text("utf-8"),
        lambda folder: load_activity_levels("calming", folder),
    ),
    "plan": (
        "plans/calm-start.yaml",
        (CONFIGS / "plans" / "calm-start.yaml").read_text("utf-8"),
        lambda folder: load_plan(folder, "calm-start", _level_counts()),
    ),
    "glyphs": (
        "glyphs/prewriting.yaml",
        (CONFIGS / "glyphs" / "prewriting.yaml").read_text("utf-8"),
        lambda folder: load_glyph_file(folder / "glyphs" / "prewriting.yaml"),
    ),
    "bundle": (
        "mia.yaml",
        BUNDLE_TEXT,
        lambda folder: read_bundle(folder / "mia.yaml", _level_counts()),
    ),
}


def _renamed(data: Any, path: tuple[Any, ...], old: Any, new: Any) -> Any:
    """`data` with the key `old` of the mapping at `path` renamed to `new` (in place)."""
    if path:
        head = path[0]
        copy = dict(data) if isinstance(data, dict) else list(data)
        copy[head] = _renamed(data[head], path[1:], old, new)
        return copy
    return {(new if key == old else key): value for key, value in data.items()}


def _places_by_role(data: Any) -> list[tuple[Any, ...]]:
    """Every place of `_leaves` whose role is new: the items of one list play the same
    role (every level of an activity, every point of a line), so only the first place
    of each key path with its list indices left out is kept."""
    roles: set[tuple[Any, ...]] = set()
    places = []
    for place in _leaves(data):
        role = tuple("[]" if isinstance(step, int) else step for step in place)
        if role not in roles:
            roles.add(role)
            places.append(place)
    return places


def _wrong_type_variants(data: Any) -> list[tuple[str, Any]]:
    """(what was changed, the document) for every value and every key in turn."""
    variants = []
    for place in _places_by_role(data):
        at = ".".join(map(str, place)) or "(file)"
        variants += [
            (f"{at} = {value!r:.20}", _replaced(data, place, value)) for value in WRONG_TYPES
        ]
        inner = _replaced(data, (), data)
        for step in place:
            inner = inner[step]
        if isinstance(inner, dict):
            for key in inner:
                variants += [
                    (f"{at} key {key!r} -> {new!r}", _renamed(data, place, key, new))
                    for new in WRONG_KEYS
                ]
    return variants


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_value_of_the_wrong_type_is_a_config_error_naming_the_file(
    kind: str, tmp_path: Path
) -> None:
    """Each value (and key) of a shipped file replaced in turn by a list, a mapping, null,
    a bool, a huge number, text: the file loads, or a one-line ConfigError names it; no
    TypeError, AttributeError or KeyError from a value used before its type was checked."""
    name, text, load = KINDS[kind]
    folder = tmp_path / "configs"
    shutil.copytree(CONFIGS, folder)
    target = folder / name
    failures = []
    refused = 0
    for change, document in _wrong_type_variants(yaml.safe_load(text)):
        target.write_text(yaml.dump(document, Dumper=FAST_DUMPER, sort_keys=False), "utf-8")
        try:
            load(folder)
        except ConfigError as error:
            refused += 1
            message = str(error)
            if "\n" in message or not message.startswith(f"{error.file}: "):
                failures.append(f"{change}: message {message!r}")
            elif target.name not in message:
                failures.append(f"{change}: message does not name the file: {message!r}")
        except Exception as error:  # any other exception is what this test looks for
            failures.append(f"{change}: {error.__class__.__name__}: {error}"[:300])
    assert not failures, f"{len(failures)} changes broke the loader:\n" + "\n".join(failures)
    assert refused > 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("from_device: e1072c1a-233c-4ad9-8fe5-762862a36a0a", "from_device: [e1072c1a]"),
            'from_device = ["e1072c1a"]: must be the id of the device',
        ),
        (("exported_at: '2026-11-28T07:24:28.568Z'", "exported_at: {}"), "exported_at = {}"),
        (("created_at: '2026-11-02T09:00:00.000Z'", "created_at: 7"), "profile.created_at = 7"),
        (("id: 1df53b8a-4952-46be-9ae5-0b5c89e7b515", "id: 7"), "profile.id = 7: must be"),
        (("levels:\n  bubbles: 3\n  tracing: 5\n", "levels: false\n"), "levels = false: must"),
        (("  bubbles: 3", "  7: 3"), "levels.7 = 3: is not an activity here; known:"),
    ],
)
def test_a_bundle_value_of_the_wrong_type_is_named(tmp_path: Path, edit, message) -> None:
    """What a bundle brings is stored in the log (the device id and times of the child's
    row), so each is checked like a setting instead of being turned into text."""
    file = tmp_path / "mia.yaml"
    assert edit[0] in BUNDLE_TEXT
    file.write_text(BUNDLE_TEXT.replace(edit[0], edit[1]), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mia\.yaml: ") as caught:
        read_bundle(file, _level_counts())
    assert caught.value.message.startswith(message)


def test_a_bundle_time_written_without_quotes_is_read_as_its_utc_time(tmp_path: Path) -> None:
    file = tmp_path / "mia.yaml"
    text = BUNDLE_TEXT.replace("'2026-11-02T09:00:00.000Z'", "2026-11-02T10:00:00+01:00")
    file.write_text(text, encoding="utf-8")
    assert read_bundle(file, _level_counts()).profile["created_at"] == "2026-11-02T09:00:00.000Z"
    file.write_text(text.replace("+01:00", ""), encoding="utf-8")  # no time zone: refused
    with pytest.raises(ConfigError, match=r"profile\.created_at = 2026-11-02 10:00:00: must be"):
        read_bundle(file, _level_counts())
