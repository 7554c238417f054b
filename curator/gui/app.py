"""Starting the window: ``curator [FOLDER]``."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import curator
from curator.core import resources
from curator.core.files.journal import journal_dir

from curator.gui.window.main_window import MainWindow
from curator.gui.widgets.platform_check import check_xcb
from curator.gui.window.window_quit import install_quit


def seeds_folder() -> Path | None:
    """The sample records shipped beside the package (a source checkout), if any."""
    folder = Path(curator.__file__).resolve().parents[1] / "seeds"
    return folder if folder.is_dir() else None


def samples_folder() -> Path:
    """Where the curator's own copy of the sample records lives (the user's data
    folder: $CURATOR_DATA_DIR or platformdirs', beside the recovery journal)."""
    return journal_dir().parent / "samples"


def first_run_samples(seeds: Path) -> Path:
    """The user's copy of the bundled samples, made on first use, so that edits and the
    curation log never land in the install folder (lost on reinstall, or read-only).
    The copy is made beside and renamed into place: a half copy is never opened. When
    it cannot be made, the bundled folder itself (and a message on stderr)."""
    target = samples_folder()
    if target.is_dir():
        return target
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for path in sorted(seeds.glob("*.md")):
            shutil.copy2(path, partial / path.name)
        os.replace(partial, target)
    except OSError as err:
        shutil.rmtree(partial, ignore_errors=True)
        print(f"curator: cannot copy the samples to {target}: {err.strerror or err}; "
              f"opening {seeds}", file=sys.stderr)
        return seeds
    return target


def start_folder(argv: list[str], settings: QSettings) -> Path | None:
    """The folder named on the command line, else the last one opened, else the user's
    copy of the samples (made from the seeds on first run)."""
    for arg in argv:
        if not arg.startswith("-") and Path(arg).is_dir():
            return Path(arg)
    last = settings.value("lastFolder", "")
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    seeds = seeds_folder()
    return first_run_samples(seeds) if seeds is not None else None


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = resources.path(f"icons/curator-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    return icon


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if QApplication.instance() is None:
        problem = check_xcb()      # platform_check.py: name what libqxcb.so lacks
        if problem:
            print(f"curator: {problem}", file=sys.stderr)
            return 1
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
    status = app.exec()
    settings.sync()      # the process may end without destroying it: __main__.py
    return status


def run_and_exit(argv: list[str] | None = None) -> None:
    """Run the window, then end the process at once with its status.

    When the window's loop is over everything it keeps is written: settings synced,
    edits saved or in the recovery journal, every scan and its workers joined. What is
    left is freeing memory: Python's and Qt's teardown took 0.3-1.0 s of a 0.4-1.2 s quit
    of a window listing 4,000 records (benchmarks/bench_quit.py). The system frees it at
    once. The exit functions still run (``atexit``): multiprocessing's releases the
    semaphores of scans that ended and stops the forkserver, logging flushes its files."""
    status = run(argv)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
