"""One editor per field: shows a value, turns what the curator types back into a value,
and shows the field's problems right under it."""

from __future__ import annotations

import html
import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, \
    QWidget

from curator.core.fields.field_types import ANY, TYPES
from curator.core.fields.schema import FieldSpec
from curator.core.fields.values import same

from curator.gui.widgets.icons import TEXT_COLORS
from curator.gui.widgets.shortcuts import WindowShortcutFilter
from curator.gui.form.problem_lines import ProblemLines
from curator.gui.form.title_edit import TitleEdit

UNCHANGED = object()
SHOWN_CHARS = 100_000
"""A value (or a source) longer than this is shown cut, read-only: Qt lays out a 50 MB
caption for a minute on the GUI thread, and an edit of a cut text would lose the rest."""


def shown_text(text: str, what: str = "value", total: str = "") -> tuple[str, bool]:
    """``text`` as an editor shows it, and whether it was cut (``SHOWN_CHARS``)."""
    if len(text) <= SHOWN_CHARS:
        return text, False
    return (f"{text[:SHOWN_CHARS]}\n\n[… the {what} goes on: "
            f"{total or f'{len(text):,} characters'} in all, too long to show or edit "
            "here; edit the file with a text editor or `curator fix`]", True)


def shown_value(value, widget: str) -> tuple[str, bool]:
    """``display_text`` of a value as an editor shows it (``shown_text``); a long list is
    not written out whole to be cut."""
    if isinstance(value, list) and widget == "list" and len(value) > SHOWN_CHARS // 8:
        lines, size = [], 0
        for item in value:
            lines.append(display_text(item))
            size += len(lines[-1]) + 1
            if size > SHOWN_CHARS:
                return shown_text("\n".join(lines), "list", f"{len(value):,} items")
    return shown_text(display_text(value, widget))


def display_text(value, widget: str = "line") -> str:
    """How a value reads in an editor (a list editor: one item a line)."""
    return (TYPES["list"] if widget == "list" else ANY).show(value)


def value_from_text(text: str, current, spec: FieldSpec | None, widget: str):
    """The value for what the curator typed, as the field's type reads it (``field_types``:
    a number stays a number); UNCHANGED when it reads as the current."""
    if text == display_text(current, widget):
        return UNCHANGED
    kind = spec.kind if spec is not None else TYPES["list"] if widget == "list" else ANY
    return kind.parse(text, current)


class FieldEditor(QObject):
    """The editor widget of one field (objectName ``field_<name>``), its label, and a
    problem line (objectName ``problem_<name>``) shown when the field has problems.

    Signals:
        edited(str, object): the curator changed the text: field name, new value.
    """

    edited = Signal(str, object)

    def __init__(self, name: str, spec: FieldSpec | None, parent: QWidget,
                 tall: int | None = None) -> None:
        """``tall``: a text editor's minimum height in pixels, and it takes the page's
        spare height (the profile's ``form: tall:``)."""
        super().__init__(parent)
        self.name = name
        self.spec = spec
        self.tall = tall
        self.kind = spec.widget if spec else "line"
        self._current = None
        self._loading = False
        self._read_only = False        # asked for (set_read_only)
        self.cut = False               # the value is too long: shown cut, read-only
        self.label = QLabel(_label_text(name, spec), parent)
        self.label.setBuddy(None)
        self.container = QWidget(parent)
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.widget = self._make_widget()
        self.widget.setObjectName(f"field_{name}")
        self.problem_label = ProblemLines(self.container)
        self.problem_label.setObjectName(f"problem_{name}")
        self.problem_label.setVisible(False)
        layout.addWidget(self.widget)
        layout.addWidget(self.problem_label)
        # the row grows as its editor does (the caption takes the page's spare height,
        # also when the form puts labels above fields)
        self.container.setSizePolicy(self.widget.sizePolicy())
        self.label.setBuddy(self.widget)
        if spec and spec.help:
            self.label.setToolTip(spec.help)
            self.widget.setToolTip(spec.help)
        self._connect()

    def _make_widget(self) -> QWidget:
        if self.kind == "title":      # wraps: a long title is seen whole
            w = TitleEdit(self.container)
            if self.spec and self.spec.help:
                w.setPlaceholderText(self.spec.help.split(",")[0].split(";")[0][:80])
            return w
        if self.kind in ("text", "list"):
            w = QPlainTextEdit(self.container)
            w.setTabChangesFocus(True)
            if self.kind == "text":
                w.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
                w.setMinimumHeight(self.tall or 96)
                # always there: a record whose text comes to need the bar was wrapped
                # again, narrower, and painted again in a second frame (issue 20)
                w.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            else:
                w.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
                w.setPlaceholderText("One per line")
            w.setSizePolicy(QSizePolicy.Policy.Expanding,
                            QSizePolicy.Policy.Expanding if self.tall
                            else QSizePolicy.Policy.Preferred)
            return w
        w = QLineEdit(self.container)
        w.setClearButtonEnabled(False)
        if self.spec and self.spec.help:
            w.setPlaceholderText(self.spec.help.split(",")[0].split(";")[0][:80])
        return w

    def _connect(self) -> None:
        self._filter = WindowShortcutFilter(self)
        self.widget.installEventFilter(self._filter)
        if isinstance(self.widget, QPlainTextEdit):
            self.widget.setUndoRedoEnabled(False)   # the window's undo stack does it
        self.widget.textChanged.connect(self._on_widget_text_changed)
        if self.kind == "list":
            self.widget.textChanged.connect(self._fit_list_height)
            self._fit_list_height()

    # -- value --------------------------------------------------------------------------
    def text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def display(self, value) -> None:
        """Show ``value`` without telling anyone; the cursor stays where it is when the
        editor already shows it (the curator is typing in it)."""
        self._current = value
        text, cut = shown_value(value, self.kind)
        if cut != self.cut:
            self.cut = cut
            self.widget.setReadOnly(cut or self._read_only)
        if text == self.text():
            return
        if self.widget.hasFocus():
            typed = value_from_text(self.text(), None, self.spec, self.kind)
            if typed is not UNCHANGED and same(typed, value):
                return   # "0.50" is 0.5: keep what the curator is typing
        self._loading = True
        try:
            if isinstance(self.widget, QPlainTextEdit):
                if not _replace_changed_part(self.widget, self.text(), text):
                    self.widget.setPlainText(text)
            else:
                self.widget.setText(text)
                self.widget.setCursorPosition(0)
        finally:
            self._loading = False

    def _fit_list_height(self) -> None:
        """A list editor is as tall as its lines (two to seven)."""
        w = self.widget
        lines = min(max(w.blockCount() + 1, 2), 7)
        margins = w.contentsMargins()
        doc_margin = w.document().documentMargin()
        w.setFixedHeight(int(lines * w.fontMetrics().lineSpacing() + 2 * doc_margin
                             + margins.top() + margins.bottom() + 4))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.widget.setReadOnly(read_only or self.cut)

    def _on_widget_text_changed(self, *args) -> None:
        if self._loading or self.cut:
            return
        value = value_from_text(self.text(), self._current, self.spec, self.kind)
        if value is UNCHANGED or same(value, self._current):
            return
        self.edited.emit(self.name, value)

    # -- problems -----------------------------------------------------------------------
    def show_problems(self, problems) -> None:
        if not problems:
            self.problem_label.clear()
            self.problem_label.setVisible(False)
            self.label.setText(_label_text(self.name, self.spec))
            return
        self.problem_label.set_lines(
            (TEXT_COLORS.get(p.severity, "#555"),
             f"● {p.message}" + (" (fixable)" if p.fixable else "")) for p in problems)
        self.problem_label.setVisible(True)
        worst = problems[0].severity
        color = TEXT_COLORS.get(worst, "#555")
        self.label.setText(f'<span style="color:{color}">● </span>'
                           f'{html.escape(_label_text(self.name, self.spec))}')


REPLACE_FROM = 1000   # characters: a longer text is changed where it differs


def _replace_changed_part(widget: QPlainTextEdit, old: str, new: str) -> bool:
    """Change only the part of ``widget``'s text that differs between ``old`` (what it
    shows) and ``new``; False (nothing done) for short texts. A keystroke in a long
    caption changes its derived copy (the JSON-LD description) by one character, and
    ``setPlainText`` laid all 5,000 characters out again: most of the keystroke
    (issue 20)."""
    if len(old) < REPLACE_FROM or len(new) < REPLACE_FROM:
        return False
    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    units = lambda text: len(text.encode("utf-16-le")) // 2   # noqa: E731  Qt's positions
    cursor = QTextCursor(widget.document())
    cursor.setPosition(units(old[:head]))
    cursor.setPosition(units(old[:len(old) - tail]), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(new[head:len(new) - tail])
    if widget.toPlainText() != new:    # a line break Qt reads otherwise: all of it
        widget.setPlainText(new)
    return True


def _label_text(name: str, spec: FieldSpec | None) -> str:
    return spec.label if spec else name


def monospace_font():
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def code_view(parent, name: str) -> QPlainTextEdit:
    """A read-only view of file text or a diff: monospace, lines never wrapped."""
    view = QPlainTextEdit(parent)
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(monospace_font())
    return view
