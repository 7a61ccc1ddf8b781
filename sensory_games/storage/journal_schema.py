"""The sync journal's table and triggers (schema step 15; read by storage/sync_journal.py).

Every record inserted or changed in the log adds one line (seq, kind, record_id) to
`sync_journal`, whatever wrote it: the triggers below, made once by the migration.
"""

from __future__ import annotations

from collections.abc import Iterator

#: kind -> (table, the record id as SQL of the row `r`, the columns whose change is sent
#: again; () = the record never changes once written).
JOURNALED: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "profile": ("profiles", "r.id", ("*",)),
    "session": ("sessions", "r.id", ("ended_at",)),
    "level_change": ("level_changes", "r.id", ()),
    "goal": ("goals", "r.id", ("ended_at",)),
    "difficulty": ("difficulty", "r.profile_id || '/' || r.activity", ("*",)),
    "attempt": ("attempts", "r.id", ()),
    "check_in": ("check_ins", "r.id", ("attempt_id",)),
    "note": ("session_notes", "r.id", ()),
    "audit": ("audit", "r.id", ()),
}
#: The order records are sent in: a session before its attempts, a profile before all.
KINDS = tuple(JOURNALED)
#: The profile columns an adult edits: a change to any of them is a settings change.
PROFILE_SETTING_COLUMNS = (
    "alias, animal, colour, age_band, dominant_hand, pointer, intensity_preset,"
    " intensity_json, language, voice, check_in_scale, archived, plan"
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _triggers() -> Iterator[str]:
    for kind, (table, record_id, changing) in JOURNALED.items():
        line = f"INSERT INTO sync_journal (kind, record_id) VALUES ('{kind}', "
        line += record_id.replace("r.", "NEW.") + "); END"
        yield f"CREATE TRIGGER journal_{table}_insert AFTER INSERT ON {table} BEGIN {line}"
        if changing:
            columns = "" if changing == ("*",) else f" OF {', '.join(changing)}"
            yield f"CREATE TRIGGER journal_{table}_update AFTER UPDATE{columns} ON {table}" + (
                f" BEGIN {line}"
            )
    yield (
        f"CREATE TRIGGER profile_settings_changed AFTER UPDATE OF {PROFILE_SETTING_COLUMNS}"
        " ON profiles WHEN NEW.changed_at IS OLD.changed_at"
        f" BEGIN UPDATE profiles SET changed_at = {_NOW} WHERE id = NEW.id; END"
    )


#: Schema step 15's triggers.
TRIGGERS = tuple(_triggers())
#: Schema step 15: the records written before it, journaled in the order written.
JOURNAL_EXISTING = tuple(
    f"INSERT INTO sync_journal (kind, record_id) SELECT '{kind}', {record_id}"
    f" FROM {table} r ORDER BY r.rowid"
    for kind, (table, record_id, _) in JOURNALED.items()
)
