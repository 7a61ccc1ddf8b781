"""Each activity declares every metric its scoring records, with its unit
(Activity.recorded_metrics): goals are refused on any other name and checked against the
unit's range, so the declaration must be what the scoring really writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sensory_games.activities import REGISTRY, level_counts, showing
from sensory_games.domain.config import DEFAULT_CONFIG_DIR

DOC = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"
COUNTS = level_counts(DEFAULT_CONFIG_DIR)


@pytest.mark.parametrize("slug", list(REGISTRY))
def test_every_level_played_by_the_bot_records_only_declared_metrics(bot_result, slug) -> None:
    declared = showing()[slug].recorded
    seen: set[str] = set()
    for level in range(1, COUNTS[slug] + 1):
        result = bot_result(slug, level, level, 0.8)
        units = {name: metric.unit for name, metric in result.metrics.items()}
        assert {n: u for n, u in units.items() if declared.get(n) != u} == {}, level
        seen |= set(units)
    # nearly all declared names are really recorded (some only with a calibration, or on
    # a level with a beat for both hands)
    assert len(seen) >= 0.8 * (len(declared) - 2)


def test_every_declared_metric_is_defined_in_docs_metrics() -> None:
    words = set(re.findall(r"\w+", DOC.read_text(encoding="utf-8")))
    for slug, shown in showing().items():
        per_hand = {n for n in shown.recorded if n.startswith(("left_", "right_"))}
        missing = set(shown.recorded) - per_hand - words
        assert missing == set(), slug
        assert shown.signed <= set(shown.recorded)
        assert set(shown.recorded.values()) <= {"0..1", "count", "s", "ms", "mm", "mm/s", "1/min"}
