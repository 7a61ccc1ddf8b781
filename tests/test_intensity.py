"""Unit tests of sensory_games/domain/intensity.py: presets, overrides, caps, FlashGuard."""

from __future__ import annotations

import colorsys
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensory_games.domain.intensity import (
    ABSOLUTE_VOLUME_CAP,
    CHANNELS,
    MAX_FLASHES_PER_SECOND,
    MIN_FADE_S,
    PRESETS,
    FlashGuard,
    Intensity,
    SensoryProfile,
    preset,
    relative_luminance,
)
from sensory_games.domain.schema import SchemaError

unit = st.floats(min_value=0.0, max_value=1.0)
intensities = st.builds(
    Intensity, visual=unit, motion=unit, sound=unit, complexity=unit, feedback=unit
)


def flat(value: float) -> Intensity:
    return Intensity(**dict.fromkeys(CHANNELS, value))


# -- presets and overrides -------------------------------------------------------------------


def test_three_presets_with_every_channel_in_0_to_1():
    assert set(PRESETS) == {"calm", "balanced", "alerting"}
    for intensity in PRESETS.values():
        values = intensity.as_dict()
        assert list(values) == list(CHANNELS)
        assert all(0.0 <= v <= 1.0 for v in values.values())


def test_calm_is_gentler_than_balanced_gentler_than_alerting_on_every_channel():
    calm, balanced, alerting = (PRESETS[n].as_dict() for n in ("calm", "balanced", "alerting"))
    for channel in CHANNELS:
        assert calm[channel] < balanced[channel] <= alerting[channel], channel


def test_preset_returns_the_preset_and_applies_overrides():
    assert preset("calm") == PRESETS["calm"]
    custom = preset("calm", {"sound": 0.0, "visual": 0.9})
    assert custom.sound == 0.0
    assert custom.visual == 0.9
    assert custom.motion == PRESETS["calm"].motion
    assert PRESETS["calm"].sound == 0.2  # the preset itself is not changed


def test_with_overrides_returns_a_new_validated_intensity():
    base = PRESETS["balanced"]
    changed = base.with_overrides({"motion": 1})
    assert changed.motion == 1.0
    assert type(changed.motion) is float
    assert base.motion == 0.5


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"visual": 1.5}, "visual"),
        ({"sound": -0.1}, "sound"),
        ({"motion": math.nan}, "motion"),
        ({"feedback": True}, "feedback"),
        ({"complexity": "high"}, "complexity"),
        ({"brightness": 0.5}, "brightness"),
    ],
)
def test_bad_overrides_are_rejected_naming_the_channel(overrides, key):
    with pytest.raises(SchemaError) as caught:
        preset("balanced", overrides)
    assert caught.value.key == key


def test_override_1_5_message():
    with pytest.raises(SchemaError) as caught:
        PRESETS["calm"].with_overrides({"visual": 1.5})
    assert str(caught.value) == "visual = 1.5: must be a number between 0 and 1 (0..1)"


def test_unknown_preset_is_rejected_naming_the_presets():
    with pytest.raises(SchemaError) as caught:
        preset("wild")
    assert str(caught.value) == (
        "intensity_preset = 'wild': must be one of calm, balanced, alerting"
    )


@pytest.mark.parametrize("value", [1.5, -0.01, math.inf, True, None])
def test_intensity_itself_validates_its_channels(value):
    values = dict.fromkeys(CHANNELS, 0.5)
    values["complexity"] = value
    with pytest.raises(SchemaError):
        Intensity(**values)


# -- FlashGuard -------------------------------------------------------------------------------


def test_flash_guard_grants_three_then_refuses_within_a_second():
    guard = FlashGuard()
    assert [guard.request(t) for t in (0.0, 0.1, 0.2, 0.3, 0.99)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert guard.request(1.0) is True  # 0.0 has left the window
    assert guard.request(1.05) is False
    assert guard.request(1.1) is True


def test_flash_guard_limit_cannot_be_raised_above_three():
    guard = FlashGuard(limit=10)
    assert guard.limit == MAX_FLASHES_PER_SECOND == 3
    assert sum(guard.request(0.0) for _ in range(10)) == 3
    assert FlashGuard(limit=1).limit == 1


# Times from a monotonic clock: non-decreasing request times.
request_times = st.lists(
    st.floats(min_value=0.0, max_value=0.6, allow_nan=False), min_size=1, max_size=80
).map(lambda gaps: [sum(gaps[: i + 1]) for i in range(len(gaps))])


@given(request_times)
def test_flash_guard_never_grants_more_than_3_in_any_sliding_second(times):
    guard = FlashGuard()
    granted = [t for t in times if guard.request(t)]
    # Every 1 s window [t, t + 1) starting at a granted flash holds at most 3 grants...
    for start in granted:
        assert sum(1 for t in granted if start <= t < start + 1.0) <= MAX_FLASHES_PER_SECOND
    # ... equivalently, any 4 consecutive grants span at least a second.
    for first, fourth in zip(granted, granted[3:], strict=False):
        assert fourth - first >= 1.0


@given(request_times)
def test_flash_guard_grants_whenever_the_last_second_has_room(times):
    """Not over-cautious: a request is refused only when 3 grants are < 1 s old."""
    guard = FlashGuard()
    granted: list[float] = []
    for t in times:
        recent = sum(1 for g in granted if t - g < 1.0)
        expected = recent < MAX_FLASHES_PER_SECOND
        assert guard.request(t) is expected
        if expected:
            granted.append(t)


# -- SensoryProfile ---------------------------------------------------------------------------


@given(
    intensities,
    st.floats(allow_nan=False, min_value=-10.0, max_value=10.0),
    st.floats(allow_nan=False, allow_infinity=True),
)
def test_volume_never_exceeds_master_cap_or_absolute_cap(intensity, master, base):
    profile = SensoryProfile(intensity, master_volume=master)
    volume = profile.volume(base)
    assert 0.0 <= volume <= profile.master_volume <= ABSOLUTE_VOLUME_CAP
    assert volume <= max(master, 0.0)


@given(st.floats(min_value=0.0, max_value=1.0))
def test_volume_is_zero_when_sound_is_zero(base):
    intensity = PRESETS["alerting"].with_overrides({"sound": 0.0})
    assert SensoryProfile(intensity, master_volume=0.8).volume(base) == 0.0


def test_volume_scales_by_sound_and_master():
    profile = SensoryProfile(PRESETS["balanced"], master_volume=0.6)
    assert profile.volume() == pytest.approx(0.5 * 0.6)
    assert profile.volume(0.5) == pytest.approx(0.5 * 0.5 * 0.6)
    assert profile.volume(7.0) == pytest.approx(0.5 * 0.6)  # base capped at 1
    assert profile.volume(-1.0) == 0.0


def test_master_volume_is_clamped_to_the_absolute_cap():
    assert SensoryProfile(flat(1.0), master_volume=5.0).master_volume == ABSOLUTE_VOLUME_CAP
    assert SensoryProfile(flat(1.0), master_volume=5.0).volume() == ABSOLUTE_VOLUME_CAP
    assert SensoryProfile(flat(1.0), master_volume=-1.0).master_volume == 0.0


@given(st.floats(min_value=0.0, max_value=1000.0))
def test_speed_is_zero_at_motion_zero(base):
    assert SensoryProfile(PRESETS["alerting"].with_overrides({"motion": 0.0})).speed(base) == 0.0


def test_speed_scales_with_motion():
    assert SensoryProfile(PRESETS["balanced"]).speed(20.0) == pytest.approx(10.0)
    assert SensoryProfile(flat(1.0)).speed(20.0) == pytest.approx(20.0)


@given(unit, st.floats(allow_nan=False, min_value=-100.0, max_value=100.0))
def test_fade_is_never_shorter_than_the_minimum(motion, base):
    profile = SensoryProfile(PRESETS["balanced"].with_overrides({"motion": motion}))
    assert profile.fade_s() >= MIN_FADE_S
    assert profile.fade_s(base) >= MIN_FADE_S


def test_fade_is_longer_when_motion_is_low():
    still = SensoryProfile(flat(0.0)).fade_s(1.0)
    busy = SensoryProfile(flat(1.0)).fade_s(1.0)
    assert still == pytest.approx(1.5)
    assert busy == pytest.approx(1.0)


@given(intensities, st.integers(0, 20), st.integers(0, 20))
def test_count_stays_between_minimum_and_maximum(intensity, a, b):
    low, high = min(a, b), max(a, b)
    assert low <= SensoryProfile(intensity).count(low, high) <= high


def test_count_runs_from_minimum_to_maximum_with_complexity():
    assert SensoryProfile(flat(0.0)).count(2, 10) == 2
    assert SensoryProfile(flat(1.0)).count(2, 10) == 10


@given(intensities)
def test_celebration_glow_is_capped(intensity):
    celebration = SensoryProfile(intensity).celebration()
    assert 0.0 <= celebration.glow <= 0.3
    assert 3 <= celebration.sparkles <= 24
    assert 1.5 <= celebration.duration_s <= 2.5


# -- palette ----------------------------------------------------------------------------------


def hls_saturation(colour: tuple[int, int, int]) -> float:
    return colorsys.rgb_to_hls(*(c / 255 for c in colour))[2]


def test_accents_are_more_saturated_at_visual_1_than_0():
    dull = SensoryProfile(flat(0.0)).palette.accents
    vivid = SensoryProfile(flat(1.0)).palette.accents
    assert len(dull) == len(vivid) == 6
    for low, high in zip(dull, vivid, strict=True):
        assert hls_saturation(high) > hls_saturation(low) + 0.3
    assert max(hls_saturation(c) for c in dull) < 0.3


def test_palette_colours_are_valid_rgb():
    for intensity in (flat(0.0), flat(1.0), *PRESETS.values()):
        palette = SensoryProfile(intensity).palette
        colours = [
            palette.background,
            palette.background_edge,
            palette.surface,
            palette.surface_edge,
            palette.ink,
            palette.ink_soft,
            palette.success,
            palette.calm,
            *palette.accents,
        ]
        for colour in colours:
            assert len(colour) == 3
            assert all(isinstance(c, int) and 0 <= c <= 255 for c in colour)


def test_ink_keeps_readable_contrast_on_the_background():
    for intensity in (flat(0.0), flat(1.0)):
        palette = SensoryProfile(intensity).palette
        light = relative_luminance(palette.background)
        dark = relative_luminance(palette.ink)
        assert (light + 0.05) / (dark + 0.05) >= 4.5


# -- relative luminance -----------------------------------------------------------------------


def test_relative_luminance_of_black_and_white():
    assert relative_luminance((0, 0, 0)) == 0.0
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0)


def test_relative_luminance_of_a_mid_colour_follows_the_wcag_formula():
    # WCAG 2: channel c = v/255; linear = c/12.92 if c <= 0.04045 else ((c+0.055)/1.055)**2.4;
    # L = 0.2126 R + 0.7152 G + 0.0722 B.
    r = ((200 / 255 + 0.055) / 1.055) ** 2.4
    g = ((100 / 255 + 0.055) / 1.055) ** 2.4
    b = (10 / 255) / 12.92  # 0.039 is in the linear segment
    expected = 0.2126 * r + 0.7152 * g + 0.0722 * b
    assert relative_luminance((200, 100, 10)) == pytest.approx(expected, rel=1e-12)
    assert relative_luminance((200, 100, 10)) == pytest.approx(0.2142, abs=1e-4)
    assert relative_luminance((128, 128, 128)) == pytest.approx(0.2159, abs=1e-4)


def test_relative_luminance_weights_green_most():
    red = relative_luminance((255, 0, 0))
    green = relative_luminance((0, 255, 0))
    blue = relative_luminance((0, 0, 255))
    assert (red, green, blue) == pytest.approx((0.2126, 0.7152, 0.0722))
