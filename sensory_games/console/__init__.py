"""The therapist console: adult screens built with pygame_gui (the child screens stay
custom and big). Reached from the adult menu, behind the PIN.

Pages: profiles (create, edit, notes, archive), levels (current level, allowed range and
mastery rule per child and activity), and the audit list. Each page builds its widgets
in the page area of the console's UI manager and handles the UI events of its widgets.
"""

from sensory_games.console.scene import ConsoleScene

__all__ = ["ConsoleScene"]
