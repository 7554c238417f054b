"""The main window's minimum width and the title editor's place per dock state on one
screen (a table). Usage: python benchmarks/window_widths.py FOLDER SCREEN default|saved-wide

SCREEN names a screen (offscreen with tests/gui/screens.json: wide, narrow; on a real X
server any name takes the primary screen). FOLDER is copied and put under git (the
Review Changes dock). "saved-wide" sets the form beside the figure first, as a layout saved
on a wide screen. Numbers before/after a change: run with PYTHONPATH=<an exported tree>."""

import sys, shutil, subprocess, tempfile
from pathlib import Path
from PySide6.QtCore import QSettings, Qt, QPoint
from PySide6.QtWidgets import QApplication, QPlainTextEdit


def main() -> None:
    app = QApplication(sys.argv)
    from curator.gui import MainWindow

    src, screen_name, wide_saved = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "saved-wide"
    tmp = Path(tempfile.mkdtemp())
    folder = tmp / "c"
    shutil.copytree(src, folder)
    for cmd in (["init", "-q"], ["add", "-A"], ["-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "i"]):
        subprocess.run(["git", "-C", str(folder), *cmd], check=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp / "s"))
    w = MainWindow(QSettings(str(tmp / "s" / "c.ini"), QSettings.Format.IniFormat))
    scr = next((s for s in app.screens() if s.name() == screen_name), app.primaryScreen())
    area = scr.availableGeometry()
    w.setScreen(scr); w.move(area.topLeft()); w.resize(area.width(), area.height()); w.show()
    done = []
    w.folder_loaded.connect(lambda *a: done.append(1))
    w.open_folder(folder)
    while not done: app.processEvents()
    def settle(n=150):
        for _ in range(n): app.processEvents()
    settle(); w.table.selectRow(0); settle(300)
    docks = {"facets": w.facets.dock, "curation": w.curation.dock, "review": w.git.dock,
             "history": w.history_dock}
    states = [("none", []), ("facets", ["facets"]), ("curation", ["curation"]),
              ("review", ["review"]), ("history", ["history"]),
              ("facets+curation", ["facets", "curation"]), ("facets+review", ["facets", "review"]),
              ("facets+history", ["facets", "history"]), ("curation+history", ["curation", "history"]),
              ("curation+review", ["curation", "review"])]
    title = w.findChild(QPlainTextEdit, "field_figtitle")
    print(f"# screen {scr.name()} {area.width()}x{area.height()}, layout {'saved-wide' if wide_saved else 'default'}")
    print(f"{'docks':17} {'min':>5} {'width':>5} {'arrangement':12} {'title editor x..x+w':>20}")
    for name, open_ in states:
        for d in (*docks.values(), w.curation.summary_dock): d.hide()
        settle()
        w.resize(area.width(), area.height()); settle()
        if wide_saved:
            w.layout_follower.active = False
            w.work_splitter.setOrientation(Qt.Orientation.Horizontal); settle()
        for k in open_: docks[k].show()
        settle(300)
        w.layout().invalidate(); w.layout().activate()
        x = title.mapTo(w, QPoint(0, 0)).x()
        arr = "beside" if w.work_splitter.orientation() == Qt.Orientation.Horizontal else "below"
        tabbed = any(w.tabifiedDockWidgets(d) for d in docks.values() if d.isVisible())
        arr += "+tabs" if tabbed else ""
        ok = "ok" if 0 <= x and x + title.width() <= w.width() <= area.width() else "CUT"
        print(f"{name:17} {w.minimumSizeHint().width():5} {w.width():5} {arr:12} {x:>8}..{x + title.width():<5} {ok}")
    w.close()


if __name__ == "__main__":
    main()
