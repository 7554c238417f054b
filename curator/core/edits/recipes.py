"""Recipes: bulk operations and their parameters (never the data) in a YAML file, to save
part of a collection's operation history and replay it on another collection, in the
window (with a preview) or headless (``curator fix --recipe FILE PATH...``).

    # Curator recipe
    curator-recipe: 1
    operations:
    - op: merge
      field: organisms
      values:
        Homo Sapiens: Homo sapiens
    - op: set
      field: figtype
      value: Figure

A recipe is read strictly: an unknown operation or parameter, a missing one, or a value of
the wrong kind is a ``RecipeError`` naming the file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from curator.core.edits import operations as ops
from curator.core.checks.fixes import fix_codes
from curator.core.edits.merge import MergeValues
from curator.core.fields.values import format_path, parse_path

VERSION = 1
HEADER = ("# Curator recipe: bulk operations and their parameters, replayed in order by\n"
          "# `curator fix --recipe FILE PATH...` or the window's Facets > Apply Recipe.\n")


class RecipeError(ValueError):
    """A recipe file that cannot be read: ``path`` and 1-based ``line`` where known."""

    def __init__(self, path, line, message: str) -> None:
        super().__init__(path, line, message)     # args: pickles and unpickles whole
        self.path = None if path is None else str(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path or "<recipe>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class _Param:
    name: str
    kind: type | tuple | None = None    # None: any YAML value
    required: bool = True
    default: object = None


# op name -> (operation class, its parameters)
_OPS = {
    "set": (ops.SetField, (_Param("field", str), _Param("value"))),
    "fill-missing": (ops.FillMissing, (_Param("field", str), _Param("value"))),
    "clear-missing": (ops.ClearMissing, (_Param("field", str, required=False),)),
    "fix": (ops.ApplyFix, (_Param("code", str),)),
    "replace": (ops.Replace, (_Param("field", str), _Param("find", str),
                              _Param("replace", str),
                              _Param("regex", bool, required=False, default=False))),
    "merge": (MergeValues, (_Param("field", str), _Param("values", dict))),
}


def to_dict(op) -> dict:
    """The recipe entry of an operation (ValueError for one recipes cannot hold)."""
    if isinstance(op, ops.SetField):
        return {"op": "set", "field": format_path(op.path), "value": op.value}
    if isinstance(op, ops.FillMissing):
        return {"op": "fill-missing", "field": format_path(op.path), "value": op.value}
    if isinstance(op, ops.ClearMissing):
        return {"op": "clear-missing", **({"field": format_path(op.path)} if op.path
                                          else {})}
    if isinstance(op, ops.ApplyFix):
        return {"op": "fix", "code": op.code}
    if isinstance(op, ops.Replace):
        return {"op": "replace", "field": format_path(op.path), "find": op.pattern,
                "replace": op.replacement, "regex": op.regex}
    if isinstance(op, MergeValues):
        return {"op": "merge", "field": op.field, "values": dict(op.mapping)}
    raise ValueError(f"a recipe cannot hold {type(op).__name__}")


def dump_recipe(operations) -> str:
    """The text of a recipe of ``operations``, in order."""
    body = {"curator-recipe": VERSION, "operations": [to_dict(op) for op in operations]}
    return HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=88)


def save_recipe(path, operations) -> None:
    Path(path).write_text(dump_recipe(operations), encoding="utf-8")


def _line(node) -> int:
    return node.start_mark.line + 1


def _operation(path, name: str, params: dict, lines: dict, at: int):
    cls, spec = _OPS[name]
    known = {p.name for p in spec}
    for key in params:
        if key not in known:
            raise RecipeError(path, lines.get(key, at),
                              f"{name}: unknown parameter {key!r}; {name} takes "
                              f"{', '.join(sorted(known))}")
    values = {}
    for p in spec:
        if p.name not in params:
            if p.required:
                raise RecipeError(path, at, f"{name}: missing parameter {p.name!r}")
            values[p.name] = p.default
            continue
        value = params[p.name]
        if p.kind is not None and not isinstance(value, p.kind):
            raise RecipeError(path, lines.get(p.name, at),
                              f"{name}: {p.name} must be a {p.kind.__name__}, not "
                              f"{type(value).__name__}")
        values[p.name] = value
    where = lines.get("field", at)
    try:
        if name in ("set", "fill-missing"):
            return cls(parse_path(values["field"]), values["value"])
        if name == "clear-missing":
            return cls(parse_path(values["field"]) if values["field"] else None)
        if name == "fix":
            where = lines.get("code", at)
            if values["code"] not in fix_codes():
                raise ValueError(f"no fix for {values['code']!r}; fixable codes: "
                                 f"{', '.join(fix_codes())}")
            return cls(values["code"])
        if name == "replace":
            field = parse_path(values["field"])
            where = lines.get("find", at)   # the pattern is checked as the operation is made
            op = cls(field, values["find"], values["replace"], values["regex"])
            op.compiled()
            return op
        where = lines.get("values", at)
        bad = [k for k, v in values["values"].items()
               if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise ValueError(f"values maps text to text; {bad[0]!r} does not")
        return cls.of(values["field"], [([k], v) for k, v in values["values"].items()])
    except RecipeError:
        raise
    except Exception as exc:    # a bad path, pattern, code or field
        raise RecipeError(path, where, f"{name}: {exc}") from None


def parse_recipe(text: str, path=None) -> list:
    """The operations of a recipe's text, in order; RecipeError naming file and line."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RecipeError(path, mark.line + 1 if mark else None,
                          f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or "operations" not in data:
        raise RecipeError(path, 1, "not a Curator recipe: expected 'curator-recipe: 1' "
                                   "and a list of 'operations'")
    nodes = {k.value: v for k, v in root.value}
    if data.get("curator-recipe") != VERSION:
        raise RecipeError(path, _line(nodes.get("curator-recipe", root)),
                          f"unsupported recipe version {data.get('curator-recipe')!r} "
                          f"(this Curator reads version {VERSION})")
    unknown = [k for k in data if k not in ("curator-recipe", "operations")]
    if unknown:
        raise RecipeError(path, _line(nodes[unknown[0]]), f"unknown key {unknown[0]!r}")
    items, seq = data["operations"], nodes["operations"]
    if not isinstance(items, list):
        raise RecipeError(path, _line(seq), "operations must be a list")
    out = []
    for item, node in zip(items, seq.value):
        at = _line(node)
        if not isinstance(item, dict):
            raise RecipeError(path, at, "an operation is a mapping with 'op' and its "
                                        "parameters")
        lines = {k.value: _line(v) for k, v in node.value}
        name = item.get("op")
        if name not in _OPS:
            raise RecipeError(path, lines.get("op", at), f"unknown operation {name!r}; "
                              f"operations: {', '.join(_OPS)}")
        params = {k: v for k, v in item.items() if k != "op"}
        out.append(_operation(path, name, params, lines, at))
    return out


def load_recipe(path) -> list:
    """The operations of a recipe file; RecipeError naming the file (and line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecipeError(path, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}"
                          ) from None
    return parse_recipe(text, path)
