"""Edits applied to many records at once, shared by ``curator fix`` and the window's bulk
fixes: set a field, fill it where missing, clear missing markers, apply the fix of a
problem code, find and replace (``replace.py``). Each operation changes a record's data in
place and says whether it changed anything."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import yaml

from curator.core.fields.derive import is_missing
from curator.core.edits.edits import follow_sources
from curator.core.checks.fixes import apply_fix
from curator.core.edits.replace import Replace  # noqa: F401  (one of the operations)
from curator.core.fields.schema import Schema, default_schema
from curator.core.checks.validate import validate
from curator.core.fields.values import (
    ABSENT, FieldPath, format_path, get, parse_path, put, same,
)


def parse_assignment(text: str) -> tuple[FieldPath, object]:
    """``FIELD=VALUE`` (VALUE is a string) or ``FIELD:=YAML`` (VALUE is a YAML value:
    ``organisms:=[Homo sapiens, Mus musculus]``, ``organisms:=[]``, ``ndex:=null``)."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise ValueError(f"expected FIELD=VALUE or FIELD:=YAML, got {text!r}")
    if name.endswith(":"):
        try:
            parsed = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError as exc:
            raise ValueError(f"{text!r}: the value is not valid YAML ({exc.problem})") from None
        return parse_path(name[:-1]), parsed
    return parse_path(name), value


def typed_value(schema: Schema, path: FieldPath, text: str):
    """A one-line ``FIELD=VALUE`` text as the field's type reads it (a number for a
    number field, ``[x]`` for a list, a date for a date); the text for a string field
    and for a field the schema does not declare."""
    spec = schema.spec(format_path(path))
    return spec.kind.from_line(text) if spec is not None else text


def for_schema(operations, schema: Schema) -> list:
    """``operations`` bound to a collection's schema: the operations that read a schema
    use this one, and a ``FIELD=VALUE`` text value takes the field's type."""
    out = []
    for op in operations:
        if isinstance(op, (SetField, FillMissing)) and op.line:
            op = dataclasses.replace(op, value=typed_value(schema, op.path, op.value),
                                     line=False)
        if hasattr(op, "schema") and op.schema is None:
            op = dataclasses.replace(op, schema=schema)
        out.append(op)
    return out


@dataclass(frozen=True)
class SetField:
    """Set a field, and bring the fields derived from it along (``edits``' one rule)."""

    path: FieldPath
    value: object
    schema: Schema | None = None
    line: bool = False      # value is one line of text for the field's type (for_schema)

    def apply(self, data: dict, name: str | None = None) -> bool:
        if same(get(data, self.path, ABSENT), self.value):
            return False
        put(data, self.path, self.value)
        follow_sources(data, format_path(self.path), self.schema or default_schema())
        return True

    def describe(self) -> str:
        return f"set {format_path(self.path)} to {self.value!r}"


@dataclass(frozen=True)
class FillMissing:
    path: FieldPath
    value: object
    schema: Schema | None = None
    line: bool = False      # as SetField.line

    def apply(self, data: dict, name: str | None = None) -> bool:
        schema = self.schema or default_schema()
        current = get(data, self.path, ABSENT)
        if current is not ABSENT and not is_missing(current, schema,
                                                     schema.spec(format_path(self.path))):
            return False
        return SetField(self.path, self.value, schema).apply(data)

    def describe(self) -> str:
        return f"fill {format_path(self.path)} with {self.value!r} where missing"


@dataclass(frozen=True)
class ClearMissing:
    """Replace missing markers (``.na.character``, ``NA``, null) by the empty value
    (``''``, or ``[]`` for a list of markers); ``path`` None: every top-level field."""

    path: FieldPath | None = None
    schema: Schema | None = None

    def apply(self, data: dict, name: str | None = None) -> bool:
        schema = self.schema or default_schema()
        paths = [self.path] if self.path else [(k,) for k in data]
        changed = False
        for path in paths:
            value = get(data, path, ABSENT)
            if value is ABSENT or not is_missing(value, schema):
                continue
            empty = [] if isinstance(value, list) else ""
            if not same(value, empty):
                put(data, path, empty)
                changed = True
        return changed

    def describe(self) -> str:
        where = format_path(self.path) if self.path else "every field"
        return f"clear missing markers in {where}"


@dataclass(frozen=True)
class ApplyFix:
    """Apply the fix of every problem with ``code`` (repeating while fixes uncover more of
    it; fields derived from a fixed field follow it, see ``fixes.apply_fix``)."""

    code: str
    schema: Schema | None = None

    def apply(self, data: dict, name: str | None = None) -> bool:
        changed = False
        for _ in range(5):
            problems = [p for p in validate(data, name=name, schema=self.schema)
                        if p.code == self.code and p.fixable]
            step = False
            for problem in problems:
                step |= apply_fix(problem, data, self.schema)
            changed |= step
            if not step:
                break
        return changed

    def describe(self) -> str:
        return f"fix {self.code}"
