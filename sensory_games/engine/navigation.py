"""The way through a child's screens: who plays (starting and ending their session), the
screen an activity or a calm-down opens with, and going back to "who is playing?".

The rules of the session itself are ChildSession's (sensory_games.services.child_session);
this module only decides which screen comes next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sensory_games.activities import CALM_ACTIVITY
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.profile import Profile
from sensory_games.engine.scene_stack import SceneStack
from sensory_games.engine.scenes.base import Scene
from sensory_games.engine.sensory_controls import SensoryControls

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage


class Navigation:
    """Builds and opens the child's screens on `stack`, with `stage` handed to each. A
    scene reaches it through the Stage (``stage.navigation``): it offers the way through
    the screens, never the stack itself."""

    def __init__(self, stage: Stage, stack: SceneStack, sensory: SensoryControls) -> None:
        self._stage = stage
        self._child = stage.child
        self._stack = stack
        self._sensory = sensory

    def start_session(self, profile: Profile) -> None:
        """A child picked their avatar: their session starts (ChildSession.start) and
        their sensory settings apply to sounds and screens from now on."""
        self._sensory.overlay = None
        self._child.start(profile)
        self._sensory.child_changed()

    def end_session(self) -> None:
        """The child's session ends (ChildSession.end; never raises): the sliders close,
        the clinic's default settings apply, and the clinic server gets it soon (the
        background sync, when there is a server; this returns at once)."""
        played = self._child.session_id is not None
        self._child.end()
        self._sensory.child_changed()
        if played and self._stage.clinic_sync is not None:
            self._stage.clinic_sync.session_ended()

    def reset_to_root(self) -> None:
        """Back to the first scene (the profile picker), ending the session."""
        self._stack.pop_above_root()
        self.end_session()
        self._stack.resume_root()

    def change_child(self) -> None:
        """Back to "who is playing?" (the adult menu's Change child, the child's own
        avatar button); with the session check-in on, the child first says how they feel
        at the end of the session."""
        from sensory_games.engine.scenes.check_in import CheckInScene

        if self._child.session_id is None or not self._stage.config.check_in_session:
            self.reset_to_root()
            return
        self._stack.push(CheckInScene(self._stage, "session_end", lambda _: self.reset_to_root()))

    def calm_screen(self) -> Scene:
        """What the calm-down button opens: the calm activity at the child's level (a
        logged attempt), or, before a child has picked their avatar, a quiet screen."""
        from sensory_games.engine.scenes.calm_pause import CalmPauseScene

        if self._child.profile is None or self._child.session_id is None:
            return CalmPauseScene(self._stage)
        return self.activity_screen(CALM_ACTIVITY)

    def activity_screen(self, slug: str, ask: bool = True) -> Scene:
        """The screen that starts an attempt of `slug` at this child's level; for the calm
        activity the "how do you feel?" check-in comes first (app.yaml; not when
        `ask` is False, or for a simulated child)."""
        from sensory_games.engine.scenes.check_in import CheckInScene
        from sensory_games.engine.scenes.play import ActivityScene

        level = self._child.level_for(slug)
        if slug != CALM_ACTIVITY or not (ask and self._child.asks_check_ins):
            return ActivityScene(self._stage, slug, level)

        def start(before: CheckIn) -> None:
            self._stack.replace(ActivityScene(self._stage, slug, level, before=before))

        return CheckInScene(self._stage, "before", start)
