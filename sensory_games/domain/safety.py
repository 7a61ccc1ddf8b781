"""Photosensitive safety of rendered frames: WCAG 2.3.1 flash counting, and our stricter bar.

Frames are analysed as they would be seen (the rules for a clinic: docs/safety.md):

- relative luminance of each pixel (sRGB linearised, 0.2126 R + 0.7152 G + 0.0722 B);
- a *transition* is a change of relative luminance of at least 0.1 from the last turning
  point (a running sum of same-direction change, as EA's IRIS counts it) where the darker
  of the two states is below 0.8; a flash is a pair of opposing transitions;
- a *red transition* is a change of at least 20 in max(0, (R - G - B) x 320) (Harding's
  red measure, on linear channels) where either state is saturated red,
  R / (R + G + B) >= 0.8;
- WCAG 2.3.1 (general and red flash): more than 3 flashes (6 transitions) in any one-second
  window over an area the size of the 10-degree field, a third of the screen's width and
  height (341 x 256 px at 1024 x 768), fails;
- our bar (the stricter 2.3.2 reading): no more than 3 flashes in any second anywhere on
  screen, checked on small blocks of about 1/96 of the screen's width, covering every
  pixel of the frame (each block's luminance is the mean of a 3 x 3 grid of its pixels).

:class:`FlashAnalyser` takes frames one by one at a fixed frame rate, so a whole activity
can be checked as it renders; :func:`analyse_frames` does a list at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

#: The thresholds of the rules above.
LUMINANCE_STEP = 0.1
DARK_LIMIT = 0.8
RED_STEP = 20.0
RED_SATURATION = 0.8
MAX_TRANSITIONS_PER_SECOND = 6  # 3 flashes
#: Blocks across the screen for the "anywhere" check, and the 10-degree field's share.
BLOCKS_ACROSS = 96
SAMPLES_PER_BLOCK = 3
FIELD_SHARE = 1 / 3

_LINEAR = np.array(
    [
        (v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4
        for v in range(256)
    ],
    dtype=np.float32,
)


@dataclass(frozen=True)
class Verdict:
    """The worst one-second window of each check (transitions counted, and when)."""

    general_field: int
    red_field: int
    general_anywhere: int
    red_anywhere: int
    worst_at_s: float
    frames: int

    @property
    def passes_wcag(self) -> bool:
        """WCAG 2.3.1: at most 3 general and 3 red flashes per second over the field."""
        return max(self.general_field, self.red_field) <= MAX_TRANSITIONS_PER_SECOND

    @property
    def passes(self) -> bool:
        """Our bar: at most 3 flashes in any second anywhere on screen."""
        worst = max(self.general_field, self.red_field, self.general_anywhere, self.red_anywhere)
        return worst <= MAX_TRANSITIONS_PER_SECOND

    def describe(self) -> Sentence:
        """The verdict in one line (English as str; said in a language where printed)."""
        return Sentence(
            N_(
                "{verdict}: worst second at {at} s has {general} luminance and {red} red"
                " transitions anywhere, {general_field} and {red_field} over a 10-degree field"
                " (limit {limit}); {frames} frames"
            ),
            verdict=Sentence(N_("pass")) if self.passes else Sentence(N_("FAIL")),
            at=f"{self.worst_at_s:.2f}",
            general=self.general_anywhere,
            red=self.red_anywhere,
            general_field=self.general_field,
            red_field=self.red_field,
            limit=MAX_TRANSITIONS_PER_SECOND,
            frames=self.frames,
        )


class _TransitionCounter:
    """Zig-zag transition counting for many places at once (one signal per place)."""

    def __init__(
        self,
        first: np.ndarray,
        step: float,
        dark_limit: float | None,
        gate: np.ndarray | None = None,
    ) -> None:
        self.step = step
        self.dark_limit = dark_limit
        self.extreme = first.astype(np.float64).copy()
        self.direction = np.zeros(first.shape, np.int8)
        self.recent = np.full((*first.shape, MAX_TRANSITIONS_PER_SECOND + 1), -np.inf)
        self.worst = 0
        self.worst_at = 0.0
        self.worst_where: tuple[int, ...] = ()
        self._gate_before = gate

    def add(self, value: np.ndarray, t: float, gate: np.ndarray | None = None) -> None:
        change = value - self.extreme
        rising = self.direction >= 0
        falling = self.direction <= 0
        extend = ((self.direction == 1) & (change > 0)) | ((self.direction == -1) & (change < 0))
        self.extreme = np.where(extend, value, self.extreme)
        turn = ((rising & (change <= -self.step)) | (falling & (change >= self.step))) & ~extend
        if self.dark_limit is not None:
            turn &= np.minimum(value, self.extreme) < self.dark_limit
        if gate is not None:  # red: one of the two states must be saturated red
            before = gate if self._gate_before is None else self._gate_before
            turn &= gate | before
            self._gate_before = np.where(turn | extend, gate, before)
        if turn.any():
            self.direction = np.where(turn, np.sign(change).astype(np.int8), self.direction)
            self.extreme = np.where(turn, value, self.extreme)
            self.recent[turn] = np.roll(self.recent[turn], -1, axis=-1)
            self.recent[turn, -1] = t
            in_window = (self.recent[turn] > t - 1.0 + 1e-9).sum(axis=-1)  # (t - 1 s, t]
            count = int(in_window.max())
            if count > self.worst:
                self.worst, self.worst_at = count, t
                where = np.argwhere(turn)[int(in_window.argmax())]
                self.worst_where = tuple(int(v) for v in where)


class FlashAnalyser:
    """Feed RGB frames (height x width x 3, uint8) at `fps`; read :meth:`verdict`."""

    def __init__(self, fps: float = 60.0) -> None:
        self.fps = fps
        self.frames = 0
        self._counters: tuple[_TransitionCounter, ...] | None = None

    def _measures(self, frame: np.ndarray) -> tuple[np.ndarray, ...]:
        height, width = frame.shape[:2]
        places = _sample_places(height, width)
        sampled = frame[places.ys, places.xs]  # every block's grid of samples
        r, g, b = _LINEAR[sampled[..., 0]], _LINEAR[sampled[..., 1]], _LINEAR[sampled[..., 2]]
        luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
        total = r + g + b
        saturated = r >= RED_SATURATION * np.maximum(total, 1e-6)
        red = np.where(saturated, np.maximum(0.0, r - g - b) * 320.0, 0.0)
        lum_blocks, red_blocks = _block_means(luminance), _block_means(red)
        red_gate = _block_means(saturated.astype(np.float32)) >= 0.5
        window = places.window
        return (
            lum_blocks,
            red_blocks,
            red_gate,
            _window_means(lum_blocks, window),
            _window_means(red_blocks, window),
            _window_means(red_gate.astype(np.float32), window) >= 0.25,
        )

    def add(self, frame: np.ndarray) -> None:
        """One frame, shown 1/fps s after the previous one."""
        t = self.frames / self.fps
        lum, red, gate, lum_field, red_field, field_gate = self._measures(frame)
        if self._counters is None:
            self._counters = (
                _TransitionCounter(lum_field, LUMINANCE_STEP, DARK_LIMIT),
                _TransitionCounter(red_field, RED_STEP, None, field_gate),
                _TransitionCounter(lum, LUMINANCE_STEP, DARK_LIMIT),
                _TransitionCounter(red, RED_STEP, None, gate),
            )
        else:
            general_field, red_field_counter, general, red_counter = self._counters
            general_field.add(lum_field, t)
            red_field_counter.add(red_field, t, field_gate)
            general.add(lum, t)
            red_counter.add(red, t, gate)
        self.frames += 1

    def verdict(self) -> Verdict:
        if self._counters is None:
            return Verdict(0, 0, 0, 0, 0.0, self.frames)
        counters = self._counters
        worst = max(counters, key=lambda c: c.worst)
        return Verdict(
            counters[0].worst,
            counters[1].worst,
            counters[2].worst,
            counters[3].worst,
            worst.worst_at,
            self.frames,
        )


def _window_means(values: np.ndarray, window: tuple[int, int]) -> np.ndarray:
    """Means of every window of `window` blocks (sliding by one block)."""
    rows, cols = window
    sums_to = values.astype(np.float64).cumsum(0).cumsum(1)
    padded = np.zeros((sums_to.shape[0] + 1, sums_to.shape[1] + 1))  # (a row, a column of 0)
    padded[1:, 1:] = sums_to
    sums = (
        padded[rows:, cols:]
        - padded[:-rows, cols:]
        - padded[rows:, :-cols]
        + padded[:-rows, :-cols]
    )
    means: np.ndarray = sums / (rows * cols)
    return means


class SamplePlaces(NamedTuple):
    """Where a frame of one size is sampled: row and column indexes (px) of every sample,
    block by block, and the 10-degree field's size in blocks (rows, columns)."""

    ys: np.ndarray
    xs: np.ndarray
    window: tuple[int, int]


@lru_cache(maxsize=8)
def _sample_places(height: int, width: int) -> SamplePlaces:
    """The sample places of a frame of `height` x `width` px: blocks of about 1/96 of the
    width (the last ones may be partial), each sampled on a SAMPLES_PER_BLOCK grid."""
    block = max(1, width // BLOCKS_ACROSS)
    rows, cols = -(-height // block), -(-width // block)
    grid = (np.arange(SAMPLES_PER_BLOCK) + 0.5) * block / SAMPLES_PER_BLOCK
    ys = np.minimum((np.arange(rows)[:, None] * block + grid).astype(int), height - 1)
    xs = np.minimum((np.arange(cols)[:, None] * block + grid).astype(int), width - 1)
    window = (max(1, round(rows * FIELD_SHARE)), max(1, round(cols * FIELD_SHARE)))
    return SamplePlaces(ys.reshape(-1)[:, None], xs.reshape(-1)[None, :], window)


def _block_means(values: np.ndarray) -> np.ndarray:
    """The mean of each block's SAMPLES_PER_BLOCK x SAMPLES_PER_BLOCK samples in `values`
    (sampled block by block): each grid row summed along, then the rows, the order numpy's
    mean over both axes adds them in for grids under 8 samples a side and more than one
    block across (the same value to the last bit: tests/test_safety.py), with strided adds
    instead of a reduction over two axes (0.27 -> 0.05 ms a measure at 96 blocks across);
    numpy's own mean otherwise."""
    n = SAMPLES_PER_BLOCK
    rows, cols = values.shape[0] // n, values.shape[1] // n
    grid = values.reshape(rows, n, cols, n)
    if n >= 8 or cols == 1:  # (numpy adds 8 or more in another order, and one column too)
        means: np.ndarray = grid.mean(axis=(1, 3))
        return means
    total = _grid_row_sum(grid, 0)
    for i in range(1, n):
        total = total + _grid_row_sum(grid, i)
    return total / values.dtype.type(n * n)  # type: ignore[no-any-return]


def _grid_row_sum(grid: np.ndarray, i: int) -> np.ndarray:
    """Each block's sum of its grid's row `i` (left to right)."""
    row: np.ndarray = grid[:, i, :, 0].copy()
    for j in range(1, grid.shape[3]):
        row += grid[:, i, :, j]
    return row


def analyse_frames(frames: Iterable[np.ndarray], fps: float = 60.0) -> Verdict:
    """Analyse a sequence of RGB frames shown at `fps`."""
    analyser = FlashAnalyser(fps)
    for frame in frames:
        analyser.add(frame)
    return analyser.verdict()
