"""`export`, `report` and `profiles list` with `--server`, against a real throw-away
PostgreSQL: two kiosks with different children sync, and either one reads the whole clinic;
a pseudonymised export gives a child one code on every kiosk; every refusal is one line and
the temporary record never stays behind."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_cli_server import admin, kiosk, one_line, run  # noqa: F401 (admin: the fixture)
from test_clinic_view import leftovers

pytestmark = pytest.mark.server

HOLDS = "the clinic's record on the clinic server: 3 children, 10 attempts from 2 devices"


def device_url(admin_url: str) -> str:
    return admin_url.replace(urlsplit(admin_url).netloc.split("@")[0] + "@", "")


@pytest.fixture
def kiosks(
    admin: str,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    capsys,
    monkeypatch,
) -> tuple[list[str], list[str]]:
    """Kiosks a (Mia) and b (Noor) joined to clinic north; a synced, then b: the server
    has both children, kiosk a only Mia."""
    monkeypatch.chdir(tmp_path)
    a, a_yaml = kiosk(tmp_path, "a", "Mia", 0)
    b, b_yaml = kiosk(tmp_path, "b", "Noor", 1)
    assert run(capsys, "server", "init", "--admin-url", admin, "--clinic", "north", *a)[0] == 0
    for folders, app_yaml, label in ((a, a_yaml, "ka"), (b, b_yaml, "kb")):
        run(capsys, "server", "add-device", "--admin-url", admin, "--clinic", "north",
            "--label", label)  # fmt: skip
        app_yaml.write_text(f"server:\n  url: {device_url(admin)}\n  clinic: north\n")
        assert run(capsys, "server", "join", f"{label}.device", *folders)[0] == 0
        assert run(capsys, "sync", *folders)[0] == 0
    return a, b


def csv_rows(file: Path) -> list[dict[str, str]]:
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def left_behind(folders: list[str]) -> list[Path]:
    """What leftovers finds in the data folder the command line was given (`--data-dir`)."""
    return leftovers(Path(folders[1]))


def test_export_profiles_and_report_read_the_whole_clinic(kiosks, tmp_path: Path, capsys) -> None:
    a, _ = kiosks
    out = tmp_path / "clinic.csv"
    code, said, err = run(capsys, "export", "--server", "--format", "csv", "--out", str(out), *a)
    assert code == 0, err
    assert f"sensory-games: note: {HOLDS}" in err.splitlines()
    assert "10 attempts written to" in said
    rows = csv_rows(out)
    assert len(rows) == 10 and {"Mia", "Noor"} <= {row["profile"] for row in rows}
    assert len({row["device_id"] for row in rows}) == 2
    code, said, _ = run(capsys, "export", "--server", "--profile", "Noor", "--out", "n.csv", *a)
    assert code == 0 and {row["profile"] for row in csv_rows(tmp_path / "n.csv")} == {"Noor"}

    code, listed, _ = run(capsys, "profiles", "list", "--server", *a)
    assert code == 0 and "Mia" in listed and "Noor" in listed
    code, here, _ = run(capsys, "profiles", "list", *a)
    assert code == 0 and "Mia" in here and "Noor" not in here  # (kiosk a has not taken Noor)

    pdf = tmp_path / "noor.pdf"
    code, said, err = run(capsys, "report", "--server", "--profile", "Noor", "--out", str(pdf), *a)
    assert code == 0, err
    assert "report of Noor:" in said and pdf.read_bytes().startswith(b"%PDF")
    code, listed, _ = run(capsys, "audit", *a)
    assert f"csv, the clinic's record: 10 attempts to {out.resolve()}" in listed
    assert f"(the clinic's record) to {pdf.resolve()}" in listed
    assert left_behind(a) == []


def test_a_pseudonymised_clinic_export_gives_a_child_one_code_everywhere(
    kiosks, tmp_path: Path, capsys
) -> None:
    codes = []
    for folders, name in zip(kiosks, ("a.csv", "b.csv"), strict=True):
        code, _, err = run(
            capsys, "export", "--server", "--pseudonymize", "--format", "csv", "--out", name,
            *folders,
        )  # fmt: skip
        assert code == 0, err
        codes.append({(row["session_id"], row["profile"]) for row in csv_rows(tmp_path / name)})
        assert left_behind(folders) == []
    assert codes[0] == codes[1] and len({code for _, code in codes[0]}) == 3
    assert not {"Mia", "Noor"} & {code for _, code in codes[0]}


def test_refusals_are_one_line_and_leave_nothing_behind(kiosks, tmp_path: Path, capsys) -> None:
    a, _ = kiosks
    code, _, err = run(capsys, "report", "--server", "--profile", "Nobody", *a)
    assert code == 2 and "no profile called 'Nobody'" in one_line(err.replace(HOLDS, ""))
    assert left_behind(a) == []
    app_yaml = Path(a[3]) / "app.yaml"
    url = app_yaml.read_text()
    port = urlsplit(url.split("url: ")[1].splitlines()[0]).port
    app_yaml.write_text(url.replace(f":{port}/", ":1/"))
    code, _, err = run(capsys, "export", "--server", "--format", "csv", *a)
    assert code == 2 and "cannot reach the clinic server at 127.0.0.1:1" in one_line(err)
    assert left_behind(a) == []
    app_yaml.write_text("")
    code, _, err = run(capsys, "profiles", "list", "--server", *a)
    assert code == 2 and "app.yaml has no server.url" in one_line(err)
    c, c_yaml = kiosk(tmp_path, "c", "Ida", 2)
    c_yaml.write_text(url)
    code, _, err = run(capsys, "export", "--server", "--format", "csv", *c)
    assert code == 2 and "this device has not joined the clinic server" in one_line(err)
