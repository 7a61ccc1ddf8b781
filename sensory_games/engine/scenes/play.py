"""Hosts one attempt of an activity: builds it from a level, records the child's pointer
samples, and saves the attempt (one transaction) before the next screen appears.

However the attempt ends (completed, time-out, calm-down button, adult back, window
close, adult menu) it is saved exactly once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities import CALM_ACTIVITY, activity_class
from sensory_games.activities.base import Activity, ActivityContext
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.intensity import Intensity
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.scenes.base import SessionScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.storage import AttemptRecord
from sensory_games.ui.damage import Damage
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.scaled_canvas import ScaledCanvas
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime
from sensory_games.ui.widgets import adult_corner_mm, calm_button_reserved_mm

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: After the last target, let its fade finish before the reward (s).
END_PAUSE_S = 0.6
#: Touches that begin this soon (s) after the activity opens are the rest of the tap on
#: its tile (a double tap), not play: they are recorded but not passed on.
SETTLE_S = 0.3


class ActivityScene(SessionScene):
    """One attempt of `slug` at `level` (counted from 1)."""

    needs_session_as = "an activity"

    def __init__(
        self,
        stage: Stage,
        slug: str,
        level: int,
        seed: int | None = None,
        before: CheckIn | None = None,
    ) -> None:
        super().__init__(stage)
        self.slug = slug
        self.level = stage.child.levels(slug)[level - 1]
        self.seed = seed if seed is not None else int.from_bytes(os.urandom(4), "little")
        self.canvas: ScaledCanvas | None = None  # (drawn smaller on a slow device)
        self.scale = stage.render_scale.value  # (fixed for this screen's life)
        self.activity: Activity = activity_class(slug)(
            self.level.parameters, self._context(self._drawn_metrics(stage.metrics))
        )
        self.started_wall = stage.clock.wall_utc()
        self.samples: list[PointerEvent] = []
        self.saved: AttemptRecord | None = None
        self.dominant_hand = self.profile.dominant_hand
        self.pointer = self.profile.pointer
        self.start_intensity = stage.child.sensory.intensity
        self.start_preset = stage.child.intensity_preset  # "custom" after live slider changes
        self.intensity_changes: list[dict[str, float | str]] = []
        self.before = before  # the check-in asked just before this attempt, if any
        self._leave_at: float | None = None
        self._pause_from_frame = False  # (its save is queued: the next frame saves it if
        # the loop did not, then the pause before leaving starts)
        self._save_failed: Exception | None = None  # (what the spare time's save raised)
        self._settling: set[int] = set()
        self._preparing = 0  # (chores drawing what its first frames would: `enter`)

    def _prepare(self, chore: Callable[[], object]) -> None:
        """Do one of the chores that prepare the first frame (counted down: `prepared`,
        also when it fails: the frame then draws it, and the loop logs the error)."""
        try:
            chore()
        finally:
            self._preparing -= 1

    @property
    def prepared(self) -> bool:
        """True once what its first frames would draw is drawn (Activity.prepare)."""
        return self._preparing <= 0

    def _drawn_metrics(self, metrics: ScreenMetrics) -> ScreenMetrics:
        """The metrics the activity draws with: the window's, or at the render scale
        (stage.render_scale, as it was when this screen opened: a scale lowered by the
        slow-device rule is taken from the next screen on, never under a child's finger)
        those of a smaller canvas scaled up onto the window."""
        if self.scale >= 1.0:
            self.canvas = None
            return metrics
        self.canvas = ScaledCanvas(metrics, self.scale)
        return self.canvas.metrics

    def _context(self, metrics: ScreenMetrics) -> ActivityContext:
        profile = self.stage.child.profile
        return ActivityContext(
            clock=self.stage.clock,
            metrics=metrics,
            sensory=self.stage.child.sensory,
            seed=self.seed,
            dominant_hand=profile.dominant_hand if profile else "unknown",
            age_band=profile.age_band if profile else "",
            device_latencies=tuple(self.stage.child.device_latencies),
            child_alias=profile.alias if profile else "",
            reserved_mm=self._reserved(metrics),
            sounds=self.stage.sounds,
            voice=self.stage.voice,
            config_dir=self.stage.config.config_dir,
            damage=self._damage,
            spare_time=self.stage.spare_time,
        )

    @staticmethod
    def _reserved(metrics: ScreenMetrics) -> list[tuple[float, float, float, float]]:
        return [calm_button_reserved_mm(metrics), adult_corner_mm(metrics)]

    # -- input, time, drawing -----------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.saved is None and self.activity.result is None and not self.activity.ending:
            # (the attempt's samples: none after its Result, however soon it is saved)
            self.samples.append(pointer)
        if self.calm_button.handle(pointer, self.stage.metrics):
            return True
        if pointer.phase == "down" and pointer.t - self.activity.started_at < SETTLE_S:
            self._settling.add(pointer.pointer_id)
        if pointer.pointer_id in self._settling:
            if pointer.phase in ("up", "cancel"):
                self._settling.discard(pointer.pointer_id)
            return True
        return self.activity.handle(pointer)

    def update(self, dt: float) -> None:
        self.activity.update(dt)  # (after the attempt's end: its last fades finish)
        if self._pause_from_frame:
            self._pause_from_frame = False
            if self._save_failed is not None:  # (the spare time's save: raised here, in
                raise self._save_failed  # a frame, as a save that fails always was)
            self._save_unless_saved()  # (no spare time came: saved in this frame, as ever)
            self._leave_at = self.stage.clock.now() + END_PAUSE_S
        elif self.saved is None and self.activity.result is not None:
            self._pause_from_frame = True  # scored in this frame: saved as soon as it is on
            self.stage.spare_time.add(self._save_between_frames, after_frame=True)  # screen
        if self._leave_at is not None and self.stage.clock.now() >= self._leave_at:
            self._leave_at = None
            completed = self.saved is not None and self.saved.result.completed
            if completed and self.saved is not None and self.activity.celebrates:
                accuracy = self.saved.result.accuracy  # (the reward shows how it went)
                reward = RewardScene(self.stage, self.seed, self.slug, accuracy)
                self.stage.replace(reward)
            else:
                self._leave()

    def _leave(self) -> None:
        """Off this screen: after a calm attempt the child says how they feel now (when
        the check-in is on), then back to where they came from."""
        if (
            self.slug == CALM_ACTIVITY
            and self.saved is not None
            and self.stage.child.asks_check_ins
        ):
            after = CheckInScene(self.stage, "after", lambda _: self.stage.pop(), self.saved.id)
            self.stage.replace(after)
        else:
            self.stage.pop()

    def intensity_changed(self, t: float, intensity: Intensity, preset_name: str | None) -> None:
        """A therapist moved a sensory slider: note when (s from the start) and to what."""
        if self.saved is None:
            self.intensity_changes.append(
                {
                    "t_s": round(max(0.0, t - self.activity.started_at), 3),
                    "preset": preset_name or "custom",
                    **intensity.as_dict(),
                }
            )

    def pause(self) -> None:
        """Covered by an adult screen: the attempt's clock stops."""
        super().pause()
        self.activity.pause(self.stage.clock.now())

    def enter(self) -> None:
        """On screen now: the child is told what to do, and what its first frames would
        draw is queued before any other chore (Scene.opens_prepared: engine/held_back.py),
        now that the screen it replaced has left (its chores and drawings gone with it)."""
        self.stage.voice.say(*self.activity.spoken_goal())
        ahead = SpareTime()
        self.activity.prepare(self._drawn_on(), ahead)
        chores = ahead.take_all()
        self._preparing = len(chores)
        self.opens_prepared = bool(chores)
        for chore in reversed(chores):
            self.stage.spare_time.add(partial(self._prepare, chore), first=True)

    def _drawn_on(self) -> pygame.Surface:
        """The surface the activity draws on: its canvas (a render scale under 1) or the
        screen."""
        return self.canvas.surface if self.canvas is not None else self.stage.screen

    def resume(self) -> None:
        self.activity.resume(self.stage.clock.now())

    def draw(self, surface: pygame.Surface) -> None:
        """The activity (whole, or only what changed when it can; on its smaller canvas,
        scaled up, at a render scale under 1), then the calm button over it, at full
        resolution, on a picture painted afresh under it (damage.keep_fresh)."""
        damage = self.stage.damage
        damage.keep_fresh(self.calm_button.rect)
        if self.canvas is None:
            self.activity.draw(surface)
        else:
            self.canvas.start(damage)
            self.activity.draw(self.canvas.surface)
            self.canvas.present(surface, damage)
        self.calm_button.draw(surface, self.stage.child.sensory.palette, self.stage.metrics)
        damage.add(self.calm_button.rect)

    def layout_boxes(self) -> list[LayoutBox]:
        """The calm button, the adult corner and what the activity asks the child to touch
        now (``Activity.touch_areas``)."""
        metrics = self.stage.metrics
        return [
            *super().layout_boxes(),
            *(
                LayoutBox(
                    f"{self.activity.slug} {area.name}",
                    metrics.rect_mm(area.x_mm, area.y_mm, area.w_mm, area.h_mm),
                    "child",
                    oval=area.oval,
                    smallest_mm=area.min_mm,
                )
                for area in self.activity.touch_areas()
            ),
        ]

    @property
    def _damage(self) -> Damage:
        """Where the activity notes what it drew: its canvas's (a render scale under 1) or
        the screen's."""
        return self.stage.damage if self.canvas is None else self.canvas.damage

    def resize(self, metrics: ScreenMetrics) -> None:
        """A new window size: the activity lays out again on what it draws into (its
        reserved corners are the window's, in mm)."""
        super().resize(metrics)
        drawn = self._drawn_metrics(metrics)
        self.activity.context.damage = self._damage
        self.activity.resize(drawn)
        self.activity.reserve(self._reserved(metrics))

    # -- ending ----------------------------------------------------------------------------

    def end_early(self, reason: str) -> None:
        """Stop the attempt now and save it as aborted with `reason` (once)."""
        if self.saved is None:
            self._pause_from_frame = False  # (no pause before leaving: it leaves now)
            self.activity.abort(reason)
            self._save()

    def calm_down(self) -> None:
        """The cloud button: this attempt ends (`calm_down`) and the calm activity opens.
        Pressed in the calm activity itself, it leaves it (an early exit, `exit`)."""
        if self.slug == CALM_ACTIVITY:
            self.back()
            return
        self.end_early("calm_down")
        self.stage.replace(self.stage.calm_screen())

    def back(self) -> None:
        self.end_early("exit")
        self._leave()

    def exit(self) -> None:
        if self.stage.recovering:
            self.end_early("error")
        else:
            self.end_early("quit" if self.stage.quitting else "exit")
        self.activity.close()  # its full-screen layers go now, not at the next collection
        self.stage.spare_time.clear()  # (its chores: the attempt read what it needed)

    def _save_between_frames(self) -> None:
        """The spare-time chore of _save_unless_saved. A save that fails is not dropped
        with the chore (App.guarded_chore) but raised again by the next frame, whose
        error recovery then runs as it always did for a save in a frame."""
        try:
            self._save_unless_saved()
        except Exception as error:
            self._save_failed = error

    def _save_unless_saved(self) -> None:
        """Save the ended attempt, unless it is saved already: queued in the frame that
        scored it to follow that frame at once (a save is 1.5-5 ms here: the record
        checked, its samples packed, one transaction; App.after_frame_chores), and done by
        the next frame if the loop did not."""
        if self.saved is None:
            self._save()

    def _save(self) -> None:
        result = self.activity.result
        assert result is not None
        intensity: dict[str, object] = {
            "preset": self.start_preset,
            **self.start_intensity.as_dict(),
        }
        if self.intensity_changes:
            intensity["changes"] = list(self.intensity_changes)
        self.saved = AttemptRecord(
            session_id=self.session_id,
            profile_id=self.profile_id,
            activity=self.slug,
            variant=self.activity.variant,
            level=self.level.number,
            parameters=self.activity.parameters,
            intensity=intensity,
            started_at=self.started_wall,
            result=result,
            samples=tuple(self.samples),
            samples_start=self.activity.started_at,
            px_per_mm=self.stage.metrics.px_per_mm,
            origin=self.stage.child.origin,
            dominant_hand=self.dominant_hand,
            pointer=self.pointer,
            check_in_ids=(self.before.id,) if self.before else (),
        )
        self.stage.child.save_attempt(self.saved)
