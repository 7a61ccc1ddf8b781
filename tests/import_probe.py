"""What importing each module loads, each in an interpreter of its own (run by
tests/test_layers.py as `python import_probe.py ABOVE_JSON MODULE...`; prints JSON).

A fresh interpreter per module costs 0.3 s (Python, numpy and PyYAML started again), 40 s
for the layers below the engine. Here one interpreter starts, loads the libraries those
layers may use (SHARED_LIBRARIES: loading them loads nothing above, which is checked), and
forks a child per module that imports it alone: the child's modules are the fresh
interpreter's, at a few milliseconds each. Where there is no fork (Windows), each module
gets a fresh interpreter as before.

Each module's answer: the loaded modules named by or under ABOVE (sorted), or the error
its import raised, as the one entry "error: ...".
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import time

#: Libraries the layers below the engine may load, loaded once before the forks where
#: installed (orjson and uharfbuzz are optional extras: the exports', the report's).
SHARED_LIBRARIES = (
    "numpy",
    "yaml",
    "orjson",
    "uharfbuzz",
)


def loaded(above: list[str]) -> list[str]:
    """The modules now loaded that are, or are inside, one of `above` (sorted)."""
    return sorted(m for m in sys.modules if any(m == a or m.startswith(a + ".") for a in above))


def imported_alone(module: str, above: list[str]) -> list[str]:
    """What importing `module` loads of `above` (this process's modules, then)."""
    try:
        importlib.import_module(module)
    except Exception as error:  # (a module that fails alone: say so, as its answer)
        return [f"error: {type(error).__name__}: {error}"]
    return loaded(above)


#: The longest a child may take to import its module (s) before it counts as hung.
CHILD_TIMEOUT_S = 60.0


def in_a_child(module: str, above: list[str]) -> list[str]:
    """imported_alone(module) in a forked child of this process (its printing, if any,
    thrown away: the answer comes through a pipe; one that hangs is killed)."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # (the child: answer, then leave at once, running nothing else)
        os.close(reading)
        try:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)  # (a module that prints as it loads must not mix in)
            os.write(writing, json.dumps(imported_alone(module, above)).encode())
        finally:
            os._exit(0)
    os.close(writing)
    chunks, deadline = [], time.monotonic() + CHILD_TIMEOUT_S
    with os.fdopen(reading, "rb") as answer:
        while True:
            ready, _, _ = select.select([answer], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                return [f"error: the import of {module} took over {CHILD_TIMEOUT_S:g} s"]
            chunk = os.read(answer.fileno(), 65536)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(child, 0)
    text = b"".join(chunks)
    return json.loads(text) if text else [f"error: the probe of {module} ended without an answer"]


def in_a_fresh_interpreter(module: str, above: list[str]) -> list[str]:
    """imported_alone(module) in a new interpreter."""
    done = subprocess.run(
        [sys.executable, __file__, json.dumps(above), "--alone", module],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(done.stdout)[module]


def main(argv: list[str]) -> None:
    above, modules = json.loads(argv[0]), argv[1:]
    if modules[:1] == ["--alone"]:
        print(json.dumps({modules[1]: imported_alone(modules[1], above)}))
        return
    found: dict[str, list[str]] = {}
    if hasattr(os, "fork"):
        for library in SHARED_LIBRARIES:
            with contextlib.suppress(ImportError):  # (not installed: a module that
                importlib.import_module(library)  # needs it says so, as its answer)
        found["(the shared libraries)"] = loaded(above)
        for module in modules:
            found[module] = in_a_child(module, above)
    else:
        for module in modules:
            found[module] = in_a_fresh_interpreter(module, above)
    print(json.dumps(found))


if __name__ == "__main__":
    main(sys.argv[1:])
