"""The records open for editing in one window, their current problems, and saving."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from curator.core.errors import RecordError
from curator.core.collection.index import IndexRow, row_for, stat_key
from curator.core.checks.problems import Problem, from_record_error
from curator.core.files.record import Record
from curator.core.fields.profile import Profile, default_profile
from curator.core.fields.schema import Schema
from curator.core.checks.validate import validate
from curator.core.fields.values import ABSENT, FieldPath, changed_keys, format_path

"""The value of a field a record does not have (set it to delete the field)."""


@dataclass
class Opened:
    """A record file as ``RecordSession.read`` found it: the record and its problems, or
    the error that it cannot be read; ``row`` is its list row as the index would build
    it from what was read, keyed by the file's stat before the read (None for a record
    that was open already)."""

    path: str
    record: Record | None
    problems: list[Problem] = field(default_factory=list)
    error: RecordError | None = None
    row: IndexRow | None = None


class RecordSession(QObject):
    """Open ``Record`` objects by path. A record stays open while it has unsaved edits
    (or is the one shown); the others are dropped and re-read when needed.

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
        self.profile = profile or default_profile()   # the collection's (use_profile)
        self.schema = schema or self.profile.schema
        self._records: dict[str, Record] = {}
        self._problems: dict[str, list[Problem]] = {}
        self._modified: set[str] = set()
        self.bulk_edit = False    # records change in the background: the window stays put

    @contextmanager
    def staying_put(self):
        """While records other than the shown one change (a bulk edit, a re-read from
        disk), the window stays on its record (main_window.py)."""
        before, self.bulk_edit = self.bulk_edit, True
        try:
            yield
        finally:
            self.bulk_edit = before

    # -- opening ------------------------------------------------------------------------
    def record(self, path: str | Path) -> Record:
        """The open record at ``path``, read now if it is not open; RecordError if the
        file cannot be read or parsed."""
        key = str(path)
        rec = self._records.get(key)
        if rec is None:
            opened = self.read(key)
            if opened.error is not None:
                raise opened.error
            rec = self.adopt(opened)
        return rec

    def read(self, path: str, *, fast: bool = True) -> Opened:
        """Read and check the record at ``path`` without opening it in the session: it
        touches no state of the session, so a worker thread may call it (a big record is
        read off the GUI thread: record_loader.py); ``adopt`` then opens it.

        ``fast``: libyaml's composer (0.6 ms a PFOCR record) instead of ruamel.yaml's
        (10 ms), which give the same data and spans, lossless alike (tests/core/
        test_record_roundtrip.py saves through both): the shown record is read on every
        switch (issue 20)."""
        key = stat_key(path)           # before reading: a later change makes it stale
        try:
            rec = Record.open(path, fast=fast)
        except RecordError as err:
            problems = [from_record_error(err)]
            return Opened(path, None, problems, err, row_for(path, *key[:2], None,
                                                             problems, *key[2:],
                                                             self.profile))
        problems = self._validate(rec)
        return Opened(path, rec, problems, None,
                      row_for(path, *key[:2], rec.data, problems, *key[2:], self.profile))

    def adopt(self, opened: Opened) -> Record:
        """Open a record ``read`` found (the one already open wins: it may hold edits)."""
        rec = self._records.get(opened.path)
        if rec is None and opened.record is not None:
            rec = self._records[opened.path] = opened.record
            self._problems[opened.path] = opened.problems
        return rec

    def problems(self, path: str | Path) -> list[Problem]:
        key = str(path)
        if key not in self._problems:
            try:
                self.record(key)
            except RecordError as err:
                return [from_record_error(err)]
        return self._problems[key]

    def release(self, path: str | Path) -> None:
        """Forget a record without unsaved edits (it is re-read when next needed)."""
        key = str(path)
        rec = self._records.get(key)
        if rec is not None and not rec.modified:
            del self._records[key]
            self._problems.pop(key, None)

    def open_paths(self) -> list[str]:
        """The paths of the records open now (shown, or with unsaved edits)."""
        return list(self._records)

    def is_open(self, path: str | Path) -> bool:
        return str(path) in self._records

    def reload(self, path: str, raw: bytes | None = None) -> list[str]:
        """Read an open record again from disk (or take ``raw``), dropping its edits;
        return the top-level fields that changed. RecordError (the record is left as it
        was) when the file cannot be read or parsed."""
        rec = self._records.get(path)
        if rec is None:
            return []
        before = rec.data
        rec.reload(raw)
        names = changed_keys(before, rec.data)
        self._problems[path] = self._validate(rec)
        self.record_edited.emit(path, names)
        self._update_modified(path)
        return names

    def clear(self) -> None:
        self._records.clear()
        self._problems.clear()
        self._modified.clear()

    # -- editing ------------------------------------------------------------------------
    def set_values(self, path: str, values: dict[FieldPath, object]) -> None:
        """Set fields of one record (``ABSENT`` deletes one), re-validate it and tell."""
        rec = self.record(path)
        changed = []
        for where, value in values.items():
            done = rec.delete(where) if value is ABSENT else rec.set(where, value)
            if done:
                changed.append(format_path(where))
        if not changed:
            return
        self._problems[path] = self._validate(rec)
        self.record_edited.emit(path, changed)
        self._update_modified(path)

    def revert(self, path: str) -> list[str]:
        """Drop a record's unsaved edits; return the names of the fields that changed."""
        rec = self._records.get(path)
        if rec is None or not rec.modified:
            return []
        names = rec.changed_fields()
        rec.revert()
        self._problems[path] = self._validate(rec)
        self.record_edited.emit(path, names)
        self._update_modified(path)
        return names

    # -- saving -------------------------------------------------------------------------
    def modified_paths(self) -> list[str]:
        return sorted(self._modified)

    def is_modified(self, path: str) -> bool:
        return path in self._modified

    def save(self, path: str, *, overwrite: bool = False) -> bool:
        """Write one record; RecordError (it stays modified) when it cannot be.
        ``overwrite``: replace the file even if it changed on disk (or was deleted)."""
        rec = self._records.get(path)
        if rec is None or not rec.save(overwrite=overwrite):
            return False
        self._problems[path] = self._validate(rec)
        self._update_modified(path)
        self.record_saved.emit(path)
        return True

    # -- helpers ------------------------------------------------------------------------
    def _validate(self, rec: Record) -> list[Problem]:
        try:
            lines = rec.lines
        except RecordError:
            lines = {}
        return validate(rec.data, name=rec.path.stem if rec.path else None, lines=lines,
                        schema=self.schema)

    def _update_modified(self, path: str) -> None:
        rec = self._records.get(path)
        modified = rec is not None and rec.modified
        if modified != (path in self._modified):
            (self._modified.add if modified else self._modified.discard)(path)
            self.modified_changed.emit(path, modified)
