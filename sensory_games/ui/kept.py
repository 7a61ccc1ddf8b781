"""Drawings kept by the bytes of their pixels, under one budget for the whole app.

An lru_cache bounds a cache by its number of entries, but one drawing may be a few KB (a
beat mark) or several MB (a full-screen layer: 1920x1080x4 = 8.3 MB): a count that is right
for the small ones lets the big ones fill the memory, and a limit per cache, summed over
every cache, is more than a small kiosk can spare. So every drawing function's results are
kept in one `DrawingBudget` (`DRAWINGS`): by their arguments, the longest unused dropped
first, whichever function drew it, once the pixels of all of them pass DRAWING_BUDGET_MB (a
dropped drawing is drawn again when asked for). Each result counts at least
MIN_ENTRY_BYTES, what keeping it costs besides its pixels, so results with no pixels (None:
a missing picture) or very few (a radius-1 disc: 36 B) cannot grow a cache without bound.

Drawings are of one of two scopes. SHARED drawings serve every screen (text, icons,
avatars, pictures, the background gradients) and stay while the budget allows. SCENE
drawings are made for the screen in play (an activity's backdrop, its sprites at this
screen's size) and go when a scene leaves the stack: the engine calls
`release_scene_drawings()` then, so a finished activity leaves nothing behind it.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, Literal, NamedTuple, TypeVar

import pygame

Drawn = TypeVar("Drawn")  # a surface, or None for "could not be drawn"
Scope = Literal["shared", "scene"]
SHARED: Scope = "shared"
SCENE: Scope = "scene"

#: What one kept result counts at least (bytes): its key, its place in the cache and the
#: Surface object itself (measured with tracemalloc: about 230-290 B in Python, plus SDL's
#: own surface record), whatever its pixels. A 2 MB cache then holds at most 4,096.
MIN_ENTRY_BYTES = 512

#: The bytes every kept drawing together may take (MB): about five full-screen layers at
#: 1920x1080. What one screen draws in a frame fits many times over; past it the longest
#: unused drawing is drawn again when next asked for (a few ms, once).
DRAWING_BUDGET_MB = 40


def pixel_bytes(surface: object) -> int:
    """The bytes of a drawing's pixels (nothing for no drawing)."""
    if not isinstance(surface, pygame.Surface):
        return 0
    return surface.get_width() * surface.get_height() * surface.get_bytesize()


def counted_bytes(surface: object) -> int:
    """What a kept result counts against a limit: its pixels' bytes, at least
    MIN_ENTRY_BYTES."""
    return max(pixel_bytes(surface), MIN_ENTRY_BYTES)


class CacheInfo(NamedTuple):
    """What functools' lru_cache reports, for a cache kept by bytes (the soak prints it)."""

    hits: int
    misses: int
    maxsize: int | None
    currsize: int


class DrawingBudget:
    """One byte limit (`limit_bytes`, changeable while the program runs: tests, a clinic's
    setting) for the drawings of every `KeptByBytes` made with it: when a new drawing takes
    the total past it, the longest unused drawing of any of them is dropped first. The
    latest drawing is always kept, however big."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        self._order: OrderedDict[tuple[KeptByBytes[object], tuple[object, ...]], None] = (
            OrderedDict()
        )
        self._caches: list[KeptByBytes[object]] = []
        self.kept_bytes = 0

    def join(self, cache: KeptByBytes[Drawn]) -> None:
        """Count `cache`'s drawings in this budget."""
        self._caches.append(cache)  # type: ignore[arg-type]

    def used(self, cache: KeptByBytes[Drawn], key: tuple[object, ...]) -> None:
        """`cache`'s drawing for `key` was just asked for: the last to go."""
        self._order.move_to_end((cache, key))  # type: ignore[arg-type]

    def added(self, cache: KeptByBytes[Drawn], key: tuple[object, ...], size: int) -> None:
        """`cache` keeps a new drawing of `size` counted bytes: drop the longest unused
        drawings, of any cache, until all fit (never the new one)."""
        self._order[(cache, key)] = None  # type: ignore[index]
        self.kept_bytes += size
        while self.kept_bytes > self.limit_bytes and len(self._order) > 1:
            (oldest, oldest_key), _ = self._order.popitem(last=False)
            self.kept_bytes -= oldest.forget(oldest_key)

    def dropped(self, cache: KeptByBytes[Drawn], key: tuple[object, ...], size: int) -> None:
        """`cache` let its drawing for `key` go by itself (its own limit, a release)."""
        del self._order[(cache, key)]  # type: ignore[arg-type]
        self.kept_bytes -= size

    def release(self, scope: Scope) -> int:
        """Drop every drawing of the caches of `scope`; the bytes freed."""
        freed = 0
        for cache in self._caches:
            if cache.scope == scope:
                freed += cache.kept_bytes
                cache.cache_clear()
        return freed

    def clear(self) -> None:
        """Drop every drawing of every cache (tests; a changed art folder)."""
        for cache in self._caches:
            cache.cache_clear()

    def describe(self) -> str:
        """'N MB of M MB; shared ... scene ...': how full the budget is, by scope."""
        by_scope = {
            scope: sum(c.kept_bytes for c in self._caches if c.scope == scope) / 2**20
            for scope in (SHARED, SCENE)
        }
        return (
            f"{self.kept_bytes / 2**20:.1f} MB of {self.limit_bytes / 2**20:.0f} MB "
            f"(shared {by_scope[SHARED]:.1f}, scene {by_scope[SCENE]:.1f}) "
            f"in {len(self._order)} drawings"
        )


#: The one budget every drawing cache of the app is kept in.
DRAWINGS = DrawingBudget(DRAWING_BUDGET_MB * 2**20)

#: What forgets a screen-sized layer kept outside the caches (a module's one reusable
#: layer, such as the calming wash's): called with the scene drawings.
_scene_layers: list[Callable[[], None]] = []


def forget_at_scene_end(forget: Callable[[], None]) -> None:
    """Have `forget` called whenever the scene drawings are released: for a layer a module
    keeps and reuses frame after frame, which no scene but the one in play needs."""
    _scene_layers.append(forget)


def _heap_trimmer() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None elsewhere. A freed full-screen layer (8 MB) stays in
    the C heap, still counted in the process's resident memory, until the heap is
    trimmed: glibc gives freed memory back to the system only then."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
        return trim
    except (OSError, AttributeError):  # (another C library: musl has no malloc_trim)
        return None


_trim_heap = _heap_trimmer()


_trim_due = False  # (drawings were released since the heap was last trimmed)
#: Whether give_back_freed_memory collects the screen that left first: the launcher turns
#: it on, with the start's objects frozen out of the collector's sight (cli/play.py), so
#: a collection takes a few ms; in a process holding much more (a test run, a
#: benchmark's own data) a full collection on every change of screen would not.
COLLECT_LEFT_SCREENS = False


def release_scene_drawings() -> int:
    """Drop the drawings made for the screen in play (scope SCENE) and the layers given to
    forget_at_scene_end: the engine calls this when a scene leaves the stack. The freed
    memory goes back to the system later (give_back_freed_memory). Returns the bytes of
    drawings freed."""
    global _trim_due
    freed = DRAWINGS.release(SCENE)
    for forget in _scene_layers:
        forget()
    _trim_due = True
    return freed


def collect_left_screens() -> None:
    """The launcher's way, once its root screen is made (never later: a screen frozen is
    never collected when it leaves): what exists now is frozen out of the garbage
    collector's sight (it lives as long as the app), and from now on the screen that left
    is collected on a still frame (give_back_freed_memory): a collection then takes well
    under a ms, where one over everything took 5-13 ms here."""
    global COLLECT_LEFT_SCREENS
    gc.freeze()  # (no collection first: 30 ms of a cold start, for 9 objects of garbage)
    COLLECT_LEFT_SCREENS = True


def give_back_freed_memory() -> bool:
    """Give the C heap's freed memory back to the system (Linux: malloc_trim, up to about
    15 ms) once scene drawings were released: the engine calls it on a frame with nothing
    to draw (a still screen waiting), never in a frame of play. True when something was
    due (collected and trimmed, where each is on and possible).

    The screen that left is collected first: a scene, its activity and what they hold
    (their drawings, buffers and the attempt's samples) refer to each other, so only the
    garbage collector frees them, and its full collection, which could come much later,
    might come in a frame of play (about 25 MB after every screen and level had been
    played once; a collection takes 1 to 15 ms here, less when the start's objects are
    frozen: cli/play.py). Only where COLLECT_LEFT_SCREENS is on (the launcher's)."""
    global _trim_due
    if not _trim_due:
        return False
    _trim_due = False
    if COLLECT_LEFT_SCREENS:
        gc.collect()  # (on every system: a C library without malloc_trim only keeps its heap)
    if _trim_heap is not None:
        _trim_heap(0)
    return True


class DrawingBeside:
    """One thread that draws what a screen will need soon (a reward's SVG pictures),
    beside the frames: `on` in the launcher (cli/play.py), whose frames come at the
    display's pace. Off elsewhere: a tool playing on a virtual clock (autoplay, the safety
    check, screenshots, tests) runs its frames faster than any drawing, and must show in
    each frame what a child would see at that moment."""

    def __init__(self) -> None:
        self.on = False
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, draw: Callable[..., Drawn], *args: object) -> Future[Drawn]:
        """`draw(*args)` in the drawing thread (started on first use); its future."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drawing")
        return self._pool.submit(draw, *args)


BESIDE = DrawingBeside()


class KeptByBytes(Generic[Drawn]):
    """`draw`'s results kept by their (positional) arguments in `budget` (DRAWINGS unless
    a test gives its own), of `scope` (SHARED or SCENE). `limit_bytes` (a function: a test
    or a module may change the limit while the program runs), if given, bounds this
    cache's own counted bytes too, and `most` its number of drawings (a screen-sized
    backdrop: only the one in play). Always keeps the latest drawing, however big."""

    def __init__(
        self,
        draw: Callable[..., Drawn],
        limit_bytes: Callable[[], int] | None = None,
        *,
        scope: Scope = SHARED,
        most: int | None = None,
        budget: DrawingBudget | None = None,
    ) -> None:
        self._draw = draw
        self._limit_bytes = limit_bytes
        self.scope = scope
        self._most = most
        self._budget = DRAWINGS if budget is None else budget
        self._budget.join(self)
        self._kept: OrderedDict[tuple[object, ...], Drawn] = OrderedDict()
        self._bytes = 0
        self._hits = 0
        self._misses = 0
        self._pending: dict[tuple[object, ...], Future[Drawn]] = {}  # (drawn beside)
        self.__doc__ = draw.__doc__
        self.__wrapped__ = draw

    def __call__(self, *key: object) -> Drawn:
        if key in self._kept:
            self._hits += 1
            return self._used(key)
        self._pending.pop(key, None)  # (wanted now: drawn here, whatever the drawer does)
        self._misses += 1
        return self._keep(key, self._draw(*key))

    def ready(self, *key: object) -> bool:
        """Whether the drawing for `key` is kept. If not, it is drawn beside the frames
        (:data:`BESIDE`: SVG pictures take tens of ms, and SDL draws them without
        holding Python's lock) and False is said until it is done; the call that finds it
        done keeps it. Only for a `draw` safe in another thread (one that draws its own
        new surface); drawn here and now where drawing beside is off (BESIDE)."""
        if key in self._kept:
            self._used(key)
            return True
        pending = self._pending.get(key)
        if pending is None:
            if not BESIDE.on:
                self(*key)
                return True
            self._pending[key] = BESIDE.submit(self._draw, *key)
            return False
        if not pending.done():
            return False
        del self._pending[key]
        self._misses += 1
        self._keep(key, pending.result())
        return True

    def _used(self, key: tuple[object, ...]) -> Drawn:
        """The kept drawing for `key`, now the newest here and in the budget."""
        self._kept.move_to_end(key)
        self._budget.used(self, key)
        return self._kept[key]

    def _keep(self, key: tuple[object, ...], surface: Drawn) -> Drawn:
        """Keep a new drawing, dropping the oldest over this cache's own limits."""
        self._kept[key] = surface
        size = counted_bytes(surface)
        self._bytes += size
        self._budget.added(self, key, size)
        while len(self._kept) > 1 and self._over_own_limit():
            oldest = next(iter(self._kept))
            self._budget.dropped(self, oldest, self.forget(oldest))
        return surface

    def _over_own_limit(self) -> bool:
        over_bytes = self._limit_bytes is not None and self._bytes > self._limit_bytes()
        return over_bytes or (self._most is not None and len(self._kept) > self._most)

    def forget(self, key: tuple[object, ...]) -> int:
        """Let the drawing for `key` go (the budget asks); the bytes it counted."""
        size = counted_bytes(self._kept.pop(key))
        self._bytes -= size
        return size

    @property
    def kept_bytes(self) -> int:
        """The bytes counted for the results kept now (counted_bytes)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._kept)

    def cache_info(self) -> CacheInfo:
        """Hits, misses (drawings made), the most drawings kept (None: bytes decide) and
        how many are kept now, as lru_cache says them."""
        return CacheInfo(self._hits, self._misses, self._most, len(self._kept))

    def cache_clear(self) -> None:
        """Forget every kept drawing (tests; a changed art folder; a scene's end)."""
        for key in list(self._kept):
            self._budget.dropped(self, key, self.forget(key))
        self._pending.clear()  # (a drawing still under way is not kept when it ends)
        self._hits = self._misses = 0


def kept_by_bytes(
    limit_bytes: int | None = None, *, scope: Scope = SHARED, most: int | None = None
) -> Callable[[Callable[..., Drawn]], KeptByBytes[Drawn]]:
    """Decorator: keep a drawing function's surfaces in the app's drawing budget, of
    `scope`, with at most `limit_bytes` of its own (None: the budget alone decides) and
    at most `most` drawings."""

    def wrap(draw: Callable[..., Drawn]) -> KeptByBytes[Drawn]:
        own = None if limit_bytes is None else (lambda: limit_bytes)
        return KeptByBytes(draw, own, scope=scope, most=most)

    return wrap
