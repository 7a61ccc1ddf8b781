"""Unit tests of sensory_games/services/export.py: exact CSV bytes and the nested JSON document."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import Profile
from sensory_games.services.export import (
    LEADING_COLUMNS,
    csv_text,
    format_number,
    json_document,
    write_export,
)
from sensory_games.storage import AttemptRecord, Repository, Selection
from sensory_games.storage.csv_cells import format_intensity
from sensory_games.version import build_version

ID_1 = "00000000-0000-4000-8000-000000000001"
ID_2 = "00000000-0000-4000-8000-000000000002"
ID_3 = "00000000-0000-4000-8000-000000000003"

BALANCED = "preset=balanced;visual=0.60;motion=0.50;sound=0.50;complexity=0.60;feedback=0.60"
CALM = "preset=calm;visual=0.30;motion=0.20;sound=0.20;complexity=0.25;feedback=0.30"
HEADER = (
    "attempt_id,device_id,session_id,profile,activity,variant,level,started_at,completion_time_s,"
    "accuracy,completed,abort_reason,intensity,dominant_hand,pointer,feeling_before,feeling_after,"
    "hits,"
    "mean_reaction_s,misses,app_version\r\n"
)


def intensity(name: str) -> dict[str, object]:
    return {"preset": name, **PRESETS[name].as_dict()}


def save(
    repository: Repository,
    profile: Profile,
    session_id: str,
    attempt_id: str,
    clock: VirtualClock,
    result: Result,
    *,
    level: int = 2,
    preset_name: str = "balanced",
    dominant_hand: str = "left",
) -> None:
    repository.save_attempt(
        AttemptRecord(
            session_id=session_id,
            profile_id=profile.id,
            activity="bubbles",
            variant="standard",
            level=level,
            parameters={"target_mm": 35.0, "bubbles_to_pop": 8},
            intensity=intensity(preset_name),
            started_at=clock.wall_utc(),
            result=result,
            samples=(PointerEvent(1, "down", 1.0, 2.0, clock.now() + 0.5, "touch"),),
            samples_start=clock.now(),
            dominant_hand=dominant_hand,
            id=attempt_id,
        )
    )


COMPLETED = Result(
    completed=True,
    duration_s=12.5,
    completion_time_s=12.5,
    accuracy=0.8,
    metrics={
        "misses": Metric(2, "count"),
        "hits": Metric(8, "count"),
        "mean_reaction_s": Metric(0.75, "s"),
    },
)
ABORTED = Result(
    completed=False,
    duration_s=4.25,
    completion_time_s=None,
    accuracy=None,
    metrics={"hits": Metric(3, "count")},
    abort_reason="calm_down",
)


@pytest.fixture
def filled(repository: Repository, clock: VirtualClock) -> dict[str, str]:
    """Mia: one completed attempt at 09:00:05 and one aborted at 09:01:00 (same session)."""
    mia = repository.add_profile(alias="Mia", animal="cat")
    session = repository.start_session(mia.id, clock.wall_utc())
    clock.advance(5.0)
    save(repository, mia, session, ID_1, clock, COMPLETED)
    clock.advance(55.0)
    save(repository, mia, session, ID_2, clock, ABORTED, level=3, preset_name="calm")
    return {"mia": mia.id, "session": session}


def expected_csv(device: str, session: str) -> str:
    version = build_version()
    return (
        HEADER
        + f"{ID_1},{device},{session},Mia,bubbles,standard,2,2026-01-01T09:00:05.000Z,12.5000,"
        f"0.8000,1,,{BALANCED},left,unknown,,,8,0.7500,2,{version}\r\n"
        + f"{ID_2},{device},{session},Mia,bubbles,standard,3,2026-01-01T09:01:00.000Z,,,"
        f"0,calm_down,{CALM},left,unknown,,,3,,,{version}\r\n"
    )


def test_csv_export_exact_bytes(repository: Repository, filled, tmp_path: Path):
    out = tmp_path / "export.csv"
    assert write_export(repository, "csv", out) == 2
    assert out.read_bytes() == expected_csv(repository.device_id, filled["session"]).encode()


def test_csv_header_is_the_leading_columns_then_sorted_metrics_then_the_app_version(
    repository: Repository, filled
):
    header = csv_text(repository.attempts()).split("\r\n")[0].split(",")
    assert len(LEADING_COLUMNS) == 17
    assert tuple(header[:17]) == LEADING_COLUMNS
    assert header[:4] == ["attempt_id", "device_id", "session_id", "profile"]
    assert header[17:] == ["hits", "mean_reaction_s", "misses", "app_version"]


def test_csv_uses_crlf_line_ends_only(repository: Repository, filled, tmp_path: Path):
    out = tmp_path / "export.csv"
    write_export(repository, "csv", out)
    data = out.read_bytes()
    assert data.count(b"\r\n") == 3
    assert data.count(b"\n") == 3
    assert data.endswith(b"\r\n")


def test_empty_csv_export_is_just_the_header(repository: Repository, tmp_path: Path):
    out = tmp_path / "empty.csv"
    assert write_export(repository, "csv", out) == 0
    assert out.read_bytes() == (",".join((*LEADING_COLUMNS, "app_version")) + "\r\n").encode()


def test_csv_quotes_aliases_with_commas_and_quotes(repository: Repository, clock: VirtualClock):
    child = repository.add_profile(alias='Ana "Bea", Jr')
    session = repository.start_session(child.id, clock.wall_utc())
    save(repository, child, session, ID_3, clock, COMPLETED)
    row = csv_text(repository.attempts()).split("\r\n")[1]
    assert row.startswith(f'{ID_3},{repository.device_id},{session},"Ana ""Bea"", Jr",bubbles,')


def test_csv_filters_by_profile_and_since(
    repository: Repository, filled, clock: VirtualClock, tmp_path: Path
):
    noor = repository.add_profile(alias="Noor")
    session = repository.start_session(noor.id, clock.wall_utc())
    clock.advance(86_400.0)  # the next day
    save(repository, noor, session, ID_3, clock, COMPLETED)

    out = tmp_path / "mia.csv"
    assert write_export(repository, "csv", out, Selection(profile_alias="MIA")) == 2
    assert out.read_bytes() == expected_csv(repository.device_id, filled["session"]).encode()

    out = tmp_path / "since.csv"
    assert write_export(repository, "csv", out, Selection(since="2026-01-02")) == 1
    lines = out.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] + "\r\n" == HEADER
    assert lines[1] == (
        f"{ID_3},{repository.device_id},{session},Noor,bubbles,standard,2,2026-01-02T09:01:00.000Z,"
        f"12.5000,0.8000,1,,{BALANCED},left,unknown,,,8,0.7500,2,{build_version()}"
    )
    assert lines[2:] == [""]


# -- JSON -------------------------------------------------------------------------------------


def test_json_export_round_trips_nested(repository: Repository, filled, tmp_path: Path):
    out = tmp_path / "export.json"
    assert write_export(repository, "json", out) == 2
    document = json.loads(out.read_text(encoding="utf-8"))
    device = repository.device_id
    created_at = document["profiles"][0]["created_at"]  # the moment Mia was added
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", created_at)
    assert document == {
        "format": "sensory_games-export-2",
        "app_version": build_version(),
        "pseudonymised": False,
        "profiles": [
            {
                "profile": "Mia",
                "profile_id": filled["mia"],
                "device_id": device,
                "animal": "cat",
                "colour": 0,
                "age_band": "6-8",
                "dominant_hand": "unknown",
                "pointer": "finger",
                "intensity_preset": "balanced",
                "intensity": PRESETS["balanced"].as_dict(),
                "language": "",
                "voice": True,
                "check_in_scale": "",
                "archived": False,
                "created_at": created_at,
                "level_changes": [],
                "goals": [],
                "sessions": [
                    {
                        "session_id": filled["session"],
                        "device_id": device,
                        "started_at": "2026-01-01T09:00:00.000Z",
                        "ended_at": None,
                        "check_ins": [],
                        "attempts": [
                            {
                                "attempt_id": ID_1,
                                "device_id": device,
                                "activity": "bubbles",
                                "variant": "standard",
                                "level": 2,
                                "parameters": {"target_mm": 35.0, "bubbles_to_pop": 8},
                                "intensity": intensity("balanced"),
                                "started_at": "2026-01-01T09:00:05.000Z",
                                "duration_s": 12.5,
                                "completion_time_s": 12.5,
                                "accuracy": 0.8,
                                "completed": True,
                                "abort_reason": None,
                                "metrics": {
                                    "hits": {"value": 8.0, "unit": "count"},
                                    "mean_reaction_s": {"value": 0.75, "unit": "s"},
                                    "misses": {"value": 2.0, "unit": "count"},
                                },
                                "px_per_mm": None,
                                "origin": "child",
                                "dominant_hand": "left",
                                "pointer": "unknown",
                                "feeling_before": None,
                                "feeling_after": None,
                                "app_version": build_version(),
                            },
                            {
                                "attempt_id": ID_2,
                                "device_id": device,
                                "activity": "bubbles",
                                "variant": "standard",
                                "level": 3,
                                "parameters": {"target_mm": 35.0, "bubbles_to_pop": 8},
                                "intensity": intensity("calm"),
                                "started_at": "2026-01-01T09:01:00.000Z",
                                "duration_s": 4.25,
                                "completion_time_s": None,
                                "accuracy": None,
                                "completed": False,
                                "abort_reason": "calm_down",
                                "metrics": {"hits": {"value": 3.0, "unit": "count"}},
                                "px_per_mm": None,
                                "origin": "child",
                                "dominant_hand": "left",
                                "pointer": "unknown",
                                "feeling_before": None,
                                "feeling_after": None,
                                "app_version": build_version(),
                            },
                        ],
                        "notes": [],
                    }
                ],
            }
        ],
    }
    assert out.read_text(encoding="utf-8").endswith("}\n")


def test_json_groups_profiles_and_sessions(
    repository: Repository, filled, clock: VirtualClock, tmp_path: Path
):
    mia = repository.profile_by_alias("Mia")
    noor = repository.add_profile(alias="Nöör 🐻")
    clock.advance(60.0)
    second = repository.start_session(mia.id, clock.wall_utc())
    save(repository, mia, second, ID_3, clock, ABORTED)
    noor_session = repository.start_session(noor.id, clock.wall_utc())
    clock.advance(1.0)
    save(repository, noor, noor_session, "noor-attempt", clock, COMPLETED)

    out = tmp_path / "all.json"
    assert write_export(repository, "json", out) == 4
    assert "Nöör 🐻".encode() in out.read_bytes()  # UTF-8, not \\u escapes
    document = json.loads(out.read_bytes())
    profiles = {p["profile"]: p["sessions"] for p in document["profiles"]}
    assert list(profiles) == ["Mia", "Nöör 🐻"]
    assert [s["session_id"] for s in profiles["Mia"]] == [filled["session"], second]
    assert [[a["attempt_id"] for a in s["attempts"]] for s in profiles["Mia"]] == [
        [ID_1, ID_2],
        [ID_3],
    ]
    assert [a["attempt_id"] for a in profiles["Nöör 🐻"][0]["attempts"]] == ["noor-attempt"]

    only_noor = json_document(repository, Selection(profile_alias="nöör 🐻"))
    assert [p["profile"] for p in only_noor["profiles"]] == ["Nöör 🐻"]
    later = json_document(repository, Selection(since="2026-01-01T09:01:30"))
    assert [
        a["attempt_id"] for p in later["profiles"] for s in p["sessions"] for a in s["attempts"]
    ] == [
        ID_3,
        "noor-attempt",
    ]


def test_empty_json_export(repository: Repository, tmp_path: Path):
    out = tmp_path / "empty.json"
    assert write_export(repository, "json", out) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["profiles"] == []


# -- files and formatting helpers -------------------------------------------------------------


def test_export_file_is_private_and_parent_folders_are_made(repository: Repository, tmp_path):
    out = tmp_path / "deep" / "er" / "export.csv"
    write_export(repository, "csv", out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_unknown_export_format_is_rejected(repository: Repository, tmp_path: Path):
    out = tmp_path / "export.xlsx"
    with pytest.raises(ValueError, match="must be csv or json"):
        write_export(repository, "xlsx", out)
    assert not out.exists()


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (None, "", ""),
        (None, "count", ""),
        (8.0, "count", "8"),
        (7.6, "count", "8"),
        (0.75, "s", "0.7500"),
        (12.5, "", "12.5000"),
        (0.123456, "0..1", "0.1235"),
        (0.0, "mm", "0.0000"),
    ],
)
def test_format_number(value, unit, text):
    assert format_number(value, unit) == text


def test_format_intensity():
    assert format_intensity(intensity("balanced")) == BALANCED
    assert format_intensity({"visual": 1, "sound": 0.125}) == "preset=custom;visual=1.00;sound=0.12"
    assert format_intensity({}) == "preset=custom"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(repository, tmp_path):
    from sensory_games.storage.csv_cells import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Sam") == "Sam"
    assert spreadsheet_safe("") == ""


@pytest.mark.parametrize("fill", [True, False])
@pytest.mark.parametrize("indent", [None, 0, 2, 4])
def test_the_json_file_is_the_document_compact_or_with_the_indent_asked(
    repository: Repository, clock: VirtualClock, tmp_path: Path, fill: bool, indent: int | None
):
    if fill:
        for alias in ("Mia", "Nöör"):
            child = repository.add_profile(alias=alias)
            save(repository, child, repository.start_session(child.id, clock.wall_utc()),
                 f"{alias}-attempt", clock, COMPLETED)  # fmt: skip
    out = tmp_path / "export.json"
    write_export(repository, "json", out, indent=indent)
    document = json_document(repository)
    assert len(document["profiles"]) == (2 if fill else 0)
    separators = (",", ":") if indent is None else None
    written = json.dumps(document, indent=indent, ensure_ascii=False, separators=separators)
    assert out.read_text(encoding="utf-8") == written + "\n"


def test_every_text_cell_is_quoted_and_defused_as_the_csv_module_would(
    repository: Repository, clock: VirtualClock
):
    import csv
    import io

    child = repository.add_profile(alias="Mia")
    session = repository.start_session(child.id, clock.wall_utc())
    odd = Result(False, 1.0, None, None, {"hits": Metric(1, "count")}, "quit")
    repository.save_attempt(
        AttemptRecord(
            session, child.id, "bubbles", "=cmd|x", 1, {}, {"preset": "calm"}, clock.wall_utc(),
            odd, dominant_hand="+left", id=ID_1,
        )
    )  # fmt: skip
    repository.connection.execute(  # a text no app writes, but a CSV must survive anyway
        "UPDATE attempts SET abort_reason = ? WHERE id = ?", ('quit, "early"\nnow', ID_1)
    )
    header, row = csv.reader(io.StringIO(csv_text(repository.attempts()), newline=""))
    assert len(row) == len(header)
    cells = dict(zip(header, row, strict=True))
    assert cells["abort_reason"] == 'quit, "early"\nnow'
    assert (cells["variant"], cells["dominant_hand"]) == ("'=cmd|x", "'+left")
    assert cells["hits"] == "1"
