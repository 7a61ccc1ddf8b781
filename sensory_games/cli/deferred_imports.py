"""Libraries the launcher loads only once its first frame is on screen.

numpy is about a third of a cold start (some 150 ms of it on the build machine, several
times that on a Raspberry Pi), and "who is playing?" needs none of it: numpy scores the
games, draws their moving parts and makes their sounds. Dozens of our modules import it
at their top, so rather than move every import into functions, the launcher puts numpy
in `sys.modules` as a module whose code has not run yet (as the standard library's
`LazyLoader` does, and pygame for its surfarray): `import numpy` then costs nothing, and
numpy's code runs the first time a name is looked up in it. `load_deferred` does that on
purpose right after the first frame, while the screen is still and no child can have
started to play, so that no frame of play pays for the import.

Why not `LazyLoader` itself: an `import` statement looks at the imported module's
`__spec__`, which the standard lazy module takes for a use (Python 3.11), and how it
loads differs between Python versions. The launcher runs one thread until its first
frame, and `load_deferred` runs before the loop starts any other; a thread that uses a
deferred module while its code runs waits for it (_RUNNING).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types

#: Top-level modules deferred (each must be one no first frame uses).
DEFERRED = ("numpy",)


#: Held while a deferred module's code runs: another thread that looks a name up in it
#: meanwhile waits until it has run (it would find it half made), and the thread running
#: it (whose code looks names up in it) is let through.
_RUNNING = threading.RLock()
_runner: int | None = None  # (the thread running a deferred module's code now)


class _NotRunYet(types.ModuleType):
    """A module imported whose code has not run: the first name looked up in it runs it
    (its `__spec__` excepted: the import system's look, not a use)."""

    def __getattribute__(self, attr: str) -> object:
        if attr == "__spec__" or _runner == threading.get_ident():
            return super().__getattribute__(attr)
        _run(self)
        return getattr(self, attr)


def _run(module: types.ModuleType) -> None:
    """Run a deferred module's code in it, as its import would have (once, whichever
    threads ask); on failure it goes from sys.modules (as a failed import's does) and the
    error is raised."""
    global _runner
    with _RUNNING:
        if type(module) is not _NotRunYet:
            return  # (run by another thread while this one waited)
        spec = module.__spec__
        assert spec is not None and spec.loader is not None  # (as defer_imports found it)
        _runner = threading.get_ident()
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)
            raise
        finally:
            _runner = None
        module.__class__ = types.ModuleType  # type: ignore[assignment]  # (run: names found plainly)


def defer_imports() -> None:
    """Put the DEFERRED modules in sys.modules, their code not run. A module already
    loaded, or not installed, is left alone (its import fails where it is used, with the
    usual error)."""
    for name in DEFERRED:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _NotRunYet
        sys.modules[name] = module


def load_deferred() -> None:
    """Run every DEFERRED module's code now, if it has not run (else nothing)."""
    for name in DEFERRED:
        module = sys.modules.get(name)
        if isinstance(module, _NotRunYet):
            _run(module)


def is_deferred(name: str) -> bool:
    """Whether `name` is imported but its code has not run yet."""
    return isinstance(sys.modules.get(name), _NotRunYet)
