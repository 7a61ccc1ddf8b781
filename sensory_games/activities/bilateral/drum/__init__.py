"""Drum to the beat (bilateral_drum): tap the drums with the beat, each hand its own."""

from sensory_games.activities.bilateral.drum.activity import DrumActivity
from sensory_games.activities.bilateral.drum.bot import DrumBot

__all__ = ["DrumActivity", "DrumBot"]
