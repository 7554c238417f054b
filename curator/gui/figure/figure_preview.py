"""The figure pane: the image viewer, a bar with the zoom buttons, where the figure came
from (or why it is not shown), the link to its PMC page, and Detach."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QImageReader
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, \
    QToolButton, QVBoxLayout, QWidget

from curator.core.collection.figures import image_path  # noqa: F401  (re-exported)

from curator.gui.figure.image_viewer import ImageViewer

PMC_SITE = "https://www.ncbi.nlm.nih.gov"
_SAFE_LINK = re.compile(r"^/pmc/[A-Za-z0-9_./\-]*$")


def figure_url(figlink) -> QUrl | None:
    """The figure's page at PMC, only for a ``/pmc/...`` path (never another scheme)."""
    if not isinstance(figlink, str) or not _SAFE_LINK.match(figlink) or ".." in figlink:
        return None
    url = QUrl(PMC_SITE + figlink)
    if not url.isValid() or url.scheme() != "https" or url.host() != "www.ncbi.nlm.nih.gov":
        return None
    return url


def read_image(path: Path) -> QImage | None:
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    image = reader.read()
    return None if image.isNull() else image


class FigurePreview(QWidget):
    """The figure, large: ``show_image`` or ``show_message`` (a state such as "Loading"
    or "Offline"); the zoom mode stays from one figure to the next.

    Signals:
        link_opened(QUrl): the curator opened the figure's page.
        detach_toggled(bool): the curator asked for the figure in its own window (True)
            or back in the main window (False).
    """

    link_opened = Signal(QUrl)
    detach_toggled = Signal(bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("figurePreview")
        self._url: QUrl | None = None
        self.viewer = ImageViewer(self)
        self.message = QLabel(self)
        self.message.setObjectName("figureMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#666; font-size:11pt; background:white")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.viewer)
        self.stack.addWidget(self.message)
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.setMinimumSize(160, 120)
        self.note = QLabel(self)
        self.note.setObjectName("figureNote")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note.setStyleSheet("color:#666")
        self.caption = QLabel(self)           # the link to the figure's page at PMC
        self.caption.setObjectName("figureLink")
        self.caption.setOpenExternalLinks(False)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.detach = QToolButton(self)
        self.detach.setObjectName("detachFigure")
        self.detach.setText("Detach")
        self.detach.setCheckable(True)
        self.detach.setToolTip("Show the figure in a window of its own (a second monitor)")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        for key in ("fit", "actual_size", "zoom_out", "zoom_in"):
            button = QToolButton(self)
            button.setDefaultAction(self.viewer.actions_[key])
            button.setAutoRaise(True)
            bar.addWidget(button)
        self._buttons_text()
        bar.addSpacing(6)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.caption)
        bar.addWidget(self.detach)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        for action in self.viewer.actions_.values():
            self.addAction(action)       # the keys work in the figure's own window too
        self.caption.linkActivated.connect(self._on_caption_link_activated)
        self.detach.toggled.connect(self.detach_toggled)
        self.show_message("")

    def _buttons_text(self) -> None:
        labels = {"fit": "Fit", "actual_size": "100%", "zoom_out": "−", "zoom_in": "+"}
        for key, text in labels.items():
            action = self.viewer.actions_[key]
            action.setIconText(text)
            keys = ", ".join(k.toString(k.SequenceFormat.NativeText)
                             for k in action.shortcuts())
            action.setToolTip(f"{action.text().replace('&', '')} ({keys})")

    # -- showing ------------------------------------------------------------------------
    @property
    def url(self) -> QUrl | None:
        return self._url

    def set_link(self, figlink) -> None:
        self._url = figure_url(figlink)
        self.caption.setText(f'<a href="{self._url.toString()}">Open at PMC</a>'
                             if self._url is not None else "")

    def show_image(self, image: QImage, note: str) -> None:
        self.viewer.set_image(image)
        self.stack.setCurrentWidget(self.viewer)
        self._set_note(note)

    def show_message(self, text: str, note: str = "") -> None:
        self.viewer.set_image(None)
        self.message.setText(html.escape(text))
        self.stack.setCurrentWidget(self.message)
        self._set_note(note)

    def _set_note(self, note: str) -> None:
        self._note = note
        self.note.setToolTip(note)
        self._elide_note()

    def _elide_note(self) -> None:
        self.note.setText(self.note.fontMetrics().elidedText(
            getattr(self, "_note", ""), Qt.TextElideMode.ElideMiddle,
            max(self.note.width(), 20)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide_note()

    def show_figure(self, path: Path | None, figlink) -> None:
        """A local image file (None: "No local image")."""
        self.set_link(figlink)
        image = read_image(path) if path is not None else None
        if image is None:
            self.show_message("No local image")
        else:
            self.show_image(image, path.name)

    @property
    def shown(self) -> bool:
        return self.stack.currentWidget() is self.viewer and self.viewer.has_image

    def _on_caption_link_activated(self, link: str) -> None:
        if self._url is not None and link == self._url.toString():
            QDesktopServices.openUrl(self._url)
            self.link_opened.emit(self._url)
