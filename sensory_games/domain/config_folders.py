"""Where the configuration is read from: the defaults shipped inside the package, with the
clinic's own configuration folder layered over them.

    <clinic folder>/app.yaml                 its keys override the shipped ones, key by key
    <clinic folder>/activities/<slug>.yaml   replaces the shipped levels of that activity
    <clinic folder>/glyphs/<set>.yaml        replaces the shipped glyph file of that name
    <clinic folder>/plans/<name>.yaml        a session plan; the console saves plans here

The clinic folder is --config-dir, else $SENSORY_GAMES_CONFIG, else this platform's user
configuration folder (:func:`user_config_dir`). The platform's folder need not exist (then
every file is the shipped one); a folder chosen by name must, so a mistyped choice is
refused rather than quietly replaced by the shipped defaults. Nothing is ever written into
the package, which may be installed read-only.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.domain.yaml_files import ConfigError

CONFIG_ENV = "SENSORY_GAMES_CONFIG"
APP_NAME = "sensory_games"

#: The sub-folders whose files a clinic folder replaces (or adds to) one file at a time.
LAYERED_FOLDERS = ("activities", "glyphs", "plans")


def shipped_config_dir() -> Path:
    """The defaults shipped in the package (sensory_games/defaults/), wherever it is
    installed: a wheel, an sdist, an editable install or a PyInstaller bundle, found
    through importlib.resources rather than next to the source tree.

    Every shipped file is found through this one function, so a bundle that keeps its
    data elsewhere changes only this. The package must be installed as files (not run
    from inside a zip), which all four of those are."""
    return Path(str(resources.files(APP_NAME) / "defaults"))


def user_config_dir(app: str = APP_NAME) -> Path:
    """This platform's folder for a user's application configuration: on Windows
    %APPDATA%\\<app>\\config, on macOS ~/Library/Application Support/<app>/config,
    elsewhere $XDG_CONFIG_HOME/<app> (~/.config when that is not set)."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / app / "config"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / app / "config"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / app


def clinic_config_dir(chosen: str | Path | None = None) -> Path:
    """The clinic's configuration folder, as an absolute path (so every message names it
    the same way from any current folder): `chosen` (--config-dir), else
    $SENSORY_GAMES_CONFIG, else the user configuration folder.

    ConfigError, naming the folder and where the choice came from, when a folder chosen
    by name (the option or the variable) does not exist, or when any of them is not a
    folder: a typo in the choice would otherwise run on the shipped defaults unnoticed."""
    for candidate in (chosen, os.environ.get(CONFIG_ENV)):
        if candidate:
            folder = Path(os.path.abspath(Path(candidate).expanduser()))
            break
    else:
        folder = Path(os.path.abspath(user_config_dir()))
    named = bool(chosen or os.environ.get(CONFIG_ENV))
    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            folder,
            N_("is a file: the clinic configuration folder (from {origin}) must be a folder"),
            origin=where_clinic_config_dir_comes_from(chosen),
        )
    if named and not folder.exists():
        raise ConfigError(
            folder,
            N_(
                "no such folder: the clinic configuration folder chosen with {origin} does not"
                " exist (make it, or choose another)"
            ),
            origin=where_clinic_config_dir_comes_from(chosen),
        )
    return folder


def where_clinic_config_dir_comes_from(chosen: str | Path | None = None) -> str:
    """Why clinic_config_dir(chosen) is that folder, in a few words (config show); the
    option and the variable as typed, the platform's folder a Sentence to translate."""
    if chosen:
        return "--config-dir"
    if os.environ.get(CONFIG_ENV):
        return f"${CONFIG_ENV}"
    return Sentence(N_("this platform's user configuration folder"))


def is_shipped(folder: Path) -> bool:
    """True when `folder` is the shipped defaults themselves (nothing is layered then)."""
    return folder.resolve() == shipped_config_dir().resolve()


def layered_file(config_dir: Path, folder: str, name: str) -> Path:
    """`folder/name.yaml` from the clinic folder `config_dir` if it has one, else the
    shipped one; the clinic's path when neither exists (where one would go, so "file not
    found" names it)."""
    clinic = Path(config_dir) / folder / f"{name}.yaml"
    shipped = shipped_config_dir() / folder / f"{name}.yaml"
    return shipped if shipped.is_file() and not clinic.exists() else clinic


def layered_files(config_dir: Path, folder: str) -> dict[str, Path]:
    """Name -> file of every YAML file in `folder/`, sorted by name: the shipped ones,
    each replaced by the clinic folder's file of the same name, and the clinic's own."""
    found: dict[str, Path] = {}
    for base in (shipped_config_dir(), Path(config_dir)):
        if (base / folder).is_dir():
            found.update((file.stem, file) for file in (base / folder).glob("*.yaml"))
    return dict(sorted(found.items()))


def clinic_files(config_dir: Path) -> list[tuple[str, Path, bool]]:
    """What the clinic folder brings besides app.yaml: (`folder/name.yaml`, its file,
    whether it replaces a shipped file of that name) for each, by folder and name."""
    if is_shipped(config_dir):
        return []
    shipped = shipped_config_dir()
    return [
        (f"{folder}/{file.name}", file, (shipped / folder / file.name).is_file())
        for folder in LAYERED_FOLDERS
        for file in sorted((Path(config_dir) / folder).glob("*.yaml"))
    ]


def installed_activities() -> tuple[str, ...]:
    """The installed activities' names, sorted (the registry's order), as the domain knows
    them without importing an activity: every activity ships its levels file
    defaults/activities/<name>.yaml, and only an activity has one."""
    return tuple(sorted(file.stem for file in (shipped_config_dir() / "activities").glob("*.yaml")))


def check_file_names(config_dir: Path) -> None:
    """ConfigError for a file in the clinic folder that nothing would read, so a typo is
    reported instead of silently ignored: a YAML (or .txt) file at the top other than
    app.yaml (app.yml, App.yaml, app.yaml.txt, settings.yaml), a folder named in other
    letter case (Activities/), a file in activities/ not named after an activity
    (the known names are the shipped files', one per activity), a `.yml` file in any of
    LAYERED_FOLDERS (only `.yaml` is read), or one of those folders that is a file.
    glyphs/ and plans/ take new names: each is a new glyph set or plan (their contents
    are checked where they are read)."""
    config_dir = Path(config_dir)
    if is_shipped(config_dir):
        return
    read = {"app.yaml", *LAYERED_FOLDERS}
    if config_dir.is_dir():
        for entry in sorted(config_dir.iterdir()):
            if entry.name in read:
                continue
            if entry.name.lower() in read:
                if (config_dir / entry.name.lower()).exists():
                    continue  # (the same entry: a file system that ignores letter case)
                raise ConfigError(
                    entry, N_("must be called {name} (lower case)"), name=entry.name.lower()
                )
            if entry.suffix.lower() in (".yaml", ".yml", ".txt"):
                raise ConfigError(
                    entry,
                    N_(
                        "nothing reads this file: the clinic folder holds app.yaml and the"
                        " folders {folders}"
                    ),
                    folders=", ".join(LAYERED_FOLDERS),
                )
    for folder in LAYERED_FOLDERS:
        inside = config_dir / folder
        if inside.exists() and not inside.is_dir():
            raise ConfigError(inside, N_("is a file: it must be a folder of .yaml files"))
        misnamed = sorted(inside.glob("*.yml"))
        if misnamed:
            name = misnamed[0].stem
            raise ConfigError(
                misnamed[0], N_("only .yaml files are read: rename it {name}"), name=f"{name}.yaml"
            )
    known = installed_activities()
    for file in sorted((config_dir / "activities").glob("*.yaml")):
        if file.stem not in known:
            raise ConfigError(
                file,
                N_(
                    "no activity is called {name}: activities/ holds <activity>.yaml,"
                    " one of {known}"
                ),
                name=repr(file.stem),
                known=", ".join(known),
            )
