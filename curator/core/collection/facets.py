"""Facets: the values a field takes across a collection, with how many records hold each.

Which fields are facets follows from the schema (a collection's ``schema.yaml``): list,
year and number fields, optional string fields without a pattern, and the entry keys a
records field names (``genes.*.hgnc_symbol``). ``facet_values`` reads them from a record's
data once, when the index builds the record's row (``IndexRow.facets``), so counting never
parses YAML. A list is counted per item (a record holding an item twice counts once);
missing values (absent, a schema marker, an empty list) are one entry, ``MISSING``.

``FacetColumn`` holds one field's items for every row of a list, coded as integers, so
that counting the rows of any filter is one vectorised pass (numpy).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Iterable

from curator.core.fields.schema import Schema, default_schema
from curator.core.lazy import lazy

np = lazy("numpy")    # imported when first counted, not at start-up

MISSING = None          # the facet entry of records without a value
MISSING_LABEL = "(missing)"
_TEXT_TYPES = frozenset({"list", "string_or_list", "string"})
_NUMBER_TYPES = frozenset({"year", "number", "digits"})


@dataclass(frozen=True)
class FacetField:
    """A field counted as a facet: ``name`` as the curator writes it (``organisms``,
    ``genes.*.hgnc_symbol``), ``numeric`` for a histogram, ``separator`` of a list
    written in one string."""

    name: str
    numeric: bool = False
    separator: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        return _parts(self.name)


_FIELDS: dict[int, tuple] = {}    # id(schema) -> (schema, its facet fields)


def facet_fields(schema: Schema | None = None) -> dict[str, FacetField]:
    """The facet fields of a schema, by name, in the schema's order."""
    schema = schema or default_schema()
    known = _FIELDS.get(id(schema))
    if known is None or known[0] is not schema:
        known = _FIELDS[id(schema)] = (schema, _facet_fields(schema))
    return known[1]


def _facet_fields(schema: Schema) -> dict[str, FacetField]:
    out: dict[str, FacetField] = {}
    for spec in schema.fields.values():
        if spec.type == "records":
            for key in spec.facets:
                sub = spec.entry.get(key)
                numeric = sub is not None and sub.type in _NUMBER_TYPES
                out[f"{spec.name}.*.{key}"] = FacetField(f"{spec.name}.*.{key}", numeric)
        elif spec.type in _NUMBER_TYPES:
            out[spec.name] = FacetField(spec.name, numeric=True)
        elif spec.type in ("list", "string_or_list"):
            out[spec.name] = FacetField(spec.name, separator=spec.separator)
        elif spec.type == "string" and not spec.required and spec.pattern is None \
                and spec.derive is None:
            out[spec.name] = FacetField(spec.name, separator=spec.separator)
    return out


def facet_field(name: str, schema: Schema | None = None) -> FacetField:
    """The facet field called ``name``; ValueError naming the known ones otherwise."""
    fields = facet_fields(schema)
    if name not in fields:
        raise ValueError(f"{name!r} is not a facet field; facet fields: "
                         f"{', '.join(fields)}")
    return fields[name]


@functools.lru_cache(maxsize=256)
def _parts(name: str) -> tuple[str, ...]:
    return tuple(name.split("."))


def _leaves(data, parts):
    """The values at a path with ``*`` steps (every item of a list)."""
    nodes = [data]
    for part in parts:
        nxt = []
        for node in nodes:
            if part == "*":
                if isinstance(node, list):
                    nxt.extend(node)
            elif isinstance(node, dict) and part in node:
                nxt.append(node[part])
        nodes = nxt
    return nodes


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def items_of(data: dict, field: FacetField, markers: Iterable[str]) -> tuple | None:
    """The distinct items of ``field`` in a record's data (a marker item is ``MISSING``),
    or None when the field is absent."""
    parts = field.parts
    if len(parts) == 1 and isinstance(data, dict):   # most: a top-level value, one leaf
        if parts[0] not in data:
            return None
        leaves = [data[parts[0]]]
        leaf = leaves[0]
        if leaf.__class__ is str and not field.separator:     # one text: the most common
            return (MISSING if leaf.strip() in markers else leaf,)
    else:
        leaves = _leaves(data, parts)
        if not leaves:
            return None
    items = []
    for leaf in leaves:
        if isinstance(leaf, list):
            items.extend(leaf)
        elif isinstance(leaf, str) and field.separator:
            items.extend(part.strip() for part in leaf.split(field.separator.strip())
                         if part.strip())
        else:
            items.append(leaf)
    out = []
    for item in items:
        if item is None or isinstance(item, (dict, list)):
            out.append(MISSING)
            continue
        text = _text(item)
        out.append(MISSING if text.strip() in markers else text)
    return tuple(dict.fromkeys(out))


def facet_values(data: dict, schema: Schema | None = None) -> dict[str, tuple]:
    """Every facet field present in a record's data -> its items (for ``IndexRow``)."""
    schema = schema or default_schema()
    markers = frozenset(schema.missing_markers)
    out = {}
    for name, field in facet_fields(schema).items():
        items = items_of(data, field, markers)
        if items is not None:
            out[name] = items
    return out


class FacetColumn:
    """One field's items for each row of a list of index rows (rows without a value hold
    ``(MISSING,)``). ``counts(rows)`` counts the rows at the given positions (all rows
    when None); ``put``/``extend`` follow the list as rows change or arrive.

    Counting is vectorised: each distinct tuple of items is coded once as integers (rows
    share few: equal tuples are one object, see ``index_row.SharedValues``), and each row as its
    tuple, so counting any set of rows is two ``bincount``s in numpy, a few milliseconds
    at 70,000 rows whatever the filter. Rows that change or arrive add their tuple's
    codes; nothing is coded again."""

    _NONE = (MISSING,)

    def __init__(self, name: str, rows: Iterable = ()) -> None:
        self.name = name
        self.items: list[tuple] = []
        self.values: list = []              # value code -> value
        self._index: dict = {}              # value -> its code
        self._tuples: dict[int, int] = {}   # id of an items tuple -> its tuple code
        self._kept: list[tuple] = []        # the tuples coded (their ids stay theirs)
        self._row_tuples: list[int] = []    # row -> tuple code
        self._codes: list[int] = []         # the value codes of each tuple, in turn
        self._owners: list[int] = []        # the tuple each of those belongs to
        self._arrays = None                 # numpy copies of the three lists, or None
        self._rank = None                   # each value code's place in value order
        self.extend(rows)

    def _of(self, row) -> tuple:
        items = row.facets.get(self.name) if row.facets else None
        return items if items else self._NONE

    def _tuple(self, items: tuple) -> int:
        code = self._tuples.get(id(items))
        if code is None:
            code = self._tuples[id(items)] = len(self._kept)
            self._kept.append(items)
            index, values = self._index, self.values
            for value in items:
                v = index.get(value)
                if v is None:
                    v = index[value] = len(values)
                    values.append(value)
                    self._rank = None
                self._codes.append(v)
                self._owners.append(code)
        return code

    def extend(self, rows: Iterable) -> None:
        name, none, code = self.name, self._NONE, self._tuple
        new = [(r.facets.get(name) if r.facets else None) or none for r in rows]
        self.items.extend(new)
        self._row_tuples.extend(map(code, new))
        self._arrays = None

    def put(self, position: int, row) -> None:
        items = self._of(row)
        if items is not self.items[position]:
            self.items[position] = items
            self._row_tuples[position] = self._tuple(items)
            self._arrays = None

    def __len__(self) -> int:
        return len(self.items)

    def _numpy(self):
        """(row tuples, value codes, owners) as numpy arrays."""
        if self._arrays is None:
            self._arrays = (np.array(self._row_tuples, dtype=np.int32),
                            np.array(self._codes, dtype=np.int32),
                            np.array(self._owners, dtype=np.int32))
        return self._arrays

    def _totals(self, rows):
        row_tuples, codes, owners = self._numpy()
        if rows is not None:
            row_tuples = row_tuples[np.fromiter(rows, dtype=np.int64)]
        per_tuple = np.bincount(row_tuples, minlength=len(self._kept))
        return np.bincount(codes, weights=per_tuple[owners],
                           minlength=len(self.values)).astype(np.int64)

    def counts(self, rows: Iterable[int] | None = None) -> Counter:
        """Records per value among the rows at ``rows`` (positions into the column)."""
        values = self.values
        totals = self._totals(rows)
        found = np.flatnonzero(totals)
        return Counter(dict(zip(map(values.__getitem__, found.tolist()),
                                totals[found].tolist())))

    def sorted_pairs(self, rows: Iterable[int] | None = None, by: str = "count"
                     ) -> list[tuple]:
        """``sorted_counts(self.counts(rows), by)``, sorted in numpy: the values' order
        is computed once per coding."""
        values = self.values
        if self._rank is None:
            order = sorted(range(len(values)), key=lambda k: (
                values[k] is MISSING, "" if values[k] is MISSING else values[k].casefold(),
                "" if values[k] is MISSING else values[k]))
            self._rank = np.empty(len(values), dtype=np.int64)
            self._rank[np.array(order, dtype=np.int64)] = np.arange(len(values))
        totals = self._totals(rows)
        found = np.flatnonzero(totals)
        rank = self._rank[found]
        if by == "value":
            found = found[np.argsort(rank)]
        else:
            missing = found == self._index.get(MISSING, -1)
            found = found[np.lexsort((rank, -totals[found], missing))]
        return list(zip(map(values.__getitem__, found.tolist()), totals[found].tolist()))

    def _holding(self, items_ok, rows) -> list[int]:
        """The positions of ``rows`` (in their order) owning an item of ``items_ok``
        (a mask over the coded items)."""
        row_tuples, _, owners = self._numpy()
        tuple_ok = np.zeros(len(self._kept), dtype=bool)
        tuple_ok[owners[items_ok]] = True
        keep = tuple_ok[row_tuples]
        if rows is None:
            return np.flatnonzero(keep).tolist()
        order = np.fromiter(rows, dtype=np.int64)
        return order[keep[order]].tolist()

    def matching(self, values, mode: str = "any", rows: Iterable[int] | None = None
                 ) -> list[int]:
        """Positions of the rows holding any (``mode="any"``) or all (``"all"``) of
        ``values``, in the order of ``rows``."""
        wanted = frozenset(values)
        if mode == "all" and len(wanted) > 1:
            items = self.items
            rows = range(len(items)) if rows is None else rows
            return [i for i in rows if wanted.issubset(items[i])]
        codes, index = self._numpy()[1], self._index
        known = [index[v] for v in wanted if v in index]
        return self._holding(np.isin(codes, np.array(known, dtype=np.int32)), rows)

    def in_range(self, low: float, high: float, rows: Iterable[int] | None = None
                 ) -> list[int]:
        """Positions of the rows holding a number in ``[low, high]``, in the order of
        ``rows``."""
        codes = self._numpy()[1]
        numbers = np.array([x if (x := as_number(v)) is not None else np.nan
                            for v in self.values], dtype=float)
        with np.errstate(invalid="ignore"):
            ok = (numbers >= low) & (numbers <= high)
        return self._holding(ok[codes], rows)


def counts_of(rows: Iterable, name: str) -> Counter:
    """Records per value of field ``name`` over index rows (one pass, no column kept)."""
    return FacetColumn(name, rows).counts()


def sorted_counts(counts: Counter, by: str = "count") -> list[tuple]:
    """(value, count) pairs: most frequent first (ties by value), or by value (case
    folded); the ``MISSING`` entry last."""
    pairs = [(v, n) for v, n in counts.items() if v is not MISSING]
    pairs.sort()                                            # ties: by value
    pairs.sort(key=lambda p: p[0].casefold())
    if by != "value":
        pairs.sort(key=itemgetter(1), reverse=True)         # stable: ties stay in order
    if MISSING in counts:
        pairs.append((MISSING, counts[MISSING]))
    return pairs


def as_number(value) -> float | None:
    """The number a facet value spells, or None."""
    if value is MISSING:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Bin:
    low: float
    high: float       # exclusive, except for the last bin
    count: int


def histogram(counts: Counter, bins: int = 24) -> tuple[list[Bin], int]:
    """Bins over the numeric values of a facet (integers spanning at most 64 values, as
    years do, get one bin each), and how many records hold no number."""
    numbers: dict[float, int] = {}
    other = 0
    for value, n in counts.items():
        x = as_number(value)
        if x is None:
            other += n
        else:
            numbers[x] = numbers.get(x, 0) + n
    if not numbers:
        return [], other
    low, high = min(numbers), max(numbers)
    integers = all(x.is_integer() for x in numbers)
    if integers and high - low + 1 <= max(bins, 64):    # years: one bin each
        width, count = 1.0, int(high - low + 1)
    else:
        count = bins
        width = (high - low) / bins or 1.0
    totals = [0] * count
    for x, n in numbers.items():
        totals[min(int((x - low) / width), count - 1)] += n
    return [Bin(low + k * width, low + (k + 1) * width, t)
            for k, t in enumerate(totals)], other

