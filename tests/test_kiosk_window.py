"""Kiosk mode holds the keyboard and takes its window back (headless: SDL's dummy driver,
a recording window where a real one would not show what was asked of it). The same
against a real window manager is in test_real_window.py."""

from __future__ import annotations

import os

import pygame
import pytest
from helpers import run_frames

from sensory_games.engine.app import App
from sensory_games.engine.kiosk_window import (
    KIOSK_SDL_HINTS,
    RECLAIM_AFTER_S,
    KioskWindowHold,
    display_window,
    set_kiosk_hints,
)

TAKE_BACK = ["restore", "show", "focus", "focus input"]


class RecordingWindow:
    """Writes down what the hold asks of the window; `refuse` makes focus fail as on a
    platform without it."""

    def __init__(self, refuse: bool = False) -> None:
        self.calls: list[str] = []
        self.grab_keyboard = False
        self.refuse = refuse

    def restore(self) -> None:
        self.calls.append("restore")

    def show(self) -> None:
        self.calls.append("show")

    def focus(self, input_only: bool = False) -> None:
        self.calls.append("focus input" if input_only else "focus")
        if self.refuse:
            raise pygame.error("not supported")


def event(kind: int) -> pygame.event.Event:
    return pygame.event.Event(kind)


@pytest.fixture
def no_hints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hints start unset and are unset again after the test."""
    for name in KIOSK_SDL_HINTS:
        monkeypatch.delenv(name, raising=False)


def test_the_hold_grabs_the_keyboard_at_once() -> None:
    window = RecordingWindow()
    KioskWindowHold(window)
    assert window.grab_keyboard
    assert window.calls == []


@pytest.mark.parametrize(
    "lost", [pygame.WINDOWMINIMIZED, pygame.WINDOWHIDDEN, pygame.WINDOWFOCUSLOST]
)
def test_a_lost_window_is_taken_back_after_a_moment(lost: int) -> None:
    window = RecordingWindow()
    hold = KioskWindowHold(window)
    hold.notice(event(lost), 10.0)
    hold.tick(10.0 + RECLAIM_AFTER_S * 0.9)
    assert window.calls == []
    hold.tick(10.0 + RECLAIM_AFTER_S)
    assert window.calls == TAKE_BACK


def test_a_window_that_has_focus_again_by_itself_is_left_alone() -> None:
    window = RecordingWindow()
    hold = KioskWindowHold(window)
    hold.notice(event(pygame.WINDOWFOCUSLOST), 1.0)
    hold.notice(event(pygame.WINDOWFOCUSGAINED), 1.1)
    hold.tick(5.0)
    assert window.calls == []


def test_the_hold_keeps_trying_until_the_window_has_focus_again() -> None:
    window = RecordingWindow()
    hold = KioskWindowHold(window)
    hold.notice(event(pygame.WINDOWMINIMIZED), 0.0)
    hold.notice(event(pygame.WINDOWFOCUSLOST), 0.1)  # (the first loss counts)
    for step in range(1, 4):
        hold.tick(step * RECLAIM_AFTER_S)
    assert window.calls == TAKE_BACK * 3
    hold.notice(event(pygame.WINDOWFOCUSGAINED), 1.0)
    hold.tick(2.0)
    assert window.calls == TAKE_BACK * 3


def test_a_platform_refusing_focus_does_not_stop_the_app_or_the_next_try() -> None:
    window = RecordingWindow(refuse=True)
    hold = KioskWindowHold(window)
    hold.notice(event(pygame.WINDOWHIDDEN), 0.0)
    hold.tick(RECLAIM_AFTER_S)
    hold.tick(2 * RECLAIM_AFTER_S)
    assert window.calls == ["restore", "show", "focus"] * 2


def test_hints_already_in_the_environment_are_kept(no_hints, monkeypatch) -> None:
    monkeypatch.setenv("SDL_ALLOW_ALT_TAB_WHILE_GRABBED", "1")
    set_kiosk_hints()
    assert os.environ["SDL_ALLOW_ALT_TAB_WHILE_GRABBED"] == "1"
    assert os.environ["SDL_GRAB_KEYBOARD"] == "1"
    assert os.environ["SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS"] == "0"


def test_a_kiosk_window_holds_the_keyboard(no_hints, config, repository, clock) -> None:
    app = App(config, repository, clock, kiosk=True)  # (a real window, on the dummy driver)
    assert app.window.hold is not None
    assert isinstance(app.window.hold.window, pygame.Window)
    assert app.window.hold.window.grab_keyboard
    assert {name: os.environ.get(name) for name in KIOSK_SDL_HINTS} == KIOSK_SDL_HINTS


def test_a_windowed_app_holds_nothing(no_hints, config, repository, clock) -> None:
    app = App(config, repository, clock, kiosk=False)
    assert app.window.hold is None
    assert not any(name in os.environ for name in KIOSK_SDL_HINTS)
    window = display_window()
    assert window is not None and not window.grab_keyboard


def test_the_app_takes_back_a_minimised_kiosk_window(no_hints, config, repository, clock):
    app = App(config, repository, clock, kiosk=True)
    window = RecordingWindow()
    app.window.hold = KioskWindowHold(window)
    pygame.event.post(event(pygame.WINDOWMINIMIZED))
    run_frames(app, clock, RECLAIM_AFTER_S / 2)
    assert window.calls == []
    run_frames(app, clock, RECLAIM_AFTER_S)
    assert window.calls == TAKE_BACK
    assert app.running


def test_a_pygame_without_the_window_handle_runs_the_kiosk_without_the_hold(
    no_hints, config, repository, clock, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(pygame, "Window", type("Window", (), {}))  # (one without it)
    app = App(config, repository, clock, kiosk=True)
    assert app.window.hold is None
    assert "cannot hold the keyboard" in capsys.readouterr().err
    run_frames(app, clock, 0.1)
    assert app.running
