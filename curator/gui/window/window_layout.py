"""The main window's widgets and their arrangement, built around the figure:

    list | figure | header, form (title, organisms, caption…) over the problems

The figure pane is the largest; on a narrow window (under ``SIDE_BY_SIDE`` px) the form
goes below the figure instead of beside it. The widgets are the typed attributes of a
``WindowLayout`` the window owns as ``window.ui`` (as a Designer form's ``Ui`` class);
behaviour stays in ``main_window``."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, \
    QHeaderView, QLabel, QLineEdit, QMainWindow, QProgressBar, QSizePolicy, QSplitter, \
    QStatusBar, QTableView, QToolButton, QUndoView, QVBoxLayout, QWidget

from curator.core.fields.profile import Profile
from curator.core.fields.schema import Schema

from curator.gui.figure.figure_preview import FigurePreview
from curator.gui.records.problems_panel import ProblemsPanel
from curator.gui.records.record_filter import QUICK_FILTERS
from curator.gui.form.record_form import RecordForm
from curator.gui.records.record_header import RecordHeader
from curator.gui.records.record_table_model import RecordTableModel
from curator.gui.records.table_columns import ColumnChooser, install_column_chooser
from curator.gui.widgets.layout_barrier import LayoutBarrier

SIDE_BY_SIDE = 1280       # window width from which the form sits beside the figure
LIST_MIN = 220            # the list pane never gets narrower (figure id, title, status)


def set_search_hint(search, profile) -> None:
    """The search box says what it looks in: the profile's search fields."""
    search.setPlaceholderText(f"Search {profile.search_text}  (Ctrl+F)")


class WindowLayout:
    """The window's widgets, built and arranged: the window owns it as ``window.ui``.

    Parts that need a widget get it from here (``ui.table``, ``ui.form``), never by
    reaching through the window. ``form`` is replaced when a folder of another profile
    is opened (``MainWindow.use_profile``), so keep the layout, not the form."""

    search: QLineEdit
    quick: QComboBox
    table: QTableView
    columns: ColumnChooser
    record_header: RecordHeader
    form: RecordForm
    problems: ProblemsPanel
    preview: FigurePreview
    side_splitter: QSplitter
    work_splitter: QSplitter
    main_splitter: QSplitter
    history_dock: QDockWidget
    history_view: QUndoView
    status_label: QLabel
    progress: QProgressBar
    stop_loading: QToolButton
    status_bar: QStatusBar

    def __init__(self, window: QMainWindow, schema: Schema, profile: Profile,
                 proxy: QAbstractItemModel, undo_stack: QUndoStack) -> None:
        left = self._build_list(window, profile, proxy)
        self.record_header = RecordHeader(window)
        # the header's text changes with every record: it must never push the splitters
        # (a one-line label's minimum width is its text: the list pane jumped, issue 15)
        self.record_header.setSizePolicy(QSizePolicy.Policy.Ignored,
                                         QSizePolicy.Policy.Preferred)
        self.form = RecordForm(schema, window, profile)
        self.form.setMinimumWidth(240)
        self.problems = ProblemsPanel(window)
        self.problems.view.setMinimumHeight(36)
        self.preview = FigurePreview(window)
        form_box = QWidget(window)
        form_box.setObjectName("formBox")
        form_layout = QVBoxLayout(form_box)
        form_layout.setContentsMargins(6, 6, 6, 0)
        form_layout.addWidget(self.record_header)
        form_layout.addWidget(self.form, 1)
        self.side_splitter = _splitter(window, "sideSplitter", Qt.Orientation.Vertical,
                                       (form_box, 4), (self.problems, 1))
        self.work_splitter = _splitter(window, "workSplitter", Qt.Orientation.Horizontal,
                                       (self.preview, 3), (self.side_splitter, 2))
        # a wider window widens the figure, not the list
        self.main_splitter = _splitter(window, "mainSplitter", Qt.Orientation.Horizontal,
                                       (left, 0), (self.work_splitter, 1))
        # the switches' layout requests stop short of the window: layout_barrier.py
        window.setCentralWidget(LayoutBarrier(self.main_splitter, window))
        self._build_docks_and_status(window, undo_stack)

    def _build_list(self, window: QMainWindow, profile: Profile,
                    proxy: QAbstractItemModel) -> QWidget:
        self.search = QLineEdit(window)
        self.search.setObjectName("searchBox")
        set_search_hint(self.search, profile)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(LIST_MIN - 12)
        self.quick = QComboBox(window)
        self.quick.setObjectName("quickFilter")
        for key, label in QUICK_FILTERS.items():
            self.quick.addItem(label, key)
        self.quick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table = table = QTableView(window)
        table.setObjectName("recordTable")
        table.setModel(proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(RecordTableModel.ID, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
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
        self.columns = install_column_chooser(table)
        left = QWidget(window)
        left.setObjectName("listPane")
        left.setMinimumWidth(LIST_MIN)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.setSpacing(4)
        left_layout.addWidget(self.search)
        filters = QHBoxLayout()
        filters.addWidget(self.quick)
        filters.addStretch(1)
        left_layout.addLayout(filters)
        left_layout.addWidget(table, 1)
        return left

    def _build_docks_and_status(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        self.history_dock = QDockWidget("History", window)
        self.history_dock.setObjectName("historyDock")
        self.history_view = QUndoView(undo_stack, self.history_dock)
        self.history_view.setEmptyLabel("Opened")
        self.history_dock.setWidget(self.history_view)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()

        self.status_label = QLabel(window)
        self.status_label.setObjectName("statusSummary")
        self.progress = QProgressBar(window)
        self.progress.setObjectName("loadProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.stop_loading = QToolButton(window)
        self.stop_loading.setObjectName("stopLoading")
        self.stop_loading.setText("Stop")
        self.stop_loading.setToolTip("Stop listing the folder")
        self.stop_loading.hide()
        self.status_bar = window.statusBar()
        for widget in (self.progress, self.stop_loading, self.status_label):
            self.status_bar.addPermanentWidget(widget)


PARTS = tuple(WindowLayout.__annotations__)


def _splitter(window, name: str, orientation, *panes) -> QSplitter:
    splitter = QSplitter(orientation, window)
    splitter.setObjectName(name)
    for i, (pane, stretch) in enumerate(panes):
        splitter.addWidget(pane)
        splitter.setStretchFactor(i, stretch)
    splitter.setChildrenCollapsible(False)
    return splitter


def _part(name: str) -> property:
    def get(window):
        return getattr(window.ui, name)

    def put(window, value) -> None:
        setattr(window.ui, name, value)
    return property(get, put, doc=f"``ui.{name}`` under the window's own name")


class LayoutNames:
    """A window's layout parts under the window's names as well (``window.table`` is
    ``window.ui.table``), for the window's own modules and the tests that use them."""

    ui: WindowLayout


for _name in PARTS:
    setattr(LayoutNames, _name, _part(_name))


def build_layout(window) -> WindowLayout:
    """The window's layout (``window.ui``), sized for a 1400 px window."""
    window.ui = WindowLayout(window, window.schema, window.session.profile, window.proxy,
                             window.undo_stack)
    window.resize(1400, 900)
    default_layout(window, 1400)
    return window.ui


def default_layout(window, width: int | None = None) -> None:
    """Splitter sizes for a window ``width`` px wide (no layout saved yet): the list
    about a fifth, the figure the largest pane, the form beside it (or below it on a
    narrow window), the problems under the form."""
    ui = window.ui
    width = width or window.width()
    central = max(width - _dock_width(window), 600)
    listed = min(max(int(central * 0.22), LIST_MIN + 20), 400)
    rest = central - listed
    ui.main_splitter.setSizes([listed, rest])
    if width >= SIDE_BY_SIDE:
        share = 0.62
        ui.work_splitter.setOrientation(Qt.Orientation.Horizontal)
        ui.work_splitter.setSizes([int(rest * share), rest - int(rest * share)])
    else:
        stack_form_below_figure(window)
    ui.side_splitter.setSizes([850, 90])
    ui.table.horizontalHeader().resizeSection(
        RecordTableModel.ID, min(max(int(listed * 0.45), 110), 240))


def stack_form_below_figure(window) -> None:
    """The narrow arrangement: the form below the figure, both as wide as the list
    leaves (the figure about half the height)."""
    height = max(window.height() - 80, 400)
    window.ui.work_splitter.setOrientation(Qt.Orientation.Vertical)
    window.ui.work_splitter.setSizes([int(height * 0.47), height - int(height * 0.47)])


def _dock_width(window) -> int:
    docks = [d for d in window.findChildren(QDockWidget)
             if d.isVisibleTo(window) and not d.isFloating()
             and window.dockWidgetArea(d) in (Qt.DockWidgetArea.RightDockWidgetArea,
                                              Qt.DockWidgetArea.LeftDockWidgetArea)]
    return max((d.sizeHint().width() for d in docks), default=0)


class DefaultLayoutFollower(QObject):
    """Until the curator drags a splitter (or a saved layout is restored), the default
    layout follows the window's size: a window maximised at start, or moved to a
    smaller screen, gets the layout made for its width."""

    def __init__(self, window, active: bool) -> None:
        super().__init__(window)
        self.window = window
        self.active = active
        ui = window.ui
        for splitter in (ui.main_splitter, ui.work_splitter, ui.side_splitter):
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
