"""The profile a folder chose, remembered beside its index cache (issue 20).

Choosing a folder's profile (``profile.choose``) lists the folder and reads a dozen of
its records: 40-70 ms of a warm reopen of 12,000 records, most of it listing the names
the scan lists again right after. When the records were detected as a shipped profile,
that choice is written to ``<index cache folder>/<folder's cache name>.profile`` with
the stat key of everything it was made from: the folders listed, the records read, the
shipped profiles' files. While none of them changed (a file added, removed or renamed
changes its folder's mtime, an edit a file's key), the choice would be made again the
same way, and is read from there instead. A folder with a profile file of its own (which
the curator edits), or whose profile was inferred, chooses afresh each time.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from curator.core import resources
from curator.core.collection.index import cache_dir
from curator.core.collection.index_row import stat_key
from curator.core.files.atomic import atomic_file
from curator.core.fields.profile import (
    COLLECTIONS, Profile, ProfileError, choose, profile_file, shipped, shipped_names,
)

SUFFIX = ".profile"
RACY_NS = 2 * 10**9     # a stat this recent may not show a change made in the same tick


def chosen_profile(folder: Path | str) -> Profile:
    """``choose(folder)``, from what was remembered when nothing it read has changed."""
    folder = Path(folder)
    if profile_file(folder) is not None:
        return choose(folder)
    memo = cache_dir() / f"{resources.cache_name(folder)}{SUFFIX}"
    found = _remembered(memo)
    if found is not None:
        return found
    seen: list[str] = []
    profile = choose(folder, seen)
    if not profile.inferred:
        _remember(memo, profile, seen + _shipped_files())
    return profile


def _shipped_files() -> list[str]:
    """The files (and folder) of the shipped profiles: a changed or added one may detect
    the folder otherwise."""
    root = resources.path(COLLECTIONS)
    return [str(root)] + [str(root / name / "profile.yaml") for name in shipped_names()]


def _remembered(memo: Path) -> Profile | None:
    try:
        raw = json.loads(memo.read_bytes())
        name, fingerprint, keys = raw["profile"], raw["fingerprint"], raw["keys"]
        if not all(stat_key(path) == tuple(key) for path, key in keys):
            return None
        profile = shipped(name)
    except (OSError, ValueError, TypeError, KeyError, ProfileError):
        return None       # none yet, damaged, or of a profile no longer shipped
    return profile if profile.fingerprint == fingerprint else None


def _remember(memo: Path, profile: Profile, paths: list[str]) -> None:
    racy = time.time_ns() - RACY_NS
    keys = [(path, stat_key(path)) for path in paths]
    if any(key[1] >= racy for _, key in keys):
        return            # changed just now: perhaps again unseen within the same tick
    text = json.dumps({"profile": profile.name, "fingerprint": profile.fingerprint,
                       "keys": keys})
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(memo, sync_folder=False) as fh:
            fh.write(text.encode("utf-8"))
    except OSError:
        pass              # not remembered: chosen again next time, nothing else
