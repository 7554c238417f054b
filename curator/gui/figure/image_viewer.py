"""A figure viewer: fit to the pane or any zoom, wheel and keys to zoom, drag to pan,
double-click to toggle fit and 100%. The zoom mode stays when the image changes."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

FIT = "fit"
STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.02, 16.0


class ImageViewer(QGraphicsView):
    """One image in a scene. ``mode`` is ``FIT`` (the image follows the pane's size) or a
    fixed scale (1.0 is 100%: one image pixel per screen pixel).

    Signals:
        zoom_changed(float): the scale shown now.
        painted(): the view painted an image (the figure benchmark waits for it).
    """

    zoom_changed = Signal(float)
    painted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("figureViewer")
        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self.setScene(self._scene)
        self._mode: str | float = FIT
        self._has_image = False
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.actions_ = self._make_actions()

    def _make_actions(self) -> dict[str, QAction]:
        def act(name, text, keys, slot):
            a = QAction(text, self)
            a.setObjectName(name)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.triggered.connect(slot)
            return a
        return {
            "zoom_in": act("zoomIn", "Zoom &In", ["Ctrl++", "Ctrl+="], self.zoom_in),
            "zoom_out": act("zoomOut", "Zoom &Out", ["Ctrl+-"], self.zoom_out),
            "actual_size": act("actualSize", "&Actual Size (100%)", ["Ctrl+0"],
                               self.actual_size),
            "fit": act("fitFigure", "&Fit Figure", ["Ctrl+9"], self.fit),
        }

    # -- the image ----------------------------------------------------------------------
    @property
    def has_image(self) -> bool:
        return self._has_image

    @property
    def mode(self) -> str | float:
        return self._mode

    def scale_factor(self) -> float:
        return self.transform().m11()

    def image_size(self):
        return self._item.pixmap().size()

    def set_image(self, image: QImage | QPixmap | None) -> None:
        """Show ``image`` (None: nothing) in the current zoom mode."""
        if image is None or image.isNull():
            self._item.setPixmap(QPixmap())
            self._has_image = False
        else:
            pixmap = image if isinstance(image, QPixmap) else QPixmap.fromImage(image)
            self._item.setPixmap(pixmap)
            self._has_image = True
        self._scene.setSceneRect(QRectF(self._item.boundingRect()))
        self._apply_mode()

    # -- zoom ---------------------------------------------------------------------------
    def fit(self) -> None:
        self._mode = FIT
        self._apply_mode()

    def actual_size(self) -> None:
        self._set_scale(1.0)

    def zoom_in(self) -> None:
        self._set_scale(self.scale_factor() * STEP)

    def zoom_out(self) -> None:
        self._set_scale(self.scale_factor() / STEP)

    def toggle_fit(self) -> None:
        if self._mode == FIT:
            self.actual_size()
        else:
            self.fit()

    def _set_scale(self, scale: float) -> None:
        self._mode = min(max(scale, MIN_SCALE), MAX_SCALE)
        self._apply_mode()

    def _fit_scale(self) -> float:
        size = self.image_size()
        view = self.viewport().size()
        if size.isEmpty() or view.width() < 2 or view.height() < 2:
            return 1.0
        return min(view.width() / size.width(), view.height() / size.height())

    def _apply_mode(self) -> None:
        scale = self._fit_scale() if self._mode == FIT else float(self._mode)
        if abs(scale - self.scale_factor()) > 1e-9:
            self.setTransform(self.transform().fromScale(scale, scale))
            self.zoom_changed.emit(scale)
        if self._mode == FIT:
            self.centerOn(self._item)

    # -- events -------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if not self._has_image or not steps:
            return super().wheelEvent(event)
        self._set_scale(self.scale_factor() * STEP ** steps)
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:
        if self._has_image and event.button() == Qt.MouseButton.LeftButton:
            self.toggle_fit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._mode == FIT:
            self._apply_mode()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._has_image:
            self.painted.emit()
