"""Where the memory of bench_memory's window goes: the sizes of the objects the record list
holds (deep, each object counted once however many rows share it), the search index, the
facet columns and a bulk plan; and the Python heap by source line (tracemalloc).
Not part of the package."""

from __future__ import annotations

import sys
from collections import defaultdict

MB = 1 << 20


def deep_size(obj, seen: set, depth: int = 6) -> int:
    """The bytes of ``obj`` and what it holds (tuples, lists, dicts, sets, slotted and
    plain objects), each object counted once (``seen``)."""
    if id(obj) in seen or obj is None or isinstance(obj, (bool, type)):
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if depth == 0 or isinstance(obj, (str, bytes, int, float)):
        return size
    if isinstance(obj, dict):
        for k, v in obj.items():
            size += deep_size(k, seen, depth - 1) + deep_size(v, seen, depth - 1)
    elif isinstance(obj, (tuple, list, set, frozenset)):
        for v in obj:
            size += deep_size(v, seen, depth - 1)
    else:
        if type(obj).__module__ == "numpy":
            return size        # getsizeof counts the data an array owns
        for name in getattr(type(obj), "__slots__", ()):
            size += deep_size(getattr(obj, name, None), seen, depth - 1)
        for v in getattr(obj, "__dict__", {}).values():
            size += deep_size(v, seen, depth - 1)
    return size


def row_parts(rows) -> dict[str, float]:
    """MB of the rows by part: the row objects themselves, their paths, search texts,
    facet values, list texts (id, title, columns), problems (shared)."""
    seen: set = set()
    parts: dict[str, int] = defaultdict(int)
    rows = list(rows)
    for row in rows:
        parts["row objects"] += deep_size(row, seen, 0)
        parts["paths"] += deep_size(row.path, seen)
        parts["search texts"] += deep_size(row.search, seen)
        parts["facet values"] += deep_size(row.facets, seen)
        parts["list texts"] += (deep_size(row.ident, seen) + deep_size(row.title, seen)
                                + deep_size(row.fields, seen))
        parts["problems"] += deep_size(row.problems, seen)
        parts["numbers"] += sum(deep_size(getattr(row, n), seen) for n in
                                ("size", "mtime_ns", "inode", "ctime_ns", "errors",
                                 "warnings"))
    out = {k: v / MB for k, v in parts.items()}
    out["all rows"] = sum(out.values())
    out["per row (KB)"] = out["all rows"] * 1024 / max(1, len(rows))
    return out


def window_parts(window) -> dict[str, float]:
    """MB of what the window keeps beside the rows: the model's path index, the filter's
    row lists, the search index, the facet columns built."""
    model = window.model
    proxy = window.proxy if hasattr(window, "proxy") else None
    out = {}
    seen: set = {id(r.path) for r in model.records}     # the paths are the rows'
    out["model path index"] = deep_size(getattr(model, "_where", {}), seen) / MB
    if proxy is not None:
        lists = [getattr(proxy, n, None) for n in ("_rows", "_base", "_order", "_pos_cache")]
        out["filter row lists"] = sum(deep_size(x, seen) for x in lists) / MB
        out["search index"] = proxy.search_index.nbytes / MB
    columns = getattr(window.facets.panel, "columns", None)
    if columns is not None:
        built = getattr(columns, "_columns", {})
        seen_rows = {id(r.facets) for r in model.records}
        out["facet columns"] = sum(deep_size(c, set(seen_rows), 8) for c in built.values()) / MB
    return out


def plan_parts(plan) -> dict[str, float]:
    """MB of a bulk plan: the compressed bytes of its changes and their rows."""
    seen: set = set()
    z = rows = 0
    for change in plan.changes:
        z += sys.getsizeof(change) + sum(sys.getsizeof(getattr(change, name))
                                         for name in type(change).__slots__
                                         if isinstance(getattr(change, name), bytes))
        if change.row is not None:
            rows += deep_size(change.row, seen)
    return {"plan compressed bytes": z / MB, "plan rows": rows / MB}


def traced_top(snapshot, base=None, limit: int = 14) -> list[str]:
    """The source lines holding most of the traced heap (grown since ``base``)."""
    stats = snapshot.compare_to(base, "lineno") if base is not None else \
        snapshot.statistics("lineno")
    out = []
    for stat in stats[:limit]:
        frame = stat.traceback[0]
        size = getattr(stat, "size_diff", stat.size)
        name = "/".join(frame.filename.split("/")[-3:])
        out.append(f"{size / MB:8.1f} MB  {name}:{frame.lineno}")
    return out
