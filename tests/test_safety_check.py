"""The safety check on real screens: rewards pass, and a flashing animation is caught."""

from __future__ import annotations

import pytest
from helpers import open_activity

from sensory_games.activities.bubbles import view as bubbles_view
from sensory_games.cli.safety_check import _analyse, check_activity
from sensory_games.domain.intensity import PRESETS, preset
from sensory_games.domain.safety import FlashAnalyser
from sensory_games.engine.scenes.reward import RewardScene


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize("slug, accuracy", [("tracing", 0.1), ("bilateral_drum", 1.0)])
def test_the_reward_celebration_never_flashes(
    make_app, clock, repository, name, slug, accuracy
) -> None:
    """At every preset, for a first try and a best one, in two activities' pictures."""
    app = make_app((960, 540))
    open_activity(app, repository, "bubbles", 1)
    app.stage.set_intensity(preset(name), clock.now())
    reward = RewardScene(app.stage, 3, slug, accuracy)
    app.stack.replace(reward)
    analyser = FlashAnalyser(app.fps)
    while app.top is reward:
        clock.advance(app.step_s)
        app.request_redraw()
        app.frame()
        _analyse(analyser, app.surface)  # (as the safety check does: a view, not two copies)
    verdict = analyser.verdict()
    assert verdict.frames > 60 and verdict.passes, verdict.describe()


def test_a_flashing_background_cannot_pass_the_check(config, monkeypatch) -> None:
    """An activity whose background blinked 5 times a second would be stopped by
    `make test`: the check renders the real activity and fails it."""
    frames = {"n": 0}

    def blinking_background(palette):  # type: ignore[no-untyped-def]
        frames["n"] += 1  # (asked once a frame, for the backdrop the bubbles move over)
        return (255, 255, 255) if (frames["n"] // 6) % 2 else (0, 0, 0)

    monkeypatch.setattr(bubbles_view, "background_colour", blinking_background)
    result = check_activity(config, "bubbles", "alerting", seconds=1.5)
    assert not result.verdict.passes and not result.verdict.passes_wcag
    assert result.verdict.general_field >= 7
