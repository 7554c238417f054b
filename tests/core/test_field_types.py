"""Every type class round-trips what an editor shows (text -> value -> text and value ->
text -> value), and every declared field of every shipped schema is sound."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, strategies as st

from curator.core.fields import derive
from curator.core.checks import rules
from curator.core.fields.field_types import TYPES, field_type
from curator.core.fields.profile import shipped_profiles

_LINE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(
    lambda s: s == s.strip() and "\n" not in s and "\r" not in s)
_NUMBERS = st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
VALUES = {
    "string": st.text(),
    "number": _NUMBERS,
    "digits": st.integers(0, 10**12) | st.integers(0, 10**9).map(str),
    "year": st.integers(1000, 2999) | st.integers(1000, 2999).map(str),
    "boolean": st.booleans(),
    "date": st.dates() | st.datetimes(),
    "list": st.lists(_LINE),
    "string_or_list": st.lists(_LINE) | _LINE,
}


def test_every_type_has_a_round_trip_strategy_or_is_shown_as_yaml():
    assert set(TYPES) == set(VALUES) | {"mapping", "records"}


@pytest.mark.parametrize("name", sorted(VALUES))
def test_a_value_shown_and_read_back_is_the_same_value(name):
    kind = field_type(name)

    @given(VALUES[name])
    def round_trip(value):
        assert kind.check(value)
        text = kind.show(value)
        back = kind.parse(text, value)
        assert back == value and type(back) is type(value), (value, text, back)
        assert kind.show(back) == text          # and the text reads as it did

    round_trip()


@pytest.mark.parametrize("name", sorted(TYPES))
def test_text_read_and_shown_again_is_the_same_text(name):
    kind = field_type(name)

    @given(_LINE)
    def round_trip(text):
        value = kind.parse(text, None)
        if kind.check(value):                # text the type reads as one of its values
            assert kind.show(value) == text or kind.parse(kind.show(value), value) == value
        else:                                # not a value: kept as typed, never lost
            assert value == text

    round_trip()


@pytest.mark.parametrize("name", sorted(TYPES))
def test_the_empty_value_is_shown_as_an_empty_editor(name):
    kind = field_type(name)
    assert kind.show(kind.empty()) in ("", "[]", "{}")


def test_a_one_line_bulk_value_takes_the_fields_type():
    assert TYPES["number"].from_line("0.9") == 0.9
    assert TYPES["list"].from_line("python") == ["python"]
    assert TYPES["string_or_list"].from_line("Homo sapiens") == "Homo sapiens"
    assert TYPES["boolean"].from_line("true") is True
    assert TYPES["date"].from_line("2024-03-01") == datetime.date(2024, 3, 1)
    assert TYPES["string"].from_line("2024") == "2024"


SCHEMAS = {name: p.schema for name, p in shipped_profiles().items()}


def _declared():
    for name, schema in SCHEMAS.items():
        for spec in schema.fields.values():
            yield name, spec
            for sub in spec.entry.values():
                yield name, sub


def test_the_walk_covers_every_shipped_collection():
    assert "pfocr" in SCHEMAS and len(list(_declared())) > 40


@pytest.mark.parametrize("profile, spec", list(_declared()),
                         ids=lambda v: getattr(v, "name", v))
def test_every_declared_field_is_sound(profile, spec):
    schema = SCHEMAS[profile]
    kind = spec.kind
    assert spec.label.strip(), "a label for the form"
    assert (spec.widget == "list") == kind.multiline, "its editor suits its type"
    assert all(rule in rules.RULES for rule in spec.rules)
    if spec.derive and "{" in spec.derive:
        assert all(source in schema.fields for source in spec.sources), spec.sources
    elif spec.derive:
        assert spec.derive in derive.FUNCTIONS and spec.reads
    if spec.derive:
        assert spec.code, "a derived field that disagrees has a problem code"
    for value in spec.allowed:
        assert kind.check(value), f"allowed value {value!r} is not {kind.noun}"
    if spec.pattern is not None:
        assert kind.check("") or spec.type in ("string",), "a pattern is for text"
        assert isinstance(spec.pattern, re.Pattern)
    assert spec.type != "records" or spec.entry, "a records field declares its entries"
    assert all(key in spec.entry for key in spec.facets)
