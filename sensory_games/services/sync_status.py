"""The one line the adult menu says about the clinic server: when the device last synced
and what moved, since when it has not reached the server and why, the conflicts waiting
to be read, or that the server extra is missing.

It is read from what the last sync kept in the log (`Repository.last_sync()`, written
by services/sync.py's `sync_and_record`, whether `sensory-games sync` or the app's
background sync ran it), so the adult sees the same thing whichever ran last.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime, timezone, tzinfo
from functools import cache
from typing import Any

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

#: The command that lists a sync's conflicts (it prints every one, in full).
SYNC_COMMAND = "sensory-games sync"


@cache
def server_extra_installed() -> bool:
    """psycopg (the optional `server` extra) can be imported here; looked up once, not
    imported, so the adult menu does not load it."""
    return importlib.util.find_spec("psycopg") is not None


def clinic_server_line(
    summary: dict[str, Any] | None,
    *,
    extra_installed: bool,
    now: datetime,
    zone: tzinfo | None = None,
) -> Sentence:
    """The adult's line about the clinic server, for a device with `server.url` set.

    `summary`: repository.last_sync() (None: never synced); `now` (aware) tells whether
    a time is today's (then only its hour and minute are shown); `zone`: where the times
    are said (None: this computer's)."""
    if not extra_installed:
        return Sentence(N_("Clinic server: install the server extra"))
    if summary is None:
        return Sentence(N_("Clinic server: not synced yet"))
    if summary.get("ok"):
        conflicts = len(summary.get("conflicts") or [])
        if conflicts:
            return Sentence.tr_n(
                "Clinic server: {count} conflict — run {command} to see it",
                "Clinic server: {count} conflicts — run {command} to see them",
                conflicts,
                count=conflicts,
                command=SYNC_COMMAND,
            )
        return Sentence(
            N_("Clinic server: synced {time} — {sent} sent, {taken} taken"),
            time=said_time(summary["at"], now, zone),
            sent=summary.get("sent", 0),
            taken=summary.get("taken", 0),
        )
    last_ok = summary.get("last_ok_at")  # (why: in errors.log; the line stays short)
    if last_ok:
        return Sentence(
            N_("Clinic server: not reached since {time} — why: errors.log"),
            time=said_time(last_ok, now, zone),
        )
    return Sentence(N_("Clinic server: not reached yet — why: errors.log"))


def said_time(utc_text: str, now: datetime, zone: tzinfo | None = None) -> str:
    """A UTC time of the log ("2026-12-06T14:02:00.000Z") as the adult reads it: "14:02"
    today, "2026-12-05 14:02" another day (local time in `zone`, else this computer's)."""
    moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    here, today = moment.astimezone(zone), now.astimezone(zone)
    return f"{here:%H:%M}" if here.date() == today.date() else f"{here:%Y-%m-%d %H:%M}"
