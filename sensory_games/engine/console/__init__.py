"""The therapist console: adult screens built with pygame_gui (the child screens stay
custom and big). Reached from the adult menu, behind the PIN.

Pages: profiles (create, edit, notes, archive), levels (current level, allowed range and
mastery rule per child and activity), plans (build a session plan, give it to a child),
progress (charts, the latest attempts and check-ins, tracing replays) and the audit list.
Each page is a :class:`~sensory_games.engine.console.scene.Page` in a module of its own
(profiles, levels, plans, progress, audit; the shared widget helpers in widgets): it builds
its widgets in the page area of the console's UI manager, handles the UI events of its
widgets, may draw over them, and removes them when another tab opens. Pages reach the
clinic's data through the stage the engine hands the console (``console.stage``), never
the app, and store every change through the application services
(sensory_games.services.profiles, levels, plans). The tabs are one table, ``scene.TABS``.

Every word a page shows is the clinic's (``console.words``, the stage's ``clinic_words``:
app.yaml clinic.language), from the catalogs' "console" area; every widget draws each part
of its text in the Noto face of that part's script (fonts.py), and in a language written
right to left the rows, labels and tabs start at the right (widgets.py, scene.py).
"""

from sensory_games.engine.console.scene import ConsoleScene

__all__ = ["ConsoleScene"]
