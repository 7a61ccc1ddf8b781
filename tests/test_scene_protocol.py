"""The scene protocol is explicit: `Scene` (and the console's `Page`) declares every hook
and flag the engine uses, with defaults; the engine calls them directly, every scene and
page overrides them with the same signature, and no hasattr/getattr probe is left."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import typing
from pathlib import Path

import pygame

import sensory_games
import sensory_games.engine.console
import sensory_games.engine.scenes
from sensory_games.domain.intensity import PRESETS, Intensity
from sensory_games.engine.console.page import Page
from sensory_games.engine.scenes.base import Scene

PACKAGE = Path(sensory_games.__file__).resolve().parent
#: Where scenes and pages live and where the engine and the console call them.
SCANNED = (
    *sorted((PACKAGE / "engine").glob("*.py")),
    *sorted((PACKAGE / "engine" / "scenes").glob("*.py")),
    *sorted((PACKAGE / "engine" / "console").glob("*.py")),
)
#: hasattr/getattr calls allowed in the scanned files (path, call as written): none is a
#: probe of a scene or a page.
JUSTIFIED = {
    # A sensory channel's value read by its name (the five names of intensity.CHANNELS).
    ("engine/scenes/intensity_overlay.py", "getattr(current, channel)"): "channel by name",
    ("engine/scenes/intensity_overlay.py", "getattr(values, channel)"): "channel by name",
    ("engine/console/profiles.py", "getattr(intensity, name)"): "channel by name",
    # pygame_gui's closed drop-down keeps its own copy of the selection in some versions.
    ("engine/console/widgets.py", "hasattr(state, 'selected_option')"): "pygame_gui version",
    ("engine/console/widgets.py", "getattr(state, 'selected_option_button', None)"): "pygame_gui",
    # pygame-ce versions before 2.5 have no Window.from_display_module (kiosk window).
    ("engine/kiosk_window.py", "getattr(pygame.Window, 'from_display_module', None)"): "pygame",
}


def probes() -> set[tuple[str, str]]:
    """Every hasattr/getattr call in the scanned files: (path in the package, call)."""
    found = set()
    for file in SCANNED:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("hasattr", "getattr")
            ):
                found.add((file.relative_to(PACKAGE).as_posix(), ast.unparse(node)))
    return found


def test_no_hasattr_or_getattr_probe_in_the_engine_scenes_or_console() -> None:
    found = probes()
    assert found - JUSTIFIED.keys() == set()
    assert JUSTIFIED.keys() - found == set()  # (a fixed exception leaves the list too)


def subclasses(base: type) -> list[type]:
    """Every subclass of `base` the package defines, after importing its scenes, its
    console and its activities (tests' own scenes are left out)."""
    for package in (sensory_games.engine.scenes, sensory_games.engine.console):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("sensory_games.") and cls not in found:
                found.append(cls)
    return found


def hooks(cls: type) -> dict[str, typing.Any]:
    """The public methods `cls` itself defines."""
    return {
        name: member
        for name, member in vars(cls).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }


def signature(function: typing.Any) -> inspect.Signature:
    """The signature with its annotations evaluated (so `float` and a string agree)."""
    return inspect.signature(function, eval_str=True)


def assert_overrides_match(base: type) -> int:
    """Every subclass's override of a method one of its ancestors declares (from `base`
    down) keeps that ancestor's signature; returns how many overrides were compared."""
    compared = 0
    for cls in subclasses(base):
        for ancestor in cls.__mro__[1:]:
            if not (isinstance(ancestor, type) and issubclass(ancestor, base)):
                continue
            for name, declared in hooks(ancestor).items():
                if name in vars(cls):
                    override = vars(cls)[name]
                    assert signature(override) == signature(declared), (
                        f"{cls.__qualname__}.{name}{signature(override)} differs from "
                        f"{ancestor.__qualname__}.{name}{signature(declared)}"
                    )
                    compared += 1
    return compared


def test_scene_declares_every_hook_the_engine_calls() -> None:
    declared = set(hooks(Scene))
    assert {"enter", "pause", "resume", "exit", "resize", "back"} <= declared
    assert {"handle", "handle_event", "update", "draw", "intensity_changed"} <= declared
    used = {
        node.attr
        for file in sorted((PACKAGE / "engine").glob("*.py"))  # the engine's own modules
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and (
            (isinstance(node.value, ast.Name) and node.value.id in ("scene", "top"))
            or ast.unparse(node.value) in ("self.top", "self.stack.top")
        )
    }
    assert used and used <= set(dir(Scene)), used - set(dir(Scene))


def test_every_scene_overrides_the_hooks_with_their_signatures() -> None:
    scenes = subclasses(Scene)
    names = {cls.__name__ for cls in scenes}
    assert {"ChildScene", "ActivityScene", "ConsoleScene", "PinPadScene"} <= names
    assert assert_overrides_match(Scene) >= len(scenes)


def test_every_scene_flag_is_a_plain_bool() -> None:
    hints = typing.get_type_hints(Scene)
    flags = {name for name, hint in hints.items() if hint == typing.ClassVar[bool]}
    assert flags == {
        "animated",
        "locks_when_idle",
        "wants_raw_events",
        "for_the_child",
        "over_play",
    }
    for cls in subclasses(Scene):
        for flag in flags:
            assert type(getattr(cls, flag)) is bool, f"{cls.__qualname__}.{flag}"


def test_console_pages_declare_and_keep_the_page_hooks() -> None:
    assert set(hooks(Page)) == {"handle", "draw", "kill", "scroll_areas"}
    pages = {cls.__name__ for cls in subclasses(Page)}
    assert {"ProfilesPage", "LevelsPage", "PlansPage", "ProgressPage", "AuditPage"} <= pages
    assert assert_overrides_match(Page) >= len(pages)
    console = ast.parse((PACKAGE / "engine" / "console" / "scene.py").read_text(encoding="utf-8"))
    called = {
        node.func.attr
        for node in ast.walk(console)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and ast.unparse(node.func.value) == "self.page"
    }
    assert called == {"handle", "draw", "kill", "scroll_areas"}


class Plain(Scene):
    """A scene that overrides nothing."""


class Noting(Scene):
    """A scene that notes the raw events and sensory changes it is given."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.raw_events: list[int] = []
        self.changes: list[tuple[float, str | None]] = []

    def handle_event(self, event: pygame.event.Event) -> None:
        self.raw_events.append(event.type)

    def intensity_changed(self, t: float, intensity: Intensity, preset_name: str | None) -> None:
        self.changes.append((t, preset_name))


class RawNoting(Noting):
    wants_raw_events = True


def test_the_engine_relies_on_the_defaults_and_calls_the_overrides(make_app, clock) -> None:
    app = make_app()
    below, top = Noting(app), Plain(app)
    app.push(below)
    app.push(top)
    app.stage.set_intensity(PRESETS["calm"], 2.5, preset_name="calm")  # reaches covered scenes
    assert below.changes == [(2.5, "calm")]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0))
    app.frame()  # a plain scene on top: drawn, updated, no raw events, no lock
    assert below.raw_events == [] and not top.locks_when_idle
    raw = RawNoting(app)
    app.push(raw)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0))
    app.frame()
    assert pygame.KEYDOWN in raw.raw_events
    assert below.raw_events == []  # (only the top scene is given raw events)
