"""`sensory-games layout-check`: every screen, at every clinic screen, meets the layout rules.

For each screen of the matrix (ui/screen_matrix.py: twelve window sizes, landscape and
portrait, at the densities those screens come in) the real app is built headless at that
size and density, and every screen a child or an adult meets is opened in turn with a
clinic's data: who is playing (every page of it), the activities (every page), every
activity at every level, the sensory settings over an activity, the reward, the check-in,
the calm screen, the PIN keypad, the adult menu, the timing check and each page of the
therapist console (with each of its drop-downs opened). Each screen declares what is on it
(``Scene.layout_boxes``) and the rules of ui/layout_rules.py are checked on that, plus:

- **reachable**: every tile of a paged screen is on one of its pages (nothing dropped);
- **pop-ups on top**: an open drop-down's list lies on the screen, and what is drawn there
  is the list (the page paints nothing over it);
- **no layout warnings**: any warning raised while a screen is built or drawn (pygame_gui's
  "Label Rect is too small") is a problem.

Given a language (``--language``), the clinic's language (clinic.language) and the sample
children's are that one: every word is then the catalogs' (a longer Spanish word, Arabic
read right to left, Chinese) and must fit the same boxes.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

import pygame
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIDropDownMenu
from pygame_gui.elements.ui_drop_down_menu import UIExpandedDropDownState

from sensory_games.activities import REGISTRY
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import AppConfig, load_app_config
from sensory_games.domain.language import SOURCE_LANGUAGE
from sensory_games.engine.app import App
from sensory_games.engine.console.layout import group_of, gui_boxes, open_pop_ups, owner_of
from sensory_games.engine.console.scene import TABS, ConsoleScene
from sensory_games.engine.sample_clinic import HISTORY_CHILDREN, PLAN_CHILD, make_sample_clinic
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.base import Scene, TileScene
from sensory_games.engine.scenes.calibration import CalibrationScene
from sensory_games.engine.scenes.calm_pause import CalmPauseScene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.storage import Repository
from sensory_games.ui.layout_rules import LayoutBox, Problem, check_boxes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.screen_matrix import ClinicScreen

#: Seconds of play before an activity is looked at (its first trial laid out and shown).
SETTLE_S = 0.2


class ScreenCheck:
    """One matrix screen: the app built at its size and density, and what its screens
    break (:attr:`problems`)."""

    def __init__(self, screen: ClinicScreen, config: AppConfig, repository: Repository) -> None:
        self.screen = screen
        self.problems: list[Problem] = []
        self.views = 0
        display = replace(
            config.display,
            kiosk=False,
            window_width=screen.width_px,
            window_height=screen.height_px,
            dpi=float(screen.dpi),
        )
        self.clock = VirtualClock()
        self.app = App(
            replace(config, display=display),
            repository,
            self.clock,
            window_size=(screen.width_px, screen.height_px),
            headless=True,
        )

    @property
    def metrics(self) -> ScreenMetrics:
        return self.app.metrics

    def where(self, view: str) -> str:
        """Where a problem is: the screen, the language when not the source's, the view."""
        language = self.app.config.language
        shown = "" if language == SOURCE_LANGUAGE else f" [{language}]"
        return f"{self.screen.name}{shown} {view}"

    # -- looking -----------------------------------------------------------------------

    def run(self, seconds: float, render: bool = False) -> None:
        """Let `seconds` of the app pass (frames of the app's step), then one drawn frame
        when `render`."""
        for _ in range(round(seconds * self.app.fps)):
            self.clock.advance(self.app.step_s)
            self.app.frame(render=False)
        if render:
            self.app.request_redraw()
            self.app.frame()

    def judge(self, view: str, boxes: Sequence[LayoutBox]) -> None:
        self.views += 1
        self.problems.extend(check_boxes(boxes, self.metrics, self.where(view)))

    def look(self, view: str, scene: Scene | None, seconds: float = 0.2) -> None:
        """Open `scene` (None: the screen on top), let it settle, draw it and judge what it
        declares; a paged screen page by page. The scene stays open (the caller pops it)."""
        if scene is None:
            scene = self.app.top
            assert scene is not None  # (a child's screen is open: the launcher)
        else:
            self.app.push(scene)
        self.run(seconds, render=True)
        if isinstance(scene, TileScene):
            self.look_pages(view, scene)
        else:
            self.judge(view, scene.layout_boxes())

    def look_pages(self, view: str, tiled: TileScene) -> None:
        """Every page of a tiled screen, and that every tile is on one."""
        seen: set[int] = set()
        for page in range(1 if tiled.pages is None else tiled.pages.pages):
            tiled.turn_to(page)
            self.run(0.0, render=True)
            shown = {id(tile) for tile in tiled.tiles}
            seen |= {index for index, tile in enumerate(tiled.all_tiles) if id(tile) in shown}
            self.judge(f"{view} page {page + 1}", tiled.layout_boxes())
        missing = [tiled.all_tiles[i].label for i in range(len(tiled.all_tiles)) if i not in seen]
        if missing:
            self.problems.append(
                Problem(self.where(view), "unreachable", f"tiles on no page: {missing}")
            )
        tiled.turn_to(0)

    def look_console(self, page: str) -> None:
        """A console page scrolled through (every widget must show at some position), and
        each of its drop-downs opened once, where it first shows (see module)."""
        console = ConsoleScene(self.app.stage, page)
        self.look(f"console/{page}", console)
        opened: set[int] = set()  # (each drop-down is opened once, where it first shows)
        self.check_pop_ups(console, f"console/{page}", opened)
        areas = console.page.scroll_areas() if console.page is not None else ()
        for number, area in enumerate(areas):
            seen = {id(widget) for widget, _rect, shown in area.widgets() if shown}
            for offset in area.scroll_positions()[1:]:
                area.scroll_to(offset)
                self.run(0.0, render=True)
                self.judge(f"console/{page} scrolled {offset} px", console.layout_boxes())
                seen |= {id(widget) for widget, _rect, shown in area.widgets() if shown}
                self.check_pop_ups(console, f"console/{page} scrolled {offset} px", opened)
            never = [type(w).__name__ for w, _rect, _shown in area.widgets() if id(w) not in seen]
            if never:
                self.problems.append(
                    Problem(
                        self.where(f"console/{page}"),
                        "unreachable",
                        f"scroll area {number + 1}: never shown at any scroll position: {never}",
                    )
                )
            area.scroll_to(0)
        self.app.pop()

    def check_pop_ups(self, console: ConsoleScene, view_name: str, opened: set[int]) -> None:
        """Each drop-down the console shows now and not yet `opened` (ids), opened: on
        screen and drawn on top."""
        for menu, listed in open_pop_ups(console.manager, console.update, opened):
            view = self.where(f"{view_name} drop-down {menu.selected_option[0]!r} open")
            screen = pygame.Rect((0, 0), self.metrics.size_px)
            if listed is None:
                self.problems.append(Problem(view, "unreachable", "a click does not open it"))
                continue
            if not screen.contains(listed):
                self.problems.append(Problem(view, "off screen", "its open list leaves the screen"))
                continue
            if not _drawn_on_top(console, menu, listed, self.app.surface):
                self.problems.append(Problem(view, "pop-up under", "the page paints over its list"))
            own = [
                box
                for box in gui_boxes(console.manager, self.metrics)
                if box.group == group_of(menu)
            ]
            self.problems.extend(check_boxes(own, self.metrics, view))  # (its rows, its bar)

    # -- the screens -------------------------------------------------------------------

    def check_all(self, only: Callable[[str], bool] = lambda view: True) -> list[Problem]:
        """Every screen (see module) whose view name `only` accepts; the problems."""
        with warnings.catch_warnings(record=True) as raised:
            warnings.simplefilter("always")
            for view, look in self.looks():
                if not view:  # (a step every later screen needs, judged or not)
                    look()
                elif only(view):
                    before = len(raised)
                    look()
                    for warning in raised[before:]:
                        self.problems.append(
                            Problem(self.where(view), "warning", str(warning.message))
                        )
        self.app.quit()
        return self.problems

    def looks(self) -> Iterator[tuple[str, Callable[[], None]]]:
        """(view name, what opens and judges it), in the order a clinic meets them; a
        nameless step is one every later view needs (a child picks their avatar)."""
        stage = self.app.stage
        yield "picker", lambda: self.look("picker", ProfilePickerScene(stage))
        yield "", partial(self.start, HISTORY_CHILDREN[0])
        yield "launcher", lambda: self.look("launcher", None)
        counts = stage.child.level_counts()
        for slug in REGISTRY:
            for level in range(1, counts[slug] + 1):
                view = f"{slug} level {level}"
                yield view, partial(self.look_activity, view, slug, level)
        yield "sensory settings", self.look_sensory_settings
        yield "reward", lambda: self.look("reward", RewardScene(stage, seed=1), 0.5)
        yield "check-in", lambda: self.look("check-in", stage.calm_screen())
        yield "calm pause", lambda: self.look("calm pause", CalmPauseScene(stage))
        yield "keypad", lambda: self.look("keypad", PinPadScene(stage))
        yield "adult menu", lambda: self.look("adult menu", AdultMenuScene(stage))
        yield "timing check", lambda: self.look("timing check", CalibrationScene(stage), 3.0)
        for name, _label, page in TABS:
            if page is not None:
                yield f"console/{name}", partial(self.look_console, name)
        yield "", partial(self.start, PLAN_CHILD)
        yield "launcher with a plan", lambda: self.look("launcher with a plan", None)

    def start(self, alias: str) -> None:
        """The child `alias` of the sample clinic (the one with weeks of history, the one
        with a plan) picks their avatar: the screens after are theirs."""
        stage = self.app.stage
        profile = stage.repository.profile_by_alias(alias)  # (another log: the Guest)
        profile = profile if profile is not None else stage.repository.guest_profile()
        if stage.config.language != SOURCE_LANGUAGE:  # (the child speaks the clinic's)
            profile = replace(profile, language=stage.config.language)
        stage.start_session(profile)
        self.app.push(ActivityMenuScene(stage))  # (their launcher, over whatever was open)

    def look_activity(self, view: str, slug: str, level: int) -> None:
        self.look(view, ActivityScene(self.app.stage, slug, level, seed=3), SETTLE_S)
        self.app.stack.pop_to(ActivityMenuScene)

    def look_sensory_settings(self) -> None:
        """The sensory panel over an activity: the panel's own boxes (it is a pop-up:
        what is under it waits)."""
        stage = self.app.stage
        self.app.push(ActivityScene(stage, next(iter(REGISTRY)), 1, seed=3))
        stage.open_overlay()
        self.run(0.2, render=True)
        overlay = self.app.sensory.overlay
        if overlay is not None:
            self.judge("sensory settings", overlay.layout_boxes())
        stage.close_overlay()
        self.app.stack.pop_to(ActivityMenuScene)


def _drawn_on_top(
    console: ConsoleScene, menu: UIDropDownMenu, area: pygame.Rect, surface: pygame.Surface
) -> bool:
    """Whether the open list of `menu` (covering `area`) is drawn over everything: no
    other widget there sits in a higher layer than the list's own parts (a chart picture
    would), and what the console shows there is what its UI manager alone draws (nothing
    the page paints after the widgets covers it)."""
    group = console.manager.get_sprite_group()
    own = [s for s in group.sprites() if group_of(owner_of(s)) == group_of(menu)]
    expanded = menu.menu_states["expanded"]
    assert isinstance(expanded, UIExpandedDropDownState)
    listed = expanded.options_selection_list
    assert listed is not None  # (open: its list is there)
    for sprite in group.sprites():
        if sprite in own or isinstance(sprite, UIContainer) or not sprite.visible:
            continue  # (a container draws nothing of its own)
        if sprite.rect.colliderect(area) and sprite.layer > listed.layer:
            return False
    console.draw(surface)
    full = pygame.image.tobytes(surface.subsurface(area), "RGB")
    surface.fill((233, 238, 242))
    console.manager.draw_ui(surface)
    return full == pygame.image.tobytes(surface.subsurface(area), "RGB")


@contextmanager
def sample_clinic() -> Iterator[tuple[AppConfig, Path]]:
    """The sample clinic (engine/sample_clinic.py: 40 children, long and non-Latin aliases,
    weeks of history, a 30-step plan) made afresh in a temporary folder: its configuration
    and its log's folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="sensory-games-layout-") as folder:
        make_sample_clinic(Path(folder), VirtualClock())
        yield load_app_config(Path(folder) / "clinic"), Path(folder) / "data"


def check_screen(
    screen: ClinicScreen,
    config: AppConfig,
    data: Path,
    only: Callable[[str], bool] = lambda view: True,
) -> tuple[list[Problem], int]:
    """One screen with a fresh copy of the clinic's log in `data` (opening the screens
    writes to it: stopped attempts, sessions), so every screen meets the same clinic. The
    problems found and how many views were judged."""
    with tempfile.TemporaryDirectory(prefix="sensory-games-screen-") as folder:
        shutil.copytree(data, Path(folder) / "data")
        repository = Repository(Path(folder) / "data")
        try:
            check = ScreenCheck(screen, config, repository)
            return check.check_all(only), check.views
        finally:
            repository.close()


def check_screens(
    screens: Sequence[ClinicScreen],
    only: Callable[[str], bool] = lambda view: True,
    report: Callable[[ClinicScreen, list[Problem], int], None] = lambda *_: None,
    language: str | None = None,
) -> tuple[list[Problem], int]:
    """Every screen of `screens` with the sample clinic (never a clinic's own log, which
    opening the screens would write to), in `language` (a shipped code: the clinic's and
    the children's; None: the sample clinic's configuration). `report` hears each
    screen's problems and views as it is done. Returns all the problems and how many
    views were judged."""
    problems: list[Problem] = []
    views = 0
    with sample_clinic() as (config, data):
        if language is not None:
            config = replace(config, language=language)
        for screen in screens:
            found, judged = check_screen(screen, config, data, only)
            report(screen, found, judged)
            problems.extend(found)
            views += judged
    return problems, views
