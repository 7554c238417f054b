"""Window shortcuts that must win over the text editors' own key bindings."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence

WINDOW_KEYS = (
    QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Save,
)
NAVIGATION = ("Ctrl+Down", "Ctrl+Up", "Alt+Down", "Alt+Up", "F8", "Ctrl+Shift+S")


class WindowShortcutFilter(QObject):
    """Installed on an editor: undo, redo, save and record navigation go to the window
    (one undo stack for everything), not to the editor's private undo."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sequences = [QKeySequence(k) for k in NAVIGATION]

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            if any(event.matches(k) for k in WINDOW_KEYS) or \
                    QKeySequence(event.keyCombination()) in self._sequences:
                event.ignore()
                return True
        return False
