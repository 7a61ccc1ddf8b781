"""The JSON export streamed and compact by default, `--indent N` for people: the same
document either way (docs/export.md), attempts written from their rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from records import at, fill_device, log_attempt, log_check_in
from records import attempt as made

from sensory_games.cli import options
from sensory_games.cli.entry import main
from sensory_games.domain.outcome import Metric
from sensory_games.services import export_json
from sensory_games.services.attempt_text import AttemptText, compact
from sensory_games.services.export import write_export
from sensory_games.services.export_json import ATTEMPT_FIELDS, attempt_record, json_document
from sensory_games.storage import Repository, Selection

EXIT_USAGE = 2


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Repository]:
    """Mia and Noor's kiosk (fill_device), a level set by hand, a session note, and two
    sessions of Mia's merged from two kiosks whose attempts interleave in time."""
    log = Repository(tmp_path / "clinic")
    mia = fill_device(log, "Mia")
    noor = fill_device(log, "Noor", day=1)
    log.set_level(noor.id, "tracing", 3, "therapist: ready for curves")
    morning = log.start_session(mia.id, at(600))
    log.add_session_note(morning, mia.id, "OT", "Calmer, after the swing")
    other_kiosk = log.start_session(mia.id, at(602))
    for minutes, session in ((603, other_kiosk), (604, morning), (605, other_kiosk)):
        log_attempt(log, mia, session, minutes, metrics={"in_time": Metric(62.5, "%")})
    log_check_in(log, mia, morning, "session_end", 5, 606)
    yield log
    log.close()


def document_text(document: dict[str, Any], indent: int | None) -> str:
    """What `json.dumps` writes for `document`, compact or indented, and a new line."""
    separators = (",", ":") if indent is None else None
    return json.dumps(document, indent=indent, separators=separators, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"samples": True},
        {"codes": lambda profile_id: f"C-{profile_id[:4]}"},
        {"samples": True, "codes": lambda profile_id: f"C-{profile_id[:4]}"},
        {"selection": Selection(profile_alias="mia", since="2026-01-01T09:10:00")},
        {"selection": Selection(activity="tracing")},
    ],
)
def test_the_export_file_is_the_document_compact_or_indented(
    clinic: Repository, tmp_path: Path, indent: int | None, options: dict[str, Any]
) -> None:
    out = tmp_path / "export.json"
    selection = options.pop("selection", None)
    count = write_export(clinic, "json", out, selection, indent=indent, **options)
    document = json_document(clinic, selection, **options)
    assert out.read_text(encoding="utf-8") == document_text(document, indent)
    assert count == sum(len(s["attempts"]) for p in document["profiles"] for s in p["sessions"])
    assert count > 0


def test_the_compact_file_is_one_line_and_smaller_than_the_indented(
    clinic: Repository, tmp_path: Path
) -> None:
    write_export(clinic, "json", tmp_path / "compact.json")
    write_export(clinic, "json", tmp_path / "indented.json", indent=2)
    compact_text = (tmp_path / "compact.json").read_text(encoding="utf-8")
    indented = (tmp_path / "indented.json").read_text(encoding="utf-8")
    assert compact_text.count("\n") == 1 and compact_text.endswith("}\n")
    assert json.loads(compact_text) == json.loads(indented)
    assert len(compact_text) < len(indented) * 0.6


def test_sessions_come_in_the_order_of_their_first_attempt_even_when_they_overlap(
    clinic: Repository, tmp_path: Path
) -> None:
    """The order exports had when a child's attempts were grouped by session in start
    order: worked out here from the attempts in start order, not from the export."""
    out = tmp_path / "export.json"
    write_export(clinic, "json", out)
    [mia] = [p for p in json.loads(out.read_bytes())["profiles"] if p["profile"] == "Mia"]
    expected: dict[str, list[str]] = {}
    for a in clinic.attempts(profile_alias="Mia"):
        expected.setdefault(a.session_id, []).append(a.id)
    written = {
        s["session_id"]: [a["attempt_id"] for a in s["attempts"]]
        for s in mia["sessions"]
        if s["attempts"]
    }
    assert list(written.items()) == list(expected.items())
    assert [len(ids) for ids in written.values()][-2:] == [2, 1]  # (the overlapping pair)


def test_an_attempt_is_written_exactly_as_json_dumps_writes_its_record(tmp_path: Path) -> None:
    """Texts with commas, quotes, % and non-ASCII (as another program might have stored
    them); a % unit; -0.0 and None; feelings before and not after."""
    log = Repository(tmp_path / "log")
    child = log.add_profile(alias="Zoë", animal="cat", colour=2, dominant_hand="left")
    session = log.start_session(child.id, at(0))
    plain = log_attempt(log, child, session, 3, metrics={"taps": Metric(8, "count")})
    metrics = {"in_time": Metric(62.5, "%"), 'a, "b"': Metric(-0.0, "{u}")}
    odd = made(child, session, 4, completion_time_s=None, accuracy=None, metrics=metrics)
    odd = replace(odd, parameters={"é": "x,y", "n": [1, 2.5], "p": "50%"})
    assert log.save_attempt(odd)
    log_check_in(log, child, session, "before", 2, 3.5, odd.id)
    log_attempt(log, child, session, 5)
    log.connection.execute(  # (texts the app would not store: another program's)
        "UPDATE attempts SET variant = ?, device_id = ?, app_version = ? WHERE id = ?",
        ('two, "hands" 100%', "kiosk,1", "0.9 %s ünï", odd.id),
    )
    log.connection.commit()
    writer, feelings = AttemptText(ATTEMPT_FIELDS), log.latest_feelings()
    _, rows = log.child_attempt_records(child.id, Selection(), ATTEMPT_FIELDS)
    written = [writer.record(row, feelings) for row in rows]
    expected = [
        json.dumps(attempt_record(a), separators=(",", ":"), ensure_ascii=False).encode()
        for a in log.attempts(profile_alias="Zoë")
    ]
    assert written == expected and len(written) == 3
    assert plain.encode() in written[0] and b'"feeling_before":2' in written[1]
    assert compact({"a": [1.5, None]}) == '{"a":[1.5,null]}'
    log.close()


def test_the_compact_export_goes_to_the_file_as_it_is_read(
    clinic: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handed to the file in pieces (here one per attempt), never held whole."""
    writes: list[bytes] = []
    opened = export_json.private_file

    class Recording:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            writes.append(data)
            return int(self.handle.write(data))

    @contextmanager
    def recording_file(*args: Any, **kwargs: Any) -> Iterator[Recording]:
        with opened(*args, **kwargs) as handle:
            yield Recording(handle)

    monkeypatch.setattr(export_json, "WRITE_CHARS", 1)
    monkeypatch.setattr(export_json, "private_file", recording_file)
    out = tmp_path / "export.json"
    count = write_export(clinic, "json", out)
    assert len(writes) > count > 1
    assert b"".join(writes) == out.read_bytes()


@pytest.mark.parametrize("indent", [-1, 9, 1000])
def test_an_indent_out_of_range_is_refused(clinic: Repository, tmp_path: Path, indent: int):
    with pytest.raises(ValueError, match=r"indent -?\d+: must be 0\.\.8 spaces"):
        write_export(clinic, "json", tmp_path / "x.json", indent=indent)
    with pytest.raises(ValueError, match="only a JSON export is indented"):
        write_export(clinic, "csv", tmp_path / "x.csv", indent=2)
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "json", "--indent", "-1"], "must be a whole number of spaces from 0 to 8"),
        (["--format", "json", "--indent", "99"], "'99': must be a whole number of spaces"),
        (["--format", "json", "--indent", "two"], "'two': must be a whole number of spaces"),
        (["--format", "csv", "--indent", "2"], "--indent lays out the JSON export"),
    ],
)
def test_the_command_refuses_a_bad_indent_in_one_line(tmp_path, capsys, args, needle) -> None:
    log = Repository(tmp_path)
    fill_device(log, "Mia")
    log.close()
    try:  # (argparse stops on a value it cannot read, after its usage lines)
        code = main(["export", *args, "--data-dir", str(tmp_path), "--out", str(tmp_path / "x")])
    except SystemExit as stopped:
        code = stopped.code
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert needle in err.strip().splitlines()[-1] and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_the_command_writes_the_indent_asked(tmp_path, capsys) -> None:
    log = Repository(tmp_path)
    fill_device(log, "Mia")
    document = json_document(log)
    log.close()
    for indent in ("2", None):
        out = tmp_path / f"export-{indent}.json"
        chosen = ["--indent", indent] if indent else []
        argv = ["export", "--format", "json", *chosen, "--data-dir", str(tmp_path)]
        assert main([*argv, "--out", str(out)]) == 0
        written = out.read_text(encoding="utf-8")
        assert written == document_text(document, int(indent) if indent else None)
    assert options.MOST_INDENT == export_json.MOST_INDENT
