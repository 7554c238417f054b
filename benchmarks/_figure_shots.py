"""Screenshots of the window with a fetched figure at 1024x700, 1366x768 and 1920x1080 on a
real X display (issue 16), over a copy of tests/data/pfocr_sample:

    Xvfb :N -screen 0 1920x1080x24 &
    DISPLAY=:N QT_QPA_PLATFORM=xcb python benchmarks/_figure_shots.py OUT_DIR [RECORD]

A real HTTP server on 127.0.0.1 (tests/gui/figure_server.py) stands in for PMC through
``CURATOR_PMC_BASE`` and serves each record's figure as a pathway-like 1600x1100 JPEG.
Settings and the figure cache live in a temporary folder. RECORD (a file name in the
sample) defaults to the one with the longest title. Writes OUT_DIR/figure_WxH.png, and
figure_1024x700_100pct.png: the smallest size with the figure at 100% (Ctrl+0).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests" / "gui"))
SAMPLE = ROOT / "tests" / "data" / "pfocr_sample"
SIZES = ((1024, 700), (1366, 768), (1920, 1080))


def _field(text: str, name: str) -> str:
    m = re.search(rf"^{name}: (.*(?:\n  .*)*)", text, re.M)
    return m.group(1).strip() if m else ""


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    records = tmp / "records"
    shutil.copytree(SAMPLE, records)
    texts = {p.name: p.read_text(encoding="utf-8") for p in records.glob("*.md")}
    record = sys.argv[2] if len(sys.argv) > 2 else \
        max(texts, key=lambda n: len(_field(texts[n], "figtitle")))

    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from figure_server import FigureServer, image_bytes

    app = QApplication.instance() or QApplication([])
    server = FigureServer().__enter__()
    os.environ["CURATOR_PMC_BASE"] = server.base
    jpeg = ("image/jpeg", image_bytes("JPEG", size=(1600, 1100), color="#cfe3f7"))
    for text in texts.values():
        if _field(text, "filename"):
            server.files[_field(text, "filename")] = jpeg

    from curator.gui import MainWindow

    window = MainWindow(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window.ask_save_changes = lambda n: None

    def spin(seconds=0.5, busy=lambda: False, timeout=30.0):
        end, give_up = time.monotonic() + seconds, time.monotonic() + timeout
        while (time.monotonic() < end or busy()) and time.monotonic() < give_up:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    window.move(0, 0)
    window.resize(*SIZES[0])
    window.show()
    loaded = []
    window.folder_loaded.connect(lambda: loaded.append(True))
    window.open_folder(records)
    spin(0.2, lambda: not loaded)
    window.select_record(str(records / record))
    spin(0.5, lambda: not window.preview.shown)
    print(f"record {record}: {window.figure.url} shown={window.preview.shown}", flush=True)
    shots = [(*SIZES[0], ""), (*SIZES[0], "_100pct")] + [(w, h, "") for w, h in SIZES[1:]]
    for w, h, zoom in shots:
        window.move(0, 0)
        window.resize(w, h)
        window.preview.viewer.actions_["actual_size" if zoom else "fit"].trigger()
        spin(1.0)
        size = window.frameGeometry()
        print(f"{w}x{h}: window {size.width()}x{size.height()} (minimum "
              f"{window.minimumSizeHint().width()}x{window.minimumSizeHint().height()})",
              flush=True)
        path = out / f"figure_{w}x{h}{zoom}.png"
        subprocess.run(["import", "-window", "root", "-crop", f"{w}x{h}+0+0", str(path)],
                       check=True)
        print("wrote", path, flush=True)
    window.resize(*SIZES[0])                      # back from the widest: does it shrink?
    spin(1.0)
    print(f"back to {SIZES[0][0]}x{SIZES[0][1]}: window {window.width()}x{window.height()}",
          flush=True)
    window.close()
    server.__exit__()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
