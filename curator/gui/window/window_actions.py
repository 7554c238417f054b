"""The main window's actions and menus (what each does is the window's business)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from curator.gui.records.record_filter import QUICK_FILTERS


class WindowActions:
    """Every QAction of the window, created once, with its shortcuts."""

    def __init__(self, window: QMainWindow, undo_stack) -> None:
        def act(text, shortcuts=(), tip="", name=""):
            a = QAction(text, window)
            if shortcuts:
                a.setShortcuts([QKeySequence(s) for s in shortcuts])
            if tip:
                a.setStatusTip(tip)
                a.setToolTip(tip)
            a.setObjectName(name or text.replace("&", "").replace("…", "").title()
                            .replace(" ", ""))
            window.addAction(a)
            return a

        K = QKeySequence.StandardKey
        self.open_folder = act("&Open Folder…", [K.Open], "Open a folder of records")
        self.recent_menu = QMenu("Open &Recent", window)
        self.save = act("&Save", [K.Save], "Save the current record")
        self.save_all = act("Save A&ll", ["Ctrl+Shift+S"], "Save every modified record")
        self.revert = act("&Revert Record", [], "Drop the current record's unsaved edits")
        self.image_folder = act("Set &Image Folder…", [],
                                "Choose a folder where figure images are looked up")
        self.quit = act("&Quit", ["Ctrl+Q"], "Quit Curator")
        self.undo = undo_stack.createUndoAction(window, "&Undo")
        self.undo.setShortcuts([QKeySequence(K.Undo)])
        self.redo = undo_stack.createRedoAction(window, "&Redo")
        redo_keys = QKeySequence.keyBindings(K.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo.setShortcuts(redo_keys)
        window.addAction(self.undo)
        window.addAction(self.redo)
        self.history = act("&History", ["Ctrl+H"], "Show every edit, and go back to any")
        self.history.setCheckable(True)
        self.next_record = act("&Next Record", ["Ctrl+Down", "Alt+Down"])
        self.previous_record = act("&Previous Record", ["Ctrl+Up", "Alt+Up"])
        self.next_problem = act("Next Record with &Problems", ["F8"],
                                "Go to the next record with errors or warnings")
        self.find = act("&Find", [K.Find], "Search the records")
        self.about = act("&About Curator")
        self.quick_filters = QActionGroup(window)
        self.quick_filters.setExclusive(True)
        self.quick = {}
        for key, label in QUICK_FILTERS.items():
            a = act(label, name=f"filter_{key}")
            a.setCheckable(True)
            a.setData(key)
            a.setChecked(key == "all")
            self.quick_filters.addAction(a)
            self.quick[key] = a

    def build_menus(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.open_folder)
        file.addMenu(self.recent_menu)
        file.addSeparator()
        file.addActions([self.save, self.save_all, self.revert])
        file.addSeparator()
        file.addAction(self.image_folder)
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addAction(self.history)
        edit.addSeparator()
        edit.addAction(self.find)
        view = bar.addMenu("&View")
        view.addActions(self.quick_filters.actions())
        go = bar.addMenu("&Go")
        go.addActions([self.next_record, self.previous_record, self.next_problem])
        help_ = bar.addMenu("&Help")
        help_.addAction(self.about)
