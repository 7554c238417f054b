"""The main window's widgets and their arrangement, built around the figure:

    list | figure | header, form (title, organisms, caption…) over the problems

The figure pane is the largest; on a narrow window (under ``SIDE_BY_SIDE`` px) the form
goes below the figure instead of beside it. Attributes are set on the window (as a
Designer form would); behaviour stays in ``main_window``."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, \
    QHeaderView, QLabel, QLineEdit, QProgressBar, QSizePolicy, QSplitter, QTableView, \
    QToolButton, QUndoView, QVBoxLayout, QWidget

from curator.gui.figure.figure_preview import FigurePreview
from curator.gui.records.problems_panel import ProblemsPanel
from curator.gui.records.record_filter import QUICK_FILTERS
from curator.gui.form.record_form import RecordForm
from curator.gui.records.record_header import RecordHeader
from curator.gui.records.record_table_model import RecordTableModel
from curator.gui.records.table_columns import install_column_chooser

SIDE_BY_SIDE = 1280       # window width from which the form sits beside the figure
LIST_MIN = 220            # the list pane never gets narrower (figure id, title, status)


def set_search_hint(search, profile) -> None:
    """The search box says what it looks in: the profile's search fields."""
    search.setPlaceholderText(f"Search {profile.search_text}  (Ctrl+F)")


def build_layout(window) -> None:
    left = _build_list(window)
    window.record_header = RecordHeader(window)
    # the header's text changes with every record: it must never push the splitters
    # (a one-line label's minimum width is its text: the list pane jumped, issue 15)
    window.record_header.setSizePolicy(QSizePolicy.Policy.Ignored,
                                       QSizePolicy.Policy.Preferred)
    window.form = RecordForm(window.schema, window, window.session.profile)
    window.form.setMinimumWidth(240)
    window.problems = ProblemsPanel(window)
    window.problems.view.setMinimumHeight(36)
    window.preview = FigurePreview(window)
    form_box = QWidget(window)
    form_box.setObjectName("formBox")
    form_layout = QVBoxLayout(form_box)
    form_layout.setContentsMargins(6, 6, 6, 0)
    form_layout.addWidget(window.record_header)
    form_layout.addWidget(window.form, 1)
    window.side_splitter = QSplitter(Qt.Orientation.Vertical, window)
    window.side_splitter.setObjectName("sideSplitter")
    window.side_splitter.addWidget(form_box)
    window.side_splitter.addWidget(window.problems)
    window.side_splitter.setStretchFactor(0, 4)
    window.side_splitter.setStretchFactor(1, 1)
    window.side_splitter.setChildrenCollapsible(False)
    window.work_splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.work_splitter.setObjectName("workSplitter")
    window.work_splitter.addWidget(window.preview)
    window.work_splitter.addWidget(window.side_splitter)
    window.work_splitter.setStretchFactor(0, 3)
    window.work_splitter.setStretchFactor(1, 2)
    window.work_splitter.setChildrenCollapsible(False)
    window.main_splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.main_splitter.setObjectName("mainSplitter")
    window.main_splitter.addWidget(left)
    window.main_splitter.addWidget(window.work_splitter)
    window.main_splitter.setStretchFactor(0, 0)    # a wider window widens the figure
    window.main_splitter.setStretchFactor(1, 1)
    window.main_splitter.setChildrenCollapsible(False)
    window.setCentralWidget(window.main_splitter)
    _build_docks_and_status(window)
    window.resize(1400, 900)
    default_layout(window, 1400)


def _build_list(window) -> QWidget:
    window.search = QLineEdit(window)
    window.search.setObjectName("searchBox")
    set_search_hint(window.search, window.session.profile)
    window.search.setClearButtonEnabled(True)
    window.search.setMinimumWidth(LIST_MIN - 12)
    window.quick = QComboBox(window)
    window.quick.setObjectName("quickFilter")
    for key, label in QUICK_FILTERS.items():
        window.quick.addItem(label, key)
    window.quick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    window.table = QTableView(window)
    window.table.setObjectName("recordTable")
    window.table.setModel(window.proxy)
    window.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    window.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    window.table.setSortingEnabled(True)
    window.table.sortByColumn(RecordTableModel.ID, Qt.SortOrder.AscendingOrder)
    window.table.setAlternatingRowColors(True)
    window.table.setWordWrap(False)
    window.table.verticalHeader().setVisible(False)
    window.table.verticalHeader().setDefaultSectionSize(24)
    window.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = window.table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(24)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(RecordTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(RecordTableModel.STATUS, QHeaderView.ResizeMode.Fixed)
    for col, width in ((RecordTableModel.STATUS, 28), (RecordTableModel.ID, 130),
                       (RecordTableModel.FIELD1, 46), (RecordTableModel.FIELD2, 110),
                       (RecordTableModel.PROBLEMS, 66)):
        header.resizeSection(col, width)
    window.columns = install_column_chooser(window.table)
    left = QWidget(window)
    left.setObjectName("listPane")
    left.setMinimumWidth(LIST_MIN)
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(6, 6, 0, 0)
    left_layout.setSpacing(4)
    left_layout.addWidget(window.search)
    filters = QHBoxLayout()
    filters.addWidget(window.quick)
    filters.addStretch(1)
    left_layout.addLayout(filters)
    left_layout.addWidget(window.table, 1)
    return left


def default_layout(window, width: int | None = None) -> None:
    """Splitter sizes for a window ``width`` px wide (no layout saved yet): the list
    about a fifth, the figure the largest pane, the form beside it (or below it on a
    narrow window), the problems under the form."""
    width = width or window.width()
    central = max(width - _dock_width(window), 600)
    listed = min(max(int(central * 0.22), LIST_MIN + 20), 400)
    rest = central - listed
    window.main_splitter.setSizes([listed, rest])
    if width >= SIDE_BY_SIDE:
        share = 0.62
        window.work_splitter.setOrientation(Qt.Orientation.Horizontal)
        window.work_splitter.setSizes([int(rest * share), rest - int(rest * share)])
    else:
        stack_form_below_figure(window)
    window.side_splitter.setSizes([850, 90])
    window.table.horizontalHeader().resizeSection(
        RecordTableModel.ID, min(max(int(listed * 0.45), 110), 240))


def stack_form_below_figure(window) -> None:
    """The narrow arrangement: the form below the figure, both as wide as the list
    leaves (the figure about half the height)."""
    height = max(window.height() - 80, 400)
    window.work_splitter.setOrientation(Qt.Orientation.Vertical)
    window.work_splitter.setSizes([int(height * 0.47), height - int(height * 0.47)])


def _dock_width(window) -> int:
    docks = [d for d in window.findChildren(QDockWidget)
             if d.isVisibleTo(window) and not d.isFloating()
             and window.dockWidgetArea(d) in (Qt.DockWidgetArea.RightDockWidgetArea,
                                              Qt.DockWidgetArea.LeftDockWidgetArea)]
    return max((d.sizeHint().width() for d in docks), default=0)


def _build_docks_and_status(window) -> None:
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


class DefaultLayoutFollower(QObject):
    """Until the curator drags a splitter (or a saved layout is restored), the default
    layout follows the window's size: a window maximised at start, or moved to a
    smaller screen, gets the layout made for its width."""

    def __init__(self, window, active: bool) -> None:
        super().__init__(window)
        self.window = window
        self.active = active
        for splitter in (window.main_splitter, window.work_splitter, window.side_splitter):
            splitter.splitterMoved.connect(self._on_splitter_moved)
        window.installEventFilter(self)

    def _on_splitter_moved(self, *args) -> None:
        self.active = False

    def eventFilter(self, obj, event) -> bool:
        # getattr: Qt may call a filter while its Python attributes are being torn down
        if event.type() == QEvent.Type.Resize and obj is self.parent() \
                and getattr(self, "active", False):
            default_layout(obj, event.size().width())
        return False
