"""A simulated child for drum to the beat: taps each beat's hands with a timing error,
misses some beats and adds a stray tap now and then. Seeded."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.bot import TwoHandBot
from sensory_games.activities.bilateral.hands import HANDS

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.drum.activity import DrumActivity


class DrumBot(TwoHandBot):
    """Taps each beat's hands with a timing error (SD 15 ms at skill 1, 135 ms at 0)."""

    activity: DrumActivity

    def __init__(self, activity: DrumActivity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        self._planned = 0  # beats planned so far
        self._bias_ms: dict[str, float] = {
            hand: self.rng.gauss(-20.0, 10.0 + 20 * (1 - skill)) for hand in HANDS
        }

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
        self.tap(t, x, y)
