"""Pop the bubbles: reach-and-tap."""

from sensory_games.activities.bubbles.activity import BubblesActivity
from sensory_games.activities.bubbles.bot import BubblesBot

__all__ = ["BubblesActivity", "BubblesBot"]
