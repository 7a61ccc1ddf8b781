"""Prompts on time and never lingering: a timed cue cuts short what is being said, a
prompt stops when its screen is left, "start at the green dot" only when the green dot
shows, and the adult's caption only on the child's screens, clear of every target."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import pygame
import pytest
from helpers import on_the_menu, open_activity, run_frames

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.intensity import PRESETS, SensoryProfile
from sensory_games.domain.prompts import (
    BREATHE_IN,
    CALM_DOWN,
    CHOOSE_A_GAME,
    GOAL_CALM,
    GOAL_TRACE,
    HOW_DO_YOU_FEEL,
    START_AT_GREEN_DOT,
)
from sensory_games.engine.app import App
from sensory_games.engine.scenes.pin_pad import PinPadScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui.audio import VOICE_CHANNEL
from sensory_games.ui.voice import FADE_MS, VoicePlayer

#: Real time (s) a FADE_MS fade may take to end on the audio thread of a busy machine (the
#: longest wait: a healthy one ends within tens of ms; 1 s was once missed in `make test`,
#: with the lint and the safety check running beside the serial tests).
AFTER_FADE_S = 5.0

#: These tests watch SDL's audio thread in real time: they run on their own, after the
#: parallel part of `make test`, where two busy test workers cannot starve that thread.
pytestmark = pytest.mark.serial


def after_the_fade(done: Callable[[], bool]) -> bool:
    """Wait (real time, at most AFTER_FADE_S) for the audio thread to make `done` true."""
    until = time.monotonic() + AFTER_FADE_S
    while not done() and time.monotonic() < until:
        time.sleep(0.005)
    return done()


@pytest.fixture
def voice_channel() -> pygame.mixer.Channel:
    """The prompts' mixer voice, quiet before the test; every voice quiet after it."""
    if not VoicePlayer(SensoryProfile(PRESETS["balanced"], 0.6), "en").available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    channel = pygame.mixer.Channel(VOICE_CHANNEL)
    channel.stop()
    channel.stop()  # (halting a voice starts the sound queued on it: twice)
    yield channel
    pygame.mixer.stop()
    pygame.mixer.stop()


@pytest.fixture
def captioned(config, repository: Repository, clock: VirtualClock) -> App:
    """A headless app (1280x800) whose clinic shows the adult's captions."""
    shown = replace(config, voice_captions=True)
    return App(shown, repository, clock, window_size=(1280, 800), headless=True)


def said(app: App) -> list[str]:
    return [prompt for prompt, _ in app.stage.voice.said]


def test_a_timed_cue_cuts_short_the_prompt_being_said(voice_channel) -> None:
    clock = VirtualClock()
    player = VoicePlayer(SensoryProfile(PRESETS["balanced"], 0.6), "en", now=clock.now)
    assert player.say(GOAL_CALM) and player.say(HOW_DO_YOU_FEEL)  # one says, one waits
    objective = voice_channel.get_sound()
    clock.advance(0.5)
    assert player.say(BREATHE_IN, timed=True)
    cue = voice_channel.get_queue()
    assert cue is not None and cue is not objective  # never two at once: it follows the fade
    assert player.caption() == "Breathe in…"  # (the waiting prompt was dropped)
    assert after_the_fade(lambda: voice_channel.get_sound() is cue)
    assert voice_channel.get_queue() is None
    clock.advance(cue.get_length() + 0.01)
    assert player.caption() is None  # "how do you feel?" is not said after it
    assert FADE_MS == 20


def test_breathe_in_comes_as_the_first_in_breath_starts(
    captioned: App, repository: Repository, clock: VirtualClock, voice_channel
) -> None:
    """The first in-breath starts 1.0 s in, while the objective is still being said: the
    cue is said then, not after the objective (it was 1.97 s in English)."""
    app = captioned
    open_activity(app, repository, "calming", 1)
    assert said(app)[-1] == GOAL_CALM
    run_frames(app, clock, 1.0 + 2 * app.step_s)
    assert said(app)[-1] == BREATHE_IN
    assert app.stage.voice.caption() == "Breathe in…"
    cue = app.stage.voice._sounds[BREATHE_IN][0]
    assert after_the_fade(lambda: voice_channel.get_sound() is cue)


def test_leaving_a_screen_stops_its_prompt_and_caption(
    captioned: App, repository: Repository, clock: VirtualClock, voice_channel
) -> None:
    app = captioned
    on_the_menu(app, repository)
    assert said(app)[-1] == CHOOSE_A_GAME and app.sensory.caption() == "Choose a game!"
    app.push(PinPadScene(app.stage))  # an adult screen opens
    assert app.sensory.caption() is None
    assert after_the_fade(lambda: not voice_channel.get_busy())
    app.pop()
    open_activity(app, repository, "tracing", 1)  # the next activity: its own words only
    assert app.stage.voice.caption() == "Follow the path with your finger."


def test_no_caption_over_an_adult_screen(
    captioned: App, repository: Repository, clock: VirtualClock, voice_channel
) -> None:
    app = captioned
    on_the_menu(app, repository)
    app.push(PinPadScene(app.stage))
    app.stage.voice.say(HOW_DO_YOU_FEEL)
    assert app.stage.voice.caption() == "How do you feel?"
    assert app.sensory.caption() is None


def test_the_calm_down_invitation_goes_on_over_the_calm_screen(
    make_app, repository: Repository, voice_channel
) -> None:
    app = make_app()
    menu = on_the_menu(app, repository)
    started = time.monotonic()
    menu.calm_down()
    invitation = app.stage.voice._sounds[CALM_DOWN][0]
    assert invitation in (voice_channel.get_sound(), voice_channel.get_queue())
    assert app.stage.voice.caption() == "Let's take a quiet break together."
    assert said(app)[-2] == CALM_DOWN  # then the calm screen's own prompt, after it:
    assert after_the_fade(lambda: voice_channel.get_sound() is invitation)
    app.frame()
    own = app.stage.voice._sounds[said(app)[-1]][0]
    if time.monotonic() - started < invitation.get_length() - 0.1:  # still being said
        assert voice_channel.get_sound() is invitation and voice_channel.get_queue() is own
    else:  # (a slow machine: the audio thread has already reached the prompt after it)
        assert voice_channel.get_sound() in (invitation, own)


@pytest.mark.parametrize(("size", "dpi"), [((800, 480), 130), ((1280, 800), 220)])
def test_the_caption_covers_no_target(
    config, repository: Repository, clock: VirtualClock, voice_channel, size, dpi
) -> None:
    """On "who is playing?" (tiles, page dots, calm button, adult corner) and an activity,
    the caption lies clear of every box the layout check knows."""
    shown = replace(config, voice_captions=True, display=replace(config.display, dpi=dpi))
    app = App(shown, repository, clock, window_size=size, headless=True)
    for number in range(39):
        repository.add_profile(alias=f"Anna-Sophia {number}", animal="owl", colour=1)
    app.push(ProfilePickerScene(app.stage))
    for open_screen in (lambda: None, lambda: open_activity(app, repository, "bubbles", 1)):
        open_screen()
        run_frames(app, clock, 0.1)
        band = app.sensory.caption_area
        assert band is not None and app.surface.get_rect().contains(band)
        boxes = app.top.layout_boxes()
        assert boxes and not [box.name for box in boxes if box.rect.colliderect(band)]
        assert band.collidelist(app.top.keep_clear()) == -1  # (the page dots too)
    picker = app.scenes[0]
    assert picker.pages is not None and len(picker.keep_clear()) > len(picker.layout_boxes())


def test_start_at_the_green_dot_only_once_it_shows(
    make_app, repository: Repository, clock: VirtualClock, voice_channel
) -> None:
    """Tracing level 7 starts with the (pink) demonstration dot: the prompt waits for the
    green start dot, then is said once."""
    app = make_app()
    scene = open_activity(app, repository, "tracing", 7)
    activity = scene.activity
    assert said(app)[-1] == GOAL_TRACE
    while activity.demo_point(clock.now()) is not None:
        assert START_AT_GREEN_DOT not in said(app)
        run_frames(app, clock, app.step_s)
    run_frames(app, clock, 2 * app.step_s)
    assert said(app).count(START_AT_GREEN_DOT) == 1
    run_frames(app, clock, 1.0)
    assert said(app).count(START_AT_GREEN_DOT) == 1


def test_a_prompt_asked_for_during_the_fade_follows_the_cue(voice_channel) -> None:
    """SDL holds one waiting sound: a prompt asked for while a cue waits for the fade is
    held, then queued once the cue has started (never replacing it)."""
    player = VoicePlayer(SensoryProfile(PRESETS["balanced"], 0.6), "en")
    player.say(GOAL_CALM)
    player.say(BREATHE_IN, timed=True)
    cue = voice_channel.get_queue()
    player.say(HOW_DO_YOU_FEEL)
    assert voice_channel.get_queue() is cue  # the cue is not replaced
    assert after_the_fade(lambda: voice_channel.get_sound() is cue)
    player.tick()
    assert voice_channel.get_queue() is player._sounds[HOW_DO_YOU_FEEL][0]
