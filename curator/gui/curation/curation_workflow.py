"""The curation workflow: one-click title helpers and curation decisions.

Each title helper is one undo step (a ``SetFieldCommand`` that does not merge). Decisions
go to the folder's ``CurationLog`` (never into a record), are undo steps too
(``curation_decisions.py``), and move to the next record of the list as it is sorted and
filtered. The panel of buttons over it is curation_panel.py.
"""

from __future__ import annotations

from collections import Counter

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from curator.core.checks import titles
from curator.core.edits.curation import LABELS, CurationLog, PreambleLearner
from curator.core.errors import RecordError
from curator.core.files.journal import journal_dir

from curator.gui.curation.curation_decisions import (
    DecisionCommand, decisions_on, retract_discarded, settle,
)
from curator.gui.records.record_session import RecordSession
from curator.gui.records.undo_commands import SetFieldCommand
from curator.gui.window.window_layout import WindowLayout
from curator.gui.window.window_parts import Listing

# name: (label, shortcut, tip)
TITLE_HELPERS = {
    "remove_preamble": ("Remove preamble", "Ctrl+Alt+P",
                        "Remove a leading \"Schematic diagram of the …\" (menu: pick one)"),
    "remove_first_word": ("Remove first word", "Ctrl+Alt+W", "Remove the title's first word"),
    "ungreek": ("Un-Greek", "Ctrl+Alt+G", "Replace Greek letters by Latin ones"),
    "capitalize": ("Capitalize", "Ctrl+Alt+C", "Upper-case the title's first letter"),
    "paper_title": ("Use paper title", "Ctrl+Alt+T",
                    "Replace the title by the paper's title (without its final period)"),
    "pathway_phrase": ("Extract pathway", "Ctrl+Alt+E",
                       "Keep only the \"… signaling pathway\" phrase of the title"),
}
DECISIONS = {
    "curated": ("Curated, next", ["Ctrl+Return", "Ctrl+Enter"],
                "Mark the record curated and go to the next one"),
    "rejected": ("Not a pathway figure", ["Ctrl+R"],
                 "Reject: not a pathway figure (and go to the next record)"),
    "nonhuman": ("Non-human", ["Ctrl+Shift+H"],   # Ctrl+H is the History dock
                 "Mark the figure non-human (and go to the next record)"),
}
UNDO_DECISION = ("Undo decision", ["Ctrl+Alt+Z"], "Take back the latest curation decision")


def learner_path() -> Path:
    return journal_dir().parent / "preambles.json"


class _EditorShortcuts(QObject):
    """Lets the curation shortcuts through text editors that would otherwise claim them."""

    def __init__(self, sequences, parent=None) -> None:
        super().__init__(parent)
        self._sequences = [QKeySequence(s) for s in sequences]

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and \
                QKeySequence(event.keyCombination()) in self._sequences:
            event.ignore()
            return True
        return False


class CurationWorkflow(QObject):
    """Title helpers, decisions and their actions over one window. Given the window only
    as its parent (its actions' and where they live, the root whose text editors let the
    curation keys through); the rest is passed in: the session, the layout (the form, the
    status bar), the list, the undo stack and the window's signals of discarded edits and
    of a new profile.

    Signals:
        decision_changed(str, object): a record's decision changed: figid, decision/None.
        progress_changed(str): the progress text changed.
    """

    decision_changed = Signal(str, object)
    progress_changed = Signal(str)

    def __init__(self, parent: QWidget, session: RecordSession, ui: WindowLayout,
                 listing: Listing, undo_stack: QUndoStack, edits_discarded: SignalInstance,
                 profile_changed: SignalInstance) -> None:
        super().__init__(parent)
        self.session, self.ui, self.listing = session, ui, listing
        self.undo_stack = undo_stack
        self.edits_discarded, self.profile_changed = edits_discarded, profile_changed
        self.learner = PreambleLearner(learner_path())
        self._log: CurationLog | None = None
        self._log_folder: Path | None = None
        self._progress_timer = QTimer(self, singleShot=True, interval=80)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._connect()
        listing.model.curation_of = self.decision
        self.progress_text = ""

    # -- actions ------------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.parent()

        def act(name, text, keys, tip):
            a = QAction(text, w)
            a.setObjectName(f"curation_{name}")
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shown = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            a.setToolTip(f"{tip}  ({shown})")
            a.setStatusTip(tip)
            w.addAction(a)
            self.actions[name] = a
            return a

        for name, (text, key, tip) in TITLE_HELPERS.items():
            act(name, text, [key], tip)
        for name, (text, keys, tip) in DECISIONS.items():
            act(name, text, keys, tip)
        act("undo_decision", *UNDO_DECISION)
        self.preamble_menu = QMenu(w)
        self.preamble_menu.setObjectName("preambleMenu")
        self.shortcut_filter = _EditorShortcuts(
            [s for a in self.actions.values() for s in a.shortcuts()], self)
        self._filter_editors()

    def _filter_editors(self, editors=None) -> None:
        """Every text editor of the window (or ``editors``) lets the curation shortcuts
        through (installing twice is harmless)."""
        w = self.parent()
        if editors is None:
            editors = [*w.findChildren(QLineEdit), *w.findChildren(QPlainTextEdit)]
        for editor in editors:
            editor.installEventFilter(self.shortcut_filter)

    def _connect(self) -> None:
        a = self.actions
        a["remove_preamble"].triggered.connect(self._on_remove_preamble_triggered)
        a["remove_first_word"].triggered.connect(self._on_remove_first_word_triggered)
        a["ungreek"].triggered.connect(self._on_ungreek_triggered)
        a["capitalize"].triggered.connect(self._on_capitalize_triggered)
        a["paper_title"].triggered.connect(self._on_paper_title_triggered)
        a["pathway_phrase"].triggered.connect(self._on_pathway_phrase_triggered)
        a["curated"].triggered.connect(self._on_curated_triggered)
        a["rejected"].triggered.connect(self._on_rejected_triggered)
        a["nonhuman"].triggered.connect(self._on_nonhuman_triggered)
        a["undo_decision"].triggered.connect(self._on_undo_decision_triggered)
        self.preamble_menu.aboutToShow.connect(self._on_preamble_menu_about_to_show)
        proxy = self.listing.proxy
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self.edits_discarded.connect(self._on_window_edits_discarded)
        self.session.record_saved.connect(self._on_session_record_saved)
        self.listing.current_record_changed.connect(self._on_window_current_record_changed)
        self.profile_changed.connect(self._on_window_profile_changed)
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset,
                       proxy.layoutChanged):
            signal.connect(self._on_proxy_rows_changed)
        self._progress_timer.timeout.connect(self.update_progress)

    # -- the log ------------------------------------------------------------------------
    @property
    def log(self) -> CurationLog | None:
        """The curation log of the open folder (read when the folder changes)."""
        folder = self.listing.folder()
        if folder != self._log_folder:
            self._log_folder, self._log = folder, None
            if folder is not None:
                try:
                    self._log = CurationLog(folder)
                except RecordError as err:
                    self.ui.status_bar.showMessage(str(err), 15000)
        return self._log

    def decision(self, figid: str) -> str | None:
        log = self.log
        return log.decision(figid) if log is not None else None

    def record_id(self, path: str) -> str:
        i = self.listing.model.row_for_path(path)
        return self.listing.model.record_row(i).ident if i >= 0 else Path(path).stem

    def _path_of(self, figid: str) -> str | None:
        model = self.listing.model
        return next((r.path for r in model.records if r.ident == figid), None)

    def _refresh_row(self, path: str | None) -> None:
        model = self.listing.model
        i = model.row_for_path(path) if path else -1
        if i >= 0:
            model.dataChanged.emit(model.index(i, 0), model.index(i, model.columnCount() - 1))

    # -- decisions ----------------------------------------------------------------------
    def decide(self, decision: str) -> None:
        """Record the shown record's decision (one undo step: curation_decisions.py) and
        go to the next record of the list."""
        listing = self.listing
        path = listing.current_path()
        log = self.log
        if not path or log is None:
            return
        row = listing.proxy.row_of(path)
        following = listing.proxy.path_at(row + 1) if row >= 0 else None
        figid = self.record_id(path)
        command = DecisionCommand(self, path, figid, decision, log.decision(figid))
        self.undo_stack.push(command)
        if command.failed is None and following:
            listing.select_record(following)

    def decision_set(self, path: str, figid: str, decision, go_there: bool) -> None:
        """A decision was written (done, undone, redone or retracted): show it."""
        self._refresh_row(path)
        self.decision_changed.emit(figid, decision)
        self.ui.status_bar.showMessage(f"{figid}: {LABELS[decision]}", 4000)
        self._progress_timer.start()      # counted once the list settles
        if go_there and self.listing.model.row_for_path(path) >= 0:
            self.listing.select_record(path)

    def undo_decision(self) -> None:
        """Take back the latest decision: undo it when it is the latest step, else
        restore the state it replaced as a step of its own."""
        stack = self.undo_stack
        done = decisions_on(stack)
        if not done:
            self.ui.status_bar.showMessage("No decision to take back", 4000)
            return
        last = done[-1]
        if stack.command(stack.index() - 1) is last:
            stack.undo()
            return
        stack.push(DecisionCommand(self, last.path, last.figid, last.previous,
                                   self.log.decision(last.figid)))
        self.listing.select_record(last.path)

    def _on_window_edits_discarded(self, paths: list) -> None:
        retract_discarded(self.undo_stack, paths)

    def _on_session_record_saved(self, path: str) -> None:
        settle(self.undo_stack, path)

    def _on_curated_triggered(self) -> None:
        self.decide("curated")

    def _on_rejected_triggered(self) -> None:
        self.decide("rejected")

    def _on_nonhuman_triggered(self) -> None:
        self.decide("nonhuman")

    def _on_undo_decision_triggered(self) -> None:
        self.undo_decision()

    # -- progress -----------------------------------------------------------------------
    def _on_proxy_rows_changed(self, *args) -> None:
        self._progress_timer.start()

    def update_progress(self) -> None:
        """"412 curated / 11,700 remaining" over the records the list shows (one dict
        lookup a row: it runs after every keystroke of a search, at 70,000 rows)."""
        log = self.log
        state = log.state if log is not None else {}
        records, rows = self.listing.model.records, self.listing.proxy.source_rows()
        if state:   # map() with the dict's own get: a third of the generator's time
            decisions = Counter(map(state.get, [records[i].ident for i in rows]))
        else:
            decisions = Counter({None: len(rows)})
        curated = decisions.pop("curated", 0)
        remaining = decisions.pop(None, 0)
        other = sum(decisions.values())
        text = f"{curated:,} curated / {remaining:,} remaining"
        if other:
            text += f"  ({other:,} set aside)"
        if text != self.progress_text:
            self.progress_text = text
            self.progress_changed.emit(text)

    # -- title helpers ------------------------------------------------------------------
    def preambles(self) -> list[str]:
        learned = self.learner.most_common(8)
        return learned + [p for p in titles.DEFAULT_PREAMBLES if p not in learned]

    @property
    def title_field(self) -> str | None:
        """The field the title helpers edit: the collection profile's title field."""
        return self.session.profile.title_field

    def apply_title(self, label: str, transform) -> bool:
        """Set the shown record's title to ``transform(title, data)`` as one undo step."""
        session = self.session
        path = self.listing.current_path()
        field = self.title_field
        if not path or field is None:
            return False
        try:
            data = session.record(path).data
        except RecordError:
            return False
        title = data.get(field)
        title = title if isinstance(title, str) else ""
        new = transform(title, data)
        if not new or new == title:
            self.ui.status_bar.showMessage(f"{label}: nothing to change", 4000)
            return False
        command = SetFieldCommand(session, path, field, new, merge=False,
                                  text=f"{label}: {Path(path).stem}")
        command.curation_helper = True      # not a hand edit: nothing to learn from it
        self.undo_stack.push(command)
        return True

    def _on_remove_preamble_triggered(self) -> None:
        preambles = self.preambles()
        self.apply_title("Remove preamble", lambda t, d: titles.remove_preamble(t, preambles))

    def _on_preamble_menu_about_to_show(self) -> None:
        menu = self.preamble_menu
        menu.clear()
        learned = self.learner.most_common(8)
        for preamble in learned + [None] + list(titles.DEFAULT_PREAMBLES[:12]):
            if preamble is None:
                menu.addSeparator()
                continue
            action = menu.addAction(f"{preamble} …")
            action.triggered.connect(
                lambda checked=False, p=preamble: self.apply_title(
                    "Remove preamble", lambda t, d: titles.remove_preamble(t, [p])))

    def _on_remove_first_word_triggered(self) -> None:
        self.apply_title("Remove first word", lambda t, d: titles.remove_first_word(t))

    def _on_ungreek_triggered(self) -> None:
        spec = self.session.schema.title
        self.apply_title("Un-Greek", lambda t, d: titles.ungreek(
            t, spec.get("greek", {}), spec.get("greek_words", {})))

    def _on_capitalize_triggered(self) -> None:
        self.apply_title("Capitalize", lambda t, d: titles.capitalize_first(t))

    def _on_paper_title_triggered(self) -> None:
        def paper(t, d):
            field = self.session.profile.paper_title
            p = d.get(field) if field else None
            return titles.from_paper_title(p) if isinstance(p, str) else None
        self.apply_title("Use paper title", paper)

    def _on_pathway_phrase_triggered(self) -> None:
        self.apply_title("Extract pathway", lambda t, d: titles.pathway_phrase(t))

    # -- learning preambles from hand edits ---------------------------------------------
    def _on_undo_stack_index_changed(self, index: int) -> None:
        self._learn_from(index - 2)   # a title edit is final once another step follows

    def _on_window_profile_changed(self, profile) -> None:
        self._filter_editors()          # the new form's editors
        self._update_title_actions()

    def _on_window_current_record_changed(self, path: str) -> None:
        self._learn_from(self.undo_stack.index() - 1)   # ...or the record changes
        self._update_title_actions()
        # the form makes editors for the record's undeclared fields; searching the
        # whole window for them took 5 ms of every record switch (issue 20)
        self._filter_editors(self.ui.form.other_widgets())

    def _learn_from(self, i: int) -> None:
        stack = self.undo_stack
        if not 0 <= i < stack.count():
            return
        cmd = stack.command(i)
        title = self.title_field
        if not isinstance(cmd, SetFieldCommand) or cmd.field != title or \
                getattr(cmd, "curation_helper", False) or getattr(cmd, "learned", False):
            return
        cmd.learned = True
        old, new = cmd.edit.old.get((title,)), cmd.edit.new.get((title,))
        if isinstance(old, str) and isinstance(new, str):
            self.learner.learn(old, new)

    def _update_title_actions(self) -> None:
        enabled = bool(self.listing.current_path())
        profile = self.session.profile
        for name in (*TITLE_HELPERS, *DECISIONS):
            self.actions[name].setEnabled(enabled and (
                name in DECISIONS or profile.title_field is not None)
                and (name != "paper_title" or profile.paper_title is not None))
