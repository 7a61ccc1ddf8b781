"""Stroke data for shapes, letters and digits (glyphs/*.yaml of the configuration) -> target paths.

Coordinates are in glyph units: x to the right, y downwards; capitals and digits stand
from y = 0 to y = 1 (the baseline), lower-case letters from 0.5 (x-height) to 1, with
ascenders from 0 and descenders to 1.4. One unit is `size_mm` on screen.

A glyph is a list of strokes in writing order; each stroke runs in writing direction and
is one or more parts joined end to start:

- ``[[x, y], [x, y], ...]`` a polyline;
- ``{arc: {centre: [x, y], radius: r or [rx, ry], start: deg, sweep: deg}}`` an
  elliptical arc; angles in degrees, 0 = right, 90 = down (so a negative sweep turns
  anticlockwise on screen, as in writing "c" or "o");
- ``{dot: [x, y]}`` a dot to touch (the dot of i and j);
- ``{spiral: {centre: [x, y], turns: n, radius: r, start: deg, sweep_sign: -1 or 1}}``
  an Archimedean spiral from the centre outwards;
- ``{wave: {from: [x, y], to: [x, y], height: h, waves: n}}`` a sine wave.

Letters are formed the same way for left- and right-handed children (as handwriting
programmes teach them); what changes for a left-hander is where a model stands (to the
right of the writing, :func:`model_side`, so the writing hand does not cover it) and that
a mainly horizontal stroke pulled from right to left is not a direction error
(:attr:`Glyph.horizontal_strokes`): common occupational-therapy guidance for left-handed
writers, see docs/config.md "Left-handed children".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

import numpy as np

from sensory_games.domain.config_folders import layered_files
from sensory_games.domain.schema import show_key, show_value
from sensory_games.domain.yaml_files import ConfigError, read_yaml

#: Curves are drawn with at most this angle (degrees) per segment.
ARC_STEP_DEG = 4.0

#: One checked part or stroke of a glyph, its points not yet worked out: called, it gives
#: them (an (n, 2) array in glyph units). A glyph file is checked whole when the levels
#: are (at start), and its points are worked out when a glyph is first shown: the check
#: needs no numpy, so the launcher's first frame is drawn before numpy is loaded.
Points = Callable[[], "np.ndarray"]


@dataclass(frozen=True)
class Glyph:
    """One traceable item: its name, the set it belongs to, strokes in glyph units."""

    name: str
    set_name: str
    strokes: tuple[np.ndarray, ...]

    def layout(self, size_mm: float, centre_mm: tuple[float, float]) -> tuple[np.ndarray, ...]:
        """The strokes in screen millimetres, one unit = `size_mm`, centred on `centre_mm`,
        in writing order and direction (the same for either hand)."""
        everything = np.vstack(self.strokes)
        middle = (everything.min(axis=0) + everything.max(axis=0)) / 2
        return tuple((stroke - middle) * size_mm + np.asarray(centre_mm) for stroke in self.strokes)

    @property
    def horizontal_strokes(self) -> frozenset[int]:
        """The strokes (indices) that run mainly sideways, such as the crossbars of T, H,
        E and t: a left-handed child may pull them either way without a direction error."""
        return frozenset(k for k, s in enumerate(self.strokes) if _mainly_horizontal(s))

    @property
    def size_units(self) -> tuple[float, float]:
        everything = np.vstack(self.strokes)
        width, height = everything.max(axis=0) - everything.min(axis=0)
        return float(width), float(height)


def _mainly_horizontal(points: np.ndarray) -> bool:
    """A stroke that runs mainly sideways, its ends at least twice as far apart across as
    up or down (dots and closed loops, whose ends meet, run nowhere: never)."""
    if len(points) < 2:
        return False
    dx, dy = points[-1] - points[0]
    span = float(np.ptp(points, axis=0).max())
    if np.hypot(dx, dy) < 0.05 * max(span, 1e-9):
        return False
    return bool(abs(dx) > 2 * abs(dy))


def model_side(left_handed: bool) -> Literal["left", "right"]:
    """Which side of the child's writing a model to copy goes: the side the writing hand
    does not cover. A right hand rests to the right of the pen and covers what lies there,
    a left hand lies to the left of it and covers what was just written there."""
    return "right" if left_handed else "left"


def _pair(file: Path, key: str, value: Any) -> tuple[float, float]:
    """A point [x, y]. Its range is checked by comparing, which NaN and infinity fail,
    never by converting first: a whole number too large for a float would overflow."""
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        and all(-5 <= v <= 5 for v in value)
    ):
        return float(value[0]), float(value[1])
    raise ConfigError(
        file,
        f"{show_key(key)} = {show_value(value)}: must be a point [x, y] "
        "with numbers between -5 and 5",
    )


def _number(file: Path, key: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high:
        return float(value)
    raise ConfigError(
        file,
        f"{show_key(key)} = {show_value(value)}: must be a number between {low:g} and {high:g}",
    )


def _fields(
    file: Path, key: str, value: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(file, f"{show_key(key)} = {show_value(value)}: must be a mapping")
    for name in value:
        if name not in required + optional:
            raise ConfigError(
                file,
                f"{show_key(key)}.{show_key(name)}: is not a known key; "
                f"known: {', '.join(required + optional)}",
            )
    for name in required:
        if name not in value:
            raise ConfigError(file, f"{show_key(key)}.{name}: is missing")
    return value


def _line_points(points: tuple[tuple[float, float], ...]) -> np.ndarray:
    return np.array(points, dtype=float)


def _arc(file: Path, key: str, spec: Any) -> Points:
    spec = _fields(file, key, spec, ("centre", "radius", "start", "sweep"))
    centre = _pair(file, f"{key}.centre", spec["centre"])
    radius = spec["radius"]
    rx, ry = (
        _pair(file, f"{key}.radius", radius)
        if isinstance(radius, list)
        else (_number(file, f"{key}.radius", radius, 0.01, 5),) * 2
    )
    start = _number(file, f"{key}.start", spec["start"], -720, 720)
    sweep = _number(file, f"{key}.sweep", spec["sweep"], -720, 720)
    return partial(_arc_points, centre, rx, ry, start, sweep)


def _arc_points(
    centre: tuple[float, float], rx: float, ry: float, start: float, sweep: float
) -> np.ndarray:
    count = max(2, int(abs(sweep) / ARC_STEP_DEG) + 1)
    angles = np.radians(np.linspace(start, start + sweep, count))
    return np.column_stack((centre[0] + rx * np.cos(angles), centre[1] + ry * np.sin(angles)))


def _spiral(file: Path, key: str, spec: Any) -> Points:
    spec = _fields(file, key, spec, ("centre", "turns", "radius"), ("start", "sweep_sign"))
    centre = _pair(file, f"{key}.centre", spec["centre"])
    turns = _number(file, f"{key}.turns", spec["turns"], 0.5, 6)
    radius = _number(file, f"{key}.radius", spec["radius"], 0.05, 5)
    start = _number(file, f"{key}.start", spec.get("start", 0), -360, 360)
    sign = _number(file, f"{key}.sweep_sign", spec.get("sweep_sign", -1), -1, 1)
    if sign == 0:
        raise ConfigError(file, f"{show_key(key)}.sweep_sign = 0: must be -1 or 1")
    return partial(_spiral_points, centre, turns, radius, start, sign)


def _spiral_points(
    centre: tuple[float, float], turns: float, radius: float, start: float, sign: float
) -> np.ndarray:
    count = max(2, int(turns * 360 / ARC_STEP_DEG) + 1)
    share = np.linspace(0.0, 1.0, count)
    angles = np.radians(start + math.copysign(1, sign) * 360 * turns * share)
    return np.column_stack(
        (centre[0] + radius * share * np.cos(angles), centre[1] + radius * share * np.sin(angles))
    )


def _wave(file: Path, key: str, spec: Any) -> Points:
    spec = _fields(file, key, spec, ("from", "to", "height", "waves"))
    start, end = _pair(file, f"{key}.from", spec["from"]), _pair(file, f"{key}.to", spec["to"])
    height = _number(file, f"{key}.height", spec["height"], -2, 2)
    waves = _number(file, f"{key}.waves", spec["waves"], 0.5, 10)
    return partial(_wave_points, start, end, height, waves)


def _wave_points(
    start: tuple[float, float], end: tuple[float, float], height: float, waves: float
) -> np.ndarray:
    a, b = np.array(start), np.array(end)
    share = np.linspace(0.0, 1.0, max(2, int(waves * 360 / ARC_STEP_DEG) + 1))
    along = a + (b - a) * share[:, None]
    normal = np.array([-(b - a)[1], (b - a)[0]]) / max(1e-9, float(np.hypot(*(b - a))))
    wave: np.ndarray = along + normal * (height * np.sin(2 * math.pi * waves * share))[:, None]
    return wave


def _part(file: Path, key: str, part: Any) -> Points:
    if isinstance(part, list):
        if len(part) < 2:
            raise ConfigError(
                file, f"{show_key(key)} = {show_value(part)}: a line needs at least two points"
            )
        line = tuple(_pair(file, f"{key}[{i + 1}]", p) for i, p in enumerate(part))
        return partial(_line_points, line)
    if isinstance(part, Mapping) and len(part) == 1:
        ((kind, spec),) = part.items()
        if kind == "arc":
            return _arc(file, f"{key}.arc", spec)
        if kind == "spiral":
            return _spiral(file, f"{key}.spiral", spec)
        if kind == "wave":
            return _wave(file, f"{key}.wave", spec)
        if kind == "dot":
            return partial(_line_points, (_pair(file, f"{key}.dot", spec),))
    raise ConfigError(
        file,
        f"{show_key(key)} = {show_value(part)}: must be a line [[x, y], ...] "
        "or one of {arc: ...}, {dot: [x, y]}, {spiral: ...}, {wave: ...}",
    )


def _stroke(file: Path, key: str, stroke: Any) -> Points:
    """A stroke is one part, or a list of parts joined end to start."""
    is_line = (
        isinstance(stroke, list)
        and stroke
        and isinstance(stroke[0], list)
        and (len(stroke[0]) == 2 and all(isinstance(v, (int, float)) for v in stroke[0]))
    )
    parts = [stroke] if is_line or isinstance(stroke, Mapping) else stroke
    if not isinstance(parts, list) or not parts:
        raise ConfigError(
            file,
            f"{show_key(key)} = {show_value(stroke)}: must be a line, a curve, or a list of them",
        )
    if len(parts) == 1:
        return _part(file, key, parts[0])
    joined = tuple(_part(file, f"{key}[{i + 1}]", p) for i, p in enumerate(parts))
    return partial(_joined_points, joined)


def _joined_points(parts: tuple[Points, ...]) -> np.ndarray:
    return np.vstack([part() for part in parts])


def _glyph_name(file: Path, name: Any, earlier: Mapping[str, object]) -> str:
    """A glyph's name as a level's `shapes` names it: one word (an unquoted number such as
    `7:` is read by YAML as a number and taken as its digits); not a name used above."""
    text = str(name) if isinstance(name, (str, int)) and not isinstance(name, bool) else ""
    shown = show_key(name) if isinstance(name, str) else show_value(name)
    if not text or any(c.isspace() for c in text):
        raise ConfigError(
            file,
            f"glyphs.{shown}: a glyph's name must be one word of text (no spaces), "
            "as a level's shapes names it",
        )
    if text in earlier:
        raise ConfigError(file, f"glyphs.{shown}: the name is written twice")
    return text


def load_glyph_file(file: Path) -> dict[str, Glyph]:
    """Read one glyphs/*.yaml file; errors name the file and the glyph."""
    set_name, checked = _checked_glyph_file(file)
    return {name: _drawn(name, set_name, strokes) for name, strokes in checked.items()}


def _drawn(name: str, set_name: str, strokes: tuple[Points, ...]) -> Glyph:
    return Glyph(name, set_name, tuple(stroke() for stroke in strokes))


def _checked_glyph_file(file: Path) -> tuple[str, dict[str, tuple[Points, ...]]]:
    """One glyphs/*.yaml file checked (every error there is, as load_glyph_file says it):
    its set's name and each glyph's strokes, their points not yet worked out."""
    data = read_yaml(file)
    data = _fields(file, "(file)", data, ("set", "glyphs"))
    set_name = data["set"]
    if not isinstance(set_name, str) or not set_name.isidentifier():
        raise ConfigError(file, f"set = {show_value(set_name)}: must be a short name")
    glyphs = data["glyphs"]
    if not isinstance(glyphs, Mapping) or not glyphs:
        raise ConfigError(file, f"glyphs = {show_value(glyphs)}: must map names to strokes")
    loaded: dict[str, tuple[Points, ...]] = {}
    for raw_name, spec in glyphs.items():
        name = _glyph_name(file, raw_name, loaded)
        key = f"glyphs.{name}"
        spec = _fields(file, key, spec, ("strokes",))
        strokes = spec["strokes"]
        if not isinstance(strokes, list) or not strokes:
            raise ConfigError(
                file,
                f"{show_key(key)}.strokes = {show_value(strokes)}: must be "
                "a list of strokes in writing order",
            )
        loaded[name] = tuple(
            _stroke(file, f"{key}.strokes[{i + 1}]", s) for i, s in enumerate(strokes)
        )
    return set_name, loaded


class _DrawnOnUse(Mapping[str, Glyph]):
    """Glyphs by name, each one's points worked out the first time it is asked for."""

    def __init__(self, checked: dict[str, tuple[str, tuple[Points, ...]]]) -> None:
        self._checked = checked  # name -> (set name, strokes)
        self._drawn: dict[str, Glyph] = {}

    def __getitem__(self, name: str) -> Glyph:
        glyph = self._drawn.get(name)
        if glyph is None:
            set_name, strokes = self._checked[name]
            glyph = self._drawn[name] = _drawn(name, set_name, strokes)
        return glyph

    def __contains__(self, name: object) -> bool:
        return name in self._checked  # (Mapping's own would work the points out)

    def __iter__(self) -> Iterator[str]:
        return iter(self._checked)

    def __len__(self) -> int:
        return len(self._checked)


@dataclass(frozen=True)
class GlyphLibrary:
    """Every glyph of a glyphs/ folder, by name, and the names of each set in file order."""

    glyphs: Mapping[str, Glyph]
    sets: Mapping[str, tuple[str, ...]]

    def get(self, name: str) -> Glyph:
        return self.glyphs[name]

    def resolve(self, names: str) -> list[Glyph]:
        """Space-separated glyph names or set names (e.g. "circle square" or "digits")."""
        return [self.glyphs[name] for name in self.names(names)]

    def names(self, names: str) -> list[str]:
        """The glyph names that `resolve` gives the glyphs of (a set name stands for its
        glyphs), no glyph's points worked out: what checking a level needs. KeyError names
        a word that is neither a glyph nor a set."""
        chosen: list[str] = []
        for word in names.split():
            if word in self.sets:
                chosen.extend(self.sets[word])
            elif word in self.glyphs:
                chosen.append(word)
            else:
                raise KeyError(word)
        return chosen


@cache
def load_library(glyph_dir: Path) -> GlyphLibrary:
    """All glyph files of one folder (read once per folder)."""
    return _library(tuple(sorted(glyph_dir.glob("*.yaml"))))


def glyph_library(config_dir: Path) -> GlyphLibrary:
    """The glyphs a configuration offers: the shipped glyph files, each replaced by the
    clinic folder `config_dir`'s file of the same name, and the clinic's own files, in
    order of file name (read once per set of files)."""
    return _library(tuple(layered_files(config_dir, "glyphs").values()))


@cache
def _library(files: tuple[Path, ...]) -> GlyphLibrary:
    """The glyphs of `files`, read in that order; a name used twice is a ConfigError."""
    glyphs: dict[str, tuple[str, tuple[Points, ...]]] = {}  # name -> (set name, strokes)
    sets: dict[str, tuple[str, ...]] = {}
    for file in files:
        set_name, loaded = _checked_glyph_file(file)
        if set_name in glyphs:  # a set may not hide a glyph of the same name
            raise ConfigError(
                file,
                f"set = {set_name!r}: the name is already a glyph of set {glyphs[set_name][0]}",
            )
        for name, strokes in loaded.items():
            if name in glyphs or name in sets or name == set_name:
                owner = glyphs[name][0] if name in glyphs else name
                raise ConfigError(file, f"glyphs.{name}: the name is already used by set {owner}")
            glyphs[name] = (set_name, strokes)
        sets[set_name] = sets.get(set_name, ()) + tuple(loaded)
    return GlyphLibrary(_DrawnOnUse(glyphs), sets)
