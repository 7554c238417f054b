"""The window tidies up after a crash: temporary files of interrupted saves are removed."""

from __future__ import annotations

import subprocess
import sys

from gui_helpers import RECORD


def test_opening_a_folder_removes_the_temporary_files_a_crashed_save_left(
        window, qtbot, seeds_copy):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = seeds_copy / f".{RECORD}.{dead}.k2j4.curator-tmp"
    stale.write_bytes(b"---\nfigid: half of a rec")
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        window.open_folder(seeds_copy)
    assert not stale.exists()
    assert (seeds_copy / RECORD).exists()
    assert window.model.row_for_path(str(seeds_copy / RECORD)) >= 0
