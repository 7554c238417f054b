"""Planning a bulk edit off the GUI thread, and the colored diff that previews it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

from curator.core.edits import bulk


class PlanThread(QThread):
    """Runs ``bulk.plan`` over the files not open in the window (worker processes for
    many files); each change carries the list row of its new bytes.

    Signals:
        progress_changed(int, int): files planned, of how many.
        planned(object): the finished (or cancelled, partial) ``bulk.Plan``.
    """

    progress_changed = Signal(int, int)
    planned = Signal(object)

    def __init__(self, paths, operations, parent=None, profile=None, model=None) -> None:
        """``model``: the record list, whose rows of ``paths`` the changes' rows share
        their equal parts with (taken here, on the GUI thread)."""
        super().__init__(parent)
        self.paths = list(paths)
        self.operations = list(operations)
        self.profile = profile        # the collection's: the rows of the changed records
        where = model.row_for_path if model is not None else (lambda _: -1)
        self._listed = {p: model.record_row(i) for p in self.paths if (i := where(p)) >= 0}
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def was_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        result = bulk.Plan()
        if self.paths:
            result = bulk.plan(self.paths, self.operations,
                               progress=lambda d, t: self.progress_changed.emit(d, t),
                               cancelled=self._cancel.is_set, rows=True,
                               profile=self.profile, listed=self._listed.get)
        self._listed = {}
        self.planned.emit(result)   # (not kept: the dialog's plan is let go on closing)


def _fmt(color: str, background: str | None = None, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if background:
        fmt.setBackground(QColor(background))
    if bold:
        fmt.setFontWeight(700)
    return fmt


class DiffHighlighter(QSyntaxHighlighter):
    """Unified diff colors: removed lines red, added lines green, hunks blue."""

    _HEADER = _fmt("#555555", bold=True)
    _HUNK = _fmt("#1565c0")
    _ADDED = _fmt("#1b5e20", "#e6f4ea")
    _REMOVED = _fmt("#b71c1c", "#fdecea")

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            fmt = self._HEADER
        elif text.startswith("@@"):
            fmt = self._HUNK
        elif text.startswith("+"):
            fmt = self._ADDED
        elif text.startswith("-"):
            fmt = self._REMOVED
        else:
            return
        self.setFormat(0, len(text), fmt)
