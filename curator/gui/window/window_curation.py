"""Adds the curation tools to a main window: the Curation dock (title helpers,
decisions, progress), the Selection dock (a field across the selected records), the
Bulk Edit dialog, and their menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMenu

from curator.gui.bulk.bulk_edit import BulkEditDialog
from curator.gui.curation.curation_panel import CurationPanel
from curator.gui.curation.curation_workflow import CurationWorkflow
from curator.gui.facets.field_summary import FieldSummary
from curator.gui.records.record_table_model import RecordTableModel

BULK_EDIT_KEY = "Ctrl+Shift+B"


class WindowCuration:
    """The curation tools of one window (kept as ``window.curation``)."""

    def __init__(self, window) -> None:
        self.window = window
        window.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.workflow = CurationWorkflow(window)
        self.panel = CurationPanel(self.workflow, window)
        self.dock = QDockWidget("Curation", window)
        self.dock.setObjectName("curationDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.summary = FieldSummary(window)
        self.summary_dock = QDockWidget("Selection", window)
        self.summary_dock.setObjectName("selectionDock")
        self.summary_dock.setWidget(self.summary)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.summary_dock)
        window.tabifyDockWidget(self.dock, self.summary_dock)
        self.dock.raise_()
        window.table.horizontalHeader().resizeSection(RecordTableModel.CURATION, 96)
        window.table.selectionModel().selectionChanged.connect(
            self._on_table_selection_changed)
        self.bulk_action = QAction("&Bulk Edit…", window)
        self.bulk_action.setObjectName("bulkEdit")
        self.bulk_action.setShortcut(QKeySequence(BULK_EDIT_KEY))
        self.bulk_action.setStatusTip("Edit the selected records, or every record shown, "
                                      "at once")
        window.addAction(self.bulk_action)
        self.bulk_action.triggered.connect(self._on_bulk_action_triggered)
        window.profile_changed.connect(self._on_window_profile_changed)
        self.dialog: BulkEditDialog | None = None
        self._build_menu()

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu("&Curation", self.window)
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
        several = len(self.window.table.selectionModel().selectedRows()) > 1
        if self.summary_dock.isVisible() or self.dock.isVisible():
            (self.summary_dock if several else self.dock).raise_()

    # -- bulk edit ----------------------------------------------------------------------
    def selected_paths(self) -> list[str]:
        return self.summary.selected_paths()

    def shown_paths(self) -> list[str]:
        proxy = self.window.proxy
        return [proxy.path_at(r) for r in range(proxy.rowCount())]

    def codes_of(self, path: str) -> set:
        """The problem codes of a record: from its list row, or (with unsaved edits)
        from the open record."""
        w = self.window
        i = w.model.row_for_path(path)
        if w.session.is_modified(path) or i < 0:
            return {p.code for p in w.session.problems(path)}
        return {p.code for p in w.model.record_row(i).problems}

    def bulk_edit_dialog(self) -> BulkEditDialog:
        """A new Bulk Edit dialog over the window's selection and list (not shown)."""
        w = self.window
        self.dialog = BulkEditDialog(w.session, w.undo_stack, self.selected_paths(),
                                     self.shown_paths(), self.codes_of, w,
                                     runner=w.runner)
        return self.dialog

    def _on_bulk_action_triggered(self) -> None:
        dialog = self.bulk_edit_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def install_curation(window) -> WindowCuration:
    window.curation = WindowCuration(window)
    return window.curation
