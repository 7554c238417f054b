"""What changed in a collection under git, field by field: the review of the work tree
against HEAD (or any revision), and the history of one record.

Git runs in the calling thread (it is a subprocess: the thread only waits); parsing both
sides of each changed record and comparing their fields runs in worker processes when many
records changed (``workers.start_pool``), so a review of thousands of changes neither holds
the window's interpreter lock nor fills its heap with garbage to collect."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from curator.core.history import vcs
from curator.core.collection.paths import SUFFIX
from curator.core.errors import RecordError
from curator.core.files.fastload import read_record_bytes
from curator.core.edits.field_diff import FieldChange, diff_bytes, line_diff
from curator.core.collection.workers import start_pool

PARALLEL_FROM = 200   # fewer changed records than this are compared in this process
CHUNK = 50


@dataclass
class ReviewEntry:
    """One changed record: its git state and what changed in its fields. ``error`` names a
    side that cannot be parsed (the line diff still shows what changed). A renamed record
    has ``old_path``, its path in the base revision."""

    path: Path
    state: str
    changes: list[FieldChange] = field(default_factory=list)
    error: str | None = None
    staged: bool = False
    unstaged: bool = False
    old: bytes | None = None
    new: bytes | None = None
    old_path: Path | None = None

    def name(self, root: Path | None = None, arrow: str = " → ") -> str:
        """The record's path (relative to ``root``), ``old -> new`` for a rename."""
        new = _relative(self.path, root)
        return new if self.old_path is None else f"{_relative(self.old_path, root)}{arrow}{new}"

    def line_diff(self, root: Path | None = None) -> str:
        name = _relative(self.path, root) if root else self.path.name
        old = name if self.old_path is None else (
            _relative(self.old_path, root) if root else self.old_path.name)
        return line_diff(self.old, self.new, name, old)

    def as_json(self, root: Path | None = None) -> dict:
        out = {"path": _relative(self.path, root) if root else str(self.path),
               "state": self.state, "staged": self.staged, "unstaged": self.unstaged,
               "error": self.error, "changes": [c.as_json() for c in self.changes]}
        if self.old_path is not None:
            out["old_path"] = _relative(self.old_path, root) if root else str(self.old_path)
        return out


def _relative(path: Path, root: Path | None) -> str:
    if root is None:
        return str(path)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:   # a rename from outside the folder
        return os.path.relpath(path, root).replace(os.sep, "/")


@dataclass
class HistoryEntry:
    commit: vcs.Commit
    changes: list[FieldChange]
    error: str | None = None

    def touches(self, name: str) -> bool:
        return any(c.field == name or c.field.startswith(name + ".") for c in self.changes)


def _is_record(path: Path) -> bool:
    return path.name.endswith(SUFFIX) and not path.name.startswith(".")


def _current(path: Path) -> bytes | None:
    try:
        return read_record_bytes(path)
    except RecordError:
        return None if not path.exists() else b""


def review(folder: Path | str, against: str = "HEAD", repo: vcs.Repo | None = None,
           jobs: int | None = None) -> list[ReviewEntry]:
    """Every changed record under ``folder`` against ``against``, sorted by path; a rename
    git detects is one entry. GitError when ``folder`` is not in a git work tree or
    ``against`` is not a revision. ``jobs``: worker processes (default: one per core; 1:
    compare in this process)."""
    folder = Path(folder).absolute()
    repo = repo or vcs.Repo.discover(folder)
    if repo is None:
        raise vcs.GitError(f"{folder} is not in a git work tree")
    if against == "HEAD" or not repo.has_head():
        changed = repo.status(folder)
    else:
        if repo.blobs([f"{against}^{{commit}}"])[0] is None:
            raise vcs.GitError(f"{against!r} is not a commit in {repo.root}")
        changed = repo.changed_since(against, folder)
    found = sorted((st for st in changed.values() if _is_record(st.path)),
                   key=lambda st: st.path)
    read = iter(repo.blobs([st.base_blob for st in found if st.base_blob]))
    olds = [next(read) if st.base_blob else None for st in found]
    work = [(str(st.path), st.state, old) for st, old in zip(found, olds)]
    entries = []
    for st, old, (new, changes, error) in zip(found, olds, _compare_all(work, jobs)):
        entries.append(ReviewEntry(st.path, st.state, changes, error, st.staged,
                                   st.unstaged, old, new, st.orig_path))
    return entries


def _compare_all(work: list[tuple], jobs: int | None) -> list[tuple]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(work) < PARALLEL_FROM:
        return _compare_chunk(work)
    chunks = [work[i:i + CHUNK] for i in range(0, len(work), CHUNK)]
    with start_pool(min(jobs, len(chunks))) as pool:
        return [result for done in pool.map(_compare_chunk, chunks) for result in done]


def _compare_chunk(work: list[tuple]) -> list[tuple]:
    """(current bytes, field changes, error) of each (path, state, base bytes); in a
    worker process for a large review."""
    return [_compare(*item) for item in work]


def _compare(path: str, state: str, old: bytes | None) -> tuple:
    new = _current(Path(path))
    if state == vcs.CONFLICTED:
        return new, [], "has a git merge conflict"
    try:
        return new, diff_bytes(old, new, path), None
    except RecordError as exc:
        return new, [], exc.message


def history(path: Path | str, field_name: str | None = None, limit: int = 200,
            repo: vcs.Repo | None = None) -> list[HistoryEntry]:
    """The commits that touched the record at ``path``, newest first, each with its
    field-level changes against its parent; only those changing ``field_name`` (or a key
    inside it) when given."""
    path = Path(path).absolute()
    repo = repo or vcs.Repo.discover(path.parent)
    if repo is None:
        raise vcs.GitError(f"{path} is not in a git work tree")
    commits = repo.log(path, limit)
    ids = [blob for c in commits for blob in (c.new_blob, c.old_blob)]
    read = iter(repo.blobs([i for i in ids if i]))
    sides = [next(read) if i else None for i in ids]
    entries = []
    for i, c in enumerate(commits):
        new, old = sides[2 * i], sides[2 * i + 1]
        try:
            entry = HistoryEntry(c, diff_bytes(old, new, path))
        except RecordError as exc:
            entry = HistoryEntry(c, [], exc.message)
        if field_name is None or entry.touches(field_name):
            entries.append(entry)
    return entries
