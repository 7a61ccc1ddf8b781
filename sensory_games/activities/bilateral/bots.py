"""Simulated children for the two-handed activities, acting through finger events.

Every bot plans finger events at exact times and hands them over on the first frame
at or after each time, as a touchscreen would. Skill sets timing spread, misses and
slips; the non-dominant hand is a little less precise than the dominant one. Seeded:
the same seed plays the same way.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sensory_games.activities.base import Activity, Bot
from sensory_games.activities.bilateral.hands import HANDS
from sensory_games.domain.geometry import cumulative_length, point_along

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.both import BothTogetherActivity
    from sensory_games.activities.bilateral.drum import DrumActivity
    from sensory_games.activities.bilateral.hold import HoldAndMoveActivity
    from sensory_games.activities.bilateral.mirror import MirrorActivity, MirrorItem

#: How long (s) a finger rests on the glass during a tap.
TAP_HOLD_S = 0.08
#: Bots first touch this long (s) after the activity opens (the host ignores touches in
#: its first 0.3 s: they are the end of the tap on the launcher tile).
FIRST_TOUCH_S = 0.45


class TwoHandBot(Bot):
    """Shared by the bilateral bots: fingers, the hands' skill, the earliest first touch
    (timed finger events are planned with :meth:`Bot.at`)."""

    def __init__(self, activity: Activity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._fingers = itertools.count(1)
        dominant = activity.context.dominant_hand
        self.dominant = dominant if dominant in HANDS else "right"
        self.earliest = activity.started_at + FIRST_TOUCH_S

    def spread(self, hand: str) -> float:
        """How much less precise this hand is (1 for the dominant hand)."""
        return 1.0 if hand == self.dominant else 1.3

    def new_finger(self) -> int:
        return next(self._fingers)

    def aim(self, centre: tuple[float, float], radius_mm: float) -> tuple[float, float]:
        """A point on a target: near its middle, further out with less skill."""
        spread = radius_mm * (0.1 + 0.45 * (1 - self.skill))
        return (centre[0] + self.rng.gauss(0, spread), centre[1] + self.rng.gauss(0, spread))


class DrumBot(TwoHandBot):
    """Taps each beat's hands with a timing error (SD 15 ms at skill 1, 135 ms at 0)."""

    activity: DrumActivity

    def __init__(self, activity: DrumActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._planned = 0  # beats planned so far
        self._bias_ms = {hand: self.rng.gauss(-20.0, 10.0 + 20 * (1 - skill)) for hand in HANDS}

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        track = activity.track
        while self._planned < len(track) and activity.beat_time(self._planned) < now + 0.5:
            self._plan(self._planned)
            self._planned += 1
        return self.due(now)

    def _plan(self, beat: int) -> None:
        activity = self.activity
        radius = activity.target_radius_mm()
        sd_ms = 15.0 + 120.0 * (1 - self.skill)
        for hand in sorted(activity.expected_hands(beat)):
            if self.rng.random() < 0.25 * (1 - self.skill):
                continue  # missed beat
            error_ms = self._bias_ms[hand] + self.rng.gauss(0, sd_ms * self.spread(hand))
            self._tap(activity.beat_time(beat) + error_ms / 1000, hand, radius)
        if self.rng.random() < 0.12 * (1 - self.skill):  # an extra tap between beats
            hand = self.rng.choice(HANDS)
            self._tap(activity.beat_time(beat) + activity.track.interval_s / 2, hand, radius)

    def _tap(self, t: float, hand: str, radius_mm: float) -> None:
        x, y = self.aim(self.activity.centres_mm()[hand], radius_mm)
        finger = self.new_finger()
        self.at(t, "down", finger, x, y)
        self.at(t + TAP_HOLD_S, "up", finger, x, y)


class BothBot(TwoHandBot):
    """Puts both hands down with an onset gap (tens of ms skilled, hundreds unskilled),
    holds, sometimes lets go too early, lifts, and waits for the pads to light again."""

    activity: BothTogetherActivity

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        if activity.result is None and not self.busy and not activity.waiting_for_lift:
            self._plan(now)  # a new trial, or the last try did not hold long enough
        return self.due(now)

    def _plan(self, now: float) -> None:
        activity = self.activity
        radius = activity.target_radius_mm()
        hold_s = activity.parameters["hold_s"]
        start = max(now, self.earliest) + self.rng.uniform(0.1, 0.4) + 0.6 * (1 - self.skill)
        gap_s = abs(self.rng.gauss(0, 0.02 + 0.3 * (1 - self.skill)))
        first = self.rng.choice(HANDS)
        fingers = {hand: self.new_finger() for hand in HANDS}
        points = {hand: self.aim(c, radius) for hand, c in activity.centres_mm().items()}
        downs = {first: start, ("right" if first == "left" else "left"): start + gap_s}
        slip = self.rng.random() < 0.35 * (1 - self.skill)
        end = max(downs.values()) + hold_s + 0.25
        for hand in HANDS:
            self.at(downs[hand], "down", fingers[hand], *points[hand])
        if slip:  # one hand lifts early and comes back
            hand = self.rng.choice(HANDS)
            lift = max(downs.values()) + hold_s * self.rng.uniform(0.2, 0.7)
            self.at(lift, "up", fingers[hand], *points[hand])
            fingers[hand] = self.new_finger()
            self.at(lift + 0.3, "down", fingers[hand], *points[hand])
            end = lift + 0.3 + hold_s + 0.25
        for hand in HANDS:
            self.at(end + self.rng.uniform(0.0, 0.1), "up", fingers[hand], *points[hand])


class HoldBot(TwoHandBot):
    """Holds the jar with one hand and drags each thing into it with the other; with less
    skill it sometimes lets go of the jar halfway or grabs before holding it."""

    activity: HoldAndMoveActivity

    def __init__(self, activity: HoldAndMoveActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._jar_finger: int | None = None
        self._jar_point: tuple[float, float] | None = None

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        item = activity.item
        if activity.result is not None:
            if self._jar_finger is not None and self._jar_point is not None:
                self.at(now, "up", self._jar_finger, *self._jar_point)
                self._jar_finger = None
            return self.due(now)
        if item is not None and not self.busy:
            self._plan(now)  # a new thing, or the last drag did not get it in
        return self.due(now)

    def _plan(self, now: float) -> None:
        activity = self.activity
        item = activity.item
        assert item is not None
        t = max(now, self.earliest) + self.rng.uniform(0.3, 0.7) + 0.5 * (1 - self.skill)
        if self._jar_finger is None:
            self._jar_finger = self.new_finger()
            self._jar_point = self.aim(activity.jar_centre_mm, activity.target_radius_mm())
            careless = self.rng.random() < 0.3 * (1 - self.skill)
            jar_at = t + 0.4 if careless else max(self.earliest, t - 0.2)
            self.at(jar_at, "down", self._jar_finger, *self._jar_point)
        finger = self.new_finger()
        start = item.position_mm
        goal = activity.jar_centre_mm
        duration = 0.5 + 1.0 * (1 - self.skill)
        steps = max(4, round(duration * 30))
        self.at(t, "down", finger, *start)
        letting_go = self.rng.random() < 0.3 * (1 - self.skill)
        for k in range(1, steps + 1):
            share = k / steps
            x = start[0] + (goal[0] - start[0]) * share
            y = start[1] + (goal[1] - start[1]) * share + math.sin(share * math.pi) * 6.0
            self.at(t + duration * share, "move", finger, x, y)
            if letting_go and k == steps // 2 and self._jar_point is not None:
                jar = self._jar_finger
                assert jar is not None
                self.at(t + duration * share, "up", jar, *self._jar_point)
                self._jar_finger = self.new_finger()
                self.at(t + duration * share + 0.4, "down", self._jar_finger, *self._jar_point)
                t += 0.5  # the drag carries on once the jar is held again
        self.at(t + duration + 0.05, "up", finger, goal[0], goal[1])


class MirrorBot(TwoHandBot):
    """Traces both copies at once, one finger each, stroke by stroke; the non-dominant
    hand lags a little behind and wobbles a little more."""

    activity: MirrorActivity

    def events(self, now: float) -> list[pygame.event.Event]:
        activity = self.activity
        item = activity.item
        if activity.result is None and not self.busy and item.completed_at is None:
            self._plan(item, now)  # a new pair, or another go over what is not covered
        return self.due(now)

    def _plan(self, item: MirrorItem, now: float) -> None:
        speed = (30 + 50 * self.skill) * self.rng.uniform(0.85, 1.15)
        lag_s = {self.dominant: 0.0}
        lag_s["right" if self.dominant == "left" else "left"] = abs(
            self.rng.gauss(0.03, 0.05 + 0.25 * (1 - self.skill))
        )
        t0 = max(now, self.earliest) + self.rng.uniform(0.1, 0.4)
        tolerance = self.activity.tolerance_mm
        for hand, side in item.sides.items():
            t = t0 + lag_s[hand]
            amplitude = tolerance * (0.05 + 1.2 * (1 - self.skill)) * self.spread(hand)
            phase = self.rng.uniform(0, 2 * math.pi)
            for stroke in side.target.strokes:
                path = stroke if len(stroke) > 1 else np.vstack((stroke, stroke))
                arc = cumulative_length(path)
                finger = self.new_finger()
                steps = max(2, int(float(arc[-1]) / speed * 60))
                for k in range(steps + 1):
                    along = float(arc[-1]) * k / steps
                    (x, y), (nx, ny) = point_along(path, arc, along)
                    offset = amplitude * math.sin(0.02 * 2 * math.pi * along + phase)
                    phase_name = "down" if k == 0 else ("up" if k == steps else "move")
                    self.at(t + k / 60, phase_name, finger, x + nx * offset, y + ny * offset)
                t += steps / 60 + 0.25
