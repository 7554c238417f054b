"""``curator cluster``: groups of a field's values that are probably one value."""

from __future__ import annotations

import json
import sys

from curator.core.collection.cluster import METHODS, cluster
from curator.core.errors import RecordError
from curator.cli.facets import add_common, field_counts


def add_parser(sub) -> None:
    p = sub.add_parser(
        "cluster", help="find values of a field written several ways",
        description="Print clusters of FIELD's values that are probably the same value "
                    "(OpenRefine's methods: key collision by fingerprint, character "
                    "bigrams or sound; nearest neighbour by edit distance), each value "
                    "with its record count, the most frequent first.")
    add_common(p)
    p.add_argument("--method", choices=METHODS, default="fingerprint")
    p.add_argument("--radius", type=int, default=1,
                   help="nearest neighbour: the most edits between two values (default 1)")


def run(args) -> int:
    try:
        total, counts = field_counts(args, "cluster")
    except (ValueError, RecordError) as exc:
        print(f"curator cluster: {exc}", file=sys.stderr)
        return 2
    options = {"radius": args.radius} if args.method == "nearest" else {}
    clusters = cluster(counts, args.method, **options)
    out = sys.stdout
    if args.format == "json":
        json.dump({"field": args.field, "method": args.method, "records": total,
                   "clusters": [{"suggestion": c.suggestion, "records": c.records,
                                 "values": [{"value": v, "count": n} for v, n in c.values]}
                                for c in clusters]}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    for c in clusters:
        out.write(f"{c.suggestion}  ({len(c.values)} values, {c.records:,} records)\n")
        for value, n in c.values:
            out.write(f"  {n:>7,}  {value!r}\n")
    out.write(f"{len(clusters):,} clusters of {args.field} values ({args.method})\n")
    return 0
