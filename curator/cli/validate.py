"""``curator validate``: check records and report their problems."""

from __future__ import annotations

import json
import sys

from ..core.errors import RecordError
from ..core.problems import SEVERITIES
from ..core.scan import scan


def add_parser(sub) -> None:
    p = sub.add_parser(
        "validate", help="check records against the PFOCR schema",
        description="Check record files (or folders of them) and print one line per "
                    "problem: FILE:LINE: SEVERITY CODE FIELD: MESSAGE, then a summary. "
                    "Exit 0 when no record has errors, 1 when some do, 2 on usage errors.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="record files or folders")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--severity", choices=SEVERITIES, default="info",
                   help="show problems of this severity or worse (default: all)")
    p.add_argument("--jobs", type=int, default=0,
                   help="worker processes (default: one per core)")


def run(args) -> int:
    out = sys.stdout
    records = errors = warnings = infos = 0
    shown = []
    try:
        results = scan(args.paths, jobs=args.jobs or None)
        for result in results:
            records += 1
            for problem in result.problems:
                errors += problem.severity == "error"
                warnings += problem.severity == "warning"
                infos += problem.severity == "info"
                if not problem.at_least(args.severity):
                    continue
                if args.format == "json":
                    shown.append(problem.as_json(str(result.path)))
                else:
                    where = f"{result.path}:{problem.line}" if problem.line else str(result.path)
                    field = f" {problem.field}" if problem.field else ""
                    out.write(f"{where}: {problem.severity} {problem.code}{field}: "
                              f"{problem.message}\n")
    except RecordError as exc:  # a path that does not exist
        print(f"curator validate: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(shown, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(f"{records:,} records: {errors:,} errors, {warnings:,} warnings, "
                  f"{infos:,} info\n")
    return 1 if errors else 0
