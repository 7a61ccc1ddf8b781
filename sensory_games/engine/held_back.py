"""A screen just opened, held back until what its first frame draws is drawn ahead.

An activity's first frame can have much to draw (the drums' SVG pictures, a traced level's
guides: 5-13 ms at 1920x1080 here, 23 ms with the tap's own work). Such a screen
`opens_prepared` (ActivityScene: Activity.prepare queued that work first on the loop's
spare time). Opened in a frame (by a tap, or by a screen that replaced itself in an
update), it is neither updated nor drawn until it is `prepared`, for at most
MOST_HELD_FRAMES frames counting that one: the screen shows the last picture meanwhile (the
tapped tile), 17-33 ms at 60 Hz, and the first frame drawn finds its pictures ready. Its
clock has started (the attempt's time runs from when it was made, as before), and input
still reaches it: a touch that began in its first SETTLE_S is the rest of the opening tap
(engine/scenes/play.py), the calm button works at once. A screen is held once: covered and
uncovered later (a PIN pad), it is drawn at once.
"""

from __future__ import annotations

from sensory_games.engine.scenes.base import Scene

#: A screen opened that `opens_prepared` is held back for at most this many frames, the
#: one that opened it included.
MOST_HELD_FRAMES = 2


class HeldBack:
    """The screen opened last that `opens_prepared`, and how many frames it was held."""

    def __init__(self) -> None:
        self._scene: Scene | None = None
        self._frames = 0
        self._let_go: Scene | None = None  # (the last one held: never held again)

    def opened(self, shown: Scene | None, top: Scene | None, frames: int = 0) -> None:
        """The top screen is now `top` where the frame began with `shown` (`frames`: how
        many frames have held it already, the one that opened it counted)."""
        if (
            top is not shown
            and top is not None
            and top.opens_prepared
            and top is not self._scene
            and top is not self._let_go
        ):
            self._scene, self._frames = top, frames

    def holds(self, top: Scene | None) -> bool:
        """Whether `top` is held back in this frame: opened, not prepared yet, and held
        fewer than MOST_HELD_FRAMES frames."""
        return (
            top is not None
            and top is self._scene
            and not top.prepared
            and self._frames < MOST_HELD_FRAMES
        )

    def frame_ends(self, held: bool) -> None:
        """The frame ended: it held the screen back (counted), or it let it go."""
        if held:
            self._frames += 1
        elif self._scene is not None:
            self._let_go, self._scene = self._scene, None
