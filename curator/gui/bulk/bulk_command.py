"""The undo step of a bulk edit (``BulkEditCommand``). ``apply`` writes the planned files
on the window's operation runner (off the GUI thread, progress, Stop) and, once done, has
the step pushed; its first redo only changes the records with unsaved edits in memory.
Later undos and redos set the values in memory and hand the writing of the old (or new)
bytes to the runner: nothing is written, and no event processed, inside the undo stack.
What each write changed is told by the runner (``OpChanges``): the window's views
refresh from it (``window_operations.py``)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from curator.core.edits import bulk
from curator.core.edits.bulk_writes import Written, write_changes
from curator.core.edits.changes import OpChanges, fields_of
from curator.core.edits.open_records import edit_open_record
from curator.core.errors import RecordError

from curator.gui.bulk.bulk_failures import plural_count as _plural, why_not_written as _why
from curator.gui.records.record_session import RecordSession


class BulkEditCommand(QUndoCommand):
    """One bulk edit, one undo step.

    ``changes`` (``bulk.Change``, planned from the files) are written by ``apply``, each
    file atomically with exactly the planned bytes, and only while it still holds the
    bytes they were planned from; ``memory_paths`` are records with unsaved edits: the
    ``operations`` change them in memory and they stay modified until saved. Undo writes
    the old bytes back into every file that still holds the ones written (a file changed
    since is reported, never overwritten) and restores the values in memory; redo writes
    again. The list rows of the files written come with the change set (the new rows
    with the changes, the old ones kept from ``model``), with the written file's size and
    time so the window's disk watch sees nothing to re-read.

    The apply can be stopped (Stop in the progress): what was written stays written and
    is what undo restores. ``failures`` holds the files the last write could not write,
    ``stopped`` whether the apply was stopped.
    """

    def __init__(self, session: RecordSession, runner, changes, memory_paths, operations,
                 text: str = "", *, model=None) -> None:
        self._base = text or "Bulk edit"
        super().__init__(self._base)
        self.session = session
        self.runner = runner
        self.model = model
        self.changes: list[bulk.Change] = list(changes)       # to write; after apply,
        self.memory_paths = [str(p) for p in memory_paths]    # those written
        self.operations = list(operations)
        self._planned = len(self.changes) + len(self.memory_paths)
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        self._old_rows: dict = {}
        self._first = True
        self.failures: list[RecordError] = []
        self.stopped = False

    # -- in memory ----------------------------------------------------------------------
    def _compute(self) -> list[RecordError]:
        failures = []
        for path in self.memory_paths:
            try:
                edit = edit_open_record(path, self.session.record(path).data,
                                        self.operations)
            except RecordError as err:
                failures.append(err)
                continue
            if edit is not None:
                self._new[path] = edit.new
                self._old[path] = edit.old
        return failures

    def _set(self, values_by_path: dict) -> None:
        with self.session.staying_put():
            for path, values in values_by_path.items():
                self.session.set_values(path, values)

    # -- the summary --------------------------------------------------------------------
    @property
    def changed_paths(self) -> list[str]:
        """The records this step changes: files written, and records changed in memory."""
        return [c.path for c in self.changes] + list(self._new)

    @property
    def written_count(self) -> int:
        return len(self.changes)

    @property
    def memory_count(self) -> int:
        return len(self._new)

    # -- apply, undo and redo -----------------------------------------------------------
    def apply(self, undo_stack, applied: Callable[["BulkEditCommand"], None]) -> None:
        """Write the planned files on the runner (Stop keeps what was written); when
        done, on the GUI thread, push this step on ``undo_stack`` (unless it changed
        nothing; its first redo writes nothing) and, once the views have followed,
        call ``applied(self)``."""
        failures = self._compute()
        self._old_rows = self._rows_now(self.changes)
        self._write(self.changes, forward=True, failures=failures,
                    applied=lambda: undo_stack.push(self) if self.changed_paths else None,
                    then=lambda changes: applied(self))

    def redo(self) -> None:
        self._set(self._new)
        if self._first:          # pushed after apply: the files are written already
            self._first = False
            return
        self._write(self.changes, forward=True)

    def undo(self) -> None:
        self._write([c.reverse() for c in self.changes], forward=False)
        self._set(self._old)

    def _retitle(self) -> None:
        done = len(self.changes) + len(self._new)
        if self.stopped:
            self.setText(f"{self._base.rsplit(' (', 1)[0]} ({done:,} of "
                         f"{self._planned:,} records; stopped)")
        elif done != self._planned:
            self.setText(f"{self._base.rsplit(' (', 1)[0]} ({done:,} records)")

    # -- writing ------------------------------------------------------------------------
    def _rows_now(self, changes) -> dict:
        model = self.model
        if model is None:
            return {}
        out = {}
        for change in changes:
            i = model.row_for_path(change.path)
            if i >= 0:
                out[change.path] = model.record_row(i)
        return out

    def _write(self, changes, *, forward: bool, failures=None,
               applied: Callable | None = None, then: Callable | None = None) -> None:
        """Hand ``changes`` (forward: the planned bytes; else the old ones back) to the
        runner: the files of records edited here since are left alone (and reported),
        the files of open records are written first. Nothing is written here."""
        session, model = self.session, self.model
        failures = list(failures or [])
        todo = []
        for change in changes:
            if session.is_modified(change.path):    # edited here since: left alone
                failures.append(RecordError(
                    change.path, "has unsaved edits here; its file was left alone",
                    code="io.conflict"))
            else:
                todo.append(change)
        open_ = set(session.open_paths())
        todo.sort(key=lambda c: c.path not in open_)
        listed = None if model is None else \
            {c.path for c in todo if model.row_for_path(c.path) >= 0}
        rows = None if forward else dict(self._old_rows)
        profile = session.profile
        first = applied is not None

        def work(progress, cancelled) -> Written:     # off the GUI thread
            return write_changes(todo, rows=rows, listed=listed, profile=profile,
                                 progress=progress, cancelled=cancelled)

        def finish(written: Written) -> OpChanges:    # on the GUI thread
            return self._written(written, forward, failures, applied)

        verb = "Writing" if forward else "Restoring"
        self.runner.run(f"{verb} {_plural(len(todo), 'file')}…", work, finish,
                        total=len(todo), cancellable=first, then=then)

    def _written(self, written: Written, forward: bool, failures: list,
                 applied: Callable | None) -> OpChanges:
        failures = failures + [_why(o.error, forward) for o in written.outcomes
                               if not o.done]
        self.failures = failures
        done = written.done
        if applied is not None:      # from now on, undo and redo concern those written
            self.changes = done
            self.stopped = written.stopped
            self._retitle()
            applied()
        what = "Bulk edit" if forward else "Undo of the bulk edit"
        did, failed = ("saved", "not written") if forward else ("restored", "not restored")
        fields = fields_of(self.operations, self.session.schema)
        if fields is not None:
            fields = fields | {k[0] for v in self._new.values() for k in v}
        return OpChanges(
            what, paths=frozenset([*(c.path for c in done), *self._new]), fields=fields,
            written=frozenset(c.path for c in done), rows=dict(written.rows),
            note=self._note(what, len(done), did, failed, failures,
                            applied is not None and self.stopped),
            failures=tuple(failures), stopped=applied is not None and self.stopped,
            failure_text=f"{what}: {_plural(len(failures), 'file')} {failed}" +
            (f"; {_plural(len(done), 'other file')} {did}." if done else "."))

    def _note(self, what: str, done: int, did: str, failed: str, failures,
              stopped: bool) -> str:
        """The outcome, for the status bar."""
        parts = []
        if done:
            parts.append(f"{_plural(done, 'file')} {did}")
        if self._new:
            parts.append(f"{_plural(len(self._new), 'record')} with unsaved edits "
                         + ("changed in memory (Save All writes them)" if did == "saved"
                            else "put back in memory"))
        if failures:
            parts.append(f"{len(failures):,} {failed}")
        if stopped:
            parts.append("stopped")
        return f"{what}: " + ", ".join(parts) if parts else ""
