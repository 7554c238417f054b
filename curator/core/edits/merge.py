"""Merging clusters of facet values: one bulk operation that writes each value the way the
curator chose, wherever the field holds it.

``MergeValues`` is an operation like those of ``operations.py`` (``apply(data, name)``,
``describe()``), so a merge is planned, previewed, written and undone by the same bulk
machinery (``bulk.plan``, the Bulk Edit preview, ``curator fix``) and recorded in
recipes. Merging any number of clusters is one ``MergeValues`` with one mapping; the
records to plan are only those holding a merged value (``paths_holding``), found from the
index rows without reading a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from curator.core.collection.facets import MISSING, FacetColumn, facet_field


def mapping_of(clusters: Iterable[tuple[Iterable[str], str]]) -> dict[str, str]:
    """{value: merged value} of (values, merged value) pairs; a value that is its own
    merged value is left out. ValueError when a value is sent two ways."""
    out: dict[str, str] = {}
    for values, target in clusters:
        if not isinstance(target, str) or not target.strip():
            raise ValueError("a merged value cannot be empty")
        for value in values:
            if value is MISSING or value == target:
                continue
            if out.get(value, target) != target:
                raise ValueError(f"{value!r} is merged into both {out[value]!r} and "
                                 f"{target!r}")
            out[value] = target
    return out


def _merged(items: list, mapping: dict) -> list:
    """Items with merged values replaced; an item that becomes a copy of an earlier one
    is dropped (["Homo Sapiens", "Homo sapiens"] -> ["Homo sapiens"])."""
    out: list = []
    targets = set(mapping.values())
    for item in items:
        new = mapping.get(item, item) if isinstance(item, str) else item
        if isinstance(new, str) and new in targets and new in out:
            continue
        out.append(new)
    return out


@dataclass(frozen=True)
class MergeValues:
    """Write each value of ``mapping`` (pairs, value -> merged value) as its merged value
    in ``field`` (a facet field: ``organisms``, ``genes.*.hgnc_symbol``)."""

    field: str
    mapping: tuple

    @classmethod
    def of(cls, field: str, clusters) -> "MergeValues":
        """The merge of ``clusters``: (values, merged value) pairs."""
        facet_field(field)     # ValueError naming the facet fields
        return cls(field, tuple(sorted(mapping_of(clusters).items())))

    @property
    def values(self) -> dict[str, str]:
        return dict(self.mapping)

    def apply(self, data: dict, name: str | None = None) -> bool:
        spec = facet_field(self.field)
        return _apply(data, spec.parts, self.values, spec.separator)

    def describe(self) -> str:
        targets = sorted(set(self.values.values()))
        shown = ", ".join(repr(t) for t in targets[:3])
        more = f" and {len(targets) - 3} more" if len(targets) > 3 else ""
        return f"merge {len(self.mapping)} value{'s' if len(self.mapping) != 1 else ''} " \
               f"of {self.field} into {shown}{more}"


def _apply(node, parts, mapping: dict, separator: str | None) -> bool:
    """Merge at the end of ``parts`` under ``node`` (``*``: every item of a list)."""
    part, rest = parts[0], parts[1:]
    if part == "*":
        keys = range(len(node)) if isinstance(node, list) else ()
    else:
        keys = (part,) if isinstance(node, dict) and part in node else ()
    changed = False
    for key in keys:
        if rest:
            changed |= _apply(node[key], rest, mapping, separator)
            continue
        value = node[key]
        if isinstance(value, list):
            new = _merged(value, mapping)
        elif isinstance(value, str) and separator:
            sep = separator.strip()
            new = separator.join(_merged([p.strip() for p in value.split(sep)
                                          if p.strip()], mapping))
            if new == separator.join(p.strip() for p in value.split(sep) if p.strip()):
                new = value      # unchanged: keep the original spacing
        elif isinstance(value, str):
            new = mapping.get(value, value)
        else:
            continue
        if new != value:
            node[key] = new
            changed = True
    return changed


def paths_holding(rows, field: str, values: Iterable[str]) -> list[str]:
    """Paths of the index rows whose ``field`` holds any of ``values``."""
    rows = list(rows)
    column = FacetColumn(field, rows)
    return [rows[i].path for i in column.matching(set(values))]
