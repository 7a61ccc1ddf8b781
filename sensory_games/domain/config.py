"""YAML configuration -> validated, typed objects, with errors a person can act on.

Files are read with PyYAML's ``SafeLoader`` only (plain data, never a Python object),
which also refuses a key written twice and a file whose aliases (``*name``) would blow
up (a "billion laughs", see :data:`MOST_YAML_VALUES`). Every error is one line naming
the file, the key path, the bad value and what is allowed, e.g.::

    configs/activities/bubbles.yaml: levels[2].target_mm = -3: must be a number between 8 and 80 mm

Unknown keys are errors, so a typo never passes silently. Levels are counted from 1.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.mastery import RULE_SCHEMA, MasteryRule
from sensory_games.domain.schema import (
    Parameter,
    ParameterSchema,
    SchemaError,
    error_reason,
    show_key,
    show_value,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG_DIR = PROJECT_ROOT / "configs"

#: Keys a kiosk button box can send for the left and right hand.
HAND_KEYS: tuple[str, ...] = (
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    "space",
    "return",
    "left",
    "right",
    "up",
    "down",
    "left shift",
    "right shift",
    "left ctrl",
    "right ctrl",
)


class ConfigError(Exception):
    """A configuration file is missing, not YAML, or holds a value that is not allowed."""

    def __init__(self, file: Path | str, message: str) -> None:
        self.file = str(file)
        self.message = message
        super().__init__(f"{_display_path(file)}: {message}")


def _display_path(file: Path | str) -> str:
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


MERGE_TAG = "tag:yaml.org,2002:merge"

#: At most this many values (scalars, lists and mappings, keys included) in one YAML file,
#: each alias (*name) counted as a full copy of what it names. The biggest shipped file
#: (configs/glyphs/uppercase.yaml) holds 700, a clinic's app.yaml about 60; a "billion
#: laughs" file of nine nested aliases would expand to 387 million and take minutes and
#: gigabytes to walk or print.
MOST_YAML_VALUES = 100_000


class YAMLExpansionError(yaml.YAMLError):
    """A YAML document whose aliases expand without end (an alias inside what it names)
    or past MOST_YAML_VALUES; `mark` is where, when it helps."""

    def __init__(self, reason: str, mark: yaml.Mark | None = None) -> None:
        self.reason = reason
        self.mark = mark
        super().__init__(reason)


def _inside(node: yaml.Node) -> Iterator[yaml.Node]:
    """The nodes directly inside `node`: a list's items, a mapping's keys and values."""
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def check_expansion(root: yaml.Node, anchors: Mapping[str, yaml.Node], most: int) -> int:
    """The number of values in the composed document `root` once every alias is written
    out in full; YAMLExpansionError as soon as it passes `most`, or for an alias inside
    the value it names (which would never end).

    Works on the node graph PyYAML composes, where an alias is the very node it names:
    each node is walked once and its expanded size remembered, so the cost is the file's
    own size, never the expanded one. `anchors` (name -> node) names the aliases in
    messages. Iterative, so deep nesting cannot overflow Python's stack here.
    """
    names = {id(node): name for name, node in anchors.items()}
    sizes: dict[int, int] = {}  # id(node) -> values in it, written out in full
    open_nodes = {id(root)}  # the nodes being walked, from the root down
    stack: list[tuple[yaml.Node, Iterator[yaml.Node]]] = [(root, _inside(root))]
    totals = [1]  # values counted so far in each node on the stack

    def count(size: int) -> None:
        totals[-1] += size
        if totals[-1] > most:
            raise YAMLExpansionError(
                f"too large: more than {most:,} values when every alias (*name) is counted "
                f"as a copy of what it names; at most {most:,} are allowed"
            )

    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            open_nodes.discard(id(node))
            sizes[id(node)] = size = totals.pop()
            if totals:
                count(size)
        elif id(child) in open_nodes:
            name = names.get(id(child), "")
            raise YAMLExpansionError(
                f"the alias *{name} is inside the value it names (&{name}), so it never ends",
                child.start_mark,
            )
        elif id(child) in sizes:
            count(sizes[id(child)])
        else:
            open_nodes.add(id(child))
            stack.append((child, _inside(child)))
            totals.append(1)
    return sizes[id(root)]


class _SafeLoaderNoDuplicates(yaml.SafeLoader):
    """yaml.SafeLoader (builds only plain data, never a Python object) that also refuses
    a key written twice in one mapping: YAML would silently keep the last one, and a
    therapist's first setting would be ignored without a word; and refuses, before
    building anything, a document whose aliases expand past MOST_YAML_VALUES."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        node = super().compose_node(parent, index)
        if parent is None and node is not None:  # the root, composed: its anchors still known
            check_expansion(node, self.anchors, MOST_YAML_VALUES)
        return node


def _mapping_without_duplicates(
    loader: _SafeLoaderNoDuplicates, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG:
            continue  # "<<: *shared" brings in keys the mapping may then override
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = key in first_line
        except TypeError:  # an unhashable key: SafeLoader's own error says so below
            break
        if seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key {show_key(key)} is written twice; the first is on line {first_line[key]}",
                key_node.start_mark,
            )
        first_line[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_SafeLoaderNoDuplicates.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def read_yaml(file: Path) -> Any:
    """Parse one YAML file safely (yaml.SafeLoader: plain data only, no key written twice,
    aliases expanding to at most MOST_YAML_VALUES values); errors become a one-line
    ConfigError."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(file, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(file, f"cannot be read ({error.__class__.__name__}: {error})") from None
    try:
        return yaml.load(text, Loader=_SafeLoaderNoDuplicates)  # a SafeLoader: plain data
    except YAMLExpansionError as error:
        mark = error.mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(file, where + error.reason) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(file, f"{where}not valid YAML ({error.problem})") from None
    except yaml.YAMLError as error:
        raise ConfigError(file, f"not valid YAML ({error})") from None
    except (ValueError, RecursionError, OverflowError) as error:  # e.g. a 5000-digit number
        raise ConfigError(file, f"not usable YAML ({error_reason(error)})") from None


def _section(
    file: Path, data: Mapping[str, Any], name: str, schema: ParameterSchema
) -> dict[str, Any]:
    value = data.get(name, {})
    if value is None:
        value = {}
    try:
        return schema.validate(value)
    except SchemaError as error:
        raise ConfigError(file, str(error.under(name))) from None


def _require_mapping(file: Path, data: Any, allowed_keys: tuple[str, ...]) -> Mapping[str, Any]:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(file, f"the file must hold a mapping of keys, not {show_value(data)}")
    for key in data:
        if key not in allowed_keys:
            raise ConfigError(
                file,
                f"{show_key(key)} = {show_value(data[key])}: is not a known key; known: "
                + ", ".join(allowed_keys),
            )
    return data


DISPLAY_SCHEMA = ParameterSchema(
    Parameter("kiosk", "bool", False, "Kiosk mode", "fullscreen, cursor hidden, child-proof"),
    Parameter("window_width", "int", 1280, "Window width", unit="px", minimum=320, maximum=7680),
    Parameter("window_height", "int", 800, "Window height", unit="px", minimum=240, maximum=4320),
    Parameter("fps", "int", 60, "Frames per second", unit="Hz", minimum=30, maximum=240),
    Parameter(
        "screen_diagonal_in",
        "float",
        10.1,
        "Screen diagonal",
        "physical size of the display, used to lay out in millimetres",
        unit="in",
        minimum=4.0,
        maximum=100.0,
    ),
    Parameter(
        "dpi",
        "float",
        0.0,
        "Display density",
        "pixels per inch of the screen, if measured; 0 = work it out from the diagonal",
        unit="px/in",
        minimum=0.0,
        maximum=1200.0,
    ),
)
INPUT_SCHEMA = ParameterSchema(
    Parameter("left_hand_key", "choice", "a", "Left-hand key", choices=HAND_KEYS),
    Parameter("right_hand_key", "choice", "l", "Right-hand key", choices=HAND_KEYS),
)
STORAGE_SCHEMA = ParameterSchema(
    Parameter("data_dir", "text", "", "Data folder", "empty = the user data folder"),
    Parameter(
        "export_dir",
        "text",
        "",
        "Export folder",
        "where the adult menu's Export writes; empty = exports/ in the data folder",
    ),
)
DEFAULTS_SCHEMA = ParameterSchema(
    Parameter(
        "intensity_preset", "choice", "balanced", "Default intensity", choices=tuple(PRESETS)
    ),
    Parameter(
        "reduce_motion",
        "bool",
        False,
        "Reduce motion",
        "new profiles start with the motion channel at 0 (the clinic's reduce-motion setting)",
    ),
)
SAFETY_SCHEMA = ParameterSchema(
    Parameter(
        "master_volume",
        "float",
        0.6,
        "Master volume cap",
        "no sound is ever louder than this share of the mixer",
        minimum=0.0,
        maximum=0.8,
    ),
)
CHECK_IN_SCHEMA = ParameterSchema(
    Parameter(
        "calming",
        "bool",
        True,
        "Check-in around calming",
        "ask how the child feels before and after every calming activity",
    ),
    Parameter(
        "session",
        "bool",
        False,
        "Check-in at session start and end",
        "ask how the child feels after picking their avatar and when an adult changes child",
    ),
    Parameter(
        "wait_s",
        "float",
        20.0,
        "Check-in wait",
        "with no tap for this long the check-in goes on, logged as no answer",
        unit="s",
        minimum=3.0,
        maximum=120.0,
    ),
)
APP_SECTIONS: dict[str, ParameterSchema] = {
    "display": DISPLAY_SCHEMA,
    "input": INPUT_SCHEMA,
    "storage": STORAGE_SCHEMA,
    "defaults": DEFAULTS_SCHEMA,
    "safety": SAFETY_SCHEMA,
    "check_in": CHECK_IN_SCHEMA,
    "mastery": RULE_SCHEMA,
}


@dataclass(frozen=True)
class DisplayConfig:
    kiosk: bool
    window_width: int
    window_height: int
    fps: int
    screen_diagonal_in: float
    dpi: float


@dataclass(frozen=True)
class InputConfig:
    left_hand_key: str
    right_hand_key: str


@dataclass(frozen=True)
class AppConfig:
    """configs/app.yaml, validated. `data_dir` is "" for the user data folder."""

    display: DisplayConfig
    input: InputConfig
    data_dir: str
    intensity_preset: str
    master_volume: float
    config_dir: Path
    reduce_motion: bool = False
    check_in_calming: bool = True
    check_in_session: bool = False
    check_in_wait_s: float = 20.0
    export_dir: str = ""
    mastery: MasteryRule = field(default_factory=MasteryRule)

    def export_folder(self, data_dir: Path) -> Path:
        """Where the adult menu's Export writes: storage.export_dir, else exports/ in the
        data folder (a fallback file of unsaved records may go there too)."""
        return Path(self.export_dir).expanduser() if self.export_dir else data_dir / "exports"

    def new_profile_overrides(self) -> dict[str, float]:
        """Channel values every new profile starts with, besides its preset's."""
        return {"motion": 0.0} if self.reduce_motion else {}

    @classmethod
    def defaults(cls, config_dir: Path = DEFAULT_CONFIG_DIR) -> AppConfig:
        return cls._from_sections({k: s.defaults() for k, s in APP_SECTIONS.items()}, config_dir)

    @classmethod
    def _from_sections(cls, sections: dict[str, dict[str, Any]], config_dir: Path) -> AppConfig:
        return cls(
            display=DisplayConfig(**sections["display"]),
            input=InputConfig(**sections["input"]),
            data_dir=sections["storage"]["data_dir"],
            intensity_preset=sections["defaults"]["intensity_preset"],
            master_volume=sections["safety"]["master_volume"],
            config_dir=config_dir,
            reduce_motion=sections["defaults"]["reduce_motion"],
            check_in_calming=sections["check_in"]["calming"],
            check_in_session=sections["check_in"]["session"],
            check_in_wait_s=sections["check_in"]["wait_s"],
            export_dir=sections["storage"]["export_dir"],
            mastery=MasteryRule(**sections["mastery"]),
        )


def config_dir_from_env() -> Path:
    """configs/ of this checkout, or the folder named by SENSORY_GAMES_CONFIG."""
    override = os.environ.get("SENSORY_GAMES_CONFIG")
    return Path(override) if override else DEFAULT_CONFIG_DIR


def load_app_config(config_dir: Path | None = None) -> AppConfig:
    """Read configs/app.yaml; a missing file means all defaults."""
    config_dir = config_dir or config_dir_from_env()
    file = config_dir / "app.yaml"
    if not file.exists():
        return AppConfig.defaults(config_dir)
    data = _require_mapping(file, read_yaml(file), tuple(APP_SECTIONS))
    sections = {name: _section(file, data, name, schema) for name, schema in APP_SECTIONS.items()}
    keys = sections["input"]
    if keys["left_hand_key"] == keys["right_hand_key"]:
        raise ConfigError(
            file,
            f"input.right_hand_key = {show_value(keys['right_hand_key'])}: must differ from "
            "input.left_hand_key",
        )
    return AppConfig._from_sections(sections, config_dir)


@dataclass(frozen=True)
class Level:
    """One difficulty level: its number (from 1), the therapist's objective, the values."""

    number: int
    objective: str
    parameters: dict[str, Any]


def load_levels(file: Path, slug: str, schema: ParameterSchema) -> list[Level]:
    """Read configs/activities/<slug>.yaml and validate every level against `schema`."""
    data = _require_mapping(file, read_yaml(file), ("activity", "levels"))
    if data.get("activity") != slug:
        raise ConfigError(file, f"activity = {show_value(data.get('activity'))}: must be {slug!r}")
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not raw_levels:
        raise ConfigError(
            file, f"levels = {show_value(raw_levels)}: must be a list of at least one level"
        )
    levels: list[Level] = []
    for number, raw in enumerate(raw_levels, start=1):
        key = f"levels[{number}]"
        if not isinstance(raw, Mapping):
            raise ConfigError(file, f"{key} = {show_value(raw)}: must be a mapping of settings")
        values = dict(raw)
        objective = values.pop("objective", None)
        if not isinstance(objective, str) or not objective.strip() or "\n" in objective.strip():
            raise ConfigError(
                file, f"{key}.objective = {show_value(objective)}: must be a one-line sentence"
            )
        try:
            parameters = schema.validate(values)
        except SchemaError as error:
            raise ConfigError(file, str(error.under(key))) from None
        levels.append(Level(number, objective.strip(), parameters))
    return levels
