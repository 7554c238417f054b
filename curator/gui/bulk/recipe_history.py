"""The collection's operation history: the bulk operations applied (set, fill missing,
clear, replace, fix, merge), read from the window's undo stack, so that an undone edit
leaves the history and a redone one returns; any part of it can be saved as a recipe."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class HistoryEntry:
    text: str              # the undo step's text: "Bulk: set figtype to 'Figure' (12 …)"
    operations: tuple      # the operations it applied, in order
    done: bool             # False: undone (redo would apply it again)


class OperationHistory(QObject):
    """The bulk edits on ``undo_stack`` (commands with an ``operations`` list).

    Signals:
        changed(): an edit was applied, undone or redone, or the stack was cleared.
    """

    changed = Signal()

    def __init__(self, undo_stack, parent=None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)

    def entries(self) -> list[HistoryEntry]:
        stack = self.undo_stack
        out = []
        try:
            count = stack.count()
        except RuntimeError:      # the window is being destroyed with its stack
            return []
        for i in range(count):
            command = stack.command(i)
            operations = getattr(command, "operations", None)
            if operations and not command.isObsolete():
                out.append(HistoryEntry(command.text(), tuple(operations),
                                        i < stack.index()))
        return out

    def done_operations(self) -> list:
        """Every operation applied and not undone, in the order applied."""
        return [op for entry in self.entries() if entry.done for op in entry.operations]

    def _on_undo_stack_index_changed(self, index: int) -> None:
        self.changed.emit()
