"""A sentence for an adult, kept in the code's English until it is shown.

Domain code has no language: an error is raised deep inside a service long before anyone
knows who will read it. So an error's message is a :class:`Sentence`: the English text
(marked with ``N_`` where it is written, so it reaches the catalogs) and the values to put
into its {fields}. It *is* that English text (a ``str``: logs, tests and ``str(error)``
see English), and :func:`render` says it again in any :class:`Words` at the edge, where
the reader's language is known (the command line prints errors in the clinic's language).

Keys, values, file names and commands inside a sentence are never translated: they are
what the clinic types. A value may itself be a Sentence (or an error that renders itself):
it is rendered in the same language, so a message built from parts reads as one. A
plain error raised with a Sentence as its one argument (``raise ValueError(Sentence(...))``)
is rendered as that Sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any, Protocol, runtime_checkable

from sensory_games.domain.bidi import LRI, PDI
from sensory_games.domain.language import SOURCE_LANGUAGE, Words, words


class Sentence(str):
    """English text with {fields}, filled in; :func:`render` gives it in another language.

    A counted text (its form chosen by a number) is made with :meth:`tr_n`."""

    template: str
    values: Mapping[str, Any]
    plural: str | None
    number: int  # the count a counted text's form is chosen by (str.count stays str's)

    def __new__(cls, template: str, /, **values: Any) -> Sentence:
        return cls._made(template, None, 0, values)

    @classmethod
    def tr_n(cls, singular: str, plural: str, count: int, /, **values: Any) -> Sentence:
        """A counted text, as ``Words.tr_n`` takes it, said in a language only when shown
        (named like it, so the catalogs' extractor takes both forms)."""
        return cls._made(singular, plural, count, values)

    @classmethod
    def _made(
        cls, template: str, plural: str | None, count: int, values: Mapping[str, Any]
    ) -> Sentence:
        english = _said(template, plural, count, values, words(SOURCE_LANGUAGE))
        sentence = super().__new__(cls, english)
        sentence.template, sentence.plural, sentence.number = template, plural, count
        sentence.values = values
        return sentence

    def said(self, words: Words) -> str:
        """The text in `words`' language."""
        return _said(self.template, self.plural, self.number, self.values, words)

    def __reduce__(self) -> tuple[Any, ...]:  # (a str subclass's extra state, for copies)
        return (_rebuilt, (self.template, self.plural, self.number, dict(self.values)))


def _rebuilt(template: str, plural: str | None, count: int, values: dict[str, Any]) -> Sentence:
    return Sentence._made(template, plural, count, values)


class Listed(tuple):  # type: ignore[type-arg]
    """Names or sentences listed in a message, comma-separated, each rendered."""

    def render(self, words: Words) -> str:
        return ", ".join(render(item, words) for item in self)

    def __str__(self) -> str:
        return self.render(words(SOURCE_LANGUAGE))


def sentence(message: str | Renders | BaseException, /, **values: Any) -> Sentence:
    """`message` (marked English with its `values`, a Sentence, or an error that renders
    itself) as a Sentence. A text with no values is never formatted, so braces written in
    it (a value shown as {"a": 1}) stay as they are."""
    if isinstance(message, Sentence) and not values:
        return message
    if isinstance(message, str):
        return Sentence(message, **values)
    return Sentence("{error}", error=message)


@runtime_checkable
class Renders(Protocol):
    """Anything that says itself in a language (the errors that carry a Sentence)."""

    def render(self, words: Words) -> str: ...


def render(text: object, words: Words) -> str:
    """`text` in `words`' language: a Sentence translated and filled in, an object with a
    ``render(words)`` method (an error) rendered, anything else as ``str`` gives it."""
    if isinstance(text, Sentence):
        return text.said(words)
    if isinstance(text, Renders):
        return str(text.render(words))
    if isinstance(text, BaseException) and len(text.args) == 1:
        said_in = text.args[0]  # raise ValueError(Sentence(...)): said too
        if isinstance(said_in, Sentence):
            return said_in.said(words)
    return str(text)


def _said(
    template: str, plural: str | None, count: int, values: Mapping[str, Any], words: Words
) -> str:
    """The text (a counted one when `plural` is given) in `words`' language, every value
    put in (``Words`` renders sentences and errors among them in its language)."""
    if plural is not None:
        return words.tr_n(template, plural, count, **values)
    return words.tr(template, **values)


def shown(value: Any, words: Words) -> Any:
    """A value as it goes into a field of a text in `words`' language (``Words.tr`` and
    ``Words.tr_n`` put every value through this): sentences and errors rendered in that
    language, a file's path isolated left to right on a screen in a language read right
    to left (Words.on_screen; domain/bidi.py LRI: else its leading "/" is drawn at its far
    end), the rest kept (so a number still takes a format such as {count:,})."""
    if type(value) in _KEPT:  # (the common case, answered without a Protocol check)
        return value
    if isinstance(value, (Sentence, BaseException, Renders)):
        return render(value, words)
    if isinstance(value, PurePath) and words.on_screen and words.right_to_left:
        return f"{LRI}{value}{PDI}"
    return value


#: Value types put into a field as they are.
_KEPT: frozenset[type] = frozenset({str, int, float, bool})
