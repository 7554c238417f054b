"""Values derived from other fields, as the schema's ``derive`` declares them."""

from __future__ import annotations

import datetime
import re
import string

from curator.core.fields.schema import FieldSpec, Schema
from curator.core.fields.values import get, parse_path

# PMC's reference text: "Authors. Journal. 2001 Dec;21(24):8452-8460." -- the year follows
# the journal's period; "Journal. ;11(2):263-275." has none (pages are not years)
_YEAR = re.compile(r"\.\s+((?:19|20)\d{2})(?=[\s;.]|$)")


def is_missing(value, schema: Schema, spec: FieldSpec | None = None) -> bool:
    """Whether a value is one of the schema's missing markers (or a placeholder)."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return text in schema.missing_markers or bool(spec and text in spec.placeholders)
    if isinstance(value, list):  # ["NA"]; an empty list is a valid "none"
        return bool(value) and all(is_missing(v, schema) for v in value)
    return False


def year_from_text(data: dict, schema: Schema, reads: tuple = ()):
    """The first plausible publication year in the text of the field the schema says it
    ``reads:`` (PFOCR: the reference text)."""
    reftext = data.get(reads[0]) if reads else None
    if not isinstance(reftext, str):
        return None
    this_year = datetime.date.today().year
    for m in _YEAR.finditer(reftext):
        year = int(m.group(1))
        if schema.year_min <= year <= this_year:
            return m.group(1)
    return None


FUNCTIONS = {"year_from_reftext": year_from_text}   # the name PFOCR's schema uses
_FORMATTER = string.Formatter()


def derived_value(spec: FieldSpec, data: dict, schema: Schema):
    """What ``spec``'s field should hold given the other fields; None when its sources are
    missing (nothing to derive from)."""
    if spec.derive is None:
        return None
    if spec.derive in FUNCTIONS:
        return FUNCTIONS[spec.derive](data, schema, spec.reads)
    parts = []
    for literal, name, _, _ in _FORMATTER.parse(spec.derive):
        parts.append(literal)
        if name is None:
            continue
        value = get(data, parse_path(name), None)
        if not isinstance(value, str) or is_missing(value, schema, schema.spec(name)):
            return None
        parts.append(value)
    return "".join(parts)
