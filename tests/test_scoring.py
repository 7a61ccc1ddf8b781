"""Tests of sensory_games/domain/scoring.py's summaries."""

from __future__ import annotations

import numpy as np

from sensory_games.domain.scoring import median


def test_the_median_is_the_middle_or_the_mean_of_the_middle_two() -> None:
    assert median([]) is None
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    rng = np.random.default_rng(5)
    for count in range(1, 40):
        values = rng.normal(100.0, 30.0, count).tolist()
        assert median(values) == float(np.median(values))
