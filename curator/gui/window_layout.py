"""The main window's widgets and their arrangement: list left, form right, problems and
figure below the form, history dock, status bar. Attributes are set on the window (as a
Designer form would); behaviour stays in ``main_window``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, \
    QHeaderView, QLabel, QLineEdit, QProgressBar, QSplitter, QTableView, QToolButton, \
    QUndoView, QVBoxLayout, QWidget

from .figure_preview import FigurePreview
from .problems_panel import ProblemsPanel
from .record_filter import QUICK_FILTERS
from .record_form import RecordForm
from .record_header import RecordHeader
from .record_table_model import RecordTableModel


def build_layout(window) -> None:
    window.search = QLineEdit(window)
    window.search.setObjectName("searchBox")
    window.search.setPlaceholderText("Search figure ID, title, caption, organisms  (Ctrl+F)")
    window.search.setClearButtonEnabled(True)
    window.quick = QComboBox(window)
    window.quick.setObjectName("quickFilter")
    for key, label in QUICK_FILTERS.items():
        window.quick.addItem(label, key)
    window.table = QTableView(window)
    window.table.setObjectName("recordTable")
    window.table.setModel(window.proxy)
    window.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    window.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    window.table.setSortingEnabled(True)
    window.table.sortByColumn(RecordTableModel.FIGID, Qt.SortOrder.AscendingOrder)
    window.table.setAlternatingRowColors(True)
    window.table.setWordWrap(False)
    window.table.verticalHeader().setVisible(False)
    window.table.verticalHeader().setDefaultSectionSize(24)
    header = window.table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(RecordTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
    for col, width in ((RecordTableModel.STATUS, 28), (RecordTableModel.FIGID, 150),
                       (RecordTableModel.YEAR, 46), (RecordTableModel.ORGANISMS, 110),
                       (RecordTableModel.PROBLEMS, 66)):
        header.resizeSection(col, width)
    left = QWidget(window)
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(6, 6, 0, 0)
    top = QHBoxLayout()
    top.addWidget(window.search, 1)
    top.addWidget(window.quick)
    left_layout.addLayout(top)
    left_layout.addWidget(window.table, 1)

    window.record_header = RecordHeader(window)
    window.form = RecordForm(window.schema, window)
    window.problems = ProblemsPanel(window)
    window.preview = FigurePreview(window)
    form_box = QWidget(window)
    form_layout = QVBoxLayout(form_box)
    form_layout.setContentsMargins(6, 6, 6, 0)
    form_layout.addWidget(window.record_header)
    form_layout.addWidget(window.form, 1)
    window.bottom_splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.bottom_splitter.setObjectName("bottomSplitter")
    window.bottom_splitter.addWidget(window.problems)
    window.bottom_splitter.addWidget(window.preview)
    window.bottom_splitter.setSizes([520, 320])
    window.right_splitter = QSplitter(Qt.Orientation.Vertical, window)
    window.right_splitter.setObjectName("rightSplitter")
    window.right_splitter.addWidget(form_box)
    window.right_splitter.addWidget(window.bottom_splitter)
    window.right_splitter.setStretchFactor(0, 3)
    window.right_splitter.setStretchFactor(1, 1)
    window.right_splitter.setSizes([600, 220])
    window.main_splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.main_splitter.setObjectName("mainSplitter")
    window.main_splitter.addWidget(left)
    window.main_splitter.addWidget(window.right_splitter)
    window.main_splitter.setStretchFactor(0, 2)
    window.main_splitter.setStretchFactor(1, 3)
    window.main_splitter.setSizes([590, 810])
    window.setCentralWidget(window.main_splitter)

    window.history_dock = QDockWidget("History", window)
    window.history_dock.setObjectName("historyDock")
    window.history_view = QUndoView(window.undo_stack, window.history_dock)
    window.history_view.setEmptyLabel("Opened")
    window.history_dock.setWidget(window.history_view)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.history_dock)
    window.history_dock.hide()

    window.status_label = QLabel(window)
    window.status_label.setObjectName("statusSummary")
    window.progress = QProgressBar(window)
    window.progress.setObjectName("loadProgress")
    window.progress.setMaximumWidth(220)
    window.progress.setTextVisible(True)
    window.progress.hide()
    window.stop_loading = QToolButton(window)
    window.stop_loading.setObjectName("stopLoading")
    window.stop_loading.setText("Stop")
    window.stop_loading.setToolTip("Stop listing the folder")
    window.stop_loading.hide()
    window.statusBar().addPermanentWidget(window.progress)
    window.statusBar().addPermanentWidget(window.stop_loading)
    window.statusBar().addPermanentWidget(window.status_label)
    window.resize(1400, 900)
