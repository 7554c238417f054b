"""Rare values: the values of a facet held by few records, and the values the validator
does not know (an organism not in the organism list, a figure type not allowed), which
in an OCR'd collection are mostly noise ("Diaporthe sclerotioides" on a human
breast-cancer figure). Each comes with the validator's words and suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from curator.core.collection.facets import MISSING
from curator.core.fields.schema import Schema, default_schema
from curator.core.checks.validate import validate
from curator.core.fields.values import parse_path, put

_IGNORED = ("field.missing", "field.missing_optional")


@dataclass(frozen=True)
class RareValue:
    value: str
    count: int
    problem: str = ""           # what the validator says of it ("" : nothing)
    suggestions: tuple = ()     # the values it suggests instead, best first

    @property
    def unknown(self) -> bool:
        return bool(self.problem)


def check_value(field: str, value: str, schema: Schema | None = None) -> tuple[str, tuple]:
    """What the validator says of ``value`` alone in ``field`` (message, suggestions);
    ("", ()) when nothing, or when the field is inside records (``genes.*.…``)."""
    schema = schema or default_schema()
    spec = schema.spec(field)
    if spec is None or "*" in field:
        return "", ()
    data: dict = {}
    put(data, parse_path(field), [value] if spec.type in ("list", "string_or_list")
        else value)
    for problem in validate(data, schema=schema):
        if problem.field == field and problem.code not in _IGNORED:
            return problem.message, tuple(problem.suggestions)
    return "", ()


def rare_values(counts: Mapping, field: str, max_count: int = 3, *, unknown: bool = True,
                schema: Schema | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[RareValue]:
    """The values held by at most ``max_count`` records, and (``unknown``) the values the
    validator does not know however many hold them; fewest records first."""
    out = []
    for value, n in counts.items():
        if value is MISSING or cancelled and cancelled():
            continue
        rare = n <= max_count
        if not rare and not unknown:
            continue
        message, suggestions = check_value(field, value, schema) if unknown else ("", ())
        if rare or message:
            out.append(RareValue(value, n, message, suggestions))
    out.sort(key=lambda r: (r.count, not r.unknown, r.value.casefold()))
    return out
