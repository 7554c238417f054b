"""Finding record files: the ``.md`` files of a folder (recursively) or given paths."""

from __future__ import annotations

import os
from pathlib import Path

from curator.core.errors import RecordError

SUFFIX = ".md"


def record_files(paths) -> list[Path]:
    """The record files named by ``paths`` (files, or folders searched recursively for
    ``*.md``), sorted, each once. RecordError for a path that does not exist."""
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(SUFFIX) and not name.startswith("."):
                        # FIFOs and devices are listed too: reading them fails cleanly
                        found.setdefault(Path(root) / name)
        elif p.exists():
            found.setdefault(p)
        else:
            raise RecordError(p, "no such file or folder", code="io.read")
    return list(found)
