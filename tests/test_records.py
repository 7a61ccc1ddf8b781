"""The record codec (sensory_games/domain/records.py): one set of checks for every record that
enters the log from a file. Whatever merge accepts, every reader handles; whatever the
app's own commands refuse, merge and bundles refuse too; a valid log survives export ->
merge into an empty log -> export byte for byte."""

from __future__ import annotations

import json
import string
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import TRACING_LEVELS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records import T0, at, contact, fill_device, trace_target
from test_merge import TABLES, counts

from sensory_games.activities import level_counts, showing
from sensory_games.cli import main
from sensory_games.domain import records
from sensory_games.domain.check_in import CheckIn, before_after_pairs
from sensory_games.domain.config import DEFAULT_CONFIG_DIR, ConfigError
from sensory_games.domain.intensity import CHANNELS, PRESETS
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.report_spec import shown
from sensory_games.services.bundle import bundle_document, read_bundle
from sensory_games.services.export import csv_text, json_document, write_export
from sensory_games.services.merge import MergeError, merge, read_source
from sensory_games.services.report.data import by_activity, level_changes, overlay, summarise
from sensory_games.storage import AttemptRecord, Repository

COUNTS = level_counts(DEFAULT_CONFIG_DIR)


@pytest.fixture
def kiosk(tmp_path: Path):
    """A kiosk's log (Mia: tracing, calm with check-ins; a level set by hand) and an
    empty one to merge into."""
    a, c = Repository(tmp_path / "a"), Repository(tmp_path / "c")
    mia = fill_device(a, "Mia")
    a.set_level(mia.id, "tracing", 3, "ready for curves")
    yield a, c
    a.close()
    c.close()


def exported(repository: Repository) -> dict[str, Any]:
    return json.loads(json.dumps(json_document(repository, samples=True)))


def read_everything(repository: Repository, tmp_path: Path) -> None:
    """Every reader of the log: both exports (with samples too), the report's numbers and
    overlays, the levels, check-in pairs and profile bundles of every child."""
    for fmt in ("csv", "json"):
        for samples in (False, True):
            write_export(repository, fmt, tmp_path / f"read.{fmt}", samples=samples)
    attempts = list(repository.attempts())
    csv_text(attempts)
    for series in by_activity(attempts, showing()):
        summarise(series)
        for attempt in series.attempts:
            spec = shown(showing(), attempt.activity).overlays
            target, samples = repository.target(attempt.id), repository.samples(attempt.id)
            overlay(attempt, target, samples, None, spec)
    before_after_pairs(repository.check_ins())
    for profile in repository.list_profiles(include_archived=True):
        level_changes(attempts, repository.level_changes(profile.id))
        repository.current_levels(profile.id)
        bundle_document(repository, profile.alias)


# -- what issue 15 saw merged: each refused, by its place, and nothing written ------------

ATTEMPT = ("profiles", 1, "sessions", 0, "attempts", 2)  # Mia's traced line


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ((*ATTEMPT, "intensity"), "abc", "intensity = 'abc': must be a mapping"),
        ((*ATTEMPT, "intensity", "changes"), 7, "intensity.changes = 7: must be a list"),
        ((*ATTEMPT, "intensity", "changes"), [1], "intensity.changes[0] = 1: must be a mapping"),
        ((*ATTEMPT, "intensity", "visual"), 3, "intensity.visual = 3: must be"),
        ((*ATTEMPT, "intensity", "preset"), "loud", "intensity.preset = 'loud'"),
        ((*ATTEMPT, "target"), "line", "target = 'line': must be a mapping"),
        ((*ATTEMPT, "target", "items"), 5, "target.items = 5: must be a list"),
        ((*ATTEMPT, "target", "items", 0, "strokes"), [[["a", 1]]], "strokes = "),
        ((*ATTEMPT, "target", "tolerance_mm"), -1, "target.tolerance_mm = -1"),
        ((*ATTEMPT, "target", "kind"), None, "target.kind = null"),
        ((*ATTEMPT, "started_at"), "2026-13-45T99:99:99Z", "started_at = '2026-13-45T99"),
        ((*ATTEMPT, "started_at"), "2026-02-30T09:00:00.000Z", "must be a UTC time"),
        ((*ATTEMPT, "started_at"), "1970-01-01T00:00:00.000Z", "must be a UTC time"),
        ((*ATTEMPT, "started_at"), "2026-03-02T09:00:00Z", "must be a UTC time"),
        ((*ATTEMPT, "level"), 999, f"level = 999: tracing has levels 1..{TRACING_LEVELS}"),
        ((*ATTEMPT, "activity"), "juggling", "activity = 'juggling': is not an activity"),
        ((*ATTEMPT, "parameters"), {"a": [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}, "parameters = "),
        ((*ATTEMPT, "parameters", "tolerance_mm"), "wide", "parameters.tolerance_mm = 'wide'"),
        ((*ATTEMPT, "samples", 0, "x_mm"), 1e300, "samples[0].x_mm = 1e+300"),
        ((*ATTEMPT, "origin"), "robot", "origin = 'robot': must be child or autoplay"),
        ((*ATTEMPT, "px_per_mm"), 0, "px_per_mm = 0"),
        (("profiles", 1, "level_changes", 0, "to_level"), 999, "to_level = 999: tracing has"),
        (("profiles", 1, "level_changes", 0, "reason"), "x" * 501, "reason = 'xxxx"),
        (("profiles", 1, "level_changes", 0, "reason"), "a\nb", "must be one line"),
        (("profiles", 1, "level_changes", 0, "changed_at"), "=HYPERLINK(1)", "changed_at ="),
        (("profiles", 1, "created_at"), "=HYPERLINK(1)", "created_at = '=HYPERLINK(1)'"),
        (("profiles", 1, "device_id"), "../../etc", "device_id = '../../etc'"),
        (("profiles", 1, "sessions", 1, "check_ins", 0, "answer_s"), -2, "answer_s = -2"),
    ],
)
def test_values_that_would_break_a_reader_are_refused_by_their_place(
    kiosk, path, value, message
) -> None:
    a, c = kiosk
    document = exported(a)
    place: Any = document
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    with pytest.raises(MergeError) as caught:
        merge(c, document, "edited.json", level_counts=COUNTS)
    text = str(caught.value)
    assert "\n" not in text and "not merged, nothing was changed: profiles[1]" in text
    assert message in text
    assert counts(c) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nests too deep"),
        ('{"format": ' + "9" * 5000 + "}", "not a usable JSON export"),
        ('{"format": "sensory_games-export-2", "profiles": 5}', "profiles = 5: must be a list"),
    ],
)
def test_files_that_are_not_exports_are_refused_in_one_line(
    kiosk, tmp_path, capsys, content, message
) -> None:
    _, c = kiosk
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code = main(["merge", str(bad), "--data-dir", str(c.data_dir)])
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert counts(c) == dict.fromkeys(TABLES, 0)


def test_what_merge_accepts_every_reader_reads(kiosk, tmp_path) -> None:
    a, c = kiosk
    merge(c, exported(a), "a.json")
    read_everything(c, tmp_path)


# -- the app's own values: refused at the source, so its log always merges elsewhere -------


def test_a_reason_of_100000_characters_is_refused_and_nothing_changes(kiosk, capsys) -> None:
    a, _ = kiosk
    before = a.level_changes()
    a.close()
    code = main(["levels", "Mia", "--activity", "tracing", "--level", "2",
                 "--reason", "x" * 100_000, "--data-dir", str(a.data_dir)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "reason = 'xxx" in err and "at most 500 characters" in err
    again = Repository(a.data_dir)
    assert again.level_changes() == before
    again.close()


def test_the_log_refuses_a_level_change_merge_would_refuse(kiosk) -> None:
    a, _ = kiosk
    mia = a.profile_by_alias("Mia")
    for reason in ("x" * 501, "two\nlines", "bidi \u202e"):
        with pytest.raises(records.SchemaError):
            a.set_level(mia.id, "tracing", 2, reason)


@pytest.mark.parametrize(
    ("key", "line", "message"),
    [
        ("created_at", "  created_at: '=HYPERLINK(1)'", "profile.created_at = '=HYPERLINK(1)'"),
        ("created_at", "  created_at: 2026-13-45", "month must be in 1..12"),
        ("from_device", "from_device: /etc/passwd", "from_device = '/etc/passwd'"),
        ("exported_at", "exported_at: yesterday", "exported_at = 'yesterday'"),
    ],
)
def test_a_bundle_holding_what_merge_would_refuse_is_refused(kiosk, tmp_path, key, line, message):
    a, _ = kiosk
    from sensory_games.services.bundle import write_bundle

    out = tmp_path / "mia.yaml"
    write_bundle(a, "Mia", out)
    lines = [line if text.lstrip().startswith(f"{key}:") else text
             for text in out.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mia\.yaml") as caught:
        read_bundle(out, COUNTS)
    assert message in str(caught.value)


def test_the_audit_list_keeps_one_plain_line(kiosk) -> None:
    a, _ = kiosk
    a.audit("merge", "file\nwith a new line \u202e and " + "x" * 5000)
    [entry] = [e for e in a.audit_entries() if e.action == "merge"]
    assert "\n" not in entry.detail and "\u202e" not in entry.detail
    assert len(entry.detail) == records.MAX_AUDIT_DETAIL


def test_a_kiosks_own_log_merges_elsewhere_and_back(kiosk, tmp_path) -> None:
    """A level change with an adult's reason, a calm with check-ins, a traced line:
    exported, merged elsewhere and exported again, nothing is refused or changed."""
    a, c = kiosk
    merge(c, exported(a), "a.json")
    assert exported(c) == exported(a)


# -- hypothesis: any valid log survives the round trip byte for byte ----------------------

TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,'-éßあ", max_size=60).map(
    str.strip
)
NAMES = ("Mia", "Noor", "Oliver-Alexander", "山田", "Zoë", "Sam")
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
UNIT = st.sampled_from(("s", "mm", "count", "ms", "(0..1)"))


@st.composite
def attempts(draw: st.DrawFn, profile, session_id: str, minute: int) -> AttemptRecord:
    activity = draw(st.sampled_from(sorted(COUNTS)))
    completed = draw(st.booleans())
    duration = draw(st.floats(min_value=0, max_value=600, allow_nan=False))
    metrics = draw(
        st.dictionaries(
            st.sampled_from(("taps", "misses", "deviation_mm", "speed", "lifts")),
            st.builds(Metric, FINITE, UNIT),
            max_size=4,
        )
    )
    points = draw(
        st.lists(
            st.tuples(
                st.floats(-50, 500, allow_nan=False, width=32),
                st.floats(-50, 500, allow_nan=False, width=32),
            ),
            min_size=2,
            max_size=8,
        )
    )
    channels = {name: draw(st.floats(0, 1, allow_nan=False)) for name in CHANNELS}
    changes = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "t_s": st.floats(0, 600, allow_nan=False),
                    "preset": st.sampled_from(("custom", *PRESETS)),
                    **{name: st.floats(0, 1, allow_nan=False) for name in CHANNELS},
                }
            ),
            max_size=2,
        )
    )
    intensity = {"preset": draw(st.sampled_from(("custom", *PRESETS))), **channels}
    if changes:
        intensity["changes"] = changes
    return AttemptRecord(
        session_id=session_id,
        profile_id=profile.id,
        activity=activity,
        variant=draw(st.sampled_from(("standard", "touch", "keys", "jar"))),
        level=draw(st.integers(1, COUNTS[activity])),
        parameters={"tolerance_mm": draw(st.floats(1, 40)), "shape": draw(TEXT)},
        intensity=intensity,
        started_at=at(minute) + timedelta(milliseconds=draw(st.integers(0, 59_999))),
        result=Result(
            completed=completed,
            duration_s=duration,
            completion_time_s=duration if completed else None,
            accuracy=draw(st.none() | st.floats(0, 1, allow_nan=False)),
            metrics=metrics,
            abort_reason=None if completed else draw(st.sampled_from(records.ABORT_REASONS)),
            target=draw(st.none() | st.just(trace_target(draw(st.floats(1, 40))))),
        ),
        samples=contact(points, 100.0, draw(st.integers(-(2**31), 2**31 - 1))),
        samples_start=100.0,
        px_per_mm=draw(st.none() | st.floats(0.5, 20)),
        origin=draw(st.sampled_from(("child", "autoplay"))),
        dominant_hand=profile.dominant_hand,
        pointer=profile.pointer,
    )


@st.composite
def logs(draw: st.DrawFn, repository: Repository) -> None:
    """A valid log written through the app's own API: children, sessions, attempts,
    check-ins and level changes with drawn values."""
    children = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    minute = 0
    for alias in children:
        child = repository.add_profile(
            alias=alias,
            animal=draw(st.sampled_from(("cat", "owl", "frog"))),
            colour=draw(st.integers(0, 5)),
            dominant_hand=draw(st.sampled_from(("left", "right", "unknown"))),
            pointer=draw(st.sampled_from(("finger", "stylus"))),
        )
        for _ in range(draw(st.integers(0, 2))):
            minute += 30
            session = repository.start_session(child.id, at(minute))
            for _ in range(draw(st.integers(0, 3))):
                minute += 1
                attempt = draw(attempts(child, session, minute))
                repository.save_attempt(attempt)
                if draw(st.booleans()):
                    moment = draw(st.sampled_from(("before", "after")))
                    feeling = draw(st.none() | st.integers(1, 5))
                    repository.save_check_in(
                        CheckIn(session, child.id, moment, feeling, at(minute), 1.5, attempt.id)
                    )
            if draw(st.booleans()):
                repository.end_session(session, at(minute + 10))
        for _ in range(draw(st.integers(0, 2))):
            activity = draw(st.sampled_from(sorted(COUNTS)))
            minute += 1
            level = draw(st.integers(1, COUNTS[activity]))
            repository.set_level(child.id, activity, level, draw(TEXT), at(minute))


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_valid_log_survives_export_merge_export_byte_for_byte(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("roundtrip")
    source, target = Repository(folder / "source"), Repository(folder / "target")
    try:
        data.draw(logs(source))
        write_export(source, "json", folder / "source.json", samples=True)
        merge(target, read_source(folder / "source.json"), "source.json")
        write_export(target, "json", folder / "target.json", samples=True)
        assert (folder / "target.json").read_bytes() == (folder / "source.json").read_bytes()
    finally:
        source.close()
        target.close()


# -- fuzzed exports: refused in one line naming the place, or read by every reader ----------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def _places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON document (the paths of its values)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):
            found += _places(inner, (*path, index))
    return found


_KIOSK_EXPORT: list[str] = []


def kiosk_export(tmp_path_factory) -> str:
    """The JSON export (with samples) of the `kiosk` fixture's log, made once."""
    if not _KIOSK_EXPORT:
        source = Repository(tmp_path_factory.mktemp("kiosk") / "source")
        mia = fill_device(source, "Mia")
        source.set_level(mia.id, "tracing", 3, "ready for curves")
        _KIOSK_EXPORT.append(json.dumps(exported(source)))
        source.close()
    return _KIOSK_EXPORT[0]


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_fuzzed_export_is_refused_in_one_line_or_read_by_every_reader(
    tmp_path_factory, data
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    fuzzed = json.loads(kiosk_export(tmp_path_factory))
    places = [p for p in _places(fuzzed["profiles"]) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = ("profiles", *data.draw(st.sampled_from(places)))
        place: Any = fuzzed
        try:
            for step in path[:-1]:
                place = place[step]
            place[path[-1]] = data.draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # (an earlier change replaced what held this place)
    target = Repository(folder / "target")
    try:
        try:
            merge(target, json.loads(json.dumps(fuzzed)), "fuzzed.json")
        except MergeError as error:
            assert "\n" not in str(error) and "nothing was changed" in str(error)
            assert counts(target) == dict.fromkeys(TABLES, 0)
        except ValueError as error:  # (json.dumps of NaN is allowed, json.loads too)
            raise AssertionError(f"not a MergeError: {error!r}") from error
        else:
            read_everything(target, folder)
    finally:
        target.close()


def test_times_are_stored_as_the_app_writes_them() -> None:
    assert records.is_utc_time("2026-03-02T09:00:00.000Z")
    wrong = ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00.5Z", "2026-03-02 09:00:00.000Z")
    for text in (*wrong, "2101-01-01T00:00:00.000Z", "2026-02-29T09:00:00.000Z", T0.isoformat()):
        assert not records.is_utc_time(text), text
    assert records.is_utc_time("2028-02-29T23:59:59.999Z")


def _two_children(kiosk):
    """Mia's and the Guest's records in one export, as issue 15's adversary edited it."""
    a, c = kiosk
    document = exported(a)
    guest, mia = document["profiles"]  # (alias order: Guest, Mia)
    return c, document, guest, mia


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda g, m: m.update(profile_id=g["profile_id"]), "is the id of another profile too"),
        (
            lambda g, m: m["sessions"][0].update(session_id=g["sessions"][0]["session_id"]),
            "is the id of another session too",
        ),
        (
            lambda g, m: m["sessions"][0]["attempts"][1].update(
                attempt_id=m["sessions"][0]["attempts"][0]["attempt_id"]
            ),
            "is the id of another attempt too",
        ),
        (
            lambda g, m: m["sessions"][1]["check_ins"][0].update(
                attempt_id=g["sessions"][0]["attempts"][0]["attempt_id"]
            ),
            "is an attempt of another session",
        ),
    ],
)
def test_records_that_contradict_each_other_are_refused(kiosk, edit, message) -> None:
    c, document, guest, mia = _two_children(kiosk)
    edit(guest, mia)
    with pytest.raises(MergeError, match=message):
        merge(c, document, "edited.json")
    assert counts(c) == dict.fromkeys(TABLES, 0)


def test_a_session_that_is_another_childs_here_is_a_conflict(kiosk) -> None:
    c, document, guest, mia = _two_children(kiosk)
    merge(c, {**document, "profiles": [guest]}, "guest.json")
    mia["sessions"][0]["session_id"] = guest["sessions"][0]["session_id"]
    report = merge(c, {**document, "profiles": [mia]}, "mia.json")
    assert any("another child's session here" in line for line in report.conflicts)
    assert report.skipped["attempt"] == len(mia["sessions"][0]["attempts"])
    mine = c.profile_by_alias("Mia").id
    assert all(a.session_id != guest["sessions"][0]["session_id"]
               for a in c.attempts() if a.profile_id == mine)  # fmt: skip


@pytest.mark.parametrize(
    ("target", "fine"),
    [
        ({"kind": "path", "items": [{"strokes": [[[1.0, 2.0], [3, 4.5]]]}]}, True),
        ({"kind": "path", "items": [{"strokes": [[[1.0, float("nan")]]]}]}, False),
        ({"kind": "path", "items": [{"strokes": [[[1.0, float("inf")]]]}]}, False),
        ({"kind": "path", "items": [{"strokes": [[[1.0, 2.0, 3.0]]]}]}, False),
        ({"kind": "path", "items": [{"strokes": [[[1.0, True]]]}]}, False),
        ({"kind": "path", "items": [{"strokes": [[[1.0, 1e6]]]}]}, False),
        ({"kind": "path", "deep": [[[[[[[[[[[[1.0]]]]]]]]]]]]}, False),  # 13 deep
        ({"kind": "path", "deep": [[[[[[[[[[[1.0]]]]]]]]]]]}, True),  # 12 deep
        ({"kind": "path", "many": [0.5] * 200_001}, False),
    ],
)
def test_a_target_s_numbers_and_paths_are_checked(target, fine):
    """Every number in a target is finite, a path point is [x, y] in range, and the tree
    keeps its depth and size limits (the fast loop over lists of numbers included)."""
    from sensory_games.domain.records import RecordError, check_target

    if fine:
        check_target("t", target)
    else:
        with pytest.raises(RecordError):
            check_target("t", target)
