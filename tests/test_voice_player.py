"""The voice player: prompts under every audio cap, one at a time on their own mixer voice,
silent with the child's voice off or at sound 0, the clinic's recording before the
shipped clip, the adult's caption; and the screens that say their prompts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers import on_the_menu, open_activity, run_frames

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.intensity import PRESETS, SensoryProfile
from sensory_games.domain.prompts import (
    BREATHE_IN,
    CHOOSE_A_GAME,
    GOAL_COPY,
    GOAL_TRACE,
    HOW_DO_YOU_FEEL,
    PROMPTS,
    START_AT_GREEN_DOT,
    WHO_IS_PLAYING,
)
from sensory_games.domain.voice_clip import CLIP_RATE_HZ, wav_bytes
from sensory_games.engine.app import App
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.storage import Repository
from sensory_games.ui.audio import MAX_VOICES, PEAK_AMPLITUDE, VOICE_CHANNEL
from sensory_games.ui.voice import VoicePlayer, clip_file, playable_samples, shipped_voice_dir


def sensory(sound: float = 0.5, master: float = 0.6) -> SensoryProfile:
    return SensoryProfile(PRESETS["balanced"].with_overrides({"sound": sound}), master)


@pytest.fixture
def voice_channel() -> pygame.mixer.Channel:
    """The prompts' mixer voice, every voice quiet before the test (a chime another test
    left ringing would otherwise be heard here)."""
    player = VoicePlayer(sensory(), "en")
    if not player.available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    channel = pygame.mixer.Channel(VOICE_CHANNEL)
    for _ in range(3):  # (halting a channel starts the sound queued on it, if any: again)
        pygame.mixer.stop()
    assert not channel.get_busy()
    yield channel
    pygame.mixer.stop()


def a_recording(folder: Path, language: str, prompt_id: str, seconds: float, level: float) -> Path:
    """A tone written where the clinic's recordings go, at `level` (full scale 1.0)."""
    t = np.arange(round(seconds * CLIP_RATE_HZ)) / CLIP_RATE_HZ
    samples = np.round(level * 32767 * np.sin(2 * np.pi * 200 * t)).astype(np.int16)
    path = folder / language / f"{prompt_id}.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wav_bytes(samples))
    return path


def test_a_prompt_is_said_on_its_own_voice_at_the_childs_volume(voice_channel) -> None:
    player = VoicePlayer(sensory(sound=0.5, master=0.6), "es")
    assert player.say(WHO_IS_PLAYING)
    assert voice_channel.get_busy()
    assert player.said[-1] == (WHO_IS_PLAYING, pytest.approx(0.3))
    sound = voice_channel.get_sound()
    assert sound.get_volume() == pytest.approx(0.3, abs=0.01)
    samples = pygame.sndarray.array(sound).astype(np.int32)
    # one voice's share of the mix: with every other voice at its peak still under -6 dBFS
    assert 0 < np.max(np.abs(samples)) <= round(32767 * PEAK_AMPLITUDE)
    assert MAX_VOICES * PEAK_AMPLITUDE < 10 ** (-6 / 20)
    assert all(not pygame.mixer.Channel(i).get_busy() for i in range(MAX_VOICES) if i != 2)


def test_a_prompt_never_overlaps_another_the_next_waits(voice_channel) -> None:
    player = VoicePlayer(sensory(), "en")
    assert player.say(GOAL_TRACE)
    first = voice_channel.get_sound()
    assert not player.say(GOAL_TRACE)  # already being said: not started again over itself
    assert voice_channel.get_sound() is first and voice_channel.get_queue() is None
    assert player.say(START_AT_GREEN_DOT)  # waits for the first to end
    assert voice_channel.get_sound() is first
    waiting = voice_channel.get_queue()
    assert waiting is not None and waiting is not first
    assert player.say(CHOOSE_A_GAME)  # only the newest waits
    assert voice_channel.get_queue() is not waiting
    assert [p for p, _ in player.said] == [GOAL_TRACE, START_AT_GREEN_DOT, CHOOSE_A_GAME]


@pytest.mark.parametrize(
    ("enabled", "sound", "master"), [(False, 1.0, 0.8), (True, 0.0, 0.8), (True, 1.0, 0.0)]
)
def test_voice_off_or_no_sound_says_nothing(voice_channel, enabled, sound, master) -> None:
    player = VoicePlayer(sensory(sound, master), "en", enabled=enabled)
    assert not player.say(HOW_DO_YOU_FEEL)
    assert not voice_channel.get_busy()
    assert list(player.said) == [] and player.caption() is None


def test_an_unknown_prompt_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="no voice prompt 'hello'"):
        VoicePlayer(sensory(), "en").say("hello")


def test_the_clinics_recording_wins_over_the_shipped_clip(tmp_path: Path, voice_channel) -> None:
    shipped = shipped_voice_dir() / "ar" / f"{WHO_IS_PLAYING}.wav"
    assert clip_file(WHO_IS_PLAYING, "ar", tmp_path) == shipped
    recorded = a_recording(tmp_path, "ar", WHO_IS_PLAYING, 0.5, 0.3)
    assert clip_file(WHO_IS_PLAYING, "ar", tmp_path) == recorded
    assert clip_file(WHO_IS_PLAYING, "es", tmp_path) == shipped_voice_dir() / "es" / recorded.name
    player = VoicePlayer(sensory(), "ar", recordings=tmp_path)
    assert player.say(WHO_IS_PLAYING)
    frequency = pygame.mixer.get_init()[0]
    assert voice_channel.get_sound().get_length() == pytest.approx(0.5, abs=2 / frequency)


def test_prompts_loaded_ahead_are_said_without_reading_their_files(
    tmp_path: Path, voice_channel
) -> None:
    """A screen loads what it will say when it starts (not inside a frame): the clip
    said later is the one loaded then, even with its file gone since."""
    recorded = a_recording(tmp_path, "es", BREATHE_IN, 0.4, 0.3)
    player = VoicePlayer(sensory(), "es", recordings=tmp_path)
    player.preload(BREATHE_IN)
    recorded.unlink()
    assert player.say(BREATHE_IN)
    frequency = pygame.mixer.get_init()[0]
    assert voice_channel.get_sound().get_length() == pytest.approx(0.4, abs=2 / frequency)
    voice_channel.stop()
    recorded = a_recording(tmp_path, "es", BREATHE_IN, 0.4, 0.3)
    quiet = VoicePlayer(sensory(), "es", enabled=False, recordings=tmp_path)
    quiet.preload(BREATHE_IN)  # voice off: nothing is loaded
    recorded.unlink()
    quiet.enabled = True
    assert quiet.say(BREATHE_IN)  # (now from the shipped clip, not the recording)
    assert voice_channel.get_sound().get_length() != pytest.approx(0.4, abs=2 / frequency)
    with pytest.raises(ValueError, match="no_such_prompt"):
        player.preload("no_such_prompt")


def test_a_clip_over_the_cap_is_scaled_down_and_ramped(tmp_path: Path, voice_channel) -> None:
    """A recording at full scale that starts and ends at full level (a click) is played
    no louder than a capped one, starting and ending at silence."""
    rate = 22_050
    loud = np.ones(rate // 2)  # a full-scale step: as loud and sudden as a clip can be
    out = playable_samples(loud, rate, 44_100)
    assert float(np.max(np.abs(out))) == pytest.approx(PEAK_AMPLITUDE, rel=1e-3)
    assert out[0] == 0.0 and abs(out[-1]) < 1e-3
    ramp = round(0.02 * 44_100)
    assert np.all(np.diff(out[:ramp]) >= 0) and out[ramp // 2] < 0.6 * PEAK_AMPLITUDE
    quiet = playable_samples(0.1 * loud, rate, rate)  # under the cap: not made louder than it
    assert float(np.max(quiet)) == pytest.approx(0.1 / 10 ** (-6 / 20) * PEAK_AMPLITUDE, rel=1e-3)
    a_recording(tmp_path, "en", HOW_DO_YOU_FEEL, 0.4, 1.0)
    player = VoicePlayer(sensory(1.0, 0.8), "en", recordings=tmp_path)
    assert player.say(HOW_DO_YOU_FEEL)
    mixed = pygame.sndarray.array(voice_channel.get_sound()).astype(np.int32)
    assert np.max(np.abs(mixed)) <= round(32767 * PEAK_AMPLITUDE)
    assert np.max(np.abs(mixed[:5])) <= 0.01 * 32767


def test_an_unreadable_clip_is_told_to_the_adult_once_and_skipped(
    tmp_path: Path, voice_channel
) -> None:
    broken = tmp_path / "en" / f"{GOAL_TRACE}.wav"
    broken.parent.mkdir()
    broken.write_bytes(b"not a wav")
    told: list[str] = []
    player = VoicePlayer(sensory(), "en", recordings=tmp_path, warn=told.append)
    assert not player.say(GOAL_TRACE)
    assert not player.say(GOAL_TRACE)
    assert len(told) == 1 and "not a WAV file" in told[0] and "goal_trace" in told[0]


def test_a_clip_cut_short_is_broken_not_said(tmp_path: Path, voice_channel) -> None:
    """A clip truncated to 100 bytes (a 1 ms clip) is not a sentence: nothing is said, no
    caption, the adult is told once, and the next prompt is said at once (never stuck)."""
    shipped = (shipped_voice_dir() / "en" / f"{HOW_DO_YOU_FEEL}.wav").read_bytes()
    cut = tmp_path / "en" / f"{HOW_DO_YOU_FEEL}.wav"
    cut.parent.mkdir()
    cut.write_bytes(shipped[:100])
    told: list[str] = []
    clock = VirtualClock()
    player = VoicePlayer(sensory(), "en", recordings=tmp_path, now=clock.now, warn=told.append)
    player.preload(HOW_DO_YOU_FEEL)
    assert not player.say(HOW_DO_YOU_FEEL) and not player.say(HOW_DO_YOU_FEEL)
    assert list(player.said) == [] and player.caption() is None
    assert not voice_channel.get_busy()
    assert len(told) == 1 and "under 0.2 s" in told[0] and str(cut) in told[0]
    assert player.say(CHOOSE_A_GAME) and player.caption() == "Choose a game!"


def test_the_caption_shows_the_words_while_they_are_said(voice_channel) -> None:
    clock = VirtualClock()
    player = VoicePlayer(sensory(), "zh", now=clock.now)
    player.say(GOAL_TRACE, START_AT_GREEN_DOT)
    first_s = voice_channel.get_sound().get_length()
    assert player.caption() == "用手指沿着小路走。"
    clock.advance(first_s + 0.05)
    assert player.caption() == "从绿点开始。"
    clock.advance(10.0)
    assert player.caption() is None


# -- the screens ----------------------------------------------------------------------------


def said(app) -> list[str]:
    return [prompt for prompt, _ in app.stage.voice.said]


def test_the_screens_say_their_prompts(make_app, repository: Repository, voice_channel) -> None:
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    assert said(app) == [WHO_IS_PLAYING]
    on_the_menu(app, repository)  # a new child: a new player in their language
    assert said(app) == [CHOOSE_A_GAME]
    open_activity(app, repository, "tracing", 1)
    assert said(app)[-1] == GOAL_TRACE  # (and "start at the green dot" when it shows)
    app.push(CheckInScene(app.stage, "before", lambda _: None))
    assert said(app)[-1] == HOW_DO_YOU_FEEL
    assert set(said(app)) <= set(PROMPTS)


def test_a_copy_level_says_what_copying_asks(
    make_app, repository: Repository, clock: VirtualClock, voice_channel
) -> None:
    """Copy mode (tracing levels 15, 16 and 18) has no path to follow and no green dot:
    the child is asked to look at the model, draw it in the empty box and touch the tick,
    and is never told to follow a path or start at a dot; a tracing level still is."""
    for level in (15, 16, 18):
        app = make_app()
        open_activity(app, repository, "tracing", level)
        run_frames(app, clock, 3.0, render=False)
        assert said(app)[-1:] == [GOAL_COPY]
        assert GOAL_TRACE not in said(app) and START_AT_GREEN_DOT not in said(app)
    app = make_app()
    open_activity(app, repository, "tracing", 17)  # tracing the name: over a path
    assert said(app)[-1] == GOAL_TRACE
    assert app.stage.voice.caption() == PROMPTS[GOAL_TRACE]


def test_a_child_with_voice_off_hears_no_prompt(
    make_app, repository: Repository, voice_channel
) -> None:
    app = make_app()
    quiet = replace(repository.guest_profile(), voice=False)
    app.stage.start_session(quiet)
    app.push(CheckInScene(app.stage, "before", lambda _: None))
    assert said(app) == [] and not voice_channel.get_busy()


def test_captions_are_drawn_for_the_adult_only_on_request(
    config, repository: Repository, clock: VirtualClock, voice_channel
) -> None:
    def caption_pixels(show: bool) -> int:
        voice_channel.stop()
        shown = replace(config, voice_captions=show)
        app = App(shown, repository, clock, window_size=(1280, 800), headless=True)
        app.push(ProfilePickerScene(app.stage))
        run_frames(app, clock, 0.1)
        foot = app.surface.subsurface(pygame.Rect(400, 740, 480, 60)).copy()
        app.stage.voice.stop()
        run_frames(app, clock, 0.1)
        after = app.surface.subsurface(pygame.Rect(400, 740, 480, 60))
        return int(
            np.count_nonzero(pygame.surfarray.array3d(foot) != pygame.surfarray.array3d(after))
        )

    assert caption_pixels(False) == 0
    assert caption_pixels(True) > 500  # the caption was there, and went when the voice stopped


def test_the_adult_is_warned_once_of_a_broken_clip(
    make_app, repository: Repository, voice_channel
) -> None:
    """The menu's prompt cut short: the adult menu's warnings name it once, however often
    the menu comes back and whichever child plays; the child goes on without it."""
    cut = repository.data_dir / "voice" / "en" / f"{CHOOSE_A_GAME}.wav"
    cut.parent.mkdir(parents=True)
    cut.write_bytes((shipped_voice_dir() / "en" / cut.name).read_bytes()[:100])
    app = make_app()
    on_the_menu(app, repository)
    on_the_menu(app, repository)
    assert CHOOSE_A_GAME not in said(app)
    told = [w for w in app.errors.warnings if "choose_a_game" in w]
    assert len(told) == 1 and "under 0.2 s" in told[0]


def test_prompts_held_back_are_said_when_let_through_in_order(voice_channel) -> None:
    """The launcher holds the first screen's prompt back until its first frame is on
    screen (numpy, which loads a clip, is loaded after that frame)."""
    player = VoicePlayer(sensory(), "en")
    player.hold_back()
    assert not player.say(WHO_IS_PLAYING)
    assert not player.say(CHOOSE_A_GAME, loudness=0.5)
    assert list(player.said) == [] and not voice_channel.get_busy()
    player.let_through()
    assert voice_channel.get_busy()
    assert [prompt for prompt, _ in player.said] == [WHO_IS_PLAYING, CHOOSE_A_GAME]
    assert player.said[1][1] == pytest.approx(player.said[0][1] / 2)  # (as asked)
    assert player.say(GOAL_TRACE)  # said at once again (it waits for the one being said)
    player.let_through()  # (nothing held: nothing said twice)
    assert [prompt for prompt, _ in player.said] == [WHO_IS_PLAYING, CHOOSE_A_GAME, GOAL_TRACE]


def test_a_prompt_held_back_is_checked_when_asked() -> None:
    player = VoicePlayer(sensory(), "en")
    player.hold_back()
    with pytest.raises(ValueError, match="no_such_prompt"):
        player.say("no_such_prompt")
