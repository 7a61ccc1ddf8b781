"""The traced activities (tracing, mirror drawing) lay out and index the next shapes of a
level ahead and paint them between frames: the frame that shows the next shape, or draws
it finished, only lays painted pieces on, and what the child sees is the same as painted
on the spot."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import FRAME_S, build_activity, step

from sensory_games.activities.bilateral.mirror.activity import MirrorActivity
from sensory_games.activities.shapes_in_turn import ITEM_PAUSE_S
from sensory_games.activities.traced import AHEAD, TracedShapes
from sensory_games.activities.tracing.activity import TracingActivity
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.domain.path_scoring import TargetPath
from sensory_games.ui import guide_patches, trace_layers
from sensory_games.ui.guide_patches import GuidePatches
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime
from sensory_games.ui.trace_layers import Guide, TrailCanvas

METRICS = ScreenMetrics(1280, 800, 6.0)
MIRROR = {"paths": "zigzag spiral circle", "guide": "faded"}
TRACING = {"shapes": "circle square", "repetitions": 2, "fade_guide": True}
PALETTE = SensoryProfile(preset("balanced")).palette


def finish_item(activity: MirrorActivity | TracingActivity, clock) -> None:  # type: ignore[no-untyped-def]
    """Mark the shape on screen finished and let the pause before the next one pass, the
    real-time loop's chores done between its frames (the shapes to come painted)."""
    activity._shape_finished(clock.now())
    spare_time(activity)
    step(activity, clock, ITEM_PAUSE_S + 0.1)
    spare_time(activity)


def spare_time(activity: MirrorActivity | TracingActivity) -> None:
    """What the real-time loop does between frames: every queued chore."""
    while activity.context.spare_time.do_one():
        pass


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
    spare_time(activity)  # (the shapes to come, painted between frames)
    painted: list[object] = []
    real_paint = trace_layers.paint_guide
    monkeypatch.setattr(trace_layers, "paint_guide", lambda *a, **k: painted.append(a))
    monkeypatch.setattr(trace_layers, "thick_line", lambda *a, **k: painted.append(a))
    shapes: list[tuple[pygame.Surface, list[Guide]]] = []
    while len(activity.shown) < len(activity.plan):
        finish_item(activity, clock)
        painted.clear()  # (what the chores between frames painted: none of it in a frame)
        activity.draw(surface)  # the next shape, shown
        for target in on_screen(activity):  # its scoring index was built ahead
            assert "index" in vars(target) and "points" in vars(target)
        layer = pygame.Surface(METRICS.size_px)
        layer.blit(
            activity.view.canvas.layer(layer.get_size(), METRICS, activity.context.palette)[0],
            (0, 0),
        )
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
    monkeypatch.setattr(guide_patches, "GUIDE_PATCH_BYTES", 3 * 1024 * 1024)
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


LONG = {"shapes": "uppercase lowercase digits", "repetitions": 10, "fade_guide": True}
FULL_HD = ScreenMetrics(1920, 1080, 4.0)


class Counted:
    """What a traced activity prepares, counted: the plan indices laid out, the guides
    painted (paint_guide calls) and the view's prepare calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, cls: type[TracedShapes]) -> None:
        self.laid_out: list[int] = []
        self.painted = 0
        self.prepares = 0
        lay_out, paint = cls._lay_out_targets, trace_layers.paint_guide
        prepare = trace_layers.TrailView.prepare

        def counted_lay_out(activity: TracedShapes, index: int) -> tuple[TargetPath, ...]:
            self.laid_out.append(index)
            return lay_out(activity, index)

        def counted_paint(*args: object, **kwargs: object) -> None:
            self.painted += 1
            paint(*args, **kwargs)  # type: ignore[arg-type]

        def counted_prepare(view: trace_layers.TrailView, *args: object) -> None:
            self.prepares += 1
            prepare(view, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(cls, "_lay_out_targets", counted_lay_out)
        monkeypatch.setattr(trace_layers, "paint_guide", counted_paint)
        monkeypatch.setattr(trace_layers.TrailView, "prepare", counted_prepare)

    def reset(self) -> None:
        self.laid_out.clear()
        self.painted = self.prepares = 0


def test_a_620_shape_level_starts_with_only_the_next_shapes_prepared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = Counted(monkeypatch, TracingActivity)
    activity, clock = build_activity(TracingActivity, LONG, metrics=FULL_HD)
    assert counted.painted == 0  # (the level's opening paints nothing...)
    ahead = SpareTime()
    activity.prepare(pygame.Surface(FULL_HD.size_px), ahead)
    assert counted.painted == 0 and len(ahead) == 1
    ahead.do_one()
    assert counted.painted == 1  # (...but the shape on screen, ahead: `prepare`)
    spare_time(activity)
    assert len(activity.plan) == 620
    assert activity._window == range(1, 1 + AHEAD)
    # shapes 0-12 are "A" ten times and "B" three: two layouts, each guide step painted
    assert counted.laid_out == [0, 10]
    window_guides = {(activity.plan[i][0].name, activity._guide_step(i)) for i in range(13)}
    assert counted.painted == len(window_guides) <= AHEAD + 1
    for shape in range(1, 30):  # each shape that starts costs at most one shape's work
        activity._shape_finished(clock.now())
        counted.reset()
        while len(activity.shown) == shape:
            clock.advance(FRAME_S)
            activity.update(FRAME_S)
        assert counted.painted == counted.prepares == 0  # the frame that shows it
        activity.draw(pygame.Surface(FULL_HD.size_px))
        assert counted.painted == 0
        step(activity, clock, FRAME_S)  # the next frame: the shape that came into the window
        assert counted.painted == 0  # (painted in the spare time after it)
        spare_time(activity)
        assert counted.prepares == 1 and counted.painted <= 1 and len(counted.laid_out) <= 1
        assert activity._window == range(shape + 1, shape + 1 + AHEAD)
        assert set(counted.laid_out) <= {shape + AHEAD}


def test_a_resize_prepares_the_next_shapes_once_not_the_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    activity, clock = build_activity(TracingActivity, {"shapes": "uppercase"}, metrics=FULL_HD)
    counted = Counted(monkeypatch, TracingActivity)
    activity.resize(ScreenMetrics(1080, 1920, 4.0))
    activity.reserve([(0.0, 0.0, 20.0, 20.0)])  # as the play screen does after a resize
    step(activity, clock, 0.5)
    spare_time(activity)
    assert counted.prepares == 1
    # the shape on screen after each of the two, the next AHEAD (of 26) once
    assert counted.laid_out == [0, 0, *range(1, 1 + AHEAD)]
    assert counted.painted == AHEAD + 1


def test_repetitions_of_a_shape_share_its_layout_and_scoring_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = Counted(monkeypatch, TracingActivity)
    level = {"shapes": "circle square", "repetitions": 4, "fade_guide": True}
    activity, clock = build_activity(TracingActivity, level, metrics=METRICS)
    targets = [activity.item.target]
    while len(activity.shown) < len(activity.plan):
        finish_item(activity, clock)
        targets.append(activity.item.target)
    assert counted.laid_out == [0, 4]
    assert all(target is targets[0] for target in targets[:4])
    assert all(target is targets[4] for target in targets[4:])
    assert [item.guide for item in activity.shown[:4]] == ["full", "faded", "dots", "none"]


def ring(x_mm: float) -> Guide:
    t = np.linspace(0, 2 * np.pi, 60)
    return Guide.of([np.column_stack((x_mm + 20 * np.cos(t), 60 + 20 * np.sin(t)))], 6.0, "full")


def test_the_guides_to_come_are_kept_and_those_shown_dropped_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    painted: list[Guide] = []

    def paint(guide: Guide) -> pygame.Surface:
        painted.append(guide)
        return pygame.Surface((10, 10))

    patches = GuidePatches(paint)
    rings = [ring(30.0 + 10 * k) for k in range(6)]
    monkeypatch.setattr(guide_patches, "GUIDE_PATCH_BYTES", 3 * 1000)
    patches.keep(rings, lambda guide: 1000)  # room for three
    assert painted == rings[:3] and patches.guides == tuple(rings[:3])
    patches.keep(rings[1:], lambda guide: 1000)  # ring 0 shown: dropped, ring 3 painted
    assert painted == rings[:4] and patches.guides == tuple(rings[1:4])
    patches.keep([rings[5]], lambda guide: 5000)  # the one on screen is kept, however big
    assert patches.guides == (rings[5],) and len(painted) == 5


def test_a_long_level_of_big_shapes_shows_each_from_its_painted_guide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(guide_patches, "GUIDE_PATCH_BYTES", 6 * 1024 * 1024)
    level = {"shapes": "uppercase", "size_mm": 200, "repetitions": 2, "fade_guide": True}
    activity, clock = build_activity(TracingActivity, level, metrics=FULL_HD)
    patches = activity.view.canvas._patches
    surface = pygame.Surface(FULL_HD.size_px)
    counted = Counted(monkeypatch, TracingActivity)
    for _ in range(10):
        finish_item(activity, clock)
        counted.reset()
        activity.draw(surface)
        assert counted.painted == 0  # its guide was painted ahead and kept
        upcoming = {g for i in activity._window for g in activity._guides(i)}
        on_screen = activity.view._guides()
        assert all(guide in upcoming or guide in on_screen for guide in patches.guides)
        assert 1 < len(patches.guides) < len(upcoming)  # the bound holds some of the window
    assert patches.kept_bytes <= 6 * 1024 * 1024
