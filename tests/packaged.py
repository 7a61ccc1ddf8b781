"""Helpers for the tests that run the app as a clinic's device gets it (an installed wheel,
the one-folder bundle): as another process, from a folder outside the checkout."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

from sensory_games.activities import level_counts
from sensory_games.domain.config import DEFAULT_CONFIG_DIR


def run_checked(
    command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 180
) -> str:
    """Run `command` and return what it printed; fail the test on a non-zero exit status
    or a traceback on stderr."""
    done = run_plainly(command, cwd, env, timeout)
    assert done.returncode == 0, f"{command}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def run_plainly(
    command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run `command` whatever its exit status; fail the test on a traceback on stderr
    (every failure the app expects is one plain sentence)."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in done.stderr, f"{command}:\n{done.stderr}"
    return done


def plays_and_exports(games: list[str | Path], away: Path, env: dict[str, str]) -> Path:
    """`games` (the command that starts the app) plays one attempt at every level of
    every activity headless into a data folder under `away`, and exports all of them as
    CSV (a row each) and JSON (each in its child's sessions). Returns the data folder."""
    data = away / "data"
    autoplay = [*games, "autoplay", "--headless", "--activity", "all", "--attempts", "1"]
    played = run_checked([*autoplay, "--seed", "3", "--data-dir", data], away, env, 300)
    saved = [line for line in played.splitlines() if line.startswith("saved attempt ")]
    assert len(saved) == sum(level_counts(DEFAULT_CONFIG_DIR).values()), played

    export = [*games, "export", "--data-dir", data]
    run_checked([*export, "--format", "csv", "--out", away / "attempts.csv"], away, env)
    with open(away / "attempts.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(saved)
    run_checked([*export, "--format", "json", "--out", away / "attempts.json"], away, env)
    exported = json.loads((away / "attempts.json").read_text(encoding="utf-8"))
    child = next(p for p in exported["profiles"] if p["profile"] == "Autoplay")
    assert sum(len(session["attempts"]) for session in child["sessions"]) == len(saved)
    return data


def writes_a_report(games: list[str | Path], away: Path, env: dict[str, str], data: Path) -> None:
    """`games` writes the Autoplay child's progress report from `data` as a PDF."""
    report = [*games, "report", "--profile", "Autoplay", "--data-dir", data]
    run_checked([*report, "--out", away / "report.pdf"], away, env)
    assert (away / "report.pdf").read_bytes().startswith(b"%PDF")


def clinic_folder(parent: Path) -> Path:
    """A clinic configuration folder under `parent` whose app.yaml turns kiosk mode on."""
    clinic = parent / "clinic"
    clinic.mkdir()
    (clinic / "app.yaml").write_text("display: {kiosk: true}\n", encoding="utf-8")
    return clinic


def shows_the_clinic_configuration(
    games: list[str | Path], away: Path, env: dict[str, str]
) -> None:
    """`config show` names the clinic folder in $SENSORY_GAMES_CONFIG (a clinic_folder()),
    takes the kiosk key from it and every other key from the defaults shipped inside
    the package."""
    clinic = Path(env["SENSORY_GAMES_CONFIG"])
    shown = run_checked([*games, "config", "show"], away, env)
    assert f"clinic configuration folder: {clinic}" in shown
    kiosk = next(line for line in shown.splitlines() if "display.kiosk" in line)
    assert kiosk.split()[1:] == ["true", str(clinic / "app.yaml")]
    fps = next(line for line in shown.splitlines() if "display.fps" in line)
    assert fps.split()[1:] == ["60", "shipped", "default"]
