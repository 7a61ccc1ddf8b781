"""The JSON export (docs/export.md): nested profile -> sessions -> attempts, with metric
units, the sessions' check-ins and notes, the child's level changes and goals:
everything `sensory-games merge` needs to rebuild them. With pseudonyms (a profile id ->
code function) the alias is replaced by the child's code everywhere and the profile's id
and creation time are left out.

One document, three ways out, the same content (parsed, they are equal):
- compact (the default, `write_json` without `indent`): streamed from the log to the
  file as it is read, attempt by attempt (services/attempt_text.py), memory flat
  whatever the log's size; no spaces or new lines;
- indented (`indent` N: for people reading it): one child's block at a time through
  json.dumps(indent=N); `--indent 2` writes the layout exports had before 0.3;
- `json_document`: the whole document as a dict, for in-memory readers (merge, tests).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from itertools import groupby
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from sensory_games.domain import records
from sensory_games.domain.check_in import describe
from sensory_games.domain.name_writing import NAME
from sensory_games.services.attempt_text import (
    AttemptText,
    FlatText,
    compact,
    compact_stored,
    utf8,
)
from sensory_games.services.private_files import private_file
from sensory_games.storage import Repository, Selection, StoredAttempt, StoredCheckIn
from sensory_games.storage.goals import goal_record, note_record
from sensory_games.storage.queries import Feelings
from sensory_games.storage.record_sql import RECORD_ROW
from sensory_games.storage.rows import exported, exported_columns, level_change_record
from sensory_games.version import build_version

#: profile id -> the child's code (sensory_games.domain.pseudonyms.Pseudonyms), or None: aliases.
Codes = Callable[[str], str] | None
JSON_FORMAT = "sensory_games-export-2"
#: The widest indent `--indent` takes (spaces per level).
MOST_INDENT = 8
#: The compact export is handed to the file in pieces of about this many bytes.
WRITE_CHARS = 1 << 20

#: (a session's fields before its check-ins, its check-ins, its attempts, its fields after
#: them)
SessionParts = tuple[dict[str, Any], list[StoredCheckIn], Iterable[StoredAttempt], dict[str, Any]]


def _placed_after(fields: Iterable[str], anchor: str, added: tuple[str, ...]) -> tuple[str, ...]:
    """`fields` in their order, with `added` right after `anchor`."""
    return tuple(name for f in fields for name in ((f, *added) if f == anchor else (f,)))


#: A check-in's fields as exported: records.CHECK_IN's, the feeling in words after the feeling.
CHECK_IN_FIELDS = _placed_after(records.CHECK_IN, "feeling", ("feeling_words",))
#: An attempt's fields as exported: records.ATTEMPT's, then the app version that saved it.
ATTEMPT_FIELDS: tuple[str, ...] = (*records.ATTEMPT, "app_version")


def check_in_record(c: StoredCheckIn) -> dict[str, Any]:
    """One check-in as exported (JSON, and a row of the check-ins CSV)."""
    return dict(zip(CHECK_IN_FIELDS, check_in_values(c), strict=True))


def check_in_values(c: StoredCheckIn) -> tuple[Any, ...]:
    """A check-in's exported values in CHECK_IN_FIELDS' order (its record's values)."""
    read = _STORED(c)
    return (*read[:_WORDS_AT], _feeling_words(c.feeling, c.scale), *read[_WORDS_AT:])


_WORDS_AT = CHECK_IN_FIELDS.index("feeling_words")
#: Reads a check-in's stored values of CHECK_IN_FIELDS (all but the feeling in words,
#: which is made from the feeling), as rows.exported reads a record's.
_STORED = attrgetter(*exported_columns([f for f in CHECK_IN_FIELDS if f != "feeling_words"]))


@lru_cache(maxsize=64)
def _feeling_words(feeling: int | None, scale: str) -> str:
    """The feeling as words with its number ("worried (2)"); empty with no answer."""
    return "" if feeling is None else describe(feeling, scale)


def writes_a_name(a: StoredAttempt) -> bool:
    """Did the attempt have the child write their own name (`shapes: name`)? Its samples
    and target spell the name, so a pseudonymised export leaves them out."""
    return names_the_child(a.parameters)


def names_the_child(parameters: Mapping[str, Any]) -> bool:
    """Do an attempt's parameters have the child write their own name (writes_a_name)?"""
    return NAME in str(parameters.get("shapes", "")).split()


def attempt_record(a: StoredAttempt) -> dict[str, Any]:
    """One attempt as exported in JSON (without samples and target)."""
    metrics = {name: {"value": m.value, "unit": m.unit} for name, m in sorted(a.metrics.items())}
    return exported(a, ATTEMPT_FIELDS, metrics=metrics)


def json_header(codes: Codes = None) -> dict[str, Any]:
    """The JSON export's fields before its profiles."""
    return {
        "format": JSON_FORMAT,
        "app_version": build_version(),
        "pseudonymised": codes is not None,
    }


def json_document(
    source: Repository,
    selection: Selection | None = None,
    *,
    samples: bool = False,
    codes: Codes = None,
) -> dict[str, Any]:
    """The whole JSON export as one dict (see profile_blocks)."""
    return {
        **json_header(codes),
        "profiles": list(profile_blocks(source, selection, samples, codes)),
    }


def profile_blocks(
    source: Repository,
    selection: Selection | None = None,
    samples: bool = False,
    codes: Codes = None,
) -> Iterator[dict[str, Any]]:
    """The JSON export's profiles, one at a time (one child in memory, not the whole log;
    see `children` and `sessions` for the order), each with its level changes, goals and
    sessions, each session with its check-ins, attempts (with metrics and units) and
    notes. `samples` adds each attempt's raw samples and target."""
    selection = selection or Selection()
    feelings = source.latest_feelings()
    for profile_id, head in children(source, selection, codes):
        blocks = [
            {
                **known,
                "check_ins": [check_in_record(c) for c in asked],
                "attempts": [_attempt_dict(source, a, samples, codes) for a in made],
                **after,
            }
            for known, asked, made, after in sessions(
                source, profile_id, selection, codes, feelings
            )
        ]
        yield {**head, "sessions": blocks}


def children(
    source: Repository, selection: Selection, codes: Codes
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(profile id, the child's fields before its sessions) of each child exported, in
    alias order (pseudonymised: in code order, which reveals nothing). Without a filter
    every profile is listed, even one that never played."""
    store = source.transfer()
    chosen = None if selection == Selection() else source.selected_profiles(selection)
    if chosen is not None and selection.profile_alias is not None:
        named = store.profile_by_key(selection.profile_alias)
        chosen += [named] if named else []  # the child asked for, even with nothing played
    profiles = store.profile_records(chosen)
    for profile_id in sorted(profiles, key=codes) if codes else list(profiles):
        yield (
            profile_id,
            {
                **_profile_block(profiles[profile_id], codes),
                "level_changes": [
                    _withheld(level_change_record(change)) if codes else level_change_record(change)
                    for change in source.level_changes(profile_id)
                    if _selected(change.changed_at, change.activity, selection)
                ],
                "goals": [
                    goal_record(g, pseudonymised=bool(codes)) for g in source.goals(profile_id)
                ],
            },
        )


def sessions(
    source: Repository,
    profile_id: str,
    selection: Selection,
    codes: Codes,
    feelings: Mapping[str, Feelings],
    records: AttemptText | None = None,
) -> Iterator[SessionParts]:
    """One child's sessions in export order: those with attempts in the order of their
    first attempt (each one's attempts read from the log as they are used), then those
    with check-ins alone in the order asked (each session's check-ins in the order asked).
    The attempts are StoredAttempts, or with `records` rows for it to write
    (Queries.child_attempt_records: the compact export's)."""
    own = replace(selection, profile_id=profile_id)
    check_ins: dict[str, list[StoredCheckIn]] = {}
    for c in source.check_ins(selection=own):
        check_ins.setdefault(c.session_id, []).append(c)
    notes: dict[str, list[dict[str, Any]]] = {}
    for note in [] if codes else source.session_notes(profile_id=profile_id):
        notes.setdefault(note.session_id, []).append(note_record(note))
    store = source.transfer()
    if records is None:
        order, attempts = source.child_attempts(profile_id, own, feelings)
        in_session: Callable[[Any], str] = attrgetter("session_id")
    else:
        order, attempts = source.child_attempt_records(profile_id, own, records.fields)
        in_session = itemgetter(RECORD_ROW.index("session_id"))
    fields = store.session_records([*order, *check_ins])

    def parts(session_id: str, attempts: Iterable[StoredAttempt]) -> SessionParts:
        after = {} if codes else {"notes": notes.get(session_id, [])}
        return fields[session_id], check_ins.pop(session_id, []), attempts, after

    for session_id, theirs in groupby(attempts, key=in_session):
        yield parts(session_id, theirs)
    for session_id in list(check_ins):  # (sessions with check-ins but no attempt)
        yield parts(session_id, ())


def write_json(
    out: Path,
    source: Repository,
    selection: Selection,
    samples: bool,
    codes: Codes,
    indent: int | None,
) -> int:
    """Write the JSON export to `out` (owner-readable only): compact and streamed, or
    with `indent` spaces per level one child at a time (the same bytes as
    json.dumps(document, indent=indent, ensure_ascii=False) plus a new line). Returns the
    number of attempts written (write_export's arguments)."""
    if indent is not None and not 0 <= indent <= MOST_INDENT:
        raise ValueError(f"indent {indent}: must be 0..{MOST_INDENT} spaces")
    with source.one_reading(), private_file(out, data_dir=source.data_dir) as handle:
        if indent is None:  # (one reading: the feelings, read first, and the rest agree)
            return _write_compact(handle, source, selection, samples, codes)
        return _write_indented(handle, source, selection, samples, codes, indent)


def _write_indented(
    handle: BinaryIO,
    source: Repository,
    selection: Selection,
    samples: bool,
    codes: Codes,
    indent: int,
) -> int:
    """The indented export, a child's block at a time (see write_json)."""
    attempts, step, written = 0, " " * indent, False
    nested = "\n" + step * 2  # (a profile's lines, two levels in)
    opening = json.dumps(json_header(codes), indent=indent, ensure_ascii=False)
    handle.write((opening.removesuffix("\n}") + f',\n{step}"profiles": [').encode("utf-8"))
    for block in profile_blocks(source, selection, samples, codes):
        attempts += sum(len(s["attempts"]) for s in block["sessions"])
        text = json.dumps(block, indent=indent, ensure_ascii=False).replace("\n", nested)
        handle.write(((",", "")[not written] + nested + text).encode("utf-8"))
        written = True
    handle.write(f"\n{step}]\n}}\n".encode() if written else b"]\n}\n")
    return attempts


def _write_compact(
    handle: BinaryIO, source: Repository, selection: Selection, samples: bool, codes: Codes
) -> int:
    """The compact export, streamed (see write_json)."""
    pieces: list[bytes] = [utf8(compact(json_header(codes))[:-1] + ',"profiles":[')]
    held, attempts, maker, asked_text = 0, 0, AttemptText(ATTEMPT_FIELDS), FlatText(CHECK_IN_FIELDS)
    feelings = source.latest_feelings()
    for k, (profile_id, head) in enumerate(children(source, selection, codes)):
        pieces.append(utf8(("," if k else "") + compact(head)[:-1] + ',"sessions":['))
        parts = sessions(source, profile_id, selection, codes, feelings, maker)
        for n, (known, asked, theirs, after) in enumerate(parts):
            pieces.append(utf8(("," if n else "") + compact(known)[:-1] + ',"check_ins":['))
            pieces.append(asked_text.records(map(check_in_values, asked)) + b'],"attempts":[')
            for m, row in enumerate(theirs):
                text = maker.record(row, feelings)
                if samples:
                    text = text[:-1] + utf8(_samples_text(source, row, codes)) + b"}"
                pieces.append(b"," + text if m else text)
                held, attempts = held + len(text), attempts + 1
                if held > WRITE_CHARS:
                    handle.write(b"".join(pieces))
                    pieces, held = [], 0
            pieces.append(utf8("]" + ("," + compact(after)[1:] if after else "}")))
        pieces.append(b"]}")
    pieces.append(b"]}\n")
    handle.write(b"".join(pieces))
    return attempts


def _samples_text(source: Repository, row: tuple[Any, ...], codes: Codes) -> str:
    """`,"target":...,"samples":[...]` of an attempt read as record_sql.RECORD_ROW; none
    of either when they spell a child's name in a pseudonymised export."""
    attempt_id = row[RECORD_ROW.index("id")]
    parameters = json.loads(row[RECORD_ROW.index("parameters_json")])
    if codes is not None and names_the_child(parameters):
        return ',"target":null,"samples":[]'
    target = source.target_text(attempt_id)
    shown = "null" if target is None else compact_stored(target)
    return f',"target":{shown},"samples":{compact(source.samples(attempt_id))}'


def _attempt_dict(
    source: Repository, a: StoredAttempt, samples: bool, codes: Codes
) -> dict[str, Any]:
    """One attempt as json_document holds it (with `samples`: its target and samples)."""
    record = attempt_record(a)
    if samples and codes is not None and writes_a_name(a):
        record["target"], record["samples"] = None, []  # (the child's name, drawn)
    elif samples:
        record["target"] = source.target(a.id)
        record["samples"] = source.samples(a.id)
    return record


def _profile_block(record: dict[str, Any], codes: Codes) -> dict[str, Any]:
    """A profile's fields for the JSON export: `profile` is the alias (or code)."""
    block = {"profile": record["alias"], **record}
    del block["alias"]
    if codes:
        block.update(profile=codes(record["profile_id"]), profile_id=None, created_at=None)
    return block


def _withheld(record: dict[str, Any]) -> dict[str, Any]:
    """A record for a pseudonymised export: no text an adult typed (a reason may name
    the child), only the numbers and times."""
    return {**record, "reason": None}


def _selected(at: str, activity: str, selection: Selection) -> bool:
    """Whether a record at `at` of `activity` falls in the selection's time and activity."""
    return (
        (selection.since is None or at >= selection.since)
        and (selection.before is None or at < selection.before)
        and (selection.activity is None or activity == selection.activity)
        and selection.session_id is None
    )
