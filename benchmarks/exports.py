"""Export and report speed for `make bench`: a clinic-sized log built from real attempts.

The log: every attempt the frame-time benchmark just played (real metrics, parameters,
targets and samples of every activity), copied with new ids to 100,000 attempts of 40
children over a year, accuracy and time jittered around a slow improvement; each session
starts with a check-in, and each calm attempt has one before and one after it (the CSV
export joins the feelings to their attempts). Only the
reported child's copies keep their raw samples (a CSV export never reads them; 100,000
attempts with samples would be over a gigabyte of setup for nothing).
"""

from __future__ import annotations

import random
import resource
import statistics
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.clock import utc_iso
from sensory_games.services.export import json_document, write_export
from sensory_games.storage import Repository
from sensory_games.storage.transfer import RecordStore

ATTEMPTS = 100_000
CHILDREN = 40
REPORTED_CHILD_ATTEMPTS = 1_000
SESSION_ATTEMPTS = 8
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
#: Each export is timed this many times and its median printed: this machine's speed
#: moves by a third within minutes (its one full-screen copy from 0.49 to 0.70 ms).
EXPORT_RUNS = 3


#: A template with more live intensity changes than this is the frame-time benchmark's
#: "a change every frame" stress run, not what a therapist does: left out.
MOST_CHANGES = 20


def real_attempts(played: Repository) -> list[dict[str, Any]]:
    """Every attempt in `played` as its JSON export record (samples and target included),
    but the slider stress run."""
    document = json_document(played, samples=True)
    return [
        a
        for p in document["profiles"]
        for s in p["sessions"]
        for a in s["attempts"]
        if len(a["intensity"].get("changes", ())) <= MOST_CHANGES
    ]


def build_log(folder: Path, templates: list[dict[str, Any]], seed: int = 5) -> Repository:
    """A log of ATTEMPTS copies of `templates`; child 0 ("Reported child") has
    REPORTED_CHILD_ATTEMPTS of them, the others share the rest."""
    rng = random.Random(seed)
    log = Repository(folder)
    children = [log.add_profile(alias="Reported child", dominant_hand="right")] + [
        log.add_profile(alias=f"Child {k:02d}") for k in range(1, CHILDREN)
    ]
    shares = [REPORTED_CHILD_ATTEMPTS] + [
        (ATTEMPTS - REPORTED_CHILD_ATTEMPTS) // (CHILDREN - 1)
    ] * (CHILDREN - 1)
    shares[-1] += ATTEMPTS - sum(shares)  # what the division left over
    store = log.transfer()
    with log.transaction():
        for child, count in zip(children, shares, strict=True):
            keep_samples = child is children[0]
            for k in range(count):
                if k % SESSION_ATTEMPTS == 0:
                    day = START + timedelta(days=365 * k / count, minutes=rng.randrange(480))
                    session = {
                        "session_id": str(uuid.uuid4()),
                        "device_id": log.device_id,
                        "started_at": utc_iso(day),
                        "ended_at": utc_iso(day + timedelta(minutes=40)),
                    }
                    store.insert_session(session, child.id)
                    _check_in(store, rng, session, child.id, "session_start", None, day)
                at = day + timedelta(minutes=4 * (k % SESSION_ATTEMPTS) + 1)
                record = _copy(rng.choice(templates), rng, k / count, at, keep_samples)
                store.insert_attempt(record, session["session_id"], child.id)
                if record["activity"] == "calming":  # (a calm attempt's feelings around it)
                    before, after = at - timedelta(seconds=20), at + timedelta(minutes=3)
                    attempt_id = record["attempt_id"]
                    _check_in(store, rng, session, child.id, "before", attempt_id, before)
                    _check_in(store, rng, session, child.id, "after", attempt_id, after)
    return log


def _check_in(
    store: RecordStore,
    rng: random.Random,
    session: dict[str, Any],
    profile_id: str,
    moment: str,
    attempt_id: str | None,
    at: datetime,
) -> None:
    """A check-in of `moment` at `at`: a face 1-5, or (one in ten) no answer."""
    answered = rng.random() >= 0.1
    record = {
        "check_in_id": str(uuid.uuid4()),
        "device_id": session["device_id"],
        "attempt_id": attempt_id,
        "moment": moment,
        "feeling": rng.randint(1, 5) if answered else None,
        "asked_at": utc_iso(at),
        "answer_s": round(rng.uniform(1.0, 8.0), 2) if answered else None,
        "scale": "faces",
    }
    store.insert_check_in(record, session["session_id"], profile_id)


def _copy(
    template: dict[str, Any], rng: random.Random, progress: float, at: datetime, samples: bool
) -> dict[str, Any]:
    """`template` as a new attempt at `at`, better by up to 0.2 as `progress` goes 0 -> 1."""
    record = {**template, "attempt_id": str(uuid.uuid4()), "started_at": utc_iso(at)}
    if record["accuracy"] is not None:
        jitter = rng.gauss(0.2 * progress - 0.1, 0.08)
        record["accuracy"] = min(1.0, max(0.0, record["accuracy"] + jitter))
    if record["completion_time_s"] is not None:
        record["completion_time_s"] *= rng.uniform(1.2, 0.8 + 0.2 * (1 - progress))
    if not samples:
        record.pop("samples", None)
    return record


def export_speed(played: Repository, folder: Path) -> None:
    """Print the time to export 100,000 attempts to CSV (and JSON), and to write a
    report for a child with 1,000 attempts."""
    templates = real_attempts(played)
    started = time.perf_counter()
    log = build_log(folder / "clinic", templates)
    built_s = time.perf_counter() - started
    print(
        f"Exports: a log of {ATTEMPTS:,} attempts of {CHILDREN} children copied from "
        f"{len(templates)} real ones (built in {built_s:.1f} s, not timed below)"
    )
    for fmt in ("csv", "json"):
        out = folder / f"export.{fmt}"
        seconds: list[float] = []
        for _ in range(EXPORT_RUNS):
            started = time.perf_counter()
            count = write_export(log, fmt, out)
            seconds.append(time.perf_counter() - started)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size_mb = out.stat().st_size / 1e6
        target = "  (target under 0.5 s)" if fmt == "csv" else "  (target under 3 s)"
        print(
            f"  {fmt.upper()} export of {count:,} attempts: {statistics.median(seconds):.2f} s"
            f" (median of {EXPORT_RUNS}; {min(seconds):.2f}-{max(seconds):.2f}),"
            f" {size_mb:.1f} MB, process peak RSS so far {peak_mb:.0f} MB{target}"
        )
    report_speed(log, folder)
    log.close()


def report_speed(log: Repository, folder: Path) -> None:
    """Time the PDF report of the child with REPORTED_CHILD_ATTEMPTS attempts: the first in
    this process (the figure against the target), then the next (fonts and words cached)."""
    from sensory_games.activities import showing
    from sensory_games.services.report import ReportRequest, report_tools_missing, write_report

    if report_tools_missing():
        print("  report: skipped (uharfbuzz is not installed: the `report` extra)")
        return
    out = folder / "report.pdf"
    request = ReportRequest(alias="Reported child", showing=showing())
    seconds: list[float] = []  # the first report in this process (cold), then the next
    for _ in range(2):
        started = time.perf_counter()
        summary = write_report(log, request, out)
        seconds.append(time.perf_counter() - started)
    print(
        f"  PDF report of a child with {summary.attempts:,} attempts: {seconds[0]:.2f} s "
        f"(the next one {seconds[1]:.2f} s), {summary.pages} pages, "
        f"{out.stat().st_size / 1e3:.0f} KB  (target under 1 s)"
    )
