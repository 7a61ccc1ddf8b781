"""The PIN keypad between the corner long-press and the adult menu, driven by taps."""

from __future__ import annotations

import pytest
from helpers import enter_pin, hold, tap_rect, wait

from sensory_games.domain.pin import KeypadState, hash_pin, pin_matches
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene


def open_door(app, clock) -> None:
    hold(app, clock, app.metrics.width_mm - 4, 4, seconds=3.2)


@pytest.fixture
def kiosk(make_app, clock):
    app = make_app(kiosk=True)
    app.push(ProfilePickerScene(app.stage))
    return app


def test_the_first_time_the_adult_chooses_a_pin_twice(kiosk, clock, repository) -> None:
    open_door(kiosk, clock)
    pad = kiosk.top
    assert isinstance(pad, PinPadScene) and pad.choosing
    enter_pin(kiosk, clock, "12")
    assert pad.note == "A PIN is 4 to 8 digits"
    enter_pin(kiosk, clock, "2580")
    assert pad.title == "Type the same PIN again"
    enter_pin(kiosk, clock, "2581")
    assert pad.note == "The two PINs differ: choose again" and repository.pin_hash() is None
    enter_pin(kiosk, clock, "2580")
    enter_pin(kiosk, clock, "2580")
    assert isinstance(kiosk.top, AdultMenuScene)
    assert pin_matches("2580", repository.pin_hash())


def test_five_wrong_pins_lock_the_keypad_then_the_right_one_opens_it(
    kiosk, clock, repository
) -> None:
    repository.set_pin_hash(hash_pin("1357"))
    open_door(kiosk, clock)
    pad = kiosk.top
    assert not pad.choosing and pad.title == "Adults only: type the PIN"
    for left in (4, 3, 2, 1):
        enter_pin(kiosk, clock, "0000")
        tries = "try" if left == 1 else "tries"
        assert pad.note == f"Wrong PIN ({left} more {tries} before a lock)"
    enter_pin(kiosk, clock, "0000")
    assert 59 < pad.locked_for_s() <= 60
    enter_pin(kiosk, clock, "1357")  # while locked, even the right PIN does nothing
    assert isinstance(kiosk.top, PinPadScene)
    wait(kiosk, clock, 61.0)
    enter_pin(kiosk, clock, "1357")
    assert isinstance(kiosk.top, AdultMenuScene)
    assert repository.keypad_state() == KeypadState()


def test_the_lock_outlives_closing_the_app(make_app, kiosk, clock, repository) -> None:
    repository.set_pin_hash(hash_pin("1357"))
    open_door(kiosk, clock)
    for _ in range(5):
        enter_pin(kiosk, clock, "9999")
    again = make_app(kiosk=True)  # the app started again on the same log
    again.push(ProfilePickerScene(again.stage))
    open_door(again, clock)
    assert again.top.locked_for_s() > 50


def test_the_adult_menu_left_alone_locks_itself_after_5_minutes(kiosk, clock, repository):
    repository.set_pin_hash(hash_pin("1357"))
    open_door(kiosk, clock)
    enter_pin(kiosk, clock, "1357")
    assert isinstance(kiosk.top, AdultMenuScene)
    wait(kiosk, clock, 290.0)
    assert isinstance(kiosk.top, AdultMenuScene)
    wait(kiosk, clock, 15.0)
    assert isinstance(kiosk.top, PinPadScene)
    tap_rect(kiosk, clock, kiosk.top.back_button.rect)  # the child's screen, still locked
    assert isinstance(kiosk.top, ProfilePickerScene)


def test_back_returns_to_the_childs_screen_and_digits_are_capped(kiosk, clock) -> None:
    open_door(kiosk, clock)
    pad = kiosk.top
    for _ in range(10):
        tap_rect(kiosk, clock, next(b for b in pad.keys if b.label == "7").rect)
    assert pad.typed == "77777777"
    tap_rect(kiosk, clock, next(b for b in pad.keys if b.label == "<").rect)
    assert pad.typed == "7777777"
    tap_rect(kiosk, clock, pad.back_button.rect)
    assert isinstance(kiosk.top, ProfilePickerScene)


@pytest.mark.parametrize("size", [(1024, 600), (800, 480), (1280, 800), (1200, 1920)])
def test_the_whole_keypad_fits_a_7_inch_panel_and_a_portrait_tablet(size) -> None:
    import pygame

    from sensory_games.engine.scenes.pin_pad import key_rects
    from sensory_games.ui.screen import ScreenMetrics

    diagonal = 7.0 if size[0] <= 1024 else 10.1
    metrics = ScreenMetrics.for_display(size, size, diagonal)
    screen = pygame.Rect((0, 0), size)
    rects = key_rects(metrics)
    assert all(screen.contains(r) for r in rects)
    assert min(r.w for r in rects) >= metrics.px(12)  # still a big key for one hand


def test_typing_keeps_the_console_open_and_the_sliders_close_when_left(
    kiosk, clock, repository
) -> None:
    import pygame

    from sensory_games.engine.console import ConsoleScene

    repository.set_pin_hash(hash_pin("1357"))
    kiosk.push(ConsoleScene(kiosk.stage))
    for _ in range(7):  # a therapist typing notes for 7 minutes, no touch
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="a"))
        wait(kiosk, clock, 60.0)
    assert isinstance(kiosk.top, ConsoleScene)
    kiosk.pop()
    kiosk.stage.open_overlay()  # the sliders over the child's screen, then nobody
    wait(kiosk, clock, 301.0)
    assert kiosk.sensory.overlay is None


def test_the_timing_check_left_open_locks_too(kiosk, clock, repository) -> None:
    from sensory_games.engine.scenes.calibration import CalibrationScene

    repository.set_pin_hash(hash_pin("1357"))
    kiosk.push(AdultMenuScene(kiosk.stage))
    kiosk.push(CalibrationScene(kiosk.stage))
    wait(kiosk, clock, 301.0)
    assert [type(s).__name__ for s in kiosk.scenes] == ["ProfilePickerScene", "PinPadScene"]


def test_every_note_of_the_keypad_fits_the_narrowest_clinic_screen() -> None:
    """What the keypad may say (a wrong PIN, a bad choice, the lock's wait) fits one line
    on a 91 mm wide portrait at 3 mm capitals."""
    from sensory_games.domain.pin import PIN_DIGITS
    from sensory_games.ui.layout_rules import check_boxes, line_box
    from sensory_games.ui.screen_matrix import ClinicScreen

    metrics = ClinicScreen(1080, 1920, 300).metrics
    notes = (
        "Wrong PIN (4 more tries before a lock)",
        "Locked after wrong PINs: wait 14:59",
        "The two PINs differ: choose again",
        f"A PIN is {PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits",
    )
    boxes = [line_box("note", n, metrics.font_px(3.0), 400, metrics) for n in notes]
    assert check_boxes(boxes, metrics, "keypad") == []
