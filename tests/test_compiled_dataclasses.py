"""The launcher's kept dataclass code (cli/compiled_dataclasses.py, issue 22: cold start):
a class made from kept code is the class compiled afresh, a start after the first compiles
none of it, and a damaged file or one that may not be written changes nothing but speed.
Each case runs in a fresh interpreter whose bytecode goes to its own folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

#: Counts (in `compiled`) the texts compiled_dataclasses compiles itself (not kept).
COUNTING = """
compiled = []
compile_ = compile
def counted(*args, **kwargs):
    compiled.append(args[0])
    return compile_(*args, **kwargs)
compiled_dataclasses.compile = counted
"""

#: Makes dataclasses with the code kept (`reuse` ... `keep`), the same ones again compiled
#: by dataclasses itself, and prints how their methods compare and how many texts the
#: kept part compiled. The module has `from __future__ import annotations`, as ours do:
#: the kept code must not take that flag from the module that compiles it.
MAKING = (
    """
from __future__ import annotations
import dataclasses, json
from dataclasses import dataclass, field
from sensory_games.cli import compiled_dataclasses
"""
    + COUNTING
    + """

def made():
    @dataclass(frozen=True, order=True)
    class Reading:
        seconds: float
        marks: tuple[int, ...] = ()
        notes: list[str] = field(default_factory=list)

    @dataclass
    class Plain:
        name: str
        level: int = 1

    return Reading, Plain

compiled_dataclasses.reuse()
kept = made()
compiled_dataclasses.keep()
fresh = made()
same = []
for ours, theirs in zip(kept, fresh):
    for name, method in vars(theirs).items():
        if callable(method) and getattr(method, "__code__", None) is not None:
            mine = vars(ours)[name]
            same.append(  # (code objects compare by what they hold; marshal's bytes in
                # Python 3.10 also depend on reference counts)
                mine.__code__ == method.__code__
                and mine.__code__.co_filename == method.__code__.co_filename
                and mine.__code__.co_name == method.__code__.co_name
                and mine.__annotations__ == method.__annotations__
                and mine.__defaults__ == method.__defaults__
            )
    same.append(ours.__doc__ == theirs.__doc__)
reading = kept[0](1.5, (2,))
print(json.dumps({
    "same": same, "compiled": len(compiled), "repr": repr(reading),
    "ordered": kept[0](1.0) < reading, "hooked": "exec" in vars(dataclasses),
}))
"""
)


#: Launches to the first frame and prints how many texts of dataclass code it compiled.
LAUNCHING = (
    """
import sys
from sensory_games.cli import compiled_dataclasses, main
"""
    + COUNTING
    + """
code = main(["--exit-after-first-frame", "--windowed", "800x480", "--data-dir", sys.argv[1]])
print([code, len(compiled)])
"""
)


def make(bytecode: Path, *, write: bool = True, program: str = MAKING, argument: str = "") -> Any:
    """What `program` prints (as JSON), its bytecode (and kept code) in `bytecode`."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(bytecode)
    if not write:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", program, argument],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=environment,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_launch_after_the_first_compiles_no_dataclass_code(tmp_path: Path):
    """The first launch keeps what it compiled (hundreds of texts) once its first frame is
    drawn; the next one finds all of it kept."""
    data_dir = str(tmp_path / "data")
    first = make(tmp_path / "bytecode", program=LAUNCHING, argument=data_dir)
    assert first[0] == 0 and first[1] > 100
    assert make(tmp_path / "bytecode", program=LAUNCHING, argument=data_dir) == [0, 0]


def kept_files(bytecode: Path) -> list[Path]:
    return sorted(bytecode.rglob("dataclass_code.*"))


def test_kept_code_makes_the_classes_dataclasses_makes(tmp_path: Path):
    first = make(tmp_path)
    assert first["compiled"] and len(kept_files(tmp_path)) == 1
    second = make(tmp_path)
    assert second["compiled"] == 0  # (every text found kept)
    for facts in (first, second):
        assert facts["same"] and all(facts["same"])
        assert facts["repr"] == "made.<locals>.Reading(seconds=1.5, marks=(2,), notes=[])"
        assert facts["ordered"] is True
        assert facts["hooked"] is False  # (after `keep`, dataclasses is as it was)


def test_a_damaged_file_is_compiled_afresh_and_written_again(tmp_path: Path):
    make(tmp_path)
    (file,) = kept_files(tmp_path)
    whole = file.read_bytes()
    flipped = []
    for bit in (8 * 200, 8 * len(whole) // 2 + 3, 8 * len(whole) - 1):
        damaged = bytearray(whole)
        damaged[bit // 8] ^= 1 << (bit % 8)  # (one bit, as an SD card may lose one)
        flipped.append(bytes(damaged))
    for damage in (whole[: len(whole) // 2], b"not code at all", b"", *flipped):
        file.write_bytes(damage)
        facts = make(tmp_path)
        assert facts["compiled"] and all(facts["same"])
        assert make(tmp_path)["compiled"] == 0  # (written whole again)


def test_nothing_is_written_where_python_writes_no_bytecode(tmp_path: Path):
    facts = make(tmp_path, write=False)
    assert facts["compiled"] and all(facts["same"])
    assert kept_files(tmp_path) == []


def test_a_start_that_compiles_nothing_leaves_the_file_as_it_is(tmp_path: Path):
    """Only a start that compiled a text writes the file (every text found kept: no
    write, so a kiosk's SD card is not rewritten at every start)."""
    make(tmp_path)
    (file,) = kept_files(tmp_path)
    before = file.stat()
    assert make(tmp_path)["compiled"] == 0
    after = file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
