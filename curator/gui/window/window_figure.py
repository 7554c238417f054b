"""The window's figure: found locally (inside the allowed folders) or fetched from PMC,
shown in the figure pane, the next records' figures prefetched, the pane detachable into
a window of its own, and the zoom keys in the View menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal, \
    SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QVBoxLayout, QWidget

from curator.core.collection.figures import (
    FigureCache, base_overridden, default_cache_folder, figure_names, figure_url,
    image_folders, image_path,
)

from curator.gui.figure.figure_fetcher import LOADING, MESSAGES, OFFLINE, SHOWN, \
    FigureFetcher
from curator.gui.figure.figure_preview import read_image
from curator.gui.records.record_session import RecordSession
from curator.gui.window.window_layout import WindowLayout
from curator.gui.window.window_parts import Listing

FETCH_KEY = "figures/fetch"
PREFETCH = 3              # the next records in list order whose figures are fetched ahead
PREFETCH_AFTER_MS = 100   # ... once the record has been shown that long: not for every
                          # record a held Alt+Down passes, nor in the turns that paint a
                          # switch (2-12 ms of it at 70,000 rows, issue 20)
DETACH_KEY = "Ctrl+Shift+D"
RELEASE_AFTER_MS = 300    # figures fetched (the TLS certificates first: 0.2 s of the GUI
                          # thread) this long after the list first painted rows (issue 20)


def fetch_enabled(settings) -> bool:
    """Fetching from PMC: the saved setting (on unless turned off); always on when
    ``CURATOR_PMC_BASE`` points the window at another server."""
    if base_overridden():
        return True
    return str(settings.value(FETCH_KEY, "true")).lower() not in ("false", "0")


class FigureWindow(QWidget):
    """The figure pane in a window of its own; closing it puts the pane back.

    Signals:
        closed(): the curator closed the window.
    """

    closed = Signal()

    def __init__(self, parent) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("figureWindow")
        self.setWindowTitle("Figure — Curator")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.resize(960, 760)

    def closeEvent(self, event) -> None:
        super().closeEvent(event)
        self.closed.emit()


class WindowFigure(QObject):
    """The figure of the record shown (kept as ``window.figure``). Given the window only
    as its parent (the figure window's too, and where the detach key lives); the rest is
    passed in: the session (the profile's preview fields), the settings, the layout's
    figure pane, the list, the signal of a new profile, how to show the current record's
    figure again, and the menu bar with the action the fetch switch goes before."""

    def __init__(self, parent: QWidget, session: RecordSession, settings: QSettings,
                 ui: WindowLayout, listing: Listing, profile_changed: SignalInstance,
                 update_preview: Callable[[], None], menu_bar: QMenuBar,
                 image_folder_action: QAction,
                 later: Callable[[Callable[[], None]], None] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.listing = listing
        self.profile_changed = profile_changed
        self.update_preview = update_preview
        self.menu_bar = menu_bar
        self.image_folder_action = image_folder_action
        self.pane = ui.preview
        self.fetcher = FigureFetcher(FigureCache(default_cache_folder()), self,
                                     enabled=fetch_enabled(settings), held=True)
        # ``later``: FirstPaint.later, the fetcher's start put off until the window's
        (later or (lambda work: work()))(lambda: QTimer.singleShot(
            RELEASE_AFTER_MS, self.fetcher, self.fetcher.release))
        self.url = ""                 # the PMC URL of the figure shown (or wanted)
        self.detached: FigureWindow | None = None
        self._home = None
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._build_actions()
        self._connect()

    def _build_actions(self) -> None:
        w = self.parent()
        self.fetch_action = QAction("&Fetch Figures from PMC", w)
        self.fetch_action.setObjectName("fetchFigures")
        self.fetch_action.setCheckable(True)
        self.fetch_action.setChecked(self.fetcher.enabled)
        self.fetch_action.setStatusTip("Fetch figure images from PMC when no local file "
                                       "is found (off: work offline)")
        self.detach_action = QAction("Figure in Its Own &Window", w)
        self.detach_action.setObjectName("detachFigureWindow")
        self.detach_action.setCheckable(True)
        self.detach_action.setShortcut(QKeySequence(DETACH_KEY))
        w.addAction(self.detach_action)
        self.detach_action.setIconText("Detach")      # the pane's button shows this
        self.pane.detach.setDefaultAction(self.detach_action)
        file_menu, view_menu = _menu(self.menu_bar, "&File"), _menu(self.menu_bar, "&View")
        if file_menu is not None:
            file_menu.insertAction(self.image_folder_action, self.fetch_action)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addActions(list(self.pane.viewer.actions_.values()))
            view_menu.addAction(self.detach_action)

    def _connect(self) -> None:
        self.fetcher.figure_changed.connect(self._on_fetcher_figure_changed)
        self.fetch_action.toggled.connect(self._on_fetch_action_toggled)
        self.detach_action.toggled.connect(self._on_detach_action_toggled)
        self._prefetch_timer.timeout.connect(self._on_prefetch_timer_timeout)
        self.profile_changed.connect(self.use_profile)
        app = QCoreApplication.instance()
        if app is not None:   # quitting without closing the window: still join the thread
            app.aboutToQuit.connect(self._on_app_about_to_quit)

    def _on_app_about_to_quit(self) -> None:
        self.fetcher.stop()
    # -- the record's figure ------------------------------------------------------------
    def show_record(self, rec) -> None:
        """Show the figure of ``rec`` (None: no record)."""
        pane = self.pane
        self.url = ""
        preview = self.preview
        if rec is None or preview is None:
            pane.set_link(None)
            pane.show_message("")
            return
        pane.set_link(rec.get((preview.link,)) if preview.link else None)
        filename = rec.get((preview.image,))
        path = image_path(filename, self._folders())
        image = read_image(path) if path is not None else None
        if image is not None:
            pane.show_image(image, f"{path.name} · local file")
        else:
            url = figure_url(rec.get((preview.folder,)) if preview.folder else None, filename)
            if url is None:
                pane.show_message("This record names no figure file that can be shown",
                                  str(filename or ""))
            else:
                self.url = url
                self._show_state(self.fetcher.fetch(url))
        self._prefetch_timer.start(PREFETCH_AFTER_MS)   # after this switch is painted

    def show_early(self, path: str) -> None:
        """Before the record is parsed (the longest part of a switch): a figure already
        in memory (prefetched) is painted at once, so the curator sees it first."""
        if not path or self.listing.folder() is None or self.preview is None:
            return
        pmcid, filename = figure_names(path, self._name_fields())
        if image_path(filename, self._folders()) is not None:
            return                        # a local file: read with the record
        url = figure_url(pmcid, filename)
        image = self.fetcher.image(url) if url else None
        if image is None:
            return
        self.url = url
        self.pane.show_image(image, f"{url.rsplit('/', 1)[-1]} · from PMC")
        self.pane.viewer.viewport().repaint()

    @property
    def preview(self):
        """The profile's preview fields (None: the collection has no figures)."""
        return self.session.profile.preview

    def _name_fields(self) -> tuple[str, str]:
        preview = self.preview
        return (preview.folder or preview.image, preview.image)

    def use_profile(self, profile) -> None:
        """A collection without figures has no figure pane."""
        self.pane.setVisible(profile.preview is not None)

    def _folders(self):
        return image_folders(self.listing.folder(),
                             self.settings.value("imageFolder", "") or None)

    def _show_state(self, state: str) -> None:
        name = self.url.rsplit("/", 1)[-1]
        if state == SHOWN:
            self.pane.show_image(self.fetcher.image(self.url), f"{name} · from PMC")
        elif state == LOADING and self.fetcher.seems_offline:
            # offline, each record's figure is asked for again: the message stays
            # "offline" meanwhile, not "loading" and back on every record switch (a
            # flicker, and the figure pane laid out and painted twice: issue 20)
            self.pane.show_message(MESSAGES[OFFLINE], name)
        else:
            self.pane.show_message(MESSAGES.get(state, state), name)

    def _on_fetcher_figure_changed(self, url: str, state: str) -> None:
        if url == self.url and state != LOADING:
            self._show_state(state)

    def prefetch_urls(self) -> list[str]:
        """The PMC URLs of the next records' figures (in list order), then the previous
        one's (Ctrl+Up), for those with no local file."""
        proxy, current = self.listing.proxy, self.listing.current_path()
        row = proxy.row_of(current) if current else -1
        if row < 0 or self.preview is None:
            return []
        folders, urls = self._folders(), []
        rows = [r for r in (*range(row + 1, row + 1 + PREFETCH), row - 1)   # and one back
                if 0 <= r < proxy.rowCount()]
        for r in rows:
            pmcid, filename = figure_names(proxy.path_at(r), self._name_fields())
            if image_path(filename, folders) is not None:
                continue
            url = figure_url(pmcid, filename)
            if url:
                urls.append(url)
        return urls

    def _on_prefetch_timer_timeout(self) -> None:
        self.fetcher.prefetch(self.prefetch_urls())

    def _on_fetch_action_toggled(self, on: bool) -> None:
        self.settings.setValue(FETCH_KEY, on)
        self.fetcher.enabled = on or base_overridden()
        if self.fetcher.enabled:
            self.fetcher.forget_failures()
        self.update_preview()

    # -- detaching ----------------------------------------------------------------------
    def _on_detach_action_toggled(self, on: bool) -> None:
        self.detach_action.setIconText("Attach" if on else "Detach")
        if on and self.detached is None:
            splitter = self.pane.parentWidget()
            self._home = (splitter, splitter.indexOf(self.pane), splitter.sizes())
            self.detached = FigureWindow(self.parent())
            self.detached.layout().addWidget(self.pane)
            self.detached.closed.connect(self._on_detached_closed)
            self.pane.show()
            self.detached.show()
        elif not on and self.detached is not None:
            detached, self.detached = self.detached, None
            splitter, index, sizes = self._home
            splitter.insertWidget(index, self.pane)
            splitter.setSizes(sizes)
            self.pane.show()
            detached.closed.disconnect(self._on_detached_closed)
            detached.close()
            detached.deleteLater()

    def _on_detached_closed(self) -> None:
        self.detach_action.setChecked(False)

    def close(self) -> None:
        """The main window is closing: stop fetching, close the figure window."""
        self.fetcher.stop()
        self._prefetch_timer.stop()
        if self.detached is not None:
            self.detach_action.setChecked(False)


def _menu(menu_bar: QMenuBar, title: str):
    for action in menu_bar.actions():
        if action.text() == title and action.menu() is not None:
            return action.menu()
    return None

