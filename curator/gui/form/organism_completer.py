"""Completion of organism names, one per line, from the names the validator knows
(``core/organisms``: the same list that flags an unknown organism)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit

from curator.core.checks.organisms import Organisms, default_organisms

MIN_PREFIX = 2
_POPUP_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab,
               Qt.Key.Key_Backtab}


class OrganismCompleter(QObject):
    """Attached to a one-name-per-line editor: typing on a line offers the known names
    that start with it (case-insensitive); choosing one replaces the line."""

    def __init__(self, editor: QPlainTextEdit, organisms: Organisms | None = None) -> None:
        super().__init__(editor)
        self.editor = editor
        names = sorted((organisms or default_organisms()).names, key=str.lower)
        self.completer = QCompleter(QStringListModel(names, self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setModelSorting(QCompleter.ModelSorting.CaseInsensitivelySortedModel)
        self.completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(editor)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated[str].connect(self._on_completer_activated)
        editor.installEventFilter(self)
        # QCompleter hands the popup's keys to the editor's event() (past any filter), so
        # Enter would break the line: this filter, installed last, runs first
        self.completer.popup().installEventFilter(self)
        self._typed = False

    def line_prefix(self) -> str:
        """The current line up to the cursor."""
        cursor = self.editor.textCursor()
        block = cursor.block().text()
        return block[:cursor.positionInBlock()].lstrip()

    def eventFilter(self, obj, event) -> bool:
        popup = self.completer.popup()
        if obj is popup and event.type() == QEvent.Type.KeyPress and \
                event.key() in _POPUP_KEYS:
            index = popup.currentIndex()
            popup.hide()
            if index.isValid() and event.key() != Qt.Key.Key_Escape:
                self._on_completer_activated(index.data())
            return True
        if event.type() == QEvent.Type.KeyPress and obj is self.editor:
            popup = self.completer.popup()
            if popup.isVisible() and event.key() in _POPUP_KEYS:
                event.ignore()
                return True          # the popup takes them (choose, close)
            if event.text() and event.text().isprintable() or \
                    event.key() == Qt.Key.Key_Backspace:
                self._typed = True
        elif event.type() == QEvent.Type.KeyRelease and obj is self.editor and self._typed:
            self._typed = False
            self.update_popup()
        return False

    def update_popup(self) -> None:
        prefix = self.line_prefix()
        popup = self.completer.popup()
        if len(prefix) < MIN_PREFIX or "\n" in prefix:
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0 or (
                self.completer.completionCount() == 1
                and self.completer.currentCompletion() == prefix):
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.editor.cursorRect()
        rect.setWidth(max(popup.sizeHintForColumn(0)
                          + popup.verticalScrollBar().sizeHint().width(), 200))
        self.completer.complete(rect)

    def _on_completer_activated(self, name: str) -> None:
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                            QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(name)
        self.editor.setTextCursor(cursor)


def install_organism_completers(form) -> list[OrganismCompleter]:
    """A completer on every list editor of a field the organisms rule checks."""
    return [OrganismCompleter(editor.widget) for editor in form.editors.values()
            if editor.spec is not None and "organisms" in editor.spec.rules
            and isinstance(editor.widget, QPlainTextEdit) and editor.kind == "list"]
