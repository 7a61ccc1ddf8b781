"""The flash analyser on synthetic frame sequences with known answers (docs/safety.md)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from sensory_games.domain.safety import analyse_frames

HEIGHT, WIDTH, FPS = 270, 480, 60
BLACK = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
WHITE = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)


def frames(picture: Callable[[float], np.ndarray], seconds: float = 3.0) -> list[np.ndarray]:
    return [picture(i / FPS) for i in range(int(seconds * FPS))]


def blinking(hz: float, on: np.ndarray, off: np.ndarray) -> Callable[[float], np.ndarray]:
    return lambda t: on if int(t * hz * 2) % 2 == 0 else off


def test_full_screen_flashing_at_2_hz_passes() -> None:
    verdict = analyse_frames(frames(blinking(2, WHITE, BLACK)))
    assert verdict.passes and verdict.passes_wcag
    assert verdict.general_field == 4  # 2 flashes = 4 transitions in the worst second


def test_full_screen_flashing_at_4_hz_fails() -> None:
    verdict = analyse_frames(frames(blinking(4, WHITE, BLACK)))
    assert not verdict.passes_wcag and not verdict.passes
    assert verdict.general_field >= 7


def test_a_small_dot_blinking_at_5_hz_passes_wcag_but_not_our_bar() -> None:
    def dot(t: float) -> np.ndarray:
        frame = np.full((HEIGHT, WIDTH, 3), 128, np.uint8)
        frame[100:125, 200:225] = 255 if int(t * 10) % 2 == 0 else 0
        return frame

    verdict = analyse_frames(frames(dot))
    assert verdict.passes_wcag
    assert not verdict.passes and verdict.general_anywhere >= 7


def test_a_slow_fade_passes() -> None:
    def fade(t: float) -> np.ndarray:  # dark to light and back over 3 s
        level = int(255 * (1 - abs(1 - 2 * t / 3)))
        return np.full((HEIGHT, WIDTH, 3), level, np.uint8)

    verdict = analyse_frames(frames(fade))
    assert verdict.passes and verdict.general_anywhere <= 2


def test_a_saturated_red_flash_counts_even_without_a_luminance_flash() -> None:
    red = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    red[..., 0] = 255
    grey = np.full((HEIGHT, WIDTH, 3), 124, np.uint8)  # about the same luminance as red
    verdict = analyse_frames(frames(blinking(4, red, grey)))
    assert verdict.general_field == 0  # no luminance flash ...
    assert verdict.red_field >= 7 and not verdict.passes_wcag  # ... but a red one


def test_slow_red_changes_pass() -> None:
    red = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    red[..., 0] = 255
    grey = np.full((HEIGHT, WIDTH, 3), 124, np.uint8)
    assert analyse_frames(frames(blinking(1, red, grey))).passes


def test_small_changes_below_the_threshold_never_count() -> None:
    a = np.full((HEIGHT, WIDTH, 3), 120, np.uint8)
    b = np.full((HEIGHT, WIDTH, 3), 135, np.uint8)  # relative luminance changes ~0.03
    verdict = analyse_frames(frames(blinking(10, a, b)))
    assert verdict.passes and verdict.general_anywhere == 0


def test_bright_flicker_above_the_dark_limit_does_not_count() -> None:
    a = np.full((HEIGHT, WIDTH, 3), 240, np.uint8)  # both states lighter than 0.8
    b = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
    assert analyse_frames(frames(blinking(10, a, b))).passes


def test_three_flashes_a_second_pass_and_three_and_a_half_fail() -> None:
    assert analyse_frames(frames(blinking(3.0, WHITE, BLACK), seconds=4)).passes
    assert not analyse_frames(frames(blinking(3.5, WHITE, BLACK), seconds=4)).passes


def test_a_modest_flicker_just_over_a_tenth_of_luminance_counts() -> None:
    a = np.full((HEIGHT, WIDTH, 3), 100, np.uint8)  # relative luminance 0.127
    b = np.full((HEIGHT, WIDTH, 3), 140, np.uint8)  # 0.262: a change of 0.135
    assert not analyse_frames(frames(blinking(4, a, b))).passes_wcag


def test_a_flicker_whose_darker_state_is_just_under_0_8_counts() -> None:
    a = np.full((HEIGHT, WIDTH, 3), 229, np.uint8)  # 0.78
    b = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)  # 1.0
    assert not analyse_frames(frames(blinking(4, a, b))).passes_wcag


def test_a_duller_red_flash_counts_too() -> None:
    red = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    red[..., 0] = 180  # (R - G - B) x 320 = 146 on linear channels
    grey = np.full((HEIGHT, WIDTH, 3), 88, np.uint8)  # about the same luminance
    verdict = analyse_frames(frames(blinking(4, red, grey)))
    assert verdict.general_field == 0 and verdict.red_field >= 7


@pytest.mark.parametrize(("height", "width"), [(540, 960), (768, 1024), (1080, 1920)])
def test_a_blinking_dot_in_the_far_corner_is_seen_at_any_size(height: int, width: int) -> None:
    """Every pixel is analysed: blocks that do not divide the frame are not cut off."""

    def dot(t: float) -> np.ndarray:
        frame = np.full((height, width, 3), 128, np.uint8)
        frame[-40:, -40:] = 255 if int(t * 10) % 2 == 0 else 0
        return frame

    assert not analyse_frames([dot(i / FPS) for i in range(2 * FPS)]).passes


@pytest.mark.parametrize(
    ("height", "width"), [(540, 960), (800, 1280), (1080, 1920), (1280, 800), (481, 799), (1, 1)]
)
def test_the_blocks_means_are_numpy_s_own_to_the_last_bit(height: int, width: int) -> None:
    """The measured blocks (the luminance and red means, and the red gate) are exactly what
    numpy's mean over each block's grid gives, on noise and on a frame with saturated red."""
    from sensory_games.domain import safety
    from sensory_games.domain.safety import FlashAnalyser, _sample_places

    rng = np.random.default_rng(height * 7 + width)
    for frame in (
        rng.integers(0, 256, (height, width, 3), dtype=np.uint8),
        np.where(rng.random((height, width, 1)) < 0.5, [250, 5, 5], [20, 200, 30]).astype(np.uint8),
    ):
        measured = FlashAnalyser()._measures(frame)
        places = _sample_places(height, width)
        sampled = frame[places.ys, places.xs]
        lum = (
            safety._LINEAR[sampled[..., 0]] * 0.2126
            + 0.7152 * safety._LINEAR[sampled[..., 1]]
            + 0.0722 * safety._LINEAR[sampled[..., 2]]
        )
        n = safety.SAMPLES_PER_BLOCK
        rows, cols = lum.shape[0] // n, lum.shape[1] // n
        expected = lum.reshape(rows, n, cols, n).mean(axis=(1, 3))
        assert measured[0].dtype == expected.dtype and np.array_equal(measured[0], expected)
