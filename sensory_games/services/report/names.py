"""The readable names of the stored keys the report prints: a tracing shape's
("horizontal_line") and why an attempt ended early ("calm_down"); the command line's
autoplay says the last in words too. (An attempt's variant is named by its activity's
declarations: report_spec.ShownActivity.variants.)

Both are stored as plain keys (the same in every language, so exports and merges compare
them); the report says them in its language. A shipped shape has a name here; a shape a
clinic added to its own glyph files is said as its key with spaces for underscores (a
single letter or digit is itself).
"""

from __future__ import annotations

from sensory_games.domain.language import N_, Words

#: The shipped shapes (defaults/glyphs/prewriting.yaml, curves.yaml) by key, in words.
SHAPE_NAMES: dict[str, str] = {
    "vertical_line": N_("vertical line"),
    "horizontal_line": N_("horizontal line"),
    "circle": N_("circle"),
    "cross": N_("cross"),
    "diagonal_down_right": N_("diagonal line down to the right"),
    "diagonal_down_left": N_("diagonal line down to the left"),
    "x_cross": N_("X cross"),
    "square": N_("square"),
    "triangle": N_("triangle"),
    "rainbow": N_("rainbow arc"),
    "bowl": N_("bowl arc"),
    "wave": N_("wave"),
    "zigzag": N_("zigzag"),
    "loops": N_("loops"),
    "spiral": N_("spiral"),
}


#: Why an attempt ended early (domain/outcome.py ABORT_REASONS), in words.
ABORT_REASON_NAMES: dict[str, str] = {
    "timeout": N_("time ran out"),
    "calm_down": N_("calm-down break"),
    "exit": N_("left early"),
    "quit": N_("app closed"),
    "error": N_("error"),
}


def abort_reason(reason: str | None, said: Words) -> str:
    """Why an attempt ended early, in `said`'s language (a reason not known here as stored;
    None: "-")."""
    if reason is None:
        return "-"
    return (
        said.tr(ABORT_REASON_NAMES[reason]) if reason in ABORT_REASON_NAMES else plain_key(reason)
    )


def plain_key(key: str) -> str:
    """A stored key a family may read, without its programming marks: `breathing-balloon`
    and `left_hand` as `breathing balloon`, `left hand`."""
    return key.replace("_", " ").replace("-", " ") if " " not in key else key


def shape_name(key: str, said: Words) -> str:
    """The shape stored as `key`, in `said`'s language: a shipped shape's translated name,
    else the key with its underscores as spaces."""
    if key in SHAPE_NAMES:
        return said.tr(SHAPE_NAMES[key])
    return plain_key(key)
