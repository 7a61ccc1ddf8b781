"""An attempt's metrics packed into its own row (schema step 6), for fast exports.

`metric_layout` is a JSON list of [name, unit] in name order (the same text for every
attempt with the same set of metrics, i.e. of one activity) and `metric_values` the
values in that order as little-endian float64 (exact). attempt_metrics keeps one row per
metric for querying by name; both are written in the attempt's transaction.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple


class MetricLayout(NamedTuple):
    """The metrics an attempt has, in name order; one object per distinct layout text."""

    names: tuple[str, ...]
    units: tuple[str, ...]
    position: dict[str, int]  # name -> its place in `names` (not `index`: tuple has one)


def pack(metrics: Mapping[str, tuple[float, str]]) -> tuple[str, bytes]:
    """{name: (value, unit)} -> (metric_layout, metric_values) column values."""
    names = sorted(metrics)
    layout = json.dumps([[name, metrics[name][1]] for name in names], ensure_ascii=False)
    values = array("d", [float(metrics[name][0]) for name in names])
    if sys.byteorder == "big":
        values.byteswap()
    return layout, values.tobytes()


@lru_cache(maxsize=512)
def layout_of(text: str) -> MetricLayout:
    """The MetricLayout of a metric_layout text (parsed once per distinct text)."""
    pairs: Sequence[Sequence[str]] = json.loads(text)
    names = tuple(name for name, _ in pairs)
    units = tuple(unit for _, unit in pairs)
    return MetricLayout(names, units, {name: i for i, name in enumerate(names)})


@lru_cache(maxsize=256)
def unpacker(count: int) -> Callable[[bytes], tuple[float, ...]]:
    """A faster `values_of` for blobs of `count` values (the JSON export's hot path)."""
    return struct.Struct(f"<{count}d").unpack


def values_of(blob: bytes) -> tuple[float, ...]:
    """The values of a metric_values blob, in layout order."""
    values = array("d")
    values.frombytes(blob)
    if sys.byteorder == "big":
        values.byteswap()
    return tuple(values)
