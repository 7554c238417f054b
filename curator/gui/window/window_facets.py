"""Adds the facet tools to a main window: the Facets dock, Cluster and Edit, Rare Values,
the Operation History with recipes, and the Facets menu (before the Curation menu)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMenuBar

from curator.gui.facets.facet_dock import FacetPanel
from curator.gui.bulk.operations_dialog import (
    OperationsDialog, OperationsPreviewDialog, ask_recipe_path,
)
from curator.gui.bulk.recipe_history import OperationHistory
from curator.gui.records.record_session import RecordSession
from curator.gui.window.operation_runner import OperationRunner
from curator.gui.window.window_curation import WindowCuration
from curator.gui.window.window_parts import Listing

if TYPE_CHECKING:     # imported when first opened: rapidfuzz and jellyfish, 35 ms of a start
    from curator.gui.facets.cluster_dialog import ClusterDialog

CLUSTER_KEY = "Ctrl+Shift+K"


class WindowFacets(QObject):
    """The facet tools of one window (kept as ``window.facets``). Given the window only as
    its parent, a QMainWindow: where the Facets dock is placed, whose close stops the
    column threads, where the actions live and the dialogs' parent. The rest is passed in:
    the session, the list (its model and filter), the signal of a new profile, the undo
    stack, the operation runner, the curation tools (a record's problem codes, the records
    shown and selected) and the menu bar the Facets menu goes in."""

    def __init__(self, parent: QMainWindow, session: RecordSession, listing: Listing,
                 profile_changed: SignalInstance, undo_stack: QUndoStack,
                 runner: OperationRunner, curation: WindowCuration,
                 menu_bar: QMenuBar) -> None:
        super().__init__(parent)
        self.session, self.listing, self.undo_stack = session, listing, undo_stack
        self.runner, self.curation, self.menu_bar = runner, curation, menu_bar
        parent.installEventFilter(self)     # threads joined when the window closes
        self.panel = FacetPanel(listing.model, listing.proxy, parent,
                                session.profile.schema)
        profile_changed.connect(lambda p: self.panel.set_schema(p.schema))
        self.dock = QDockWidget("Facets", parent)
        self.dock.setObjectName("facetsDock")
        self.dock.setWidget(self.panel)
        parent.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()    # opened from the Facets menu: the figure keeps the width
        self.history = OperationHistory(undo_stack, parent)
        self.cluster_dialog: ClusterDialog | None = None
        self.operations_dialog: OperationsDialog | None = None

        def act(text, name, slot, key=None, tip=""):
            action = QAction(text, parent)
            action.setObjectName(name)
            if key:
                action.setShortcut(QKeySequence(key))
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            parent.addAction(action)
            return action

        self.cluster_action = act("&Cluster and Edit…", "clusterEdit",
                                  self._on_cluster_triggered, CLUSTER_KEY,
                                  "Find values of the facet's field written several ways "
                                  "and merge them")
        self.rare_action = act("&Rare Values…", "rareValues", self._on_rare_triggered,
                               tip="Values few records hold, and values the validator "
                                   "does not know")
        self.history_action = act("Operation &History…", "operationHistory",
                                  self._on_history_triggered,
                                  tip="The bulk operations applied; save them as a recipe")
        self.recipe_action = act("&Apply Recipe…", "applyRecipe", self._on_recipe_triggered,
                                 tip="Replay a recipe's operations on the records shown, "
                                     "with a preview")
        self._build_menu()

    def _build_menu(self) -> None:
        bar = self.menu_bar
        menu = QMenu("Fa&cets", self.parent())
        menu.setObjectName("facetsMenu")
        before = next((a for a in bar.actions() if a.menu() is not None
                       and a.menu().objectName() == "curationMenu"), None)
        if before is None and bar.actions():
            before = bar.actions()[-1]      # before Help
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        menu.addAction(self.dock.toggleViewAction())
        menu.addSeparator()
        menu.addAction(self.cluster_action)
        menu.addAction(self.rare_action)
        menu.addSeparator()
        menu.addAction(self.history_action)
        menu.addAction(self.recipe_action)
        self.menu = menu

    def eventFilter(self, watched, event) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.panel.columns.wait()
            if self.cluster_dialog is not None:
                self.cluster_dialog.stop()
        return False

    # -- merging ------------------------------------------------------------------------
    def paths_holding(self, field: str, values) -> list[str]:
        """The records the search and quick filter pass whose ``field`` holds any of
        ``values`` (from the index rows)."""
        column = self.panel.columns.column(field)
        records = self.listing.model.records
        rows = column.matching(set(values), rows=self.listing.proxy.base_rows())
        return [records[i].path for i in rows]

    def preview(self, operations, paths, *, title: str, scope_label: str, selected=(),
                parent=None) -> OperationsPreviewDialog:
        """The Bulk Edit preview of ``operations`` on ``paths`` (opened)."""
        dialog = OperationsPreviewDialog(
            self.session, self.undo_stack, operations, paths, title=title,
            scope_label=scope_label, selected=selected, codes_of=self.curation.codes_of,
            parent=parent or self.parent(), model=self.listing.model, runner=self.runner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _open_merge(self, operation, values) -> OperationsPreviewDialog:
        return self.preview([operation], self.paths_holding(operation.field, values),
                            title="Merge values",
                            scope_label="The records holding the merged values",
                            parent=self.cluster_dialog)

    def _recount(self):
        self.panel.columns.column(self.panel.field)
        self.panel.recount()
        return self.panel.counts

    def open_cluster_dialog(self, rare: bool = False) -> ClusterDialog:
        """Cluster and Edit over the facet's field and counts (opened)."""
        from curator.gui.facets.cluster_dialog import ClusterDialog
        self.panel.columns.column(self.panel.field)    # built now if still building
        self.panel.recount()
        if self.cluster_dialog is not None:
            self.cluster_dialog.close()
        dialog = ClusterDialog(self.panel.field, self.panel.counts, self._open_merge,
                               self._recount, self.parent())
        if rare:
            dialog.tabs.setCurrentIndex(1)
        self.cluster_dialog = dialog
        dialog.open()
        return dialog

    def _on_cluster_triggered(self) -> None:
        self.open_cluster_dialog()

    def _on_rare_triggered(self) -> None:
        self.open_cluster_dialog(rare=True)

    # -- history and recipes ------------------------------------------------------------
    def _open_recipe(self, operations, title: str) -> OperationsPreviewDialog:
        curation = self.curation
        return self.preview(operations, curation.shown_paths(), title=title,
                            scope_label="Every record the list shows",
                            selected=curation.selected_paths(),
                            parent=self.operations_dialog)

    def open_operations_dialog(self) -> OperationsDialog:
        if self.operations_dialog is None:
            self.operations_dialog = OperationsDialog(self.history, self._open_recipe,
                                                      self.parent())
        self.operations_dialog.refresh()
        self.operations_dialog.show()
        self.operations_dialog.activateWindow()
        return self.operations_dialog

    def _on_history_triggered(self) -> None:
        self.open_operations_dialog()

    def _on_recipe_triggered(self) -> None:
        path = ask_recipe_path(self.parent(), save=False)
        if path:
            self.open_operations_dialog().apply_recipe(path)

