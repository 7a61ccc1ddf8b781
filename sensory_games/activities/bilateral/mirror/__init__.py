"""Mirror drawing (bilateral_mirror): trace mirror-image paths with both hands at once."""

from sensory_games.activities.bilateral.mirror.activity import MirrorActivity
from sensory_games.activities.bilateral.mirror.bot import MirrorBot

__all__ = ["MirrorActivity", "MirrorBot"]
