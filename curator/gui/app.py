"""Starting the window: ``curator [FOLDER]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import curator
from curator.core import resources

from .main_window import MainWindow
from .window_quit import install_quit


def seeds_folder() -> Path | None:
    """The sample records shipped beside the package (a source checkout), if any."""
    folder = Path(curator.__file__).resolve().parents[1] / "seeds"
    return folder if folder.is_dir() else None


def start_folder(argv: list[str], settings: QSettings) -> Path | None:
    """The folder named on the command line, else the last one opened, else the seeds."""
    for arg in argv:
        if not arg.startswith("-") and Path(arg).is_dir():
            return Path(arg)
    last = settings.value("lastFolder", "")
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    return seeds_folder()


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = resources.path(f"icons/curator-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "curator",
                                                   *argv])
    app.setApplicationName("Curator")
    app.setOrganizationName("WikiPathways")
    app.setOrganizationDomain("wikipathways.org")
    app.setApplicationVersion(curator.__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("org.wikipathways.Curator")
    missing = [a for a in argv if not a.startswith("-") and not Path(a).is_dir()]
    if missing:
        print(f"curator: {missing[0]}: not a folder of records", file=sys.stderr)
        return 2
    settings = QSettings()
    window = MainWindow(settings)
    install_quit(window, app)    # window_quit.py: threads joined, SIGTERM a clean quit
    window.show()
    folder = start_folder(argv, settings)
    if os.environ.get("CURATOR_SMOKE_TEST") == "1":  # packaging tests: open, report, quit
        def _on_smoke_loaded():
            print(f"loaded {window.model.rowCount()} records", flush=True)
            app.quit()
        window.folder_loaded.connect(_on_smoke_loaded)
        QTimer.singleShot(120_000, lambda: app.exit(3))   # never hang a test run
    if folder is not None:
        window.open_folder(folder)
    return app.exec()
