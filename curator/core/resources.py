"""The one place that finds Curator's data files (schema, organism list, icons)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def path(name: str) -> Path:
    """The path of a file in the resources folder."""
    try:
        root = resources.files("curator.resources")
    except ModuleNotFoundError:  # a source tree that was not installed
        root = Path(__file__).resolve().parents[2] / "resources"
    return Path(str(root / name))


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")
