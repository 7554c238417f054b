"""One class per field type: check a value, parse it from an editor's text, show it as
text, and say what an empty value is. The validator, the record form's editors and the
bulk editor all ask these classes, so a new type is one class here and one name in
``TYPES`` (after qutebrowser's ``config/configtypes.py``).

``parse(text, current)`` keeps the current value's kind where the text allows it (a
number stays a number, a one-line organisms string stays a string) and returns the text
itself when it cannot be read as the type: the validator then says what is wrong, and
nothing the curator typed is lost.
"""

from __future__ import annotations

import math

import datetime
import re

import yaml

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ]|\s+)\d{1,2}:\d{2}(:\d{2}(\.\d*)?)?"
                       r"(\s*(Z|[-+]\d{1,2}(:?\d{2})?))?$")


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def show_any(value) -> str:
    """How any value reads in a one-line editor: a scalar as itself, a list or a
    mapping as flow YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True,
                              sort_keys=False, width=10_000).strip()
    return str(value)


class FieldType:
    """The base type: any value; text keeps the current value's kind where it can."""

    name = "any"
    noun = "a value"           # "Year should be <noun>, not ..."
    widget = "line"            # the editor a field of this type gets unless it names one
    multiline = False          # shown one item a line (a list editor)

    def check(self, value) -> bool:
        return True

    def show(self, value) -> str:
        return show_any(value)

    def parse(self, text: str, current=None):
        if _is_number(current):
            return _number(text, text)
        return text

    def from_line(self, text: str):
        """The value of a one-line text typed where no current value guides it (the bulk
        editor's "Set a field to a value", ``curator fix --set FIELD=VALUE``)."""
        return self.parse(text, None)

    def empty(self):
        """The value an empty editor stands for."""
        return ""


class StringType(FieldType):
    name, noun = "string", "text"

    def check(self, value) -> bool:
        return isinstance(value, str)


class NumberType(FieldType):
    name, noun = "number", "a number"

    def check(self, value) -> bool:
        return _is_number(value)

    def parse(self, text: str, current=None):
        return _number(text, text)

    def empty(self):
        return None


class DigitsType(FieldType):
    """An integer, or a string of digits (an Entrez id)."""

    name, noun = "digits", "a whole number"

    def check(self, value) -> bool:
        return _is_int(value) or (isinstance(value, str) and value.isdigit())


class YearType(DigitsType):
    """Four digits; written as a number or a string (the range is the schema's)."""

    name, noun = "year", "a year"

    def check(self, value) -> bool:
        return isinstance(value, (int, str)) and not isinstance(value, bool)


class BooleanType(FieldType):
    name, noun = "boolean", "true or false"

    def check(self, value) -> bool:
        return isinstance(value, bool)

    def parse(self, text: str, current=None):
        low = text.strip().lower()
        return True if low == "true" else False if low == "false" else text

    def empty(self):
        return None


class DateType(FieldType):
    """A date or a date and time: as YAML reads it (``2024-03-01``) or quoted text in
    ISO form (``"2024-03-01 10:00:00 +0100"``, as Jekyll writes it)."""

    name, noun = "date", "a date (YYYY-MM-DD)"

    def check(self, value) -> bool:
        if isinstance(value, (datetime.date, datetime.datetime)):
            return True
        return isinstance(value, str) and bool(_DATE.match(value) or _DATETIME.match(value))

    def show(self, value) -> str:
        if isinstance(value, datetime.datetime):
            return str(value)
        return show_any(value)

    def parse(self, text: str, current=None):
        if isinstance(current, datetime.datetime):
            try:
                return datetime.datetime.fromisoformat(text.strip())
            except ValueError:
                return text
        if isinstance(current, datetime.date) or current is None:
            if _DATE.match(text.strip()):
                try:
                    return datetime.date.fromisoformat(text.strip())
                except ValueError:
                    return text
        return text

    def empty(self):
        return None


class ListType(FieldType):
    """A list of strings, one a line in its editor."""

    name, noun, widget, multiline = "list", "a list", "list", True

    def check(self, value) -> bool:
        return isinstance(value, list)

    def show(self, value) -> str:
        if isinstance(value, list):
            return "\n".join(show_any(v) for v in value)
        return show_any(value)

    def parse(self, text: str, current=None):
        if isinstance(current, str) and "\n" not in text:    # one string stays one
            return text
        return [line.strip() for line in text.split("\n") if line.strip()]

    def from_line(self, text: str):
        return [text.strip()] if text.strip() else []

    def empty(self):
        return []


class StringOrListType(ListType):
    """A list, or one string (the old PFOCR organisms: "Homo sapiens, Mus musculus")."""

    name = "string_or_list"

    def check(self, value) -> bool:
        return isinstance(value, (str, list))

    def from_line(self, text: str):
        return text                   # one string is a value of this type


class MappingType(FieldType):
    name, noun = "mapping", "a mapping"

    def from_line(self, text: str):
        return text                   # not a mapping: the validator says so

    def check(self, value) -> bool:
        return isinstance(value, dict)

    def empty(self):
        return {}


class RecordsType(FieldType):
    """A list of mappings (the schema's ``entry:`` declares their keys)."""

    name, noun = "records", "a list of entries"

    def from_line(self, text: str):
        return text

    def check(self, value) -> bool:
        return isinstance(value, list)

    def empty(self):
        return []


def _number(text: str, fallback):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return fallback
    # "nan", "inf", "Infinity" are words to Python's float(), not numbers a curator
    # means (and NaN is not equal to itself): kept as typed text, which the check flags
    return value if math.isfinite(value) else fallback


TYPES: dict[str, FieldType] = {t.name: t for t in (
    StringType(), NumberType(), DigitsType(), YearType(), BooleanType(), DateType(),
    ListType(), StringOrListType(), MappingType(), RecordsType())}
ANY = FieldType()


def field_type(name: str | None) -> FieldType:
    """The type class of a schema type name (``ANY`` for None: an undeclared field)."""
    return ANY if name is None else TYPES[name]
