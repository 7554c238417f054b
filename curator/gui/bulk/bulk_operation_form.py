"""The operation part of the Bulk Edit dialog: which operation, and its parameters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, \
    QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from curator.core.edits.operations import (
    ApplyFix, ClearMissing, FillMissing, Replace, SetField, parse_assignment,
)
from curator.core.fields.values import parse_path

OPERATIONS = {
    "set": "Set a field to a value",
    "fill": "Fill a field where it is missing",
    "clear": "Clear missing markers",
    "fix": "Apply the fix of a problem",
    "replace": "Find and replace in a field",
}
EVERY_FIELD = "(every field)"
_PAGE = {"set": 0, "fill": 0, "clear": 1, "fix": 2, "replace": 3}


class BulkOperationForm(QGroupBox):
    """An operation chooser over one page of parameters per kind of operation.

    Signals:
        parameters_changed(): the operation or one of its parameters changed.
    """

    parameters_changed = Signal()

    def __init__(self, fields, parent=None, title_field: str | None = None) -> None:
        """``fields``: the schema's fields (name -> FieldSpec) or names; ``title_field``:
        the field "Find and replace" starts on (the profile's title field)."""
        super().__init__("Operation", parent)
        self._names = list(fields)
        self._specs = dict(fields) if isinstance(fields, dict) else {}
        self._title_field = title_field
        self._build()
        self._connect()
        self._on_operation_changed()

    def _combo(self, name: str, every: bool = False) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setEditable(True)
        if every:
            combo.addItem(EVERY_FIELD)
        combo.addItems(self._names)
        combo.setMinimumContentsLength(22)
        return combo

    def _build(self) -> None:
        self.operation = QComboBox(self)
        self.operation.setObjectName("bulkOperation")
        for key, label in OPERATIONS.items():
            self.operation.addItem(label, key)
        self.pages = QStackedWidget(self)
        # set / fill
        page = QWidget(self)
        form = QFormLayout(page)
        self.set_field = self._combo("setField")
        self.set_value = QLineEdit(self)
        self.set_value.setObjectName("setValue")
        self.set_value.setPlaceholderText("the new value")
        self.set_yaml = QCheckBox("Read the value as YAML ([a, b], null, 2024)", self)
        self.set_yaml.setObjectName("setYaml")
        form.addRow("Field:", self.set_field)
        form.addRow("Value:", self.set_value)
        form.addRow("", self.set_yaml)
        self.pages.addWidget(page)
        # clear
        page = QWidget(self)
        form = QFormLayout(page)
        self.clear_field = self._combo("clearField", every=True)
        form.addRow("Field:", self.clear_field)
        form.addRow("", QLabel("Missing markers (.na.character, NA, null) become empty.",
                               self))
        self.pages.addWidget(page)
        # fix
        page = QWidget(self)
        form = QFormLayout(page)
        self.fix_code = QComboBox(self)
        self.fix_code.setObjectName("fixCode")
        self.fix_code.setMinimumContentsLength(30)
        form.addRow("Problem:", self.fix_code)
        self.pages.addWidget(page)
        # replace
        page = QWidget(self)
        form = QFormLayout(page)
        self.replace_field = self._combo("replaceField")
        if self._title_field:
            self.replace_field.setCurrentText(self._title_field)
        self.find_text = QLineEdit(self)
        self.find_text.setObjectName("findText")
        self.replace_text = QLineEdit(self)
        self.replace_text.setObjectName("replaceText")
        self.replace_regex = QCheckBox("Regular expression", self)
        self.replace_regex.setObjectName("replaceRegex")
        self.match_count = QLabel(self)
        self.match_count.setObjectName("matchCount")
        form.addRow("Field:", self.replace_field)
        form.addRow("Find:", self.find_text)
        form.addRow("Replace with:", self.replace_text)
        row = QHBoxLayout()
        row.addWidget(self.replace_regex)
        row.addStretch(1)
        row.addWidget(self.match_count)
        form.addRow("", row)
        self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.operation)
        layout.addWidget(self.pages)

    def _connect(self) -> None:
        self.operation.currentIndexChanged.connect(self._on_operation_changed)
        for w in (self.set_value, self.find_text, self.replace_text):
            w.textChanged.connect(self._on_parameter_changed)
        for c in (self.set_field, self.clear_field, self.replace_field):
            c.currentTextChanged.connect(self._on_parameter_changed)
        for c in (self.set_yaml, self.replace_regex):
            c.toggled.connect(self._on_parameter_changed)
        self.fix_code.currentIndexChanged.connect(self._on_parameter_changed)

    def _on_operation_changed(self, *args) -> None:
        self.pages.setCurrentIndex(_PAGE[self.key])
        self.parameters_changed.emit()

    def _on_parameter_changed(self, *args) -> None:
        self.parameters_changed.emit()

    @property
    def key(self) -> str:
        return self.operation.currentData()

    def set_operation(self, key: str) -> None:
        self.operation.setCurrentIndex(self.operation.findData(key))

    def set_fix_counts(self, counts: dict) -> None:
        """Offer every fixable problem code with how many records have it."""
        current = self.fix_code.currentData()
        self.fix_code.blockSignals(True)
        self.fix_code.clear()
        for code, n in counts.items():
            self.fix_code.addItem(f"{code}  ({n:,} record{'s' if n != 1 else ''})", code)
        index = self.fix_code.findData(current)
        self.fix_code.setCurrentIndex(index if index >= 0 else 0)
        self.fix_code.blockSignals(False)

    def operations(self) -> list:
        """The operation the form describes; ValueError when it is incomplete."""
        key = self.key
        if key in ("set", "fill"):
            name = self.set_field.currentText().strip()
            if not name:
                raise ValueError("choose a field")
            if self.set_yaml.isChecked():
                path, value = parse_assignment(f"{name}:={self.set_value.text()}")
            else:
                spec = self._specs.get(name)      # the field's type reads the line
                text = self.set_value.text()
                path, value = parse_path(name), spec.kind.from_line(text) if spec else text
            op = SetField if key == "set" else FillMissing
            return [op(path, value)]
        if key == "clear":
            name = self.clear_field.currentText().strip()
            return [ClearMissing(None if name in ("", EVERY_FIELD) else parse_path(name))]
        if key == "fix":
            return [ApplyFix(self.fix_code.currentData())]
        name = self.replace_field.currentText().strip()
        if not name or not self.find_text.text():
            raise ValueError("choose a field and the text to find")
        return [Replace(parse_path(name), self.find_text.text(), self.replace_text.text(),
                        self.replace_regex.isChecked())]   # ValueError: a bad pattern
