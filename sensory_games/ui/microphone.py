"""The microphone, for the clinic's own recordings of the spoken prompts.

SDL's capture device (pygame-ce's ``pygame._sdl2.audio.AudioDevice`` with
``iscapture=True``) records mono float samples into memory from :meth:`Microphone.start`
to :meth:`Microphone.stop`; nothing is written anywhere until the adult keeps the take
(engine/console/voice.py). A take is at most :data:`MAX_TAKE_S` long: when it reaches
that, the microphone keeps nothing more and posts one :data:`TAKE_FULL` event, and the
console stops the take and says why. A device without a microphone has none (:func:`find_microphone`
says so with None), and the console says that instead of recording.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Protocol

import numpy as np
import pygame

from sensory_games.ui.audio import start_mixer

#: Capture rate asked for (Hz); SDL may give another, which the take then carries.
CAPTURE_RATE_HZ = 44_100
#: Samples handed over per callback (a power of two; about 23 ms at 44.1 kHz).
CHUNK_SAMPLES = 1024
#: The longest take kept (s): a recording left running stops filling memory here.
MAX_TAKE_S = 30.0
#: The pygame event a recorder posts (once per take) when its take reaches MAX_TAKE_S.
TAKE_FULL = pygame.event.custom_type()


class Recorder(Protocol):
    """What the console records with: a microphone (or, in tests, a fake one). It posts a
    TAKE_FULL event when its take reaches MAX_TAKE_S and keeps no more after it."""

    name: str

    def start(self) -> None: ...

    def stop(self) -> tuple[np.ndarray, int]:
        """The take since start: mono float samples (full scale 1.0) and their rate (Hz)."""
        ...


class Microphone:
    """One SDL capture device, by its name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._chunks: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._device: object | None = None
        self._rate = CAPTURE_RATE_HZ
        self._held = 0  # samples of the take so far
        self._full = False  # the take reached MAX_TAKE_S (TAKE_FULL posted)

    def _heard(self, _device: object, memory: memoryview) -> None:
        """SDL's audio thread hands each chunk here: kept up to MAX_TAKE_S, the rest of the
        chunk that reaches it dropped and TAKE_FULL posted once (SDL's event queue takes
        events from any thread)."""
        chunk = np.frombuffer(bytes(memory), dtype=np.float32)
        limit = round(MAX_TAKE_S * self._rate)
        with self._lock:
            if self._full:
                return
            kept = chunk[: limit - self._held]
            self._chunks.append(kept)
            self._held += kept.size
            if self._held < limit:
                return
            self._full = True
        with contextlib.suppress(pygame.error):  # (no event queue: no window to tell)
            pygame.event.post(pygame.event.Event(TAKE_FULL, microphone=self.name))

    def start(self) -> None:
        """Start recording (a take started before is dropped)."""
        from pygame._sdl2 import audio as sdl_audio

        with self._lock:
            self._chunks, self._held, self._full = [], 0, False
        device = sdl_audio.AudioDevice(
            devicename=self.name,
            iscapture=True,
            frequency=CAPTURE_RATE_HZ,
            audioformat=sdl_audio.AUDIO_F32,
            numchannels=1,
            chunksize=CHUNK_SAMPLES,
            allowed_changes=sdl_audio.AUDIO_ALLOW_FREQUENCY_CHANGE,
            callback=self._heard,
        )
        self._rate = int(device.frequency)
        device.pause(0)
        self._device = device

    def stop(self) -> tuple[np.ndarray, int]:
        device, self._device = self._device, None
        if device is not None:
            device.pause(1)  # type: ignore[attr-defined]
            device.close()  # type: ignore[attr-defined]
        with self._lock:
            take = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)
        return take.astype(np.float64), self._rate


def find_microphone() -> Microphone | None:
    """The first capture device SDL lists, or None when there is none (or no audio)."""
    if not start_mixer():  # (SDL's audio, opened as the sounds want it)
        return None
    try:
        from pygame._sdl2 import audio as sdl_audio

        names = sdl_audio.get_audio_device_names(True)
    except (pygame.error, ImportError):
        return None
    return Microphone(names[0]) if names else None
