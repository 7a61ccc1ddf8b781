"""How `profiles show` says a child's settings in the clinic's language.

A stored value (an animal, a hand, finger or stylus, a sensory preset) is shown in words
with the value as typed after it, `اليسرى (left)`: the adult reads it and knows what to
type. Those words are the ones the console's profile form shows (marked for the catalogs
in engine/console/profiles.py), so both say a setting the same way. The child's
language, spoken prompts and check-in scale follow the other settings."""

from __future__ import annotations

from sensory_games.domain.check_in import SCALES
from sensory_games.domain.language import LANGUAGES, N_, Words
from sensory_games.domain.profile import Profile

#: The heading of the check-ins under the settings (they line up with the settings).
CHECK_INS = N_("check-ins:")


def typed(value: str, words: Words) -> str:
    """`value` in `words` with the value as typed after it; as typed only where the
    catalogs have no other word for it (English, or a value with no translation)."""
    said = words.tr(value)
    return value if said == value else f"{said} ({value})"


def language_rows(child: Profile, words: Words) -> list[tuple[str, str]]:
    """`language:`, `voice:` (spoken prompts) and `mood scale:` (the check-in scale),
    the child's settings in words (an empty one: the clinic's, shown as `""` as typed).
    Short labels: the English ones keep the settings' column where it was."""
    if child.language:
        language = f"{LANGUAGES.get(child.language, child.language)} ({child.language})"
    else:
        language = words.tr('"" ({meaning})', meaning=words.tr("the clinic's language"))
    if child.check_in_scale in SCALES:
        scale = typed_title(child.check_in_scale, SCALES[child.check_in_scale].title, words)
    else:
        scale = words.tr('"" ({meaning})', meaning=words.tr("the clinic's scale"))
    voice = words.tr("on") if child.voice else words.tr("off")
    return [
        (words.tr("language:"), language),
        (words.tr("voice:"), voice),
        (words.tr("mood scale:"), scale),
    ]


def typed_title(name: str, title: str, words: Words) -> str:
    """A scale's title in `words` with its name as typed: `three faces (three_faces)`."""
    return f"{words.tr(title)} ({name})"


def check_in_labels(words: Words) -> tuple[str]:
    """The headings `profiles show` prints in the settings' column (their width counts)."""
    return (words.tr(CHECK_INS),)
