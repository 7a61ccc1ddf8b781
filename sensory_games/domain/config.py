"""YAML configuration -> validated, typed objects, with errors a person can act on.

Files are read safely by domain.yaml_files. The shipped defaults and the clinic's own
folder over them are found by domain.config_folders. Every error is one line naming the
file (the clinic's or the shipped one), the key path, the bad value and what is allowed::

    activities/bubbles.yaml: levels[2].target_mm = -3: must be a number between 8 and 80 mm

Unknown keys are errors, so a typo never passes silently. Levels are counted from 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sensory_games.domain.check_in import SCALE_SETTINGS
from sensory_games.domain.config_checks import check_settings
from sensory_games.domain.config_folders import (
    check_file_names,
    clinic_config_dir,
    installed_activities,
    is_shipped,
    shipped_config_dir,
)
from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.language import LANGUAGES, N_, SOURCE_LANGUAGE
from sensory_games.domain.mastery import RULE_SCHEMA, MasteryRule
from sensory_games.domain.render_scale import STEPS
from sensory_games.domain.schema import (
    Parameter,
    ParameterSchema,
    SchemaError,
    show_key,
    show_value,
)
from sensory_games.domain.server_config import SERVER_SCHEMA, ServerConfig

# (ConfigError and read_yaml are part of this module's API: callers import them from here.)
from sensory_games.domain.yaml_files import ConfigError as ConfigError
from sensory_games.domain.yaml_files import read_yaml as read_yaml

#: The defaults shipped in the package: the configuration with no clinic folder over it.
DEFAULT_CONFIG_DIR = shipped_config_dir()

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


def _section(
    file: Path, data: Mapping[str, Any], name: str, schema: ParameterSchema
) -> dict[str, Any]:
    value = data.get(name, {})
    if value is None:
        value = {}
    try:
        return schema.validate(value)
    except SchemaError as error:
        raise ConfigError(file, error.under(name)) from None


def _require_mapping(file: Path, data: Any, allowed_keys: tuple[str, ...]) -> Mapping[str, Any]:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(
            file, N_("the file must hold a mapping of keys, not {value}"), value=show_value(data)
        )
    for key in data:
        if key not in allowed_keys:
            raise ConfigError(
                file,
                N_("{key} = {value}: is not a known key; known: {known}"),
                key=show_key(key),
                value=show_value(data[key]),
                known=", ".join(allowed_keys),
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
    Parameter(
        "render_scale",
        "float",
        0.0,
        "Render scale",
        "the activities drawn at this share of the screen's resolution and scaled up:"
        " 1, 0.75 or 0.5; 0 = automatic (lowered when frames run long)",
        minimum=0.0,
        maximum=1.0,
        steps=(0.0, *sorted(STEPS)),  # (0: automatic)
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
    Parameter(
        "scale",
        "choice",
        "auto",
        "Check-in scale",
        "five faces (faces), a four-colour zones scale (zones) or three faces (three_faces);"
        " auto: three faces for ages 3-5, five faces for everyone else (a child's profile"
        " may choose their own)",
        choices=SCALE_SETTINGS,
    ),
)
EXPORT_SCHEMA = ParameterSchema(
    Parameter(
        "decimal_mark",
        "choice",
        "auto",
        "Decimal mark of the Excel copy",
        "auto = this computer's locale (a point when the locale does not say)",
        choices=("auto", "comma", "point"),
    ),
    Parameter(
        "list_separator",
        "choice",
        "auto",
        "Separator between the Excel copy's cells",
        "Excel's list separator; auto = ';' with a decimal comma, else ','",
        choices=("auto", "comma", "semicolon"),
    ),
    Parameter(
        "time_zone",
        "text",
        "auto",
        "Time zone of the Excel copy's local times",
        "auto = this computer's zone, or a zone name such as Europe/Berlin",
    ),
)
LAUNCHER_SCHEMA = ParameterSchema(
    Parameter(
        "order",
        "names",
        (),
        "Order of the games",
        "the activities named come first on the child's games screen, in this order; every "
        "other installed activity follows in the usual order (none is ever left out)",
        choices=installed_activities(),
    ),
)
CLINIC_SCHEMA = ParameterSchema(
    Parameter(
        "language",
        "choice",
        SOURCE_LANGUAGE,
        "Clinic language",
        "the language of the console, the progress report and the command line, and of the "
        "child's screens and voice for a child whose profile names none",
        choices=tuple(LANGUAGES),
    ),
    Parameter(
        "voice_captions",
        "bool",
        False,
        "Captions of the spoken prompts",
        "show the adult the words of each spoken prompt, small, at the foot of the child's "
        "screen, while it is said",
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
    "export": EXPORT_SCHEMA,
    "launcher": LAUNCHER_SCHEMA,
    "clinic": CLINIC_SCHEMA,
    "server": SERVER_SCHEMA,
}


@dataclass(frozen=True)
class DisplayConfig:
    kiosk: bool
    window_width: int
    window_height: int
    fps: int
    screen_diagonal_in: float
    dpi: float
    render_scale: float = 0.0  # 0: automatic; else 1, 0.75 or 0.5 (domain/render_scale.py)


@dataclass(frozen=True)
class InputConfig:
    left_hand_key: str
    right_hand_key: str


@dataclass(frozen=True)
class ExportConfig:
    """How the Excel copy of an export is written (app.yaml `export:`): the decimal mark
    (auto, comma, point), the separator between cells (auto, comma, semicolon) and the
    zone of the local times (auto or a zone name); auto: this computer's."""

    decimal_mark: str = "auto"
    list_separator: str = "auto"
    time_zone: str = "auto"


@dataclass(frozen=True)
class AppConfig:
    """app.yaml, validated (the clinic's over the shipped one). `data_dir` is "" for the
    user data folder; `config_dir` is the clinic's configuration folder, where a saved
    plan goes (domain.config_folders)."""

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
    check_in_scale: str = "auto"  # auto, faces, zones or three_faces (domain.check_in)
    export_dir: str = ""
    mastery: MasteryRule = field(default_factory=MasteryRule)
    export: ExportConfig = field(default_factory=ExportConfig)
    launcher_order: tuple[str, ...] = ()
    language: str = SOURCE_LANGUAGE  # clinic.language: the console's, report's and CLI's
    voice_captions: bool = False  # clinic.voice_captions: the spoken words shown, small
    server: ServerConfig = field(default_factory=ServerConfig)  # the clinic server, if any

    def in_launcher_order(self, activities: Iterable[str]) -> list[str]:
        """`activities` (the installed ones, in their usual order) as the launcher shows
        them: those launcher.order names first, in its order, then every other in the
        order given. None is dropped; a name given that is not among `activities` is not
        shown."""
        usual = list(activities)
        first = [name for name in self.launcher_order if name in usual]
        return [*first, *(name for name in usual if name not in first)]

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
            check_in_scale=sections["check_in"]["scale"],
            export_dir=sections["storage"]["export_dir"],
            mastery=MasteryRule(**sections["mastery"]),
            export=ExportConfig(**sections["export"]),
            launcher_order=sections["launcher"]["order"],
            language=sections["clinic"]["language"],
            voice_captions=sections["clinic"]["voice_captions"],
            server=ServerConfig.of(sections["server"]),
        )


def app_files(config_dir: Path) -> list[Path]:
    """The app.yaml files read, in order: the shipped one, then the clinic folder's, whose
    keys override it key by key (either may be missing: then its keys are the defaults)."""
    files = [shipped_config_dir() / "app.yaml"]
    if not is_shipped(config_dir):
        files.append(Path(config_dir) / "app.yaml")
    return [file for file in files if file.exists()]  # (a folder called app.yaml: an error)


def app_settings(config_dir: Path) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], Path]]:
    """Every app.yaml setting by section and key, with the clinic folder's app.yaml over
    the shipped one over the built-in defaults; and (section, key) -> the file that set it
    (not there: the built-in default). Each file is checked by itself first, so an error
    names the file that holds the bad value; and the clinic folder holds no file that
    nothing would read (config_folders.check_file_names)."""
    check_file_names(config_dir)
    sections = {name: schema.defaults() for name, schema in APP_SECTIONS.items()}
    sources: dict[tuple[str, str], Path] = {}
    for file in app_files(config_dir):
        data = _require_mapping(file, read_yaml(file), tuple(APP_SECTIONS))
        for name, schema in APP_SECTIONS.items():
            checked = _section(file, data, name, schema)
            for key in data.get(name) or {}:
                sections[name][key] = checked[key]
                sources[name, key] = file
    check_settings(sections, sources)
    return sections, sources


def load_app_config(config_dir: Path | None = None) -> AppConfig:
    """The app's settings: the clinic folder's app.yaml over the shipped one (`config_dir`:
    the clinic folder; default: clinic_config_dir(), from $SENSORY_GAMES_CONFIG or the
    user configuration folder)."""
    config_dir = Path(config_dir) if config_dir is not None else clinic_config_dir()
    sections, _ = app_settings(config_dir)
    return AppConfig._from_sections(sections, config_dir)


@dataclass(frozen=True)
class Level:
    """One difficulty level: its number (from 1), the therapist's objective, the values."""

    number: int
    objective: str
    parameters: dict[str, Any]


def load_levels(file: Path, slug: str, schema: ParameterSchema) -> list[Level]:
    """Read an activities/<slug>.yaml and validate every level against `schema`."""
    data = _require_mapping(file, read_yaml(file), ("activity", "levels"))
    if data.get("activity") != slug:
        raise ConfigError(
            file,
            N_("{key} = {value}: must be {allowed}"),
            key="activity",
            value=show_value(data.get("activity")),
            allowed=repr(slug),
        )
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not raw_levels:
        raise ConfigError(
            file,
            N_("{key} = {value}: must be a list of at least one level"),
            key="levels",
            value=show_value(raw_levels),
        )
    levels: list[Level] = []
    for number, raw in enumerate(raw_levels, start=1):
        key = f"levels[{number}]"
        if not isinstance(raw, Mapping):
            raise ConfigError(
                file,
                N_("{key} = {value}: must be a mapping of settings"),
                key=key,
                value=show_value(raw),
            )
        values = dict(raw)
        objective = values.pop("objective", None)
        if not isinstance(objective, str) or not objective.strip() or "\n" in objective.strip():
            raise ConfigError(
                file,
                N_("{key} = {value}: must be a one-line sentence"),
                key=f"{key}.objective",
                value=show_value(objective),
            )
        try:
            parameters = schema.validate(values)
        except SchemaError as error:
            raise ConfigError(file, error.under(key)) from None
        levels.append(Level(number, objective.strip(), parameters))
    return levels
