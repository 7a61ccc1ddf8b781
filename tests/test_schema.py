"""Unit tests of sensory_games/domain/schema.py: Parameter, ParameterSchema, SchemaError."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensory_games.domain.schema import Parameter, ParameterSchema, SchemaError, show_value

SIZE = Parameter("size_mm", "float", 30.0, "Size", unit="mm", minimum=8.0, maximum=80.0)
COUNT = Parameter("count", "int", 5, "Count", minimum=1, maximum=10)
SOUND_ON = Parameter("sound_on", "bool", True, "Sound on")
SHAPE = Parameter("shape", "choice", "circle", "Shape", choices=("circle", "star", "square"))
NOTE = Parameter("note", "text", "", "Note")

SCHEMA = ParameterSchema(SIZE, COUNT, SOUND_ON, SHAPE, NOTE)


def schema_error(call, *args, **kwargs) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        call(*args, **kwargs)
    return caught.value


# -- show_value -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        ("abc", "'abc'"),
        ("two\nlines", "'two\\nlines'"),
        (-3, "-3"),
        (2.5, "2.5"),
        (math.nan, "nan"),
        (math.inf, "inf"),
        ([1, 2], "[1, 2]"),
    ],
)
def test_show_value_writes_values_as_yaml_would(value, shown):
    assert show_value(value) == shown


def test_show_value_shortens_long_values_to_60_characters():
    shown = show_value("x" * 500)
    assert len(shown) == 60
    assert shown.endswith("...")
    assert shown.startswith("'xxx")
    assert show_value("y" * 58) == "'" + "y" * 58 + "'"  # exactly 60: kept whole


# -- SchemaError ------------------------------------------------------------------------------


def test_schema_error_message_has_key_value_and_allowed_text():
    error = SchemaError("target_mm", -3, "must be a number between 8 and 80 mm")
    assert str(error) == "target_mm = -3: must be a number between 8 and 80 mm"
    assert (error.key, error.value, error.allowed) == (
        "target_mm",
        -3,
        "must be a number between 8 and 80 mm",
    )
    assert isinstance(error, ValueError)


def test_schema_error_without_key_shows_only_the_value():
    assert str(SchemaError("", "big", "must be small")) == "'big': must be small"


def test_schema_error_under_prefixes_the_key_path():
    error = SchemaError("target_mm", 99, "must be small")
    nested = error.under("levels[2]")
    assert nested.key == "levels[2].target_mm"
    assert str(nested) == "levels[2].target_mm = 99: must be small"
    assert str(SchemaError("", 5, "x").under("display")) == "display = 5: x"
    assert str(error.under("")) == "target_mm = 99: must be small"
    assert error.key == "target_mm"  # the original is unchanged


# -- Parameter declaration --------------------------------------------------------------------


def test_parameter_rejects_unknown_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        Parameter("x", "colour", "red", "X")


def test_choice_parameter_needs_choices():
    with pytest.raises(ValueError, match="needs choices"):
        Parameter("x", "choice", "a", "X")


@pytest.mark.parametrize("bounds", [{}, {"minimum": 0}, {"maximum": 1}])
def test_number_parameter_needs_minimum_and_maximum(bounds):
    with pytest.raises(ValueError, match="minimum and maximum"):
        Parameter("x", "float", 0.5, "X", **bounds)


def test_parameter_default_must_be_valid():
    with pytest.raises(SchemaError):
        Parameter("x", "int", 11, "X", minimum=1, maximum=10)
    with pytest.raises(SchemaError):
        Parameter("x", "choice", "d", "X", choices=("a", "b"))


@pytest.mark.parametrize(
    ("parameter", "allowed"),
    [
        (SIZE, "must be a number between 8 and 80 mm"),
        (COUNT, "must be a whole number between 1 and 10"),
        (SOUND_ON, "must be true or false"),
        (SHAPE, "must be one of circle, star, square"),
        (NOTE, "must be text of at most 200 characters"),
        (
            Parameter("v", "float", 0.6, "V", minimum=0.0, maximum=0.8),
            "must be a number between 0 and 0.8",
        ),
    ],
)
def test_allowed_text_per_kind(parameter, allowed):
    assert parameter.allowed() == allowed


# -- Parameter.validate per kind -------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(8, 8.0), (8.0, 8.0), (80, 80.0), (33.3, 33.3)])
def test_float_accepts_numbers_in_range_including_limits(value, expected):
    checked = SIZE.validate(value)
    assert checked == expected
    assert type(checked) is float


@pytest.mark.parametrize(
    "value", [7.999, 80.001, -3, 0, 1e300, math.nan, math.inf, -math.inf, "30", None, [30]]
)
def test_float_rejects_out_of_range_non_finite_and_non_numbers(value):
    error = schema_error(SIZE.validate, value)
    assert error.allowed == "must be a number between 8 and 80 mm"
    assert error.key == ""
    assert str(error) == f"{show_value(value)}: must be a number between 8 and 80 mm"


@pytest.mark.parametrize("value", [True, False])
def test_numbers_reject_bools(value):
    # True == 1 in Python, but a YAML `true` is never a number here.
    with pytest.raises(SchemaError):
        COUNT.validate(value)
    with pytest.raises(SchemaError):
        Parameter("x", "float", 0.5, "X", minimum=0.0, maximum=1.0).validate(value)


@pytest.mark.parametrize(("value", "expected"), [(1, 1), (10, 10), (4.0, 4)])
def test_int_accepts_whole_numbers_in_range(value, expected):
    checked = COUNT.validate(value)
    assert checked == expected
    assert type(checked) is int


@pytest.mark.parametrize("value", [0, 11, -1, 2.5, 9.999, math.nan, math.inf, "3"])
def test_int_rejects_fractions_out_of_range_and_non_numbers(value):
    error = schema_error(COUNT.validate, value)
    assert error.allowed == "must be a whole number between 1 and 10"


@pytest.mark.parametrize("value", [True, False])
def test_bool_accepts_true_and_false(value):
    assert SOUND_ON.validate(value) is value


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None, 1.0])
def test_bool_rejects_everything_else(value):
    error = schema_error(SOUND_ON.validate, value)
    assert error.allowed == "must be true or false"


def test_choice_accepts_only_listed_strings():
    assert SHAPE.validate("star") == "star"
    for value in ("Star", "triangle", "", 1, None, ("circle",)):
        error = schema_error(SHAPE.validate, value)
        assert error.allowed == "must be one of circle, star, square"


def test_text_accepts_strings_up_to_200_characters():
    assert NOTE.validate("") == ""
    assert NOTE.validate("é" * 200) == "é" * 200
    for value in ("x" * 201, 5, None, ["a"]):
        error = schema_error(NOTE.validate, value)
        assert error.allowed == "must be text of at most 200 characters"


# -- hypothesis properties -------------------------------------------------------------------


@given(st.floats(min_value=8.0, max_value=80.0))
def test_any_in_range_float_validates_to_itself(value):
    assert SIZE.validate(value) == value


@given(
    st.one_of(
        st.floats(max_value=8.0, exclude_max=True),
        st.floats(min_value=80.0, exclude_min=True),
        st.just(math.nan),
    )
)
def test_any_out_of_range_or_nan_float_is_rejected(value):
    with pytest.raises(SchemaError) as caught:
        SIZE.validate(value)
    assert caught.value.value is value or math.isnan(value)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_int_accepts_exactly_the_integers_in_range(value):
    if 1 <= value <= 10:
        assert COUNT.validate(value) == value
    else:
        with pytest.raises(SchemaError):
            COUNT.validate(value)


# -- ParameterSchema --------------------------------------------------------------------------


def test_schema_rejects_duplicate_names():
    with pytest.raises(ValueError, match="duplicate"):
        ParameterSchema(SIZE, SIZE)


def test_schema_lookup_and_order():
    assert SCHEMA.names() == ["size_mm", "count", "sound_on", "shape", "note"]
    assert [p.name for p in SCHEMA] == SCHEMA.names()
    assert SCHEMA["count"] is COUNT
    assert "shape" in SCHEMA
    assert "colour" not in SCHEMA
    assert SCHEMA.defaults() == {
        "size_mm": 30.0,
        "count": 5,
        "sound_on": True,
        "shape": "circle",
        "note": "",
    }


def test_schema_fills_defaults_for_missing_keys():
    assert SCHEMA.validate({"count": 7}) == {
        "size_mm": 30.0,
        "count": 7,
        "sound_on": True,
        "shape": "circle",
        "note": "",
    }
    assert SCHEMA.validate({}) == SCHEMA.defaults()


def test_schema_result_follows_declaration_order_and_converts_types():
    checked = SCHEMA.validate({"note": "hi", "count": 3.0, "size_mm": 10})
    assert list(checked) == SCHEMA.names()
    assert type(checked["count"]) is int
    assert type(checked["size_mm"]) is float


def test_schema_without_fill_defaults_requires_every_key():
    error = schema_error(SCHEMA.validate, {"count": 7}, fill_defaults=False)
    assert error.key == "size_mm"
    assert str(error) == "size_mm = null: is required"


def test_schema_unknown_key_names_the_known_ones():
    error = schema_error(SCHEMA.validate, {"count": 3, "colour": "red"})
    assert error.key == "colour"
    assert error.value == "red"
    assert str(error) == (
        "colour = 'red': is not a known setting; known: size_mm, count, sound_on, shape, note"
    )


def test_schema_bad_value_error_names_key_value_and_allowed_text():
    error = schema_error(SCHEMA.validate, {"size_mm": -3})
    assert error.key == "size_mm"
    assert error.value == -3
    assert str(error) == "size_mm = -3: must be a number between 8 and 80 mm"


def test_schema_nan_and_inf_rejected_with_their_text():
    assert str(schema_error(SCHEMA.validate, {"size_mm": math.nan})) == (
        "size_mm = nan: must be a number between 8 and 80 mm"
    )
    assert str(schema_error(SCHEMA.validate, {"count": math.inf})) == (
        "count = inf: must be a whole number between 1 and 10"
    )


@pytest.mark.parametrize("values", [None, [1, 2], "size_mm: 3", 5])
def test_schema_needs_a_mapping(values):
    error = schema_error(SCHEMA.validate, values)
    assert error.allowed == "must be a mapping of setting: value"


def test_schema_error_nests_under_a_prefix():
    error = schema_error(SCHEMA.validate, {"shape": "hexagon"}).under("levels[3]")
    assert str(error) == "levels[3].shape = 'hexagon': must be one of circle, star, square"


@pytest.mark.parametrize("parameter", [SIZE, COUNT])
def test_huge_integer_is_rejected_with_schema_error(parameter):
    with pytest.raises(SchemaError):
        parameter.validate(10**400)
