"""A collection's record schema, read strictly from its profile's ``schema.yaml``
(``resources/collections/<name>/schema.yaml``; PFOCR's says what each key means)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from curator.core.fields.field_types import TYPES, FieldType, field_type
from curator.core.fields.values import FieldPath, parse_path

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
    widget: str = "line"
    group: str = "Other"
    entry: dict = field(default_factory=dict)   # records: key -> FieldSpec
    separator: str | None = None    # a string holding a list: "a | b" (facets count items)
    facets: tuple = ()              # records: entry keys counted as facets (hgnc_symbol)

    @cached_property
    def kind(self) -> FieldType:
        """The class of this field's type (``field_types``)."""
        return field_type(self.type)

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


FIELD_KEYS = frozenset({"label", "help", "type", "required", "pattern", "allowed",
                        "placeholders", "empty_ok", "derive", "code", "reads", "rules",
                        "generation", "widget", "group", "entry", "separator", "facets"})
TOP_KEYS = frozenset({"missing_markers", "year_min", "title", "fields"})
TITLE_KEYS = frozenset({"min_length", "max_length", "greek", "greek_words"})
WIDGETS = frozenset({"line", "text", "title", "list"})
GENERATIONS = frozenset({"old", "new"})


class _Loader:
    """Reads one schema file strictly: every mistake is a ``SchemaError`` naming the file
    and the line (ruamel.yaml keeps each key's position: ``CommentedMap.lc.key``)."""

    def __init__(self, source: str, rule_names, derive_names) -> None:
        self.source = source
        self.rule_names = frozenset(rule_names)
        self.derive_names = frozenset(derive_names)

    def fail(self, where, key, message: str):
        line = _line(where, key)
        at = f"{self.source}:{line}" if line else self.source
        raise SchemaError(f"{at}: {message}")

    def keys(self, where, allowed, what: str) -> None:
        if not isinstance(where, dict):
            self.fail(None, None, f"{what} should be a mapping")
        for key in where:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), sorted(allowed), 1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                self.fail(where, key, f"{what}: unknown key {key!r}{hint}")

    def spec(self, name: str, raw, parent=None) -> FieldSpec:
        raw = {} if raw is None else raw
        self.keys(raw, FIELD_KEYS, f"field {name}")
        kind = raw.get("type", "string")
        if kind not in TYPES:
            self.fail(raw, "type", f"field {name}: unknown type {kind!r} "
                                   f"(one of {', '.join(sorted(TYPES))})")
        ftype = field_type(kind)
        widget = raw.get("widget", ftype.widget)
        if widget not in WIDGETS:
            self.fail(raw, "widget", f"field {name}: unknown widget {widget!r} "
                                     f"(one of {', '.join(sorted(WIDGETS))})")
        if (widget == "list") != ftype.multiline and "widget" in raw:
            self.fail(raw, "widget", f"field {name}: widget {widget!r} does not suit "
                                     f"type {kind!r}")
        for rule in raw.get("rules") or ():
            if rule not in self.rule_names:
                self.fail(raw, "rules", f"field {name}: unknown rule {rule!r} "
                                        f"(one of {', '.join(sorted(self.rule_names))})")
        derive = raw.get("derive")
        if derive is not None and "{" not in str(derive) and derive not in self.derive_names:
            self.fail(raw, "derive", f"field {name}: unknown derive function {derive!r}")
        generation = raw.get("generation")
        if generation is not None and generation not in GENERATIONS:
            self.fail(raw, "generation", f"field {name}: generation is 'old' or 'new', "
                                         f"not {generation!r}")
        try:
            pattern = re.compile(raw["pattern"]) if raw.get("pattern") else None
        except re.error as exc:
            self.fail(raw, "pattern", f"field {name}: bad pattern: {exc}")
        entries = raw.get("entry") or {}
        entry = {k: self.spec(f"{name}.{k}", v) for k, v in entries.items()}
        return FieldSpec(
            name=name, label=str(raw.get("label", name)), help=str(raw.get("help", "")),
            type=kind, required=bool(raw.get("required", False)), pattern=pattern,
            allowed=tuple(raw.get("allowed", ())),
            placeholders=tuple(raw.get("placeholders", ())),
            empty_ok=bool(raw.get("empty_ok", False)), derive=derive,
            code=raw.get("code"), reads=tuple(raw.get("reads", ())),
            rules=tuple(raw.get("rules", ())), generation=generation,
            widget=widget, group=str(raw.get("group", "Other")), entry=entry,
            separator=raw.get("separator"), facets=tuple(raw.get("facets", ())))

    def schema(self, text: str) -> Schema:
        try:
            raw = YAML(typ="rt").load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f"{self.source}:{mark.line + 1}" if mark is not None else self.source
            raise SchemaError(f"{at}: not valid YAML: {getattr(exc, 'problem', exc)}") \
                from None
        return self.from_mapping(raw)

    def from_mapping(self, raw) -> Schema:
        self.keys(raw, TOP_KEYS, "schema")
        if not isinstance(raw.get("fields"), dict):
            self.fail(raw, None, "schema: no 'fields:' mapping")
        self.keys(raw.get("title") or {}, TITLE_KEYS, "title")
        fields = {name: self.spec(name, spec) for name, spec in raw["fields"].items()}
        return Schema(fields=fields, missing_markers=tuple(raw.get("missing_markers", ())),
                      year_min=int(raw.get("year_min", 1990)),
                      title=_plain(raw.get("title") or {}))


def _line(where, key) -> int | None:
    """The 1-based line of ``key`` in a ruamel mapping (of the mapping when key is None)."""
    try:
        if key is not None and key in where:
            return where.lc.key(key)[0] + 1
        return where.lc.line + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _loader(source: str) -> _Loader:
    from curator.core.fields import derive      # they import this module
    from curator.core.checks import rules
    return _Loader(source, rules.RULES, derive.FUNCTIONS)


def parse_schema(text: str, source: str = "schema.yaml", *, fast: bool = False) -> Schema:
    """The schema in ``text``; ``source`` names the file in errors. ``fast``: read with
    PyYAML's C loader (``fast_yaml``), and again with ruamel.yaml only when it is wrong,
    for the line the error is on."""
    if fast:
        try:
            return _loader(source).from_mapping(fast_yaml(text))
        except (SchemaError, ValueError, TypeError, AttributeError):
            pass                # the careful reading below says what is wrong, and where
    return _loader(source).schema(text)


def fast_yaml(text: str):
    """``text`` parsed by PyYAML's C loader: 2-5 ms where ruamel.yaml's round-trip loader
    takes 50-300 ms (a third of the window's start). Only for the shipped profile files:
    YAML 1.1 reads a few plain scalars (``yes``, ``on``, ``012``) otherwise than ruamel's
    1.2, and a test holds every shipped profile the same under both loaders. Raises
    ValueError for text it cannot parse."""
    import yaml
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


def schema_from_mapping(raw, source: str) -> Schema:
    """The schema of an already parsed mapping (a profile's inline ``schema:``)."""
    return _loader(source).from_mapping(raw)


def default_schema() -> Schema:
    """The schema of the default profile (``profile.DEFAULT``, PFOCR's)."""
    from curator.core.fields.profile import default_profile     # it imports this module
    return default_profile().schema
