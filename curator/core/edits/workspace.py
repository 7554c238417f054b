"""The records open for editing, without Qt: the open records, their current problems,
the modified set, saving, reloading and reverting, and the edits themselves (a
``FieldEdit`` applied forward for redo, backward for undo). What changes is told to
plain-Python listeners; the window's ``RecordSession`` turns them into Qt signals and
its undo commands only apply and revert the edits made here."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from curator.core.checks.problems import Problem, from_record_error
from curator.core.checks.validate import validate
from curator.core.collection.index import IndexRow, row_for, stat_key
from curator.core.edits.edits import FieldEdit, edit_field
from curator.core.errors import RecordError
from curator.core.files.record import Record, SaveRequest
from curator.core.fields.profile import Profile, default_profile
from curator.core.fields.schema import Schema
from curator.core.fields.values import ABSENT, FieldPath, changed_keys, format_path


@dataclass
class Opened:
    """A record file as ``Workspace.read`` found it: the record and its problems, or
    the error that it cannot be read; ``row`` is its list row as the index would build
    it from what was read, keyed by the file's stat before the read (None for a record
    that was open already)."""

    path: str
    record: Record | None
    problems: list[Problem] = field(default_factory=list)
    error: RecordError | None = None
    row: IndexRow | None = None


class Listeners(list):
    """Callbacks told of one kind of change, in the order they were added."""

    def __call__(self, *args) -> None:
        for listener in list(self):
            listener(*args)


class Workspace:
    """Open ``Record`` objects by path. A record stays open while it has unsaved edits
    (or is the one shown); the others are dropped and re-read when needed.

    Listeners (append a callable):
        edited(path, fields): a record's data changed: its path, and the dotted names
            of the fields that changed. Its problems are already re-validated.
        modified(path, is_modified): a record gained or lost unsaved edits.
        saved(path): a record was written to disk.
    """

    def __init__(self, schema: Schema | None = None,
                 profile: Profile | None = None) -> None:
        self.profile = profile or default_profile()
        self.schema = schema or self.profile.schema
        self.edited = Listeners()
        self.modified = Listeners()
        self.saved = Listeners()
        self._records: dict[str, Record] = {}
        self._problems: dict[str, list[Problem]] = {}
        self._modified: set[str] = set()

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
        """Read and check the record at ``path`` without opening it: it touches no state
        of the workspace, so a worker thread may call it; ``adopt`` then opens it.

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
        problems = self.validate(rec)
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
        """The record's problems as it stands now (its edits included)."""
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
        self._changed(path, names)
        return names

    def clear(self) -> None:
        self._records.clear()
        self._problems.clear()
        self._modified.clear()

    # -- editing ------------------------------------------------------------------------
    def set_values(self, path: str, values: dict[FieldPath, object]) -> list[str]:
        """Set fields of one record (``ABSENT`` deletes one), re-validate it and tell;
        return the dotted names of the fields that changed."""
        rec = self.record(path)
        changed = []
        for where, value in values.items():
            done = rec.delete(where) if value is ABSENT else rec.set(where, value)
            if done:
                changed.append(format_path(where))
        if changed:
            self._changed(path, changed)
        return changed

    def edit(self, path: str, name: str, value) -> FieldEdit:
        """Set the field ``name`` of the record at ``path`` and the fields derived from
        it (``edits.edit_field``, the one derive-follow rule); the edit made, for undo."""
        key = str(path)
        edit = edit_field(key, self.record(key).data, name, value, self.schema)
        self.apply(edit)
        return edit

    def apply(self, edit: FieldEdit) -> list[str]:
        """Do (or redo) an edit: set its new values."""
        return self.set_values(edit.record, edit.new)

    def unapply(self, edit: FieldEdit) -> list[str]:
        """Undo an edit: put back the values it replaced."""
        return self.set_values(edit.record, edit.undo_values)

    def discard_edit(self, path: str) -> FieldEdit:
        """The edit that drops a record's unsaved edits (applying it reverts the record
        to the file as read; unapplying it brings the edits back), by top-level field."""
        rec = self.record(path)
        old = {(k,): copy.deepcopy(rec.data.get(k, ABSENT)) for k in rec.changed_fields()}
        new = {p: copy.deepcopy(rec.original.get(p[0], ABSENT)) for p in old}
        return FieldEdit(str(path), "", new, old)

    def restore_edits(self, entries) -> list[FieldEdit]:
        """The edits that put journaled unsaved edits (``journal.JournalEntry``) back into
        their records, one per record that can be read (applying one restores its
        entry's values; unapplying it takes them out again). Nothing is applied here."""
        edits = []
        for entry in entries:
            try:
                rec = self.record(entry.path)
            except RecordError:
                continue            # gone or unreadable: nothing to put it into
            new = {(k,): copy.deepcopy(v) for k, v in entry.fields.items()}
            new.update({(k,): ABSENT for k in entry.removed})
            old = {p: copy.deepcopy(rec.data.get(p[0], ABSENT)) for p in new}
            edits.append(FieldEdit(str(entry.path), "", new, old))
        return edits

    def revert(self, path: str) -> list[str]:
        """Drop a record's unsaved edits; return the names of the fields that changed."""
        rec = self._records.get(path)
        if rec is None or not rec.modified:
            return []
        names = rec.changed_fields()
        rec.revert()
        self._changed(path, names)
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
        self._problems[path] = self.validate(rec)
        self._update_modified(path)
        self.saved(path)
        return True

    def save_all(self) -> list[tuple[str, RecordError]]:
        """Write every modified record; the ones that could not be, with why (they stay
        modified). The same as ``save_requests``, ``write_saves`` and ``saved_as`` in
        turn, all on this thread."""
        requests, failed = self.save_requests()
        written, not_written = write_saves(requests)
        for request in written:
            self.saved_as(request)
        return failed + not_written

    def save_requests(self) -> tuple[list[SaveRequest], list[tuple[str, RecordError]]]:
        """What saving every modified record would write (``Record.save_request``), and
        the records that cannot be saved as they stand (their edits do not render)."""
        requests, failed = [], []
        for path in self.modified_paths():
            try:
                request = self._records[path].save_request()
            except RecordError as err:
                failed.append((path, err))
                continue
            if request is not None:
                requests.append(request)
        return requests, failed

    def saved_as(self, request: SaveRequest) -> bool:
        """A request ``write_saves`` wrote is the record's file now: re-validate it,
        update the modified set and tell ``saved``. False when the record was closed or
        read again since the request was made (what is on disk is then its file)."""
        path = str(request.path)
        rec = self._records.get(path)
        if rec is None or not rec.saved(request):
            return False
        self._problems[path] = self.validate(rec)
        self._update_modified(path)
        self.saved(path)
        return True

    # -- helpers ------------------------------------------------------------------------
    def validate(self, rec: Record) -> list[Problem]:
        """The problems of a record as its data stands now."""
        try:
            lines = rec.lines
        except RecordError:
            lines = {}
        return validate(rec.data, name=rec.path.stem if rec.path else None, lines=lines,
                        schema=self.schema)

    def _changed(self, path: str, names: list[str]) -> None:
        self._problems[path] = self.validate(self._records[path])
        self.edited(path, names)
        self._update_modified(path)

    def _update_modified(self, path: str) -> None:
        rec = self._records.get(path)
        modified = rec is not None and rec.modified
        if modified != (path in self._modified):
            (self._modified.add if modified else self._modified.discard)(path)
            self.modified(path, modified)



def write_saves(requests: list[SaveRequest], progress=None, cancelled=None
                ) -> tuple[list[SaveRequest], list[tuple[str, RecordError]]]:
    """Write save requests in turn; the ones written, and the ones that could not be,
    with why. It touches no open record, so it may run on a worker thread
    (``progress(done, total)`` is told after each file; ``cancelled()`` stops before the
    next one: the rest are neither written nor failed)."""
    written, failed = [], []
    for i, request in enumerate(requests):
        if cancelled is not None and cancelled():
            break
        try:
            request.write()
        except RecordError as err:
            failed.append((str(request.path), err))
        else:
            written.append(request)
        if progress is not None:
            progress(i + 1, len(requests))
    return written, failed
