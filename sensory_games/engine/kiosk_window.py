"""Kiosk mode keeps the screen: it holds the keyboard and takes its window back.

A desktop's window manager reacts to its own keys before an app sees them: Super+D shows
the desktop, Alt+Space opens a window menu with "Iconify", Alt+Tab switches away. A child
pressing keys at random finds these. In kiosk mode the app therefore

* asks SDL to grab the keyboard while its window has focus, so that such keys reach the
  app (which ignores them) instead of the window manager (X11, Wayland compositors that
  allow it, Windows; Ctrl+Alt+Del and the like stay with the system), and
* if its window is minimised, hidden or loses focus all the same, restores it, raises it
  and takes focus again after a short moment (and keeps trying while it has not).

What this cannot cover (another account's session, the system's own keys) is for the
device's set-up: docs/kiosk.md.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Protocol

import pygame

#: SDL hints for the kiosk window, read by SDL from the environment. Set before the
#: window opens; a value already in the environment is the IT person's choice and stays.
KIOSK_SDL_HINTS = {
    # Any grab SDL takes for the window includes the keyboard, not just the mouse.
    "SDL_GRAB_KEYBOARD": "1",
    # Left at its default, SDL itself minimises a fullscreen window that holds the
    # keyboard when Alt+Tab is pressed ("so the user is not trapped").
    "SDL_ALLOW_ALT_TAB_WHILE_GRABBED": "0",
    # Left at its default ("auto"), SDL minimises a window that changed the display mode
    # (exclusive fullscreen) when it loses focus.
    "SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS": "0",
}

#: How long (s) the window may stay minimised, hidden or without focus before the app
#: takes it back; also the interval between further tries while it has not come back.
#: Short enough that a child sees the game again at once, long enough not to fight a
#: window manager that is still busy with the window (mapping, a menu closing).
RECLAIM_AFTER_S = 0.25

#: Window events after which the app no longer has the screen and the keyboard.
LOST_EVENTS = frozenset((pygame.WINDOWMINIMIZED, pygame.WINDOWHIDDEN, pygame.WINDOWFOCUSLOST))
#: The window event that shows it has them again (a minimised or hidden window does not
#: get focus).
HELD_AGAIN_EVENT = pygame.WINDOWFOCUSGAINED


class HeldWindow(Protocol):
    """What the hold needs of a window (pygame's Window has it all)."""

    grab_keyboard: bool

    def restore(self) -> None: ...

    def show(self) -> None: ...

    def focus(self, input_only: bool = False) -> None: ...


def set_kiosk_hints() -> None:
    """Put KIOSK_SDL_HINTS into the environment (call before the window opens)."""
    for name, value in KIOSK_SDL_HINTS.items():
        os.environ.setdefault(name, value)


def display_window() -> pygame.Window | None:
    """The window `pygame.display.set_mode` opened, as a Window object (None, said on
    stderr, when this pygame-ce has no way to get it: the kiosk then runs without the hold).

    pygame-ce deprecates `from_display_module` for drawing through the Window while the
    display module also draws; here it is used only for keyboard grab, restore and focus,
    which the display module does not offer, so that warning does not apply."""
    from_display = getattr(pygame.Window, "from_display_module", None)
    if from_display is None:
        print(
            "sensory-games: this pygame-ce cannot hold the keyboard for the kiosk window "
            "(no Window.from_display_module); lock the device down as docs/kiosk.md says",
            file=sys.stderr,
        )
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return from_display()


class KioskWindowHold:
    """Holds the keyboard for one window and takes the window back when it is lost.

    Fed every SDL event (`notice`) and called on every input poll (`tick`) with the
    app's clock time in seconds."""

    def __init__(self, window: HeldWindow, reclaim_after_s: float = RECLAIM_AFTER_S) -> None:
        self.window = window
        self.reclaim_after_s = reclaim_after_s
        self.lost_since: float | None = None
        window.grab_keyboard = True  # (SDL applies it whenever the window has focus)

    def notice(self, event: pygame.event.Event, t: float) -> None:
        """Note a window event: lost (restore soon) or held again (nothing to do)."""
        if event.type in LOST_EVENTS:
            if self.lost_since is None:
                self.lost_since = t
        elif event.type == HELD_AGAIN_EVENT:
            self.lost_since = None

    def tick(self, t: float) -> None:
        """Take the window back once it has been lost for `reclaim_after_s`; try again
        every `reclaim_after_s` until the window reports focus."""
        if self.lost_since is None or t - self.lost_since < self.reclaim_after_s:
            return
        self.lost_since = t
        try:
            self.window.restore()  # (un-minimise; nothing if it is not minimised)
            self.window.show()  # (map it again if it was hidden)
            self.window.focus()  # raise it and ask the window manager for focus
            self.window.focus(input_only=True)  # and take the keyboard focus directly (X11)
        except pygame.error:
            pass  # (a platform without the last one; or a refusal: the next try follows)
