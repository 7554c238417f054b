"""The undoable edits: every change a curator makes is one of these on the one stack."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtGui import QUndoCommand

from curator.core.derive import derived_value
from curator.core.values import FieldPath, format_path, get, parse_path, put, remove, same

from .record_session import ABSENT, RecordSession

_TYPING_ID = 4711


class SetFieldCommand(QUndoCommand):
    """Set one field of one record, and recompute the fields derived from it (editing the
    caption keeps ``schema-jsonld.description`` equal to it) in the same step.

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
        self._old: dict[FieldPath, object] = {}
        self._new: dict[FieldPath, object] = {}
        spec = session.schema.spec(field)
        label = spec.label if spec else field
        self.setText(text or f"Edit {label} of {_short_name(self.path)}")

    def _compute(self) -> None:
        """Work out every value this command sets, against the record as it is now."""
        rec = self.session.record(self.path)
        data = copy.deepcopy(rec.data)
        schema = self.session.schema
        changes: dict[FieldPath, object] = {parse_path(self.field): self._value}
        _apply(data, changes)
        for spec in schema.dependents(self.field):
            value = derived_value(spec, data, schema)
            if value is not None:
                _apply(data, {spec.path: value})
                changes[spec.path] = value
        self._old = {p: copy.deepcopy(get(rec.data, p, ABSENT)) for p in changes}
        self._new = changes

    def redo(self) -> None:
        if not self._new:
            self._compute()
        self.session.set_values(self.path, self._new)

    def undo(self) -> None:
        # restore in reverse so parents come back before their children
        self.session.set_values(self.path, dict(reversed(list(self._old.items()))))

    def id(self) -> int:
        return _TYPING_ID if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetFieldCommand) and other._merge and self._merge
                and other.path == self.path and other.field == self.field):
            return False
        for p, value in other._new.items():
            self._new[p] = value
            self._old.setdefault(p, other._old[p])
        if all(_same(self._old.get(p, ABSENT), v) for p, v in self._new.items()):
            self.setObsolete(True)   # typed and deleted back to the start: no step at all
        return True

    @property
    def fields(self) -> list[str]:
        return [format_path(p) for p in self._new]


def _apply(data: dict, changes: dict) -> None:
    for path, value in changes.items():
        if value is ABSENT:
            try:
                remove(data, path)
            except KeyError:
                pass
        else:
            put(data, path, value)


def _same(a, b) -> bool:
    if a is ABSENT or b is ABSENT:
        return a is b
    return same(a, b)


def _short_name(path: str) -> str:
    return Path(path).stem


class RevertCommand(QUndoCommand):
    """Drop a record's unsaved edits (undoable: undo brings them back)."""

    def __init__(self, session: RecordSession, path: str) -> None:
        super().__init__(f"Revert {_short_name(str(path))}")
        self.session = session
        self.path = str(path)
        rec = session.record(self.path)
        self._old = {(k,): copy.deepcopy(rec.data.get(k, ABSENT))
                     for k in rec.changed_fields()}
        self._new = {(k,): copy.deepcopy(rec.original.get(k, ABSENT)) for k, in self._old}

    def redo(self) -> None:
        self.session.set_values(self.path, self._new)

    def undo(self) -> None:
        self.session.set_values(self.path, self._old)
