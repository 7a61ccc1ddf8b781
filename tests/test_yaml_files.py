"""domain/yaml_parser.py's two parsers: the C parser (libyaml) tried first for speed, the
pure-Python SafeLoader as the reference. Every file must come out the same, every refusal
must stay a refusal on the fast path, and every error must be the reference's words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sensory_games.domain.config import DEFAULT_CONFIG_DIR, ConfigError, read_yaml
from sensory_games.domain.yaml_parser import (
    FAST_LOADER,
    YAMLExpansionError,
    _SafeLoaderNoDuplicates,
    load_yaml_text,
)

needs_libyaml = pytest.mark.skipif(FAST_LOADER is None, reason="PyYAML built without libyaml")

#: Nine nested aliases, each ten copies of the one before: 10**9 values written out.
BILLION_LAUGHS = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def reference(text: str) -> object:
    return yaml.load(text, Loader=_SafeLoaderNoDuplicates)


def test_this_pythons_pyyaml_has_the_fast_parser():
    """The shipped constraints install PyYAML wheels built with libyaml; without it the
    launcher starts several times slower (the app still works, on the reference parser)."""
    assert FAST_LOADER is not None
    assert issubclass(FAST_LOADER, yaml.CSafeLoader)


@needs_libyaml
def test_every_shipped_file_reads_the_same_on_both_parsers():
    files = sorted(DEFAULT_CONFIG_DIR.glob("**/*.yaml"))
    assert len(files) >= 14
    for file in files:
        text = file.read_text(encoding="utf-8")
        fast = yaml.load(text, Loader=FAST_LOADER)
        assert fast == reference(text), file
        assert load_yaml_text(text) == fast


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2.5, no, ~, '7', 2024-01-02]\nc: {d: &x [x], e: *x}\n",
        "base: &base {fps: 30, kiosk: true}\ndisplay:\n  <<: *base\n  fps: 60\n",
        "- 0o17\n- 0x1f\n- 1_000\n- .inf\n- -.nan\n- 'yes'\n- on\n- 12:30:00\n",
        "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
        'unicode: "\\u00e9\\U0001F600"\nname: Anna-Sophia Marie\n',
    ],
)
def test_values_resolve_the_same_on_both_parsers(text: str):
    """Tags (bools, numbers, dates, merges) are resolved by the same Python resolver."""
    fast = yaml.load(text, Loader=FAST_LOADER)
    expected = reference(text)
    assert repr(fast) == repr(expected)  # (repr: nan != nan, but they print the same)


@needs_libyaml
@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a: 1\nb: 2\na: 3\n", "the key a is written twice; the first is on line 1"),
        ("!!python/object/apply:os.system ['true']\n", "could not determine a constructor"),
        (BILLION_LAUGHS, "more than 100,000 values"),
    ],
)
def test_the_fast_parser_refuses_what_the_reference_refuses(text: str, error: str):
    """No file gets past the C parser that the reference would stop: a key written twice,
    a Python object, an alias bomb."""
    with pytest.raises((yaml.YAMLError, YAMLExpansionError), match=error):
        yaml.load(text, Loader=FAST_LOADER)
    with pytest.raises((yaml.YAMLError, YAMLExpansionError), match=error):
        reference(text)


@needs_libyaml
@pytest.mark.parametrize(
    "text",
    [
        "levels: [1, 2\n",  # libyaml and PyYAML word this differently
        "a: 1\n b: 2\n",
        "a: 'open\n",
        "a: &x [1, *x]\n",  # the reference names the alias; the C parser cannot
        "a: 1\nb: 2\na: 3\n",
        "a: \x07\n",
    ],
)
def test_an_error_is_the_reference_parsers_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
):
    """Whatever the C parser says, the clinic reads the pure-Python parser's problem, line
    and column, word for word as before the fast path existed."""
    import sensory_games.domain.yaml_parser as yaml_parser

    with pytest.raises((yaml.YAMLError, YAMLExpansionError)):
        yaml.load(text, Loader=FAST_LOADER)  # (so the error below went through the fallback)
    file = tmp_path / "app.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_yaml(file)
    monkeypatch.setattr(yaml_parser, "FAST_LOADER", None)
    with pytest.raises(ConfigError) as expected:
        read_yaml(file)
    assert str(caught.value) == str(expected.value)
    assert "app.yaml: " in str(caught.value)


def test_the_reference_alone_reads_a_file_when_there_is_no_fast_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import sensory_games.domain.yaml_parser as yaml_parser

    monkeypatch.setattr(yaml_parser, "FAST_LOADER", None)
    file = tmp_path / "plan.yaml"
    file.write_text("steps: [{activity: bubbles, level: 2}]\n", encoding="utf-8")
    assert read_yaml(file) == {"steps": [{"activity": "bubbles", "level": 2}]}
    file.write_text("steps: [1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"plan\.yaml: line 2, column 1: not valid YAML"):
        read_yaml(file)
