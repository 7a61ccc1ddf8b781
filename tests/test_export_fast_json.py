"""The fast-json extra (orjson) writes the JSON export byte for byte as the standard
library does (services/attempt_text.py values_text): the same files with it and without
it, and the standard library's text wherever orjson would write a value otherwise."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from records import at, fill_device, log_attempt

from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.outcome import Metric
from sensory_games.services import attempt_text
from sensory_games.services.attempt_text import compact, values_text
from sensory_games.services.export import write_export
from sensory_games.storage import Repository

pytest.importorskip("orjson", reason="pip install -e '.[test]' (the fast-json extra)")

#: Numbers orjson writes otherwise than json.dumps (1e-05 as 0.00001, 6.8e-06 as 6.8e-6),
#: and some it writes the same (the largest, 1e+16, -0.0, a tenth's error, 0.0000 inside).
#: (NaN and infinity, which orjson writes as null, no metric can be: see the examples below.)
ODD_NUMBERS = [1e-05, 6.8e-06, -2.5e-07, 1.5e-10, 5e-324, 2.2250738585072014e-308]
ODD_NUMBERS += [1e16, 1.7976931348623157e308, -0.0, 0.1 + 0.2]
ODD_NUMBERS += [30.000000000023874, 0.0001, 1e-4 - 1e-20, 123456789.00001]


@pytest.fixture
def odd_log(tmp_path: Path) -> Iterator[Repository]:
    """Two children (one with a non-ASCII alias), an attempt per odd number as a metric
    (and one with them all), a check-in per odd number (not under 0) as its answer time,
    a text with "null" in it."""
    log = Repository(tmp_path / "log")
    zoe, mia = fill_device(log, "Zoë"), fill_device(log, 'null, "Mia"', day=1)
    session = log.start_session(zoe.id, at(600))
    for minutes, value in enumerate(ODD_NUMBERS, start=700):
        log_attempt(log, zoe, session, minutes, metrics={"µ": Metric(value, "mm/s²")})
    every = {f"m{k:02d}": Metric(value, "null") for k, value in enumerate(ODD_NUMBERS)}
    log_attempt(log, mia, log.start_session(mia.id, at(790)), 800, accuracy=1e-05, metrics=every)
    for minutes, value in enumerate(ODD_NUMBERS, start=900):  # (as a check-in's answer time)
        if value >= 0:
            log.save_check_in(CheckIn(session, zoe.id, "session_end", 3, at(minutes), value))
    yield log
    log.close()


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("pseudonymised", [False, True])
def test_the_export_is_the_same_bytes_with_the_fast_json_extra_and_without(
    odd_log: Repository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    indent: int | None,
    pseudonymised: bool,
) -> None:
    codes = (lambda profile_id: f"C-{profile_id[:4]}") if pseudonymised else None
    fast, used = attempt_text.FAST_DUMPS, []
    assert fast is not None

    def counted(values: tuple[Any, ...]) -> bytes:
        used.append(values)
        return fast(values)

    monkeypatch.setattr(attempt_text, "FAST_DUMPS", counted)
    write_export(odd_log, "json", tmp_path / "fast.json", indent=indent, codes=codes)
    monkeypatch.setattr(attempt_text, "FAST_DUMPS", None)
    write_export(odd_log, "json", tmp_path / "standard.json", indent=indent, codes=codes)
    written = (tmp_path / "fast.json").read_bytes()
    assert written == (tmp_path / "standard.json").read_bytes()
    # (--indent: json.dumps, which orjson does not lay out as it does)
    assert re.search(rb'"value": ?1e-05', written) and re.search(rb'"accuracy": ?1e-05', written)
    assert re.search(rb'"answer_s": ?1e-05', written)
    attempts = len(list(odd_log.attempts()))
    asked_in = {c.session_id for c in odd_log.check_ins()}  # (a call for each one's check-ins)
    assert len(used) == (0 if indent else attempts + len(asked_in))
    assert attempts > len(ODD_NUMBERS)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(),
            st.floats(min_value=-1e-3, max_value=1e-3),
            st.integers(),
            st.integers(min_value=-(2**64), max_value=2**64),
            st.text(),
            st.booleans(),
            st.none(),
        ),
        max_size=20,
    ).map(tuple)
)
@example((1e-05, "a\udc80"))  # (a lone surrogate: orjson refuses it)
@example((math.nan, None, "null"))
@example((math.inf, -math.inf, None))
@example(("x,e-5]", 1e-05))
def test_values_are_written_as_the_standard_library_writes_them(values: tuple[Any, ...]):
    assert values_text(values) == compact(values)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(), st.one_of(st.none(), st.integers(1, 5)), st.floats(0, 86_400)),
        max_size=6,
    )
)
@example([('a, "quoted" text', 3, 1e-05), ("plain", None, 2.5)])
def test_flat_records_are_the_standard_librarys_dicts_joined(rows: list[tuple[Any, ...]]):
    fields = ("moment", "feeling", "answer_s")
    made = attempt_text.FlatText(fields).records(rows)
    expected = ",".join(compact(dict(zip(fields, row, strict=True))) for row in rows)
    assert made == expected.encode()
