"""Review changes: every record changed since the last commit, field by field and line by
line; stage, unstage, discard and commit. The panel only shows and asks: the git work runs
on the git thread (``GitStatus.run``) and the window's controller (window_git.py) decides."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, \
    QPlainTextEdit, QPushButton, QSplitter, QTreeView, QVBoxLayout, QWidget

from curator.gui.form.field_editors import code_view
from curator.gui.history.review_model import UNSAVED, PathRole, ReviewListModel


class ReviewPanel(QWidget):
    """Signals carry record paths (str):
        stage_requested(list), unstage_requested(list), discard_requested(str),
        save_requested(list), commit_requested(str: the message), refresh_requested(),
        record_activated(str): a double-click or Enter on a record (to open it).
    """

    stage_requested = Signal(list)
    unstage_requested = Signal(list)
    discard_requested = Signal(str)
    save_requested = Signal(list)
    commit_requested = Signal(str)
    refresh_requested = Signal()
    record_activated = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self._root = None
        self.model = ReviewListModel(self)
        self.summary = QLabel("Not in a git repository", self)
        self.summary.setObjectName("reviewSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeView(self)
        self.tree.setObjectName("reviewList")
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)   # the PMC id stays
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, sample in ((1, "conflicted"), (2, "Staged")):   # not sized per row
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(sample) + 16)
        self.fields = QPlainTextEdit(self)
        self.fields.setObjectName("reviewFields")
        self.fields.setReadOnly(True)
        self.lines = code_view(self, "reviewLines")
        self.stage = QPushButton("&Stage", self)
        self.unstage = QPushButton("&Unstage", self)
        self.stage_all = QPushButton("Stage &All", self)
        self.discard = QPushButton("&Discard…", self)
        self.save = QPushButton("Save &Unsaved", self)
        self.refresh = QPushButton("Refresh", self)
        self.message = QPlainTextEdit(self)
        self.message.setObjectName("commitMessage")
        self.message.setPlaceholderText("Commit message: what you changed and why")
        self.message.setMaximumHeight(self.fontMetrics().lineSpacing() * 2 + 14)   # 2 lines
        self.commit = QPushButton("&Commit Staged", self)
        self.commit.setObjectName("commitButton")
        self.error = QLabel(self)
        self.error.setObjectName("reviewError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self._arrange()
        self.tree.selectionModel().selectionChanged.connect(
            self._on_tree_selection_changed)
        self.tree.activated.connect(
            lambda index: self.record_activated.emit(index.data(PathRole)))
        self.stage.clicked.connect(lambda: self.stage_requested.emit(self.selected()))
        self.unstage.clicked.connect(lambda: self.unstage_requested.emit(self.selected()))
        self.stage_all.clicked.connect(lambda: self.stage_requested.emit(self.paths()))
        self.discard.clicked.connect(self._on_discard_clicked)
        self.save.clicked.connect(lambda: self.save_requested.emit(self.selected()))
        self.refresh.clicked.connect(self.refresh_requested.emit)
        self.commit.clicked.connect(
            lambda: self.commit_requested.emit(self.message.toPlainText()))
        self._update_buttons()

    def _arrange(self) -> None:
        buttons = QHBoxLayout()
        for b in (self.stage, self.unstage, self.stage_all, self.discard, self.save,
                  self.refresh):
            buttons.addWidget(b)
        buttons.addStretch(1)
        # the dock is wide and short: the record list, its field changes and its line
        # diff side by side, each the dock's full height (it fits a 1024x700 screen)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("reviewSplit")
        for pane in (self.tree, self.fields, self.lines):
            split.addWidget(pane)
            split.setCollapsible(split.indexOf(pane), False)
        split.setSizes([400, 360, 480])
        for i, stretch in enumerate((3, 3, 4)):
            split.setStretchFactor(i, stretch)
        commit = QHBoxLayout()
        commit.addWidget(self.message, 1)
        commit.addWidget(self.commit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addLayout(commit)

    # -- showing ----------------------------------------------------------------------------
    def set_review(self, root, branch: str, entries, unsaved: set[str]) -> None:
        """Show ``entries`` (core.review.ReviewEntry, paths as the list writes them)."""
        keep = set(self.selected())
        self._root = root
        self.model.set_entries(entries, unsaved)
        rows = [r for r in map(self.model.row_of, keep) if r is not None]
        if not rows and self.model.rowCount():
            rows = [0]
        self.select_rows(rows)
        staged = sum(e.staged for e in entries)
        self.summary.setText(f"On branch {branch}: {len(entries):,} changed record"
                             f"{'s' if len(entries) != 1 else ''}, {staged:,} staged"
                             + (f"; {len(unsaved):,} with unsaved edits" if unsaved else ""))
        self._show_selected()
        self._update_buttons()

    def select_rows(self, rows: list[int]) -> None:
        """Select these rows of the list (the first becomes the current one)."""
        chosen = QItemSelection()
        last = self.model.columnCount() - 1
        for r in rows:
            chosen.select(self.model.index(r, 0), self.model.index(r, last))
        flags = QItemSelectionModel.SelectionFlag
        model = self.tree.selectionModel()
        model.select(chosen, flags.ClearAndSelect)
        if rows:
            model.setCurrentIndex(self.model.index(rows[0], 0), flags.NoUpdate)

    def set_not_a_repository(self, why: str = "Not in a git repository") -> None:
        self.model.set_entries([], set())
        self.summary.setText(why)
        self._show_selected()
        self._update_buttons()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def entry(self, path: str):
        """The shown ReviewEntry of ``path`` (None: not in the review)."""
        row = self.model.row_of(path)
        return None if row is None else self.model.entry_at(row)

    def paths(self) -> list[str]:
        """Every record shown, in order."""
        return [str(self.model.entry_at(r).path) for r in range(self.model.rowCount())]

    def with_old_paths(self, paths: list[str]) -> list[str]:
        """``paths`` and, for each renamed record among them, its old path."""
        found = list(paths)
        for p in paths:
            e = self.entry(p)
            if e is not None and e.old_path is not None:
                found.append(str(e.old_path))
        return found

    def selected(self) -> list[str]:
        rows = sorted(i.row() for i in self.tree.selectionModel().selectedRows())
        return [str(self.model.entry_at(r).path) for r in rows]

    def _on_tree_selection_changed(self, *args) -> None:
        self._show_selected()
        self._update_buttons()

    def _show_selected(self) -> None:
        chosen = [self.entry(p) for p in self.selected()]
        if len(chosen) != 1:
            self.fields.setPlainText("" if not chosen else f"{len(chosen)} records selected")
            self.lines.setPlainText("")
            return
        (e,) = chosen
        text = [_heading(e), ""]
        if e.error:
            text.append(f"Fields cannot be compared: {e.error}")
        text += [c.detail() for c in e.changes]
        if not e.changes and not e.error and e.state != UNSAVED:
            text.append("No field changed" + (" (only its name)" if e.old_path else
                                              " (only formatting)"))
        self.fields.setPlainText("\n".join(text))
        diff = e.line_diff(self._root)
        self.lines.setPlainText(diff)
        self._show_first_change(diff)

    def _show_first_change(self, diff: str) -> None:
        """Scroll the line diff to its first changed line (a short dock shows a handful of
        lines: the hunk's context would hide the change)."""
        for number, line in enumerate(diff.splitlines()):
            if line[:1] in "+-" and not line.startswith(("+++", "---")):
                block = self.lines.document().findBlockByNumber(max(number - 1, 0))
                self.lines.verticalScrollBar().setValue(block.firstLineNumber())
                return

    def _update_buttons(self) -> None:
        chosen = [self.entry(p) for p in self.selected()]
        self.stage.setEnabled(any(e.unstaged or not e.staged for e in chosen))
        self.unstage.setEnabled(any(e.staged for e in chosen))
        everything = [self.model.entry_at(r) for r in range(self.model.rowCount())]
        self.stage_all.setEnabled(bool(everything))
        self.discard.setEnabled(len(chosen) == 1)
        self.save.setEnabled(bool(chosen))
        self.commit.setEnabled(any(e.staged for e in everything))

    def _on_discard_clicked(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            self.discard_requested.emit(chosen[0])


def _heading(e) -> str:
    """What happened to the record, in one line: its name, state and what is staged."""
    staged = ("all staged" if e.staged and not e.unstaged else
              "partly staged" if e.staged else "not staged")
    if e.state == UNSAVED:
        return f"{e.path.name}: unsaved edits (save them to review the fields)"
    if e.old_path is not None:
        return f"{e.path.name}: renamed from {e.old_path.name}, {staged}"
    return f"{e.path.name}: {e.state}, {staged}"
