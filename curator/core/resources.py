"""The one place that finds Curator's data files (schema, organism list, icons) and the
user's cache folders."""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

import platformdirs


def path(name: str) -> Path:
    """The path of a file in the resources folder."""
    try:
        root = resources.files("curator.resources")
    except ModuleNotFoundError:  # a source tree that was not installed
        root = Path(__file__).resolve().parents[2] / "resources"
    return Path(str(root / name))


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def cache_folder(kind: str) -> Path:
    """The user's cache folder for ``kind`` ("index", "figures", "taxonomy"). With
    ``$CURATOR_CACHE_DIR`` set (tests, the packaged app's checks), the index cache is that
    folder and the others sit beside it (``$CURATOR_CACHE_DIR-figures``)."""
    override = os.environ.get("CURATOR_CACHE_DIR")
    if override:
        base = Path(override)
        return base if kind == "index" else base.with_name(f"{base.name}-{kind}")
    return Path(platformdirs.user_cache_dir("curator")) / kind


def cache_name(folder: Path) -> str:
    """What the names of a folder's files in the cache folders start with (its index
    cache, its remembered profile): a digest of its resolved path."""
    return hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:24]
