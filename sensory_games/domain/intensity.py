"""Sensory intensity: the one place that decides how bright, busy, moving and loud things are.

Five channels, each 0.0-1.0:

- ``visual``      colour saturation and contrast of everything drawn
- ``motion``      speed of non-essential movement (0 = still; only task-required change)
- ``sound``       loudness of every sound, before the master volume cap
- ``complexity``  how many elements share the screen (particles, simultaneous targets)
- ``feedback``    strength and length of rewards and celebrations

Activities never hard-code colours, speeds, volumes or counts; they ask a
:class:`SensoryProfile`. The hard caps (docs/safety.md) hold at every setting:
no more than 3 flashes in any second (:class:`FlashGuard`), a master volume cap, fades of
at least :data:`MIN_FADE_S`, and sound ramps of at least :data:`MIN_SOUND_RAMP_S`.
"""

from __future__ import annotations

import colorsys
from collections import deque
from dataclasses import asdict, dataclass, replace
from typing import Any

from sensory_games.domain.schema import Parameter, ParameterSchema, SchemaError

CHANNELS: tuple[str, ...] = ("visual", "motion", "sound", "complexity", "feedback")

#: WCAG 2.3.1, and our stricter bar: never more than this many flashes in any 1-second window.
MAX_FLASHES_PER_SECOND = 3
#: Anything that appears or disappears fades over at least this long (s), so a tap never
#: produces an abrupt full-contrast change.
MIN_FADE_S = 0.25
#: Attack and release ramps of every sound (s); never shorter than 20 ms.
MIN_SOUND_RAMP_S = 0.02
#: Peak level of any synthesised sound (dBFS); always below -6 dBFS.
MAX_PEAK_DBFS = -6.0
#: Hard ceiling of the master volume (0..1 of the mixer), whatever the config says.
ABSOLUTE_VOLUME_CAP = 0.8

CHANNEL_SCHEMA = ParameterSchema(
    *(
        Parameter(name, "float", 0.5, name, minimum=0.0, maximum=1.0, unit="(0..1)")
        for name in CHANNELS
    )
)


@dataclass(frozen=True)
class Intensity:
    """The five channel values, each 0.0-1.0."""

    visual: float
    motion: float
    sound: float
    complexity: float
    feedback: float

    def __post_init__(self) -> None:
        CHANNEL_SCHEMA.validate(asdict(self), fill_defaults=False)

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in CHANNELS}

    def with_overrides(self, overrides: dict[str, Any]) -> Intensity:
        """This intensity with some channels replaced (validated, 0..1)."""
        checked = CHANNEL_SCHEMA.validate({**self.as_dict(), **overrides})
        return replace(self, **checked)


PRESETS: dict[str, Intensity] = {
    "calm": Intensity(visual=0.3, motion=0.2, sound=0.2, complexity=0.25, feedback=0.3),
    "balanced": Intensity(visual=0.6, motion=0.5, sound=0.5, complexity=0.6, feedback=0.6),
    "alerting": Intensity(visual=1.0, motion=1.0, sound=0.8, complexity=1.0, feedback=1.0),
}


def preset(name: str, overrides: dict[str, Any] | None = None) -> Intensity:
    """A named preset with optional per-child channel overrides."""
    if name not in PRESETS:
        raise SchemaError("intensity_preset", name, "must be one of " + ", ".join(PRESETS))
    return PRESETS[name].with_overrides(overrides or {})


Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """All colours a screen may use, already scaled by the `visual` channel."""

    background: Colour
    background_edge: Colour
    surface: Colour
    surface_edge: Colour
    ink: Colour
    ink_soft: Colour
    accents: tuple[Colour, ...]
    success: Colour
    calm: Colour


# Hues (0..1) of the accent colours: blue, green, yellow, orange, pink, violet.
_ACCENT_HUES = (0.57, 0.36, 0.14, 0.07, 0.93, 0.75)


def _hls(hue: float, lightness: float, saturation: float) -> Colour:
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return (round(r * 255), round(g * 255), round(b * 255))


def relative_luminance(colour: Colour) -> float:
    """WCAG relative luminance (0..1) of an sRGB colour, as WCAG defines it."""

    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


class FlashGuard:
    """Grants at most :data:`MAX_FLASHES_PER_SECOND` flash-like effects in any 1 s window.

    Anything that brightens and then darkens (a pop highlight, a celebration burst) asks
    :meth:`request` first and draws the effect only when granted; a refused effect is
    simply left out, so a child tapping fast never causes a flashing screen.
    """

    def __init__(self, limit: int = MAX_FLASHES_PER_SECOND, window_s: float = 1.0) -> None:
        self.limit = min(limit, MAX_FLASHES_PER_SECOND)
        self.window_s = window_s
        self._granted: deque[float] = deque()

    def request(self, now: float) -> bool:
        """True if a flash may start at time `now` (s); the grant is remembered."""
        while self._granted and now - self._granted[0] >= self.window_s:
            self._granted.popleft()
        if len(self._granted) >= self.limit:
            return False
        self._granted.append(now)
        return True


@dataclass(frozen=True)
class Celebration:
    """How a reward looks: number of soft sparkles, duration (s), brightness gain (0..0.3)."""

    sparkles: int
    duration_s: float
    glow: float


class SensoryProfile:
    """What an activity asks for colours, speeds, volumes and counts.

    Combines a child's :class:`Intensity` with the clinic's caps (master volume from
    app.yaml) and owns the :class:`FlashGuard` of the running screen.
    """

    def __init__(self, intensity: Intensity, master_volume: float = 0.6) -> None:
        self.intensity = intensity
        self.master_volume = max(0.0, min(master_volume, ABSOLUTE_VOLUME_CAP))
        self.flash_guard = FlashGuard()
        self._palette = self._build_palette()

    @property
    def palette(self) -> Palette:
        return self._palette

    def set_intensity(self, intensity: Intensity) -> None:
        """Change the channels live (the therapist's overlay): every screen and activity
        holding this profile draws, moves and sounds by the new values from the next
        frame; the caps stay as they are."""
        self.intensity = intensity
        self._palette = self._build_palette()

    def _build_palette(self) -> Palette:
        visual = self.intensity.visual
        saturation = 0.25 + 0.5 * visual
        accents = tuple(_hls(h, 0.66 - 0.08 * visual, saturation) for h in _ACCENT_HUES)
        return Palette(
            background=_hls(0.55, 0.93, 0.15 + 0.2 * visual),
            background_edge=_hls(0.58, 0.88, 0.15 + 0.2 * visual),
            surface=_hls(0.55, 0.97, 0.2),
            surface_edge=_hls(0.58, 0.78, 0.12 + 0.2 * visual),
            ink=_hls(0.6, 0.25, 0.25),
            ink_soft=_hls(0.6, 0.5, 0.15),
            accents=accents,
            success=_hls(0.36, 0.6, 0.25 + 0.35 * visual),
            calm=_hls(0.58, 0.72, 0.25 + 0.3 * visual),
        )

    def speed(self, base_mm_s: float) -> float:
        """Speed (mm/s) of non-essential motion: `base_mm_s` scaled by the motion channel."""
        return base_mm_s * self.intensity.motion

    def fade_s(self, base_s: float = MIN_FADE_S) -> float:
        """Fade duration (s): never below MIN_FADE_S, longer when motion is low."""
        return max(MIN_FADE_S, base_s * (1.5 - 0.5 * self.intensity.motion))

    def volume(self, base: float = 1.0) -> float:
        """Mixer volume 0..1 for a sound of relative loudness `base`, under the master cap."""
        return max(0.0, min(base, 1.0)) * self.intensity.sound * self.master_volume

    def count(self, minimum: int, maximum: int) -> int:
        """How many of something to show, from `minimum` (complexity 0) to `maximum` (1)."""
        return round(minimum + (maximum - minimum) * self.intensity.complexity)

    def celebration(self) -> Celebration:
        """Reward strength from the feedback channel (calm: a few slow sparkles)."""
        feedback = self.intensity.feedback
        return Celebration(
            sparkles=round(3 + 21 * feedback * self.intensity.complexity),
            duration_s=1.5 + 1.0 * feedback,
            glow=0.3 * feedback * self.intensity.visual,
        )
