"""The engine: window, frame loop, scene stack and event dispatch.

The engine hands every scene a Stage (sensory_games.engine.stage): the services a scene
may use, never the engine itself. Who is playing, their session, plan, levels and the
saving of their attempts are the child session service's (services/child_session.py,
`App.child`); errors and warnings for the adult are the error log's (`App.errors`). The
window is engine/window.py's, the sensory sliders engine/sensory_controls.py's, the adult
door and idle lock engine/adult_lock.py's, the way through the child's screens
engine/navigation.py's.

The loop runs a fixed update step (1/fps s) on an injected clock. Between frames it
keeps polling SDL in short sleeps, so a tap's timestamp is taken within about a
millisecond of its arrival (or of the end of a spare-time chore, a few ms at most, running
when it came) even though scenes only see it at the next frame. Frame time (update +
draw, without the wait for the display) is kept for the benchmark.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback

import pygame

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.domain.catalog_check import catalog_files, catalog_problems, file_problem
from sensory_games.domain.clock import Clock, RealClock
from sensory_games.domain.config import AppConfig
from sensory_games.domain.language import LANGUAGES, N_, words
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.render_scale import RenderScale
from sensory_games.domain.sentence import Sentence, render
from sensory_games.engine.adult_lock import AdultLock
from sensory_games.engine.background_sync import BackgroundSync, ClinicSync
from sensory_games.engine.frame_times import FrameTimes
from sensory_games.engine.held_back import HeldBack
from sensory_games.engine.scene_stack import SceneStack
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.scenes.intensity_overlay import IntensityOverlay
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.sensory_controls import SensoryControls
from sensory_games.engine.stage import Closing, Stage
from sensory_games.engine.window import Window
from sensory_games.services.child_session import ChildSession
from sensory_games.services.error_log import ErrorLog
from sensory_games.storage import Repository
from sensory_games.ui.input import PointerInput
from sensory_games.ui.kept import give_back_freed_memory
from sensory_games.ui.pictures import problem_sentences, problems
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.version import build_version

#: How long (s) the loop sleeps between input polls while waiting for the next frame:
#: short enough that a tap's timestamp is within about a millisecond of its arrival,
#: long enough that an idle launcher leaves the tablet's CPU mostly asleep.
POLL_INTERVAL_S = 0.001
#: A chore of the frames' spare time (one catalog file checked: up to 2 ms here, several
#: times that on a kiosk's slower core) starts only when at least this long (s) is left
#: before the next frame is due, or half a frame at a high frame rate (spare_time_left).
SPARE_TIME_CHORE_S = 0.008
#: After this many frames without one (frames too long to leave spare time), a chore is
#: done after a frame all the same: the work is never put off for good.
FRAMES_WITHOUT_CHORE = 30
#: At most this many fixed updates per frame when the machine falls behind.
MAX_UPDATES_PER_FRAME = 5


class App:
    """Owns the window, the scene stack and the clock; runs frames. `stage` is what every
    scene is handed; `child` the child session service, `errors` the error log."""

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
        repository.flush_commits_behind()  # (a save's wait for the disk is not a frame's)
        self.clock: Clock = clock or RealClock()
        self.kiosk = config.display.kiosk if kiosk is None else kiosk
        self.headless = headless
        self.fps = config.display.fps
        self.step_s = 1.0 / self.fps
        self.window = Window(config.display, kiosk=self.kiosk, headless=headless, size=window_size)
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
        self.stack = SceneStack(lambda: self.sensory.screen_changed())
        self.sensory = SensoryControls(
            self.child, self.stack, self.window, lambda: IntensityOverlay(self.stage)
        )
        self.closing = Closing()
        self.clinic_sync = self._background_sync()
        self.render_scale = RenderScale(config.display.render_scale)
        self.stage = Stage(
            clock=self.clock,
            config=config,
            child=self.child,
            repository=repository,
            errors=self.errors,
            window=self.window,
            stack=self.stack,
            sensory=self.sensory,
            closing=self.closing,
            quit=self.quit,
            clinic_sync=self.clinic_sync,
            render_scale=self.render_scale,
        )
        self.adult_lock = AdultLock(
            self.clock, repository, self.stack, self.sensory, lambda: PinPadScene(self.stage)
        )
        self.running = True
        #: What could not be written to the log when the app closed (None: everything was).
        self.unsaved_at_close: Sentence | None = None
        self._quit_requested = False
        self.frame_times_s = FrameTimes()  # the latest frame times (s), in fixed memory
        self._pending: list[PointerEvent] = []
        self._accumulator = 0.0
        self._last_time = self.clock.now()
        #: Catalog files the app works around (read once: they do not change while it runs):
        #: the clinic's language's now, the other languages' a file at a time in the
        #: frames' spare time (spare_time_chore; reading them all in one frame held it up
        #: by 10-15 ms, before the first frame they held up the start).
        self._catalog_problems = catalog_problems(config.language)
        self._catalogs_unread = [
            file for code in LANGUAGES if code != config.language for file in catalog_files(code)
        ]
        self._first_frame_done = False
        self._frames_without_chore = 0  # (frames drawn since the last spare-time chore)
        self._shown_top: Scene | None = None  # (the scene that drew the frame on screen)
        #: A screen just opened, held back till its first frame is prepared (held_back.py)
        self.held_back = HeldBack()
        self._problems_told = 0  # (how many file problems the adult has been told of)

    def _background_sync(self) -> BackgroundSync | None:
        """The clinic server's background sync (started by `run`), when app.yaml has a
        `server.url`; None: this device keeps its records to itself."""
        server = self.config.server
        if not server.url:
            return None
        run = ClinicSync(
            self.repository.data_dir, server, self.child.level_counts(), self.config.config_dir
        )
        return BackgroundSync(run, server.sync_every_min * 60.0)

    # -- the window and the stack, as tests and the command line drive them -------------

    @property
    def metrics(self) -> ScreenMetrics:
        return self.window.metrics

    @property
    def surface(self) -> pygame.Surface:
        return self.window.surface

    @property
    def scenes(self) -> list[Scene]:
        return self.stack.scenes

    @property
    def top(self) -> Scene | None:
        return self.stack.top

    def push(self, scene: Scene) -> None:
        self.stack.push(scene)

    def pop(self) -> None:
        self.stack.pop()

    def request_redraw(self) -> None:
        """Draw the next frame, and whole, even if the screen is still (window exposed,
        screenshots)."""
        self.window.redraw_whole()

    def resize(self, size: tuple[int, int]) -> None:
        """New window size: new metrics for input and every scene."""
        metrics = self.window.resize(size)
        self.input.metrics = metrics
        self.stack.resize(metrics)
        self.sensory.layout(metrics)

    # -- frames --------------------------------------------------------------------------

    def dispatch(self, pointer: PointerEvent) -> None:
        if self.adult_lock.handle(pointer, self.metrics, self.clock.now()):
            return
        if self.sensory.handle(pointer):
            return
        if self.top is not None:
            self.top.handle(pointer)

    def poll(self) -> None:
        """Take everything SDL has queued, timestamped now, into the pending pointer list;
        handle window events (close, Escape, resize, a kiosk window lost) at once."""
        events = pygame.event.get()
        t = self.clock.now()
        hold = self.window.hold
        for event in events:
            if hold is not None:
                hold.notice(event, t)
            self.adult_lock.noticed(event.type, t)
            if self.top is not None and self.top.wants_raw_events:
                self.top.handle_event(event)  # (the therapist console: text and clicks)
            self._pending.extend(self.input.translate(event, t))
            if event.type == pygame.FINGERDOWN:
                self.window.touch_available = True
            if event.type == pygame.QUIT:
                if not self.kiosk:
                    self.quit()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F2 and not self.kiosk:
                self.sensory.toggle()  # (in kiosk mode only via the adult menu)
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                if not self.kiosk and self.top is not None:
                    self.top.back()
            elif event.type == pygame.WINDOWSIZECHANGED and not self.headless:
                self.resize((event.x, event.y))
            elif event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.VIDEOEXPOSE):
                self.window.redraw_whole()
        if hold is not None:
            hold.tick(t)

    def request_quit(self) -> None:
        """Close at the next frame (from a signal handler: SIGTERM at shutdown)."""
        self._quit_requested = True

    def quit(self, say_unsaved: bool = True) -> None:
        """Close the app, letting every scene save first (window close, adult menu). What
        could not be written to the log is kept in `unsaved_at_close` and said on stderr,
        unless not `say_unsaved` (a command that says it in its own words)."""
        self.closing.quitting = True
        self.stack.clear()
        self.stage.navigation.end_session()
        self.unsaved_at_close = self.child.close()
        if self.clinic_sync is not None:  # (after the last records are written)
            self.clinic_sync.stop()
        if self.unsaved_at_close is not None and say_unsaved:
            said = render(self.unsaved_at_close, words(self.config.language))  # (a terminal's)
            print(f"sensory-games: {said}", file=sys.stderr)
        self.running = False

    def frame(self, render: bool = True) -> bool:
        """One frame: poll and deliver input, run the due fixed updates, draw.

        A still screen (one that is not `animated`) is drawn only when something may have
        changed it (input, a scene change, a resize), so an idle launcher does not keep
        the tablet busy. A screen opened in a frame that `opens_prepared` is updated and
        drawn once `prepared`, at most MOST_HELD_FRAMES frames on (engine/held_back.py),
        the spare time between doing what its first frame would. Returns True when the
        frame was drawn."""
        timer_start = time.perf_counter()
        self.poll()
        pending, self._pending = self._pending, []
        if pending:
            self.window.needs_redraw = True
        shown = self.top
        for pointer in pending:
            self.dispatch(pointer)
        if not self.running:
            return False
        now = self.clock.now()
        self._accumulator += now - self._last_time
        self._last_time = now
        updates = 0
        while self._accumulator >= self.step_s * 0.999 and updates < MAX_UPDATES_PER_FRAME:
            self.held_back.opened(shown, self.top)  # (input opened it, or an update)
            if self.top is not None and not self.held_back.holds(self.top):
                self.top.update(self.step_s)
            self._accumulator -= self.step_s
            updates += 1
        if updates == MAX_UPDATES_PER_FRAME:
            self._accumulator = 0.0
        self.sensory.voice.tick()
        self.adult_lock.check(now)
        top = self.top
        self.held_back.opened(shown, top)  # (or the last update, or no update ran)
        held = self.held_back.holds(top)
        drawn = (
            render
            and top is not None
            and not held
            and (
                top.animated
                or self.window.needs_redraw
                or self.adult_lock.wants_frame(now)
                or self.sensory.caption_changed()
            )
        )
        if drawn and top is not None:
            self._draw(top, now)
        self._tell_file_problems()
        frame_s = time.perf_counter() - timer_start
        self.frame_times_s.append(frame_s)
        if drawn and top is not None and top.animated:
            self._watch_render_scale(frame_s)
        else:
            self.render_scale.pause_watch()
        self._first_frame_done = True
        self.held_back.frame_ends(held)
        if drawn:  # taps that arrived while drawing get their time now, not next frame
            self.poll()
        elif not held:  # (nothing to draw: a still screen waits; freed drawings go back now,
            give_back_freed_memory()  # never in the frames a screen waits to be prepared)
        return drawn

    def open(self, scene: Scene) -> None:
        """Push `scene` as a tap's frame would have opened it (a tool between frames: the
        benchmark): held back, when it `opens_prepared`, as after that tap."""
        shown = self.top
        self.push(scene)
        self.held_back.opened(shown, scene, frames=1)

    def _draw(self, top: Scene, now: float) -> None:
        """Draw `top` and what lies over it (the caption, the sliders, the adult door's
        ring). The scene may draw only what changed when the screen still shows the last
        frame, which it drew; it then paints afresh what the caption and sliders cover,
        and they are drawn over it again."""
        damage, window = self.window.damage, self.window
        still = (
            top is self._shown_top
            and not window.whole_frame
            and not self.sensory.caption_changed()
            and not self.adult_lock.wants_frame(now)  # (the door's ring, an adult's moment)
            and not self.sensory.overlay_changed()  # (the sliders opened, moved...)
        )
        damage.start(self.surface.get_size(), still)
        if self.sensory.caption_area is not None:  # (drawn over the scene again below)
            damage.keep_fresh(self.sensory.caption_area)
        top.draw(self.surface)
        self.sensory.draw(self.surface, damage)
        self.adult_lock.draw(self.surface, self.metrics, self.child.sensory.palette, now)
        self._shown_top = top
        window.needs_redraw = window.whole_frame = False

    def _watch_render_scale(self, frame_s: float) -> None:
        """The slow-device rule (domain/render_scale.py) is given the frame's time; when it
        lowers the scale, the adult is told (the adult menu's warnings and errors.log)."""
        change = self.render_scale.notice(frame_s, time.perf_counter())
        if change is not None:
            told = Sentence(
                N_(
                    "Frames took {ms} ms to draw: the games are now drawn at {percent} % of"
                    " the screen's resolution (display.render_scale in app.yaml)."
                ),
                ms=f"{change.median_frame_s * 1000:.0f}",
                percent=f"{change.new * 100:.0f}",
            )
            self.errors.warn(render(told, self.stage.clinic_words))

    def show(self) -> None:
        """Send the frame just drawn to the display: only its dirty rectangles, or all."""
        rects = self.window.damage.rects()
        if rects is None:
            pygame.display.flip()
        elif rects:
            pygame.display.update(rects)

    def _tell_file_problems(self) -> None:
        """Tell the adult (warnings and errors.log, each once) of the catalogs and the
        pictures the app works around: a catalog is found broken when read
        (spare_time_chore), a picture when first drawn. (Each frame: a look at two short
        lists; the problems are said only when there are new ones: both lists only grow.)"""
        pictures = problems()
        if len(self._catalog_problems) + len(pictures) == self._problems_told:
            return
        found = [*self._catalog_problems, *problem_sentences(pictures)]
        self._problems_told = len(found)
        said = self.stage.clinic_words
        self.errors.tell_problems(render(problem, said) for problem in found)

    def spare_time_chore(self) -> bool:
        """One small job that no frame waits for, done between frames (run) once the first
        frame is on screen: what a scene queued (stage.spare_time: scoring a finished
        shape), else building one of the sounds not built yet, else checking one of the
        other languages' catalog files. False when nothing is left."""
        if not self._first_frame_done:
            return False
        if self.stage.spare_time.do_one() or self.sensory.sounds.prepare_one():
            return True
        if not self._catalogs_unread:
            return False
        problem = file_problem(self._catalogs_unread.pop(0))
        if problem is not None:
            self._catalog_problems.append(problem)  # (told with the next frame)
        return True

    def run(self) -> None:
        """The real-time loop: frames at `fps`, input polled between them; the clinic
        server's background sync alongside, on its own thread."""
        if self.clinic_sync is not None:
            self.clinic_sync.start()
        # the exact build each attempt records: in a checkout a `git status` (tens of ms),
        # worked out beside the loop now rather than inside the frame of the first save
        threading.Thread(target=build_version, name="build version", daemon=True).start()
        next_frame = self.clock.now()
        while self.running:
            if self._quit_requested:
                self.quit()
                break
            drawn = self.guarded_frame()
            if not self.running:
                break
            if drawn:
                self.show()
            self.after_frame_chores()
            next_frame += self.step_s
            now = self.clock.now()
            if next_frame < now - self.step_s:  # fell behind: do not try to catch up
                next_frame = now
            self.overdue_chore()
            while now < next_frame and self.running:
                self.poll()
                left_s = next_frame - now
                if not (self.running and self.spare_time_left(left_s) and self.guarded_chore()):
                    self.clock.sleep(min(POLL_INTERVAL_S, max(0.0, left_s)))
                now = self.clock.now()

    def after_frame_chores(self) -> bool:
        """Right after a frame is on screen: the chores queued to follow it at once (an
        ended attempt's save), whatever time is left, guarded; True when any were."""
        if not self._first_frame_done:
            return False
        try:
            return self.stage.spare_time.do_after_frame()
        except Exception:
            self.errors.log_error(traceback.format_exc())
            return True

    def overdue_chore(self) -> None:
        """After a frame: one chore all the same when FRAMES_WITHOUT_CHORE frames have gone
        without (frames too long to leave spare time), so no work is put off for good."""
        self._frames_without_chore += 1
        if self._frames_without_chore > FRAMES_WITHOUT_CHORE:
            self.guarded_chore()
            self._frames_without_chore = 0

    def spare_time_left(self, left_s: float) -> bool:
        """Whether `left_s` seconds before the next frame is due leave room for a chore:
        SPARE_TIME_CHORE_S, or half a frame at a frame rate whose frames are shorter."""
        return left_s >= min(SPARE_TIME_CHORE_S, self.step_s / 2)

    def guarded_chore(self) -> bool:
        """A spare-time chore as the real loop runs it: an unexpected error is logged
        (errors.log, the adult menu's warning) and the chore dropped, never passed on;
        what it was working out is worked out by whoever needs it, in a guarded frame.
        False when there was none to do."""
        try:
            done = self.spare_time_chore()
        except Exception:
            self.errors.log_error(traceback.format_exc())
            done = True
        if done:
            self._frames_without_chore = 0
        return done

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
        self.errors.log_error(traceback.format_exc())
        self.closing.recovering = True
        try:
            self.stage.navigation.reset_to_root()
        except Exception:
            self.errors.log_error(traceback.format_exc())
            self.stack.scenes[1:] = []  # (the root, "who is playing?", stays)
            self.stage.spare_time.clear()  # (the chores of the screens cut off with them)
            self.sensory.overlay = None
            self.child.forget()
        finally:
            self.closing.recovering = False
            self.window.redraw_whole()
