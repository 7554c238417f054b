"""Adds the curation tools to a main window: the Curation dock (title helpers,
decisions, progress), the Selection dock (a field across the selected records), the
Bulk Edit dialog, and their menu."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMainWindow, QMenu, QMenuBar

from curator.gui.bulk.bulk_edit import BulkEditDialog
from curator.gui.curation.curation_panel import CurationPanel
from curator.gui.curation.curation_workflow import CurationWorkflow
from curator.gui.facets.field_summary import FieldSummary
from curator.gui.records.record_session import RecordSession
from curator.gui.records.record_table_model import RecordTableModel
from curator.gui.window.operation_runner import OperationRunner
from curator.gui.window.window_layout import WindowLayout
from curator.gui.window.window_parts import Listing

BULK_EDIT_KEY = "Ctrl+Shift+B"


class WindowCuration:
    """The curation tools of one window (kept as ``window.curation``). Given the window
    only as its parent, a QMainWindow: where the docks are placed and tabbed, where the
    Bulk Edit action lives, the menu's and the dialog's parent. The rest is passed in: the
    session, the layout (the list's table, the form, the status bar), the list, the undo
    stack, the operation runner, the window's signals of discarded edits and of a new
    profile, and the menu bar the Curation menu goes in."""

    def __init__(self, parent: QMainWindow, session: RecordSession, ui: WindowLayout,
                 listing: Listing, undo_stack: QUndoStack, runner: OperationRunner,
                 edits_discarded: SignalInstance, profile_changed: SignalInstance,
                 menu_bar: QMenuBar) -> None:
        self.parent, self.session, self.ui, self.listing = parent, session, ui, listing
        self.undo_stack, self.runner, self.menu_bar = undo_stack, runner, menu_bar
        ui.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.workflow = CurationWorkflow(parent, session, ui, listing, undo_stack,
                                         edits_discarded, profile_changed)
        self.panel = CurationPanel(self.workflow, parent)
        self.dock = QDockWidget("Curation", parent)
        self.dock.setObjectName("curationDock")
        self.dock.setWidget(self.panel)
        parent.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.summary = FieldSummary(session, ui.table, listing)
        self.summary_dock = QDockWidget("Selection", parent)
        self.summary_dock.setObjectName("selectionDock")
        self.summary_dock.setWidget(self.summary)
        parent.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.summary_dock)
        parent.tabifyDockWidget(self.dock, self.summary_dock)
        self.dock.raise_()
        ui.table.horizontalHeader().resizeSection(RecordTableModel.CURATION, 96)
        ui.table.selectionModel().selectionChanged.connect(
            self._on_table_selection_changed)
        self.bulk_action = QAction("&Bulk Edit…", parent)
        self.bulk_action.setObjectName("bulkEdit")
        self.bulk_action.setShortcut(QKeySequence(BULK_EDIT_KEY))
        self.bulk_action.setStatusTip("Edit the selected records, or every record shown, "
                                      "at once")
        parent.addAction(self.bulk_action)
        self.bulk_action.triggered.connect(self._on_bulk_action_triggered)
        profile_changed.connect(self._on_window_profile_changed)
        self.dialog: BulkEditDialog | None = None
        self._build_menu()

    def _build_menu(self) -> None:
        bar = self.menu_bar
        menu = QMenu("&Curation", self.parent)
        menu.setObjectName("curationMenu")
        existing = bar.actions()
        if existing:     # before Help
            bar.insertMenu(existing[-1], menu)
        else:
            bar.addMenu(menu)
        actions = self.workflow.actions
        menu.addAction(self.bulk_action)
        menu.addSeparator()
        for name in ("remove_preamble", "remove_first_word", "ungreek", "capitalize",
                     "paper_title", "pathway_phrase"):
            menu.addAction(actions[name])
        menu.addSeparator()
        for name in ("curated", "rejected", "nonhuman", "undo_decision"):
            menu.addAction(actions[name])
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())
        menu.addAction(self.summary_dock.toggleViewAction())

    def _on_window_profile_changed(self, profile) -> None:
        self.summary.set_profile(profile)
        self.dock.toggleViewAction().setVisible(profile.curation)   # decisions are PFOCR's
        self.dock.setVisible(profile.curation)
        if not profile.curation:
            self.summary_dock.raise_()

    def _on_table_selection_changed(self, *args) -> None:
        """Several records selected: show how a field differs; one: the curation tools."""
        several = len(self.ui.table.selectionModel().selectedRows()) > 1
        if self.summary_dock.isVisible() or self.dock.isVisible():
            (self.summary_dock if several else self.dock).raise_()

    # -- bulk edit ----------------------------------------------------------------------
    def selected_paths(self) -> list[str]:
        return self.summary.selected_paths()

    def shown_paths(self) -> list[str]:
        proxy = self.listing.proxy
        return [proxy.path_at(r) for r in range(proxy.rowCount())]

    def codes_of(self, path: str) -> set:
        """The problem codes of a record: from its list row, or (with unsaved edits)
        from the open record."""
        model = self.listing.model
        i = model.row_for_path(path)
        if self.session.is_modified(path) or i < 0:
            return {p.code for p in self.session.problems(path)}
        return {p.code for p in model.record_row(i).problems}

    def bulk_edit_dialog(self) -> BulkEditDialog:
        """A new Bulk Edit dialog over the window's selection and list (not shown)."""
        self.dialog = BulkEditDialog(self.session, self.undo_stack, self.selected_paths(),
                                     self.shown_paths(), self.codes_of, self.parent,
                                     model=self.listing.model, runner=self.runner)
        return self.dialog

    def _on_bulk_action_triggered(self) -> None:
        dialog = self.bulk_edit_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        dialog.open()

    def _forget_dialog(self, dialog: BulkEditDialog) -> None:
        """A closed dialog is let go, with its preview: the plan of 5,000 records kept
        30 MB until the next Bulk Edit (issue 20, measured at 70,000 rows)."""
        if self.dialog is dialog:
            self.dialog = None

