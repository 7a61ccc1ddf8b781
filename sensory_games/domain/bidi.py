"""The order a line that mixes directions is read in: Unicode's bidirectional algorithm.

An Arabic line with numbers, dates, a Latin alias or an activity's English name in it
("3. Tracing، المستوى 4، 5 د") is one sentence read from the right: its numbers and
Latin words keep their own left-to-right order inside, but their place in the line, and
the punctuation and spaces between them, follow the line's direction. Deciding that run
by run, from the first letter of each, scrambles such a line. This is the algorithm's
implicit part (UAX #9 rules W1-W7, N0-N2, I1-I2, L1-L2) for one line with no explicit
embedding characters (the log refuses them in what an adult types), and its isolates (a
path the app puts in an Arabic sentence, see LRI), which is all a screen's line needs;
the line's direction is the reader's language (an Arabic screen reads right to left even
when a line starts with a Latin name), or, not given, its first strong letter's (a name
alone). Brackets are paired (N0) so that both of a pair take
one direction: "Mia (محمد) 3 attempts" keeps "(محمد)" whole in an English line, and an
Arabic sentence's "(Permission denied)" shows one opening and one closing bracket.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: Bidirectional classes the algorithm treats as neutral (spaces, punctuation, symbols).
NEUTRAL = frozenset({"B", "S", "WS", "ON"})
#: Classes that separate or end a number ("1.5", "12:30", "5%").
_SEPARATORS = frozenset({"ES", "ET", "CS"})
#: Each opening paired bracket and its closing one (Unicode's BidiBrackets.txt, the
#: brackets a line here may hold: ASCII, CJK and full-width).
BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2329": "\u232a",  # (〈 〉, canonically the CJK angle brackets below)
    "\u3008": "\u3009",
    "\u300a": "\u300b",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u3010": "\u3011",
    "\u3014": "\u3015",
    "\u3016": "\u3017",
    "\u3018": "\u3019",
    "\u301a": "\u301b",
    "\uff08": "\uff09",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
    "\uff5f": "\uff60",
    "\uff62": "\uff63",
}
#: Brackets Unicode counts as the same one when pairing (canonical equivalents).
_SAME_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}
#: How many brackets may be open at once before pairing stops (BD16).
_MOST_OPEN = 63


#: The isolate controls (X5a-X5c, X6a): left to right, right to left, first strong's
#: direction; each opens an isolate that the pop (PDI) closes. The app wraps a value that
#: always reads left to right (a file's path) in LRI ... PDI in a right-to-left sentence
#: (domain/sentence.py): inside, it is laid out on its own, its leading "/" first.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATE_OPENERS = (LRI, RLI, FSI)
ISOLATE_CONTROLS = frozenset((*ISOLATE_OPENERS, PDI))


def first_strong_is_right_to_left(text: str) -> bool:
    """Whether the first strong letter of `text` outside its isolates is Arabic or Hebrew
    (P2, P3)."""
    for char in _outside(text):  # (an isolate's opener and PDI: neither direction)
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL", "L"):
            return kind != "L"
    return False


def isolates(text: str) -> list[tuple[int, int]]:
    """(where it opens, where its PDI closes it, or the text's length) of each outermost
    isolate of `text` (BD9: a PDI with no isolate open is left alone)."""
    spans: list[tuple[int, int]] = []
    depth = start = 0
    for i, char in enumerate(text):
        if char in ISOLATE_OPENERS:
            start = i if depth == 0 else start
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    if depth:
        spans.append((start, len(text)))
    return spans


def has_right_to_left_letter(text: str) -> bool:
    """Whether any letter of `text` is Arabic or Hebrew."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def has_left_to_right_letter(text: str) -> bool:
    """Whether any letter of `text` is Latin (or another script read left to right)."""
    return any(unicodedata.bidirectional(char) == "L" for char in text)


def isolated(text: str) -> str:
    """`text` (a name, in any script) as an isolate in a line: laid out on its own, in
    its first strong letter's direction, and never deciding the line's (FSI ... PDI)."""
    return f"{FSI}{text}{PDI}"


def _outside(text: str) -> str:
    """`text` without what its isolates hold."""
    spans = isolates(text)
    if not spans:
        return text
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at : start + 1])
        at = end
    return "".join(kept) + text[at:]


def reading_direction(text: str, reader_right_to_left: bool | None) -> bool | None:
    """Which way a line of `text` is laid out for a reader of a language read right to
    left (True), left to right (False) or unknown (None: its first strong letter decides,
    an alias shown alone). A line is laid out as its reader reads, except one that has no
    letter of the reader's direction at all: an English record quoted in an Arabic
    console reads left to right, an Arabic therapist's note in an English console right
    to left (a mixed line keeps its reader's direction: "محمد: no plan" from the left)."""
    if reader_right_to_left is None:
        return None
    around = _outside(text)  # (what an isolate holds never decides the line's way)
    has_rtl, has_ltr = has_right_to_left_letter(around), has_left_to_right_letter(around)
    if reader_right_to_left and not has_rtl:  # (numbers alone too: a date and time)
        return False
    if not reader_right_to_left and has_rtl and not has_ltr:
        return True
    return reader_right_to_left


def levels(text: str, right_to_left: bool | None = None) -> list[int]:
    """Each character's embedding level (even: left to right, odd: right to left) in a
    line whose direction is `right_to_left` (None: its first strong letter's)."""
    if right_to_left is None:
        right_to_left = first_strong_is_right_to_left(text)
    base = 1 if right_to_left else 0
    result = _levels(text, base)
    trailing = len(text)  # L1: spaces and isolate controls at the line's end at its level
    while trailing and (
        unicodedata.bidirectional(text[trailing - 1]) in ("WS", "S", "B")
        or text[trailing - 1] in ISOLATE_CONTROLS
    ):
        trailing -= 1
        result[trailing] = base
    return result


def _levels(text: str, base: int) -> list[int]:
    """levels() of `text` read at `base` (0 or 1): each isolate is resolved on its own at
    the next level of its direction above `base`, and stands in the text around it as one
    neutral (its opener and PDI, which are at the text's levels: X5a-X5c, X6a, BD13)."""
    spans = isolates(text)
    if not spans:
        return _implicit_levels(text, base)
    outside = [True] * len(text)
    for start, end in spans:
        outside[start + 1 : end] = [False] * (end - start - 1)
    kept = [i for i, out in enumerate(outside) if out]
    result = [base] * len(text)
    around = _implicit_levels("".join(text[i] for i in kept), base)
    for i, level in zip(kept, around, strict=True):
        result[i] = level
    for start, end in spans:
        inside = text[start + 1 : end]
        opener = text[start]
        rtl = opener == RLI or (opener == FSI and first_strong_is_right_to_left(inside))
        level = base + 1 if (base + 1) % 2 == rtl else base + 2  # (the next of its parity)
        for i, inner in enumerate(_levels(inside, int(rtl)), start=start + 1):
            result[i] = inner + level - int(rtl)
    return result


def _implicit_levels(text: str, base: int) -> list[int]:
    """The levels of `text`, which holds no isolate, read at `base` (rules W1-I2)."""
    edge = "R" if base else "L"
    kinds = [_kind(char) for char in text]
    _resolve_weak(kinds, edge)
    _resolve_brackets(text, kinds, edge)
    _resolve_neutral(kinds, edge)
    result = []
    for kind in kinds:  # I1, I2
        if base == 0:
            result.append(1 if kind == "R" else 2 if kind in ("EN", "AN") else 0)
        else:
            result.append(2 if kind in ("L", "EN", "AN") else 1)
    return result


def visual_runs(text: str, right_to_left: bool | None = None) -> list[tuple[str, bool]]:
    """`text` in runs of one level, in the order they are placed from the left (L2); each
    run in reading order, with whether it reads right to left (its letters are then drawn
    from the right). Isolate controls are left out: they are never drawn."""
    at = levels(text, right_to_left)
    runs: list[tuple[str, int]] = []
    for char, level in zip(text, at, strict=True):
        if runs and runs[-1][1] == level:
            runs[-1] = (runs[-1][0] + char, level)
        else:
            runs.append((char, level))
    if not runs:
        return []
    order = list(range(len(runs)))
    lowest_odd = min((level for _run, level in runs), default=0) | 1
    for level in range(max(level for _run, level in runs), lowest_odd - 1, -1):
        order = _reverse_from(order, [runs[i][1] for i in order], level)
    placed = [(runs[i][0].translate(_UNDRAWN), runs[i][1] % 2 == 1) for i in order]
    return [(run, rtl) for run, rtl in placed if run]  # (isolate controls: placed, not drawn)


#: Takes the isolate controls out of a run (they separate runs, but are never drawn).
_UNDRAWN = dict.fromkeys(map(ord, ISOLATE_CONTROLS))


def _reverse_from(order: list[int], at: Sequence[int], level: int) -> list[int]:
    """`order` with every stretch of runs at `level` or higher reversed (L2)."""
    result: list[int] = []
    stretch: list[int] = []
    for index, run_level in zip(order, at, strict=True):
        if run_level >= level:
            stretch.append(index)
            continue
        result += reversed(stretch)
        stretch = []
        result.append(index)
    return result + list(reversed(stretch))


def _kind(char: str) -> str:
    """The bidirectional class of `char`; embedding controls (a line here holds none) and
    an isolate's opener and PDI (levels() resolves what is between) count as neutral."""
    kind = unicodedata.bidirectional(char) or "ON"
    return kind if kind in _KNOWN else "ON"


_KNOWN = frozenset({"L", "R", "AL", "EN", "AN", "NSM", "BN", *NEUTRAL, *_SEPARATORS})


def _resolve_weak(kinds: list[str], edge: str) -> None:
    """Rules W1-W7 in place: marks, numbers and their separators take a direction."""
    previous = edge
    for i, kind in enumerate(kinds):  # W1: a mark is what it follows
        if kind in ("NSM", "BN"):
            kinds[i] = previous if previous not in ("NSM", "BN") else edge
        previous = kinds[i]
    strong = edge
    for i, kind in enumerate(kinds):  # W2, W3: numbers after Arabic letters are Arabic
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            kinds[i] = "AN"
        if kind == "AL":
            kinds[i] = "R"
    for i in range(1, len(kinds) - 1):  # W4: one separator inside a number joins it
        before, here, after = kinds[i - 1], kinds[i], kinds[i + 1]
        if before == after == "EN" and here in ("ES", "CS"):
            kinds[i] = "EN"
        elif before == after == "AN" and here == "CS":
            kinds[i] = "AN"
    for i, kind in enumerate(kinds):  # W5: currency, % and the like next to a number
        if kind == "ET":
            j = i
            while j < len(kinds) and kinds[j] == "ET":
                j += 1
            if (i and kinds[i - 1] == "EN") or (j < len(kinds) and kinds[j] == "EN"):
                kinds[i:j] = ["EN"] * (j - i)
    for i, kind in enumerate(kinds):  # W6: other separators are neutral
        if kind in _SEPARATORS:
            kinds[i] = "ON"
    strong = edge
    for i, kind in enumerate(kinds):  # W7: a number in Latin text is Latin
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            kinds[i] = "L"


def bracket_pairs(text: str, kinds: Sequence[str]) -> list[tuple[int, int]]:
    """The indexes of each opening bracket of `text` and the closing one it pairs with,
    in the order they open (BD16): a closing bracket closes the nearest open one of its
    kind, and any opened after that stay unpaired; only a bracket still neutral (`kinds`)
    counts."""
    pairs: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []  # (the closing bracket awaited, where it opened)
    for i, char in enumerate(text):
        if kinds[i] != "ON":
            continue
        bracket = _SAME_BRACKET.get(char, char)
        if bracket in BRACKETS:
            if len(opened) == _MOST_OPEN:
                break
            closing = BRACKETS[bracket]
            opened.append((_SAME_BRACKET.get(closing, closing), i))
            continue
        for depth in range(len(opened) - 1, -1, -1):
            if opened[depth][0] == bracket:
                pairs.append((opened[depth][1], i))
                del opened[depth:]
                break
    return sorted(pairs)


def _resolve_brackets(text: str, kinds: list[str], edge: str) -> None:
    """Rule N0 in place: a pair of brackets takes the line's direction when a letter of
    that direction is inside; else, when one of the other is inside, that other
    direction if the text before the pair reads so too, the line's if not; with no
    letter inside, the pair is left to the rules for other punctuation. (Numbers count
    as right to left, as in N1; a mark after a bracket takes its direction.)"""
    for opening, closing in bracket_pairs(text, kinds):
        inside = {_direction(kind) for kind in kinds[opening + 1 : closing] if kind not in NEUTRAL}
        if not inside:
            continue
        direction = edge
        if edge not in inside:
            before = (kind for kind in reversed(kinds[:opening]) if kind not in NEUTRAL)
            direction = _direction(next(before, edge))
        for at in (opening, closing):
            kinds[at] = direction
            mark = at + 1
            while mark < len(kinds) and _kind(text[mark]) in ("NSM", "BN"):
                kinds[mark] = direction
                mark += 1


def _resolve_neutral(kinds: list[str], edge: str) -> None:
    """Rules N1-N2 in place: spaces and punctuation between two runs of one direction
    take it (numbers count as right to left), others the line's."""
    i = 0
    while i < len(kinds):
        if kinds[i] not in NEUTRAL:
            i += 1
            continue
        j = i
        while j < len(kinds) and kinds[j] in NEUTRAL:
            j += 1
        before = _direction(kinds[i - 1]) if i else edge
        after = _direction(kinds[j]) if j < len(kinds) else edge
        kinds[i:j] = [before if before == after else edge] * (j - i)
        i = j


def _direction(kind: str) -> str:
    """A resolved class as the neutral rules see it: L or R."""
    return "L" if kind == "L" else "R"
