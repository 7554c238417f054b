"""The main window fits its screen whatever docks are open.

QMainWindow's minimum width is the central widget's plus the left and right docks'
(Facets on the left, Curation or History on the right): on a 1024-px screen the Facets
dock beside the Curation dock made the window 1136 px wide, wider than the screen, and
the record form was cut off. When a dock is shown (or the window is shown on a screen)
and the minimum width no longer fits the screen, in this order:

1. the form goes below the figure (the work splitter turns vertical), so the figure
   gives up its width first;
2. the docks beside the central widget are tabbed together on one side (the one just
   opened raised), so only one dock's width counts;
3. the window is narrowed to the screen.

And a window taller than its screen (the first run's default size on a 700-px screen) is
made as tall as the screen's available height, and moved onto it.

Nothing changes on a screen wide enough (1920x1080 keeps its layout)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

MARGIN = 16          # px left for a window manager's frame


class ScreenFit(QObject):
    """Keeps ``window`` no wider than its screen (kept as ``window.screen_fit``)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.fit)
        self._opened: QDockWidget | None = None
        self._passes = 0
        self._raise: QDockWidget | None = None
        self._screen_watched = False
        for dock in window.findChildren(QDockWidget):
            # toggled: a dock shown into a tab group behind another one is not
            # "visible" (visibilityChanged(False)) but is open all the same
            dock.toggleViewAction().toggled.connect(
                lambda on, d=dock: self._on_dock_toggled(d, on))
            dock.visibilityChanged.connect(
                lambda visible, d=dock: self._on_dock_visibility_changed(d, visible))
        window.installEventFilter(self)

    def request(self) -> None:
        """Fit the window on the next pass of the event loop (a layout was restored,
        a dock opened, the window moved to another screen)."""
        self._passes = 0
        self._timer.start()

    def limit(self) -> int:
        """The widest the window may be: its screen's available width less a frame."""
        screen = self.window.screen()
        return screen.availableGeometry().width() - MARGIN if screen is not None else 0

    def too_wide(self) -> bool:
        """The window's minimum width (measured afresh: QMainWindow keeps it cached
        when a splitter turns) passes the screen's, or the central widget is squeezed
        below its own minimum."""
        w = self.window
        central = w.centralWidget()
        if central.width() < central.minimumSizeHint().width():
            return True
        if w.minimumSizeHint().width() <= self.limit():
            return False                # (the window is left alone: no relayout)
        w.layout().invalidate()         # perhaps stale: measured afresh
        w.layout().activate()
        return w.minimumSizeHint().width() > self.limit() > 0

    def _on_dock_visibility_changed(self, dock, visible: bool) -> None:
        if visible and not dock.isFloating():
            self._opened = dock
            self.request()

    def _on_dock_toggled(self, dock, on: bool) -> None:
        """A dock the curator opened into a tab group is the tab shown (Qt leaves it
        behind the tab that was in front)."""
        if on and not dock.isFloating():
            self._raise = dock          # raised once shown (fit's last step)
        self._on_dock_visibility_changed(dock, on)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QEvent.Type.Show \
                and getattr(self, "_timer", None) is not None:
            handle = self.window.windowHandle()
            if handle is not None and not self._screen_watched:
                self._screen_watched = True
                handle.screenChanged.connect(self._on_screen_changed)
            self.request()
        elif obj is self.window and event.type() == QEvent.Type.Resize \
                and getattr(self, "_timer", None) is not None \
                and event.size().width() > self.limit() + MARGIN > MARGIN:
            self._timer.start()     # grown past the screen (a minimum width grew)
        return False

    def _on_screen_changed(self, screen) -> None:
        self.request()

    def fit(self) -> None:
        """Make the window fit its screen: one step of the module's text a pass (a
        step's new minimum width is known once Qt has laid the window out again, so
        the next step runs on the next pass of the event loop)."""
        w = self.window
        if self.limit() <= 0:
            return
        if self.too_wide() and w.work_splitter.orientation() == Qt.Orientation.Horizontal:
            from curator.gui.window.window_layout import stack_form_below_figure
            stack_form_below_figure(w)
            self._again()
        elif self.too_wide() and self._tab_side_docks():
            self._again()
        else:
            self._within_screen()
            if self._raise is not None and self._raise.isVisibleTo(w) \
                    and w.tabifiedDockWidgets(self._raise):
                self._raise.raise_()
            self._opened = self._raise = None
            self._passes = 0

    def _within_screen(self) -> None:
        """Narrow the window to its screen, and make it no taller than the screen's
        available height (the first run's 1400x900 on a 1024x700 screen left the status
        bar and the problems below the screen's edge), then move it onto the screen."""
        w = self.window
        screen = w.screen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = max(0, w.frameGeometry().height() - w.geometry().height())
        tall = area.height() - frame
        if w.width() <= self.limit() + MARGIN and w.height() <= tall:
            return
        w.layout().invalidate()         # the window's minimum size set afresh first
        w.layout().activate()
        least = w.minimumSizeHint()
        width = w.width() if w.width() <= self.limit() + MARGIN \
            else max(self.limit(), least.width())
        height = min(w.height(), max(tall, least.height()))
        w.resize(width, height)
        box = w.frameGeometry()
        x = min(max(box.x(), area.left()), max(area.left(), area.right() + 1 - box.width()))
        y = min(max(box.y(), area.top()), max(area.top(), area.bottom() + 1 - box.height()))
        if (x, y) != (box.x(), box.y()):
            w.move(x, y)

    def _again(self) -> None:
        self._passes += 1
        if self._passes < 4:
            self.window.work_splitter.updateGeometry()
            self._timer.start()

    def _tab_side_docks(self) -> bool:
        w = self.window
        sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        shown = [d for d in w.findChildren(QDockWidget) if d.isVisible()
                 and not d.isFloating() and w.dockWidgetArea(d) in sides]
        if len({w.dockWidgetArea(d) for d in shown}) < 2:
            return False
        # the docks go to the right, where Curation and History live
        right = [d for d in shown if w.dockWidgetArea(d) == sides[1]]
        host = right[0]
        for dock in shown:
            if dock is not host and dock not in w.tabifiedDockWidgets(host):
                w.tabifyDockWidget(host, dock)
        # the dock the curator opened (not ``_opened``: tabbing just made the dock put in
        # front visible, and so ``_opened``), else the one that became visible last
        next((d for d in (self._raise, self._opened) if d in shown), host).raise_()
        return True


def install_screen_fit(window) -> ScreenFit:
    window.screen_fit = ScreenFit(window)
    return window.screen_fit
