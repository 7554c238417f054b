"""Shared fixtures. Qt runs on the offscreen platform; record tests use real files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from recordfiles import record_paths

# two screens (tests/gui/screens.json): a 1920x1080 desktop where windows open, and a
# 1024x700 laptop screen beside it (the window must fit it: tests/gui/test_window_fit.py)
SCREENS = Path(__file__).parent / "gui" / "screens.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREENS}")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Index caches and recovery journals go to temporary folders, never the user's."""
    monkeypatch.setenv("CURATOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("CURATOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def records_copy(tmp_path) -> Path:
    """A folder holding a copy of every test record."""
    folder = tmp_path / "records"
    folder.mkdir()
    for path in record_paths():
        shutil.copy2(path, folder / path.name)
    return folder


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """``tmp_path`` holding a copy of every test record (the window's tests open it)."""
    for path in record_paths():
        shutil.copy2(path, tmp_path / path.name)
    return tmp_path
