"""Soft synthesised sounds (no asset files), always under the sensory caps.

Every sound is built with numpy: sine partials with attack and release ramps of at
least :data:`~sensory_games.domain.intensity.MIN_SOUND_RAMP_S` (no clicks) and a peak below
:data:`~sensory_games.domain.intensity.MAX_PEAK_DBFS`. Loudness comes from
:meth:`SensoryProfile.volume`; at sound 0 nothing reaches the mixer, and without an
audio device the app runs silently.

Calming scenes can also hold a *noise bed*: soft pink or brown noise looping seamlessly on
a voice of its own, faded in when it starts and out when it stops (its only ramps).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pygame

from sensory_games.domain.beat_timing import MAX_CLICK_LEAD_S
from sensory_games.domain.intensity import MAX_PEAK_DBFS, MIN_SOUND_RAMP_S, SensoryProfile

SAMPLE_RATE_HZ = 44_100
#: At most this many sounds play at once (the mixer adds them up).
MAX_VOICES = 4
#: The first voice is kept for timing cues (a beat click must never be dropped because
#: a reward sound is still ringing).
CUE_CHANNEL = 0
#: The second voice is kept for the noise bed of calming scenes.
BED_CHANNEL = 1
#: The third is kept for spoken prompts (ui/voice.py): one at a time, never over another;
#: everything else shares the remaining one.
VOICE_CHANNEL = 2
#: Voices only played on purpose (cue, bed, prompt); pygame never hands them to `Sound.play`.
RESERVED_VOICES = 3
#: Peak amplitude used for synthesis: low enough that MAX_VOICES sounds together still peak
#: 0.5 dB under the cap (each about -16 dBFS).
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


#: Partials of the soft bell: (frequency ratio to the fundamental, relative amplitude,
#: decay time as a fraction of `decay_s`). Slightly inharmonic ratios make it ring like a
#: small bell; the higher partials fade sooner, so it mellows as it dies away.
BELL_PARTIALS: tuple[tuple[float, float, float], ...] = (
    (1.0, 1.0, 1.0),
    (2.01, 0.35, 0.6),
    (2.76, 0.2, 0.4),
    (5.40, 0.06, 0.25),
)


def bell(
    fundamental_hz: float,
    duration_s: float,
    sample_rate: int = SAMPLE_RATE_HZ,
    attack_s: float = 0.03,
    release_s: float = 0.08,
    decay_s: float = 0.35,
) -> np.ndarray:
    """A mono float32 bell: BELL_PARTIALS over `fundamental_hz`, each decaying exponentially
    (time constant `decay_s` scaled per partial, s).

    Attack and the final release ramp (which ends exactly at 0) are never shorter than
    MIN_SOUND_RAMP_S; the peak is PEAK_AMPLITUDE.
    """
    attack_s, release_s = max(attack_s, MIN_SOUND_RAMP_S), max(release_s, MIN_SOUND_RAMP_S)
    length = max(int(duration_s * sample_rate), int(2 * MIN_SOUND_RAMP_S * sample_rate))
    t = np.arange(length) / sample_rate
    wave = np.zeros(length)
    for ratio, amplitude, decay in BELL_PARTIALS:
        envelope = amplitude * np.exp(-t / (decay_s * decay))
        wave += envelope * np.sin(2 * np.pi * ratio * fundamental_hz * t)
    attack = min(int(attack_s * sample_rate), length // 2)
    release = min(int(release_s * sample_rate), length - attack)
    wave[:attack] *= np.linspace(0.0, 1.0, attack, endpoint=False)
    wave[length - release :] *= np.linspace(1.0, 0.0, release)
    wave *= PEAK_AMPLITUDE / max(float(np.max(np.abs(wave))), 1e-9)
    return wave.astype(np.float32)


#: Noise colours of the bed: colour -> spectral exponent (power density ~ 1 / f**exponent,
#: so pink falls 3 dB per octave and brown 6 dB).
NOISE_COLOURS: dict[str, float] = {"pink": 1.0, "brown": 2.0}
#: The bed is band-limited by gentle 12 dB/octave slopes: below BED_LOW_CUT_HZ (no drift,
#: no inaudible rumble eating the headroom) and above BED_HIGH_CUT_HZ (soft, no hiss).
BED_LOW_CUT_HZ = 40.0
BED_HIGH_CUT_HZ = 3_000.0


def _check_colour(colour: str) -> None:
    if colour not in NOISE_COLOURS:
        raise ValueError(
            f"unknown noise colour {colour!r}: expected one of {sorted(NOISE_COLOURS)}"
        )


def noise_bed(
    colour: str, duration_s: float, sample_rate: int = SAMPLE_RATE_HZ, seed: int = 0
) -> np.ndarray:
    """A mono float32 block of soft `colour` noise ("pink" or "brown") that loops seamlessly.

    White noise is shaped in the frequency domain (1/f**exponent power, band-limited to
    BED_LOW_CUT_HZ..BED_HIGH_CUT_HZ); the inverse FFT of a spectrum is periodic, so the
    last sample runs on into the first like any two neighbours. The peak is PEAK_AMPLITUDE
    and the same `seed` always gives the same block. The block has no ramps: the player
    fades it in and out.
    """
    _check_colour(colour)
    length = round(duration_s * sample_rate)
    if length < 2:
        raise ValueError(f"a noise bed needs a positive duration, got {duration_s} s")
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(length))
    f = np.fft.rfftfreq(length, d=1.0 / sample_rate)
    f[0] = 1.0  # no division by zero; the DC bin is zeroed below
    low = (f / BED_LOW_CUT_HZ) ** 2
    gain = f ** (-NOISE_COLOURS[colour] / 2)  # amplitude, so power ~ 1/f**exponent
    gain *= low / np.sqrt(1.0 + low**2)  # 2nd-order high-pass
    gain /= np.sqrt(1.0 + (f / BED_HIGH_CUT_HZ) ** 4)  # 2nd-order low-pass
    gain[0] = 0.0
    wave = np.fft.irfft(spectrum * gain, length)
    wave *= PEAK_AMPLITUDE / max(float(np.max(np.abs(wave))), 1e-9)
    return wave.astype(np.float32)


def peak_dbfs(samples: np.ndarray) -> float:
    """Peak level of float samples (full scale 1.0) in dBFS."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return -np.inf if peak == 0 else 20 * np.log10(peak)


#: The app's tones: name -> (notes in Hz, duration in s).
SOUND_DESIGNS: dict[str, tuple[tuple[float, ...], float]] = {
    "beat": ((784.0,), 0.07),
    "breath_in": ((392.0, 523.25), 0.9),
    "breath_out": ((523.25, 392.0), 0.9),
    "pop": ((660.0,), 0.18),
    "reward": ((523.25, 659.25, 783.99), 0.9),
    "tap": ((440.0,), 0.12),
}
#: The app's bells: name -> (fundamental in Hz, duration in s).
BELL_DESIGNS: dict[str, tuple[float, float]] = {
    "chime": (1046.5, 1.2),  # a bubble popping gently (C6, above the tones' C major)
}
#: Every name :meth:`SoundPlayer.play` knows.
SOUND_NAMES: tuple[str, ...] = tuple(sorted({*SOUND_DESIGNS, *BELL_DESIGNS}))


@lru_cache(maxsize=32)
def synthesise(name: str, sample_rate: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """The mono float32 samples of the named sound (a tone or a bell); KeyError if unknown.

    Built once per process and read only: every SoundPlayer (a new one per child, and
    after each recovered error) used to synthesise the same samples again (2-10 ms each).
    """
    if name in BELL_DESIGNS:
        samples = bell(*BELL_DESIGNS[name], sample_rate=sample_rate)
    else:
        notes, duration = SOUND_DESIGNS[name]
        samples = tone(notes, duration, sample_rate)
    samples.setflags(write=False)  # (shared: nobody may change another's sound)
    return samples


#: Length of the looped noise block (s): long enough that its repetition is not heard.
BED_LOOP_S = 8.0
#: The bed fades in over this long when it starts (s): far gentler than a tone's attack.
BED_FADE_IN_S = 2.0
#: When the colour changes, the old bed fades out over this long (s) before the new fades in.
BED_SWITCH_FADE_S = 0.5
#: When the sound channel (or loudness) drops to 0, the bed fades out over this long (s).
BED_MUTE_FADE_S = 0.1


@lru_cache(maxsize=8)
def _bed_loop(colour: str, sample_rate: int) -> np.ndarray:
    """The looped bed's samples, built once per process (every session's player and
    every calming attempt reuse them)."""
    return noise_bed(colour, BED_LOOP_S, sample_rate)


def start_mixer() -> bool:
    """Open the mixer (once; MAX_VOICES voices, the RESERVED_VOICES kept); False when there
    is no audio device (the app then runs silently). Mono: every sound is the same on
    both speakers, so a stereo mixer kept each sample twice (4 MB more after warm-up);
    SDL plays mono on both speakers of a stereo device, at the same level."""
    try:
        if not pygame.mixer.get_init():
            pygame.mixer.init(frequency=SAMPLE_RATE_HZ, size=-16, channels=1)
        pygame.mixer.set_num_channels(MAX_VOICES)
        pygame.mixer.set_reserved(RESERVED_VOICES)  # CUE_CHANNEL, BED_CHANNEL, VOICE_CHANNEL
        return True
    except pygame.error:
        return False


def mixer_sound(synth: Callable[[int], np.ndarray]) -> pygame.mixer.Sound:
    """A mixer Sound of the mono samples `synth(sample rate in Hz)`, on every channel."""
    init = pygame.mixer.get_init()
    if not init:
        raise pygame.error("mixer not initialised")
    frequency, _size, channels = init
    mono = (synth(frequency) * 32767).astype(np.int16)
    samples = np.repeat(mono[:, None], channels, axis=1) if channels > 1 else mono
    return pygame.sndarray.make_sound(np.ascontiguousarray(samples))


#: The longest leading silence (ms) a sound is started with (domain.beat_timing's
#: MAX_CLICK_LEAD_S): this bounds how many Sounds a name can have.
MAX_LEAD_MS = round(MAX_CLICK_LEAD_S * 1000)


def lead_bucket_ms(lead_s: float) -> int:
    """`lead_s` (s) as the whole ms of leading silence used, 0..MAX_LEAD_MS (within 0.5 ms
    of what was asked inside that range)."""
    return max(0, min(MAX_LEAD_MS, round(lead_s * 1000.0)))


def with_lead(samples: np.ndarray, lead_ms: int, sample_rate: int) -> np.ndarray:
    """`samples` after `lead_ms` ms of silence (the first audible sample lands that late)."""
    if lead_ms <= 0:
        return samples
    silence = np.zeros(round(lead_ms * sample_rate / 1000), dtype=samples.dtype)
    return np.concatenate([silence, samples])


class SoundPlayer:
    """Plays the named sounds through pygame's mixer when there is one and sound is on."""

    def __init__(self, sensory: SensoryProfile) -> None:
        self.sensory = sensory
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        #: The named sounds prepare_one has not come to yet, in order (each tried once:
        #: one that fails is not tried again there; _sounds is never emptied)
        self._unprepared = iter((*SOUND_DESIGNS, *BELL_DESIGNS))
        self._bed_sounds: dict[str, pygame.mixer.Sound] = {}  # colour -> looped noise
        self._bed: str | None = None  # colour this player started and has not stopped
        self.available = start_mixer()
        self.played: deque[tuple[str, float]] = deque(maxlen=100)  # (name, volume), recent

    def _sound(self, name: str, lead_ms: int = 0) -> pygame.mixer.Sound:
        """The named sound, after `lead_ms` (whole ms, 0..MAX_LEAD_MS) of silence: built
        once per name and lead, so a beat's click costs no synthesis (at most 51 leads of
        a 70 ms click: under 2 MB)."""
        key = name if lead_ms == 0 else f"{name}@{lead_ms}"
        if key not in self._sounds:
            self._sounds[key] = mixer_sound(
                lambda rate: with_lead(synthesise(name, rate), lead_ms, rate)
            )
        return self._sounds[key]

    def prepare_one(self) -> bool:
        """Build the next named sound not built yet (3-5 ms of synthesis each here), so
        its first play in a frame costs none: asked in the spare time between frames
        (engine/app.py). False when all are built, or without a mixer."""
        if not self.available:
            return False
        name = next((name for name in self._unprepared if name not in self._sounds), None)
        if name is None:
            return False
        try:
            self._sound(name)
        except pygame.error:
            self.available = False
        return True

    def _bed_sound(self, colour: str) -> pygame.mixer.Sound:
        if colour not in self._bed_sounds:
            self._bed_sounds[colour] = mixer_sound(lambda rate: _bed_loop(colour, rate))
        return self._bed_sounds[colour]

    def prepare_bed(self, colour: str) -> None:
        """Build the `colour` bed now (tens of ms for an 8 s loop), so a scene that will
        hold it does so from its first frame without a stall. Silent no-op without a
        mixer."""
        _check_colour(colour)
        if not self.available:
            return
        try:
            self._bed_sound(colour)
        except pygame.error:
            self.available = False

    def play(
        self, name: str, loudness: float = 1.0, cue: bool = False, lead_s: float = 0.0
    ) -> None:
        """Play `name` at `loudness` (0..1) scaled by the sound channel and master cap.
        A `cue` (a beat click) has its own voice and is never skipped; other sounds are
        skipped when their voice is busy rather than pile up. `lead_s` (s, rounded to the
        ms, at most MAX_LEAD_MS): silence before the sound's first sample, so a click
        started now is heard exactly on a beat that falls before the next frame."""
        volume = self.sensory.volume(loudness)
        if volume <= 0 or not self.available:
            return
        try:
            sound = self._sound(name, lead_bucket_ms(lead_s))
            sound.set_volume(volume)
            if cue:
                pygame.mixer.Channel(CUE_CHANNEL).play(sound)
            elif sound.play() is None:
                return
            self.played.append((name, volume))
        except pygame.error:
            self.available = False  # device went away: carry on silently

    # -- the noise bed of calming scenes ---------------------------------------------------

    @property
    def bed_playing(self) -> str | None:
        """Colour of the bed this player started and has not stopped (None while there is
        none, while it fades out, or while a colour change waits for the old one to end)."""
        return self._bed

    def hold_bed(self, colour: str, loudness: float) -> None:
        """Keep a `colour` noise bed ("pink" or "brown") looping at `loudness` (0..1); call
        every frame of a calming scene.

        Starts the bed with a BED_FADE_IN_S fade-in when none plays; a new colour first
        fades the old bed out (BED_SWITCH_FADE_S), then fades in. The volume follows
        :meth:`SensoryProfile.volume` on every call, so a live change of the sound channel
        is heard at once; at volume 0 the bed fades out (BED_MUTE_FADE_S) and never starts.
        """
        _check_colour(colour)
        volume = self.sensory.volume(loudness)
        if volume <= 0 or not self.available:
            if self._bed is not None:
                self.stop_bed(BED_MUTE_FADE_S)
            return
        try:
            channel = pygame.mixer.Channel(BED_CHANNEL)
            sound = self._bed_sound(colour)
            if channel.get_busy() and self._bed == colour and channel.get_sound() is sound:
                sound.set_volume(volume)  # already looping: only follow the sound channel
                return
            if channel.get_busy():
                # Another bed (the previous colour, or one fading out) is on the voice: let
                # it fade out first; a later call starts this one.
                self._bed = None
                self._fade_out_bed_channel(channel, BED_SWITCH_FADE_S)
                return
            sound.set_volume(volume)
            channel.set_volume(1.0)  # the level the fade-in rises to
            channel.play(sound, loops=-1, fade_ms=round(BED_FADE_IN_S * 1000))
            self._bed = colour
            self.played.append((f"bed:{colour}", volume))
        except pygame.error:
            self._bed = None
            self.available = False  # device went away: carry on silently

    def stop_bed(self, fade_s: float = 1.0) -> None:
        """Fade the bed out over `fade_s` (s, never shorter than MIN_SOUND_RAMP_S).
        Safe when nothing plays and without a mixer."""
        self._bed = None
        if not self.available:
            return
        try:
            self._fade_out_bed_channel(pygame.mixer.Channel(BED_CHANNEL), fade_s)
        except pygame.error:
            self.available = False

    @staticmethod
    def _fade_out_bed_channel(channel: pygame.mixer.Channel, fade_s: float) -> None:
        if not channel.get_busy():
            return
        # A fade already under way goes on as it was (SDL ignores a second fade-out).
        channel.fadeout(round(max(fade_s, MIN_SOUND_RAMP_S) * 1000))
        if channel.get_volume() == 0.0:
            # A fade-in that has not risen yet: SDL does not fade a voice at volume 0,
            # and stopping it is silent.
            channel.stop()
