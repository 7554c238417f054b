"""Field paths (``schema-jsonld.description``, ``genes.0.hgnc_symbol``) and value helpers."""

from __future__ import annotations

import copy

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


_MISSING = object()


def changed_keys(old: dict, new: dict) -> list:
    """Top-level keys whose values differ (``same``), added or removed, in order."""
    return [k for k in dict.fromkeys([*old, *new])
            if k not in old or k not in new or not same(old[k], new[k])]


def get(data, path: FieldPath, default=_MISSING):
    """The value at ``path``; ``default`` (or KeyError) when any step is absent."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            if default is _MISSING:
                raise KeyError(format_path(path)) from None
            return default
    return node


def put(data: dict, path: FieldPath, value) -> None:
    """Set ``path`` to a copy of ``value``, creating missing mappings on the way."""
    node = data
    for part in path[:-1]:
        if isinstance(node, dict):
            nxt = node.get(part)
            if not isinstance(nxt, (dict, list)):
                nxt = node[part] = {}
            node = nxt
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            raise KeyError(format_path(path))
    last = path[-1]
    if isinstance(node, list):
        if not isinstance(last, int) or last > len(node):
            raise KeyError(format_path(path))
        if last == len(node):
            node.append(copy.deepcopy(value))
        else:
            node[last] = copy.deepcopy(value)
    else:
        node[last] = copy.deepcopy(value)


def remove(data: dict, path: FieldPath) -> None:
    """Delete the field or list item at ``path`` (KeyError when absent)."""
    parent = get(data, path[:-1])
    try:
        del parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        raise KeyError(format_path(path)) from None
