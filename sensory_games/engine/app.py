"""The engine: window, frame loop, scene stack and event dispatch.

Who is playing, their session, plan, levels and the saving of their attempts are the
child session service's (sensory_games.services.child_session, `App.child`); errors and
warnings for the adult are the error log's (sensory_games.services.error_log, `App.errors`).

The loop runs a fixed update step (1/fps s) on an injected clock. Between frames it
keeps polling SDL in short sleeps, so a tap's timestamp is taken within about a
millisecond of its arrival even though scenes only see it at the next frame. Frame time
(update + draw, without the wait for the display) is kept for the benchmark.
"""

from __future__ import annotations

import os
import sys
import time
import traceback

import pygame

from sensory_games.activities import CALM_ACTIVITY, REGISTRY, load_activity_levels
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import Clock, RealClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.intensity import Intensity
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import Profile
from sensory_games.engine.frame_times import FrameTimes
from sensory_games.engine.kiosk_window import KioskWindowHold, display_window, set_kiosk_hints
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.calm_pause import CalmPauseScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.intensity_overlay import IntensityOverlay
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.services.child_session import ChildSession
from sensory_games.services.error_log import ErrorLog
from sensory_games.storage import Repository
from sensory_games.ui.audio import SoundPlayer
from sensory_games.ui.input import PointerInput
from sensory_games.ui.screen import ScreenMetrics, sdl_display_dpi
from sensory_games.ui.widgets import ADULT_CORNER_MM, CornerHold

#: How long (s) the loop sleeps between input polls while waiting for the next frame:
#: short enough that a tap's timestamp is within about a millisecond of its arrival,
#: long enough that an idle launcher leaves the tablet's CPU mostly asleep.
POLL_INTERVAL_S = 0.001
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
    """Owns the window, the scene stack and the clock; runs frames. `child` is the child
    session service, `errors` the error log and the adult's warnings."""

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
        self.errors = ErrorLog(repository.data_dir, repository.notices)
        self.child = ChildSession(
            config,
            repository,
            self.clock,
            activities=REGISTRY,
            read_levels=load_activity_levels,
            warn=self.errors.warn,
            log_error=self.errors.log_error,
        )
        self.sounds = SoundPlayer(self.child.sensory)
        self.scenes: list[Scene] = []
        self.running = True
        self.quitting = False
        self.recovering = False
        self._quit_requested = False
        self.adult_door = CornerHold()
        self._last_input_at = self.clock.now()
        self._intensity_opened: Intensity | None = None
        self.frame_times_s = FrameTimes()  # the latest frame times (s), in fixed memory
        self.overlay: IntensityOverlay | None = None
        self._pending: list[PointerEvent] = []
        self._redraw = True
        self._door_shown = False
        self._accumulator = 0.0
        self._last_time = self.clock.now()
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

    # -- the child (the session service holds who plays; the engine their sounds) -------

    def start_session(self, profile: Profile) -> None:
        """A child picked their avatar: their session starts (ChildSession.start) and
        their sensory settings apply to sounds and screens from now on."""
        self.overlay = None
        self.child.start(profile)
        self.sounds = SoundPlayer(self.child.sensory)

    def end_session(self) -> None:
        """The child's session ends (ChildSession.end; never raises): the sliders close,
        the clinic's default settings apply."""
        self.child.end()
        self.overlay = None
        self.sounds = SoundPlayer(self.child.sensory)

    def change_child(self) -> None:
        """Back to "who is playing?" (the adult menu's Change child, the child's own
        avatar button); with the session check-in on, the child first says how they feel
        at the end of the session."""
        if self.child.session_id is None or not self.config.check_in_session:
            self.reset_to_root()
            return
        self.push(CheckInScene(self, "session_end", lambda _: self.reset_to_root()))

    def calm_screen(self) -> Scene:
        """What the calm-down button opens: the calm activity at the child's level (a
        logged attempt), or, before a child has picked their avatar, a quiet screen."""
        if self.child.profile is None or self.child.session_id is None:
            return CalmPauseScene(self)
        return self.activity_screen(CALM_ACTIVITY)

    def activity_screen(self, slug: str, ask: bool = True) -> Scene:
        """The screen that starts an attempt of `slug` at this child's level; for the calm
        activity the "how do you feel?" check-in comes first (configs/app.yaml; not when
        `ask` is False, or for a simulated child)."""
        from sensory_games.engine.scenes.play import ActivityScene

        level = self.child.level_for(slug)
        if slug != CALM_ACTIVITY or not (ask and self.child.asks_check_ins):
            return ActivityScene(self, slug, level)

        def start(before: CheckIn) -> None:
            self.replace(ActivityScene(self, slug, level, before=before))

        return CheckInScene(self, "before", start)

    # -- the therapist's live sensory overlay --------------------------------------------

    def open_overlay(self) -> None:
        """Show the five sliders over the current screen (F2, or the adult menu)."""
        if self.overlay is None:
            self.overlay = IntensityOverlay(self)
            self._intensity_opened = self.child.sensory.intensity
        self._redraw = True

    def close_overlay(self) -> None:
        """Hide the sliders; a change made with them goes on the audit list."""
        self.overlay = None
        self._redraw = True
        now = self.child.sensory.intensity
        if self._intensity_opened is not None and now != self._intensity_opened:
            channels = ", ".join(f"{k} {v:.2f}" for k, v in now.as_dict().items())
            profile = self.child.profile
            self.child.audit(
                "sensory settings changed",
                f"{self.child.intensity_preset}: {channels}",
                profile.id if profile else None,
            )
        self._intensity_opened = None

    def set_intensity(self, intensity: Intensity, t: float, preset_name: str | None = None) -> None:
        """Change the sensory channels live, without stopping the activity; the running
        attempt records the change with its time."""
        self.child.set_intensity(intensity, preset_name)
        self._redraw = True
        for scene in self.scenes:
            scene.intensity_changed(t, intensity, preset_name)

    def lock_adult_screens(self) -> None:
        """The adult menu or console left open: close them (and anything an adult opened
        over them) and put the PIN keypad in front of the child's screen."""
        while len(self.scenes) > 1 and any(scene.locks_when_idle for scene in self.scenes[1:]):
            self.pop()
        self.push(PinPadScene(self))

    def request_redraw(self) -> None:
        """Draw the next frame even if the screen is still (window exposed, screenshots)."""
        self._redraw = True

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
        unsaved = self.child.close()
        if unsaved is not None:
            print(f"sensory-games: {unsaved}", file=sys.stderr)
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
            self.child.sensory.palette.ink,
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
        self.errors.log_error(trace)
        self.recovering = True
        try:
            self.reset_to_root()
        except Exception:
            self.errors.log_error(traceback.format_exc())
            self.scenes[1:] = []  # (the root, "who is playing?", stays)
            self.overlay = None
            self.child.forget()
        finally:
            self.recovering = False
            self._redraw = True
