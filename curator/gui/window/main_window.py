"""The main window: the record list on the left, the record form on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMainWindow

from curator.core.errors import RecordError
from curator.core.checks.fixes import fixed_value
from curator.core.fields.profile import Profile
from curator.core.fields.schema import Schema
from curator.core.fields.values import get, parse_path, same

from curator.gui.widgets.about import show_about
from curator.gui.window import window_settings
from curator.gui.window.folder_loader import FolderLoader
from curator.gui.widgets.key_repeat import HeldSteps
from curator.gui.widgets import gc_pin
from curator.gui.widgets.lock_switch import hand_lock_back_quickly
from curator.gui.widgets.paint_threads import paint_on_gui_thread
from curator.gui.widgets.when_idle import WhenIdle
from curator.gui.records.record_filter import RecordFilterModel
from curator.gui.form.record_form import RecordForm
from curator.gui.records.record_loader import RecordLoader
from curator.gui.records.record_session import ABSENT, RecordSession
from curator.gui.records.record_table_model import RecordTableModel, row_from_data
from curator.gui.records.undo_commands import SetFieldCommand
from curator.gui.window.window_actions import WindowActions
from curator.gui.window.window_curation import WindowCuration
from curator.gui.window.window_facets import WindowFacets
from curator.gui.window.disk_watch import DiskWatch
from curator.gui.window.window_git import GitController
from curator.gui.window.recovery import RecoveryJournal
from curator.gui.window.window_figure import WindowFigure
from curator.gui.window.window_fit import install_screen_fit
from curator.gui.window.first_paint import FirstPaint
from curator.gui.window.window_keys import WindowKeys
from curator.gui.window.operation_runner import OperationRunner
from curator.gui.window.window_operations import WindowOperations
from curator.gui.window.window_layout import (
    DefaultLayoutFollower, LayoutNames, build_layout, set_search_hint,
)
from curator.gui.window.window_listing import FolderListingMixin
from curator.gui.window.window_parts import listing_of, prompts_of
from curator.gui.window.window_records import RecordDisplayMixin
from curator.gui.window.window_resume import Resume
from curator.gui.window.window_saving import SavingMixin
from curator.gui.window.window_settings import MAX_RECENT  # noqa: F401  (re-exported)



class MainWindow(LayoutNames, FolderListingMixin, RecordDisplayMixin, SavingMixin, QMainWindow):
    """Curator's window over one folder of records (folder listing: window_listing.py;
    the current record: window_records.py; saving: window_saving.py). Its widgets are
    ``self.ui`` (window_layout.py), also under their own names (``self.table``).

    Signals:
        folder_loaded(): the record list is complete (every file listed and validated).
        current_record_changed(str): another record is shown (its path, or "").
        profile_changed(object): a folder of another collection profile was opened; the
            form is built anew (``session.profile`` is the new one).
        edits_discarded(list): the curator chose to drop these records' unsaved edits.
    """

    folder_loaded = Signal()
    profile_changed = Signal(object)
    current_record_changed = Signal(str)
    edits_discarded = Signal(list)

    def __init__(self, settings: QSettings | None = None, schema: Schema | None = None,
                 parent=None, profile: Profile | None = None) -> None:
        super().__init__(parent)
        paint_on_gui_thread()           # before the first paint: paint_threads.py
        gc_pin.pin_gc_to_gui_thread()   # the window runs Python threads: see gc_pin.py
        hand_lock_back_quickly()        # and lock_switch.py
        self.settings = settings if settings is not None else QSettings()
        self.undo_stack = QUndoStack(self)
        self.session = RecordSession(schema, self, profile)
        self.schema = self.session.schema
        self.model = RecordTableModel(self)
        self.model.set_profile(self.session.profile)
        self.proxy = RecordFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.loader = FolderLoader(self)
        self.record_loader = RecordLoader(self.session, self)   # big records, off-thread
        self.folder: Path | None = None
        self._current = ""
        self._list_layout_due = True    # rows came, went or moved: window_records.py
        self._loading = False
        self._pending_rows: list = []
        self._pending_progress: tuple[int, int] | None = None
        self._scan_done = None
        self._append_timer = QTimer(self, singleShot=True)
        self.read_ahead_later = WhenIdle(self._read_ahead, self)   # window_records.py
        self.setWindowTitle("Curator[*]")
        self.setAcceptDrops(True)
        self._build()
        self.actions_ = WindowActions(self, self.undo_stack)
        self.actions_.build_menus(self)
        self._connect()
        self.runner = OperationRunner(self)   # long work off the GUI thread; the views
        self.operations_views = WindowOperations(   # follow it (window_operations.py)
            self, self.runner, self.session, self.model, self.ui.status_bar,
            self._update_status)
        listing, prompts = listing_of(self), prompts_of(self)   # window_parts.py
        self.curation = WindowCuration(   # window_curation.py: curation dock, bulk edit, menu
            self, self.session, self.ui, listing, self.undo_stack, self.runner,
            self.edits_discarded, self.profile_changed, self.menuBar())
        self.facets = WindowFacets(       # window_facets.py: facets, clusters, recipes, menu
            self, self.session, listing, self.profile_changed, self.undo_stack,
            self.runner, self.curation, self.menuBar())
        self.disk_watch = DiskWatch(      # disk_watch.py: files changed outside Curator
            self, self.session, self.ui, listing, self.loader, prompts, self.runner,
            update_header=self._update_header, update_status=self._update_status)
        self.recovery = RecoveryJournal(  # recovery.py: the crash-recovery journal
            self, self.session, self.settings, listing, self.ui.status_bar, self.undo_stack,
            prompts)
        self.git = GitController(         # window_git.py: status, review and history
            self, self.session, self.ui, listing, self.runner, self.undo_stack,
            self.menuBar(), self.save_record)
        self.first_paint = FirstPaint(self.table, self)   # first_paint.py: after the rows
        self.resume = Resume(self.settings, listing,     # window_resume.py: the last record
                             self.first_paint.later)
        self.figure = WindowFigure(       # window_figure.py: the figure, local or from PMC
            self, self.session, self.settings, self.ui, listing, self.profile_changed,
            self._update_preview, self.menuBar(), self.actions_.image_folder,
            self.first_paint.later)
        self.keys = WindowKeys(           # window_keys.py: search <-> list, fix all, shortcuts
            self, self.session, self.ui, listing, self.undo_stack, self.actions_,
            self.menuBar(), self.profile_changed)
        self._restore_settings()
        self._update_status()
        self._update_actions()
        # a held Alt+Down (key_repeat.py); last: its filter sees every event of the
        # application, and building the window sent 6,500 (17 ms of the start)
        self.steps = HeldSteps(self._step, self)

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        build_layout(self)
        self.problems.set_fix_check(self._fix_would_change)

    def _connect(self) -> None:
        a = self.actions_
        a.open_folder.triggered.connect(self._on_open_folder_triggered)
        a.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        a.save.triggered.connect(self._on_save_triggered)
        a.save_all.triggered.connect(self._on_save_all_triggered)
        a.revert.triggered.connect(self._on_revert_triggered)
        a.image_folder.triggered.connect(self._on_image_folder_triggered)
        a.quit.triggered.connect(self.close)
        a.history.toggled.connect(self.history_dock.setVisible)
        # open or closed, not visible: a dock behind another's tab is hidden from view
        # (visibilityChanged(False)) yet open, and unchecking closed it (issue 15)
        self.history_dock.toggleViewAction().toggled.connect(a.history.setChecked)
        a.next_record.triggered.connect(self._on_next_record_triggered)
        a.previous_record.triggered.connect(self._on_previous_record_triggered)
        a.next_problem.triggered.connect(self._on_next_problem_triggered)
        a.find.triggered.connect(self._on_find_triggered)
        a.about.triggered.connect(self._on_about_triggered)
        a.quick_filters.triggered.connect(self._on_quick_filters_triggered)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.quick.currentIndexChanged.connect(self._on_quick_current_index_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.proxy.rowsInserted.connect(self._on_proxy_rows_changed)
        self.proxy.rowsRemoved.connect(self._on_proxy_rows_changed)
        self.proxy.modelReset.connect(self._on_proxy_rows_changed)
        self.proxy.layoutChanged.connect(self._on_proxy_rows_changed)
        self.form.field_edited.connect(self._on_form_field_edited)
        self.problems.problem_activated.connect(self._on_problems_problem_activated)
        self.problems.fix_requested.connect(self._on_problems_fix_requested)
        self.session.record_edited.connect(self._on_session_record_edited)
        self.session.modified_changed.connect(self._on_session_modified_changed)
        self.session.record_saved.connect(self._on_session_record_saved)
        self.loader.rows_loaded.connect(self._on_loader_rows_loaded)
        self.loader.progress_changed.connect(self._on_loader_progress_changed)
        self.loader.finished.connect(self._on_loader_finished)
        self.loader.noted.connect(self._on_loader_noted)
        self.record_loader.loaded.connect(self._on_record_loader_loaded)
        self._append_timer.timeout.connect(self._on_append_timer_timeout)
        self.stop_loading.clicked.connect(self._on_stop_loading_clicked)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)

    # -- profiles -----------------------------------------------------------------------
    def use_profile(self, profile: Profile) -> None:
        """Show records as ``profile`` does: its schema, list columns and a form built
        for it (nothing is done when it is the profile in use)."""
        old = self.session.profile
        if (old.name, old.fingerprint) == (profile.name, profile.fingerprint):
            return
        self.session.profile = profile
        self.session.schema = self.schema = profile.schema
        self.model.set_profile(profile)
        set_search_hint(self.search, profile)
        form = RecordForm(profile.schema, self, profile)
        form.setMinimumWidth(self.form.minimumWidth())
        self.form.parentWidget().layout().replaceWidget(self.form, form)
        self.form.hide()
        self.form.deleteLater()
        self.ui.form = form
        self.form.field_edited.connect(self._on_form_field_edited)
        self.profile_changed.emit(profile)

    # -- editing ------------------------------------------------------------------------
    def _on_form_field_edited(self, name: str, value) -> None:
        if not self._current or self.form.record is None:
            return
        rec = self.form.record
        path = parse_path(name)
        if value in ("", []) and get(rec.original, path, ABSENT) is ABSENT:
            value = ABSENT    # emptied a field the file does not have: leave it out
        self.undo_stack.push(SetFieldCommand(self.session, self._current, name, value))

    def _fix_would_change(self, problem) -> bool:
        rec = self.form.record
        if rec is None or not problem.fixable:
            return False
        value = fixed_value(problem, rec.data, self.schema)
        return value is not None and not same(rec.get(parse_path(problem.field)), value)

    def _on_problems_fix_requested(self, problem) -> None:
        rec = self.form.record
        if rec is None or not self._fix_would_change(problem):
            return
        value = fixed_value(problem, rec.data, self.schema)
        self.undo_stack.push(SetFieldCommand(self.session, self._current, problem.field,
                                             value, merge=False,
                                             text=f"Fix: {problem.message}"))

    def _on_problems_problem_activated(self, problem) -> None:
        self.form.focus_field(problem.field)

    def _on_session_record_edited(self, path: str, names: list) -> None:
        if path != self._current:
            if not self.session.bulk_edit:   # session.staying_put(): stay put
                self.select_record(path)    # undo of an edit in another record goes there
        else:
            problems = self.session.problems(path)
            self.form.update_fields(names)
            self.form.show_problems(problems)
            self.problems.set_problems(problems)
            preview = self.session.profile.preview
            if preview is not None and preview.fields & set(names):
                self._update_preview()
        self._refresh_row(path)

    def _refresh_row(self, path: str) -> None:
        i = self.model.row_for_path(path)
        if i < 0:
            return
        try:
            data = self.session.record(path).data
        except RecordError:
            return
        self.model.update_row(row_from_data(self.model.record_row(i), data,
                                            self.session.problems(path),
                                            self.session.profile))
        self._update_status()

    def _on_session_modified_changed(self, path: str, modified: bool) -> None:
        self.model.set_modified(path, modified)
        self.setWindowModified(bool(self.session.modified_paths()))
        self._update_header()
        self._update_status()
        self._update_actions()

    def _on_session_record_saved(self, path: str) -> None:
        self._refresh_row(path)
        if path == self._current:
            self.form.update_fields([])

    def _on_undo_stack_index_changed(self, index: int) -> None:
        self._update_actions()

    # -- navigation ---------------------------------------------------------------------
    def _step(self, step: int) -> None:
        self.first_paint.settle()       # the record the list starts on first
        count = self.proxy.rowCount()
        if not count:
            return
        row = self.proxy.row_of(self._current) if self._current else -1
        target = min(max(row + step, 0), count - 1) if row >= 0 else 0
        self.select_record(self.proxy.path_at(target))

    def _on_next_record_triggered(self) -> None:
        self.steps.request(1)

    def _on_previous_record_triggered(self) -> None:
        self.steps.request(-1)

    def _on_next_problem_triggered(self) -> None:
        self.first_paint.settle()
        count = self.proxy.rowCount()
        start = self.proxy.row_of(self._current) if self._current else -1
        for k in range(1, count + 1):
            row = (start + k) % count
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, RecordTableModel.WorstRole) in ("error", "warning") \
                    or not self.proxy.data(index, RecordTableModel.ParsedRole):
                if self.proxy.path_at(row) != self._current:
                    self.select_record(self.proxy.path_at(row))
                return
        self.statusBar().showMessage("No other record has errors or warnings", 4000)

    def _on_find_triggered(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- filters ------------------------------------------------------------------------
    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.lay_out_list()   # now: the keystroke's first paint shows its rows (issue 20)

    def _on_quick_current_index_changed(self, index: int) -> None:
        key = self.quick.itemData(index)
        self.proxy.set_quick_filter(key)
        self.actions_.quick[key].setChecked(True)

    def _on_quick_filters_triggered(self, action) -> None:
        self.quick.setCurrentIndex(self.quick.findData(action.data()))

    def _on_proxy_rows_changed(self, *args) -> None:
        self._list_layout_due = True
        self._update_status()

    # -- menus and dialogs --------------------------------------------------------------
    def _on_open_folder_triggered(self) -> None:
        start = str(self.folder) if self.folder else ""
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of records", start)
        if folder:
            self.open_folder(folder)

    def _on_recent_menu_about_to_show(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        for folder in self.recent_folders():
            action = menu.addAction(folder)
            action.triggered.connect(lambda checked=False, f=folder: self.open_folder(f))
        if menu.isEmpty():
            menu.addAction("No recent folders").setEnabled(False)

    def _on_image_folder_triggered(self) -> None:
        start = self.settings.value("imageFolder", "") or ""
        folder = QFileDialog.getExistingDirectory(self, "Folder of figure images", start)
        if folder:
            self.settings.setValue("imageFolder", folder)
            self._update_preview()

    def _on_about_triggered(self) -> None:
        show_about(self)

    # -- status -------------------------------------------------------------------------
    def _update_status(self) -> None:
        total = self.model.rowCount()
        errors = self.model.error_count()
        parts = [f"{total:,} records", f"{errors:,} with errors",
                 f"{self.model.modified_count():,} modified"]
        shown = self.proxy.rowCount()
        if shown != total:
            parts.append(f"{shown:,} shown")
        if self._loading:
            parts.append("loading…")
        self.status_label.setText(" · ".join(parts))

    def _update_actions(self) -> None:
        a = self.actions_
        current_modified = bool(self._current) and self.session.is_modified(self._current)
        a.save.setEnabled(current_modified)
        a.revert.setEnabled(current_modified)
        a.save_all.setEnabled(bool(self.session.modified_paths()))

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if self._dropped_folder(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        folder = self._dropped_folder(event.mimeData())
        if folder is not None:
            event.acceptProposedAction()
            self.open_folder(folder)

    @staticmethod
    def _dropped_folder(mime) -> Path | None:
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).is_dir():
                return Path(url.toLocalFile())
        return None

    # -- settings and closing -----------------------------------------------------------
    def _restore_settings(self) -> None:
        restored = window_settings.restore_layout(self, self.settings)
        self.layout_follower = DefaultLayoutFollower(self, active=not restored)
        install_screen_fit(self)    # window_fit.py: no wider than the screen, any docks

    def save_settings(self) -> None:
        self.resume.write()             # the record to start on next time (then synced)
        window_settings.save_layout(self, self.settings)

    def closeEvent(self, event) -> None:
        self.runner.settle()            # a Save All in flight is told before asking
        if not self.maybe_save():
            event.ignore()
            return
        self.runner.shutdown()          # the operation running is finished, none begun
        self.save_settings()
        self.figure.close()
        self.recovery.folder_closed()   # a clean close leaves no journal
        self.record_loader.cancel()     # a big record still being read is not waited for
        self.loader.shutdown()          # every thread and worker joined: window_quit.py
        event.accept()
