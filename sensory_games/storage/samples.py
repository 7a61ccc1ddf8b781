"""Raw pointer samples of an attempt, packed into one compact little-endian blob.

One row per attempt keeps the write to a single insert inside the attempt's
transaction. Times are seconds since the attempt started.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np

from sensory_games.domain.pointer import PointerEvent

FORMAT = "sg-samples-1"
PHASES = ("down", "move", "up", "cancel")
SOURCES = ("touch", "mouse", "key")
HANDS = (None, "left", "right")

#: One sample's fields in the blob: (name, numpy type), little-endian, packed.
SAMPLE_FIELDS = (
    ("t_s", "<f8"),
    ("pointer_id", "<i4"),
    ("phase", "u1"),
    ("source", "u1"),
    ("hand", "u1"),
    ("x_mm", "<f4"),
    ("y_mm", "<f4"),
)


@cache
def sample_dtype() -> np.dtype:
    """SAMPLE_FIELDS as a numpy record type (made on first use, not at import: the
    launcher's first frame is drawn before numpy is loaded, cli/deferred_imports.py)."""
    return np.dtype(list(SAMPLE_FIELDS))


def pack(samples: Sequence[PointerEvent], attempt_start: float) -> bytes:
    """Pointer events -> blob; `attempt_start` is the clock time (s) of the attempt's start."""
    array = np.zeros(len(samples), dtype=sample_dtype())
    for index, event in enumerate(samples):
        array[index] = (
            event.t - attempt_start,
            event.pointer_id,
            PHASES.index(event.phase),
            SOURCES.index(event.source),
            HANDS.index(event.hand),
            event.x_mm,
            event.y_mm,
        )
    return array.tobytes()


def pack_records(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Sample dicts as `unpack` gives them (e.g. from a JSON export) -> blob."""
    array = np.zeros(len(records), dtype=sample_dtype())
    for index, record in enumerate(records):
        array[index] = (
            float(record["t_s"]),
            int(record["pointer_id"]),
            PHASES.index(record["phase"]),
            SOURCES.index(record["source"]),
            HANDS.index(record["hand"]),
            float(record["x_mm"]),
            float(record["y_mm"]),
        )
    return array.tobytes()


def unpack(blob: bytes) -> list[dict[str, object]]:
    """Blob -> list of sample dicts (t_s, pointer_id, phase, source, hand, x_mm, y_mm)."""
    array = np.frombuffer(blob, dtype=sample_dtype())
    # tolist() turns every field into a Python float or int in C, the same values that
    # float()/int() of each row's numpy scalars gave, about 3x faster (a tracing overlay reads
    # thousands of samples).
    return [
        {
            "t_s": t_s,
            "pointer_id": pointer_id,
            "phase": PHASES[phase],
            "source": SOURCES[source],
            "hand": HANDS[hand],
            "x_mm": round(x_mm, 3),
            "y_mm": round(y_mm, 3),
        }
        for t_s, pointer_id, phase, source, hand, x_mm, y_mm in array.tolist()
    ]
