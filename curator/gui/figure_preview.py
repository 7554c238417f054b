"""The figure image beside the form, found only inside the folders a curator allowed."""

from __future__ import annotations

import re
from pathlib import Path

from curator.core.figures import image_path  # noqa: F401  (re-exported)

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

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


class FigurePreview(QWidget):
    """The image scaled to fit, or a placeholder with a link to the figure's PMC page.

    Signals:
        link_opened(QUrl): the curator opened the figure's page.
    """

    link_opened = Signal(QUrl)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("figurePreview")
        self._pixmap = QPixmap()
        self._url: QUrl | None = None
        self.image = QLabel(self)
        self.image.setObjectName("figureImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setMinimumSize(QSize(120, 90))
        self.caption = QLabel(self)
        self.caption.setObjectName("figureLink")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setOpenExternalLinks(False)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.caption)
        self.caption.linkActivated.connect(self._on_caption_link_activated)
        self.show_figure(None, None)

    @property
    def url(self) -> QUrl | None:
        return self._url

    def show_figure(self, path: Path | None, figlink) -> None:
        self._url = figure_url(figlink)
        link = (f'<a href="{self._url.toString()}">Open the figure at PMC</a>'
                if self._url is not None else "")
        self._pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if self._pixmap.isNull():
            self.image.setPixmap(QPixmap())
            self.image.setText('<span style="color:#888">No local image</span>')
            self.caption.setText(link)
        else:
            self.image.setText("")
            self.caption.setText(f'<span style="color:#666">{path.name}</span>'
                                 + (f" · {link}" if link else ""))
            self._rescale()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            return
        size = self.image.size()
        if size.width() < 2 or size.height() < 2:
            return
        self.image.setPixmap(self._pixmap.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _on_caption_link_activated(self, link: str) -> None:
        if self._url is not None and link == self._url.toString():
            QDesktopServices.openUrl(self._url)
            self.link_opened.emit(self._url)
