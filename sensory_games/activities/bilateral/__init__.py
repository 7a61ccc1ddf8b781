"""Two-handed (bilateral) coordination: both together, drum to the beat, hold and move,
mirror drawing. One package; each variant is its own activity with its own levels."""

from sensory_games.activities.bilateral.both import BothTogetherActivity
from sensory_games.activities.bilateral.drum import DrumActivity
from sensory_games.activities.bilateral.hold import HoldAndMoveActivity
from sensory_games.activities.bilateral.mirror import MirrorActivity

__all__ = ["BothTogetherActivity", "DrumActivity", "HoldAndMoveActivity", "MirrorActivity"]
