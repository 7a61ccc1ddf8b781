"""Typed, documented settings: one declaration validates YAML, builds settings screens
and is written into every attempt record.

A :class:`Parameter` says what a value is (int, float, bool, choice, text, or names: a
list of distinct choices in the order written), its range or choices, default, unit, a
short label and a hint for the therapist. Validation failures raise :class:`SchemaError`
with a sentence saying what is allowed; the config loader adds the file name and key path.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sensory_games.domain.language import N_, Words
from sensory_games.domain.sentence import Listed, Sentence, render

KINDS = ("int", "float", "bool", "choice", "text", "names")


class SchemaError(ValueError):
    """A value (or a set of keys) does not fit its declaration.

    `key` is the key path inside the mapping being validated ("" for the value itself),
    `value` the offending value and `allowed` what would have been accepted.
    """

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        super().__init__(f"{self.shown()}: {allowed}")

    def shown(self) -> str:
        """The key and the value as written ("key = value"), never translated."""
        key, value = self.key, self.value
        return f"{show_key(key)} = {show_value(value)}" if key else show_value(value)

    def render(self, words: Words) -> str:
        """The one-line error in `words`' language (key and value as written)."""
        return f"{self.shown()}: {render(self.allowed, words)}"

    def under(self, prefix: str) -> SchemaError:
        """The same error with `prefix` put in front of its key path."""
        if self.key and prefix:
            key = prefix + self.key if self.key.startswith("[") else f"{prefix}.{self.key}"
        else:
            key = prefix or self.key
        return SchemaError(key, self.value, self.allowed)


def show_value(value: Any) -> str:
    """A value as it would be written in YAML, on one line, shortened for messages."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, (dict, list, tuple)):
        try:
            text = json.dumps(value, default=str, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):  # a date as a key, a self-reference
            text = str(value)
    elif isinstance(value, int) and abs(value) > 10**30:
        text = f"{str(value)[:12]}... ({len(str(abs(value)))} digits)"
    else:
        text = str(value)
    text = text if text.isprintable() else repr(text)[1:-1]
    return text if len(text) <= 60 else text[:57] + "..."


def error_reason(error: BaseException) -> str:
    """An exception's message as a short reason for a one-line error: its first sentence
    (Python's "value has 5001 digits; use sys.set_int_max_str_digits()..." ends at the
    semicolon), or its type's name when it has none."""
    text = str(error).strip()
    return text.splitlines()[0].split(";")[0][:120] if text else type(error).__name__


def show_key(key: object) -> str:
    """A key path for a one-line message (control characters escaped)."""
    text = str(key)
    text = text if text.isprintable() else repr(text)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Parameter:
    """One adjustable setting, e.g. bubble size in mm, with everything needed to check it."""

    name: str
    kind: str
    default: Any
    label: str
    hint: str = ""
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    #: What the empty choice "" means (e.g. "the clinic's"), said where the choices are
    #: listed: an empty value printed as nothing reads as a mistake.
    empty_means: str = ""
    #: A number that may only take these values (within its range), e.g. 0, 0.5, 0.75, 1.
    steps: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"parameter {self.name!r}: kind must be one of {KINDS}")
        if self.kind in ("choice", "names") and not self.choices:
            raise ValueError(f"parameter {self.name!r}: a {self.kind} needs choices")
        if self.kind in ("int", "float") and (self.minimum is None or self.maximum is None):
            raise ValueError(f"parameter {self.name!r}: numbers need a minimum and maximum")
        self.validate(self.default)

    def allowed(self) -> Sentence:
        """What values are accepted, in words (used in every error message; English as a
        str, in any language with sentence.render)."""
        if self.steps:
            shown = ", ".join(_num(step) for step in self.steps)
            return Sentence(N_("must be one of {choices}"), choices=shown)
        if self.kind in ("int", "float"):
            low, high = _num(self.minimum), _num(self.maximum)
            unit = f" {self.unit}" if self.unit else ""
            if self.kind == "int":
                return Sentence(
                    N_("must be a whole number between {low} and {high}{unit}"),
                    low=low,
                    high=high,
                    unit=unit,
                )
            return Sentence(
                N_("must be a number between {low} and {high}{unit}"), low=low, high=high, unit=unit
            )
        if self.kind == "bool":
            return Sentence(N_("must be true or false"))
        if self.kind == "choice":
            return Sentence(N_("must be one of {choices}"), choices=self.listed_choices())
        if self.kind == "names":
            return Sentence(
                N_("must be a list of names, each at most once, from {choices}"),
                choices=", ".join(self.choices),
            )
        return Sentence(N_("must be text of at most {most} characters"), most=200)

    def listed_choices(self) -> Listed:
        """The choices as an error or a help text lists them: the empty one as `""` with
        what it means (`"" (the clinic's)`), each other as written."""
        meaning = self.empty_means or N_("empty")
        return Listed(
            Sentence(N_('"" ({meaning})'), meaning=Sentence(meaning)) if choice == "" else choice
            for choice in self.choices
        )

    def validate(self, value: Any) -> Any:
        """Return `value` converted to the parameter's type, or raise SchemaError."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise SchemaError("", value, self.allowed())
        if self.kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SchemaError("", value, self.allowed())
            try:
                number = float(value)
            except OverflowError:  # an integer too large for any range
                raise SchemaError("", value, self.allowed()) from None
            if self.kind == "int" and not number.is_integer():
                raise SchemaError("", value, self.allowed())
            low, high = self.minimum, self.maximum
            assert low is not None and high is not None  # __post_init__ requires both
            if not math.isfinite(number) or not (low <= number <= high):
                raise SchemaError("", value, self.allowed())
            if self.steps and number not in self.steps:
                raise SchemaError("", value, self.allowed())
            return int(value) if self.kind == "int" else float(value)
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            raise SchemaError("", value, self.allowed())
        if self.kind == "names":
            return self._names(value)
        if isinstance(value, str) and len(value) <= 200:
            return value
        raise SchemaError("", value, self.allowed())

    def _names(self, value: Any) -> tuple[str, ...]:
        """A "names" value as a tuple, in the order written: a list (a YAML sequence) of
        distinct choices. The error says which entry is wrong and why (its place from 1)."""
        if not isinstance(value, (list, tuple)):
            raise SchemaError("", value, self.allowed())
        for place, name in enumerate(value, start=1):
            if not (isinstance(name, str) and name in self.choices):
                known = ", ".join(self.choices)
                raise SchemaError(
                    f"[{place}]", name, Sentence(N_("must be one of {choices}"), choices=known)
                )
            if name in value[: place - 1]:
                first = value.index(name) + 1
                raise SchemaError(
                    f"[{place}]",
                    name,
                    Sentence(N_("is already at [{first}]: name each at most once"), first=first),
                )
        return tuple(value)


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"


class ParameterSchema:
    """An ordered set of parameters; validates a whole mapping at once."""

    def __init__(self, *parameters: Parameter) -> None:
        names = [p.name for p in parameters]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate parameter names in {names}")
        self._by_name = {p.name: p for p in parameters}

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self._by_name.values())

    def __getitem__(self, name: str) -> Parameter:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> list[str]:
        return list(self._by_name)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self}

    def validate(self, values: Any, *, fill_defaults: bool = True) -> dict[str, Any]:
        """Check a mapping of values: unknown keys and bad values raise SchemaError.

        Missing keys take their defaults when `fill_defaults` is true, else are errors.
        """
        if not isinstance(values, Mapping):
            raise SchemaError("", values, Sentence(N_("must be a mapping of setting: value")))
        checked: dict[str, Any] = {}
        for key, value in values.items():
            if key not in self._by_name:
                raise SchemaError(
                    str(key),
                    value,
                    Sentence(
                        N_("is not a known setting; known: {known}"),
                        known=", ".join(self._by_name),
                    ),
                )
            try:
                checked[key] = self._by_name[key].validate(value)
            except SchemaError as error:
                raise error.under(str(key)) from None
        for parameter in self:
            if parameter.name not in checked:
                if not fill_defaults:
                    raise SchemaError(parameter.name, None, Sentence(N_("is required")))
                checked[parameter.name] = parameter.default
        return {name: checked[name] for name in self._by_name}
