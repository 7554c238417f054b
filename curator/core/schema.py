"""The PFOCR record schema, read from ``resources/schema.yaml`` (see that file)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import yaml

from . import resources
from .values import FieldPath, parse_path

TYPES = frozenset({"string", "number", "digits", "year", "list", "string_or_list", "mapping",
                   "records"})
_TEMPLATE_REF = re.compile(r"\{([^{}]+)\}")


class SchemaError(ValueError):
    """The schema file itself is wrong (a field with an unknown type, a bad pattern)."""


@dataclass(frozen=True)
class FieldSpec:
    name: str                       # dotted path, "schema-jsonld.description"
    label: str
    help: str = ""
    type: str = "string"
    required: bool = False
    pattern: re.Pattern | None = None
    allowed: tuple = ()
    placeholders: tuple = ()
    empty_ok: bool = False
    derive: str | None = None       # "{pmcid}__{number}", or the name of a derive function
    code: str | None = None         # problem code for a derived value that disagrees
    reads: tuple = ()               # the fields a derive function reads (for messages)
    rules: tuple = ()
    generation: str | None = None   # "old", "new" or None (both)
    old_type: str | None = None
    widget: str = "line"
    group: str = "Other"
    entry: dict = field(default_factory=dict)   # records: key -> FieldSpec
    separator: str | None = None    # a string holding a list: "a | b" (facets count items)
    facets: tuple = ()              # records: entry keys counted as facets (hgnc_symbol)

    @cached_property
    def path(self) -> FieldPath:
        return parse_path(self.name)

    @property
    def sources(self) -> tuple[str, ...]:
        """The fields a derive template reads, in order."""
        if self.derive is None or "{" not in self.derive:
            return ()
        return tuple(_TEMPLATE_REF.findall(self.derive))


@dataclass(frozen=True)
class Schema:
    fields: dict                    # name -> FieldSpec, in file order
    missing_markers: tuple
    year_min: int
    title: dict

    def spec(self, name: str) -> FieldSpec | None:
        return self.fields.get(name)

    def derived_fields(self) -> list[FieldSpec]:
        return [f for f in self.fields.values() if f.derive]

    def dependents(self, name: str) -> list[FieldSpec]:
        """Derived fields that must be recomputed when ``name`` changes, in an order where
        each comes after the fields it reads (figid_alias before redirect_from)."""
        out: list[FieldSpec] = []
        frontier = [name]
        while frontier:
            src = frontier.pop(0)
            for spec in self.derived_fields():
                if src in spec.sources and spec not in out:
                    out.append(spec)
                    frontier.append(spec.name)
        return out


def _spec(name: str, raw: dict) -> FieldSpec:
    kind = raw.get("type", "string")
    if kind not in TYPES:
        raise SchemaError(f"field {name}: unknown type {kind!r}")
    try:
        pattern = re.compile(raw["pattern"]) if raw.get("pattern") else None
    except re.error as exc:
        raise SchemaError(f"field {name}: bad pattern: {exc}") from None
    entry = {k: _spec(f"{name}.{k}", v or {}) for k, v in (raw.get("entry") or {}).items()}
    return FieldSpec(
        name=name, label=raw.get("label", name), help=raw.get("help", ""), type=kind,
        required=bool(raw.get("required", False)), pattern=pattern,
        allowed=tuple(raw.get("allowed", ())), placeholders=tuple(raw.get("placeholders", ())),
        empty_ok=bool(raw.get("empty_ok", False)), derive=raw.get("derive"),
        code=raw.get("code"), reads=tuple(raw.get("reads", ())),
        rules=tuple(raw.get("rules", ())),
        generation=raw.get("generation"), old_type=raw.get("old_type"),
        widget=raw.get("widget", "line"), group=raw.get("group", "Other"), entry=entry,
        separator=raw.get("separator"), facets=tuple(raw.get("facets", ())))


def parse_schema(text: str) -> Schema:
    raw = yaml.safe_load(text)
    fields = {name: _spec(name, spec or {}) for name, spec in raw["fields"].items()}
    return Schema(fields=fields, missing_markers=tuple(raw.get("missing_markers", ())),
                  year_min=int(raw.get("year_min", 1990)), title=raw.get("title", {}))


@lru_cache(maxsize=1)
def default_schema() -> Schema:
    """The schema shipped in ``resources/schema.yaml``."""
    return parse_schema(resources.read_text("schema.yaml"))
