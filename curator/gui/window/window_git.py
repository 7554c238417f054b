"""Git in the window: each record's state against HEAD in the list, the branch in the
status bar, the Review Changes dock (stage, unstage, discard, commit) and a record's
history. The git work runs on GitStatus's thread; this controller only wires it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenuBar

from curator.core.history import vcs
from curator.core.history.review import ReviewEntry, history, review

from curator.gui.history.git_status import GitStatus, listed_path
from curator.gui.history.history_view import HistoryView
from curator.gui.records.record_table_model import RecordTableModel
from curator.gui.history.review_model import UNSAVED
from curator.gui.history.review_panel import ReviewPanel
from curator.gui.records.record_session import RecordSession
from curator.gui.window.operation_runner import OperationRunner
from curator.gui.window.window_layout import WindowLayout
from curator.gui.window.window_parts import Listing

REVIEW_KEY, HISTORY_KEY = "Ctrl+Shift+G", "Ctrl+Shift+H"


class DiscardCommand(QUndoCommand):
    """Discarding a record's changes (back to HEAD; a renamed record back to its old path),
    undoable: the bytes it had are kept by the command, so until the app quits an undo
    writes them back."""

    def __init__(self, controller: GitController, path: str,
                 old_path: str | None = None) -> None:
        super().__init__(f"Discard changes to {Path(path).name}")
        self._git, self.path, self.old_path = controller, path, old_path
        self.before: bytes | None = None
        self._done = False

    def redo(self) -> None:
        self._git.status.run(("discarded", self), lambda: self._discard())

    def _discard(self):
        before = self._git.repo_for_work().discard(self.path, self.old_path)
        if not self._done:
            self.before, self._done = before, True
        return before

    def undo(self) -> None:
        before, path, old_path = self.before, self.path, self.old_path
        self._git.status.run(("restored", self), lambda: self._git.repo_for_work().undiscard(
            path, before, old_path))


class GitController(QObject):
    """Git in one window (kept as ``window.git``). Given the window only as its parent, a
    QMainWindow: where the Review Changes dock is placed and sized, whose activation
    refreshes the states, and the parent of its label, panel and history view. The rest is
    passed in: the session, the layout (the list's table, the form, the status bar), the
    list, the operation runner (its change sets: files written, or changed on disk), the
    undo stack, the menu bar the Git menu goes in, and how to save a record."""

    def __init__(self, parent: QMainWindow, session: RecordSession, ui: WindowLayout,
                 listing: Listing, runner: OperationRunner, undo_stack: QUndoStack,
                 menu_bar: QMenuBar, save_record: Callable[[str], object]) -> None:
        super().__init__(parent)
        self.session, self.ui, self.listing = session, ui, listing
        self.runner, self.undo_stack = runner, undo_stack
        self.menu_bar, self.save_record = menu_bar, save_record
        self.status = GitStatus(self)
        self.repo: vcs.Repo | None = None
        self.discarded: list[DiscardCommand] = []
        self.branch_label = QLabel(parent)
        self.branch_label.setObjectName("gitBranch")
        self.branch_label.setTextFormat(Qt.TextFormat.PlainText)
        self.branch_label.hide()
        ui.status_bar.addPermanentWidget(self.branch_label)
        self.panel = ReviewPanel(parent)
        self.dock = QDockWidget("Review Changes", parent)
        self.dock.setObjectName("reviewDock")
        self.dock.setWidget(self.panel)
        parent.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._dock_sized = False
        self.history_view: HistoryView | None = None
        ui.table.setColumnHidden(RecordTableModel.GIT, True)
        self._menu()
        self._connect()

    def _menu(self) -> None:
        w, bar = self.parent(), self.menu_bar
        self.review_action = QAction("&Review Changes", w, checkable=True)
        self.review_action.setObjectName("reviewChangesAction")
        self.review_action.setShortcut(QKeySequence(REVIEW_KEY))
        self.review_action.setStatusTip("Every record changed since the last commit, "
                                        "field by field; stage and commit")
        self.history_action = QAction("History of This &Record…", w)
        self.history_action.setObjectName("recordHistoryAction")
        self.history_action.setShortcut(QKeySequence(HISTORY_KEY))
        self.history_action.setStatusTip("The commits that changed this record, by field")
        menu = bar.addMenu("&Git")
        menu.setObjectName("gitMenu")
        titles = {a.text(): a for a in bar.actions()}
        before = titles.get("Fa&cets") or titles.get("&Curation") or titles.get("&Help")
        if before is not None:   # the window's own menus, then Git, then Curation and Help
            bar.insertMenu(before, menu)
        menu.addAction(self.review_action)
        menu.addAction(self.history_action)
        self.menu = menu
        self._enable(False)

    def _connect(self) -> None:
        s, p = self.status, self.panel
        self.listing.folder_loaded.connect(self._on_window_folder_loaded)
        self.session.record_saved.connect(self._on_changed_on_disk)
        self.runner.changed.connect(self._on_runner_changed)
        self.parent().installEventFilter(self)
        s.status_changed.connect(self._on_status_changed)
        s.done.connect(self._on_status_done)
        s.failed.connect(self._on_status_failed)
        self.review_action.toggled.connect(self.dock.setVisible)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        # open or closed, not visible: behind another dock's tab it is open all the same
        self.dock.toggleViewAction().toggled.connect(self.review_action.setChecked)
        self.history_action.triggered.connect(self._on_history_triggered)
        p.stage_requested.connect(lambda paths: self._git("staged", lambda r: r.stage(paths)))
        p.unstage_requested.connect(   # a rename: its old path is unstaged with it
            lambda paths: self._git("staged", lambda r: r.unstage(p.with_old_paths(paths))))
        p.discard_requested.connect(self._on_panel_discard_requested)
        p.save_requested.connect(self._on_panel_save_requested)
        p.commit_requested.connect(self._on_panel_commit_requested)
        p.refresh_requested.connect(lambda: self.status.refresh(now=True))
        p.record_activated.connect(self._on_panel_record_activated)
        QCoreApplication.instance().aboutToQuit.connect(self.status.shutdown)

    # -- state ----------------------------------------------------------------------------
    def repo_for_work(self) -> vcs.Repo:
        if self.repo is None:
            raise vcs.GitError("the folder is not in a git repository")
        return self.repo

    def _enable(self, on: bool) -> None:
        self.review_action.setEnabled(on)
        self.history_action.setEnabled(on)

    def _on_window_folder_loaded(self) -> None:
        folder = self.listing.folder()
        if folder is not None and folder != self.status.folder:
            self.status.set_folder(folder)
        else:
            self.status.refresh()

    def _on_changed_on_disk(self, *args) -> None:
        self.status.refresh()

    def _on_runner_changed(self, changes) -> None:
        if changes.paths or changes.written:
            self.status.refresh()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.WindowActivate and self.repo is not None:
            self.status.refresh()   # a commit in a terminal, a checkout of another branch
        return False

    def _on_status_changed(self, repo, branch: str, states: dict) -> None:
        self.repo = repo
        self.listing.model.set_git_states(states)
        self.ui.table.setColumnHidden(RecordTableModel.GIT, repo is None)
        self.branch_label.setVisible(repo is not None)
        changed = len(states)
        self.branch_label.setText(f"⎇ {branch} · {changed:,} changed" if repo else "")
        self._enable(repo is not None)
        if repo is None:
            self.panel.set_not_a_repository()
        elif self.dock.isVisible():
            self._request_review()

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and not self._dock_sized:   # first shown: 40% of the window's height
            self._dock_sized = True
            main = self.parent()
            main.resizeDocks([self.dock], [main.height() * 2 // 5],
                                    Qt.Orientation.Vertical)
        if visible and self.repo is not None:
            self._request_review()

    def _request_review(self) -> None:
        folder, repo = self.listing.folder(), self.repo
        self.status.run("review", lambda: (folder, review(folder, repo=repo)))

    def _git(self, tag: str, work) -> None:
        repo = self.repo
        if repo is not None:
            self.panel.show_error("")
            self.status.run(tag, lambda: work(repo))

    def _on_status_done(self, tag, result) -> None:
        if tag == "review":
            folder, entries = result
            self._show_review(folder, entries)
            return
        if isinstance(tag, tuple) and tag[0] == "history":
            if self.history_view is not None:
                self.history_view.set_history(tag[1], result, tag[2])
            return
        if isinstance(tag, tuple) and tag[0] in ("discarded", "restored"):
            self.ui.status_bar.showMessage(
                f"{'Discarded' if tag[0] == 'discarded' else 'Restored'} the changes to "
                f"{Path(tag[1].path).name}", 6000)
        if tag == "committed":
            self.panel.message.clear()
            self.ui.status_bar.showMessage(f"Committed {result[:7]} on {self.status.branch}", 8000)
        self.status.refresh(now=True)

    def _on_status_failed(self, message: str) -> None:
        self.panel.show_error(message)
        if self.history_view is not None and self.history_view.isVisible():
            self.history_view.show_error(message)
        self.ui.status_bar.showMessage(f"Git: {message}", 10000)

    def _show_review(self, folder, entries) -> None:
        inside = Path(folder).resolve()
        shown, unsaved = [], set(self.session.modified_paths())
        for e in entries:
            key = listed_path(folder, inside, e.path)
            if key is not None:
                e.path = Path(key)
                if e.old_path is not None:
                    e.old_path = Path(listed_path(folder, inside, e.old_path) or e.old_path)
                shown.append(e)
        for path in sorted(unsaved - {str(e.path) for e in shown}):
            shown.append(ReviewEntry(Path(path), UNSAVED))
        self.panel.set_review(Path(folder), self.status.branch, shown, unsaved)

    # -- the panel's requests -------------------------------------------------------------
    def _on_panel_discard_requested(self, path: str) -> None:
        if self.session.is_modified(path):
            self.panel.show_error(f"{Path(path).name} has unsaved edits: save or revert them "
                                  "before discarding its committed changes")
            return
        entry = self.panel.entry(path)
        old_path = entry.old_path if entry is not None else None
        command = DiscardCommand(self, path, str(old_path) if old_path else None)
        self.discarded.append(command)   # its bytes outlive the undo stack's clear()
        self.undo_stack.push(command)

    def _on_panel_save_requested(self, paths: list) -> None:
        for path in paths:
            if self.session.is_modified(path):
                self.save_record(path)
        self.status.refresh(now=True)

    def _on_panel_record_activated(self, path: str) -> None:
        if Path(path).exists():
            self.listing.select_record(path)

    def _on_panel_commit_requested(self, message: str) -> None:
        if not message.strip():
            self.panel.show_error("Write a commit message first")
            return
        self._git("committed", lambda r: r.commit(message))

    def _on_history_triggered(self) -> None:
        path = self.listing.current_path()
        if not path or self.repo is None:
            return
        if self.history_view is None:
            self.history_view = HistoryView(self.parent())
            self.history_view.field_chosen.connect(self._request_history)
        record = self.ui.form.record
        fields = [str(k) for k in record.data] if record is not None else []
        view = self.history_view
        view.show_loading(path, fields)
        if view.isVisible():
            view.activateWindow()
        else:
            view.show()
        self._request_history(path, view.chosen_field())

    def _request_history(self, path: str, field_name: str) -> None:
        repo = self.repo
        if repo is not None:
            self.status.run(("history", path, field_name),
                            lambda: history(path, field_name or None, repo=repo))

