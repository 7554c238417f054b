"""The validator shared by the window (on every keystroke) and ``curator validate``.

``validate(data)`` checks a record's front matter against the schema: presence and missing
markers, types, patterns, allowed values, derived fields, the entries of record lists, and
the rules that need logic (``rules.py``). Every problem has a stable code.
"""

from __future__ import annotations

import datetime

from curator.core.checks import rules
from curator.core.fields.derive import derived_value, is_missing
from curator.core.checks.organisms import Organisms, default_organisms
from curator.core.checks.problems import Problem
from curator.core.fields.schema import FieldSpec, Schema, default_schema
from curator.core.fields.values import ABSENT, get


class Check:
    """The state of one validation: the record and the problems found so far."""

    def __init__(self, data: dict, name: str | None, lines: dict | None, schema: Schema,
                 organisms: Organisms) -> None:
        self.data = data
        self.name = name
        self.lines = lines or {}
        self.schema = schema
        self.organisms = organisms
        self.problems: list[Problem] = []

    def add(self, code: str, severity: str, field: str, message: str, *, path=None,
            fixable: bool = False, suggestions=()) -> None:
        key = path if path is not None else tuple(
            int(p) if p.isdigit() else p for p in field.split(".")) if field else ()
        self.problems.append(Problem(code, severity, field, message, self.lines.get(key),
                                     fixable, tuple(suggestions)))


def validate(data: dict, *, name: str | None = None, lines: dict | None = None,
             schema: Schema | None = None, organisms: Organisms | None = None) -> list[Problem]:
    """The problems of one record's front matter. ``name`` is the file name without
    ``.md`` (checked against ``figid``), ``lines`` maps field paths to file lines."""
    check = Check(data, name, lines, schema or default_schema(),
                  organisms or default_organisms())
    for spec in check.schema.fields.values():
        _check_field(check, spec)
    return check.problems


def _check_field(check: Check, spec: FieldSpec) -> None:
    value = get(check.data, spec.path, ABSENT)
    if value is ABSENT or is_missing(value, check.schema, spec):
        _check_missing(check, spec, value)
        return
    if not _check_type(check, spec, value):
        return
    if spec.pattern is not None and isinstance(value, str) \
            and not (spec.empty_ok and value == "") and not spec.pattern.search(value):
        check.add(f"{spec.path[-1]}.format", "error", spec.name,
                  f"{spec.label} {value!r} is not in the expected form")
    if spec.allowed and value not in spec.allowed:
        check.add(f"{spec.path[-1]}.unknown", "warning", spec.name,
                  f"{spec.label} {value!r} is not one of: {', '.join(spec.allowed)}")
    if spec.derive and spec.code:
        expected = derived_value(spec, check.data, check.schema)
        if expected is not None and (str(value) if spec.type == "year" else value) != expected:
            check.add(spec.code, "error", spec.name,
                      f"{spec.label} should be {_short(expected)} (from "
                      f"{' and '.join(spec.sources or spec.reads)})", fixable=True)
    if spec.type == "records":
        _check_records(check, spec, value)
    elif isinstance(value, list):
        _check_list_items(check, spec, value)
    for rule in spec.rules:
        rules.RULES[rule](check, spec, value)


def _check_missing(check: Check, spec: FieldSpec, value) -> None:
    derivable = spec.derive is not None and \
        derived_value(spec, check.data, check.schema) is not None
    if spec.required:
        what = "is missing" if value is ABSENT else f"is missing ({_short(value)})"
        check.add("field.missing", "error", spec.name, f"{spec.label} {what}",
                  fixable=derivable)
    elif value is not ABSENT and not (spec.empty_ok and value == ""):
        check.add("field.missing_optional", "info", spec.name,
                  f"{spec.label} is missing ({_short(value)})", fixable=derivable)
    for rule in spec.rules:
        if rule in rules.ON_MISSING:
            rules.RULES[rule](check, spec, None)


def _check_type(check: Check, spec: FieldSpec, value) -> bool:
    if not spec.kind.check(value):
        check.add("field.type", "error", spec.name,
                  f"{spec.label} should be {spec.kind.noun}, not "
                  f"{type(value).__name__} {_short(value)}")
        return False
    if spec.type == "year":
        text = str(value)
        if not (len(text) == 4 and text.isdigit()):
            check.add("year.format", "error", spec.name,
                      f"{spec.label} {value!r} is not four digits")
        elif not check.schema.year_min <= int(text) <= datetime.date.today().year:
            check.add("year.range", "error", spec.name,
                      f"{spec.label} {text} is outside {check.schema.year_min}.."
                      f"{datetime.date.today().year}")
    return True


def _check_list_items(check: Check, spec: FieldSpec, items: list) -> None:
    """A missing marker left among real values (``[Homo sapiens, NA]``, R's merge of a
    value with a missing one), and a value listed twice."""
    try:
        distinct = set(items)
    except TypeError:          # mappings in the list: not this check's business
        return
    markers = check.schema.missing_markers
    if None in distinct or not distinct.isdisjoint(markers):
        i = next(i for i, v in enumerate(items) if v is None or v in markers)
        check.add("list.missing_item", "warning", spec.name,
                  f"{spec.label} holds {_short(items[i])} among real values",
                  path=spec.path + (i,), fixable=True)
    if len(distinct) == len(items):
        return
    seen = set()
    for i, v in enumerate(items):
        if isinstance(v, str) and v not in markers:
            if v in seen:
                check.add("list.duplicate", "warning", spec.name,
                          f"{spec.label} lists {_short(v)} twice", path=spec.path + (i,),
                          fixable=True)
                break
            seen.add(v)


def _check_records(check: Check, spec: FieldSpec, items: list) -> None:
    for i, item in enumerate(items):
        path = spec.path + (i,)
        where = f"{spec.name}.{i}"
        if not isinstance(item, dict):
            check.add(f"{spec.name}.entry", "error", where,
                      f"{spec.label} entry {i + 1} should be a mapping", path=path)
            continue
        for key, sub in spec.entry.items():
            value = item.get(key, ABSENT)
            if value is ABSENT:
                if sub.required:
                    check.add(f"{spec.name}.entry", "error", where,
                              f"{spec.label} entry {i + 1} has no {key}", path=path)
            elif not sub.kind.check(value):
                check.add(f"{spec.name}.{key}", "error", f"{where}.{key}",
                          f"{spec.label} entry {i + 1}: {key} {_short(value)} should be "
                          f"{sub.kind.noun}", path=path + (key,))


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
