"""What changed in a collection under git, field by field: the review of the work tree
against HEAD (or any revision), and the history of one record."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import vcs
from .collection import SUFFIX
from .errors import RecordError
from .fastload import read_record_bytes
from .field_diff import FieldChange, diff_bytes, line_diff


@dataclass
class ReviewEntry:
    """One changed record: its git state and what changed in its fields. ``error`` names a
    side that cannot be parsed (the line diff still shows what changed)."""

    path: Path
    state: str
    changes: list[FieldChange] = field(default_factory=list)
    error: str | None = None
    staged: bool = False
    unstaged: bool = False
    old: bytes | None = None
    new: bytes | None = None

    def line_diff(self, root: Path | None = None) -> str:
        name = self.path.relative_to(root).as_posix() if root else self.path.name
        return line_diff(self.old, self.new, name)

    def as_json(self, root: Path | None = None) -> dict:
        return {"path": str(self.path.relative_to(root) if root else self.path),
                "state": self.state, "staged": self.staged, "unstaged": self.unstaged,
                "error": self.error, "changes": [c.as_json() for c in self.changes]}


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


def review(folder: Path | str, against: str = "HEAD",
           repo: vcs.Repo | None = None) -> list[ReviewEntry]:
    """Every changed record under ``folder`` against ``against``, sorted by path. GitError
    when ``folder`` is not in a git work tree or ``against`` is not a revision."""
    folder = Path(folder).absolute()
    repo = repo or vcs.Repo.discover(folder)
    if repo is None:
        raise vcs.GitError(f"{folder} is not in a git work tree")
    entries: dict[Path, ReviewEntry] = {}
    if against == "HEAD" or not repo.has_head():
        for path, st in repo.status(folder).items():
            entries[path] = ReviewEntry(path, st.state, staged=st.staged,
                                        unstaged=st.unstaged)
        base = "HEAD" if repo.has_head() else None
    else:
        if repo.blobs([f"{against}^{{commit}}"])[0] is None:
            raise vcs.GitError(f"{against!r} is not a commit in {repo.root}")
        letters = {"A": vcs.NEW, "D": vcs.DELETED}
        for path, letter in repo.changed_since(against, folder).items():
            entries[path] = ReviewEntry(path, letters.get(letter, vcs.MODIFIED))
        base = against
    found = sorted((e for e in entries.values() if _is_record(e.path)), key=lambda e: e.path)
    olds = [None] * len(found)
    if base and found:
        ids = repo.blob_ids(base, folder)
        wanted = [ids.get(repo.rel(e.path)) for e in found]
        read = iter(repo.blobs([i for i in wanted if i]))
        olds = [next(read) if i else None for i in wanted]
    for entry, old in zip(found, olds):
        entry.old, entry.new = old, _current(entry.path)
        if entry.state == vcs.CONFLICTED:
            entry.error = "has a git merge conflict"
            continue
        try:
            entry.changes = diff_bytes(entry.old, entry.new, entry.path)
        except RecordError as exc:
            entry.error = exc.message
    return found


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
