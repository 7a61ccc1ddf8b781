"""The therapist console: adult screens built with pygame_gui (the child screens stay
custom and big). Reached from the adult menu, behind the PIN.

Pages: profiles (create, edit, notes, archive), levels (current level, allowed range and
mastery rule per child and activity), plans (build a session plan, give it to a child),
progress (charts, the latest attempts and check-ins, tracing replays) and the audit list.
Each page is a :class:`~sensory_games.engine.console.scene.Page`: it builds its widgets in the
page area of the console's UI manager, handles the UI events of its widgets, may draw over
them, and removes them when another tab opens.
"""

from sensory_games.engine.console.scene import ConsoleScene

__all__ = ["ConsoleScene"]
