"""Both together (symmetric): put both hands on their pads at the same moment and hold.

Each trial the two pads light up; the child touches and holds both (two fingers, or the
two kiosk buttons) until a ring around them fills (the hold time). Letting go early is
never punished: the ring just starts again. Between trials both hands lift and the pads
light again. Measures: the onset gap between the hands, both-held time and releases.
Definitions in docs/metrics.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pygame

from sensory_games.activities.base import ActivityContext
from sensory_games.activities.bilateral.both import view
from sensory_games.activities.bilateral.both.bot import BothBot
from sensory_games.activities.bilateral.both.params import SCHEMA
from sensory_games.activities.bilateral.hands import HANDS
from sensory_games.activities.bilateral.two_handed import TwoHandedActivity
from sensory_games.domain import scoring
from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_
from sensory_games.domain.outcome import Metric, Result, measured
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.prompts import GOAL_BOTH_HANDS
from sensory_games.domain.report_spec import Chart, TotalsLine
from sensory_games.ui.damage import MovingParts

#: After a trial, the pads light again this long (s) after both hands have lifted.
REST_S = 0.8
#: The hold ring shows only once both hands have stayed on this long (s), and fades in
#: and out over RING_FADE_S, so quick presses never make it blink.
RING_DELAY_S = 0.25
RING_FADE_S = 0.25


@dataclass
class Trial:
    """One touch-and-hold: when the pads lit (clock s), the first onset gap, the end."""

    lit_at: float
    onset_gap_ms: float | None = None  # right's arrival - left's (negative: right first)
    both_at: float | None = None
    completed_at: float | None = None
    releases: int = 0


class BothTogetherActivity(TwoHandedActivity):
    """Touch and hold both pads together; scored by the gap between the hands."""

    slug: ClassVar[str] = "bilateral_both"
    title: ClassVar[str] = N_("Both together")
    objective_prompts: ClassVar[tuple[str, ...]] = (GOAL_BOTH_HANDS,)
    recorded_metrics: ClassVar[dict[str, str]] = {
        "onset_gap_mean_ms": "ms",
        "onset_gap_median_ms": "ms",
        "onset_gap_max_ms": "ms",
        "onset_gap_signed_mean_ms": "ms",
        "left_first": "count",
        "right_first": "count",
        "both_held_s": "s",
        "both_held_longest_s": "s",
        "releases": "count",
        "time_to_both_mean_s": "s",
        "trials_completed": "count",
        "trials_total": "count",
    }
    signed_metrics: ClassVar[frozenset[str]] = frozenset({"onset_gap_signed_mean_ms"})
    schema = SCHEMA
    bot_class = BothBot
    report_charts: ClassVar[tuple[Chart, ...]] = (
        Chart(
            "signed_times",
            N_("Which hand arrives first: signed onset gap"),
            ("onset_gap_signed_mean_ms",),
            axis=N_("ms (+: left first)"),
            empty=N_("no onset gaps recorded"),
            legend=N_("mean gap per attempt"),
        ),
    )
    report_totals: ClassVar[tuple[TotalsLine, ...]] = (
        TotalsLine(
            N_("Left hand first in {left_first:.0f} trials, right hand first in {right_first:.0f}.")
        ),
    )

    def __init__(self, parameters: dict[str, Any], context: ActivityContext) -> None:
        super().__init__(parameters, context)
        self.trials: list[Trial] = [Trial(self.started_at)]
        self.on_pad: dict[str, float] = {}  # hand -> clock time it arrived on its pad
        self.both_since: float | None = None
        self.both_held_s = 0.0
        self.longest_both_held_s = 0.0
        self.resting_since: float | None = None  # all hands off after a finished trial
        self._ring_left: tuple[float, float, float] | None = None  # (when, share, strength)
        self.parts = MovingParts()  # (what the view drew last frame)

    @property
    def trial(self) -> Trial:
        return self.trials[-1]

    @property
    def completed_trials(self) -> list[Trial]:
        return [t for t in self.trials if t.completed_at is not None]

    @property
    def waiting_for_lift(self) -> bool:
        """The trial is done and the hands must lift before the pads light again."""
        return self.trial.completed_at is not None

    def hold_progress(self, now: float) -> float:
        """0..1: how much of the hold time both hands have been on their pads."""
        if self.trial.completed_at is not None:
            return 1.0
        if self.both_since is None:
            return 0.0
        return min(1.0, (now - self.both_since) / self.parameters["hold_s"])

    def ring(self, now: float) -> tuple[float, float]:
        """The hold ring at `now`: (share filled 0..1, strength 0..1 for fading)."""
        if self.trial.completed_at is not None:
            return 1.0, 1.0
        if self.both_since is not None:
            held = now - self.both_since
            return self.hold_progress(now), _ramp((held - RING_DELAY_S) / RING_FADE_S)
        if self._ring_left is not None:
            when, share, strength = self._ring_left
            return share, strength * _ramp(1.0 - (now - when) / RING_FADE_S)
        return 0.0, 0.0

    # -- input ----------------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if self.result is not None:
            return False
        hand = self.hand_for(pointer)
        if hand is None:
            return True
        self._complete_if_held(pointer.t)  # a lift just after the hold time is no release
        if self.result is not None:
            return True
        on = pointer.phase in ("down", "move") and self.on_target(hand, pointer)
        self._set_on_pad(hand, on, pointer.t, by_child=pointer.phase != "cancel")
        return True

    def _set_on_pad(self, hand: str, on: bool, t: float, by_child: bool = True) -> None:
        """A hand arrives on or leaves its pad at `t`; leaving during a hold is a release
        unless the system took the contact away (`by_child` False: focus lost, a pause)."""
        was_on = hand in self.on_pad
        if on == was_on:
            return
        trial = self.trial
        if on:
            self.on_pad[hand] = t
            if len(self.on_pad) == len(HANDS) and trial.completed_at is None:
                self.both_since = t
                if trial.onset_gap_ms is None:
                    trial.onset_gap_ms = (self.on_pad["right"] - self.on_pad["left"]) * 1000.0
                    trial.both_at = t
            return
        del self.on_pad[hand]
        if self.both_since is not None:  # a hand let go before the hold was done
            self._ring_left = (t, *self.ring(t))
            self._end_both_held(t)
            trial.releases += by_child

    def _end_both_held(self, t: float) -> None:
        assert self.both_since is not None
        held = max(0.0, t - self.both_since)
        self.both_held_s += held
        self.longest_both_held_s = max(self.longest_both_held_s, held)
        self.both_since = None

    # -- time -----------------------------------------------------------------------------

    def _complete_if_held(self, now: float) -> None:
        """Finish the trial if both hands have been on for the hold time by `now`."""
        hold_s = self.parameters["hold_s"]
        if self.both_since is None or now - self.both_since < hold_s - 1e-9:
            return
        trial = self.trial
        trial.completed_at = self.both_since + hold_s
        self._end_both_held(trial.completed_at)
        if self.sounds is not None:
            self.sounds.play("pop", 0.6)
        if len(self.completed_trials) >= self.parameters["trials"]:
            self.finish(self.score(completed=True))

    def update(self, dt: float) -> None:
        now = self.context.clock.now()
        if self.result is not None:
            return
        self._complete_if_held(now)
        if self.result is not None:
            return
        trial = self.trial
        if trial.completed_at is not None:
            if self.on_pad:
                self.resting_since = None
            elif self.resting_since is None:
                self.resting_since = now
            elif now - self.resting_since >= REST_S:
                self.trials.append(Trial(now))
                self.resting_since = None
        if self.active_time(now) >= self.parameters["time_limit_s"]:
            self.finish(self.score(completed=False, abort_reason="timeout"))

    # -- scoring --------------------------------------------------------------------------

    def score(self, completed: bool, abort_reason: str | None = None) -> Result:
        now = self.context.clock.now()
        both_held_s = self.both_held_s
        if self.both_since is not None and self.trial.completed_at is None:
            both_held_s += max(0.0, now - self.both_since)  # still holding when it ended
        gaps = [t.onset_gap_ms for t in self.trials if t.onset_gap_ms is not None]
        window = self.parameters["window_ms"]
        done = self.completed_trials
        metrics: dict[str, Metric] = {
            "trials_completed": Metric(len(done), "count"),
            "trials_total": Metric(self.parameters["trials"], "count"),
            "both_held_s": Metric(both_held_s, "s"),
            "both_held_longest_s": Metric(self.longest_both_held_s, "s"),
            "releases": Metric(sum(t.releases for t in self.trials), "count"),
            "left_first": Metric(sum(g > 0 for g in gaps), "count"),
            "right_first": Metric(sum(g < 0 for g in gaps), "count"),
        }
        optional = {
            "onset_gap_mean_ms": (scoring.mean([abs(g) for g in gaps]), "ms"),
            "onset_gap_median_ms": (scoring.median([abs(g) for g in gaps]), "ms"),
            "onset_gap_max_ms": (max((abs(g) for g in gaps), default=None), "ms"),
            "onset_gap_signed_mean_ms": (scoring.mean(gaps), "ms"),
            "time_to_both_mean_s": (
                scoring.mean(
                    [
                        self.active_time(t.both_at) - self.active_time(t.lit_at)
                        for t in self.trials
                        if t.both_at is not None
                    ]
                ),
                "s",
            ),
        }
        metrics.update(measured(optional))
        last = done[-1].completed_at if done else None
        return Result(
            completed=completed,
            duration_s=self.active_time(now),
            completion_time_s=self.active_time(last) if completed and last is not None else None,
            accuracy=scoring.share(sum(abs(g) <= window for g in gaps), len(gaps)),
            metrics=metrics,
            abort_reason=abort_reason,
            target={
                "kind": "pads",
                "contact_hands": self.contact_hands(),
                "centres_mm": {h: [round(v, 2) for v in c] for h, c in self.centres_mm().items()},
                "radius_mm": self.target_radius_mm(),
                "hold_s": self.parameters["hold_s"],
                "window_ms": window,
                "trials": [
                    {
                        "lit_at_s": round(t.lit_at - self.started_at, 4),
                        "onset_gap_ms": scoring.rounded(t.onset_gap_ms, 2),
                        "releases": t.releases,
                        "completed_at_s": scoring.rounded(
                            None if t.completed_at is None else t.completed_at - self.started_at, 4
                        ),
                    }
                    for t in self.trials
                ],
            },
        )

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_both(surface, self)

    @classmethod
    def draw_icon(cls, surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        view.draw_icon(surface, rect, palette)


def _ramp(value: float) -> float:
    return min(1.0, max(0.0, value))
