"""Every sensory channel really changes what an activity draws or plays."""

from __future__ import annotations

import colorsys

import numpy as np
import pygame
import pytest
from helpers import open_activity, run_frames, tap

from sensory_games.domain.intensity import Intensity
from sensory_games.engine.scenes.reward import RewardScene


def flat(value: float, **channels: float) -> Intensity:
    values = dict.fromkeys(("visual", "motion", "sound", "complexity", "feedback"), value)
    return Intensity(**{**values, **channels})


def start(make_app, repository, intensity: Intensity, slug: str, level: int):  # type: ignore[no-untyped-def]
    app = make_app()
    scene = open_activity(app, repository, slug, level, seed=4)
    app.stage.set_intensity(intensity, 0.0)
    return app, scene


def pixels(app) -> bytes:  # type: ignore[no-untyped-def]
    return pygame.image.tobytes(app.surface, "RGB")


@pytest.mark.parametrize(("slug", "level"), [("bubbles", 3), ("tracing", 1)])
def test_motion_0_keeps_the_screen_still_without_input(
    make_app, clock, repository, slug, level
) -> None:
    """With nobody touching, consecutive frames are identical at motion 0 except for the
    task's own motion (the drift of level 3's bubbles is the task: compare it out)."""
    for motion, still in ((0.0, True), (1.0, False)):
        app, scene = start(make_app, repository, flat(0.5, motion=motion), slug, level)
        if slug == "tracing":
            scene.activity.item.demo_until = clock.now()
        else:
            scene.activity.parameters["drift_mm_s"] = 0.0001  # task drift ~0: wobble only
        run_frames(app, clock, 2.0)
        first = pixels(app)
        run_frames(app, clock, 0.25)
        assert (pixels(app) == first) is still, (slug, motion)


@pytest.mark.parametrize(("slug", "level"), [("bubbles", 1), ("tracing", 1)])
def test_visual_channel_sets_colour_saturation(make_app, clock, repository, slug, level) -> None:
    def saturation(app) -> float:  # type: ignore[no-untyped-def]
        array = pygame.surfarray.array3d(app.surface).reshape(-1, 3)[::97] / 255
        return float(np.mean([colorsys.rgb_to_hls(*rgb)[2] for rgb in array]))

    results = []
    for visual in (0.0, 1.0):
        app, _ = start(make_app, repository, flat(0.5, visual=visual), slug, level)
        run_frames(app, clock, 1.0)
        results.append(saturation(app))
    assert results[1] > results[0] + 0.05


def test_sound_0_sends_nothing_to_the_mixer(make_app, clock, repository) -> None:
    played = []
    for sound in (0.0, 1.0):
        app, scene = start(make_app, repository, flat(0.5, sound=sound), "bubbles", 1)
        run_frames(app, clock, 0.6)
        bubble = scene.activity.visible_bubbles()[0]
        tap(app, clock, bubble.x_mm, bubble.y_mm)
        played.append(list(app.stage.sounds.played))
    assert played[0] == []
    if app.stage.sounds.available:
        assert played[1] and played[1][0][0] == "pop"


def test_complexity_and_feedback_set_the_reward(make_app, repository) -> None:
    quiet_app, _ = start(make_app, repository, flat(0.0), "bubbles", 1)
    quiet = RewardScene(quiet_app.stage)
    lively_app, _ = start(make_app, repository, flat(1.0), "bubbles", 1)
    lively = RewardScene(lively_app.stage)
    assert len(quiet.sparkles) < len(lively.sparkles)
    assert quiet.style.duration_s < lively.style.duration_s
    assert quiet.style.glow == 0.0 < lively.style.glow
