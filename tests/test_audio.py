"""Unit tests of sensory_games/audio.py: synthesised tones stay soft, sound 0 stays silent."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pygame
import pytest

from sensory_games import audio
from sensory_games.audio import (
    MAX_VOICES,
    PEAK_AMPLITUDE,
    SAMPLE_RATE_HZ,
    SOUND_DESIGNS,
    SoundPlayer,
    peak_dbfs,
    tone,
)
from sensory_games.intensity import MAX_PEAK_DBFS, PRESETS, SensoryProfile, preset

MS = SAMPLE_RATE_HZ // 1000  # samples per millisecond


@pytest.fixture(autouse=True)
def _mixer_closed() -> Iterator[None]:
    yield
    pygame.mixer.quit()


def profile_with_sound(sound: float, master: float = 0.6) -> SensoryProfile:
    return SensoryProfile(PRESETS["balanced"].with_overrides({"sound": sound}), master)


# -- peak_dbfs --------------------------------------------------------------------------------


def test_peak_dbfs_reference_values():
    assert peak_dbfs(np.array([0.0, 1.0, -0.2])) == pytest.approx(0.0)
    assert peak_dbfs(np.array([0.1, -0.5])) == pytest.approx(20 * math.log10(0.5))
    assert peak_dbfs(np.array([0.1, -0.5])) == pytest.approx(-6.0206, abs=1e-4)
    assert peak_dbfs(np.zeros(10)) == -math.inf
    assert peak_dbfs(np.array([])) == -math.inf


# -- tone -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SOUND_DESIGNS))
def test_every_designed_sound_peaks_below_minus_6_dbfs(name):
    notes, duration = SOUND_DESIGNS[name]
    wave = tone(notes, duration)
    assert wave.dtype == np.float32
    assert wave.ndim == 1
    assert len(wave) == pytest.approx(duration * SAMPLE_RATE_HZ, abs=len(notes))
    assert peak_dbfs(wave) < MAX_PEAK_DBFS
    assert peak_dbfs(wave) == pytest.approx(20 * np.log10(PEAK_AMPLITUDE), abs=0.01)
    # even MAX_VOICES sounds in phase on top of each other stay under the cap
    assert peak_dbfs(wave * MAX_VOICES) < MAX_PEAK_DBFS
    assert float(np.max(np.abs(wave))) == pytest.approx(PEAK_AMPLITUDE, rel=1e-5)


@pytest.mark.parametrize("name", sorted(SOUND_DESIGNS))
def test_every_designed_sound_starts_and_ends_silent(name):
    notes, duration = SOUND_DESIGNS[name]
    wave = tone(notes, duration)
    peak = float(np.max(np.abs(wave)))
    assert abs(float(wave[0])) < 1e-6
    assert abs(float(wave[-1])) < 1e-6
    # No click: the first and last millisecond are a small fraction of the peak.
    assert float(np.max(np.abs(wave[:MS]))) < 0.05 * peak
    assert float(np.max(np.abs(wave[-MS:]))) < 0.05 * peak


@pytest.mark.parametrize("name", sorted(SOUND_DESIGNS))
def test_every_designed_sound_ramps_up_over_the_first_20_ms(name):
    notes, duration = SOUND_DESIGNS[name]
    wave = tone(notes, duration)
    block = 5 * MS  # 5 ms blocks hold several periods of every note
    levels = [float(np.max(np.abs(wave[i : i + block]))) for i in range(0, 20 * MS, block)]
    assert levels == sorted(levels), levels
    assert levels[0] < 0.5 * levels[-1]
    assert levels[-1] < float(np.max(np.abs(wave)))  # still rising at 20 ms: ramp >= 20 ms


def test_each_note_of_a_melody_fades_in_and_out():
    notes, duration = SOUND_DESIGNS["reward"]
    wave = tone(notes, duration)
    note_len = len(wave) // len(notes)
    peak = float(np.max(np.abs(wave)))
    for boundary in range(note_len, len(wave), note_len):
        around = wave[boundary - MS : boundary + MS]
        assert float(np.max(np.abs(around))) < 0.05 * peak


def test_ramps_are_never_shorter_than_20_ms_even_when_asked():
    wave = tone((440.0,), 0.5, attack_s=0.0, release_s=0.0)
    peak = float(np.max(np.abs(wave)))
    assert float(np.max(np.abs(wave[:MS]))) < 0.1 * peak
    assert float(np.max(np.abs(wave[-MS:]))) < 0.1 * peak
    assert abs(float(wave[0])) < 1e-6


def test_tone_follows_the_sample_rate():
    assert len(tone((440.0,), 0.5, sample_rate=22_050)) == 11_025
    assert len(tone((440.0,), 0.5, sample_rate=48_000)) == 24_000


@pytest.mark.parametrize(("notes", "duration"), [((440.0,), 0.1), ((440.0, 550.0, 660.0), 0.3)])
def test_short_notes_are_still_soft_and_ramped(notes, duration):
    wave = tone(notes, duration)
    assert len(wave) == pytest.approx(duration * SAMPLE_RATE_HZ, abs=len(notes))
    assert peak_dbfs(wave) < MAX_PEAK_DBFS
    assert abs(float(wave[0])) < 1e-6
    assert abs(float(wave[-1])) < 1e-6


# -- SoundPlayer ------------------------------------------------------------------------------


class FakeSound:
    def __init__(self) -> None:
        self.volumes: list[float] = []
        self.plays = 0

    def set_volume(self, volume: float) -> None:
        self.volumes.append(volume)

    def play(self) -> object:
        self.plays += 1
        return object()  # a mixer channel


def test_sound_zero_never_reaches_the_mixer(monkeypatch: pytest.MonkeyPatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the mixer was used at sound 0")

    player = SoundPlayer(profile_with_sound(0.0, master=0.8))
    player.available = True  # as if there were an audio device
    monkeypatch.setattr(player, "_sound", forbidden)
    monkeypatch.setattr(audio.pygame.sndarray, "make_sound", forbidden)
    for name in SOUND_DESIGNS:
        player.play(name)
        player.play(name, loudness=1.0)
    assert list(player.played) == []


def test_master_volume_zero_never_reaches_the_mixer(monkeypatch: pytest.MonkeyPatch):
    player = SoundPlayer(profile_with_sound(1.0, master=0.0))
    player.available = True
    monkeypatch.setattr(player, "_sound", lambda name: pytest.fail("mixer used"))
    player.play("pop")
    assert list(player.played) == []


def test_sound_on_plays_at_the_profile_volume(monkeypatch: pytest.MonkeyPatch):
    profile = profile_with_sound(0.5, master=0.6)
    player = SoundPlayer(profile)
    player.available = True
    fake = FakeSound()
    monkeypatch.setattr(player, "_sound", lambda name: fake)
    player.play("pop", loudness=0.5)
    assert list(player.played) == [("pop", pytest.approx(0.5 * 0.5 * 0.6))]
    assert fake.volumes == [pytest.approx(0.15)]
    assert fake.plays == 1
    player.play("tap", loudness=3.0)  # loudness above 1 is capped
    assert player.played[-1] == ("tap", pytest.approx(0.5 * 0.6))


def test_no_audio_device_means_silent_play(monkeypatch: pytest.MonkeyPatch):
    def no_device(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(audio.pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(audio.pygame.mixer, "init", no_device)
    player = SoundPlayer(profile_with_sound(1.0))
    assert player.available is False
    monkeypatch.setattr(player, "_sound", lambda name: pytest.fail("mixer used"))
    player.play("pop")
    assert list(player.played) == []


def test_device_lost_while_playing_turns_sound_off(monkeypatch: pytest.MonkeyPatch):
    player = SoundPlayer(profile_with_sound(1.0))
    player.available = True

    def lost(name):
        raise pygame.error("device lost")

    monkeypatch.setattr(player, "_sound", lost)
    player.play("pop")
    assert player.available is False
    assert list(player.played) == []


def test_real_dummy_mixer_plays_soft_int16_sounds():
    player = SoundPlayer(profile_with_sound(1.0, master=0.8))
    if not player.available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    player.play("reward")
    assert list(player.played) == [("reward", pytest.approx(0.8))]
    samples = pygame.sndarray.array(player._sounds["reward"])
    assert samples.dtype == np.int16
    assert int(np.max(np.abs(samples.astype(np.int32)))) <= round(32767 * PEAK_AMPLITUDE)
    assert int(np.max(np.abs(samples.astype(np.int32)))) > 0


def test_at_the_highest_settings_every_sound_stays_under_the_cap_even_two_at_once():
    """Sound channel 1, master volume at its hard ceiling, the two loudest sounds playing
    on top of each other in phase: still below -6 dBFS."""
    from sensory_games.intensity import ABSOLUTE_VOLUME_CAP, Intensity

    loudest = SensoryProfile(
        Intensity(visual=1, motion=1, sound=1, complexity=1, feedback=1), master_volume=1.0
    )
    volume = loudest.volume(1.0)
    assert volume == pytest.approx(ABSOLUTE_VOLUME_CAP)
    peaks = sorted(float(np.max(np.abs(tone(*design)))) for design in SOUND_DESIGNS.values())
    together = (peaks[-1] + peaks[-2]) * volume
    assert 20 * np.log10(together) < MAX_PEAK_DBFS


def test_a_beat_cue_has_its_own_voice_and_is_never_skipped() -> None:
    player = SoundPlayer(SensoryProfile(preset("balanced")))
    if not player.available:
        pytest.skip("no mixer on this machine")
    for _ in range(4):
        player.play("reward")  # the shared voice is busy with a long sound
    for _ in range(3):
        player.play("beat", 0.7, cue=True)
    names = [name for name, _ in player.played]
    assert names.count("beat") == 3
    assert names.count("reward") <= 1  # the others were skipped, not piled up
