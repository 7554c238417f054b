"""The records open for editing in one window, as Qt signals: a thin adapter over the
core's ``Workspace`` (core/edits/workspace.py), which holds the open records, their
problems, the modified set, saving and the edits themselves."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from curator.core.checks.problems import Problem
from curator.core.edits.read_ahead import ReadAhead
from curator.core.edits.workspace import Opened, Workspace
from curator.core.fields.profile import Profile
from curator.core.fields.schema import Schema
from curator.core.fields.values import ABSENT, FieldPath
from curator.core.files.record import Record

__all__ = ["ABSENT", "Opened", "RecordSession"]


class RecordSession(QObject):
    """The window's ``Workspace`` (``workspace``), its changes told as signals.

    Signals:
        record_edited(str, list): a record's data changed: its path, and the dotted
            names of the fields that changed. Its problems are already re-validated.
        modified_changed(str, bool): a record gained or lost unsaved edits.
        record_saved(str): a record was written to disk.
    """

    record_edited = Signal(str, list)
    modified_changed = Signal(str, bool)
    record_saved = Signal(str)

    def __init__(self, schema: Schema | None = None, parent=None,
                 profile: Profile | None = None) -> None:
        super().__init__(parent)
        self.workspace = Workspace(schema, profile)
        self.workspace.edited.append(self.record_edited.emit)
        self.workspace.modified.append(self.modified_changed.emit)
        self.workspace.saved.append(self.record_saved.emit)
        self.read_ahead = ReadAhead(self.workspace)   # the shown record's neighbours
        self.bulk_edit = False    # records change in the background: the window stays put

    @property
    def profile(self) -> Profile:
        """The collection's profile (use_profile)."""
        return self.workspace.profile

    @profile.setter
    def profile(self, profile: Profile) -> None:
        self.workspace.profile = profile

    @property
    def schema(self) -> Schema:
        return self.workspace.schema

    @schema.setter
    def schema(self, schema: Schema) -> None:
        self.workspace.schema = schema

    @contextmanager
    def staying_put(self):
        """While records other than the shown one change (a bulk edit, a re-read from
        disk), the window stays on its record (main_window.py)."""
        before, self.bulk_edit = self.bulk_edit, True
        try:
            yield
        finally:
            self.bulk_edit = before

    # -- the workspace's, unchanged -----------------------------------------------------
    def record(self, path: str | Path) -> Record:
        return self.workspace.record(path)

    def read(self, path: str, *, fast: bool = True) -> Opened:
        return self.workspace.read(path, fast=fast)

    def adopt(self, opened: Opened) -> Record:
        return self.workspace.adopt(opened)

    def problems(self, path: str | Path) -> list[Problem]:
        return self.workspace.problems(path)

    def release(self, path: str | Path) -> None:
        self.workspace.release(path)

    def open_paths(self) -> list[str]:
        return self.workspace.open_paths()

    def is_open(self, path: str | Path) -> bool:
        return self.workspace.is_open(path)

    def reload(self, path: str, raw: bytes | None = None) -> list[str]:
        return self.workspace.reload(path, raw)

    def clear(self) -> None:
        self.workspace.clear()
        self.read_ahead.clear()

    def set_values(self, path: str, values: dict[FieldPath, object]) -> None:
        self.workspace.set_values(path, values)

    def revert(self, path: str) -> list[str]:
        return self.workspace.revert(path)

    def modified_paths(self) -> list[str]:
        return self.workspace.modified_paths()

    def is_modified(self, path: str) -> bool:
        return self.workspace.is_modified(path)

    def save(self, path: str, *, overwrite: bool = False) -> bool:
        return self.workspace.save(path, overwrite=overwrite)

    def save_all(self):
        return self.workspace.save_all()
