"""The schema is read strictly: a misspelt key, an unknown widget, type, rule or derive
function is an error naming the file and the line, never a silent default."""

from __future__ import annotations

import pytest

from curator.core.fields.schema import SchemaError, parse_schema

GOOD = """\
fields:
  title:
    label: Title
    required: true
"""


def _error(text: str) -> str:
    with pytest.raises(SchemaError) as info:
        parse_schema(text, "blog/schema.yaml")
    return str(info.value)


def test_a_good_schema_loads():
    schema = parse_schema(GOOD, "blog/schema.yaml")
    assert schema.spec("title").required


def test_a_misspelt_key_names_the_file_the_line_and_the_likely_key():
    text = GOOD.replace("required: true", "requried: true")
    message = _error(text)
    assert message.startswith("blog/schema.yaml:4: ")
    assert "'requried'" in message and "did you mean 'required'" in message


@pytest.mark.parametrize("line, expected", [
    ("    widget: fancy", "unknown widget 'fancy'"),
    ("    type: colour", "unknown type 'colour'"),
    ("    rules: [speling]", "unknown rule 'speling'"),
    ("    derive: guess_it", "unknown derive function 'guess_it'"),
    ("    generation: middle", "generation is 'old' or 'new'"),
    ("    pattern: '(unclosed'", "bad pattern"),
    ("    widget: list", "widget 'list' does not suit type 'string'"),
])
def test_an_unknown_value_is_an_error_at_its_line(line, expected):
    message = _error(GOOD + line + "\n")
    assert message.startswith("blog/schema.yaml:5: "), message
    assert expected in message


def test_an_unknown_top_level_key_and_title_key_are_errors():
    assert _error("feilds: {}\n").startswith("blog/schema.yaml:1: schema: unknown key")
    assert "title: unknown key 'min_lenght'" in _error(
        "title:\n  min_lenght: 3\n" + GOOD)


def test_an_entry_key_of_a_records_field_is_checked_too():
    text = GOOD + "  genes:\n    type: records\n    entry:\n      word: {type: strng}\n"
    message = _error(text)
    assert message.startswith("blog/schema.yaml:8: ") and "genes.word" in message


def test_yaml_that_does_not_parse_names_its_line():
    assert _error("fields:\n  a: [unclosed\n  b: 1\n").startswith("blog/schema.yaml:")
