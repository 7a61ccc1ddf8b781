"""Input layer: touch, mouse and keys become one pointer stream in mm, timed at poll."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.domain.clock import VirtualClock
from sensory_games.ui.input import PointerInput, finger_event, finger_stroke
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1000, 500, 5.0)  # 200 mm x 100 mm


@pytest.fixture
def pointer_input() -> PointerInput:
    pygame.display.init()
    return PointerInput(VirtualClock(), METRICS, "a", "l")


def test_finger_keeps_its_id_from_down_to_up_and_reports_mm(pointer_input: PointerInput) -> None:
    events = finger_stroke(METRICS, 7, [(20.0, 10.0), (40.0, 30.0), (60.0, 50.0)])
    out = [p for e in events for p in pointer_input.translate(e, 1.5)]
    assert [p.phase for p in out] == ["down", "move", "up"]
    assert len({p.pointer_id for p in out}) == 1
    assert out[1].x_mm == pytest.approx(40.0) and out[1].y_mm == pytest.approx(30.0)
    assert all(p.t == 1.5 and p.source == "touch" and p.hand is None for p in out)


def test_two_fingers_are_two_contacts(pointer_input: PointerInput) -> None:
    a = pointer_input.translate(finger_event(METRICS, "down", 1, 10, 10), 0.0)[0]
    b = pointer_input.translate(finger_event(METRICS, "down", 2, 150, 10), 0.0)[0]
    a_up = pointer_input.translate(finger_event(METRICS, "up", 1, 12, 10), 0.1)[0]
    assert a.pointer_id != b.pointer_id
    assert a_up.pointer_id == a.pointer_id


def test_each_new_touch_gets_a_new_id(pointer_input: PointerInput) -> None:
    first = [p for e in finger_stroke(METRICS, 1, [(5, 5)]) for p in pointer_input.translate(e, 0)]
    second = [p for e in finger_stroke(METRICS, 1, [(5, 5)]) for p in pointer_input.translate(e, 1)]
    assert first[0].pointer_id != second[0].pointer_id


def test_mouse_drag_is_a_contact_and_hover_is_ignored(pointer_input: PointerInput) -> None:
    hover = pygame.event.Event(pygame.MOUSEMOTION, pos=(100, 100), buttons=(0, 0, 0), touch=False)
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 100), button=1, touch=False)
    drag = pygame.event.Event(pygame.MOUSEMOTION, pos=(200, 100), buttons=(1, 0, 0), touch=False)
    up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(300, 100), button=1, touch=False)
    assert pointer_input.translate(hover, 0) == []
    out = [p for e in (down, drag, up) for p in pointer_input.translate(e, 0)]
    assert [p.phase for p in out] == ["down", "move", "up"]
    assert [p.x_mm for p in out] == [20.0, 40.0, 60.0]
    assert {p.source for p in out} == {"mouse"}


def test_mouse_copies_of_touches_are_not_counted_twice(pointer_input: PointerInput) -> None:
    synthetic = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(10, 10), button=1, touch=True)
    assert pointer_input.translate(synthetic, 0) == []


def test_hand_keys_press_in_their_half_without_repeats(pointer_input: PointerInput) -> None:
    left_down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a)
    right_down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_l)
    out = pointer_input.translate(left_down, 2.0) + pointer_input.translate(right_down, 2.1)
    assert [(p.hand, p.phase, p.source) for p in out] == [
        ("left", "down", "key"),
        ("right", "down", "key"),
    ]
    assert out[0].x_mm < METRICS.width_mm / 2 < out[1].x_mm
    assert pointer_input.translate(left_down, 2.2) == []  # held: no repeat
    up = pointer_input.translate(pygame.event.Event(pygame.KEYUP, key=pygame.K_a), 2.3)
    assert [(p.hand, p.phase, p.t) for p in up] == [("left", "up", 2.3)]


def test_other_keys_are_not_pointers(pointer_input: PointerInput) -> None:
    assert pointer_input.translate(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_b), 0) == []


def test_losing_focus_cancels_every_held_contact(pointer_input: PointerInput) -> None:
    pointer_input.translate(finger_event(METRICS, "down", 1, 10, 10), 0)
    pointer_input.translate(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_l), 0)
    cancelled = pointer_input.translate(pygame.event.Event(pygame.WINDOWFOCUSLOST), 0.5)
    assert sorted(p.source for p in cancelled) == ["key", "touch"]
    assert {p.phase for p in cancelled} == {"cancel"}
    assert pointer_input.translate(finger_event(METRICS, "up", 1, 10, 10), 0.6) == []


def test_app_timestamps_events_when_polled_not_when_drawn(make_app, clock) -> None:
    from sensory_games.engine.scenes.base import Scene

    class Recorder(Scene):
        def __init__(self, app) -> None:
            super().__init__(app)
            self.seen: list = []

        def handle(self, pointer) -> bool:
            self.seen.append(pointer)
            return True

    app = make_app()
    recorder = Recorder(app)
    app.push(recorder)
    pygame.event.post(finger_event(app.metrics, "down", 1, 50, 50))
    clock.advance(0.004)
    app.poll()  # the real loop polls like this while it waits for the next frame
    clock.advance(0.012)
    app.frame()
    assert [p.t for p in recorder.seen] == [pytest.approx(0.004)]
