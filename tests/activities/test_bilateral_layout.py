"""Two-handed targets on real screens: clear of the calm-down button and the adult
corner, on screen, never below the minimum touch size."""

from __future__ import annotations

import pytest
from helpers import build_activity

from sensory_games.activities import activity_class, load_activity_levels
from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.geometry import rects_overlap
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.screen import MIN_TOUCH_MM, ScreenMetrics

SCREENS = [
    ScreenMetrics(1280, 800, 7.4),  # 10" tablet
    ScreenMetrics(1280, 800, 8.0),
    ScreenMetrics(1920, 1080, 8.6),
    ScreenMetrics(800, 600, 4.0),
    ScreenMetrics(800, 1280, 8.0),  # portrait
    ScreenMetrics(1920, 1080, 3.6),  # a big kiosk screen
]


@pytest.mark.parametrize("slug", ["bilateral_both", "bilateral_drum", "bilateral_hold"])
@pytest.mark.parametrize(
    "metrics", SCREENS, ids=lambda m: f"{m.width_px}x{m.height_px}@{m.px_per_mm}"
)
def test_targets_stay_clear_of_the_corners_on_common_screens(slug, metrics) -> None:
    reserved = ActivityScene._reserved(metrics)
    for level in load_activity_levels(slug, DEFAULT_CONFIG_DIR):
        activity, _ = build_activity(
            activity_class(slug), level.parameters, metrics=metrics, reserved_mm=reserved
        )
        radius = activity.target_radius_mm()
        half_h = radius * activity.target_height_ratio
        assert 2 * radius >= MIN_TOUCH_MM
        for x, y in activity.centres_mm().values():
            box = (x - radius, y - half_h, 2 * radius, 2 * half_h)
            assert box[0] >= 0 and box[0] + box[2] <= metrics.width_mm, (level.number, box)
            assert box[1] >= 0 and box[1] + box[3] <= metrics.height_mm, (level.number, box)
            assert not any(rects_overlap(box, rect) for rect in reserved), (level.number, box)
        assert activity.distance_apart_mm() >= 2 * radius  # never on top of each other
