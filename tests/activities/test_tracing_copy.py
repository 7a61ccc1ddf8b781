"""Copy mode and name writing of tracing: the model in one box, the child's copy in an
empty box beside it, handed in on the "finished" target; scored by shape similarity."""

from __future__ import annotations

import json
import math

import numpy as np
import pygame
import pytest
from helpers import bot_plays, build_activity, result_after_spare_time, step
from test_tracing import FRAME, trace

from sensory_games.activities import REGISTRY
from sensory_games.activities.tracing import TracingActivity
from sensory_games.activities.tracing.copying import FINISHED_MM
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.records import is_word
from sensory_games.ui.copy_layers import draw_box, draw_finished_target, draw_model, model_rect
from sensory_games.ui.screen import ScreenMetrics

LANDSCAPE = ScreenMetrics(1600, 1000, 8.0)  # 200 x 125 mm
PORTRAIT = ScreenMetrics(800, 1280, 8.66)  # 92 x 148 mm


def make(hand: str = "right", metrics: ScreenMetrics = LANDSCAPE, alias: str = "", **params):  # type: ignore[no-untyped-def]
    defaults = {"shapes": "square", "size_mm": 50.0, "mode": "copy"}
    return build_activity(
        TracingActivity,
        {**defaults, **params},
        metrics=metrics,
        dominant_hand=hand,
        child_alias=alias,
    )


def tap(activity: TracingActivity, clock, point: tuple[float, float], pointer: int = 9) -> None:  # type: ignore[no-untyped-def]
    for phase in ("down", "up"):
        activity.handle(PointerEvent(pointer, phase, *point, clock.now(), "touch"))
    clock.advance(FRAME)
    activity.update(FRAME)


def test_the_model_is_on_the_side_away_from_the_drawing_hand() -> None:
    right, _ = make("right")
    left, _ = make("left")
    for activity, model_left in ((right, True), (left, False)):
        layout = activity.copy_mode.layout_of(activity.item)
        mx, _, mw, mh = layout.model_box
        dx, _, dw, dh = layout.drawing_box
        assert (mw, mh) == (dw, dh)  # the same size
        assert (mx + mw <= dx) is model_left and (dx + dw <= mx) is not model_left
        fx = layout.finished_centre[0]
        assert (fx > dx + dw) is model_left  # "finished" on the drawing box's outer side
        # the model is the shape, shown in its box; the hidden target the same shape in
        # the drawing box
        assert np.allclose(
            layout.model[0] - layout.model[0][0], layout.target[0] - layout.target[0][0]
        )


def test_on_a_portrait_screen_the_model_is_above_the_empty_box() -> None:
    activity, _ = make(metrics=PORTRAIT)
    layout = activity.copy_mode.layout_of(activity.item)
    assert layout.model_box[1] + layout.model_box[3] <= layout.drawing_box[1]
    for x, y, w, h in (layout.model_box, layout.drawing_box, layout.finished_box):
        assert x >= 0 and y >= 12 and x + w <= PORTRAIT.width_mm and y + h <= PORTRAIT.height_mm


def test_copy_mode_has_no_demonstration_guide_or_start_mark_and_two_touch_areas() -> None:
    activity, _ = make()
    assert activity.item.demo_until == activity.item.shown_at
    assert activity.item.guide == "none"
    names = [area.name for area in activity.touch_areas()]
    assert names == ["square drawing box", "finished"]
    assert min(activity.touch_areas()[1].w_mm, activity.touch_areas()[1].h_mm) >= 15


def test_an_exact_copy_is_finished_only_when_the_child_says_so_and_scores_one() -> None:
    activity, clock = make()
    layout = activity.copy_mode.layout_of(activity.item)
    tap(activity, clock, layout.finished_centre)  # nothing drawn yet: not handed in
    assert activity.item.completed_at is None
    step(activity, clock, 0.3)
    trace(activity, clock, layout.target[0])
    step(activity, clock, 0.5)
    assert activity.result is None  # the whole square drawn: still the child's decision
    tap(activity, clock, layout.finished_centre)
    assert activity.result is None  # (its similarity is worked out between frames)
    result = result_after_spare_time(activity, clock)
    assert result is not None and result.completed
    assert result.metrics["shape_similarity"].value == pytest.approx(1.0, abs=0.01)
    assert result.accuracy == result.metrics["shape_similarity"].value
    assert result.target["kind"] == "copy"
    assert np.allclose(result.target["items"][0]["model"][0], np.round(layout.model[0], 2))


def test_a_smaller_copy_in_a_corner_is_a_good_copy_for_the_mastery_rule() -> None:
    """Children copy smaller than the model: a square at 60 % of the model's size, drawn
    near a corner of the empty box, covers 0.4 of the full-size square laid in the box, so
    a coverage limit would never count it good. A copy reports no coverage, deviation,
    order or direction (they measure where the copy sits, not its form): its form is its
    shape similarity, and the mastery rule's coverage limit does not apply to it."""
    from types import SimpleNamespace

    from sensory_games.domain.mastery import MasteryRule

    activity, clock = make()
    layout = activity.copy_mode.layout_of(activity.item)
    x, y, _, _ = layout.drawing_box
    square = layout.target[0]
    small = (square - square.min(axis=0)) * 0.6 + (x + 2.0, y + 2.0)
    trace(activity, clock, small)
    tap(activity, clock, layout.finished_centre)
    assert activity.result is None  # (its similarity is worked out between frames)
    result = result_after_spare_time(activity, clock)
    assert result is not None and result.completed
    assert result.metrics["shape_similarity"].value > 0.9
    assert not {"coverage", "deviation_mean_mm", "direction_errors"} & set(result.metrics)
    assert {"extra_lifts", "drawing_time_s", "ncv_per_stroke"} <= set(result.metrics)

    def metric(name: str) -> float | None:
        return result.metrics[name].value if name in result.metrics else None

    attempt = SimpleNamespace(completed=True, accuracy=result.accuracy, metric=metric)
    assert MasteryRule().is_good(attempt)  # type: ignore[arg-type]


def test_a_square_copied_as_a_circle_scores_clearly_lower() -> None:
    activity, clock = make()
    layout = activity.copy_mode.layout_of(activity.item)
    x, y, w, h = layout.drawing_box
    angles = np.linspace(0, 2 * math.pi, 120)
    circle = np.column_stack((x + w / 2 + 20 * np.cos(angles), y + h / 2 + 20 * np.sin(angles)))
    trace(activity, clock, circle)
    tap(activity, clock, layout.finished_centre)
    result = result_after_spare_time(activity, clock)
    assert result is not None
    assert 0.4 < result.metrics["shape_similarity"].value < 0.75


def test_a_timeout_scores_what_was_drawn_so_far() -> None:
    activity, clock = make(time_limit_s=10.0)
    layout = activity.copy_mode.layout_of(activity.item)
    trace(activity, clock, layout.target[0][:3])  # two sides of the square
    step(activity, clock, 11.0)
    result = activity.result
    assert result is not None and not result.completed
    assert 0.0 <= result.metrics["shape_similarity"].value < 0.8


def test_the_bot_copies_well_when_skilled_and_worse_as_a_novice() -> None:
    def similarity(skill: float) -> float:
        values = []
        for seed in range(4):
            activity, clock = make(shapes="cross square triangle")
            result = bot_plays(activity, clock, seed, skill)
            assert result.completed
            values.append(result.metrics["shape_similarity"].value)
        return float(np.mean(values))

    expert, novice = similarity(0.9), similarity(0.1)
    assert expert > 0.85
    assert novice < expert - 0.1


def test_the_name_level_writes_the_first_name_capital_first_never_storing_it() -> None:
    activity, clock = make(alias="Mia-Sophie Kurz", shapes="name", mode="trace")
    assert [glyph.name for glyph, _ in activity.plan] == ["M", "i", "a"]
    assert activity.variant == "right-handed"
    step(activity, clock, 1.0)
    result = activity.score(completed=False, abort_reason="timeout")
    stored = json.dumps({"target": result.target, "metrics": list(result.metrics)})
    assert [item["shape"] for item in result.target["items"]] == ["name 1"]
    assert "Mia" not in stored and '"M"' not in stored


def test_a_name_without_glyphs_falls_back_to_shapes_and_says_so() -> None:
    activity, _ = make(hand="left", alias="李明", shapes="name")
    assert [glyph.name for glyph, _ in activity.plan] == ["cross", "square", "triangle"]
    assert activity.variant == "left-handed:no-name"
    assert activity.variant in TracingActivity.report_variants


def test_every_variant_an_activity_reports_is_one_the_log_accepts() -> None:
    """A variant is stored as one word (domain/records.py): one with a space or a comma
    was refused at every save (a child whose name has letters without a shape lost every
    attempt at the name levels)."""
    for slug, activity in REGISTRY.items():
        for variant in activity.report_variants:
            assert is_word(variant), (slug, variant)


def test_a_timeout_with_nothing_drawn_has_no_similarity_and_no_accuracy() -> None:
    activity, clock = make(time_limit_s=10.0)
    step(activity, clock, 11.0)
    result = activity.result
    assert result is not None and result.abort_reason == "timeout"
    assert result.accuracy is None and "shape_similarity" not in result.metrics


def test_going_over_the_model_is_not_part_of_the_copy() -> None:
    activity, clock = make()
    layout = activity.copy_mode.layout_of(activity.item)
    trace(activity, clock, layout.model[0])  # over the model itself
    assert activity.item.contacts == []
    tap(activity, clock, layout.finished_centre)  # still nothing to hand in
    assert activity.item.completed_at is None


@pytest.mark.parametrize(("metrics", "shapes"), [(LANDSCAPE, "square"), (PORTRAIT, "cross")])
def test_the_copy_page_is_painted_just_its_size_with_what_a_whole_screen_layer_showed(
    metrics: ScreenMetrics, shapes: str
) -> None:
    activity, _ = make(metrics=metrics, shapes=shapes)
    layout = activity.copy_mode.layout_of(activity.item)
    context = activity.context
    whole = pygame.Surface(metrics.size_px, pygame.SRCALPHA)  # (how it was painted before)
    draw_box(whole, metrics, context.palette, layout.model_box)
    draw_box(whole, metrics, context.palette, layout.drawing_box)
    draw_model(whole, metrics, context.palette, layout.model)
    draw_finished_target(whole, metrics, context.palette, layout.finished_centre, FINISHED_MM)
    mark = activity.copy_mode.mark(activity.item)
    assert whole.get_bounding_rect().clip(mark.rect) == whole.get_bounding_rect()  # all in it
    assert mark.rect.w * mark.rect.h < 0.7 * metrics.size_px[0] * metrics.size_px[1]
    before, now = pygame.Surface(metrics.size_px), pygame.Surface(metrics.size_px)
    for screen in (before, now):
        screen.fill(context.palette.background)
    before.blit(whole, (0, 0))
    mark.draw(now)
    difference = pygame.surfarray.array3d(now).astype(int) - pygame.surfarray.array3d(before)
    assert np.abs(difference).max() <= 2  # (a smoothed edge's rounding, a unit or two)


def test_the_model_area_skips_empty_strokes() -> None:
    """A model with no points draws nowhere; empty strokes beside drawn ones add nothing."""
    assert model_rect(LANDSCAPE, [np.empty((0, 2)), np.empty((0, 2))]).size == (0, 0)
    stroke = np.array([[10.0, 20.0], [30.0, 40.0]])
    assert model_rect(LANDSCAPE, [np.empty((0, 2)), stroke]) == model_rect(LANDSCAPE, [stroke])
