"""The undoable edits: every change a curator makes is one of these on the one stack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoCommand

from curator.core.edits.edits import FieldEdit

from curator.gui.records.record_session import RecordSession

_TYPING_ID = 4711


class SetFieldCommand(QUndoCommand):
    """Set one field of one record, and the fields derived from it (editing the caption
    keeps ``schema-jsonld.description`` equal to it), as one step: a thin wrapper of the
    core's ``FieldEdit``, made by the session's workspace against the record as it is
    when first done; redo applies it, undo unapplies it.

    Consecutive commands typing into the same field of the same record merge into one
    (``merge=True``); a fix or a paste (``merge=False``) is a step of its own.
    """

    def __init__(self, session: RecordSession, path: str, field: str, value, *,
                 merge: bool = True, text: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.path = str(path)
        self.field = field
        self._merge = merge
        self._value = value
        self.edit: FieldEdit | None = None
        spec = session.schema.spec(field)
        label = spec.label if spec else field
        self.setText(text or f"Edit {label} of {_short_name(self.path)}")

    def redo(self) -> None:
        workspace = self.session.workspace
        if self.edit is None:
            self.edit = workspace.edit(self.path, self.field, self._value)
        else:
            workspace.apply(self.edit)

    def undo(self) -> None:
        self.session.workspace.unapply(self.edit)

    def id(self) -> int:
        return _TYPING_ID if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetFieldCommand) and other._merge and self._merge
                and other.path == self.path and other.field == self.field):
            return False
        self.edit.absorb(other.edit)
        if self.edit.is_noop:
            self.setObsolete(True)   # typed and deleted back to the start: no step at all
        return True

    @property
    def fields(self) -> list[str]:
        return self.edit.fields if self.edit else []


def _short_name(path: str) -> str:
    return Path(path).stem


class RevertCommand(QUndoCommand):
    """Drop a record's unsaved edits (undoable: undo brings them back)."""

    def __init__(self, session: RecordSession, path: str) -> None:
        super().__init__(f"Revert {_short_name(str(path))}")
        self.session = session
        self.path = str(path)
        self.edit = session.workspace.discard_edit(self.path)

    def redo(self) -> None:
        self.session.workspace.apply(self.edit)

    def undo(self) -> None:
        self.session.workspace.unapply(self.edit)
