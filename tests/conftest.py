"""Shared fixtures. Qt runs on the offscreen platform; record tests use real files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
RECORDS = DATA / "records"
SEEDS = Path(__file__).parents[1] / "seeds"


def record_paths() -> list[Path]:
    """The real PFOCR records kept under tests/data/records."""
    return sorted(RECORDS.glob("*.md"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Index caches go to a temporary folder, never the user's cache directory."""
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def records_copy(tmp_path) -> Path:
    """A folder holding a copy of every test record."""
    folder = tmp_path / "records"
    folder.mkdir()
    for path in record_paths():
        shutil.copy2(path, folder / path.name)
    return folder
