"""What SDL says about this device's screen, touch and sound, for `sensory-games doctor`.

Only the asking is here; services/doctor.py judges the answers. Each probe opens what it
needs (the video or audio subsystem, never a window) and closes it again if it opened it,
and never raises: a device that cannot be asked is an answer too.
"""

from __future__ import annotations

import os

import pygame

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.services.doctor import AudioFacts, DisplayFacts, TouchFacts
from sensory_games.ui import pictures
from sensory_games.ui.screen import sdl_display_dpi

#: SDL video drivers that show nothing on a screen.
NO_SCREEN_DRIVERS = ("dummy", "offscreen")


class _VideoOpen:
    """SDL's video subsystem for the length of a `with` block (left open if it was)."""

    def __enter__(self) -> str:
        self._opened = not pygame.display.get_init()
        if self._opened:
            pygame.display.init()
        return pygame.display.get_driver()

    def __exit__(self, *_: object) -> None:
        if self._opened:
            pygame.display.quit()


def probe_display() -> DisplayFacts:
    """The first display's desktop size (px), SDL's driver and the density the display
    reports; no size (and the reason) when there is no screen to show a window on."""
    try:
        with _VideoOpen() as driver:
            if driver in NO_SCREEN_DRIVERS:
                return DisplayFacts(driver, None, problem=f"SDL video driver {driver!r}")
            sizes = pygame.display.get_desktop_sizes()
            if not sizes:
                return DisplayFacts(driver, None, problem="SDL lists no display")
            width, height = sizes[0]
            return DisplayFacts(driver, (width, height), sdl_display_dpi())
    except pygame.error as error:
        driver = os.environ.get("SDL_VIDEODRIVER", "none")
        return DisplayFacts(driver, None, problem=str(error) or "SDL could not start its video")


def probe_touch() -> TouchFacts:
    """How many touch devices SDL knows (it lists them once its video is open)."""
    try:
        with _VideoOpen() as driver:
            if driver in NO_SCREEN_DRIVERS:
                return TouchFacts(
                    None,
                    Sentence(N_("no display in this session (SDL driver {driver})"), driver=driver),
                )
            from pygame._sdl2 import touch

            return TouchFacts(touch.get_num_devices())
    except (ImportError, pygame.error) as error:
        return TouchFacts(None, str(error) or "SDL could not start its video")


def probe_audio() -> AudioFacts:
    """The audio driver SDL opens the mixer with and the output devices it lists."""
    opened = not pygame.mixer.get_init()
    try:
        if opened:
            pygame.mixer.init()
        driver = pygame.mixer.get_driver()
        try:
            from pygame._sdl2 import audio

            names = tuple(audio.get_audio_device_names(False))
        except (ImportError, pygame.error):
            names = ()
        return AudioFacts(driver, names)
    except pygame.error as error:
        driver = os.environ.get("SDL_AUDIODRIVER", "none")
        return AudioFacts(driver, problem=str(error) or "SDL could not open a sound output")
    finally:
        if opened:
            pygame.mixer.quit()


def picture_problems() -> list[Sentence]:
    """Every shipped picture drawn once: those that cannot be, as the adult reads them."""
    return pictures.problem_sentences(pictures.check_every_picture())
