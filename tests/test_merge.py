"""`sensory-games merge`: other kiosks' JSON exports and log files into this device's log,
idempotent, conflicts reported and nothing overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from records import fill_device, table_counts

from sensory_games.services.export import json_document, write_export
from sensory_games.services.merge import MergeError, merge, read_source
from sensory_games.storage import Repository
from sensory_games.storage.opening import DATABASE_NAME

TABLES = (
    "profiles",
    "sessions",
    "attempts",
    "attempt_metrics",
    "attempt_samples",
    "attempt_targets",
    "check_ins",
    "level_changes",
)


def counts(repository: Repository) -> dict[str, int]:
    return table_counts(repository, TABLES)


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[Repository, Repository, Repository]]:
    """Kiosk A (Mia, day 0), kiosk B (Noor, day 1, and a level set by hand), and C, empty."""
    a, b, c = (Repository(tmp_path / name) for name in "abc")
    fill_device(a, "Mia")
    noor = fill_device(b, "Noor", day=1)
    b.set_level(noor.id, "tracing", 3, "therapist: ready for curves")
    yield a, b, c
    for repository in (a, b, c):
        repository.close()


def export_json(repository: Repository, out: Path) -> Path:
    write_export(repository, "json", out, samples=True)
    return out


def test_merging_two_kiosks_twice_gives_their_union_once(devices, tmp_path: Path) -> None:
    a, b, c = devices
    files = [export_json(a, tmp_path / "a.json"), export_json(b, tmp_path / "b.json")]
    first = [merge(c, read_source(f), f.name) for f in files]
    after_first = counts(c)
    assert after_first == {
        "profiles": 3,  # Mia, Noor and one Guest (each kiosk's Guest is the same Guest)
        "sessions": 6,
        "attempts": 10,
        "attempt_metrics": 10,
        "attempt_samples": 10,
        "attempt_targets": 2,
        "check_ins": 4,
        "level_changes": 1,
    }
    assert first[0].added["attempt"] == 5 and first[1].added["attempt"] == 5
    assert first[1].already["profile"] == 1  # B's Guest became C's Guest (made from A's)

    second = [merge(c, read_source(f), f.name) for f in files]
    assert counts(c) == after_first
    for report in second:
        assert sum(report.added.values()) == 0 and report.conflicts == []
        assert report.lines()[0].endswith("added nothing new")
    assert {x.id for x in c.attempts()} == {x.id for x in (*a.attempts(), *b.attempts())}


def test_a_merged_export_exports_again_exactly_as_it_came(devices, tmp_path: Path) -> None:
    a, _, c = devices
    merge(c, read_source(export_json(a, tmp_path / "a.json")), "a.json")
    assert json_document(c, samples=True) == json_document(a, samples=True)


def test_a_log_file_merges_like_its_json_export(devices, tmp_path: Path) -> None:
    _, b, c = devices
    report = merge(c, read_source(b.data_dir / DATABASE_NAME, data_dir=c.data_dir), "b.db")
    assert report.added["attempt"] == 5 and report.added["level change"] == 1
    assert json_document(c, samples=True) == json_document(b, samples=True)
    noor = c.profile_by_alias("Noor")
    assert c.last_level(noor.id, "tracing") == 3  # the level B's therapist set
    assert [x.reason for x in c.level_changes(noor.id)] == ["therapist: ready for curves"]


def test_merging_never_touches_the_other_devices_log_file(devices) -> None:
    _, b, c = devices
    source = b.data_dir / DATABASE_NAME
    before = source.read_bytes()
    merge(c, read_source(source, data_dir=c.data_dir), "b.db")
    assert source.read_bytes() == before


def test_the_same_alias_on_two_kiosks_is_a_conflict_unless_matched(devices, tmp_path) -> None:
    a, _, c = devices
    fill_device(c, "MIA", day=2)  # another Mia, added on C by hand
    before = counts(c)
    document = read_source(export_json(a, tmp_path / "a.json"))
    report = merge(c, document, "a.json")
    assert any("'Mia' from the other device is a different child" in x for x in report.conflicts)
    assert report.skipped["attempt"] == 4 and report.skipped["check-in"] == 2
    assert counts(c)["attempts"] == before["attempts"] + 1  # only A's Guest attempt

    matched = merge(c, document, "a.json", match_alias=True)
    assert matched.added["attempt"] == 4 and matched.conflicts == []
    [mia] = [p for p in c.list_profiles() if p.alias == "MIA"]
    assert sum(1 for x in c.attempts("mia")) == 8  # both kiosks' attempts, one child
    assert mia.alias == "MIA"  # this device's alias kept


def test_a_different_copy_of_an_attempt_is_reported_and_this_devices_kept(
    devices, tmp_path: Path
) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    merge(c, document, "a.json")
    first = document["profiles"][1]["sessions"][0]["attempts"][0]
    kept = first["accuracy"]
    first["accuracy"] = 0.99
    profile = document["profiles"][1]
    profile["animal"] = "frog"
    report = merge(c, document, "edited.json")
    assert report.conflicts == [
        "profile 'Mia' differs on the other device in animal; this device's settings were kept",
        f"attempt {first['attempt_id']} (bubbles, {first['started_at']}) differs from the copy "
        "here; this device's was kept",
    ]
    assert {x.id: x.accuracy for x in c.attempts()}[first["attempt_id"]] == kept
    assert c.profile_by_alias("Mia").animal == "cat"


def test_what_this_device_lacked_is_filled_in(devices, tmp_path: Path) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    session = document["profiles"][1]["sessions"][0]
    ended = session["ended_at"]
    session["ended_at"] = None  # C first hears of the session while it is still open
    merge(c, document, "early.json")
    session["ended_at"] = ended
    report = merge(c, document, "later.json")
    assert report.filled_in["session"] == 1
    assert c.connection.execute(
        "SELECT ended_at FROM sessions WHERE id = ?", (session["session_id"],)
    ).fetchone() == (ended,)


def test_a_check_in_whose_attempt_was_not_exported_comes_unlinked_and_links_later(
    devices, tmp_path: Path
) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    calm_session = document["profiles"][1]["sessions"][1]
    calm = calm_session.pop("attempts")
    calm_session["attempts"] = []
    merge(c, document, "no-calm.json")
    assert [x.attempt_id for x in c.check_ins()] == [None, None]
    calm_session["attempts"] = calm
    report = merge(c, document, "with-calm.json")
    assert report.filled_in["check-in"] == 2
    assert [x.attempt_id for x in c.check_ins()] == [calm[0]["attempt_id"]] * 2
    assert [x.feeling_before for x in c.attempts(selection=None) if x.activity == "calming"] == [2]


def test_a_record_missing_a_field_is_named_and_nothing_is_merged(devices, tmp_path) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    del document["profiles"][1]["sessions"][1]["attempts"][0]["metrics"]  # the last record
    with pytest.raises(MergeError) as caught:
        merge(c, document, "cut.json")
    assert str(caught.value) == (
        "cut.json: not merged, nothing was changed: "
        "profiles[1].sessions[1].attempts[0].metrics: is missing"
    )
    assert counts(c) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("sessions", 0, "attempts", 0, "accuracy"), "high", "= 'high': must be a number 0..1"),
        (("sessions", 0, "attempts", 0, "started_at"), 12345, "= 12345: must be a UTC time"),
        (("sessions", 0, "attempts", 0, "level"), 10**30, "must be a level 1..1000"),
        (("sessions", 0, "attempts", 0, "metrics"), None, "metrics = null: must be a mapping"),
        (
            ("sessions", 0, "attempts", 0, "abort_reason"),
            "quit, early",
            "must be null or one of timeout",
        ),
        (("sessions", 0, "attempts", 0, "dominant_hand"), "=1+1", "must be left, right"),
        (("sessions", 0, "attempts", 0, "duration_s"), float("nan"), "must be seconds"),
        (("sessions", 1, "check_ins", 0, "feeling"), 9, "must be a feeling 1..5"),
        (("sessions", 0, "started_at"), [1], "must be a UTC time"),
        (("profile",), "  ", "profiles[1].profile = '  ': must not be empty"),
        (("profile",), "\u202eAnn", "must be plain text"),
        (("colour",), 7, "profiles[1].colour = 7: must be"),
        (("intensity",), None, "profiles[1].intensity = null: must be a mapping"),
        (("intensity",), {"visual": 2}, "profiles[1].intensity.visual = 2: must be"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_and_nothing_is_merged(
    devices, tmp_path, path, value, message
) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    place = document["profiles"][1]  # Mia
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    with pytest.raises(MergeError, match="not merged, nothing was changed: profiles") as caught:
        merge(c, document, "edited.json")
    assert message in str(caught.value)
    assert counts(c) == dict.fromkeys(TABLES, 0)


def test_a_failure_while_writing_rolls_the_whole_file_back(devices, tmp_path, monkeypatch):
    import sqlite3

    from sensory_games.storage import RecordStore

    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    calls = []

    def failing(*args: object) -> None:
        calls.append(args)
        if len(calls) == 2:  # the last check-in
            raise sqlite3.OperationalError("disk I/O error")
        insert(*args)

    insert = RecordStore.insert_check_in
    monkeypatch.setattr(RecordStore, "insert_check_in", failing)
    with pytest.raises(MergeError, match=r"nothing was changed \(OperationalError: disk I/O"):
        merge(c, document, "a.json")
    assert counts(c) == dict.fromkeys(TABLES, 0)


def test_an_unlinked_check_in_merges_again_without_error(devices, tmp_path) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    calm_session = document["profiles"][1]["sessions"][1]
    calm_session["attempts"] = []  # a filtered export: the calm attempt left out
    merge(c, document, "filtered.json")
    again = merge(c, document, "filtered.json")
    assert sum(again.added.values()) == 0 and again.already["check-in"] == 2
    assert [x.attempt_id for x in c.check_ins()] == [None, None]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\x00\x01garbage", "neither a JSON export nor a sensory_games database"),
        (b'{"format": "sensory_games-export-1", "profiles": []}', "cannot be merged"),
        (b"[1, 2]", "'list' cannot be merged"),
        (
            b'{"format": "sensory_games-export-2", "pseudonymised": true, "profiles": []}',
            "a pseudonymised export has no aliases",
        ),
    ],
)
def test_a_file_that_is_not_a_mergeable_export_is_refused(tmp_path, content, needle) -> None:
    source = tmp_path / "other.json"
    source.write_bytes(content)
    with pytest.raises(MergeError, match=needle):
        read_source(source)


def test_a_damaged_log_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    source = tmp_path / "kiosk.db"
    source.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(MergeError, match="not merged"):
        read_source(source, data_dir=tmp_path / "data")
    assert source.read_bytes()[:16] == b"SQLite format 3\x00"


def test_the_cli_merges_prints_what_it_did_and_fails_on_a_bad_file(devices, tmp_path, capsys):
    from sensory_games.cli import main

    a, _, c = devices
    good = export_json(a, tmp_path / "a.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    status = main(["merge", str(good), str(bad), "--data-dir", str(c.data_dir)])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines()[0] == (f"{good}: added 2 profiles, 3 sessions, 5 attempts, 2 check-ins")
    assert "bad.json: neither a JSON export nor a sensory_games database" in err
    assert main(["merge", str(good), "--data-dir", str(c.data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{good}: added nothing new"


def test_an_export_made_before_finger_or_stylus_was_recorded_still_merges(
    devices, tmp_path: Path
) -> None:
    a, _, c = devices
    document = read_source(export_json(a, tmp_path / "a.json"))
    for profile in document["profiles"]:
        del profile["pointer"]
        for session in profile["sessions"]:
            for attempt in session["attempts"]:
                del attempt["pointer"]
    report = merge(c, document, "older.json")
    assert report.added["attempt"] == 5
    assert {x.pointer for x in c.attempts()} == {"unknown"}


def test_an_older_logs_long_alias_still_merges(devices, tmp_path: Path) -> None:
    """Aliases of up to 200 characters were allowed before the typed limit of 60 (an older
    log): its export still merges, alias and all."""
    a, _, c = devices
    long_alias = "Alexandra-Konstantina " + "Y" * 60
    a.connection.execute("UPDATE profiles SET alias = ? WHERE alias = 'Mia'", (long_alias,))
    a.connection.commit()
    report = merge(c, read_source(export_json(a, tmp_path / "a.json")), "a.json")
    assert report.added["attempt"] >= 1
    assert c.profile_by_alias(long_alias) is not None
