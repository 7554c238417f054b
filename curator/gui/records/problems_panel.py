"""The current record's problems: click one to go to its field, fix the fixable ones."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QSizePolicy, \
    QToolButton, QVBoxLayout, QWidget

from curator.core.checks.problems import SEVERITIES, Problem

from curator.gui.widgets.icons import status_icon


class ProblemListModel(QAbstractListModel):
    """A record's problems, most severe first."""

    ProblemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []

    def set_problems(self, problems) -> None:
        self.beginResetModel()
        self._problems = sorted(problems, key=lambda p: SEVERITIES.index(p.severity))
        self.endResetModel()

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        p = self._problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            where = f"{p.field}: " if p.field else ""
            fix = "  [fixable]" if p.fixable else ""
            return f"{where}{p.message}{fix}"
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(p.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            line = f" (line {p.line})" if p.line else ""
            return f"{p.severity} {p.code}{line}\n{p.message}"
        if role == self.ProblemRole:
            return p
        return None


class ProblemsPanel(QWidget):
    """A list (objectName ``problemsList``) and a Fix button.

    Signals:
        problem_activated(object): the curator clicked a problem (a ``Problem``).
        fix_requested(object): the curator asked for a problem's fix.
    """

    problem_activated = Signal(object)
    fix_requested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = ProblemListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("problemsList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setAlternatingRowColors(True)
        self.title = QLabel("Problems", self)
        # its text ("Problems: 1 warning, 1 info") changes with the record: it must not
        # set the form side's minimum width (316 px; the window grew past a 1024 screen)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.fix_button = QPushButton("&Fix", self)
        self.fix_button.setObjectName("fixButton")
        self.fix_button.setToolTip("Apply the selected problem's fix (undoable)")
        self.fix_button.setEnabled(False)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.fix_button)
        self._head = head
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.view)
        self._can_fix = lambda problem: problem.fixable
        self._connect()

    def _connect(self) -> None:
        self.view.clicked.connect(self._on_view_clicked)
        self.view.activated.connect(self._on_view_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.fix_button.clicked.connect(self._on_fix_button_clicked)

    def add_action_button(self, action) -> QToolButton:
        """A button for a window action beside Fix (Fix All in This Record)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setObjectName(f"button_{action.objectName()}")
        self._head.insertWidget(self._head.count() - 1, button)
        return button

    def set_fix_check(self, can_fix) -> None:
        """``can_fix(problem) -> bool``: whether a fix would change anything now."""
        self._can_fix = can_fix

    def set_problems(self, problems) -> None:
        current = self.selected_problem()
        self.model.set_problems(problems)
        self.view.doItemsLayout()   # now, not on the view's timer: painted with the form
        counts = {s: sum(p.severity == s for p in problems) for s in SEVERITIES}
        parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
        self.title.setText("Problems: " + (", ".join(parts) if parts else "none"))
        if current is not None and current in self.model.problems():
            row = self.model.problems().index(current)
            self.view.setCurrentIndex(self.model.index(row))

    def selected_problem(self) -> Problem | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ProblemListModel.ProblemRole) if rows else None

    def _update_fix_button(self) -> None:
        p = self.selected_problem()
        self.fix_button.setEnabled(p is not None and p.fixable and bool(self._can_fix(p)))

    def _on_view_clicked(self, index) -> None:
        problem = index.data(ProblemListModel.ProblemRole)
        if problem is not None:
            self.problem_activated.emit(problem)

    def _on_selection_changed(self, selected, deselected) -> None:
        self._update_fix_button()

    def _on_model_reset(self) -> None:
        self._update_fix_button()

    def _on_fix_button_clicked(self) -> None:
        p = self.selected_problem()
        if p is not None:
            self.fix_requested.emit(p)
