"""``curator facets``: the values a field takes across records, with their counts."""

from __future__ import annotations

import json
import sys

from curator.core.errors import RecordError
from curator.core.collection.facets import (
    MISSING, MISSING_LABEL, FacetColumn, facet_field, facet_fields, sorted_counts,
)
from curator.cli.progress import Progress
from curator.cli.validate import rows as index_rows


def add_common(p) -> None:
    """The arguments ``facets`` and ``cluster`` share."""
    p.add_argument("field", metavar="FIELD",
                   help=f"a facet field: {', '.join(facet_fields())}")
    p.add_argument("paths", nargs="+", metavar="PATH", help="record files or folders")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--jobs", type=int, default=0,
                   help="worker processes (default: one per core)")
    p.add_argument("--no-cache", action="store_true",
                   help="parse every file, ignoring and not updating the index cache")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "facets", help="count the values of a field across records",
        description="Print every value of FIELD with the number of records holding it "
                    "(list fields per item; missing values as one entry), most frequent "
                    "first. Counts come from the index, as the window's Facets dock "
                    "shows them.")
    add_common(p)
    p.add_argument("--sort", choices=("count", "value"), default="count")


def field_counts(args, command: str):
    """(the field, records counted, counts) for ``args``; SystemExit-free: raises
    ValueError or RecordError with a message for the user."""
    facet_field(args.field)
    with Progress(f"curator {command}") as progress:
        listed = index_rows(args.paths, args.jobs or None, not args.no_cache, progress)
    return len(listed), FacetColumn(args.field, listed).counts()


def run(args) -> int:
    try:
        total, counts = field_counts(args, "facets")
    except (ValueError, RecordError) as exc:
        print(f"curator facets: {exc}", file=sys.stderr)
        return 2
    pairs = sorted_counts(counts, args.sort)
    out = sys.stdout
    if args.format == "json":
        json.dump({"field": args.field, "records": total,
                   "values": [{"value": v, "count": n} for v, n in pairs]},
                  out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    width = max((len(f"{n:,}") for _, n in pairs), default=1)
    for value, n in pairs:
        shown = MISSING_LABEL if value is MISSING else repr(value) \
            if value != value.strip() or not value else value
        out.write(f"{n:>{width},}  {shown}\n")
    distinct = len(pairs) - (MISSING in counts)
    out.write(f"{distinct:,} values of {args.field} in {total:,} records\n")
    return 0
