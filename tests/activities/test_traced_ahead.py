"""The traced activities (tracing, mirror drawing) lay out, index and paint every shape of
a level when it starts: the frame that shows the next shape, or draws it finished, only
lays painted pieces on, and what the child sees is the same as painted on the spot."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import build_activity, step

from sensory_games.activities.base import ITEM_PAUSE_S
from sensory_games.activities.bilateral.mirror.activity import MirrorActivity
from sensory_games.activities.tracing.activity import TracingActivity
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.domain.path_scoring import TargetPath
from sensory_games.ui import trace_layers
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.trace_layers import Guide, TrailCanvas

METRICS = ScreenMetrics(1280, 800, 6.0)
MIRROR = {"paths": "zigzag spiral circle", "guide": "faded"}
TRACING = {"shapes": "circle square", "repetitions": 2, "fade_guide": True}
PALETTE = SensoryProfile(preset("balanced")).palette


def finish_item(activity: MirrorActivity | TracingActivity, clock) -> None:  # type: ignore[no-untyped-def]
    """Mark the shape on screen finished and let the pause before the next one pass."""
    activity._shape_finished(clock.now())
    step(activity, clock, ITEM_PAUSE_S + 0.1)


def on_screen(activity: MirrorActivity | TracingActivity) -> list[TargetPath]:
    """The path(s) of the shape on screen."""
    if isinstance(activity, MirrorActivity):
        return [side.target for side in activity.item.sides.values()]
    return [activity.item.target]


def painted_on_the_spot(
    activity: MirrorActivity | TracingActivity, guides: list[Guide]
) -> pygame.Surface:
    """The whole backdrop with `guides` painted straight onto it by paint_guide, no
    patch in between."""
    layer = pygame.Surface(METRICS.size_px)
    activity.view._paint_backdrop(layer)
    for guide in guides:
        strokes, palette = guide.arrays(), activity.context.palette
        trace_layers.paint_guide(layer, METRICS, palette, strokes, guide.tolerance_mm, guide.step)
    return layer


def pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).astype(int)


@pytest.mark.parametrize(
    ("cls", "parameters"), [(MirrorActivity, MIRROR), (TracingActivity, TRACING)]
)
def test_the_next_shape_is_shown_without_painting_or_indexing_anything(
    monkeypatch: pytest.MonkeyPatch, cls, parameters
) -> None:
    activity, clock = build_activity(cls, parameters, metrics=METRICS)
    surface = pygame.Surface(METRICS.size_px)
    activity.draw(surface)
    painted: list[object] = []
    real_paint = trace_layers.paint_guide
    monkeypatch.setattr(trace_layers, "paint_guide", lambda *a, **k: painted.append(a))
    monkeypatch.setattr(trace_layers, "thick_line", lambda *a, **k: painted.append(a))
    shapes: list[tuple[pygame.Surface, list[Guide]]] = []
    while len(activity.shown) < len(activity.plan):
        finish_item(activity, clock)
        activity.draw(surface)  # the next shape, shown
        for target in on_screen(activity):  # its scoring index was built ahead
            assert "index" in vars(target) and "points" in vars(target)
        layer = pygame.Surface(METRICS.size_px)
        activity.view.canvas.blit(layer, METRICS, activity.context.palette)
        shapes.append((layer, activity.view._guides()))
        activity.item.completed_at = clock.now()
        activity.draw(surface)  # ... and drawn finished
        activity.item.completed_at = None
    assert painted == []
    # what was laid on is what painting on the spot gives (to a shade of smoothing where
    # a band's smoothed discs overlap: a few pixels)
    monkeypatch.undo()
    assert trace_layers.paint_guide is real_paint
    backdrop = pixels(painted_on_the_spot(activity, []))
    for layer, guides in shapes:
        expected = pixels(painted_on_the_spot(activity, guides))
        assert np.abs(expected - backdrop).max() > 20  # (the guides are there)
        difference = np.abs(expected - pixels(layer)).max(axis=2)
        assert difference.max() <= 8 and np.count_nonzero(difference > 1) <= 20


def test_after_a_resize_the_shapes_to_come_are_laid_out_for_the_new_screen() -> None:
    activity, clock = build_activity(MirrorActivity, MIRROR, metrics=METRICS)
    wider = ScreenMetrics(1920, 1080, 6.0)
    activity.resize(wider)
    finish_item(activity, clock)
    shown = activity.item.sides["left"].target.strokes
    expected = activity._lay_out_targets(1)[0].strokes
    assert all(np.array_equal(a, b) for a, b in zip(shown, expected, strict=True))
    right = activity.item.sides["right"].target.strokes[0]
    assert right[:, 0].min() > wider.width_mm / 2  # in the wider screen's right half


def test_painted_guides_stay_within_their_byte_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    canvas = TrailCanvas(lambda base: base.fill((250, 250, 250)))
    monkeypatch.setattr(trace_layers, "GUIDE_PATCH_BYTES", 3 * 1024 * 1024)
    circles = [
        Guide.of([np.column_stack((100 + r * np.cos(t), 70 + r * np.sin(t)))], 8.0, "full")
        for r in range(10, 60, 5)
        for t in [np.linspace(0, 2 * np.pi, 60)]
    ]
    canvas.prepare(circles, METRICS.size_px, METRICS, PALETTE)
    layer = pygame.Surface(METRICS.size_px)
    backdrop = layer.get_pitch() * layer.get_height()  # (no trail layer yet)
    assert 0 < canvas.layer_bytes - backdrop <= 3 * 1024 * 1024
    canvas.invalidate()
    assert canvas.layer_bytes == 0


def test_finished_shapes_stay_within_their_byte_bound() -> None:
    trace_layers.done_sprite.cache_clear()
    for r in range(10, 70, 5):  # about 20 MB of finished circles asked for
        t = np.linspace(0, 2 * np.pi, 60)
        circle = np.column_stack((140 + r * np.cos(t), 140 + r * np.sin(t)))
        trace_layers.draw_done(
            pygame.Surface((1, 1)), ScreenMetrics(2560, 1600, 8.0), PALETTE, [circle]
        )
    assert trace_layers.done_sprite.kept_bytes <= trace_layers.DONE_BYTES
    assert len(trace_layers.done_sprite) >= 1
