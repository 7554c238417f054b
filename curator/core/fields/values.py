"""Field paths (``schema-jsonld.description``, ``genes.0.hgnc_symbol``) and value helpers."""

from __future__ import annotations

import copy

from curator.core.errors import FieldPathError

FieldPath = tuple  # keys (str) and list indexes (int)


def parse_path(text: str) -> FieldPath:
    """``"genes.0.hgnc_symbol"`` -> ``("genes", 0, "hgnc_symbol")``."""
    if not text or any(not part for part in text.split(".")):
        raise ValueError(f"not a field path: {text!r}")
    return tuple(int(p) if p.isdigit() else p for p in text.split("."))


def format_path(path: FieldPath) -> str:
    return ".".join(str(p) for p in path)


def same(a, b) -> bool:
    """Equal values of equal types (``True`` is not ``1``, ``"1"`` is not ``1``). A NaN
    (YAML ``.nan``) is the same as a NaN: a value read from a file is the same value when
    read again, or a record holding one would look edited as soon as it is opened."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return a == b or (a != a and b != b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


class _Absent:
    """The one marker of a value that is not there (a field not in the record): copied,
    deep-copied and pickled (to a worker process and back) it stays itself."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return "ABSENT"


ABSENT = _Absent()
_MISSING = object()   # get()'s default: raise KeyError


def same_or_absent(a, b) -> bool:
    """``same``, with ``ABSENT`` equal only to itself."""
    if a is ABSENT or b is ABSENT:
        return a is b
    return same(a, b)


def changed_keys(old: dict, new: dict) -> list:
    """Top-level keys whose values differ (``same``), added or removed, in order."""
    return [k for k in dict.fromkeys([*old, *new])
            if k not in old or k not in new or not same(old[k], new[k])]


def get(data, path: FieldPath, default=_MISSING):
    """The value at ``path``; ``default`` (or KeyError) when any step is absent."""
    node = data
    for part in path:
        try:
            if not isinstance(node, (dict, list)):
                raise TypeError   # a text value has no items: "Homo sapiens".0 is not "H"
            node = node[part]
        except (KeyError, IndexError, TypeError):
            if default is _MISSING:
                raise KeyError(format_path(path)) from None
            return default
    return node


def put(data: dict, path: FieldPath, value) -> None:
    """Set ``path`` to a copy of ``value``, creating missing (or null) mappings on the way.
    FieldPathError, with ``data`` unchanged, when the path leads past the end of a list,
    into a text or number value, or makes a list item where there is no list: an edit
    never changes a value's type on the way to its target."""
    _check_put(data, path)
    node = data
    for part in path[:-1]:
        nxt = node[part] if isinstance(node, list) else node.get(part)
        if nxt is None:
            nxt = node[part] = {}
        node = nxt
    last = path[-1]
    if isinstance(node, list) and last == len(node):
        node.append(copy.deepcopy(value))
    else:
        node[last] = copy.deepcopy(value)


def _check_put(data: dict, path: FieldPath) -> None:
    node = data
    for depth, part in enumerate(path):
        where = format_path(path[:depth])
        if node is None:     # absent or null: mappings are made from here on
            if isinstance(part, int):
                raise FieldPathError(format_path(path), f"{where} is not a list: there is "
                                     f"no item {part}; to make a list, set the whole field: "
                                     f"{where}:=[...]")
            continue
        if isinstance(node, dict):
            _check_key(node, part, path, depth)
            node = node.get(part)
        elif isinstance(node, list):
            _check_index(node, part, path, depth, append=depth == len(path) - 1)
            node = node[part] if part < len(node) else None
        else:
            raise _into_scalar(path, depth, node)


def _check_key(mapping: dict, part, path: FieldPath, depth: int) -> None:
    """FieldPathError for an item number into a mapping that has no such key: it would
    make a mapping (``genes: {3: ...}``) where a list was meant."""
    if isinstance(part, int) and part not in mapping:
        where = format_path(path[:depth])
        what = f"{where} is a mapping, not a list" if where else "a record is a mapping"
        raise FieldPathError(format_path(path), f"{what}: there is no item {part}")


def _check_index(items: list, part, path: FieldPath, depth: int, append: bool = False):
    """FieldPathError unless ``part`` is an item of ``items`` (or, with ``append``, the
    index just past the end)."""
    where = format_path(path[:depth]) or "the record"
    if not isinstance(part, int):
        raise FieldPathError(format_path(path), f"{where} is a list: {part!r} is not an item "
                             "number")
    if part > len(items) or (part == len(items) and not append):
        count = f"{len(items)} item" + ("" if len(items) == 1 else "s")
        raise FieldPathError(format_path(path), f"{where} has {count}: there is no item "
                             f"{part}" + (f" (the next one is {len(items)})" if append else ""))


def _into_scalar(path: FieldPath, depth: int, value) -> FieldPathError:
    where = format_path(path[:depth])
    kind = ("text" if isinstance(value, str) else "boolean" if isinstance(value, bool)
            else "number" if isinstance(value, (int, float)) else type(value).__name__)
    hint = ""
    if isinstance(value, str) and isinstance(path[depth], int):
        hint = f"; to make it a list, set the whole field: {where}:=[...]"
    return FieldPathError(format_path(path), f"{where} is a {kind} value ({value!r}), not "
                          f"a list or mapping{hint}")


def remove(data: dict, path: FieldPath) -> None:
    """Delete the field or list item at ``path`` (KeyError when absent)."""
    parent = get(data, path[:-1])
    try:
        del parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        raise KeyError(format_path(path)) from None
