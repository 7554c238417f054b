"""The record form: an editor for every field of the schema, grouped into tabs, with each
field's problems under it, the entity tables, the unknown fields and the file's source."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHeaderView, QLabel, QTableView, \
    QTabWidget, QVBoxLayout, QWidget

from curator.core.errors import RecordError
from curator.core.checks.problems import SEVERITIES
from curator.core.fields.profile import Profile, default_profile
from curator.core.fields.schema import Schema
from curator.core.fields.values import ABSENT, get

from curator.gui.form.field_editors import FieldEditor, code_view, display_text, shown_text
from curator.gui.form.form_page import FormPage
from curator.gui.form.yaml_highlighter import YamlHighlighter
from curator.gui.widgets.when_idle import WhenIdle


class RecordForm(QTabWidget):
    """Editors built from the schema. ``set_record`` shows a record; edits come out as
    ``field_edited`` and go back in (after the undo stack applied them) as
    ``update_fields``.

    Signals:
        field_edited(str, object): the curator changed a field: dotted name, new value.
    """

    field_edited = Signal(str, object)

    def __init__(self, schema: Schema, parent=None, profile: Profile | None = None) -> None:
        """``profile`` orders the tabs, names the pages that grow with the window, the
        mapping fields shown as tables and the notes of empty tabs (the default's)."""
        super().__init__(parent)
        self.setObjectName("recordForm")
        self.setDocumentMode(True)
        self.schema = schema
        self.profile = profile or default_profile()
        self._growing = frozenset(self.profile.growing)
        self._mappings = {t.field: t for t in self.profile.tables}
        self._notes: dict[str, QLabel] = {}
        self._record = None
        self.editors: dict[str, FieldEditor] = {}
        self._pages: dict[str, FormPage] = {}
        self._tables: dict[str, tuple[QTableView, QStandardItemModel]] = {}
        self._other: dict[str, FieldEditor] = {}
        self._table_labels: dict[str, tuple] = {}
        self._table_rows: dict[str, tuple] = {}   # what each table shows now
        self._stale: set[str] = set()   # tabs not showing the record yet: fill_hidden
        self._by_field: dict[str, list] = {}      # the record's problems, by editor
        self._late_fill = WhenIdle(self.fill_hidden, self)   # the tabs not shown
        self._build()
        self._connect()
        self.setEnabled(False)

    # -- building -----------------------------------------------------------------------
    def _page(self, group: str) -> FormPage:
        if group not in self._pages:
            page = FormPage(self, stretch=group not in self._growing)
            page.setObjectName(f"page_{group}")
            self._pages[group] = page
        return self._pages[group]

    def _build(self) -> None:
        groups = list(self.profile.tabs)
        for spec in self.schema.fields.values():
            if spec.group not in groups:
                groups.append(spec.group)
        if "Other" not in groups:
            groups.append("Other")
        for group in groups:
            self._page(group)
        for spec in self._in_form_order():
            page = self._page(spec.group)
            if spec.type == "records":
                self._add_table(page, spec.name, spec.label, list(spec.entry))
            elif spec.type == "mapping":
                continue   # its declared children have editors; the rest is a table
            else:
                editor = FieldEditor(spec.name, spec, page.widget(),
                                     tall=self.profile.tall.get(spec.name))
                page.form.addRow(editor.label, editor.container)
                self.editors[spec.name] = editor
                if spec.group in self._growing and spec.widget == "text":
                    page.grower = editor.container
        for table in self.profile.tables:
            self._add_table(self._page(table.tab), table.field, table.label, ["Key", "Value"])
        for tab, text in self.profile.notes.items():
            page = self._page(tab)
            note = self._notes[tab] = QLabel(text, page.widget())
            note.setWordWrap(True)
            page.outer.insertWidget(0, note)
        self._other_page = self._page("Other")
        self._other_note = QLabel("Fields this record has that the schema does not "
                                  "declare. They are kept as they are.",
                                  self._other_page.widget())
        self._other_note.setWordWrap(True)
        self._other_page.outer.insertWidget(0, self._other_note)
        for group in groups:
            self.addTab(self._pages[group], group)
        self._build_source()

    def _in_form_order(self):
        """The schema's fields; on a page that grows with the window the multi-line text
        (the caption) comes last, so it takes the room left and the short fields (title,
        organisms) are seen without scrolling."""
        specs = list(self.schema.fields.values())
        return sorted(specs, key=lambda s: s.group in self._growing and s.widget == "text")

    def _add_table(self, page: FormPage, name: str, label: str, columns: list[str]) -> None:
        view = QTableView(page.widget())
        view.setObjectName(f"table_{name}")
        model = QStandardItemModel(0, len(columns), view)
        model.setHorizontalHeaderLabels(columns)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setWordWrap(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.setMinimumHeight(150)
        title = QLabel(label, page.widget())
        page.form.addRow(title, view)
        self._tables[name] = (view, model)
        self._table_labels[name] = (title, label, page)

    def _build_source(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        self._show_edits = QCheckBox("Show unsaved edits", page)
        self._show_edits.setToolTip("Show the front matter as it would be saved")
        self._source = code_view(page, "sourceView")
        self._highlighter = YamlHighlighter(self._source.document())
        layout.addWidget(self._show_edits)
        layout.addWidget(self._source)
        self.addTab(page, "Source")
        self._source_page = page

    def _connect(self) -> None:
        for editor in self.editors.values():
            editor.edited.connect(self.field_edited)
        self._show_edits.toggled.connect(self._on_show_edits_toggled)
        self.currentChanged.connect(self._on_tabs_current_changed)

    # -- showing a record ---------------------------------------------------------------
    def fill_pages(self) -> None:
        """Grow the pages' caption now where a layout asked for it (layout_settle.py)."""
        for page in self._pages.values():
            page.fill_now()

    @property
    def record(self):
        return self._record

    def set_record(self, record, problems=(), error: RecordError | None = None,
                   raw_text: str = "") -> None:
        """Show ``record`` (None: nothing, or a file that cannot be parsed: ``error``).
        The tab shown is filled now, the others once the window is idle (when_idle.py),
        or when one is shown first: a record switch paints one tab (issue 20)."""
        self._record = record
        self.setEnabled(record is not None or error is not None)
        for page in self._pages.values():
            page.setEnabled(record is not None)
        self._stale = set(self._pages)
        self._fill_other(self._record_data())
        self.show_problems(problems)       # the fields no tab of the schema shows
        self._fill_source(record, error, raw_text)
        shown = self._group_of(self.currentWidget())
        if record is None or error is not None:
            self.fill_hidden()
        elif shown in self._stale:
            self._fill_tab(shown)
        if self._stale:
            self._late_fill.start()
        if error is not None:
            self.setCurrentWidget(self._source_page)

    @property
    def filled(self) -> bool:
        """Whether every tab shows the current record (``fill_hidden`` has run)."""
        return not self._stale

    def fill_hidden(self) -> None:
        """Fill the tabs not shown with the current record."""
        self._late_fill.stop()
        for group in [g for g in self._pages if g in self._stale]:
            self._fill_tab(group)

    def _record_data(self) -> dict:
        return self._record.data if self._record is not None else {}

    def _group_of(self, page) -> str | None:
        return next((g for g, p in self._pages.items() if p is page), None)

    def _fill_tab(self, group: str) -> None:
        self._stale.discard(group)
        record, data = self._record, self._record_data()
        for editor in self._editors_of(group):
            value = get(data, editor.spec.path, ABSENT)
            generation_only = editor.spec.generation is not None
            visible = value is not ABSENT or not generation_only or record is None
            _set_row_visible(editor.label, editor.container, visible)
            editor.display(None if value is ABSENT else value)
            editor.show_problems(self._by_field.get(editor.name, []))
        self._fill_tables(data, {t for t in self._tables if self._table_tab(t) == group})

    def _editors_of(self, group: str) -> list[FieldEditor]:
        return [e for e in self.editors.values() if e.spec.group == group]

    def update_fields(self, names) -> None:
        """Show the current values of fields changed by an edit, undo or fix."""
        if self._record is None:
            return
        data = self._record.data
        for name in names:
            editor = self.editors.get(name) or self._other.get(name)
            if editor is not None and not self._is_stale(editor):
                value = get(data, editor.spec.path if editor.spec else (name,), None)
                editor.display(value)
        tables = {name.split(".")[0] for name in names} & set(self._tables)
        tables = {t for t in tables if self._table_tab(t) not in self._stale}
        for table in [t for t in tables if t in self._mappings]:
            if all(n in self.editors for n in names if n.startswith(table + ".")):
                tables.discard(table)   # its table lists only the undeclared entries
        if tables:   # a mapping table's values are YAML-dumped: not on every keystroke
            self._fill_tables(data, tables)
        if self._other_fields(data) != list(self._other):
            self._fill_other(data)
        if self.currentWidget() is self._source_page:
            self._fill_source(self._record, None, "")

    def show_problems(self, problems) -> None:
        """Show the record's problems under their fields (a tab not filled yet takes
        them when it is)."""
        self._by_field = self._problems_by_editor(problems)
        for name, editor in {**self.editors, **self._other}.items():
            if not self._is_stale(editor):
                editor.show_problems(self._by_field.get(name, []))

    def _is_stale(self, editor: FieldEditor) -> bool:
        """Whether ``editor`` is on a tab not filled with the current record yet."""
        return editor.spec is not None and editor.spec.group in self._stale

    def _problems_by_editor(self, problems) -> dict[str, list]:
        by_field: dict[str, list] = {}
        for p in sorted(problems, key=lambda p: SEVERITIES.index(p.severity)):
            by_field.setdefault(self.editor_name_for(p.field) or "", []).append(p)
        return by_field

    def editor_name_for(self, field: str) -> str | None:
        """The editor showing ``field`` or its nearest parent field."""
        parts = field.split(".") if field else []
        while parts:
            name = ".".join(parts)
            if name in self.editors or name in self._other:
                return name
            parts.pop()
        return None

    def focus_field(self, field: str) -> bool:
        """Bring the editor (or entity table) of ``field`` into view and focus it."""
        name = self.editor_name_for(field)
        if name is not None:
            editor = self.editors.get(name) or self._other[name]
            page = self._pages.get(editor.spec.group if editor.spec else "Other")
            self.setCurrentWidget(page)
            page.ensureWidgetVisible(editor.container)
            editor.widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        top = field.split(".")[0] if field else ""
        if top in self._tables:
            view, model = self._tables[top]
            page = self._pages[self._table_tab(top)]
            self.setCurrentWidget(page)
            page.ensureWidgetVisible(view)
            parts = field.split(".")
            if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < model.rowCount():
                view.selectRow(int(parts[1]))
            view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        self.setCurrentWidget(self._source_page)
        return False

    # -- tables, other fields, source ---------------------------------------------------
    def _fill_tables(self, data: dict, only=None) -> None:
        for name, (view, model) in self._tables.items():
            if only is not None and name not in only:
                continue
            if name in self._mappings:
                declared = {f.split(".", 1)[1] for f in self.editors if f.startswith(name + ".")}
                value = data.get(name)
                rows = [[k, display_text(v)] for k, v in value.items() if k not in declared] \
                    if isinstance(value, dict) else []
            else:
                columns = [model.headerData(c, Qt.Orientation.Horizontal)
                           for c in range(model.columnCount())]
                value = data.get(name)
                rows = [[display_text(item.get(c)) if isinstance(item, dict) else
                         display_text(item) if c == columns[0] else "" for c in columns]
                        for item in value] if isinstance(value, list) else []
            shown = (rows, name in data)
            if self._table_rows.get(name) == shown:
                continue    # most records have no entity lists: nothing to redo
            self._table_rows[name] = shown
            model.removeRows(0, model.rowCount())
            for row in rows:
                model.appendRow([_item(text) for text in row])
            view.resizeColumnsToContents()
            view.horizontalHeader().setStretchLastSection(True)
            title, label, page = self._table_labels[name]
            title.setText(f"{label} ({len(rows)})" if rows else label)
            _set_row_visible(title, view, name in data)
            rows_shown = min(max(len(rows), 2), 14)
            view.setFixedHeight(view.horizontalHeader().height() + 4 +
                                rows_shown * view.verticalHeader().defaultSectionSize())

        for tab, note in self._notes.items():     # "this record has none of these"
            note.setVisible(not any(name in data for name in self._tables
                                    if self._table_tab(name) == tab))

    def _table_tab(self, name: str) -> str:
        if name in self._mappings:
            return self._mappings[name].tab
        spec = self.schema.spec(name)
        return spec.group if spec else "Other"

    def _other_fields(self, data: dict) -> list[str]:
        return [k for k in data if isinstance(k, str) and self.schema.spec(k) is None]

    def other_widgets(self) -> list[QWidget]:
        """The editor widgets of the record's fields the schema does not declare (made
        for each record shown; the schema's editors are made once)."""
        return [editor.widget for editor in self._other.values()]

    def _fill_other(self, data: dict) -> None:
        form = self._other_page.form
        while form.rowCount():
            form.removeRow(0)
        self._other = {}
        for key in self._other_fields(data):
            editor = FieldEditor(key, None, self._other_page.widget())
            value = data[key]
            editor.display(value)
            if isinstance(value, (list, dict)):
                editor.set_read_only(True)   # shown as YAML; edit it in the file
            else:
                editor.edited.connect(self.field_edited)
            form.addRow(editor.label, editor.container)
            self._other[key] = editor
        index = self.indexOf(self._other_page)
        text = f"Other ({len(self._other)})" if self._other else "Other"
        if self.tabText(index) != text:   # the same text lays the tab bar out again
            self.setTabText(index, text)

    def _fill_source(self, record, error, raw_text: str) -> None:
        if record is not None and self.currentWidget() is not self._source_page:
            if not self._source.document().isEmpty():
                self._source.clear()    # shown when its tab is (_on_tabs_current_changed):
            return                      # highlighting it took a fifth of a record switch
        if record is None:
            text = raw_text
            if error is not None:
                text = f"# {error}\n\n{raw_text}"
        elif self._show_edits.isChecked() and record.modified:
            try:
                text = record.render().decode("utf-8", "replace")
            except RecordError as err:
                text = f"# {err}"
        else:
            text = record.raw.decode("utf-8", "replace")
        text, _ = shown_text(text, "file")
        if text != self._source.toPlainText():
            self._source.setPlainText(text)

    def _on_show_edits_toggled(self, checked: bool) -> None:
        if self._record is not None:
            self._fill_source(self._record, None, "")

    def _on_tabs_current_changed(self, index: int) -> None:
        group = self._group_of(self.widget(index))
        if group in self._stale:
            self._fill_tab(group)      # before it is painted
        if self.widget(index) is self._source_page and self._record is not None:
            self._fill_source(self._record, None, "")


def _set_row_visible(label: QWidget, field: QWidget, visible: bool) -> None:
    # Not QFormLayout.setRowVisible: in PySide6 6.12 each call drops a reference to None,
    # which crashes the interpreter after enough calls. A row whose label and field are
    # hidden takes no space either.
    label.setVisible(visible)
    field.setVisible(visible)


def _item(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text if len(text) > 40 else "")
    return item
