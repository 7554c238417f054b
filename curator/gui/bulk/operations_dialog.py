"""The Operation History dialog (save part of it as a recipe, apply a recipe), and the
preview of fixed operations (a cluster merge, a recipe) in the Bulk Edit dialog: the same
plan, diffs, Apply and one undo step as any bulk edit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QListView, \
    QMessageBox, QVBoxLayout

from curator.core.edits.recipes import RecipeError, load_recipe, save_recipe

from curator.gui.bulk.bulk_edit import BulkEditDialog

EntryRole = Qt.ItemDataRole.UserRole + 1


class OperationsPreviewDialog(BulkEditDialog):
    """The Bulk Edit dialog over given ``operations`` (not chosen in its form) on
    ``paths`` (or, with ``selected``, the curator's choice of the two)."""

    def __init__(self, session, undo_stack, operations, paths, *, title: str,
                 scope_label: str, selected=(), codes_of=None, parent=None,
                 model=None, runner=None) -> None:
        self._fixed = list(operations)
        super().__init__(session, undo_stack, selected, paths, codes_of, parent,
                         model=model, runner=runner)
        self.setWindowTitle(f"{title} — Curator")
        self.form.hide()
        self.scope_shown.setText(f"{scope_label} ({len(paths):,})")
        steps = "".join(f"<li>{op.describe()}</li>" for op in self._fixed)
        self.steps = QLabel(f"<b>{title}</b><ol style='margin:2px'>{steps}</ol>", self)
        self.steps.setObjectName("previewSteps")
        self.steps.setWordWrap(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout().insertWidget(0, self.steps)

    def operations(self) -> list:
        return list(self._fixed)


def ask_recipe_path(parent, save: bool) -> str:
    """A recipe file name from a file dialog ("" when cancelled; tests replace this)."""
    filters = "Curator recipes (*.yaml *.yml);;All files (*)"
    if save:
        return QFileDialog.getSaveFileName(parent, "Save recipe", "recipe.yaml", filters)[0]
    return QFileDialog.getOpenFileName(parent, "Apply recipe", "", filters)[0]


class OperationsDialog(QDialog):
    """The collection's bulk operations, oldest first; the checked ones (those applied,
    at first) can be saved as a recipe file; a recipe file can be applied, with a
    preview, to the records the list shows.

    Signals:
        recipe_saved(str): the path of a recipe written.
        preview_opened(object): the preview dialog of a recipe (tests wait on it).
    """

    recipe_saved = Signal(str)
    preview_opened = Signal(object)

    def __init__(self, history, open_preview, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("operationsDialog")
        self.setWindowTitle("Operation History — Curator")
        self.history = history
        self._open_preview = open_preview     # (operations, title) -> the preview dialog
        self.model = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setObjectName("historyList")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.addButton(
            "&Save Checked as Recipe…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("saveRecipe")
        self.apply_button = self.buttons.addButton(
            "&Apply Recipe…", QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.setObjectName("applyRecipe")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Bulk operations applied to this collection, oldest first. "
                                "A recipe holds the operations and their parameters, "
                                "not the records; <code>curator fix --recipe FILE</code> "
                                "replays one headless.", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.model.itemChanged.connect(self._on_item_changed)
        self.resize(720, 420)
        self.refresh()

    def showEvent(self, event) -> None:     # follows the history while it is shown
        self.history.changed.connect(self.refresh)
        self.refresh()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        self.history.changed.disconnect(self.refresh)
        super().hideEvent(event)

    def refresh(self) -> None:
        self.model.clear()
        for entry in self.history.entries():
            item = QStandardItem(entry.text if entry.done else f"{entry.text} (undone)")
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if entry.done else
                               Qt.CheckState.Unchecked)
            item.setData(entry, EntryRole)
            item.setToolTip("\n".join(op.describe() for op in entry.operations))
            if not entry.done:
                item.setForeground(Qt.GlobalColor.gray)
            self.model.appendRow(item)
        self._on_item_changed()

    def checked_operations(self) -> list:
        out = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.extend(item.data(EntryRole).operations)
        return out

    def _on_item_changed(self, *args) -> None:
        n = len(self.checked_operations())
        self.save_button.setEnabled(bool(n))
        self.note.setText(f"{n} operation{'s' if n != 1 else ''} checked." if
                          self.model.rowCount() else "No bulk operation applied yet.")

    def save_checked(self, path) -> None:
        save_recipe(path, self.checked_operations())
        self.note.setText(f"Saved {Path(path).name}")
        self.recipe_saved.emit(str(path))

    def _on_save_clicked(self) -> None:
        path = ask_recipe_path(self, save=True)
        if path:
            try:
                self.save_checked(path)
            except OSError as exc:
                QMessageBox.warning(self, "Curator — recipe not saved",
                                    f"{path}: {exc.strerror or exc}")

    def apply_recipe(self, path):
        """Open the preview of a recipe file's operations (None, after telling the
        curator why, when the file is not a recipe)."""
        try:
            operations = load_recipe(path)
        except RecipeError as exc:
            self.show_recipe_error(exc)
            return None
        dialog = self._open_preview(operations, f"Recipe {Path(path).name}")
        self.preview_opened.emit(dialog)
        return dialog

    def show_recipe_error(self, exc: RecipeError) -> None:
        """Tell the curator why a recipe cannot be applied (tests replace this)."""
        QMessageBox.warning(self, "Curator — not a recipe", str(exc))

    def _on_apply_clicked(self) -> None:
        path = ask_recipe_path(self, save=False)
        if path:
            self.apply_recipe(path)
