"""Hold and move (bilateral_hold): one hand holds the jar, the other drags things in."""

from sensory_games.activities.bilateral.hold.activity import HoldAndMoveActivity
from sensory_games.activities.bilateral.hold.bot import HoldBot

__all__ = ["HoldAndMoveActivity", "HoldBot"]
