"""What the simulated children of the two-handed activities share (each activity's own
bot is in its bot.py); they act through finger events.

Every bot plans finger events at exact times and hands them over on the first frame
at or after each time, as a touchscreen would. Skill sets timing spread, misses and
slips; the non-dominant hand is a little less precise than the dominant one. Seeded:
the same seed plays the same way.
"""

from __future__ import annotations

from typing import ClassVar

from sensory_games.activities.base import Activity, Bot
from sensory_games.activities.bilateral.hands import HANDS

#: Bots first touch this long (s) after the activity opens (the host ignores touches in
#: its first 0.3 s: they are the end of the tap on the launcher tile).
FIRST_TOUCH_S = 0.45


class TwoHandBot(Bot):
    """Shared by the bilateral bots: fingers, the hands' skill, the earliest first touch
    (timed finger events are planned with :meth:`Bot.at`)."""

    tap_hold_s: ClassVar[float] = 0.08

    def __init__(self, activity: Activity, seed: int, skill: float) -> None:
        super().__init__(activity, seed, skill)
        dominant = activity.context.dominant_hand
        self.dominant = dominant if dominant in HANDS else "right"
        self.earliest = activity.started_at + FIRST_TOUCH_S

    def spread(self, hand: str) -> float:
        """How much less precise this hand is (1 for the dominant hand)."""
        return 1.0 if hand == self.dominant else 1.3

    def aim(self, centre: tuple[float, float], radius_mm: float) -> tuple[float, float]:
        """A point on a target: near its middle, further out with less skill."""
        spread = radius_mm * (0.1 + 0.45 * (1 - self.skill))
        return (centre[0] + self.rng.gauss(0, spread), centre[1] + self.rng.gauss(0, spread))
