"""Movements with a known speed profile, for the fluency tests (NCV per stroke): each is
a list of sample times (s) and positions (mm) as a touchscreen would report them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Speed = Callable[[np.ndarray], np.ndarray]


def speed_profile(
    speed: Speed, duration: float, rate: float = 60.0, direction: tuple[float, float] = (1, 0)
) -> tuple[np.ndarray, np.ndarray]:
    """Sample times and positions of a straight movement along `direction` with speed(t)
    in mm/s, sampled at `rate` Hz from 0 to `duration` s."""
    t = np.arange(0.0, duration + 1e-9, 1.0 / rate)
    v = speed(t)
    along = np.concatenate(([0.0], np.cumsum((v[1:] + v[:-1]) / 2 * np.diff(t))))
    unit = np.asarray(direction, float) / np.hypot(*direction)
    return t, along[:, None] * unit


def minimum_jerk(length_mm: float, duration_s: float) -> Speed:
    """The speed of a minimum-jerk movement (Flash & Hogan 1985) over `length_mm` in
    `duration_s`: a single bell, peak 1.875 x the mean speed."""

    def speed(t: np.ndarray) -> np.ndarray:
        s = np.clip(t / duration_s, 0.0, 1.0)
        return length_mm / duration_s * (30 * s**2 - 60 * s**3 + 30 * s**4)

    return speed


def hesitating(peak: float, duration: float, dip: float = 0.6) -> Speed:
    """A smooth bell of `peak` mm/s over `duration` s whose speed sinks by `dip` of itself
    in the middle (a hesitation lasting about 0.3 s) and rises again: peak, dip, peak."""

    def speed(t: np.ndarray) -> np.ndarray:
        bell = peak * np.sin(np.pi * t / duration) ** 2
        return bell * (1 - dip * np.exp(-(((t - duration / 2) / 0.15) ** 2)))

    return speed


def noisy(points: np.ndarray, sigma_mm: float, seed: int) -> np.ndarray:
    """`points` with independent Gaussian noise of `sigma_mm` on each coordinate of each
    sample (a sensor's jitter)."""
    return points + np.random.default_rng(seed).normal(0.0, sigma_mm, points.shape)


def fluent_square(side_mm: float = 40.0, side_s: float = 1.0, rate: float = 60.0):
    """A square drawn clockwise from its top-left corner in one contact, each side one
    minimum-jerk movement (the finger slows to a stop at each corner, as children do)."""
    times, points = [np.zeros(1)], [np.zeros((1, 2))]
    corner = np.zeros(2)
    for k, direction in enumerate(((1, 0), (0, 1), (-1, 0), (0, -1))):
        t, xy = speed_profile(minimum_jerk(side_mm, side_s), side_s, rate, direction)
        times.append(t[1:] + k * side_s)
        points.append(xy[1:] + corner)
        corner = corner + xy[-1]
    return np.concatenate(times), np.vstack(points)
