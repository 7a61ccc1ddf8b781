"""A child hammering a pad, the jar or a drum never makes the screen flash: every frame of
fast pressing (3.75 presses a second, faster than the flash limit) goes through the flash
analyser. The bots in `safety-check` tap at a child's pace; this is the fast case."""

from __future__ import annotations

import pygame
import pytest
from helpers import build_activity

from sensory_games.activities import activity_class
from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.safety import FlashAnalyser
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(640, 400, 3.2)  # 200 x 125 mm
CASES = {
    "bilateral_both": {"hold_s": 15.0, "time_limit_s": 60.0},
    "bilateral_hold": {},
    "bilateral_drum": {"tempo_bpm": 150.0, "pattern": "both", "beats": 12},
}


@pytest.mark.parametrize("preset_name", list(PRESETS))
@pytest.mark.parametrize("slug", list(CASES))
def test_fast_presses_never_flash(slug: str, preset_name: str) -> None:
    activity, clock = build_activity(
        activity_class(slug),
        CASES[slug],
        metrics=METRICS,
        preset_name=preset_name,
        dominant_hand="right",
    )
    centres = activity.centres_mm()
    if slug == "bilateral_both":  # one hand stays on; the other presses and lifts
        activity.handle(PointerEvent(1, "down", *centres["right"], clock.now(), "touch"))
    hammered = centres["left"]
    analyser = FlashAnalyser(60)
    surface = pygame.Surface(METRICS.size_px)
    finger, down = 10, False
    for frame in range(150):
        clock.advance(1 / 60)
        if frame % 8 == 0:
            phase = "up" if down else "down"
            activity.handle(PointerEvent(finger, phase, *hammered, clock.now(), "touch"))
            finger += down
            down = not down
        activity.update(1 / 60)
        activity.draw(surface)
        analyser.add(pygame.surfarray.pixels3d(surface).swapaxes(0, 1).copy())
    verdict = analyser.verdict()
    assert verdict.passes, verdict.describe()
