"""Render every screen, the child's and the adults', with a realistic clinic, at every
clinic screen, to look at.

    make screenshots                       -> screenshots/<screen>/<shot>.png for the 38
                                              screens of ui/screen_matrix.py, and a contact
                                              sheet per screen: screenshots/contact-<screen>.png
    python scripts/screenshots.py FOLDER --screen 1280x800@220dpi --screen 800x1280@220dpi
    python scripts/screenshots.py FOLDER --screen 1280x800@220dpi --language ar
                                           -> FOLDER/1280x800@220dpi-ar/...: the clinic
                                              and every sample child in Arabic

A screen is a window size at a density (`1280x800@220dpi`); the density is given to the
app the way a clinic gives it: `display: {dpi: N}` in the clinic folder's app.yaml. The
clinic is engine/sample_clinic.py's (40 children, long and non-Latin aliases, a child with
six weeks of history, a 30-step plan). The real scenes run on a virtual clock with the
activities' own bots tapping. Screens are shot in parallel, on two processes at most (a
clinic's machine or CI has two cores): the whole matrix takes a few minutes.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import yaml

from sensory_games.activities import REGISTRY
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import load_app_config
from sensory_games.domain.intensity import preset
from sensory_games.domain.language import check_language
from sensory_games.engine.app import App
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.widgets import select
from sensory_games.engine.sample_clinic import fill_sample_clinic
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.calibration import CalibrationScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.storage import Repository
from sensory_games.ui.screen_matrix import ClinicScreen, clinic_screens

#: The sample clinic's last two syncs: one that worked, then the server not reached (the
#: longest line the adult menu says about the server).
LAST_SYNCS = (
    {"at": "2026-12-04T12:40:00.000Z", "ok": True, "sent": 12, "taken": 30, "conflicts": []},
    {
        "at": "2026-12-04T13:55:00.000Z",
        "ok": False,
        "error": "cannot reach the clinic server at clinic-server.lan:5432 (connection"
        " timeout expired)",
    },
)
#: (activity, level, seconds of bot play before the picture)
ACTIVITY_SHOTS = (
    ("bilateral_both", 2, 1.3),
    ("bilateral_drum", 3, 4.38),
    ("bilateral_drum", 5, 6.1),
    ("bilateral_hold", 1, 6.0),
    ("bilateral_hold", 2, 1.75),
    ("bilateral_mirror", 3, 2.2),
    ("bilateral_mirror", 5, 4.0),
    ("bubbles", 4, 1.0),
    ("calming", 2, 3.5),
    ("calming", 4, 4.0),
    ("tracing", 1, 1.9),
    ("tracing", 6, 7.0),
    ("tracing", 11, 4.0),
    ("tracing", 12, 4.0),
    ("tracing", 13, 5.0),
    ("tracing", 14, 5.0),
)
#: Calming scenes shot at the calm and the alerting preset: (level, seconds of play):
#: glitter jar, drifting bubbles, colour wash.
CALM_SHOTS = ((6, 4.0), (8, 9.0), (9, 12.0))
#: Contact sheets: the longer side of a thumbnail (px), the caption's height (px), and
#: the columns of the grid.
THUMB_PX, CAPTION_PX, COLUMNS = 360, 22, 6
#: The child who plays the child's screens (not a child with a history: the console's
#: pages show the sample clinic's history as it is).
PLAYER = "Sam"
SCREEN_NAME = re.compile(r"(\d+)x(\d+)@(\d+)dpi")


class Shooter:
    """The app at one screen with the sample clinic, and a folder its pictures go to;
    `language` (a shipped language's code, "" for the clinic's default): the clinic's
    language and every sample child's."""

    def __init__(self, screen: ClinicScreen, out: Path, work: Path, language: str = "") -> None:
        clinic = work / "clinic"
        clinic.mkdir()
        settings: dict[str, object] = {
            "display": {"dpi": screen.dpi},
            # (a clinic with a server: the adult menu shows its line and Sync now)
            "server": {
                "url": "postgresql://clinic-server.lan/sensory_games",
                "clinic": "riverside",
            },
        }
        if language:
            settings["clinic"] = {"language": language}
        (clinic / "app.yaml").write_text(yaml.safe_dump(settings))
        self.repository = Repository(work / "data")
        self.clock = VirtualClock()
        self.clinic = fill_sample_clinic(self.repository, clinic, self.clock)
        for summary in LAST_SYNCS:
            self.repository.record_last_sync(summary)
        if language:
            for child in self.repository.list_profiles(include_archived=True):
                self.repository.update_profile(replace(child, language=language))
        self.app = App(
            load_app_config(clinic),
            self.repository,
            self.clock,
            window_size=(screen.width_px, screen.height_px),
            headless=True,
        )
        if abs(self.app.metrics.px_per_mm - screen.metrics.px_per_mm) > 1e-6:
            raise RuntimeError(f"{screen.name}: the app measured {self.app.metrics}")
        self.out = out
        self.shots: list[Path] = []
        out.mkdir(parents=True, exist_ok=True)

    def save(self, name: str, seconds: float = 0.5) -> None:
        """Let `seconds` of game time pass, then save the screen as <number>-<name>.png."""
        app = self.app
        for _ in range(round(seconds * app.fps)):
            self.clock.advance(app.step_s)
            app.frame(render=False)
        app.request_redraw()
        app.frame()
        file = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        pygame.image.save(app.surface, str(file))
        self.shots.append(file)

    def play(self, slug: str, level: int, seconds: float, name: str, skill: float = 0.6) -> None:
        """Open `slug` at `level` and let its bot play for `seconds`, then shoot it."""
        app = self.app
        scene = ActivityScene(app.stage, slug, level, seed=5)
        app.push(scene)
        bot = scene.activity.bot_class(scene.activity, 5, skill)
        for _ in range(round(seconds * app.fps)):
            self.clock.advance(app.step_s)
            for event in bot.events(self.clock.now()):
                pygame.event.post(event)
            app.frame(render=False)
        self.save(name, 0)

    def close(self) -> None:
        self.app.quit()
        self.repository.close()


def child_screens(shooter: Shooter) -> None:
    """Who is playing, the launcher, every activity, the sensory settings, the reward, the
    check-in and the calm-down screen."""
    app, stage = shooter.app, shooter.app.stage
    app.push(ProfilePickerScene(stage))
    shooter.save("who-is-playing")
    player = shooter.repository.profile_by_alias(PLAYER)
    assert player is not None
    stage.start_session(player)
    app.push(ActivityMenuScene(stage))
    shooter.save("launcher-no-touchscreen")  # two-handed tiles badged: keys / touch needed
    chosen = {slug for slug, _level, _seconds in ACTIVITY_SHOTS}
    others = [(slug, 1, 2.0) for slug in REGISTRY if slug not in chosen]  # (a new activity)
    for slug, level, seconds in (*ACTIVITY_SHOTS, *others):
        shooter.play(slug, level, seconds, f"{slug}-level-{level}")
        if slug == "bubbles":
            stage.open_overlay()
            shooter.save("sensory-settings", 0)
            stage.close_overlay()
        app.stack.pop_to(ActivityMenuScene)
    child_intensity = app.child.sensory.intensity
    for name in ("calm", "alerting"):  # the calming scenes at both ends of the scale
        stage.set_intensity(preset(name), shooter.clock.now(), name)
        for level, seconds in CALM_SHOTS:
            shooter.play("calming", level, seconds, f"calming-level-{level}-{name}", skill=0.3)
            app.stack.pop_to(ActivityMenuScene)
    stage.set_intensity(child_intensity, shooter.clock.now())
    shooter.save("launcher")  # a finger has touched the screen: no badges
    app.stack.replace(RewardScene(stage, seed=5))
    shooter.save("reward", 0.9)
    app.push(stage.calm_screen())
    shooter.save("check-in-before-calm", 1.0)
    check_in = app.top
    assert isinstance(check_in, CheckInScene)
    check_in.choose(2)
    shooter.save("check-in-answered", 0.2)
    shooter.save("calm-down", 2.0)
    app.stack.pop_to(ProfilePickerScene)
    plan_child = shooter.repository.profile_by_alias(shooter.clinic.plan_child.alias)
    assert plan_child is not None  # (as stored: in the language it was given)
    stage.start_session(plan_child)
    app.push(ActivityMenuScene(stage))
    shooter.save("launcher-with-a-plan")  # first / then: the plan's next step only


def adult_screens(shooter: Shooter) -> None:
    """The PIN keypad, the adult menu, the timing check and every console page, each
    showing the clinic's data: a child chosen, the history child's progress, the plan."""
    app, stage = shooter.app, shooter.app.stage
    app.push(PinPadScene(stage))
    shooter.save("pin-keypad")
    app.stack.replace(AdultMenuScene(stage))
    shooter.save("adult-menu")
    app.push(CalibrationScene(stage))
    shooter.save("timing-check", 3.6)
    app.stack.pop_to(AdultMenuScene)
    history_child = shooter.clinic.history[0]
    console = ConsoleScene(stage)
    app.push(console)
    console.page.load(history_child)  # type: ignore[union-attr]  (the Profiles page's)
    shooter.save("console-profiles")
    for page in ("levels", "progress"):
        console.show(page)
        select(console.page.child, history_child.alias)  # type: ignore[union-attr]
        titles = console.page.titles  # type: ignore[union-attr]  (title shown -> slug)
        select(console.page.activity, title_of(titles, "tracing"))  # type: ignore[union-attr]
        console.page.load()  # type: ignore[union-attr]
        shooter.save(f"console-{page}")
    notes = console.page.session_notes  # type: ignore[union-attr]  (the progress page's)
    notes.author.set_text("AB")
    notes.text.set_text("Mother says: slept badly. Calm after the breathing game.")
    notes.page.area.reveal(notes.menu)
    shooter.save("console-progress-note-form")
    notes.save()
    notes.page.area.reveal(notes.listing)
    shooter.save("console-progress-notes")
    console.show("plans")
    select(console.page.plan, shooter.clinic.plan)  # type: ignore[union-attr]
    console.page.load(shooter.clinic.plan)  # type: ignore[union-attr]
    shooter.save("console-plans")
    console.show("audit")
    shooter.save("console-audit")


def title_of(titles: Mapping[str, str], slug: str) -> str:
    """The title a console page shows for activity `slug`, in whatever language the page
    speaks (`titles`: the page's title -> slug)."""
    return next(title for title, shown in titles.items() if shown == slug)


def shoot(screen: ClinicScreen, root: Path, language: str = "") -> tuple[str, int, float]:
    """Every screen at `screen` into root/<screen>/ (root/<screen>-<language>/ for a
    language), and its contact sheet; returns the screen's name, how many pictures and the
    seconds it took."""
    started = time.perf_counter()
    name = f"{screen.name}-{language}" if language else screen.name
    with tempfile.TemporaryDirectory() as work:
        shooter = Shooter(screen, root / name, Path(work), language)
        try:
            child_screens(shooter)
            adult_screens(shooter)
        finally:
            shooter.close()
    contact_sheet(shooter.shots, name, root / f"contact-{name}.png")
    return name, len(shooter.shots), time.perf_counter() - started


def contact_sheet(shots: Sequence[Path], title: str, file: Path) -> None:
    """Every shot scaled down (its longer side THUMB_PX) in a grid of COLUMNS, each
    captioned with its file name, under a title line: one picture to look over a screen."""
    pygame.font.init()
    font = pygame.font.Font(None, CAPTION_PX)
    pictures = [pygame.image.load(str(shot)) for shot in shots]
    scale = THUMB_PX / max(pictures[0].get_size())  # (one screen: every shot one size)
    w, h = (round(side * scale) for side in pictures[0].get_size())
    cell_w, cell_h = w + 8, h + CAPTION_PX + 12
    rows = math.ceil(len(shots) / COLUMNS)
    sheet = pygame.Surface((COLUMNS * cell_w, 2 * CAPTION_PX + rows * cell_h))
    sheet.fill((250, 250, 250))
    sheet.blit(font.render(f"{title}: {len(shots)} screens", True, (20, 20, 20)), (8, 8))
    for index, (shot, picture) in enumerate(zip(shots, pictures, strict=True)):
        x = (index % COLUMNS) * cell_w + 4
        y = 2 * CAPTION_PX + (index // COLUMNS) * cell_h
        sheet.blit(pygame.transform.smoothscale(picture, (w, h)), (x, y))
        pygame.draw.rect(sheet, (160, 160, 160), (x - 1, y - 1, w + 2, h + 2), 1)
        caption = font.render(shot.stem, True, (20, 20, 20))
        sheet.blit(caption, (x, y + h + 3), pygame.Rect(0, 0, w, CAPTION_PX))
    pygame.image.save(sheet, str(file))


def clinic_screen(name: str) -> ClinicScreen:
    """`1280x800@220dpi` -> the screen (argparse's type: a clear error otherwise)."""
    match = SCREEN_NAME.fullmatch(name)
    if match is None:
        raise argparse.ArgumentTypeError(f"{name!r}: write a screen as WIDTHxHEIGHT@DPIdpi")
    return ClinicScreen(*(int(n) for n in match.groups()))


def language_code(code: str) -> str:
    """A shipped language's code (argparse's type: a clear error otherwise)."""
    try:
        return check_language(code, allow_empty=True)  # ("": the clinic's default)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _shoot_one(job: tuple[ClinicScreen, Path, str]) -> tuple[str, int, float]:
    return shoot(*job)


def main(argv: Sequence[str] | None = None) -> int:
    """`screenshots.py [FOLDER] [--screen WxH@Ndpi ...] [--language CODE]`: every clinic
    screen (the whole matrix), or the screens given, in the clinic's default language or
    the one given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="screenshots", type=Path)
    parser.add_argument(
        "--screen",
        action="append",
        type=clinic_screen,
        help="a screen to shoot, e.g. 1280x800@220dpi (again for more; default: all 38)",
    )
    parser.add_argument(
        "--language",
        type=language_code,
        default="",
        metavar="CODE",
        help="the clinic's and the sample children's language, e.g. ar (default: English)",
    )
    options = parser.parse_args(argv)
    screens: list[ClinicScreen] = options.screen or clinic_screens()
    jobs = [(screen, options.folder, options.language) for screen in screens]
    started = time.perf_counter()
    processes = min(len(jobs), os.cpu_count() or 1, 2)
    if processes > 1:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            done = list(pool.imap_unordered(_shoot_one, jobs))
            pool.close()  # (the workers leave by themselves: SDL turns the SIGTERM a
            pool.join()  # pool's exit would send them into a quit event, and they stay)
    else:
        done = [_shoot_one(job) for job in jobs]
    for name, count, seconds in sorted(done):
        print(f"{name}: {count} screens in {seconds:.0f} s")
    took = time.perf_counter() - started
    print(f"{len(done)} clinic screens in {took:.0f} s: {options.folder.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
