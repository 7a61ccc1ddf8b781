"""Both together (bilateral_both): put both hands on their pads together and hold."""

from sensory_games.activities.bilateral.both.activity import BothTogetherActivity
from sensory_games.activities.bilateral.both.bot import BothBot

__all__ = ["BothBot", "BothTogetherActivity"]
