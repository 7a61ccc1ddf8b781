"""The launcher's kept parsed YAML (cli/parsed_yaml.py, issue 22: cold start): a text read
from it is the data parsing gives, a changed text is parsed (and checked) again, only
plain data is kept, and a launch after the first parses no file at all."""

from __future__ import annotations

import json
import marshal
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_python

import sensory_games
from sensory_games.cli.parsed_yaml import ParsedTexts
from sensory_games.domain import yaml_files, yaml_parser
from sensory_games.domain.yaml_files import ConfigError, read_yaml

DEFAULTS = Path(sensory_games.__file__).parent / "defaults"


@pytest.fixture
def memory(monkeypatch) -> Iterator[ParsedTexts]:  # type: ignore[no-untyped-def]
    """yaml_files remembering into a ParsedTexts of its own (for this test only)."""
    kept = ParsedTexts({})
    monkeypatch.setattr(yaml_files, "PARSED", kept)
    yield kept


def _parses(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts yaml_files parses from now on."""
    texts: list[str] = []
    real = yaml_parser.load_yaml_text

    def counted(text: str):  # type: ignore[no-untyped-def]
        texts.append(text)
        return real(text)

    monkeypatch.setattr(yaml_parser, "load_yaml_text", counted)
    return texts


def test_every_shipped_file_read_from_memory_is_the_data_parsing_gives(memory, monkeypatch):
    files = sorted(DEFAULTS.rglob("*.yaml"))
    assert len(files) > 10
    parsed = [read_yaml(file) for file in files]
    texts = _parses(monkeypatch)
    monkeypatch.setattr(yaml_files, "PARSED", ParsedTexts(dict(memory.used)))  # (next start)
    again = [read_yaml(file) for file in files]
    assert texts == []  # (none parsed again)
    assert typed(again) == typed(parsed)  # (the same values, of the same types, all through)


def typed(value: object) -> object:
    """`value` with the type of everything in it beside it (True == 1, 1 == 1.0 otherwise)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return (type(value).__name__, [typed(item) for item in items])
    return (type(value).__name__, value)


def test_a_changed_text_is_parsed_again_and_each_read_has_its_own_data(
    memory, tmp_path, monkeypatch
):
    file = tmp_path / "levels.yaml"
    file.write_text("levels:\n  - {tempo: 60, hands: [left, right]}\n")
    first = read_yaml(file)
    texts = _parses(monkeypatch)
    second = read_yaml(file)
    assert texts == [] and second == first and second is not first
    second["levels"][0]["tempo"] = 90  # (a reader changing its data changes no one else's)
    assert read_yaml(file)["levels"][0]["tempo"] == 60
    file.write_text("levels:\n  - {tempo: 66, hands: [left, right]}\n")  # (same size)
    assert read_yaml(file)["levels"][0]["tempo"] == 66
    assert len(texts) == 1


def test_only_plain_data_is_kept_and_a_broken_file_is_reported_as_before(memory, tmp_path):
    dated = tmp_path / "dated.yaml"
    dated.write_text("from: 2026-12-07\n")  # (a YAML date: not what marshal writes)
    assert str(read_yaml(dated)["from"]) == "2026-12-07"
    assert memory.used == {}
    broken = tmp_path / "broken.yaml"
    broken.write_text("levels: [1, 2\n")
    for _ in range(2):
        with pytest.raises(ConfigError, match="not valid YAML"):
            read_yaml(broken)
    assert memory.used == {}


#: Launches to the first frame and prints its exit code, how many YAML texts it parsed,
#: whether the memory was let go and whether PyYAML was loaded.
LAUNCHING = """
import json, sys
from sensory_games.cli import main, parsed_yaml
from sensory_games.domain import yaml_files
parsed = []
real = parsed_yaml.ParsedTexts.put
def counted(self, text, data):  # (called for each text parsed)
    parsed.append(text)
    return real(self, text, data)
parsed_yaml.ParsedTexts.put = counted
code = main(["--exit-after-first-frame", "--windowed", "800x480", "--data-dir", sys.argv[1]])
print(json.dumps([code, len(parsed), yaml_files.PARSED is None, "yaml" in sys.modules]))
"""


def launch(bytecode: Path, data_dir: Path) -> list[object]:
    """What a launch prints, its bytecode (and kept data) in `bytecode`."""
    printed = run_python(
        LAUNCHING, data_dir, PYTHONPYCACHEPREFIX=str(bytecode), PYTHONDONTWRITEBYTECODE=""
    )
    return list(json.loads(printed.strip().splitlines()[-1]))


def test_a_launch_after_the_first_parses_no_yaml_and_a_damaged_file_changes_only_speed(
    tmp_path: Path,
):
    first = launch(tmp_path / "bytecode", tmp_path / "data")
    assert first[0] == 0 and isinstance(first[1], int) and first[1] >= 10 and first[2]
    assert launch(tmp_path / "bytecode", tmp_path / "data") == [0, 0, True, False]  # (nor PyYAML)
    (kept,) = sorted((tmp_path / "bytecode").rglob("parsed_yaml.*.marshal"))
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])  # (cut short, as a full disk may leave it)
    assert launch(tmp_path / "bytecode", tmp_path / "data") == first
    assert launch(tmp_path / "bytecode", tmp_path / "data") == [0, 0, True, False]  # (again)


def test_data_kept_by_another_parser_is_not_used(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A kept file names the parser that made it: after domain/yaml_parser.py or PyYAML
    changed (an update, a new check), every text is parsed again."""
    from sensory_games.cli import parsed_yaml
    from sensory_games.cli.beside_bytecode import write_kept

    kept = tmp_path / "parsed_yaml.marshal"
    monkeypatch.setattr(parsed_yaml, "kept_file", lambda stem: kept)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    text = "levels: [1, 2]\n"
    texts = {ParsedTexts.digest(text): marshal.dumps({"levels": [1, 2]})}
    for parser, known in ((parsed_yaml.parser_identity(), True), ("another parser", False)):
        write_kept(kept, {"parser": parser, "texts": texts})
        parsed_yaml.reuse()
        assert isinstance(yaml_files.PARSED, ParsedTexts)
        assert (yaml_files.PARSED.get(text) is not yaml_files.NOT_KEPT) is known
        parsed_yaml.keep()


def test_an_entry_that_does_not_read_back_is_parsed_and_kept_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "levels: [1, 2]\n"
    damaged = ParsedTexts({ParsedTexts.digest(text): b"not what marshal wrote"})
    assert damaged.get(text) is yaml_files.NOT_KEPT
    damaged.put(text, {"levels": [1, 2]})
    assert damaged.parsed_new()  # (so the file is written again, whole)


def test_the_parser_identity_follows_the_parsers_files(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Its own parser's file changed in size or time (an update), the identity changes."""
    from sensory_games.cli import parsed_yaml

    before = parsed_yaml.parser_identity()
    real_stat = os.stat

    def newer(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = real_stat(path, *args, **kwargs)
        if str(path).endswith("yaml_parser.py"):
            return os.stat_result((*found[:6], found[6] + 1, *found[7:]))  # (one byte more)
        return found

    monkeypatch.setattr(parsed_yaml.os, "stat", newer)
    assert parsed_yaml.parser_identity() != before
