"""A voice clip made fit for a child's ears: trimmed, capped, ramped, and its WAV bytes.

Every spoken prompt, whether made by ``make voices`` or recorded by the clinic, goes
through :func:`finished_clip` before it is kept: silence trimmed from both ends, the peak
brought to :data:`CLIP_PEAK_DBFS` (never above the sensory cap
:data:`~sensory_games.domain.intensity.MAX_PEAK_DBFS`), a :data:`RAMP_S` fade in and out
so it starts and ends at silence (no click), one channel, 16-bit. The same samples always
give the same bytes (no time stamp in a WAV file), so `make voices` is reproducible.

Samples are float (full scale 1.0) unless named otherwise; rates in Hz; times in s.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sensory_games.domain.intensity import MAX_PEAK_DBFS, MIN_SOUND_RAMP_S
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

#: The clinic's own recordings: this folder of the data folder, then <language>/<id>.wav.
RECORDINGS_FOLDER = "voice"
#: Sample rate of every clip (Hz): enough for speech (up to 11 kHz), half the size of 44.1.
CLIP_RATE_HZ = 22_050
#: Peak of a finished clip (dBFS): the sensory cap itself (the player then gives the clip
#: its share of the mix, see ui/voice.py).
CLIP_PEAK_DBFS = MAX_PEAK_DBFS
#: Fade in and out of every clip (s): the app's minimum sound ramp.
RAMP_S = MIN_SOUND_RAMP_S
#: Below this (dBFS, relative to the clip's own peak) a sample counts as silence when
#: trimming the ends: breath noise and a microphone's hiss are left out.
SILENCE_BELOW_DB = -40.0
#: Kept before the first and after the last sound (s), so a soft consonant is not cut.
TRIM_MARGIN_S = 0.03
#: A clip shorter than this (s) is broken (a file cut short), not a sentence: never said.
MIN_CLIP_S = 0.2
#: The longest clip kept (s): a prompt is one short sentence; a recording left running
#: is cut here.
MAX_CLIP_S = 12.0


class ClipError(ValueError):
    """A clip that cannot be used (unreadable, empty, silent), with what is wrong: raised
    with a Sentence, so the adult reads it in the clinic's language (sentence.render)."""


def peak_dbfs(samples: np.ndarray) -> float:
    """Peak level of float samples (full scale 1.0) in dBFS (-inf for silence)."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return -np.inf if peak == 0 else float(20 * np.log10(peak))


def cap_amplitude(dbfs: float = CLIP_PEAK_DBFS) -> float:
    """The amplitude (full scale 1.0) of a peak at `dbfs`."""
    return float(10 ** (dbfs / 20))


def mono(samples: np.ndarray) -> np.ndarray:
    """One channel: the mean of the columns of a (frames, channels) array, as float64."""
    data = np.asarray(samples, dtype=np.float64)
    return data.mean(axis=1) if data.ndim == 2 else data


def resampled(samples: np.ndarray, rate: int, target: int = CLIP_RATE_HZ) -> np.ndarray:
    """`samples` at `rate` (Hz) brought to `target` (Hz) by linear interpolation (speech
    only: a microphone's 44.1 or 48 kHz down to the clips' rate)."""
    if rate == target or samples.size == 0:
        return samples
    length = max(round(samples.size * target / rate), 1)
    positions = np.arange(length) * (rate / target)
    out: np.ndarray = np.interp(positions, np.arange(samples.size), samples)
    return out


def ramped(samples: np.ndarray, rate: int, ramp_s: float = RAMP_S) -> np.ndarray:
    """A copy of `samples` with a linear fade in from 0 and out to 0 over `ramp_s`."""
    out = np.array(samples, dtype=np.float64)
    n = min(max(round(ramp_s * rate), 1), out.size // 2)
    if n:
        out[:n] *= np.linspace(0.0, 1.0, n, endpoint=False)
        out[-n:] *= np.linspace(1.0, 0.0, n + 1)[1:]
    return out


def trimmed(samples: np.ndarray, rate: int) -> np.ndarray:
    """`samples` without the silence before the first and after the last sound (below
    SILENCE_BELOW_DB of the peak), TRIM_MARGIN_S kept each side; ClipError if silent."""
    level = np.abs(samples)
    peak = float(level.max()) if level.size else 0.0
    if peak <= 1e-6:
        raise ClipError(Sentence(N_("the clip is silent: nothing was heard")))
    loud = np.flatnonzero(level >= peak * 10 ** (SILENCE_BELOW_DB / 20))
    margin = round(TRIM_MARGIN_S * rate)
    return samples[max(loud[0] - margin, 0) : min(loud[-1] + margin + 1, samples.size)]


def finished_clip(samples: np.ndarray, rate: int) -> np.ndarray:
    """A clip ready to keep from any mono or multi-channel float `samples` at `rate`:
    one channel at CLIP_RATE_HZ, ends trimmed, at most MAX_CLIP_S long, peak exactly
    CLIP_PEAK_DBFS, RAMP_S fades; as int16. ClipError if there is nothing to hear."""
    speech = trimmed(resampled(mono(samples), rate), CLIP_RATE_HZ)
    speech = speech[: round(MAX_CLIP_S * CLIP_RATE_HZ)]
    speech = speech * (cap_amplitude() / float(np.max(np.abs(speech))))
    speech = ramped(speech, CLIP_RATE_HZ)
    # Rounded down in magnitude so the stored peak never passes the cap.
    clip: np.ndarray = np.trunc(speech * 32767).astype(np.int16)
    return clip


def wav_bytes(samples: np.ndarray, rate: int = CLIP_RATE_HZ) -> bytes:
    """A mono 16-bit WAV file of int16 `samples` (the same samples, the same bytes)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return buffer.getvalue()


@dataclass(frozen=True)
class Clip:
    """A clip read from a WAV file: mono float samples (full scale 1.0) and their rate."""

    samples: np.ndarray
    rate: int

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.rate


def read_wav(content: bytes, name: str = "clip") -> Clip:
    """The samples of a 16-bit PCM WAV file's bytes (channels averaged); ClipError naming
    `name` and what is wrong when it is not one."""
    try:
        with wave.open(io.BytesIO(content), "rb") as source:
            width, channels = source.getsampwidth(), source.getnchannels()
            rate, frames = source.getframerate(), source.readframes(source.getnframes())
    except (wave.Error, EOFError) as error:
        said = Sentence(N_("{file}: not a WAV file ({error})"), file=name, error=str(error))
        raise ClipError(said) from None
    if width != 2:
        said = Sentence(
            N_("{file}: {bits}-bit samples; a clip must be 16-bit PCM"), file=name, bits=8 * width
        )
        raise ClipError(said)
    data = np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32768.0
    return Clip(mono(data.reshape(-1, channels)), rate)


def sayable_clip(path: Path) -> Clip:
    """The clip a prompt is said from, read from `path`; ClipError saying what is wrong
    when it cannot be said (unreadable, not 16-bit PCM WAV, shorter than MIN_CLIP_S: a
    file cut short). The player and `sensory-games doctor` judge a clip by this one rule."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ClipError(Sentence(N_("{file}: {error}"), file=str(path), error=str(error))) from None
    clip = read_wav(content, str(path))
    if clip.duration_s < MIN_CLIP_S:
        raise ClipError(
            Sentence(
                N_("{file} lasts {ms} ms, under {least} s (cut short?)"),
                file=str(path),
                ms=round(clip.duration_s * 1000),
                least=MIN_CLIP_S,
            )
        )
    return clip
