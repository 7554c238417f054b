"""``curator review``: the field-level changes of every record against HEAD (or a revision),
for a pull request's description or a CI check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.core.history.review import review
from curator.core.history.vcs import GitError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "review", help="field-level diff of every changed record against HEAD",
        description="Print, for every record changed in the git work tree (staged or not, "
                    "and new files), what changed field by field against HEAD or --against "
                    "REF. Exit 0 when nothing changed, 1 when records changed, 2 on errors "
                    "(not a git work tree, an unknown revision). A renamed record is one entry, "
                    "'old → new' (json: \"old_path\").")
    p.add_argument("path", metavar="PATH", help="the collection folder (inside a git work tree)")
    p.add_argument("--against", default="HEAD", metavar="REF",
                   help="the revision to compare with (default: HEAD)")
    p.add_argument("--format", choices=("text", "json"), default="text")


def run(args) -> int:
    folder = Path(args.path)
    if not folder.is_dir():
        print(f"curator review: {folder}: not a folder", file=sys.stderr)
        return 2
    try:
        entries = review(folder, args.against)
    except GitError as exc:
        print(f"curator review: {exc}", file=sys.stderr)
        return 2
    root = folder.resolve()
    out = sys.stdout
    if args.format == "json":
        json.dump([e.as_json(root) for e in entries], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for e in entries:
            out.write(f"{e.name(root)} ({e.state})\n")   # a rename: old → new
            if e.error:
                out.write(f"  cannot compare fields: {e.error}\n")
            for change in e.changes:
                out.write(f"  {change.describe()}\n")
        out.write(f"{len(entries):,} changed record{'s' if len(entries) != 1 else ''}\n")
    return 1 if entries else 0
