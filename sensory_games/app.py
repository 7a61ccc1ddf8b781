"""The app: window, frame loop, scene stack, current child and session.

The loop runs a fixed update step (1/fps s) on an injected clock. Between frames it
keeps polling SDL in short sleeps, so a tap's timestamp is taken within about a
millisecond of its arrival even though scenes only see it at the next frame. Frame time
(update + draw, without the wait for the display) is kept for the benchmark.
"""

from __future__ import annotations

import math
import os
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pygame

from sensory_games.activities import (
    CALM_ACTIVITY,
    REGISTRY,
    activity_class,
    load_activity_levels,
)
from sensory_games.audio import SoundPlayer
from sensory_games.check_in import CheckIn
from sensory_games.clock import Clock, RealClock
from sensory_games.config import AppConfig, Level
from sensory_games.frame_times import FrameTimes
from sensory_games.input import PointerInput
from sensory_games.intensity import Intensity, SensoryProfile, preset
from sensory_games.kiosk_window import KioskWindowHold, display_window, set_kiosk_hints
from sensory_games.mastery import LevelDecision, MasteryRule, decide
from sensory_games.outbox import Outbox, fallback_folders, waiting_notices
from sensory_games.plans import PlanProgress, load_plan
from sensory_games.pointer import PointerEvent
from sensory_games.profile import GUEST_ALIAS, Profile
from sensory_games.records import RecordError
from sensory_games.scenes.base import Scene
from sensory_games.scenes.calm_pause import CalmPauseScene
from sensory_games.scenes.check_in import CheckInScene
from sensory_games.scenes.intensity_overlay import IntensityOverlay
from sensory_games.scenes.pin_pad import PinPadScene
from sensory_games.screen import ScreenMetrics, sdl_display_dpi
from sensory_games.storage import AttemptRecord, DeviceLatency, Repository
from sensory_games.ui.widgets import ADULT_CORNER_MM, CornerHold

#: How long (s) the loop sleeps between input polls while waiting for the next frame:
#: short enough that a tap's timestamp is within about a millisecond of its arrival,
#: long enough that an idle launcher leaves the tablet's CPU mostly asleep.
POLL_INTERVAL_S = 0.001
#: How long a write from a child's screen waits for another program's write (s): longer
#: would freeze the screen; a write refused is kept by the outbox and made later.
CHILD_WRITE_WAIT_S = 1.0
#: errors.log stops growing at this size (bytes): an error storm never fills the disk.
ERRORS_LOG_BYTES = 1_000_000
#: Different errors counted (each is written out once), and adult warnings kept.
MAX_ERROR_KINDS = 100
MAX_WARNINGS = 100
#: The ids of this many most recently saved attempts are kept (a day's play is far fewer;
#: the bound keeps a kiosk left running for weeks from growing).
SAVED_IDS_KEPT = 1000
#: At most this many fixed updates per frame when the machine falls behind.
MAX_UPDATES_PER_FRAME = 5
#: The adult menu, left open without a touch for this long (s), locks itself (PIN again).
ADULT_MENU_IDLE_S = 300.0
#: Events that show an adult is still there (any touch, click, key, scroll or movement).
ADULT_INPUT_EVENTS = frozenset(
    (
        pygame.KEYDOWN,
        pygame.TEXTINPUT,
        pygame.MOUSEWHEEL,
        pygame.MOUSEMOTION,
        pygame.MOUSEBUTTONDOWN,
        pygame.FINGERDOWN,
        pygame.FINGERMOTION,
    )
)


class NoDisplayError(RuntimeError):
    """There is no screen to open a window on."""


def display_available() -> bool:
    """False when SDL would have nowhere to show a window (no X/Wayland, dummy driver).

    On a Linux console without X or Wayland a kiosk may still run on KMS/DRM: SDL is
    asked to open that driver, and the app then keeps using it."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return False
    if driver or not sys.platform.startswith("linux"):
        return True
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return True
    os.environ["SDL_VIDEODRIVER"] = "kmsdrm"
    try:
        pygame.display.init()
        pygame.display.quit()
    except pygame.error:
        del os.environ["SDL_VIDEODRIVER"]
        return False
    return True


def _touchscreen_present() -> bool:
    """True when SDL reports a touch device (some report theirs only once touched: the
    first finger event sets it too)."""
    try:
        from pygame._sdl2 import touch

        return touch.get_num_devices() > 0
    except (ImportError, pygame.error):
        return False


class App:
    """Owns the window, the scene stack, the clock and the log; runs frames."""

    def __init__(
        self,
        config: AppConfig,
        repository: Repository,
        clock: Clock | None = None,
        *,
        kiosk: bool | None = None,
        window_size: tuple[int, int] | None = None,
        headless: bool = False,
    ) -> None:
        self.config = config
        self.repository = repository
        self.clock: Clock = clock or RealClock()
        self.kiosk = config.display.kiosk if kiosk is None else kiosk
        self.headless = headless
        self.fps = config.display.fps
        self.step_s = 1.0 / self.fps
        pygame.display.init()
        pygame.font.init()
        self.window_hold: KioskWindowHold | None = None
        self.surface = self._open_window(window_size)
        self.metrics = self._metrics()
        self.input = PointerInput(
            self.clock, self.metrics, config.input.left_hand_key, config.input.right_hand_key
        )
        self.profile: Profile | None = None
        self.session_id: str | None = None
        self.sensory = self._default_sensory()
        self.intensity_preset = config.intensity_preset
        self.sounds = SoundPlayer(self.sensory)
        self.scenes: list[Scene] = []
        self.running = True
        self.quitting = False
        self.recovering = False
        self._quit_requested = False
        self.origin = "child"
        self.adult_door = CornerHold()
        self._last_input_at = self.clock.now()
        self._intensity_opened: Intensity | None = None
        self.plan_progress: PlanProgress | None = None
        self.frame_times_s = FrameTimes()  # the latest frame times (s), in fixed memory
        self.saved_attempt_ids: deque[str] = deque(maxlen=SAVED_IDS_KEPT)
        repository.set_write_wait(CHILD_WRITE_WAIT_S)
        self.outbox = Outbox(
            repository,
            fallback_folders(repository.data_dir, self.export_dir),
            self.clock.wall_utc,
        )
        self.warnings: list[str] = [
            *repository.notices,
            *waiting_notices(self.outbox.folders, repository.device_id),
        ]
        self.on_attempt_saved: Callable[[AttemptRecord], None] | None = None
        self.level_overrides: dict[str, int] = {}
        self.overlay: IntensityOverlay | None = None
        self._levels: dict[str, list[Level]] = {}
        self._pending: list[PointerEvent] = []
        self._redraw = True
        self._door_shown = False
        self._accumulator = 0.0
        self._last_time = self.clock.now()
        self._error_counts: dict[str, int] = {}
        self.device_latency: DeviceLatency | None = self._read_device_latency()
        self.touch_available = _touchscreen_present()

    # -- window --------------------------------------------------------------------------

    def _open_window(self, window_size: tuple[int, int] | None) -> pygame.Surface:
        """Fullscreen and holding the keyboard in kiosk mode; a resizable window that
        holds nothing otherwise."""
        if self.kiosk and not self.headless:
            set_kiosk_hints()
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            pygame.mouse.set_visible(False)
            window = display_window()
            self.window_hold = None if window is None else KioskWindowHold(window)
        else:
            size = window_size or (
                self.config.display.window_width,
                self.config.display.window_height,
            )
            surface = pygame.display.set_mode(size, 0 if self.headless else pygame.RESIZABLE)
        pygame.display.set_caption("Sensory games")
        return surface

    def _metrics(self) -> ScreenMetrics:
        size = self.surface.get_size()
        desktops = pygame.display.get_desktop_sizes()
        desktop = size if self.headless or not desktops else desktops[0]
        dpi = self.config.display.dpi or (None if self.headless else sdl_display_dpi())
        return ScreenMetrics.for_display(
            size, desktop, self.config.display.screen_diagonal_in, (dpi or 0.0) / 25.4
        )

    def resize(self, size: tuple[int, int]) -> None:
        """New window size: new metrics for input and every scene."""
        if self.headless:
            self.surface = pygame.display.set_mode(size)
        else:
            self.surface = pygame.display.get_surface()
        self.metrics = self._metrics()
        self.input.metrics = self.metrics
        self._redraw = True
        for scene in self.scenes:
            scene.resize(self.metrics)
        if self.overlay is not None:
            self.overlay.layout(self.metrics)

    # -- scene stack ---------------------------------------------------------------------

    def _stack_changed(self) -> None:
        """Another screen comes up: draw it, and close the sliders (they belong to the
        screen they were opened on)."""
        self._redraw = True
        self.overlay = None

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self._stack_changed()
        if self.scenes:
            self.scenes[-1].pause()
        self.scenes.append(scene)
        scene.enter()

    def pop(self) -> None:
        """Remove the top scene; the root scene (the profile picker) stays."""
        self._stack_changed()
        if len(self.scenes) <= 1:
            return
        self.scenes.pop().exit()
        self.scenes[-1].resume()

    def replace(self, scene: Scene) -> None:
        self._stack_changed()
        if self.scenes:
            self.scenes.pop().exit()
        self.scenes.append(scene)
        scene.enter()

    def pop_to(self, scene_type: type[Scene]) -> None:
        """Pop until a scene of `scene_type` is on top (or only the root remains)."""
        self._stack_changed()
        while len(self.scenes) > 1 and not isinstance(self.scenes[-1], scene_type):
            self.scenes.pop().exit()
        self.scenes[-1].resume()

    def reset_to_root(self) -> None:
        """Back to the first scene (the profile picker), ending the session."""
        self._stack_changed()
        while len(self.scenes) > 1:
            self.scenes.pop().exit()
        self.end_session()
        if self.scenes:
            self.scenes[-1].resume()

    # -- child, session, levels ----------------------------------------------------------

    def start_session(self, profile: Profile) -> None:
        """A child picked their avatar: their sensory settings apply from now on. The
        session is written to the log through the outbox: a log that refuses it (a full
        disk) never stops the child."""
        self.end_session()
        self.profile = profile
        self.sensory = SensoryProfile(profile.intensity, self.config.master_volume)
        self.intensity_preset = profile.intensity_preset
        self.sounds = SoundPlayer(self.sensory)
        self.session_id = self.outbox.start_session(profile, self.clock.wall_utc())
        self._warn_if_waiting()
        self.plan_progress = self._plan_of(profile)

    def _plan_of(self, profile: Profile) -> PlanProgress | None:
        """The child's session plan from its first step (None: none, or it cannot be read,
        which the adult menu then says)."""
        if not profile.plan:
            return None
        try:
            counts = {slug: len(self.levels(slug)) for slug in REGISTRY}
            return PlanProgress(load_plan(self.config.config_dir, profile.plan, counts))
        except Exception as error:  # (a plan that cannot be used never stops the child)
            self.warnings.append(f"{profile.alias}'s plan {profile.plan!r} was not used: {error}")
            return None

    def end_session(self) -> None:
        """The child's session ends (written through the outbox; never raises)."""
        if self.session_id is not None:
            self.outbox.end_session(self.session_id, self.clock.wall_utc())
        self.profile, self.session_id = None, None
        self.plan_progress = None
        self.overlay = None
        self.sensory = self._default_sensory()
        self.sounds = SoundPlayer(self.sensory)

    # -- the therapist's live sensory overlay --------------------------------------------

    def open_overlay(self) -> None:
        """Show the five sliders over the current screen (F2, or the adult menu)."""
        if self.overlay is None:
            self.overlay = IntensityOverlay(self)
            self._intensity_opened = self.sensory.intensity
        self._redraw = True

    def close_overlay(self) -> None:
        """Hide the sliders; a change made with them goes on the audit list."""
        self.overlay = None
        self._redraw = True
        now = self.sensory.intensity
        if self._intensity_opened is not None and now != self._intensity_opened:
            channels = ", ".join(f"{k} {v:.2f}" for k, v in now.as_dict().items())
            self.audit(
                "sensory settings changed",
                f"{self.intensity_preset}: {channels}",
                self.profile.id if self.profile else None,
            )
        self._intensity_opened = None

    def audit(self, action: str, detail: str, profile_id: str | None = None) -> None:
        """Put what an adult did on the audit list; a log that refuses it is a warning."""
        try:
            self.repository.audit(action, detail, profile_id, self.clock.wall_utc())
        except Exception as error:
            self.warnings.append(f"the audit list could not be written ({error})")

    def set_intensity(self, intensity: Intensity, t: float, preset_name: str | None = None) -> None:
        """Change the sensory channels live, without stopping the activity; the running
        attempt records the change with its time."""
        self.sensory.set_intensity(intensity)
        self.intensity_preset = preset_name or "custom"
        self._redraw = True
        for scene in self.scenes:
            scene.intensity_changed(t, intensity, preset_name)

    @property
    def export_dir(self) -> Path:
        """Where the adult menu's Export writes: storage.export_dir, else exports/ in the
        data folder."""
        return self.config.export_folder(self.repository.data_dir)

    def lock_adult_screens(self) -> None:
        """The adult menu or console left open: close them (and anything an adult opened
        over them) and put the PIN keypad in front of the child's screen."""
        while len(self.scenes) > 1 and any(scene.locks_when_idle for scene in self.scenes[1:]):
            self.pop()
        self.push(PinPadScene(self))

    def request_redraw(self) -> None:
        """Draw the next frame even if the screen is still (window exposed, screenshots)."""
        self._redraw = True

    def _default_sensory(self) -> SensoryProfile:
        """Before a child is chosen: the clinic's default preset (and motion setting)."""
        intensity = preset(self.config.intensity_preset, self.config.new_profile_overrides())
        return SensoryProfile(intensity, self.config.master_volume)

    def calm_screen(self) -> Scene:
        """What the calm-down button opens: the calm activity at the child's level (a
        logged attempt), or, before a child has picked their avatar, a quiet screen."""
        if self.profile is None or self.session_id is None:
            return CalmPauseScene(self)
        return self.activity_screen(CALM_ACTIVITY)

    def activity_screen(self, slug: str, ask: bool = True) -> Scene:
        """The screen that starts an attempt of `slug` at this child's level; for the calm
        activity the "how do you feel?" check-in comes first (configs/app.yaml; not when
        `ask` is False, or for a simulated child)."""
        from sensory_games.scenes.play import ActivityScene

        level = self.level_for(slug)
        if slug != CALM_ACTIVITY or not (ask and self.asks_check_ins):
            return ActivityScene(self, slug, level)

        def start(before: CheckIn) -> None:
            self.replace(ActivityScene(self, slug, level, before=before))

        return CheckInScene(self, "before", start)

    @property
    def asks_check_ins(self) -> bool:
        """A calm is framed by "how do you feel?" (configs/app.yaml), for a child, not
        for autoplay's simulated ones."""
        return self.config.check_in_calming and self.origin == "child"

    def change_child(self) -> None:
        """Back to "who is playing?" (the adult menu's Change child, the child's own
        avatar button); with the session check-in on, the child first says how they feel
        at the end of the session."""
        if self.session_id is None or not self.config.check_in_session:
            self.reset_to_root()
            return
        self.push(CheckInScene(self, "session_end", lambda _: self.reset_to_root()))

    def save_check_in(self, check_in: CheckIn) -> bool:
        """Commit a check-in now; if the log refuses, it waits in the outbox (and its
        fallback file) and is written with the next record. True when it is on disk."""
        self.outbox.add_check_in(check_in)
        self._write_outbox()
        return all(c.id != check_in.id for c in self.outbox.check_ins)

    @property
    def unsaved_attempts(self) -> list[AttemptRecord]:
        """Attempts the log has not taken yet (kept in the outbox and its fallback file)."""
        return self.outbox.attempts

    @property
    def unsaved_check_ins(self) -> list[CheckIn]:
        return self.outbox.check_ins

    def levels(self, slug: str) -> list[Level]:
        """Validated levels of an activity (read once from configs/activities/)."""
        if slug not in self._levels:
            self._levels[slug] = load_activity_levels(slug, self.config.config_dir)
        return self._levels[slug]

    def level_for(self, slug: str) -> int:
        """The level to offer this child: an override, else their last level, else 1."""
        count = len(self.levels(slug))
        level = self.level_overrides.get(slug)
        step = self.plan_progress.current if self.plan_progress else None
        if level is None and step is not None and step.activity == slug:
            level = step.level  # (None: the child's own level)
        if level is None and self.profile is not None:
            try:
                level = self.repository.last_level(self.profile.id, slug)
            except Exception as error:  # a log that cannot be read now: start at level 1
                self.warnings.append(f"the child's level could not be read ({error})")
        return min(max(level or 1, 1), count)

    # -- this device's timing ---------------------------------------------------------------

    def _read_device_latency(self) -> DeviceLatency | None:
        try:
            return self.repository.device_latency()
        except Exception as error:  # a log that cannot be read must not stop the app
            self.warnings.append(f"the timing calibration could not be read ({error})")
            return None

    @property
    def latency_offset_ms(self) -> float:
        """The constant delay (ms) taken off two-handed timing scores on this device."""
        return self.device_latency.offset_ms if self.device_latency else 0.0

    def set_device_latency(self, latency: DeviceLatency | None) -> bool:
        """Store a new calibration (None: forget it); False (and a warning) if the log
        refused it, in which case it still applies until the app closes."""
        self.device_latency = latency
        try:
            self.repository.set_device_latency(latency)
        except Exception as error:
            self.warnings.append(f"the timing calibration could not be saved ({error})")
            return False
        return True

    def save_attempt(self, attempt: AttemptRecord) -> bool:
        """Commit an attempt now (one transaction), with any earlier records the log
        refused. What still cannot be written waits in the outbox and its fallback file,
        the adult is warned, and it is tried again with the next record and at closing.
        True when `attempt` is on disk."""
        try:
            self.outbox.add_attempt(attempt)
        except RecordError as error:  # (a bug: kept in its own file, never in the log)
            self.warn(f"an attempt of {attempt.activity} was not saved: {error}")
            self._log_error(f"RecordError: {error}")
            return False
        self._write_outbox()
        return all(a.id != attempt.id for a in self.outbox.attempts)

    def _write_outbox(self) -> None:
        """Write what waits; after each attempt the log took, the mastery rule, the plan
        and any listener hear of it. Warn the adult of what still waits, and where."""
        for record in self.outbox.flush():
            self.saved_attempt_ids.append(record.id)
            self.apply_mastery(record)
            if self.plan_progress is not None and record.session_id == self.session_id:
                self.plan_progress.played(record.activity, record.result.duration_s)
            if self.on_attempt_saved is not None:
                self.on_attempt_saved(record)
        self._warn_if_waiting()

    def _warn_if_waiting(self) -> None:
        outbox = self.outbox
        problem = outbox.problem
        if not outbox.pending:
            outbox.keep()  # (removes a fallback file whose records are all in the log now)
            if problem is not None:
                self.warnings.append(f"the log refused a write ({problem}); it is kept and retried")
            return
        kept = outbox.keep()
        where = (
            f"kept in {kept}; they are saved again with the next record"
            if kept
            else f"and could not be saved anywhere else ({outbox.problem}): they are kept in "
            "memory until the app closes — free some space"
        )
        waiting = [f"{len(outbox.attempts)} attempt(s)"] * bool(outbox.attempts) + [
            f"{len(outbox.check_ins)} check-in(s)"
        ] * bool(outbox.check_ins)
        warning = f"{' and '.join(waiting)} not yet saved in the log ({problem}); {where}"
        if warning not in self.warnings[-1:]:
            self.warnings.append(warning)

    def apply_mastery(self, attempt: AttemptRecord) -> LevelDecision | None:
        """After a child's saved attempt: move their level if the mastery rule (theirs,
        else the clinic's) says so, inside the range their therapist allows, and store
        the change with its reason. Not for simulated children, the shared Guest, or
        activities whose levels are not steps."""
        if attempt.origin != "child" or not activity_class(attempt.activity).levels_are_steps:
            return None
        step = self.plan_progress.current if self.plan_progress else None
        planned = step is not None and step.activity == attempt.activity and step.level
        if planned or attempt.activity in self.level_overrides:
            return None  # (a level an adult chose for this session, not the child's own)
        profile = self.profile
        if profile is None or profile.id != attempt.profile_id or profile.alias == GUEST_ALIAS:
            return None
        try:
            allowed = self.repository.difficulty(profile.id, attempt.activity)
            rule = MasteryRule.from_mapping(allowed.rule) if allowed.rule else self.config.mastery
            count = len(self.levels(attempt.activity))
            current = self.repository.last_level(profile.id, attempt.activity) or attempt.level
            decision = decide(
                rule,
                current,
                max(1, allowed.lowest),
                min(count, allowed.highest or count),
                self.repository.attempts_since_level_set(profile.id, attempt.activity),
            )
            if decision is not None:
                self.repository.set_level(
                    profile.id,
                    attempt.activity,
                    decision.to_level,
                    decision.reason,
                    self.clock.wall_utc(),
                )
        except Exception as error:  # the attempt is saved; a level is not worth a crash
            self.warnings.append(f"the mastery rule could not be applied ({error})")
            return None
        return decision

    # -- frames --------------------------------------------------------------------------

    def dispatch(self, pointer: PointerEvent) -> None:
        self._last_input_at = self.clock.now()
        if self.adult_door.handle(pointer, self.metrics):
            return
        if self.overlay is not None and self.overlay.handle(pointer):
            return
        if self.top is not None:
            self.top.handle(pointer)

    def poll(self) -> None:
        """Take everything SDL has queued, timestamped now, into the pending pointer list;
        handle window events (close, Escape, resize, a kiosk window lost) at once."""
        events = pygame.event.get()
        t = self.clock.now()
        for event in events:
            if self.window_hold is not None:
                self.window_hold.notice(event, t)
            if event.type in ADULT_INPUT_EVENTS:
                self._last_input_at = t  # (typing notes or scrolling is not being away)
            if self.top is not None and self.top.wants_raw_events:
                self.top.handle_event(event)  # (the therapist console: text and clicks)
            self._pending.extend(self.input.translate(event, t))
            if event.type == pygame.FINGERDOWN:
                self.touch_available = True
            if event.type == pygame.QUIT:
                if not self.kiosk:
                    self.quit()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F2 and not self.kiosk:
                if self.overlay is None:  # (in kiosk mode only via the adult menu)
                    self.open_overlay()
                else:
                    self.close_overlay()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                if not self.kiosk and self.top is not None:
                    self.top.back()
            elif event.type == pygame.WINDOWSIZECHANGED and not self.headless:
                self.resize((event.x, event.y))
            elif event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.VIDEOEXPOSE):
                self._redraw = True
        if self.window_hold is not None:
            self.window_hold.tick(t)

    def request_quit(self) -> None:
        """Close at the next frame (from a signal handler: SIGTERM at shutdown)."""
        self._quit_requested = True

    def quit(self) -> None:
        """Close the app, letting every scene save first (window close, adult menu)."""
        self.quitting = True
        while self.scenes:
            self.scenes.pop().exit()
        self.end_session()
        self._write_outbox()
        if self.outbox.pending:
            where = self.outbox.kept_in
            print(
                f"sensory-games: {self.outbox.pending} record(s) could not be written to the "
                + (
                    f"log and were kept in {where} (bring them back with: sensory-games recover)"
                    if where
                    else f"log and could not be saved anywhere ({self.outbox.problem})"
                ),
                file=sys.stderr,
            )
        self.running = False

    def frame(self, render: bool = True) -> bool:
        """One frame: poll and deliver input, run the due fixed updates, draw.

        A still screen (one that is not `animated`) is drawn only when something may have
        changed it (input, a scene change, a resize), so an idle launcher does not keep
        the tablet busy. Returns True when the frame was drawn."""
        timer_start = time.perf_counter()
        self.poll()
        pending, self._pending = self._pending, []
        if pending:
            self._redraw = True
        for pointer in pending:
            self.dispatch(pointer)
        if not self.running:
            return False
        now = self.clock.now()
        self._accumulator += now - self._last_time
        self._last_time = now
        updates = 0
        while self._accumulator >= self.step_s * 0.999 and updates < MAX_UPDATES_PER_FRAME:
            if self.top is not None:
                self.top.update(self.step_s)
            self._accumulator -= self.step_s
            updates += 1
        if updates == MAX_UPDATES_PER_FRAME:
            self._accumulator = 0.0
        if self.adult_door.triggered(now) and not any(
            isinstance(s, PinPadScene) or s.locks_when_idle for s in self.scenes
        ):
            self.push(PinPadScene(self))  # the PIN first (or choosing one, the first time)
        idle = now - self._last_input_at > ADULT_MENU_IDLE_S
        if idle and self.overlay is not None:
            self.close_overlay()  # the sliders left open over a child's screen
        if (
            idle
            and self.top is not None
            and self.top.locks_when_idle
            and self.repository.pin_hash() is not None
        ):
            self.lock_adult_screens()
        holding = self.adult_door.progress(now) > 0
        drawn = (
            render
            and self.top is not None
            and (self.top.animated or self._redraw or holding or self._door_shown)
        )
        if drawn:
            self.top.draw(self.surface)
            if self.overlay is not None:
                self.overlay.draw(self.surface)
            self._draw_adult_door(now)
            self._redraw = False
            self._door_shown = holding
        self.frame_times_s.append(time.perf_counter() - timer_start)
        if drawn:  # taps that arrived while drawing get their time now, not next frame
            self.poll()
        return drawn

    def _draw_adult_door(self, now: float) -> None:
        """While an adult holds the corner, a ring fills (children see nothing else)."""
        progress = self.adult_door.progress(now)
        if progress <= 0:
            return
        radius = self.metrics.px(ADULT_CORNER_MM / 3)
        centre = (
            self.metrics.width_px - self.metrics.px(ADULT_CORNER_MM / 2),
            self.metrics.px(ADULT_CORNER_MM / 2),
        )
        rect = pygame.Rect(0, 0, 2 * radius, 2 * radius)
        rect.center = centre
        pygame.draw.arc(
            self.surface,
            self.sensory.palette.ink,
            rect,
            1.5708,
            1.5708 + progress * 6.2832,
            max(2, radius // 4),
        )

    def run(self) -> None:
        """The real-time loop: frames at `fps`, input polled between them."""
        next_frame = self.clock.now()
        while self.running:
            if self._quit_requested:
                self.quit()
                break
            drawn = self.guarded_frame()
            if not self.running:
                break
            if drawn:
                pygame.display.flip()
            next_frame += self.step_s
            now = self.clock.now()
            if next_frame < now - self.step_s:  # fell behind: do not try to catch up
                next_frame = now
            while now < next_frame and self.running:
                self.poll()
                self.clock.sleep(min(POLL_INTERVAL_S, next_frame - now))
                now = self.clock.now()

    def guarded_frame(self, render: bool = True) -> bool:
        """One frame as the real loop runs it: an unexpected error is recovered from
        (see _recover), never passed on."""
        try:
            return self.frame(render)
        except Exception:
            self._recover()
            return True

    def _recover(self) -> None:
        """An unexpected error: log it, save the running attempt as aborted (error) and go
        back to "who is playing?". A child can never end the app this way: however often
        errors come, the app stays open (the same error is logged once with a count) and
        the adult menu shows a warning."""
        trace = traceback.format_exc()
        self._log_error(trace)
        self.recovering = True
        try:
            self.reset_to_root()
        except Exception:
            self._log_error(traceback.format_exc())
            self.scenes[1:] = []  # (the root, "who is playing?", stays)
            self.overlay = None
            if self.session_id is not None:
                self.outbox.end_session(self.session_id, self.clock.wall_utc())
            self.profile, self.session_id = None, None
        finally:
            self.recovering = False
            self._redraw = True

    def _log_error(self, trace: str) -> None:
        """Append an error to errors.log in the data folder and warn the adult. An error
        is known by its kind and the line that raised it: the first time it is written out
        whole, then only counted (a note at 10, 100, 1000... times), so an error in every
        frame never fills the disk; the log stops growing at ERRORS_LOG_BYTES."""
        lines = trace.strip().splitlines()
        where = next((line.strip() for line in reversed(lines) if line.strip().startswith(
            "File ")), "")  # fmt: skip
        kind = lines[-1].split(":", 1)[0] if lines else "error"
        signature = f"{kind} at {where}"
        seen = self._error_counts.get(signature, 0)
        if seen or len(self._error_counts) < MAX_ERROR_KINDS:
            self._error_counts[signature] = seen + 1
        log = Path(self.repository.data_dir) / "errors.log"
        if seen == 0:
            text = f"--- {datetime.now(timezone.utc).isoformat()}\n{trace}"
            warning = f"an internal error was logged in {log}"
        elif math.log10(seen + 1).is_integer():
            summary = lines[-1] if lines else "error"
            text = f"--- {datetime.now(timezone.utc).isoformat()} (x{seen + 1}) {summary}\n"
            warning = f"an internal error came back {seen + 1} times (see {log})"
        else:
            return
        try:
            if log.exists() and log.stat().st_size > ERRORS_LOG_BYTES:
                raise OSError("errors.log is full")
            descriptor = os.open(log, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            warning = f"an internal error happened ({kind}; not logged: {error})"
        self.warn(warning)

    def warn(self, warning: str) -> None:
        """Tell the adult (the adult menu lists the latest warnings); the same warning
        twice in a row is said once, and only the latest MAX_WARNINGS are kept."""
        if warning not in self.warnings[-1:]:
            self.warnings.append(warning)
        del self.warnings[:-MAX_WARNINGS]
