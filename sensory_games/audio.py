"""Soft synthesised sounds (no asset files), always under the sensory caps.

Every sound is built with numpy: sine partials with attack and release ramps of at
least :data:`~sensory_games.intensity.MIN_SOUND_RAMP_S` (no clicks) and a peak below
:data:`~sensory_games.intensity.MAX_PEAK_DBFS`. Loudness comes from
:meth:`SensoryProfile.volume`; at sound 0 nothing reaches the mixer, and without an
audio device the app runs silently.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pygame

from sensory_games.intensity import MAX_PEAK_DBFS, MIN_SOUND_RAMP_S, SensoryProfile

SAMPLE_RATE_HZ = 44_100
#: At most this many sounds play at once (the mixer adds them up).
MAX_VOICES = 2
#: The first voice is kept for timing cues (a beat click must never be dropped because
#: a reward sound is still ringing); everything else shares the other.
CUE_CHANNEL = 0
#: Peak amplitude used for synthesis: low enough that MAX_VOICES sounds together still peak
#: 0.5 dB under the cap (each about -12.5 dBFS).
PEAK_AMPLITUDE = 10 ** ((MAX_PEAK_DBFS - 0.5) / 20) / MAX_VOICES


def tone(
    notes_hz: tuple[float, ...],
    duration_s: float,
    sample_rate: int = SAMPLE_RATE_HZ,
    attack_s: float = 0.03,
    release_s: float = 0.12,
) -> np.ndarray:
    """A mono float32 tone: the notes one after another, each a soft sine with one overtone.

    Ramps are never shorter than MIN_SOUND_RAMP_S; the peak is PEAK_AMPLITUDE.
    """
    attack_s, release_s = max(attack_s, MIN_SOUND_RAMP_S), max(release_s, MIN_SOUND_RAMP_S)
    note_len = max(int(duration_s * sample_rate / len(notes_hz)), 1)
    # A short note is lengthened to fit both minimum ramps, and the ramps share it, so a
    # note is never cut off with a click.
    note_len = max(note_len, int(2 * MIN_SOUND_RAMP_S * sample_rate))
    t = np.arange(note_len) / sample_rate
    envelope = np.ones(note_len)
    attack = min(int(attack_s * sample_rate), note_len // 2)
    release = min(int(release_s * sample_rate), note_len - attack)
    envelope[:attack] = np.linspace(0.0, 1.0, attack, endpoint=False)
    tail = slice(note_len - release, note_len)
    envelope[tail] = np.minimum(envelope[tail], np.linspace(1.0, 0.0, release))
    parts = [
        (np.sin(2 * np.pi * f * t) + 0.25 * np.sin(4 * np.pi * f * t)) * envelope for f in notes_hz
    ]
    wave = np.concatenate(parts)
    wave *= PEAK_AMPLITUDE / max(float(np.max(np.abs(wave))), 1e-9)
    return wave.astype(np.float32)


def peak_dbfs(samples: np.ndarray) -> float:
    """Peak level of float samples (full scale 1.0) in dBFS."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return -np.inf if peak == 0 else 20 * np.log10(peak)


#: The app's sounds: name -> (notes in Hz, duration in s).
SOUND_DESIGNS: dict[str, tuple[tuple[float, ...], float]] = {
    "beat": ((784.0,), 0.07),
    "breath_in": ((392.0, 523.25), 0.9),
    "breath_out": ((523.25, 392.0), 0.9),
    "pop": ((660.0,), 0.18),
    "reward": ((523.25, 659.25, 783.99), 0.9),
    "tap": ((440.0,), 0.12),
}


class SoundPlayer:
    """Plays the named sounds through pygame's mixer when there is one and sound is on."""

    def __init__(self, sensory: SensoryProfile) -> None:
        self.sensory = sensory
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self.available = self._start_mixer()
        self.played: deque[tuple[str, float]] = deque(maxlen=100)  # (name, volume), recent

    @staticmethod
    def _start_mixer() -> bool:
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=SAMPLE_RATE_HZ, size=-16, channels=2)
            pygame.mixer.set_num_channels(MAX_VOICES)
            pygame.mixer.set_reserved(1)  # CUE_CHANNEL: only cues play there
            return True
        except pygame.error:
            return False

    def _sound(self, name: str) -> pygame.mixer.Sound:
        if name not in self._sounds:
            frequency, _size, channels = pygame.mixer.get_init()
            notes, duration = SOUND_DESIGNS[name]
            mono = (tone(notes, duration, frequency) * 32767).astype(np.int16)
            samples = np.repeat(mono[:, None], channels, axis=1) if channels > 1 else mono
            self._sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(samples))
        return self._sounds[name]

    def play(self, name: str, loudness: float = 1.0, cue: bool = False) -> None:
        """Play `name` at `loudness` (0..1) scaled by the sound channel and master cap.
        A `cue` (a beat click) has its own voice and is never skipped; other sounds are
        skipped when their voice is busy rather than pile up."""
        volume = self.sensory.volume(loudness)
        if volume <= 0 or not self.available:
            return
        try:
            sound = self._sound(name)
            sound.set_volume(volume)
            if cue:
                pygame.mixer.Channel(CUE_CHANNEL).play(sound)
            elif sound.play() is None:
                return
            self.played.append((name, volume))
        except pygame.error:
            self.available = False  # device went away: carry on silently
