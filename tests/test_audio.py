"""Unit tests of sensory_games/ui/audio.py: synthesised tones stay soft, sound 0 stays silent."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import numpy as np
import pygame
import pytest

from sensory_games.domain.intensity import (
    MAX_PEAK_DBFS,
    MIN_SOUND_RAMP_S,
    PRESETS,
    SensoryProfile,
    preset,
)
from sensory_games.ui import audio
from sensory_games.ui.audio import (
    BED_CHANNEL,
    BED_FADE_IN_S,
    BED_SWITCH_FADE_S,
    BELL_DESIGNS,
    CUE_CHANNEL,
    MAX_VOICES,
    NOISE_COLOURS,
    PEAK_AMPLITUDE,
    SAMPLE_RATE_HZ,
    SOUND_DESIGNS,
    SOUND_NAMES,
    SoundPlayer,
    bell,
    noise_bed,
    peak_dbfs,
    synthesise,
    tone,
)

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


# -- bell (the chime) -------------------------------------------------------------------------


def block_levels(wave: np.ndarray, start: int, stop: int, block: int = 5 * MS) -> list[float]:
    """Peak of each `block`-sample block (5 ms) of wave[start:stop]."""
    return [float(np.max(np.abs(wave[i : i + block]))) for i in range(start, stop, block)]


@pytest.mark.parametrize("name", sorted(BELL_DESIGNS))
def test_every_bell_peaks_below_minus_6_dbfs(name):
    fundamental, duration = BELL_DESIGNS[name]
    wave = bell(fundamental, duration)
    assert wave.dtype == np.float32
    assert wave.ndim == 1
    assert len(wave) == int(duration * SAMPLE_RATE_HZ)
    assert float(np.max(np.abs(wave))) == pytest.approx(PEAK_AMPLITUDE, rel=1e-5)
    assert peak_dbfs(wave * MAX_VOICES) < MAX_PEAK_DBFS


@pytest.mark.parametrize("name", sorted(BELL_DESIGNS))
def test_every_bell_rises_over_its_first_20_ms_and_falls_to_0_over_its_last(name):
    wave = bell(*BELL_DESIGNS[name])
    peak = float(np.max(np.abs(wave)))
    rising = block_levels(wave, 0, 20 * MS)
    assert rising == sorted(rising), rising
    assert rising[0] < 0.5 * rising[-1]
    assert rising[-1] < peak  # still rising at 20 ms: attack >= 20 ms
    falling = block_levels(wave, len(wave) - 20 * MS, len(wave))
    assert falling == sorted(falling, reverse=True), falling
    # The decay alone would lose a few per cent over 20 ms; the release ramp takes the
    # last 5 ms to well under half of where the final 20 ms began.
    assert falling[-1] < 0.5 * falling[0]
    assert float(wave[0]) == 0.0
    assert float(wave[-1]) == 0.0


@pytest.mark.parametrize("name", sorted(BELL_DESIGNS))
def test_every_bell_has_no_sample_jump_at_either_end(name):
    wave = bell(*BELL_DESIGNS[name])
    peak = float(np.max(np.abs(wave)))
    for end in (wave[:MS], wave[-MS:]):  # first and last millisecond
        assert float(np.max(np.abs(end))) < 0.05 * peak
        assert float(np.max(np.abs(np.diff(end)))) < 0.05 * peak


def test_bell_ramps_are_never_shorter_than_20_ms_even_when_asked():
    wave = bell(880.0, 0.5, attack_s=0.0, release_s=0.0)
    peak = float(np.max(np.abs(wave)))
    assert float(np.max(np.abs(wave[:MS]))) < 0.1 * peak
    assert float(np.max(np.abs(wave[-MS:]))) < 0.1 * peak
    assert float(wave[0]) == 0.0
    assert float(wave[-1]) == 0.0


def test_the_chime_rings_like_a_soft_bell():
    fundamental, duration = BELL_DESIGNS["chime"]
    wave = bell(fundamental, duration).astype(np.float64)
    rms = [float(np.sqrt(np.mean(part**2))) for part in (wave[: 100 * MS], wave[-200 * MS :])]
    assert rms[1] < 0.1 * rms[0]  # it dies away
    spectrum = np.abs(np.fft.rfft(wave))
    freqs = np.fft.rfftfreq(len(wave), 1 / SAMPLE_RATE_HZ)

    def level(hz: float) -> float:
        return float(np.max(spectrum[np.abs(freqs - hz) < 5]))

    assert level(fundamental) == float(np.max(spectrum))  # the fundamental leads
    # an inharmonic partial rings between the 2nd and 3rd harmonics, where a tone has none
    assert level(2.76 * fundamental) > 20 * level(2.5 * fundamental)


def test_synthesise_finds_tones_and_bells_by_name():
    assert set(SOUND_NAMES) == set(SOUND_DESIGNS) | set(BELL_DESIGNS)
    assert "chime" in SOUND_NAMES
    np.testing.assert_array_equal(synthesise("chime"), bell(*BELL_DESIGNS["chime"]))
    np.testing.assert_array_equal(synthesise("pop"), tone(*SOUND_DESIGNS["pop"]))
    assert len(synthesise("chime", sample_rate=22_050)) == int(BELL_DESIGNS["chime"][1] * 22_050)
    with pytest.raises(KeyError):
        synthesise("gong")


# -- noise_bed --------------------------------------------------------------------------------


def band_db(wave: np.ndarray, low_hz: float, high_hz: float) -> float:
    """Mean power density (dB, arbitrary reference) of `wave` between low_hz and high_hz."""
    power = np.abs(np.fft.rfft(wave.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(wave), 1 / SAMPLE_RATE_HZ)
    return float(10 * np.log10(np.mean(power[(freqs >= low_hz) & (freqs < high_hz)])))


#: Octave bands (Hz) between 125 Hz and 1 kHz, where the bed follows its colour's slope.
OCTAVES = ((125.0, 250.0), (250.0, 500.0), (500.0, 1000.0))
#: Power density slope (dB per octave) of each colour.
SLOPES = {"pink": -10 * math.log10(2), "brown": -20 * math.log10(2)}


@pytest.mark.parametrize("colour", sorted(NOISE_COLOURS))
def test_noise_bed_peaks_like_the_tones_below_minus_6_dbfs(colour):
    wave = noise_bed(colour, 4.0)
    assert wave.dtype == np.float32
    assert wave.ndim == 1
    assert len(wave) == 4 * SAMPLE_RATE_HZ
    assert float(np.max(np.abs(wave))) == pytest.approx(PEAK_AMPLITUDE, rel=1e-5)
    assert peak_dbfs(wave) < MAX_PEAK_DBFS
    assert peak_dbfs(wave * MAX_VOICES) < MAX_PEAK_DBFS  # with every other voice at its peak


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("colour", sorted(NOISE_COLOURS))
def test_noise_bed_falls_3_db_per_octave_pink_and_6_brown(colour, seed):
    wave = noise_bed(colour, 4.0, seed=seed)
    centres = [math.log2(math.sqrt(low * high)) for low, high in OCTAVES]
    slope = np.polyfit(centres, [band_db(wave, *band) for band in OCTAVES], 1)[0]
    assert slope == pytest.approx(SLOPES[colour], abs=0.5)


@pytest.mark.parametrize("colour", sorted(NOISE_COLOURS))
def test_noise_bed_is_soft_above_a_few_khz(colour):
    """No hiss: from the 0.5-1 kHz octave to the 8-16 kHz one (4 octaves up) the bed falls
    at least 15 dB further than its colour's slope alone."""
    wave = noise_bed(colour, 4.0)
    drop = band_db(wave, 8000, 16000) - band_db(wave, 500, 1000)
    assert drop < 4 * SLOPES[colour] - 15


@pytest.mark.parametrize("colour", sorted(NOISE_COLOURS))
def test_noise_bed_loops_without_a_seam(colour):
    """Played on repeat, the last sample runs into the first like any two neighbours do."""
    wave = noise_bed(colour, 4.0).astype(np.float64)
    steps = np.abs(np.diff(wave))
    seam = abs(wave[0] - wave[-1])
    assert seam <= float(np.max(steps))
    assert seam < 4 * float(np.sqrt(np.mean(steps**2)))
    assert abs(float(np.mean(wave))) < 1e-6  # no DC offset: brown does not drift


@pytest.mark.parametrize("colour", sorted(NOISE_COLOURS))
def test_noise_bed_is_the_same_for_a_seed_and_differs_between_seeds(colour):
    np.testing.assert_array_equal(noise_bed(colour, 1.0, seed=3), noise_bed(colour, 1.0, seed=3))
    assert not np.array_equal(noise_bed(colour, 1.0, seed=3), noise_bed(colour, 1.0, seed=4))


def test_noise_bed_follows_the_sample_rate():
    assert len(noise_bed("pink", 0.5, sample_rate=22_050)) == 11_025
    assert len(noise_bed("brown", 0.5, sample_rate=48_000)) == 24_000


def test_noise_bed_refuses_unknown_colours_and_empty_durations():
    with pytest.raises(ValueError, match="white"):
        noise_bed("white", 1.0)
    with pytest.raises(ValueError):
        noise_bed("pink", 0.0)


def test_noise_bed_is_fast():
    """A 4 s block takes a few ms here; a per-sample Python loop would take seconds."""
    for colour in NOISE_COLOURS:
        best = math.inf
        for _ in range(3):
            start = time.perf_counter()
            noise_bed(colour, 4.0)
            best = min(best, time.perf_counter() - start)
        assert best < 0.25, (colour, best)


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
    monkeypatch.setattr(player, "_sound", lambda name, lead_ms=0: fake)
    player.play("pop", loudness=0.5)
    assert list(player.played) == [("pop", pytest.approx(0.5 * 0.5 * 0.6))]
    assert fake.volumes == [pytest.approx(0.15)]
    assert fake.plays == 1
    player.play("tap", loudness=3.0)  # loudness above 1 is capped
    assert player.played[-1] == ("tap", pytest.approx(0.5 * 0.6))


#: Each way the player reaches the mixer: the method that builds its sound, and a use.
MIXER_USES = {
    "a sound": ("_sound", lambda player: player.play("pop")),
    "the bed": ("_bed_sound", lambda player: player.hold_bed("brown", 1.0)),
}


@pytest.mark.parametrize("use", sorted(MIXER_USES))
def test_device_lost_while_playing_turns_sound_off(monkeypatch: pytest.MonkeyPatch, use):
    builder, play = MIXER_USES[use]
    player = SoundPlayer(profile_with_sound(1.0))
    player.available = True

    def lost(name_or_colour, *lead_ms):
        raise pygame.error("device lost")

    monkeypatch.setattr(player, builder, lost)
    play(player)
    assert player.available is False
    assert player.bed_playing is None
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


def test_at_the_highest_settings_every_sound_stays_under_the_cap_even_all_voices_at_once():
    """Sound channel 1, master volume at its hard ceiling, the MAX_VOICES loudest sounds
    (tones, bells and noise beds) playing on top of each other in phase: still below
    -6 dBFS."""
    from sensory_games.domain.intensity import ABSOLUTE_VOLUME_CAP, Intensity

    loudest = SensoryProfile(
        Intensity(visual=1, motion=1, sound=1, complexity=1, feedback=1), master_volume=1.0
    )
    volume = loudest.volume(1.0)
    assert volume == pytest.approx(ABSOLUTE_VOLUME_CAP)
    waves = [synthesise(name) for name in SOUND_NAMES]
    waves += [noise_bed(colour, 1.0) for colour in NOISE_COLOURS]
    peaks = sorted(float(np.max(np.abs(wave))) for wave in waves)
    together = sum(peaks[-MAX_VOICES:]) * volume
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


def test_chime_plays_on_the_dummy_mixer():
    player = SoundPlayer(profile_with_sound(1.0, master=0.8))
    if not player.available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    player.play("chime", 0.5)
    assert list(player.played) == [("chime", pytest.approx(0.4))]
    samples = pygame.sndarray.array(player._sounds["chime"]).astype(np.int32)
    assert 0 < int(np.max(np.abs(samples))) <= round(32767 * PEAK_AMPLITUDE)


# -- SoundPlayer: the noise bed ---------------------------------------------------------------


def wait_until(condition: Callable[[], bool], timeout_s: float = 1.0) -> bool:
    """Poll `condition` (the dummy audio driver mixes in real time) for up to timeout_s."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def real_player(sound: float = 0.5, master: float = 0.6) -> SoundPlayer:
    player = SoundPlayer(profile_with_sound(sound, master))
    if not player.available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    return player


class FakeChannel:
    """The bed's mixer voice, as SDL_mixer behaves: play, fade out, stop."""

    def __init__(self) -> None:
        self.sound: object | None = None
        self.volume = 1.0
        self.calls: list[tuple[object, ...]] = []

    def get_busy(self) -> bool:
        return self.sound is not None

    def get_sound(self) -> object | None:
        return self.sound

    def get_volume(self) -> float:
        return self.volume

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def play(self, sound: object, loops: int = 0, fade_ms: int = 0) -> None:
        self.sound = sound
        self.calls.append(("play", sound, loops, fade_ms))

    def fadeout(self, ms: int) -> None:
        self.calls.append(("fadeout", ms))

    def stop(self) -> None:
        self.sound = None
        self.calls.append(("stop",))


@pytest.fixture
def fake_bed(monkeypatch: pytest.MonkeyPatch) -> tuple[SoundPlayer, FakeChannel]:
    """A player whose bed voice is a FakeChannel and whose bed sounds are FakeSounds."""
    player = SoundPlayer(profile_with_sound(0.5, master=0.6))
    player.available = True
    channel = FakeChannel()

    def only_the_bed_channel(index: int) -> FakeChannel:
        assert index == BED_CHANNEL
        return channel

    sounds: dict[str, FakeSound] = {}
    monkeypatch.setattr(audio.pygame.mixer, "Channel", only_the_bed_channel)
    monkeypatch.setattr(player, "_bed_sound", lambda colour: sounds.setdefault(colour, FakeSound()))
    return player, channel


def test_hold_bed_loops_with_a_fade_in_of_at_least_a_second(fake_bed):
    player, channel = fake_bed
    player.hold_bed("pink", 0.5)
    volume = 0.5 * 0.5 * 0.6
    [(_, sound, loops, fade_ms)] = channel.calls
    assert loops == -1  # forever
    assert fade_ms == round(BED_FADE_IN_S * 1000) >= 1000
    assert sound.volumes == [pytest.approx(volume)]
    assert channel.volume == 1.0  # the level the fade-in rises to
    assert player.bed_playing == "pink"
    assert list(player.played) == [("bed:pink", pytest.approx(volume))]
    for _ in range(3):  # later frames only follow the volume
        player.hold_bed("pink", 0.5)
    assert len(channel.calls) == 1
    assert sound.volumes == [pytest.approx(volume)] * 4
    assert len(player.played) == 1


def test_a_new_colour_fades_the_old_bed_out_before_fading_in(fake_bed):
    player, channel = fake_bed
    player.hold_bed("pink", 0.5)
    pink = channel.sound
    player.hold_bed("brown", 0.5)
    assert channel.calls[-1] == ("fadeout", round(BED_SWITCH_FADE_S * 1000))
    assert player.bed_playing is None
    player.hold_bed("brown", 0.5)  # pink still fading out: brown waits
    assert channel.sound is pink
    assert [call[0] for call in channel.calls] == ["play", "fadeout", "fadeout"]
    channel.sound = None  # the fade-out ended
    player.hold_bed("brown", 0.5)
    assert channel.calls[-1][0] == "play"
    assert channel.calls[-1][2:] == (-1, round(BED_FADE_IN_S * 1000))
    assert channel.sound is not pink
    assert player.bed_playing == "brown"
    assert [name for name, _ in player.played] == ["bed:pink", "bed:brown"]


def test_stop_bed_fades_out_over_fade_s_never_under_20_ms(fake_bed):
    player, channel = fake_bed
    player.hold_bed("brown", 0.5)
    player.stop_bed()
    assert channel.calls[-1] == ("fadeout", 1000)
    assert player.bed_playing is None
    channel.sound = None
    player.hold_bed("brown", 0.5)
    player.stop_bed(0.0)
    assert channel.calls[-1] == ("fadeout", round(MIN_SOUND_RAMP_S * 1000))


def test_stop_bed_just_after_the_start_stops_the_still_silent_fade_in(fake_bed):
    """SDL does not fade out a voice whose fade-in is still at volume 0: it is stopped
    (silently) instead of being left to rise."""
    player, channel = fake_bed
    player.hold_bed("pink", 0.5)
    channel.volume = 0.0
    player.stop_bed()
    assert channel.calls[-1] == ("stop",)
    assert not channel.get_busy()


def test_hold_bed_at_sound_zero_plays_nothing(monkeypatch: pytest.MonkeyPatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the mixer was used at sound 0")

    for sound, master, loudness in ((0.0, 0.8, 1.0), (1.0, 0.0, 1.0), (1.0, 0.8, 0.0)):
        player = SoundPlayer(profile_with_sound(sound, master))
        player.available = True  # as if there were an audio device
        monkeypatch.setattr(player, "_bed_sound", forbidden)
        monkeypatch.setattr(audio.pygame.mixer, "Channel", forbidden)
        monkeypatch.setattr(audio.pygame.sndarray, "make_sound", forbidden)
        for _ in range(3):
            player.hold_bed("pink", loudness)
        assert player.bed_playing is None
        assert list(player.played) == []
        monkeypatch.undo()


def test_hold_bed_refuses_an_unknown_colour_even_when_silent():
    with pytest.raises(ValueError, match="white"):
        SoundPlayer(profile_with_sound(0.0)).hold_bed("white", 0.5)


def test_hold_bed_plays_on_its_own_voice_at_the_profile_volume():
    player = real_player(sound=0.5, master=0.6)
    player.hold_bed("pink", 0.8)
    channel = pygame.mixer.Channel(BED_CHANNEL)
    assert channel.get_busy()
    assert channel.get_sound() is player._bed_sounds["pink"]
    volume = player.sensory.volume(0.8)
    assert channel.get_sound().get_volume() == pytest.approx(volume, abs=1 / 128)
    assert channel.get_volume() < 0.5  # fading in, not at full level at once
    assert player.bed_playing == "pink"
    assert list(player.played) == [("bed:pink", pytest.approx(volume))]
    assert not pygame.mixer.Channel(CUE_CHANNEL).get_busy()  # the cue voice stays free
    samples = pygame.sndarray.array(channel.get_sound()).astype(np.int32)
    assert 0 < int(np.max(np.abs(samples))) <= round(32767 * PEAK_AMPLITUDE)


def test_changing_the_sound_channel_changes_the_bed_volume_on_the_next_frame():
    player = real_player(sound=0.5, master=0.6)
    player.hold_bed("brown", 1.0)
    bed = pygame.mixer.Channel(BED_CHANNEL).get_sound()
    assert bed.get_volume() == pytest.approx(0.3, abs=1 / 128)
    player.sensory.set_intensity(player.sensory.intensity.with_overrides({"sound": 1.0}))
    player.hold_bed("brown", 1.0)
    assert bed.get_volume() == pytest.approx(0.6, abs=1 / 128)
    assert pygame.mixer.Channel(BED_CHANNEL).get_sound() is bed  # same loop, not restarted
    assert len(player.played) == 1


def test_sound_channel_zero_fades_the_bed_out():
    player = real_player(sound=0.5)
    player.hold_bed("pink", 1.0)
    player.sensory.set_intensity(player.sensory.intensity.with_overrides({"sound": 0.0}))
    player.hold_bed("pink", 1.0)
    assert player.bed_playing is None
    assert wait_until(lambda: not pygame.mixer.Channel(BED_CHANNEL).get_busy())
    player.hold_bed("pink", 1.0)  # still at sound 0: it stays off
    assert not pygame.mixer.Channel(BED_CHANNEL).get_busy()
    assert len(player.played) == 1


def test_stop_bed_stops_the_bed():
    player = real_player()
    player.hold_bed("pink", 1.0)
    time.sleep(0.05)  # let the fade-in rise above 0
    player.stop_bed(fade_s=0.0)
    assert player.bed_playing is None
    assert wait_until(lambda: not pygame.mixer.Channel(BED_CHANNEL).get_busy())
    player.stop_bed()  # again, with nothing playing: fine
    player.hold_bed("pink", 1.0)  # and it can start again
    assert player.bed_playing == "pink"
    assert pygame.mixer.Channel(BED_CHANNEL).get_busy()


def test_stop_bed_with_nothing_playing_or_no_mixer_is_harmless():
    player = real_player()
    player.stop_bed()
    assert player.bed_playing is None
    pygame.mixer.quit()  # the device goes away behind the player's back
    player.stop_bed()
    player.hold_bed("brown", 1.0)
    assert player.bed_playing is None
    assert player.available is False


@pytest.mark.parametrize("use", sorted(MIXER_USES))
def test_no_audio_device_means_silence(monkeypatch: pytest.MonkeyPatch, use):
    builder, play = MIXER_USES[use]

    def no_device(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(audio.pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(audio.pygame.mixer, "init", no_device)
    player = SoundPlayer(profile_with_sound(1.0))
    assert player.available is False
    monkeypatch.setattr(audio.pygame.mixer, "Channel", no_device)
    monkeypatch.setattr(player, builder, lambda name_or_colour: pytest.fail("mixer used"))
    play(player)
    player.stop_bed()
    player.stop_bed(0.0)
    assert player.bed_playing is None
    assert list(player.played) == []


def test_cues_and_other_sounds_never_take_the_bed_voice():
    player = real_player(sound=1.0, master=0.8)
    for name in SOUND_NAMES:  # no bed yet: its voice stays free all the same
        player.play(name, 1.0)
    player.play("beat", 0.7, cue=True)
    assert not pygame.mixer.Channel(BED_CHANNEL).get_busy()
    player.hold_bed("pink", 0.5)
    bed = pygame.mixer.Channel(BED_CHANNEL).get_sound()
    for _ in range(3):
        for name in SOUND_NAMES:
            player.play(name, 1.0)
        player.play("beat", 0.7, cue=True)
    assert pygame.mixer.Channel(BED_CHANNEL).get_sound() is bed
    assert pygame.mixer.Channel(CUE_CHANNEL).get_sound() is player._sounds["beat"]
    shared = pygame.mixer.Channel(MAX_VOICES - 1).get_sound()
    assert shared is not None and shared is not bed
    player.hold_bed("pink", 0.5)
    assert player.bed_playing == "pink"
    assert [name for name, _ in player.played].count("bed:pink") == 1


def test_a_lead_puts_that_many_ms_of_silence_before_the_first_sample():
    from sensory_games.ui.audio import MAX_LEAD_MS, lead_bucket_ms, synthesise, with_lead

    click = synthesise("beat", 44_100)
    led = with_lead(click, 12, 44_100)
    assert len(led) == len(click) + 529  # 12 ms at 44.1 kHz = 529.2 samples
    assert not led[:529].any() and np.array_equal(led[529:], click)
    assert with_lead(click, 0, 44_100) is click
    assert [lead_bucket_ms(s) for s in (0.0, 0.0124, 0.0126, -0.003, 0.2)] == [
        0,
        12,
        13,
        0,
        MAX_LEAD_MS,  # never more than the Sounds kept per name (50 ms)
    ]
    assert MAX_LEAD_MS == 50


def test_a_click_with_a_lead_is_its_own_sound_built_once():
    player = SoundPlayer(profile_with_sound(1.0, master=0.8))
    if not player.available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    plain = player._sound("beat")
    led = player._sound("beat", 20)
    assert led is player._sound("beat", 20) and led is not plain
    assert led.get_length() == pytest.approx(plain.get_length() + 0.020, abs=0.0005)
    player.play("beat", 0.7, cue=True, lead_s=0.0196)  # (rounded to 20 ms: the same Sound)
    assert len(player._sounds) == 2


def test_the_mixer_keeps_each_sample_once_mono_16_bit():
    """Every sound is the same on both speakers: kept once (half a stereo copy's memory)."""
    probe = (
        "import pygame\n"
        "from sensory_games.ui.audio import mixer_sound, start_mixer, synthesise\n"
        "assert start_mixer()\n"
        "sound = mixer_sound(lambda rate: synthesise('tap', rate))\n"
        "print(pygame.mixer.get_init()[2], sound.get_raw().__len__(), sound.get_length())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    if done.returncode != 0 and "assert start_mixer()" in done.stderr:
        pytest.skip("no SDL audio driver, not even the dummy one")
    channels, size, seconds = done.stdout.split()
    assert channels == "1"
    assert int(size) == round(float(seconds) * SAMPLE_RATE_HZ) * 2  # (16-bit, one channel)


def test_the_sounds_are_built_one_at_a_time_ahead_of_their_first_play(monkeypatch):
    """The spare time between frames builds each named sound once (engine/app.py), so a
    sound's first play in a frame synthesises nothing."""
    import sensory_games.ui.audio as audio

    player = SoundPlayer(profile_with_sound(1.0, master=0.8))
    if not player.available:
        pytest.skip("no SDL audio driver, not even the dummy one")
    names = [*audio.SOUND_DESIGNS, *audio.BELL_DESIGNS]
    built = 0
    while player.prepare_one():
        built += 1
    assert built == len(names) and sorted(player._sounds) == sorted(names)

    def no_synthesis(name, rate):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{name} synthesised in a frame")

    monkeypatch.setattr(audio, "synthesise", no_synthesis)
    player.play("reward")
    assert [name for name, _ in player.played] == ["reward"]
    assert not player.prepare_one()
