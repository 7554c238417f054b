"""Curation decisions as steps of the window's one undo stack.

A decision is written to the folder's append-only log at once (``CurationLog.decide``,
one line a decision); undoing it appends the state it replaced, redoing it appends it
again. A decision taken about a record with unsaved edits belongs with those edits: when
the curator discards them (quitting or opening another folder, "Discard") the decision
is retracted by one more line restoring the state before it, so the log never says
"curated" about a file that was left unchanged (issue 15 item 4). A decision about a
record without edits, or whose edits were saved since, stands.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from curator.core.edits.curation import LABELS
from curator.core.errors import RecordError


class DecisionCommand(QUndoCommand):
    """Set one record's curation decision (None withdraws it)."""

    def __init__(self, workflow, path: str, figid: str, decision: str | None,
                 previous: str | None) -> None:
        super().__init__(f"{LABELS[decision]}: {figid}")
        self.workflow = workflow
        self.path = path
        self.figid = figid
        self.decision = decision
        self.previous = previous
        self.with_edits = workflow.session.is_modified(path)
        self.settled = not self.with_edits   # the edits it goes with were saved
        self.retracted = False
        self.failed: RecordError | None = None
        self._first = True

    def redo(self) -> None:
        first, self._first = self._first, False
        self._set(self.decision, go_there=not first)

    def undo(self) -> None:
        self._set(self.previous, go_there=True)

    def _set(self, decision: str | None, go_there: bool) -> None:
        if self.retracted:            # its edits were discarded: nothing left to do
            return
        try:
            self.workflow.log.decide(self.figid, decision)
        except RecordError as err:    # the log cannot be written: said, nothing changes
            self.failed = err
            self.setObsolete(True)
            self.workflow.ui.status_bar.showMessage(str(err), 15000)
            return
        self.workflow.decision_set(self.path, self.figid, decision, go_there)

    def retract(self) -> None:
        """The edits this decision went with were discarded: take it back in the log
        (the command stays on the stack, a no-op from now on)."""
        if self.retracted:
            return
        self.retracted = True
        self.workflow.log.decide(self.figid, self.previous)
        self.workflow.decision_set(self.path, self.figid, self.previous, go_there=False)


def decisions_on(stack) -> list[DecisionCommand]:
    """The decisions done on ``stack`` (not undone), oldest first."""
    out = []
    for i in range(stack.index()):
        command = stack.command(i)
        if isinstance(command, DecisionCommand) and not command.retracted:
            out.append(command)
    return out


def retract_discarded(stack, discarded) -> list[DecisionCommand]:
    """Retract, latest first, the decisions taken while a record of ``discarded`` had
    the unsaved edits now dropped; the ones retracted."""
    gone = {str(p) for p in discarded}
    doomed = [c for c in decisions_on(stack) if c.path in gone and not c.settled]
    for command in reversed(doomed):
        try:
            command.retract()
        except RecordError as err:
            command.workflow.ui.status_bar.showMessage(str(err), 15000)
    return doomed


def settle(stack, path: str) -> None:
    """``path`` was saved: the decisions taken about it so far stand."""
    for command in decisions_on(stack):
        if command.path == path:
            command.settled = True
