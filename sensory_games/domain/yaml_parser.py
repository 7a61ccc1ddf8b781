"""Parsing one YAML text safely, with errors a person can act on (domain/yaml_files.py
reads the files: imported only when a text must be parsed, so a launch whose files are all
kept parsed, cli/parsed_yaml.py, never loads PyYAML).

Texts are parsed with PyYAML's ``SafeLoader`` only (plain data, never a Python object),
which also refuses a key written twice and a file whose aliases (``*name``) would blow
up (a "billion laughs", see :data:`MOST_YAML_VALUES`).

Where PyYAML has its C parser (libyaml), a text is first parsed with it, under the same
safe constructors and checks: the launcher reads a dozen files before its first frame, and
the pure-Python parser took most of the cold start on a slow device (about 8 times longer).
Only a text the C parser reads without complaint is taken from it; anything it refuses is
read again by the pure-Python ``SafeLoader``, whose words and line numbers the error then
gives (and which decides: what it reads is what the app uses).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from sensory_games.domain.language import N_
from sensory_games.domain.schema import error_reason, show_key
from sensory_games.domain.sentence import Sentence, sentence
from sensory_games.domain.yaml_files import ConfigError

MERGE_TAG = "tag:yaml.org,2002:merge"

#: At most this many values (scalars, lists and mappings, keys included) in one YAML file,
#: each alias (*name) counted as a full copy of what it names. The biggest shipped file
#: (glyphs/uppercase.yaml) holds 700, a clinic's app.yaml about 60; a "billion
#: laughs" file of nine nested aliases would expand to 387 million and take minutes and
#: gigabytes to walk or print.
MOST_YAML_VALUES = 100_000


class YAMLExpansionError(yaml.YAMLError):
    """A YAML document whose aliases expand without end (an alias inside what it names)
    or past MOST_YAML_VALUES; `mark` is where, when it helps."""

    def __init__(self, reason: Sentence, mark: yaml.Mark | None = None) -> None:
        self.reason = reason
        self.mark = mark
        super().__init__(reason)


def _inside(node: yaml.Node) -> Iterator[yaml.Node]:
    """The nodes directly inside `node`: a list's items, a mapping's keys and values."""
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def check_expansion(root: yaml.Node, anchors: Mapping[str, yaml.Node], most: int) -> int:
    """The number of values in the composed document `root` once every alias is written
    out in full; YAMLExpansionError as soon as it passes `most`, or for an alias inside
    the value it names (which would never end).

    Works on the node graph PyYAML composes, where an alias is the very node it names:
    each node is walked once and its expanded size remembered, so the cost is the file's
    own size, never the expanded one. `anchors` (name -> node) names the aliases in
    messages. Iterative, so deep nesting cannot overflow Python's stack here.
    """
    names = {id(node): name for name, node in anchors.items()}
    sizes: dict[int, int] = {}  # id(node) -> values in it, written out in full
    open_nodes = {id(root)}  # the nodes being walked, from the root down
    stack: list[tuple[yaml.Node, Iterator[yaml.Node]]] = [(root, _inside(root))]
    totals = [1]  # values counted so far in each node on the stack

    def count(size: int) -> None:
        totals[-1] += size
        if totals[-1] > most:
            raise YAMLExpansionError(
                Sentence(
                    N_(
                        "too large: more than {most:,} values when every alias (*name) is "
                        "counted as a copy of what it names; at most {most:,} are allowed"
                    ),
                    most=most,
                )
            )

    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            open_nodes.discard(id(node))
            sizes[id(node)] = size = totals.pop()
            if totals:
                count(size)
        elif id(child) in open_nodes:
            name = names.get(id(child), "")
            raise YAMLExpansionError(
                Sentence(
                    N_(
                        "the alias *{name} is inside the value it names (&{name}), so it never ends"
                    ),
                    name=name,
                ),
                child.start_mark,
            )
        elif id(child) in sizes:
            count(sizes[id(child)])
        else:
            open_nodes.add(id(child))
            stack.append((child, _inside(child)))
            totals.append(1)
    return sizes[id(root)]


class _SafeLoaderNoDuplicates(yaml.SafeLoader):
    """yaml.SafeLoader (builds only plain data, never a Python object) that also refuses
    a key written twice in one mapping: YAML would silently keep the last one, and a
    therapist's first setting would be ignored without a word; and refuses, before
    building anything, a document whose aliases expand past MOST_YAML_VALUES."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        node = super().compose_node(parent, index)
        if parent is None and node is not None:  # the root, composed: its anchors still known
            check_expansion(node, self.anchors, MOST_YAML_VALUES)
        return node


def _mapping_without_duplicates(
    loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    first_line: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG:
            continue  # "<<: *shared" brings in keys the mapping may then override
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = key in first_line
        except TypeError:  # an unhashable key: SafeLoader's own error says so below
            break
        if seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key {show_key(key)} is written twice; the first is on line {first_line[key]}",
                key_node.start_mark,
            )
        first_line[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_SafeLoaderNoDuplicates.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _fast_loader() -> type[yaml.CSafeLoader] | None:
    """A loader on PyYAML's C parser with the same safe constructors and checks as
    _SafeLoaderNoDuplicates; None when this PyYAML was built without libyaml."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None

    class _CSafeLoaderNoDuplicates(yaml.CSafeLoader):
        """yaml.CSafeLoader (libyaml's parser, which stops at 1000 levels of nesting,
        under SafeLoader's constructors) with the same two refusals as the reference."""

        def get_single_node(self) -> yaml.Node | None:
            node = super().get_single_node()
            if node is not None:  # (anchor names unknown here: the reference names them)
                check_expansion(node, {}, MOST_YAML_VALUES)
            return node

    _CSafeLoaderNoDuplicates.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
    )
    return _CSafeLoaderNoDuplicates


#: The C-parser loader tried first, or None (see the module's docstring).
FAST_LOADER = _fast_loader()


def load_yaml_text(text: str) -> Any:
    """The plain data of the YAML document `text`, read as _SafeLoaderNoDuplicates reads
    it: by the C parser when it takes the text, else by the pure-Python one, whose error
    (yaml.YAMLError, ValueError, RecursionError, OverflowError) is the one raised."""
    if FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=FAST_LOADER)  # a SafeLoader's constructors
        except (yaml.YAMLError, ValueError, RecursionError, OverflowError):
            pass  # the reference parser below says what is wrong, in its words and marks
    return yaml.load(text, Loader=_SafeLoaderNoDuplicates)  # a SafeLoader: plain data


def parse_yaml(file: Path | str, text: str) -> Any:
    """The plain data of `file`'s YAML `text` (load_yaml_text); its problems become a
    one-line ConfigError naming `file`, where in it, and what is wrong."""
    try:
        return load_yaml_text(text)
    except YAMLExpansionError as error:
        raise ConfigError(file, _at(error.mark, error.reason)) from None
    except yaml.MarkedYAMLError as error:
        problem = Sentence(N_("not valid YAML ({problem})"), problem=error.problem)
        raise ConfigError(file, _at(error.problem_mark, problem)) from None
    except yaml.YAMLError as error:
        raise ConfigError(file, N_("not valid YAML ({problem})"), problem=str(error)) from None
    except (ValueError, RecursionError, OverflowError) as error:  # e.g. a 5000-digit number
        raise ConfigError(
            file, N_("not usable YAML ({reason})"), reason=error_reason(error)
        ) from None


def _at(mark: yaml.Mark | None, what: str) -> Sentence:
    """`what` went wrong, at `mark` (line and column from 1) when PyYAML knows where."""
    if mark is None:
        return sentence(what)
    return Sentence(
        N_("line {line}, column {column}: {what}"),
        line=mark.line + 1,
        column=mark.column + 1,
        what=sentence(what),
    )
