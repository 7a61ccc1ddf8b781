"""What one check of `sensory-games doctor` found (services/doctor.py, doctor_files.py):
its status and, in English Sentences the command line says in the clinic's language,
what was found and what to do."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Status(enum.Enum):
    """How a check came out; FIX makes the command's exit status 1."""

    OK = "OK"
    WARN = "WARN"
    FIX = "FIX"


@dataclass(frozen=True)
class Finding:
    """One check's answer: `detail` says what was found, `action` what to do about it
    (empty when the status is OK); both are English Sentences the command line renders in
    the clinic's language (the check's name and status stay as they are: scripts read them)."""

    check: str
    status: Status
    detail: str
    action: str = ""


def worst(findings: Iterable[Finding]) -> Status:
    """FIX if any finding is FIX, else WARN if any is WARN, else OK."""
    statuses = {finding.status for finding in findings}
    for status in (Status.FIX, Status.WARN):
        if status in statuses:
            return status
    return Status.OK
