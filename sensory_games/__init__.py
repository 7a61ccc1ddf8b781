"""sensory_games: play-based sensory-regulation activities for clinic tablets and kiosks."""

import os

__version__ = "0.2.0"

# pygame prints a banner on import; the children's app has no console to greet.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
