"""A one-paragraph editor for a title: it wraps and grows to show a long title whole,
where a one-line box would cut it off. Line breaks cannot be typed or pasted in."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy

MAX_LINES = 8


class TitleEdit(QPlainTextEdit):
    """``QPlainTextEdit`` that holds one paragraph and is as tall as its wrapped lines
    (one to ``MAX_LINES``). Enter goes to the window (it never breaks the title)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(self.wordWrapMode())
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(3)
        self.textChanged.connect(self._on_text_changed)
        self._fit()

    def lines_needed(self) -> int:
        width = max(self.viewport().width() - 2 * int(self.document().documentMargin()), 20)
        text = self.toPlainText() or "X"
        rect = self.fontMetrics().boundingRect(QRect(0, 0, width, 1 << 20),
                                               int(Qt.TextFlag.TextWordWrap), text)
        return max(1, -(-rect.height() // self.fontMetrics().lineSpacing()))

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        return int(min(lines, MAX_LINES) * self.fontMetrics().lineSpacing()
                   + 2 * self.document().documentMargin() + margins.top()
                   + margins.bottom() + 2)

    def _fit(self) -> None:
        height = self._height_for(self.lines_needed())
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self.lines_needed()))

    def _on_text_changed(self) -> None:
        if "\n" in self.toPlainText() or "\u2029" in self.toPlainText():
            cursor = self.textCursor()
            pos = cursor.position()
            self.blockSignals(True)
            self.setPlainText(" ".join(self.toPlainText().split("\n")))
            self.blockSignals(False)
            cursor = self.textCursor()
            cursor.setPosition(min(pos, len(self.toPlainText())))
            self.setTextCursor(cursor)
            self.textChanged.emit()
            return
        self._fit()

    def insertFromMimeData(self, source) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))
        else:
            super().insertFromMimeData(source)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()          # a title is one line of text: Enter is the window's
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()
