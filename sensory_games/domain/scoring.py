"""Scoring helpers shared by every activity (pure functions, numpy, no pygame).

Each number an activity logs is built from these so that "mean", "share" and friends
mean the same everywhere; definitions live in docs/metrics.md.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np


def share(part: int, whole: int) -> float | None:
    """part / whole in 0..1, or None when there is nothing to divide (whole == 0)."""
    if whole <= 0:
        return None
    return min(max(part / whole, 0.0), 1.0)


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean, or None for no values."""
    return float(np.mean(values)) if len(values) else None


def median(values: Sequence[float]) -> float | None:
    """Median (of an even count, the mean of the middle two), or None for no values.
    (numpy's median loads numpy.ma on its first use: 25 ms inside a frame of play.)"""
    return float(statistics.median(values)) if len(values) else None


def sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (n - 1), or None for fewer than two values."""
    return float(np.std(values, ddof=1)) if len(values) >= 2 else None


def rounded(value: float | None, digits: int) -> float | None:
    """`value` rounded for a report (None stays None)."""
    return None if value is None else round(value, digits)
