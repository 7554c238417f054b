"""``curator fix``: edit fields across many records, headless, with minimal diffs."""

from __future__ import annotations

import argparse
import sys

from pathlib import Path

from curator.core.edits import bulk
from curator.core.fields import profile
from curator.core.files.atomic import remove_stale_temps
from curator.core.collection.paths import record_files
from curator.core.errors import RecordError
from curator.core.edits.operations import for_schema
from curator.core.edits.recipes import RecipeError, load_recipe
from curator.core.fields.schema import SchemaError
from curator.cli import options
from curator.cli.progress import Progress

EPILOG = """\
values:
  FIELD=VALUE sets the text as the field's type reads it (text for a text field, a
              number, a date, true/false, a one-item list): --set figtitle="Wnt
              signaling pathway", --set draft=false
  FIELD:=YAML sets any YAML value: --set 'organisms:=[Homo sapiens, Mus musculus]',
              --set 'organisms:=[]', --set 'ndex:=null', --set 'automl_pathway:=0.9'
  FIELD is a dotted path: schema-jsonld.description, genes.0.hgnc_symbol

--recipe FILE replays the operations of a recipe (saved from the window's operation
history) before any given here.
Operations run in the order given, on every record file under PATH. A record that
already has the asked values is not written (its modification time stays). A record an
operation cannot apply to (genes.15 on a shorter list, a key under a text value) or that
cannot be read, parsed or written is named and left as it was; the others are edited.
A record another program changed between its reading and its writing is read and edited
again. Exit 0 on success, 2 on usage errors (checked before any file is written) or when
some file was named.
"""


def add_parser(sub) -> None:
    p = sub.add_parser(
        "fix", help="set, fill, fix or replace fields across records",
        description="Edit record files in place, changing only the lines of the edited "
                    "fields.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="record files or folders")
    op = options.OperationAction
    p.add_argument("--set", action=op, metavar="FIELD=VALUE", dest="ops",
                   const=options.set_operation,
                   help="set a field (repeatable)")
    p.add_argument("--fill-missing", action=op, metavar="FIELD=VALUE", dest="ops",
                   const=options.fill_operation,
                   help="set a field only where it is absent or a missing marker")
    p.add_argument("--clear-missing", action=op, metavar="FIELD", dest="ops", nargs="?",
                   const=options.clear_operation,
                   help="replace missing markers (.na.character, NA, null) by empty values "
                        "in FIELD, or in every field")
    p.add_argument("--fix", action=op, metavar="CODE", dest="ops",
                   const=options.fix_operation,
                   help="apply the fix of every problem with this code (see "
                        "'curator validate')")
    p.add_argument("--replace", action=op, nargs=3, dest="ops",
                   metavar=("FIELD", "PATTERN", "REPLACEMENT"),
                   const=options.replace_operation,
                   help="replace text in a field (with --regex: a regular expression)")
    p.add_argument("--recipe", metavar="FILE",
                   help="apply the operations of a recipe file first (see Facets > "
                        "Operation History in the window)")
    p.add_argument("--regex", action="store_true",
                   help="PATTERN of --replace is a regular expression")
    p.add_argument("--dry-run", action="store_true",
                   help="print a unified diff per file and write nothing")
    p.add_argument("--jobs", type=options.jobs, default=0,
                   help="worker processes (default, or 0: one per core)")


def run(args) -> int:
    try:
        operations = options.operations(args)
    except ValueError as exc:
        print(f"curator fix: error: {exc}", file=sys.stderr)
        return 2
    if args.recipe:
        try:
            operations = load_recipe(args.recipe) + operations
        except RecipeError as exc:
            print(f"curator fix: {exc}", file=sys.stderr)
            return 2
    if not operations:
        print("curator fix: nothing to do: give --set, --fill-missing, --clear-missing, "
              "--fix, --replace or --recipe", file=sys.stderr)
        return 2
    try:
        files = record_files(args.paths)
    except RecordError as exc:
        print(f"curator fix: {exc}", file=sys.stderr)
        return 2
    if not args.dry_run:  # what an interrupted earlier run left behind
        for folder in sorted({path.parent for path in files}):
            remove_stale_temps(folder)
    try:
        collection = profile.for_path(Path(args.paths[0]))
    except SchemaError as exc:
        print(f"curator fix: {exc}", file=sys.stderr)
        return 2
    operations = for_schema(operations, collection.schema)
    with Progress("curator fix") as progress:
        result = bulk.plan(files, operations, commit=not args.dry_run,
                           jobs=args.jobs or None, progress=progress, profile=collection)
    for change in sorted(result.changes, key=lambda c: c.path):
        sys.stdout.write(change.diff())
    for err in result.skipped:
        print(f"curator fix: {err}", file=sys.stderr)
    changed = len(result.changes) + len(result.written)
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(files):,} records: {changed:,} {verb}, {len(result.skipped):,} not "
          f"readable or writable", file=sys.stderr)
    return 2 if result.skipped else 0
