"""Git, behind one small module: the state of a collection's files against HEAD, a file's
bytes at a revision, staging, commits and the history of one file.

The engine is the ``git`` command (porcelain v2 and plumbing output, parsed here). It was
chosen over libgit2 (``pygit2``) because git's own status is the baseline a curator compares
against (``git status --porcelain``; git uses its index, untracked cache and fsmonitor where
configured, which libgit2 does not), it reads every repository format and extension git
writes, and it adds no compiled library to the packaged bundle. Where no ``git`` executable
is found, ``discover`` says so and the rest of Curator works without history.

Nothing outside this module runs git. Every call is synchronous: callers run it off the GUI
thread.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from curator.core.files.atomic import write_atomic
from curator.core.files.fastload import read_record_bytes

# The states a record can have against HEAD, in the words the window shows.
UNCHANGED, MODIFIED, STAGED, NEW, DELETED, CONFLICTED, RENAMED = (
    "unchanged", "modified", "staged", "new", "deleted", "conflicted", "renamed")


class GitError(Exception):
    """A git operation that failed; the message says what and why, in a curator's words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.message,))


@dataclass(frozen=True)
class FileStatus:
    """One changed path: ``state`` (one of the constants above) and git's two letters
    (``index``: staged change, ``worktree``: unstaged change; ``.`` for none)."""

    path: Path                 # absolute
    state: str
    index: str = "."
    worktree: str = "."
    orig_path: Path | None = None   # a renamed file's old path
    base_blob: str | None = None    # the blob id of its version in the base (HEAD) commit

    @property
    def staged(self) -> bool:
        return self.index not in ".?"

    @property
    def unstaged(self) -> bool:
        return self.worktree not in "."


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    date: str        # ISO 8601 with the author's offset
    subject: str
    path: str        # the file's path (relative to the repository) in this commit
    old_path: str | None = None    # its path in the parent (differs after a rename)
    status: str = "M"              # A, M, D, R: what this commit did to the file
    parents: tuple = field(default_factory=tuple)
    old_blob: str | None = None    # the file's blob id before and after this commit
    new_blob: str | None = None


def git_executable() -> str | None:
    return shutil.which("git")


def _env() -> dict:
    env = dict(os.environ)
    env.update(LC_ALL="C", LANG="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _run(cwd: Path, *args: str, input: bytes | None = None, check: bool = True,
         env: dict | None = None) -> subprocess.CompletedProcess:
    exe = git_executable()
    if exe is None:
        raise GitError("git is not installed (no 'git' command found)")
    proc = subprocess.run([exe, *args], cwd=cwd, input=input, capture_output=True,
                          env=env or _env())
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
        raise GitError(f"git {args[0]} failed: {message.splitlines()[-1]}")
    return proc


class Repo:
    """A git work tree holding a collection folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- finding --------------------------------------------------------------------------

    @classmethod
    def discover(cls, folder: Path | str) -> Repo | None:
        """The work tree holding ``folder``; None when it is in none (or git is missing,
        or the repository is bare). GitError when git finds a repository it cannot read."""
        folder = Path(folder)
        if git_executable() is None or not folder.is_dir():
            return None
        proc = _run(folder, "rev-parse", "--is-inside-work-tree", "--show-toplevel",
                    check=False)
        out = proc.stdout.decode("utf-8", "surrogateescape").splitlines()
        if proc.returncode == 0 and out[:1] == ["true"] and len(out) > 1:
            return cls(Path(out[1]))
        err = proc.stderr.decode("utf-8", "replace")
        if proc.returncode == 0 or "not a git repository" in err or "work tree" in err:
            return None   # a bare repository, or no repository at all
        raise GitError(f"{folder}: git cannot read this repository: "
                       f"{err.strip().splitlines()[-1] if err.strip() else 'unknown error'}")

    # -- reading --------------------------------------------------------------------------

    def rel(self, path: Path | str) -> str:
        return Path(os.path.realpath(path)).relative_to(self.root).as_posix()

    def branch(self) -> str:
        """The current branch's name, or ``detached at <sha>``."""
        proc = _run(self.root, "symbolic-ref", "--short", "-q", "HEAD", check=False)
        if proc.returncode == 0:
            return proc.stdout.decode().strip()
        sha = _run(self.root, "rev-parse", "--short", "HEAD", check=False).stdout.decode()
        return f"detached at {sha.strip()}" if sha.strip() else "no branch"

    def has_head(self) -> bool:
        return _run(self.root, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode == 0

    def status(self, folder: Path | str | None = None) -> dict[Path, FileStatus]:
        """Every path under ``folder`` (default: the whole work tree) that differs from HEAD
        or is untracked, by absolute path. Unchanged files are absent. A rename git detects
        (``git mv``, or a deletion and an addition both staged) is one entry under its new
        path, state RENAMED, with ``orig_path``; its old path is absent."""
        args = ["status", "--porcelain=v2", "-z", "--untracked-files=all", "--renames"]
        if folder is not None:
            args += ["--", self.rel(folder) or "."]
        out = _run(self.root, *args).stdout.split(b"\0")
        found: dict[Path, FileStatus] = {}
        tokens = iter(out)
        for entry in tokens:
            if not entry:
                continue
            line = entry.decode("utf-8", "surrogateescape")
            # porcelain v2 -z: a rename's line is followed by its old path as one more field
            orig = next(tokens).decode("utf-8", "surrogateescape") if line[0] == "2" else None
            st = self._entry(line, orig)
            if st is not None and not (st.path in found and st.index == "?"):
                found[st.path] = st   # a staged deletion of a kept file stays "deleted"
        return found

    def _entry(self, line: str, orig: str | None = None) -> FileStatus | None:
        kind = line[0]
        if kind == "?":
            return FileStatus(self.root / line[2:], NEW, "?", "?")
        if kind == "u":
            parts = line.split(" ", 10)
            return FileStatus(self.root / parts[10], CONFLICTED, parts[1][0], parts[1][1])
        if kind in "12":
            # "1 XY sub mH mI mW hH hI path", "2 XY sub mH mI mW hH hI Xscore path"
            parts = line.split(" ", 8 if kind == "1" else 9)
            x, y = parts[1][0], parts[1][1]
            head = parts[6] if parts[6].strip("0") else None
            return FileStatus(self.root / parts[-1], _state(x, y), x, y,
                              self.root / orig if orig else None, head)
        return None   # "!" ignored files, "#" headers

    def blobs(self, specs: list[str]) -> list[bytes | None]:
        """The bytes of each ``REV:path`` or blob id in ``specs`` (None where it does not
        exist), read through one ``git cat-file --batch`` process."""
        if not specs:
            return []
        if any("\n" in s for s in specs):
            raise GitError("a path with a line break cannot be read from git")
        data = _run(self.root, "cat-file", "--batch",
                    input="".join(s + "\n" for s in specs).encode("utf-8",
                                                                   "surrogateescape")).stdout
        found: list[bytes | None] = []
        pos = 0
        for _ in specs:
            eol = data.index(b"\n", pos)
            header = data[pos:eol].split(b" ")
            pos = eol + 1
            if header[-1] == b"missing" or len(header) != 3:
                found.append(None)
                continue
            size = int(header[2])
            found.append(data[pos:pos + size])
            pos += size + 1
        return found

    def show(self, rev: str, path: Path | str) -> bytes | None:
        """The file's bytes at ``rev`` (``:path`` style for the index: rev=""), or None."""
        return self.blobs([f"{rev}:{self.rel(path)}"])[0]

    def changed_since(self, rev: str, folder: Path | str) -> dict[Path, FileStatus]:
        """Paths under ``folder`` whose work-tree bytes differ from ``rev`` (staged or not),
        untracked ones included, with git's rename detection (``-M``) between ``rev`` and
        the tracked files; each with the blob id of its version in ``rev``."""
        rel = self.rel(folder) or "."
        out = _run(self.root, "diff", "--raw", "-z", "-M", "--no-abbrev", rev, "--",
                   rel).stdout.decode("utf-8", "surrogateescape").split("\0")
        found: dict[Path, FileStatus] = {}
        tokens = iter(out)
        letters = {"A": NEW, "D": DELETED, "R": RENAMED}
        for meta in tokens:
            if not meta.startswith(":"):
                continue
            # ":oldmode newmode oldblob newblob STATUS\0path\0[newpath\0]"
            _, _, old_blob, _, status = meta[1:].split(" ")
            path = orig = next(tokens)
            if status[0] in "RC":
                path = next(tokens)
            found[self.root / path] = FileStatus(
                self.root / path, letters.get(status[0], MODIFIED),
                orig_path=self.root / orig if status[0] == "R" else None,
                base_blob=old_blob if old_blob.strip("0") else None)
        for name in _run(self.root, "ls-files", "--others", "--exclude-standard", "-z", "--",
                         rel).stdout.decode("utf-8", "surrogateescape").split("\0"):
            if name:
                found[self.root / name] = FileStatus(self.root / name, NEW, "?", "?")
        return found

    def log(self, path: Path | str, limit: int = 200) -> list[Commit]:
        """The commits that touched ``path``, newest first, following renames; each with
        the blob ids of the file before and after it (read with ``blobs``)."""
        fmt = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"
        proc = _run(self.root, "log", "--follow", "--raw", "--no-abbrev", "-z", f"-n{limit}",
                    f"--format={fmt}", "--", self.rel(path), check=False)
        if proc.returncode != 0:
            if not self.has_head():
                return []
            raise GitError(f"git log failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
        commits = []
        for record in proc.stdout.decode("utf-8", "surrogateescape").split("\x1e")[1:]:
            head, _, raw = record.partition("\0")
            sha, parents, author, email, date, subject = head.split("\x1f", 5)
            # --raw -z: ":oldmode newmode oldblob newblob STATUS\0path\0[newpath\0]"
            parts = [p for p in raw.strip("\n\0").split("\0") if p]
            meta = parts[0].split() if parts and parts[0].startswith(":") else []
            status = meta[4][:1] if len(meta) > 4 else "M"
            old = new = parts[1] if len(parts) > 1 else self.rel(path)
            if status in "RC" and len(parts) > 2:
                new = parts[2]
            old_blob = meta[2] if len(meta) > 4 and meta[2].strip("0") else None
            new_blob = meta[3] if len(meta) > 4 and meta[3].strip("0") else None
            commits.append(Commit(sha, author, email, date, subject, new,
                                  old if old != new else None, status,
                                  tuple(parents.split()), old_blob, new_blob))
        return commits

    # -- writing --------------------------------------------------------------------------

    def stage(self, paths) -> None:
        rels = [self.rel(p) for p in paths]
        if rels:
            _run(self.root, "add", "--all", "--", *rels)

    def unstage(self, paths) -> None:
        rels = [self.rel(p) for p in paths]
        if not rels:
            return
        if self.has_head():
            _run(self.root, "reset", "-q", "HEAD", "--", *rels)
        else:
            _run(self.root, "rm", "-q", "--cached", "--ignore-unmatch", "--", *rels)

    def discard(self, path: Path | str, orig_path: Path | str | None = None) -> bytes | None:
        """Put ``path`` back as it is in HEAD (staged and unstaged changes both), or remove
        it when HEAD has no such file; a renamed record (``orig_path``: its old path) goes
        back to its old path. Return the bytes it had (None: it did not exist), so the
        caller can undo with ``undiscard``."""
        path = Path(path)
        before = read_record_bytes(path) if path.exists() else None
        rel = self.rel(path)
        if orig_path is not None:
            _run(self.root, "checkout", "-q", "HEAD", "--", self.rel(orig_path))
        if self.has_head() and self.show("HEAD", path) is not None:
            _run(self.root, "checkout", "-q", "HEAD", "--", rel)
        else:   # -f: also when its staged bytes differ from the file (they are in ``before``)
            _run(self.root, "rm", "-q", "-f", "--cached", "--ignore-unmatch", "--", rel)
            if path.is_file():
                path.unlink()
        return before

    def undiscard(self, path: Path | str, before: bytes | None,
                  orig_path: Path | str | None = None) -> None:
        """Undo ``discard``: ``path`` gets the bytes it had back (or is removed when it had
        none); a renamed record leaves its old path again, the rename staged as before."""
        path = Path(path)
        if before is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, before)
        if orig_path is not None:
            _run(self.root, "rm", "-q", "-f", "--ignore-unmatch", "--", self.rel(orig_path))
            _run(self.root, "add", "--", self.rel(path))

    def identity(self) -> str:
        """``Name <email>`` from the user's git configuration; GitError when none is set."""
        proc = _run(self.root, "var", "GIT_AUTHOR_IDENT", check=False)
        if proc.returncode != 0:
            raise GitError("git does not know who you are: set your name and email with "
                           "'git config --global user.name \"Your Name\"' and "
                           "'git config --global user.email you@example.org'")
        ident = proc.stdout.decode("utf-8", "replace").strip()
        return ident.rsplit(" ", 2)[0]

    def commit(self, message: str) -> str:
        """Commit what is staged with ``message``; the new commit's sha."""
        if not message.strip():
            raise GitError("a commit needs a message")
        self.identity()
        staged = _run(self.root, "diff", "--cached", "--quiet", check=False)
        if staged.returncode == 0 and self.has_head():
            raise GitError("nothing is staged to commit")
        _run(self.root, "commit", "-q", "--no-verify", "-F", "-",
             input=message.encode("utf-8"))
        return _run(self.root, "rev-parse", "HEAD").stdout.decode().strip()


def _state(x: str, y: str) -> str:
    if "D" in (x, y):
        return DELETED
    if x == "A":
        return NEW
    if x == "R":
        return RENAMED
    if y != ".":
        return MODIFIED
    return STAGED
