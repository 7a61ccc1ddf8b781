"""What belongs to this device rather than to a child: the adults' PIN (only its hash)
and the keypad's lockout, the touch/sound latency calibration, and the audit list of
what adults did here.

The PIN is kept in its own file beside the log (storage.pin_store), so that a damaged
log moved aside does not take it with it; logs made by earlier versions kept it in their
meta table, and opening moves it out (:meth:`AdultsAndDevice._after_opening`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from dataclasses import replace
from datetime import datetime, timezone

from sensory_games.domain import records
from sensory_games.domain.beat_timing import DeviceLatency
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.language import N_
from sensory_games.domain.pin import KeypadState, is_pin_hash
from sensory_games.domain.sentence import Sentence
from sensory_games.storage.opening import OpenLog
from sensory_games.storage.pin_store import AdultPin, PinStore
from sensory_games.storage.rows import AuditEntry, StorageError, now_iso

#: The meta keys of this device's one latency calibration as versions before tempo and cue
#: were kept stored it (read, and replaced by a new one at LEGACY_SETTING).
LATENCY_KEYS = ("latency_offset_ms", "latency_spread_ms", "latency_taps", "latency_at")
#: The (tempo in bpm, cue) those versions calibrated at.
LEGACY_SETTING = (80.0, "sound_and_glow")
#: A calibration per tempo and cue: meta key "timing_calibration:<bpm>:<cue>", its fields
#: as JSON.
CALIBRATION_KEY = "timing_calibration"


def calibration_key(tempo_bpm: float, cue: str) -> str:
    """The meta key of the calibration for beats at `tempo_bpm` cued by `cue`."""
    return f"{CALIBRATION_KEY}:{tempo_bpm:g}:{cue}"


#: The meta keys earlier versions kept the PIN and the keypad's lockout in.
LOG_PIN_KEYS = ("pin_hash", "keypad_wrong", "keypad_lockouts", "keypad_locked_until")
#: The audit list (AuditEntry's fields) in time order, from a time on (None: all of it).
AUDIT_ENTRIES = (
    "SELECT a.at, a.action, p.alias, a.detail FROM audit a"
    " LEFT JOIN profiles p ON p.id = a.profile_id"
    " WHERE ? IS NULL OR a.at >= ? ORDER BY a.at, a.rowid"  # (same instant: as written)
)


def _keypad_from_log(rows: dict[str, str]) -> KeypadState:
    """The keypad state as earlier versions kept it in the log's meta table (unreadable
    values: a fresh keypad, as those versions read them)."""
    try:
        until = rows.get("keypad_locked_until")
        locked_until = datetime.fromisoformat(until) if until else None
        if locked_until is not None and locked_until.tzinfo is None:
            locked_until = locked_until.replace(tzinfo=timezone.utc)
        wrong, lockouts = int(rows.get("keypad_wrong", 0)), int(rows.get("keypad_lockouts", 0))
        return KeypadState(max(0, wrong), max(0, lockouts), locked_until)
    except ValueError:
        return KeypadState()


class AdultsAndDevice(OpenLog):
    """The PIN, the keypad's lockout, the latency calibration and the audit list."""

    #: The PIN file beside the log (opened by :meth:`_after_opening`).
    pin_store: PinStore

    def _meta_values(self, keys: tuple[str, ...]) -> dict[str, str]:
        """The values of those of `keys` the log's meta table holds, by key."""
        marks = ", ".join("?" * len(keys))
        query = f"SELECT key, value FROM meta WHERE key IN ({marks})"
        return dict(self.connection.execute(query, keys).fetchall())

    def _forget_meta(self, keys: tuple[str, ...]) -> None:
        """Remove `keys` from the log's meta table (inside the caller's transaction)."""
        marks = ", ".join("?" * len(keys))
        self.connection.execute(f"DELETE FROM meta WHERE key IN ({marks})", keys)

    # -- this device's latency calibration -------------------------------------------------

    def device_latencies(self) -> list[DeviceLatency]:
        """This device's saved tap-along calibrations, one per tempo and cue, by tempo
        (unreadable entries are left out). A calibration from before tempo and cue were
        kept (the LATENCY_KEYS) reads as one at 80 bpm with sound and glow, habit 0."""
        found = []
        legacy = self._meta_values(LATENCY_KEYS)
        if len(legacy) == len(LATENCY_KEYS):
            with contextlib.suppress(ValueError):
                found.append(
                    DeviceLatency(
                        float(legacy["latency_offset_ms"]),
                        float(legacy["latency_spread_ms"]),
                        int(legacy["latency_taps"]),
                        legacy["latency_at"],
                    )
                )
        rows = self.connection.execute(
            "SELECT value FROM meta WHERE key LIKE ? ORDER BY key", (CALIBRATION_KEY + ":%",)
        ).fetchall()
        for (value,) in rows:
            with contextlib.suppress(ValueError, TypeError, KeyError):
                fields = json.loads(value)
                found.append(
                    DeviceLatency(
                        float(fields["offset_ms"]),
                        float(fields["spread_ms"]),
                        int(fields["taps"]),
                        str(fields["measured_at"]),
                        float(fields["tempo_bpm"]),
                        str(fields["cue"]),
                        float(fields["habit_ms"]),
                    )
                )
        return sorted(found, key=lambda latency: (latency.tempo_bpm, latency.cue))

    def set_device_latency(self, latency: DeviceLatency | None) -> None:
        """Store a calibration in place of any for the same tempo and cue (with None:
        forget every calibration of this device)."""
        with self.transaction():
            if latency is None:
                self._forget_meta(LATENCY_KEYS)
                self.connection.execute(
                    "DELETE FROM meta WHERE key LIKE ?", (CALIBRATION_KEY + ":%",)
                )
                return
            if (latency.tempo_bpm, latency.cue) == LEGACY_SETTING:
                self._forget_meta(LATENCY_KEYS)  # (this one replaces it)
            fields = {
                "offset_ms": float(latency.offset_ms),
                "spread_ms": float(latency.spread_ms),
                "taps": int(latency.taps),
                "measured_at": latency.measured_at,
                "tempo_bpm": float(latency.tempo_bpm),
                "cue": latency.cue,
                "habit_ms": float(latency.habit_ms),
            }
            self.connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (calibration_key(latency.tempo_bpm, latency.cue), json.dumps(fields)),
            )

    # -- the audit list of what adults did ---------------------------------------------------

    def audit(
        self, action: str, detail: str, profile_id: str | None = None, at: datetime | None = None
    ) -> None:
        """Add one line to the audit list (never the PIN, never a child's data itself);
        `detail` is made one line of plain text and cut to records.MAX_AUDIT_DETAIL; the
        entry is checked as records.AUDIT_ENTRY defines it (SchemaError otherwise)."""
        entry = {
            "audit_id": str(uuid.uuid4()),
            "device_id": self.device_id,
            "at": utc_iso(at) if at is not None else now_iso(),
            "action": action,
            "profile_id": profile_id,
            "detail": records.one_line(detail, records.MAX_AUDIT_DETAIL),
        }
        records.check_own_record("audit entry", entry, records.AUDIT_ENTRY)
        with self.transaction():
            self.connection.execute(
                "INSERT INTO audit (id, device_id, at, action, profile_id, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                tuple(entry.values()),
            )

    def audit_entries(self, since: str | None = None) -> list[AuditEntry]:
        """The audit list in time order, from a UTC ISO date or time on."""
        return self._rows(AuditEntry, AUDIT_ENTRIES, (since, since))

    # -- the adults' PIN (only its hash) and the keypad's lockout ---------------------------

    def _after_opening(self) -> None:
        """Open the PIN file beside the log (once the log is open): take over a PIN an
        earlier version kept in the log, and move a damaged PIN file aside (noticed) now."""
        super()._after_opening()
        self.pin_store = PinStore(self.data_dir, self.notices)
        self._take_over_pin_from_log()
        self.pin_store.read()

    def _take_over_pin_from_log(self) -> None:
        """Logs made by earlier versions kept the PIN in their meta table: move it to the
        PIN file (the file first, then the keys removed, so a crash in between loses
        nothing). When the file is already there, the keys in the log are stale (a crash
        after the move, or a log copied from another device) and are only removed."""
        rows = self._meta_values(LOG_PIN_KEYS)
        if not rows:
            return
        if not self.pin_store.exists():
            hashed = rows.get("pin_hash")
            if hashed is not None and not is_pin_hash(hashed):
                self.notices.append(
                    Sentence(
                        N_(
                            "the PIN kept in the log was not a salted scrypt hash and was"
                            " dropped: the next hold of the corner chooses a new one"
                        )
                    )
                )
                hashed = None
            taken = AdultPin(hashed, _keypad_from_log(rows))
            try:
                self.pin_store.write(taken)
            except OSError as error:
                self.pin_store.keep_in_memory(taken)
                self.notices.append(
                    Sentence(
                        N_(
                            "the PIN could not be moved from the log to {file} ({reason}); it"
                            " stays in the log for now"
                        ),
                        file=self.pin_store.path.name,
                        reason=error.strerror or str(error),
                    )
                )
                return
        # The file is there and wins; if the log refuses now, the keys go at the next opening.
        with contextlib.suppress(sqlite3.Error):
            self._forget_meta(LOG_PIN_KEYS)

    def pin_hash(self) -> str | None:
        """The stored hash of the adults' PIN, or None when none was set (or its file was
        damaged and moved aside: see notices)."""
        return self.pin_store.read().pin_hash

    def set_pin_hash(self, hashed: str | None) -> None:
        """Store a new PIN hash (None: remove the PIN); the keypad's lockout is cleared."""
        self._write_pin(AdultPin(hashed))

    def keypad_state(self) -> KeypadState:
        """Wrong PINs and lockouts so far (kept across restarts and a damaged log)."""
        return self.pin_store.read().keypad

    def set_keypad_state(self, state: KeypadState) -> None:
        self._write_pin(replace(self.pin_store.read(), keypad=state))

    def _write_pin(self, pin: AdultPin) -> None:
        self.refuse_if_read_only()
        try:
            self.pin_store.write(pin)
        except OSError as error:
            raise StorageError(
                Sentence(
                    N_(
                        "the PIN file {file} could not be written ({reason}); it was left as it was"
                    ),
                    file=self.pin_store.path,
                    reason=error.strerror or str(error),
                )
            ) from None
