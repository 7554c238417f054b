"""Run by bench_frame.py in a fresh process: open a folder in the real window (offscreen,
or on the X server of $DISPLAY with QT_QPA_PLATFORM=xcb) and time what a curator does by
hand, each repetition from the key event to the end of the event-loop turns that paint
what it changed. Prints one JSON line of figures (seconds per repetition).

    python _frame_probe.py FOLDER [--repeat N] [--profile FILE] [--hold S] [--xdotool]
                           [--only switch,typing,save,filter,hold]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import shutil
import subprocess
import threading
import time

GROUPS = ("switch", "typing", "save", "filter", "hold")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--profile", default="", help="cProfile the record switches to FILE")
    ap.add_argument("--hold", type=float, default=2.0, help="seconds Alt+Down is held")
    ap.add_argument("--gap", type=int, default=25,
                    help="ms of event loop, untimed, between two record switches")
    ap.add_argument("--xdotool", action="store_true",
                    help="hold Alt+Down with xdotool on $DISPLAY (else: posted key events)")
    ap.add_argument("--only", default=",".join(GROUPS),
                    help="the groups of figures to time, of " + ",".join(GROUPS))
    args = ap.parse_args()
    only = set(args.only.split(","))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from _common import open_window

    app, window = open_window(args.folder)
    window.save_settings = lambda: None
    painted = {"n": 0}

    class PaintCounter(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted["n"] += 1
            return False

    counter = PaintCounter()
    title = window.form.editors["figtitle"].widget
    caption = window.form.editors["caption"].widget
    for w in (title.viewport(), window.table.viewport(), window.problems):
        w.installEventFilter(counter)

    def settle():
        """The turns of the event loop that paint what the key event changed."""
        app.processEvents()
        app.processEvents()

    def timed(fn) -> list[float]:
        """[wall seconds, CPU seconds of this process] from the event to its paint."""
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        settle()
        return [time.perf_counter() - start, time.process_time() - cpu]

    out = {"rows": window.proxy.rowCount()}
    settle()
    out["empty_turn"] = [timed(lambda: None) for _ in range(args.repeat)]

    # (a) next / previous record: Alt+Down / Alt+Up, from the middle of the list
    rows = window.proxy.rowCount()
    span = min(rows - 1, 100)
    start_row = max(0, rows // 2 - span // 2)
    window.select_record(window.proxy.path_at(start_row))
    window.table.setFocus()
    settle()

    def switch(i: int) -> None:
        key = Qt.Key.Key_Down if (i // span) % 2 == 0 else Qt.Key.Key_Up
        QTest.keyClick(window.table, key, Qt.KeyboardModifier.AltModifier)

    def between_presses() -> None:
        """The event loop runs, untimed, for the gap between two presses of a key held at
        30 a second (what is left of 33 ms after the switch): what the window does
        while it waits for the next key (reading the next record ahead) is done then,
        as it is between a curator's presses. A real loop that waits for events, as the
        window's own does: ``QTest.qWait`` only polls, so the loop never went idle there,
        and the work the window leaves for idle (when_idle.py) came into the next switch."""
        loop = QEventLoop()
        QTimer.singleShot(args.gap, loop.quit)
        loop.exec()

    for i in range(5):   # warm up: first paints of each editor
        timed(lambda: switch(i))
        between_presses()
    # the switches of the first seconds, while the list's word index is built (it is
    # built in a thread while the event loop is idle: idle_build.py), up to --repeat
    search_index = getattr(window.proxy, "search_index", None)
    building = []
    while "switch" in only and search_index is not None and search_index.building \
            and len(building) < args.repeat:
        building.append(timed(lambda: switch(len(building))))
        between_presses()
    if building:
        out["switch_building"] = building
    # then the switches of the rest of the day: the index built, the event loop waits
    # for it as a curator reading does
    idle = time.perf_counter()
    if search_index is not None and not search_index.ready:
        loop = QEventLoop()
        poll = QTimer(interval=50)
        poll.timeout.connect(lambda: search_index.ready and loop.quit())
        poll.start()
        QTimer.singleShot(120000, loop.quit)
        loop.exec()
        poll.stop()
    out["index_idle_s"] = time.perf_counter() - idle
    out["index_ready"] = bool(search_index is not None and search_index.ready)
    before = painted["n"]
    prof = cProfile.Profile() if args.profile else None
    times = []
    for i in range(args.repeat if "switch" in only else 0):
        if prof:
            prof.enable()
        times.append(timed(lambda: switch(i)))
        if prof:
            prof.disable()
        between_presses()
    if times:
        out["switch"] = times
        out["switch_paints"] = (painted["n"] - before) / args.repeat
    if prof:
        prof.dump_stats(args.profile)

    # (b) a keystroke in the title and in a 5,000-character caption
    from pathlib import Path
    edited = Path(window.current_path)
    kept_bytes, kept_stat = edited.read_bytes(), edited.stat()   # put back at the end
    window.form.setCurrentIndex(0)
    settle()

    def typing(widget, n: int) -> list[float]:
        widget.setFocus()
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        widget.setTextCursor(cursor)
        settle()
        result = []
        for i in range(n if "typing" in only else 0):
            key = Qt.Key.Key_Backspace if i % 2 else Qt.Key.Key_A
            text = "" if i % 2 else "a"
            result.append(timed(lambda: QTest.keyClick(widget, key, Qt.KeyboardModifier
                                                       .NoModifier) if not text else
                                QTest.keyClicks(widget, text)))
        return result

    out["key_title"] = typing(title, args.repeat)
    words = "kinase pathway signalling of the cell in response to growth factors "
    long_caption = (words * (5000 // len(words) + 1))[:5000]
    caption.setPlainText(long_caption)   # through the editor: one edit, validated
    settle()
    out["caption_chars"] = len(caption.toPlainText())
    out["key_caption"] = typing(caption, args.repeat)

    # (d) Save of the current record (an edit before each, not timed)
    save = []
    for i in range(max(args.repeat // 2, 20) if "save" in only else 0):
        title.setFocus()
        QTest.keyClicks(title, "b" if i % 2 == 0 else "c")
        settle()
        save.append(timed(lambda: QTest.keyClick(title, Qt.Key.Key_S,
                                                 Qt.KeyboardModifier.ControlModifier)))
    out["save"] = save
    out["saved_clean"] = not window.session.is_modified(window.current_path)

    # (c) a filter keystroke: typing words into the search box, each word afresh (the
    # list's word index was built before the switches above)
    box = window.findChild(QLineEdit, "searchBox")
    box.setFocus()
    keys, second = [], []
    while "filter" in only and len(keys) < args.repeat:
        for word in ("kinase", "pathway", "signal", "mouse"):
            box.clear()
            settle()
            for j, ch in enumerate(word):
                t = timed(lambda: QTest.keyClicks(box, ch))
                keys.append(t)
                if j == 1:
                    second.append(t)
    out["filter_key"] = keys
    out["filter_second"] = second
    box.clear()
    settle()

    # (e) Alt+Down held, key repeat 30/s, then released
    if "hold" in only:
        window.select_record(window.proxy.path_at(0))
        window.table.setFocus()
        settle()
        shown_log: list[tuple[float, int]] = []
        window.current_record_changed.connect(
            lambda path: shown_log.append((time.perf_counter(), window.proxy.row_of(path))))
        released = {}
        hold_s = min(args.hold, (window.proxy.rowCount() - 1) / 30 / 2)   # never at the end
        if args.xdotool:
            def hold():
                env = dict(os.environ)
                if shutil.which("xset"):    # else the server's own rate (Xvfb: 25/s)
                    subprocess.run(["xset", "r", "rate", "250", "30"], env=env, check=False)
                wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                                      str(os.getpid()), "--name", "Curator"], env=env,
                                     capture_output=True, text=True).stdout.split()
                if wid:
                    subprocess.run(["xdotool", "windowfocus", "--sync", wid[-1]], env=env)
                time.sleep(0.3)
                subprocess.run(["xdotool", "keydown", "alt+Down"], env=env, check=True)
                time.sleep(hold_s)
                subprocess.run(["xdotool", "keyup", "Down"], env=env, check=True)
                released["t"] = time.perf_counter()
                subprocess.run(["xdotool", "keyup", "alt"], env=env, check=True)
                released["done"] = True
        else:
            def hold():   # as X delivers a held key: a press, then auto-repeated presses
                end, first = time.perf_counter() + hold_s, True
                while time.perf_counter() < end:
                    QCoreApplication.postEvent(window.table, QKeyEvent(
                        QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier,
                        "", not first))
                    first = False
                    released["presses"] = released.get("presses", 0) + 1
                    time.sleep(1 / 30)
                released["t"] = time.perf_counter()
                released["done"] = True

        def held():   # a failed hold (no xset, xdotool refused) must not leave the loop below
            try:
                hold()
            finally:
                released.setdefault("t", time.perf_counter())
                released["done"] = True

        thread = threading.Thread(target=held)
        thread.start()
        while not released.get("done"):
            app.processEvents()
        thread.join()
        quiet = time.perf_counter()
        while time.perf_counter() - quiet < 1.0:   # until a second passes with no switch
            app.processEvents()
            if shown_log and shown_log[-1][0] > quiet:
                quiet = shown_log[-1][0]
        at_release = [row for t, row in shown_log if t <= released["t"]]
        out["hold"] = {"shown_at_release": at_release[-1] if at_release else 0,
                       "landed": window.proxy.row_of(window.current_path),
                       "switches": len(shown_log), "presses": released.get("presses")}
    window.ask_save_changes = lambda count: QMessageBox.StandardButton.Discard
    window.close()
    edited.write_bytes(kept_bytes)
    os.utime(edited, ns=(kept_stat.st_atime_ns, kept_stat.st_mtime_ns))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
