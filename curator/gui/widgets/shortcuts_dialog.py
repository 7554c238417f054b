"""Help → Keyboard Shortcuts: every shortcut of a main window, by menu, generated from its
menus and actions (so the list cannot drift from what the keys do). The window is its
subject: its own menus and actions are what it lists."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMainWindow, QMenu, \
    QTreeWidget, QTreeWidgetItem, QVBoxLayout


def shortcut_rows(main: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the window that has a shortcut: the
    menu bar's actions under their menu, then the others (generated, so it cannot
    drift from what the keys do)."""
    rows, seen = [], set()

    def add(menu_title: str, action: QAction) -> None:
        if action in seen or action.isSeparator() or not action.shortcuts():
            return
        seen.add(action)
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in action.shortcuts())
        rows.append((menu_title, action.text().replace("&", "").rstrip("…"), keys))

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), title)
            else:
                add(title, action)

    for top in main.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    for action in main.findChildren(QAction):
        add("Other", action)
    return rows


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, by menu."""

    def __init__(self, main: QMainWindow) -> None:
        super().__init__(main)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts — Curator")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, text, keys in shortcut_rows(main):
            if menu not in groups:
                groups[menu] = QTreeWidgetItem(self.tree, [menu, ""])
                font = groups[menu].font(0)
                font.setBold(True)
                groups[menu].setFont(0, font)
                groups[menu].setFirstColumnSpanned(True)
            QTreeWidgetItem(groups[menu], [text, keys])
        self.tree.setRootIsDecorated(True)
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(560, 640)
