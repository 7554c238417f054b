"""Real git repositories in a temporary folder for the history tests: a collection of real
records, committed by a known author, with helpers to run git the way a curator would."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from recordfiles import record_paths

AUTHOR = {"GIT_AUTHOR_NAME": "Ada Curator", "GIT_AUTHOR_EMAIL": "ada@example.org",
          "GIT_COMMITTER_NAME": "Ada Curator", "GIT_COMMITTER_EMAIL": "ada@example.org"}

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def isolate_git(monkeypatch, home: Path) -> None:
    """No user or system git configuration leaks in: HOME is a fresh folder."""
    home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for name in (*AUTHOR, "GIT_DIR", "GIT_WORK_TREE", "EMAIL"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True, env=full).stdout


def make_collection(root: Path, count: int = 6, user: bool = True) -> Path:
    """``root`` as a git repository whose ``_figures/`` holds ``count`` real records, all
    committed on ``main``. With ``user``, the repository's own config names the author."""
    figures = root / "_figures"
    figures.mkdir(parents=True)
    for path in record_paths()[:count]:
        shutil.copy2(path, figures / path.name)
    git(root, "init", "-q", "-b", "main")
    if user:
        git(root, "config", "user.name", "Ada Curator")
        git(root, "config", "user.email", "ada@example.org")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Import records", env=AUTHOR)
    return figures


def edit_line(path: Path, old: str, new: str) -> None:
    """Replace the first line starting with ``old`` by ``new`` (a whole line)."""
    lines = path.read_bytes().split(b"\n")
    for i, line in enumerate(lines):
        if line.startswith(old.encode()):
            lines[i] = new.encode()
            break
    else:
        raise AssertionError(f"{path.name} has no line starting {old!r}")
    path.write_bytes(b"\n".join(lines))
