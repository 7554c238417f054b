"""Which columns the record list shows: record id, title and status always; the others
on demand, from the header's context menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QTableView

from curator.gui.records.record_table_model import RecordTableModel as M

ALWAYS = (M.STATUS, M.ID, M.TITLE)
HIDDEN_BY_DEFAULT = (*M.FIELDS, M.PROBLEMS, M.CURATION)   # the default profile's too
_WIDTHS = {M.FIELD1: 46, M.FIELD2: 110, M.FIELD3: 110, M.FIELD4: 110, M.PROBLEMS: 66,
           M.CURATION: 96}


class ColumnChooser(QObject):
    """The header's context menu: one checkable entry per column."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        for column in HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        for before, column in zip(M.FIELDS, M.FIELDS[1:]):   # the fields side by side
            header.moveSection(header.visualIndex(column), header.visualIndex(before) + 1)
        table.model().headerDataChanged.connect(self._on_model_header_data_changed)

    def show_profile_columns(self, profile) -> None:
        """Show the list columns ``profile`` declares (but those it says are hidden),
        hide the field columns it has not (a collection opened with no layout saved)."""
        for i, column in enumerate(M.FIELDS):
            declared = profile.column(i)
            self.set_shown(column, declared is not None and not declared.hidden)

    def names(self) -> dict[int, str]:
        """Each column's name in the menu (a field column the profile leaves unnamed is
        not offered)."""
        model = self.table.model()
        names = {c: model.headerData(c, Qt.Orientation.Horizontal) if model is not None
                 else M.HEADERS[c] for c in range(len(M.HEADERS))}
        return {c: name or "Status" for c, name in names.items()
                if name or c == M.STATUS}

    def menu(self) -> QMenu:
        """The menu as it is now (the context menu shows it)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self.table)
        menu.setObjectName("columnChooser")
        for column, name in self.names().items():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column not in ALWAYS)
            action.setData(column)
            action.toggled.connect(lambda on, c=column: self.set_shown(c, on))
        return menu

    def set_shown(self, column: int, shown: bool) -> None:
        if column in ALWAYS:
            return
        header = self.table.horizontalHeader()
        if column in M.FIELDS and not self.names().get(column):
            shown = False             # a field column the profile leaves unnamed
        header.setSectionHidden(column, not shown)
        if shown and header.sectionSize(column) < 24:
            header.resizeSection(column, _WIDTHS.get(column, 80))

    def ensure_always_shown(self) -> None:
        """A restored header state never hides figure id, title or status."""
        header = self.table.horizontalHeader()
        for column in ALWAYS:
            if header.isSectionHidden(column):
                header.setSectionHidden(column, False)

    def _on_model_header_data_changed(self, *args) -> None:
        """Another profile: a field column it leaves unnamed is hidden."""
        names = self.names()
        header = self.table.horizontalHeader()
        for column in M.FIELDS:
            if column not in names:
                header.setSectionHidden(column, True)

    def _on_header_context_menu_requested(self, pos) -> None:
        menu = self.menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))


def install_column_chooser(table: QTableView) -> ColumnChooser:
    return ColumnChooser(table)
