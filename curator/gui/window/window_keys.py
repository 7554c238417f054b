"""The curator's loop from the keyboard: from the search box into the results and back,
Escape to the list, "Fix All in This Record" (one undo step), organism completion, and
Help → Keyboard Shortcuts, a list generated from the window's actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenuBar, QWidget

from curator.core.checks.fixes import fixed_value
from curator.core.fields.values import parse_path, same

from curator.gui.form.organism_completer import install_organism_completers
from curator.gui.records.record_session import RecordSession
from curator.gui.records.undo_commands import SetFieldCommand
from curator.gui.widgets.shortcuts_dialog import ShortcutsDialog
from curator.gui.window.window_actions import WindowActions
from curator.gui.window.window_layout import WindowLayout
from curator.gui.window.window_parts import Listing

FIX_ALL_KEY = "Ctrl+Shift+F"
LIST_KEY = "Escape"
MAX_FIX_ROUNDS = 50        # a fix that keeps re-creating its problem is not applied forever


class WindowKeys(QObject):
    """Keyboard behaviour of one window (kept as ``window.keys``). Given the window only
    as its parent (its actions' and the shortcuts dialog's); the rest is passed in: the
    session, the layout (search box, list, form, problems, status bar), the list, the
    undo stack, the window's actions and menu bar, and the signal of a new profile."""

    def __init__(self, parent: QWidget, session: RecordSession, ui: WindowLayout,
                 listing: Listing, undo_stack: QUndoStack, actions: WindowActions,
                 menu_bar: QMenuBar, profile_changed: SignalInstance) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = ui
        self.listing = listing
        self.undo_stack = undo_stack
        a = actions

        def act(text, key, tip, name):
            action = QAction(text, parent)
            action.setObjectName(name)
            if key:
                action.setShortcut(QKeySequence(key))
            action.setStatusTip(tip)
            parent.addAction(action)
            return action
        self.fix_all = act("Fix &All in This Record", FIX_ALL_KEY,
                           "Apply every fix of the record's problems (one undo step)",
                           "fixAll")
        self.to_list = act("Go to the &List", LIST_KEY, "Put the keyboard in the record list",
                           "goToList")
        self.to_list.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcuts = act("&Keyboard Shortcuts", "", "Every shortcut of the window",
                             "keyboardShortcuts")
        menus = {t.text(): t.menu() for t in menu_bar.actions() if t.menu()}
        if "&Edit" in menus:
            menus["&Edit"].insertAction(a.history, self.fix_all)
        if "&Go" in menus:
            menus["&Go"].addSeparator()
            menus["&Go"].addAction(self.to_list)
        if "&Help" in menus:
            menus["&Help"].insertAction(a.about, self.shortcuts)
        self.fix_all.setIconText("Fix all")
        self.fix_all_button = ui.problems.add_action_button(self.fix_all)
        self.fix_all.triggered.connect(self._on_fix_all_triggered)
        self.to_list.triggered.connect(self._on_to_list_triggered)
        self.shortcuts.triggered.connect(self._on_shortcuts_triggered)
        ui.search.installEventFilter(self)
        self.completers = install_organism_completers(ui.form)
        profile_changed.connect(self._on_window_profile_changed)
        listing.current_record_changed.connect(self._on_window_current_record_changed)
        session.record_edited.connect(self._on_session_record_edited)
        self._update()

    def _on_window_profile_changed(self, profile) -> None:
        self.completers = install_organism_completers(self.ui.form)   # a new form

    # -- search box -> results -----------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and obj is self.ui.search and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down) and \
                not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.into_results()
            return True
        return False

    def into_results(self) -> None:
        """The keyboard goes to the list, on the first result."""
        proxy = self.listing.proxy
        if proxy.rowCount():
            self.listing.select_record(proxy.path_at(0))
        self.ui.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_to_list_triggered(self) -> None:
        for completer in self.completers:    # Escape closes a completion popup first
            if completer.completer.popup().isVisible():
                completer.completer.popup().hide()
                return
        self.ui.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_shortcuts_triggered(self) -> None:
        dialog = ShortcutsDialog(self.parent())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- fix all ------------------------------------------------------------------------
    def fixes(self) -> list:
        """The current record's problems whose fix would change something now."""
        rec = self.ui.form.record
        if rec is None:
            return []
        out = []
        for problem in self.session.problems(self.listing.current_path()):
            if not problem.fixable:
                continue
            value = fixed_value(problem, rec.data, self.session.schema)
            if value is not None and not same(rec.get(parse_path(problem.field)), value):
                out.append(problem)
        return out

    def fix_all_in_record(self) -> int:
        """Apply every fix (each after the one before: fixes can depend on each other)
        as one undo step; the number of fixes applied."""
        path, stack = self.listing.current_path(), self.undo_stack
        if not path or not self.fixes():
            return 0
        name = path.rsplit("/", 1)[-1]
        applied, tried = 0, set()
        stack.beginMacro(f"Fix all in {name}")
        try:
            for _ in range(MAX_FIX_ROUNDS):
                todo = [p for p in self.fixes() if (p.code, p.field) not in tried]
                if not todo:
                    break
                problem = todo[0]
                tried.add((problem.code, problem.field))
                value = fixed_value(problem, self.ui.form.record.data, self.session.schema)
                stack.push(SetFieldCommand(self.session, path, problem.field, value,
                                           merge=False, text=f"Fix: {problem.message}"))
                applied += 1
        finally:
            stack.endMacro()
        self.ui.status_bar.showMessage(
            f"Applied {applied} fix{'es' if applied != 1 else ''}", 4000)
        return applied

    def _on_fix_all_triggered(self) -> None:
        self.fix_all_in_record()

    def _update(self) -> None:
        self.fix_all.setEnabled(bool(self.fixes()))

    def _on_window_current_record_changed(self, path: str) -> None:
        self._update()

    def _on_session_record_edited(self, path: str, names: list) -> None:
        if path == self.listing.current_path():
            self._update()

