"""Crash recovery in the window: unsaved edits are journaled at most a moment after the
first edit not yet journaled (however fast more edits follow), and offered back when the
folder is next opened after a crash.

The journal itself (what is kept, where) is the core's ``Journal``; this module decides
when to write and clear it, asks the curator, and restores through the undo stack.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QStatusBar

from curator.core.errors import RecordError
from curator.core.files.fastload import read_record_bytes
from curator.core.files.journal import Journal, JournalEntry, entry_for

from curator.gui.records.record_session import RecordSession
from curator.gui.window.window_parts import Listing, Prompts

JOURNAL_DELAY_MS = 2000
DELAY_SETTING = "recovery/journalDelayMs"   # the delay, for tests and slow disks


def entry_is_stale(entry: JournalEntry) -> bool:
    """Whether the file changed (or went) since the journaled edits were made on it."""
    try:
        raw = read_record_bytes(entry.path)    # a FIFO in its place never blocks
    except RecordError:
        return True
    return hashlib.sha256(raw).hexdigest() != entry.digest


def describe_entries(entries: list[JournalEntry]) -> str:
    """One line per record: its file, the fields edited, and a flag when it changed."""
    lines = []
    for e in entries:
        fields = [*e.fields, *(f"{k} (removed)" for k in e.removed)]
        flag = "  [the file changed since]" if entry_is_stale(e) else ""
        lines.append(f"{Path(e.path).name}: {', '.join(fields)}{flag}")
    return "\n".join(lines)


def ask_restore(parent, entries: list[JournalEntry]) -> bool:
    """Ask whether to restore the journaled edits (the window's ``ask_restore``)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Curator — unsaved edits found",
                      f"Curator was closed with unsaved edits in {len(entries)} "
                      "record(s) of this folder. Restore them?",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(describe_entries(entries))
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


class RestoreEditsCommand(QUndoCommand):
    """Put journaled edits back into their records (undo takes them out again): the
    workspace's ``restore_edits``, applied and unapplied."""

    def __init__(self, session: RecordSession, entries: list[JournalEntry]) -> None:
        super().__init__("Restore unsaved edits")
        self.session = session
        self.edits = session.workspace.restore_edits(entries)

    @property
    def paths(self) -> list[str]:
        return [edit.record for edit in self.edits]

    def redo(self) -> None:
        for edit in self.edits:
            self.session.workspace.apply(edit)

    def undo(self) -> None:
        for edit in self.edits:
            self.session.workspace.unapply(edit)


class RecoveryJournal(QObject):
    """Keeps the journal of the window's folder in step with its unsaved edits (kept as
    ``window.recovery``): the folder is the listing's, a restore is a step on the undo
    stack, messages go to the status bar, and the window's ``ask_restore`` asks."""

    def __init__(self, parent: QObject, session: RecordSession, settings: QSettings,
                 listing: Listing, status_bar: QStatusBar, undo_stack: QUndoStack,
                 prompts: Prompts) -> None:
        super().__init__(parent)
        self.session = session
        self.listing = listing
        self.status_bar = status_bar
        self.undo_stack = undo_stack
        self.prompts = prompts
        self._ready: Path | None = None   # folder whose old journal was already offered
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        delay = settings.value(DELAY_SETTING, JOURNAL_DELAY_MS)
        self._timer.setInterval(int(delay) if str(delay).isdigit() else JOURNAL_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.session.record_edited.connect(self._on_session_record_edited)
        self.session.modified_changed.connect(self._on_session_modified_changed)
        listing.folder_loaded.connect(self._on_window_folder_loaded)

    def journal(self) -> Journal | None:
        folder = self.listing.folder()
        return Journal(folder) if folder is not None else None

    # -- writing ------------------------------------------------------------------------
    def _on_session_record_edited(self, path: str, names: list) -> None:
        # Not restarted by later edits: a curator typing steadily (an edit every 0.7 s)
        # would otherwise never pause long enough for the journal to be written.
        if self._ready is not None and not self._timer.isActive():
            self._timer.start()

    def _on_session_modified_changed(self, path: str, modified: bool) -> None:
        if not self.session.modified_paths() and self._ready is not None:
            self._timer.stop()
            self._write([])                 # nothing unsaved: no journal

    def _on_timer_timeout(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Write the journal now (every modified record's edits)."""
        if self._ready is None or self._ready != self.listing.folder():
            return                          # the folder's old journal is not offered yet
        entries = []
        for path in self.session.modified_paths():
            try:
                entry = entry_for(self.session.record(path))
            except RecordError:
                continue
            if entry is not None:
                entries.append(entry)
        self._write(entries)

    def _write(self, entries: list[JournalEntry]) -> None:
        journal = self.journal()
        if journal is None:
            return
        try:
            journal.write(entries)
        except RecordError as err:
            self.status_bar.showMessage(
                f"Cannot keep the recovery journal: {err.message}", 8000)

    def folder_closed(self) -> None:
        """The window dropped its records (saved or discarded): no journal for them."""
        self._timer.stop()
        if self._ready is not None and self._ready == self.listing.folder():
            self._write([])
        self._ready = None

    # -- restoring ----------------------------------------------------------------------
    def _on_window_folder_loaded(self) -> None:
        folder = self.listing.folder()
        if folder is None or self._ready == folder:
            return
        entries = self._read(Journal(folder))
        self._ready = folder
        if entries:
            if self.prompts.ask_restore(entries):
                self.restore(entries)
            else:
                self._write([])
        if self.session.modified_paths():
            self.flush()                    # edits made while the folder was listed

    def _read(self, journal: Journal) -> list[JournalEntry]:
        """The old journal's entries; a damaged one is set aside (kept, and named to the
        curator) and the folder starts a fresh journal."""
        try:
            return journal.read()
        except RecordError as err:
            message = err.message
            if err.code == "journal.damaged":
                try:
                    kept = journal.set_aside()
                    message += f"; it was kept as {kept} and a new journal started"
                except RecordError as moved:
                    message += f"; {moved.message}"
            self.status_bar.showMessage(f"{journal.path}: {message}", 30000)
            return []

    def restore(self, entries: list[JournalEntry]) -> RestoreEditsCommand | None:
        """Restore journaled edits as one undoable step."""
        command = RestoreEditsCommand(self.session, entries)
        if not command.paths:
            return None
        self.undo_stack.push(command)
        stale = [Path(e.path).name for e in entries
                 if e.path in command.paths and entry_is_stale(e)]
        note = f" ({', '.join(stale)} changed on disk since)" if stale else ""
        self.status_bar.showMessage(
            f"Restored unsaved edits in {len(command.paths)} record(s){note}", 10000)
        return command

