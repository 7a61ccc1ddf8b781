"""The layout rules (ui/layout_rules.py) on hand-built boxes: each rule finds what it is
for and nothing else, so a clean `layout-check` means something."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.ui.layout_rules import LayoutBox, check_boxes, line_box, text_box
from sensory_games.ui.screen import ScreenMetrics

#: 1280x800 at 10 px/mm (254 dpi): 128 x 80 mm, easy to compute by hand.
METRICS = ScreenMetrics(1280, 800, 10.0)


def rules(*boxes: LayoutBox) -> list[str]:
    return [problem.rule for problem in check_boxes(boxes, METRICS, "test")]


def box(x_mm: float, y_mm: float, w_mm: float, h_mm: float, role: str = "child") -> LayoutBox:
    rect = pygame.Rect(round(x_mm * 10), round(y_mm * 10), round(w_mm * 10), round(h_mm * 10))
    return LayoutBox(f"box at {x_mm},{y_mm}", rect, role)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def fonts() -> None:
    pygame.font.init()


def test_a_clean_screen_breaks_no_rule() -> None:
    assert rules(box(10, 10, 20, 20), box(40, 10, 20, 20), box(100, 60, 9, 9, "adult")) == []


def test_two_targets_on_top_of_each_other_overlap_but_touching_edges_do_not() -> None:
    assert rules(box(10, 10, 20, 20), box(29, 10, 20, 20)) == ["overlap"]
    assert rules(box(10, 10, 20, 20), box(30, 10, 20, 20)) == []


def test_parts_of_one_widget_may_overlap() -> None:
    whole = LayoutBox("list", pygame.Rect(0, 0, 300, 300), "adult", group="list")
    bar = LayoutBox("its scroll bar", pygame.Rect(210, 0, 90, 300), "adult", group="list")
    assert rules(whole, bar) == []


def test_words_running_under_a_target_are_covered_but_a_button_s_own_words_are_not() -> None:
    title = LayoutBox("title", pygame.Rect(100, 100, 400, 50), "text")
    assert rules(box(5, 5, 20, 20), title) == ["covered"]  # (the button reaches 250 px)
    assert rules(box(5, 15, 20, 20), title) == []  # (below it)
    own = LayoutBox("label", pygame.Rect(60, 60, 100, 40), "text")
    assert rules(box(5, 5, 20, 20), own) == []  # (inside the button: its label)
    parts = LayoutBox("label", pygame.Rect(100, 100, 400, 50), "text", group="list")
    row = LayoutBox("row", pygame.Rect(0, 0, 250, 250), "adult", group="list")
    assert rules(row, parts) == []


def test_a_child_target_under_15_mm_and_an_adult_one_under_9_mm_are_too_small() -> None:
    assert rules(box(10, 10, 14.8, 30)) == ["too small"]
    assert rules(box(10, 10, 15, 30)) == []
    assert rules(box(10, 10, 30, 8.5, "adult")) == ["too small"]
    assert rules(box(10, 10, 30, 9, "adult")) == []


def test_anything_leaving_the_screen_or_its_scrolling_area_is_off_screen() -> None:
    assert rules(box(120, 10, 20, 20)) == ["off screen"]
    assert rules(box(10, 70, 20, 20)) == ["off screen"]
    viewport = pygame.Rect(0, 0, 500, 300)
    inside = LayoutBox("row", pygame.Rect(10, 10, 200, 100), "adult", viewport=viewport)
    beyond = LayoutBox("row", pygame.Rect(10, 250, 200, 100), "adult", viewport=viewport)
    assert rules(inside) == []
    assert rules(beyond) == ["off screen"]


def test_a_text_that_does_not_fit_its_box_is_cut() -> None:
    size = METRICS.font_px(3.0)
    assert rules(text_box("label", "Age band", size, pygame.Rect(0, 0, 400, 60))) == []
    assert rules(text_box("label", "Age band", size, pygame.Rect(0, 0, 60, 60))) == ["text cut"]


def test_a_line_wider_than_the_screen_is_cut() -> None:
    size = METRICS.font_px(3.0)
    assert rules(line_box("title", "Timing check", size, 100, METRICS)) == []
    assert rules(line_box("note", "word " * 80, size, 100, METRICS)) == ["off screen", "text cut"]


def test_capitals_under_3_mm_are_too_small_to_read() -> None:
    area = pygame.Rect(0, 0, 1000, 100)
    assert rules(text_box("label", "Notes", METRICS.font_px(3.0), area)) == []
    assert rules(text_box("label", "Notes", METRICS.font_px(2.5), area)) == ["text too small"]


def test_each_problem_names_the_screen_the_rule_and_what_breaks_it() -> None:
    (problem,) = check_boxes([box(10, 10, 10, 30)], METRICS, "1280x800@254dpi picker")
    assert str(problem).startswith("1280x800@254dpi picker: too small: child target")
    assert "10.0 mm" in problem.detail


def test_a_round_target_overlaps_only_where_its_circle_does() -> None:
    pad = LayoutBox("pad", pygame.Rect(0, 0, 200, 200), "child", oval=True)
    corner = LayoutBox("calm", pygame.Rect(175, 175, 200, 200), "child")  # (the box's corner)
    assert rules(pad, corner) == []
    inner = LayoutBox("calm", pygame.Rect(150, 150, 200, 200), "child")  # (in the circle)
    assert rules(pad, inner) == ["overlap"]
    apart = LayoutBox("bubble", pygame.Rect(180, 180, 200, 200), "child", oval=True)
    assert rules(pad, apart) == []  # (diagonal neighbours: 255 px apart, radii 200 px)


def test_a_level_may_make_a_target_smaller_on_purpose() -> None:
    band = LayoutBox("band start", pygame.Rect(0, 0, 120, 120), "child", smallest_mm=12.0)
    assert rules(band) == []
    assert rules(
        LayoutBox("band start", pygame.Rect(0, 0, 110, 110), "child", smallest_mm=12.0)
    ) == ["too small"]
