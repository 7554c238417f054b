"""What the window remembers between runs (QSettings): layout and recent folders."""

from __future__ import annotations

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


def _parts(window):
    return (("window/geometry", window.saveGeometry, window.restoreGeometry),
            ("window/state", window.saveState, window.restoreState),
            ("window/mainSplitter", window.main_splitter.saveState,
             window.main_splitter.restoreState),
            ("window/rightSplitter", window.right_splitter.saveState,
             window.right_splitter.restoreState),
            ("window/bottomSplitter", window.bottom_splitter.saveState,
             window.bottom_splitter.restoreState),
            ("table/header", window.table.horizontalHeader().saveState,
             window.table.horizontalHeader().restoreState))


def restore_layout(window, settings: QSettings) -> None:
    for key, _, restore in _parts(window):
        value = settings.value(key)
        if value:
            restore(value)


def save_layout(window, settings: QSettings) -> None:
    for key, save, _ in _parts(window):
        settings.setValue(key, save())
    settings.sync()
