"""What the window remembers between runs (QSettings): layout and recent folders.

The window's geometry and docks are global; the splitters and the list's columns are
also kept per collection (folder), so each collection opens as the curator left it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10


def recent_folders(settings: QSettings) -> list[str]:
    value = settings.value("recentFolders", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def add_recent(settings: QSettings, folder: Path) -> None:
    """Put ``folder`` first in the recent folders (at most MAX_RECENT, each once)."""
    text = str(Path(folder).resolve())
    recent = [text] + [f for f in recent_folders(settings) if f != text]
    settings.setValue("recentFolders", recent[:MAX_RECENT])


def _window_parts(window):
    return (("window/geometry", window.saveGeometry, window.restoreGeometry),
            ("window/state", window.saveState, window.restoreState))


def _layout_parts(window):
    header = window.table.horizontalHeader()
    return (("mainSplitter", window.main_splitter.saveState,
             window.main_splitter.restoreState),
            ("workSplitter", window.work_splitter.saveState,
             window.work_splitter.restoreState),
            ("sideSplitter", window.side_splitter.saveState,
             window.side_splitter.restoreState),
            ("tableHeader", header.saveState, header.restoreState))


def collection_key(folder) -> str:
    """The settings group of one collection's layout."""
    text = str(Path(folder).resolve())
    return "collections/" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _restore(window, settings: QSettings, prefix: str) -> bool:
    done = False
    for key, _, restore in _layout_parts(window):
        value = settings.value(f"{prefix}/{key}")
        if value:
            done = bool(restore(value)) or done
    window.columns.ensure_always_shown()
    return done


def _save(window, settings: QSettings, prefix: str) -> None:
    for key, save, _ in _layout_parts(window):
        settings.setValue(f"{prefix}/{key}", save())


def restore_layout(window, settings: QSettings) -> bool:
    """The layout of the last run; False when none was saved (a first run)."""
    for key, _, restore in _window_parts(window):
        value = settings.value(key)
        if value:
            restore(value)
    return _restore(window, settings, "layout")


def save_layout(window, settings: QSettings) -> None:
    for key, save, _ in _window_parts(window):
        settings.setValue(key, save())
    _save(window, settings, "layout")
    if window.folder is not None:
        _save(window, settings, collection_key(window.folder))
    settings.sync()


def save_collection_layout(window, settings: QSettings, folder) -> None:
    _save(window, settings, collection_key(folder))


def restore_collection_layout(window, settings: QSettings, folder) -> bool:
    """The layout this collection had when last closed; False if it has none (the
    window keeps its current one)."""
    return _restore(window, settings, collection_key(folder))
