"""The Curation dock's panel: buttons for the curation workflow's title helpers and
decisions (curation_workflow.py), the shown record's decision and the progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QSizePolicy, QToolButton, \
    QVBoxLayout, QWidget

from curator.core.edits.curation import LABELS

from curator.gui.curation.curation_workflow import DECISIONS, TITLE_HELPERS, CurationWorkflow


class CurationPanel(QWidget):
    """Buttons for the title helpers and the decisions, the decision of the shown record,
    and the progress over the list."""

    def __init__(self, workflow: CurationWorkflow, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("curationPanel")
        self.workflow = workflow

        def button(name):
            b = QToolButton(self)
            b.setDefaultAction(workflow.actions[name])
            b.setObjectName(f"button_{name}")
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            return b

        title_box = QGroupBox("Title", self)
        grid = QGridLayout(title_box)
        for i, name in enumerate(TITLE_HELPERS):
            b = button(name)
            if name == "remove_preamble":
                b.setMenu(workflow.preamble_menu)
                b.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            grid.addWidget(b, i // 2, i % 2)
        decision_box = QGroupBox("Decision", self)
        grid2 = QGridLayout(decision_box)
        self.decision_label = QLabel(self)
        self.decision_label.setObjectName("curationDecision")
        grid2.addWidget(self.decision_label, 0, 0, 1, 2)
        for i, name in enumerate((*DECISIONS, "undo_decision")):
            grid2.addWidget(button(name), 1 + i // 2, i % 2)
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("curationProgress")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(title_box)
        layout.addWidget(decision_box)
        layout.addWidget(self.progress_label)
        layout.addStretch(1)
        workflow.progress_changed.connect(self.progress_label.setText)
        workflow.decision_changed.connect(self._on_workflow_decision_changed)
        workflow.listing.current_record_changed.connect(
            self._on_window_current_record_changed)
        self._on_window_current_record_changed(workflow.listing.current_path())

    def _on_workflow_decision_changed(self, figid, decision) -> None:
        self._on_window_current_record_changed(self.workflow.listing.current_path())

    def _on_window_current_record_changed(self, path: str) -> None:
        if not path:
            self.decision_label.setText("No record selected")
            return
        decision = self.workflow.decision(self.workflow.record_id(path))
        color = {"curated": "#2e7d32", "rejected": "#b71c1c", "nonhuman": "#e65100"}.get(
            decision, "#555")
        self.decision_label.setText(f"<b style='color:{color}'>{LABELS[decision]}</b>")
