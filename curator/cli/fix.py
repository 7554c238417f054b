"""``curator fix``: edit fields across many records, headless, with minimal diffs."""

from __future__ import annotations

import argparse
import sys

from ..core import bulk
from ..core import operations as ops
from ..core.atomic import remove_stale_temps
from ..core.collection import record_files
from ..core.errors import RecordError
from ..core.fixes import fix_codes
from ..core.recipes import RecipeError, load_recipe
from ..core.values import parse_path
from .progress import Progress

EPILOG = """\
values:
  FIELD=VALUE sets a string: --set figtitle="Wnt signaling pathway"
  FIELD:=YAML sets any YAML value: --set 'organisms:=[Homo sapiens, Mus musculus]',
              --set 'organisms:=[]', --set 'ndex:=null', --set 'automl_pathway:=0.9'
  FIELD is a dotted path: schema-jsonld.description, genes.0.hgnc_symbol

--recipe FILE replays the operations of a recipe (saved from the window's operation
history) before any given here.
Operations run in the order given, on every record file under PATH. A record that
already has the asked values is not written (its modification time stays). Exit 0 on
success, 2 on usage errors or files that cannot be read, parsed or written.
"""


class _Op(argparse.Action):
    """Collects operations in command-line order into ``namespace.ops``."""

    def __call__(self, parser, namespace, values, option_string=None):
        try:
            op = self.const(values)
        except (ValueError, KeyError) as exc:
            parser.error(f"{option_string}: {exc}")
        if getattr(namespace, "ops", None) is None:
            namespace.ops = []
        namespace.ops.append(op)


def _fix_op(code: str):
    if code not in fix_codes():
        raise ValueError(f"no fix for {code!r}; fixable codes: {', '.join(fix_codes())}")
    return ops.ApplyFix(code)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "fix", help="set, fill, fix or replace fields across records",
        description="Edit record files in place, changing only the lines of the edited "
                    "fields.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="record files or folders")
    p.add_argument("--set", action=_Op, metavar="FIELD=VALUE", dest="ops",
                   const=lambda v: ops.SetField(*ops.parse_assignment(v)),
                   help="set a field (repeatable)")
    p.add_argument("--fill-missing", action=_Op, metavar="FIELD=VALUE", dest="ops",
                   const=lambda v: ops.FillMissing(*ops.parse_assignment(v)),
                   help="set a field only where it is absent or a missing marker")
    p.add_argument("--clear-missing", action=_Op, metavar="FIELD", dest="ops", nargs="?",
                   const=lambda v: ops.ClearMissing(parse_path(v) if v else None),
                   help="replace missing markers (.na.character, NA, null) by empty values "
                        "in FIELD, or in every field")
    p.add_argument("--fix", action=_Op, metavar="CODE", dest="ops", const=_fix_op,
                   help="apply the fix of every problem with this code (see "
                        "'curator validate')")
    p.add_argument("--replace", action=_Op, nargs=3, dest="ops",
                   metavar=("FIELD", "PATTERN", "REPLACEMENT"),
                   const=lambda v: ops.Replace(parse_path(v[0]), v[1], v[2]),
                   help="replace text in a field (with --regex: a regular expression)")
    p.add_argument("--recipe", metavar="FILE",
                   help="apply the operations of a recipe file first (see Facets > "
                        "Operation History in the window)")
    p.add_argument("--regex", action="store_true",
                   help="PATTERN of --replace is a regular expression")
    p.add_argument("--dry-run", action="store_true",
                   help="print a unified diff per file and write nothing")
    p.add_argument("--jobs", type=int, default=0,
                   help="worker processes (default: one per core)")


def _with_regex(op, regex: bool):
    if regex and isinstance(op, ops.Replace):
        return ops.Replace(op.path, op.pattern, op.replacement, regex=True)
    return op


def run(args) -> int:
    operations = [_with_regex(op, args.regex) for op in (args.ops or [])]
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
    with Progress("curator fix") as progress:
        result = bulk.plan(files, operations, commit=not args.dry_run,
                           jobs=args.jobs or None, progress=progress)
    for change in sorted(result.changes, key=lambda c: c.path):
        sys.stdout.write(change.diff())
    for err in result.skipped:
        print(f"curator fix: {err}", file=sys.stderr)
    changed = len(result.changes) + len(result.written)
    verb = "would change" if args.dry_run else "changed"
    print(f"{len(files):,} records: {changed:,} {verb}, {len(result.skipped):,} not "
          f"readable or writable", file=sys.stderr)
    return 2 if result.skipped else 0
