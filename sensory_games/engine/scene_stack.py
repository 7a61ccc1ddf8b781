"""The stack of full screens: the top one is shown and takes input; the first (the
profile picker, "who is playing?") is the root and stays.

Every change of the stack calls `changed` (the engine draws the new screen and closes the
sensory sliders, which belong to the screen they were opened on); a scene leaving it takes
the drawings made for the screen in play with it (`release_scene_drawings`).
"""

from __future__ import annotations

from collections.abc import Callable

from sensory_games.engine.scenes.base import Scene
from sensory_games.ui.kept import release_scene_drawings
from sensory_games.ui.screen import ScreenMetrics


class SceneStack:
    """Scenes on a stack with the symmetric life cycle of :class:`Scene`."""

    def __init__(self, changed: Callable[[], None]) -> None:
        self.scenes: list[Scene] = []
        self._changed = changed

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self._changed()
        if self.scenes:
            self.scenes[-1].pause()
        self.scenes.append(scene)
        scene.enter()

    def pop(self) -> None:
        """Remove the top scene; the root scene (the profile picker) stays."""
        self._changed()
        if len(self.scenes) <= 1:
            return
        self._leave([self._exit(self.scenes.pop())])
        self.scenes[-1].resume()

    def replace(self, scene: Scene) -> None:
        self._changed()
        if self.scenes:
            self._leave([self._exit(self.scenes.pop())])
        self.scenes.append(scene)
        scene.enter()

    def pop_to(self, scene_type: type[Scene]) -> None:
        """Pop until a scene of `scene_type` is on top (or only the root remains)."""
        self._changed()
        left = []
        while len(self.scenes) > 1 and not isinstance(self.scenes[-1], scene_type):
            left.append(self._exit(self.scenes.pop()))
        self._leave(left)
        self.scenes[-1].resume()

    def pop_above_root(self) -> None:
        """Remove every scene but the root (which is not resumed: see `resume_root`)."""
        self._changed()
        self._leave([self._exit(self.scenes.pop()) for _ in range(len(self.scenes) - 1)])

    def resume_root(self) -> None:
        if self.scenes:
            self.scenes[-1].resume()

    def clear(self) -> None:
        """Remove every scene, the root too (the app closing): each saves first."""
        self._leave([self._exit(self.scenes.pop()) for _ in range(len(self.scenes))])

    @staticmethod
    def _exit(scene: Scene) -> Scene:
        """`scene` left the stack: it saves what it must (returned)."""
        scene.exit()
        return scene

    @staticmethod
    def _leave(left: list[Scene]) -> None:
        """`left` (exited, top first) left the stack: the drawings made for the screen in
        play go with them (ui/kept.py: the app's drawing budget), once, unless only adult
        screens opened over the play left (it goes on under them)."""
        if any(not scene.over_play for scene in left):
            release_scene_drawings()

    def resize(self, metrics: ScreenMetrics) -> None:
        """The window changed size: every scene lays out again, covered ones too."""
        for scene in self.scenes:
            scene.resize(metrics)
