"""``curator validate``: check records and report their problems."""

from __future__ import annotations

import json
import sys

from pathlib import Path

from curator.core.checks import problem_codes
from curator.core.fields import profile
from curator.core.errors import RecordError
from curator.core.collection.index import FolderIndex, index_file
from curator.core.checks.problems import SEVERITIES
from curator.core.fields.schema import SchemaError
from curator.cli import options
from curator.cli.progress import Progress


def add_parser(sub) -> None:
    p = sub.add_parser(
        "validate", help="check records against their collection's schema",
        description="Check record files (or folders of them) and print one line per "
                    "problem: FILE:LINE: SEVERITY CODE FIELD: MESSAGE, then a summary. "
                    "Exit 0 when no record has errors, 1 when some do, 2 on usage errors.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="record files or folders")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="output format (markdown: with --list-codes only)")
    p.add_argument("--list-codes", action="store_true",
                   help="list every problem code with its severity, meaning and fix, "
                        "and exit")
    p.add_argument("--severity", choices=SEVERITIES, default="info",
                   help="show problems of this severity or worse (default: all)")
    p.add_argument("--jobs", type=options.jobs, default=0,
                   help="worker processes (default: one per core)")
    p.add_argument("--no-cache", action="store_true",
                   help="parse every file, ignoring and not updating the index cache")


def rows(paths, jobs: int | None, cache: bool, progress=None):
    """Index rows for the record files under ``paths``, sorted by path; RecordError for a
    path that does not exist. ``progress(done, total)`` follows each folder's scan."""
    found, profiles = {}, {}      # folder -> its collection's profile (chosen once)
    for path in map(Path, paths):
        if path.is_dir():
            index = FolderIndex(path, cache=cache, jobs=jobs)
            for batch in index.scan(progress=progress):
                found.update((row.path, row) for row in batch)
        elif path.is_file():
            if path.parent not in profiles:
                profiles[path.parent] = profile.for_path(path)
            found[str(path)] = index_file(str(path), profile=profiles[path.parent])
        else:
            raise RecordError(path, "no such file or folder", code="io.read")
    return [found[key] for key in sorted(found)]


def list_codes(fmt: str) -> int:
    docs = problem_codes.documented()
    if fmt == "markdown":
        sys.stdout.write(problem_codes.as_markdown(docs))
    elif fmt == "json":
        json.dump([{"codes": list(d.codes), "severity": d.severity, "meaning": d.meaning,
                    "example": d.example, "fix": d.fix, "group": d.group} for d in docs],
                  sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(problem_codes.as_text(docs))
    return 0


def run(args) -> int:
    if args.list_codes:
        return list_codes(args.format)
    if not args.paths:
        print("curator validate: give record files or folders (or --list-codes)",
              file=sys.stderr)
        return 2
    if args.format == "markdown":
        print("curator validate: --format markdown goes with --list-codes", file=sys.stderr)
        return 2
    out = sys.stdout
    records = errors = warnings = infos = 0
    shown = []
    try:
        with Progress("curator validate") as progress:
            listed = rows(args.paths, args.jobs or None, not args.no_cache, progress)
        for row in listed:
            records += 1
            for problem in row.problems:
                errors += problem.severity == "error"
                warnings += problem.severity == "warning"
                infos += problem.severity == "info"
                if not problem.at_least(args.severity):
                    continue
                if args.format == "json":
                    shown.append(problem.as_json(row.path))
                else:
                    where = f"{row.path}:{problem.line}" if problem.line else row.path
                    field = f" {problem.field}" if problem.field else ""
                    out.write(f"{where}: {problem.severity} {problem.code}{field}: "
                              f"{problem.message}\n")
    except (RecordError, SchemaError) as exc:  # no such path; a wrong profile or schema
        print(f"curator validate: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        json.dump(shown, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(f"{_count(records, 'record')}: {_count(errors, 'error')}, "
                  f"{_count(warnings, 'warning')}, {infos:,} info\n")
    return 1 if errors else 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
