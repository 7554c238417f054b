"""A page of the record form: a scrolling form layout whose multi-line text (the caption)
takes the page's spare height, with labels above the fields when the page is narrow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QScrollArea, QVBoxLayout, QWidget

WRAP_BELOW = 400         # a form page narrower than this puts each label above its field


class FormPage(QScrollArea):
    """A scrolling page holding a form layout."""

    def __init__(self, parent=None, stretch: bool = True) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget(self)
        self.outer = QVBoxLayout(inner)
        self.outer.setContentsMargins(12, 12, 12, 12)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.outer.addLayout(self.form, 0 if stretch else 1)
        if stretch:
            self.outer.addStretch(1)
        self.setWidget(inner)
        self.grower: QWidget | None = None   # the row that takes the spare height
        self._fill_timer = QTimer(self)      # a child: it dies with the page
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill)
        inner.installEventFilter(self)

    def fill_now(self) -> None:
        """The fill a layout asked for (on a timer), now."""
        if self._fill_timer.isActive():
            self._fill_timer.stop()
            self._fill()

    def _fill(self) -> None:
        # QFormLayout gives no spare height to a growing field once it puts labels
        # above fields (WrapAllRows), so the caption would stop short: grow it here
        grow = getattr(self, "grower", None)    # None also while being torn down
        if grow is None or not grow.isVisibleTo(self):
            return
        target = 0
        if self.form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows:
            natural = grow.layout().sizeHint().height()
            shown = max(natural, grow.minimumHeight())
            need = self.widget().layout().sizeHint().height() - shown + natural
            spare = self.viewport().height() - need
            target = natural + spare if spare > 0 else 0
        if grow.minimumHeight() != target:     # unchanged: no new layout request
            grow.setMinimumHeight(target)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and obj is self.widget() and \
                getattr(self, "grower", None) is not None:
            self._fill_timer.start()           # rows shown or hidden, problems shown
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # narrow (the form beside the figure on a small screen): labels above fields
        policy = QFormLayout.RowWrapPolicy.WrapAllRows if event.size().width() < WRAP_BELOW \
            else QFormLayout.RowWrapPolicy.DontWrapRows
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)
            self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft
                                        if policy == QFormLayout.RowWrapPolicy.WrapAllRows
                                        else Qt.AlignmentFlag.AlignRight
                                        | Qt.AlignmentFlag.AlignTop)
        self._fill()
