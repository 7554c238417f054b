"""A big record opens without freezing the window: it is read off the GUI thread, the
header says it is loading, and the form appears when it is read."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from curator.core.files.record import Record
from gui_helpers import RECORD, editor, select, text_of, type_at_end
from recordfiles import record_paths

BIG = "PMC3092522__manylines.md"
LONG = "PMC3092522__longcaption.md"


def _seed() -> str:
    return next(p for p in record_paths() if p.name == RECORD).read_text(encoding="utf-8")


@pytest.fixture
def big_folder(tmp_path):
    """The tidy record, one with 20,000 lines of front matter (seconds to parse) and one
    with a 300,000-character caption."""
    folder = tmp_path / "records"
    folder.mkdir()
    seed = _seed()
    (folder / RECORD).write_text(seed, encoding="utf-8")
    keywords = "".join(f"  - Keyword {i}\n" for i in range(20_000))
    (folder / BIG).write_text(seed.replace("  keywords:\n", "  keywords:\n" + keywords, 1),
                              encoding="utf-8")
    caption = "kinase pathway " * 20_000
    (folder / LONG).write_text(seed.replace("caption: (A)", f"caption: {caption}(A)", 1),
                               encoding="utf-8")
    return folder


@pytest.fixture
def big_window(window, qtbot, big_folder):
    with qtbot.waitSignal(window.folder_loaded, timeout=60000):
        window.open_folder(big_folder)
    select(window, qtbot, big_folder / RECORD)
    return window


def _loader_threads():
    return [t for t in threading.enumerate() if t.name == "curator-record-loader"]


def test_the_window_keeps_turning_while_a_big_record_loads(big_window, qtbot, big_folder,
                                                           monkeypatch):
    w = big_window
    path = str(big_folder / BIG)
    reads = []                  # (thread, start, end) of the session's reads
    real_read = w.session.read

    def timed_read(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real_read(*args, **kwargs)
        finally:
            reads.append((threading.current_thread().name, start, time.perf_counter()))
    monkeypatch.setattr(w.session, "read", timed_read)
    ticks = []                  # when the event loop turned, and whether it was loading
    timer = QTimer(w)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append((time.perf_counter(),
                                                w.record_header.loading)))
    timer.start()
    w.select_record(path)
    assert w.current_path == path
    assert w.record_header.loading and w.form.record is None    # not parsed yet
    assert "loading" in w.record_header.text()
    qtbot.waitUntil(lambda: w.form.record is not None, timeout=120000)
    timer.stop()
    assert str(w.form.record.path) == path and not w.record_header.loading
    # read off the GUI thread, and the event loop turned while it was read: at least
    # once every 100 ms of it (its timer is 20 ms; the read lets the interpreter lock
    # go, where libyaml's composer would not). A fixed count of turns failed on a fast
    # machine, where the read took under 60 ms.
    (thread, start, end), = [r for r in reads if r[0] == "curator-record-loader"]
    during = [t for t, loading in ticks if start < t < end and loading]
    assert len(during) >= int((end - start) / 0.1), (len(during), end - start)
    assert any(loading for _, loading in ticks)
    assert w.form.isEnabled() and not w.session.is_modified(path)
    keywords = w.form.record.data["schema-jsonld"]["keywords"]
    assert len(keywords) == 20_003 and keywords[-1] == "BEZ235"


def test_moving_on_while_a_big_record_loads_drops_it(big_window, qtbot, big_folder):
    w = big_window
    w.select_record(str(big_folder / BIG))
    assert w.record_header.loading
    select(w, qtbot, big_folder / RECORD)                        # the curator moves on
    assert str(w.form.record.path) == str(big_folder / RECORD)
    assert not w.record_header.loading
    qtbot.waitUntil(lambda: not _loader_threads(), timeout=120000)
    qtbot.wait(100)                        # a poll of the loader's timer, at least
    assert str(w.form.record.path) == str(big_folder / RECORD)   # the late result dropped
    assert not w.session.is_open(str(big_folder / BIG))
    assert w.current_path == str(big_folder / RECORD)


def test_a_caption_too_long_to_edit_is_shown_cut_and_the_record_still_saves(
        big_window, qtbot, big_folder):
    w = big_window
    path = big_folder / LONG
    w.select_record(str(path))
    qtbot.waitUntil(lambda: w.form.record is not None
                    and str(w.form.record.path) == str(path), timeout=120000)
    caption = editor(w, "caption")
    assert caption.isReadOnly() and "too long to show or edit here" in text_of(caption)
    assert len(text_of(caption)) < 250_000
    before = path.read_bytes()
    type_at_end(qtbot, editor(w, "figtitle"), " edited")         # another field edits
    assert w.session.is_modified(str(path))
    w.actions_.save.trigger()
    qtbot.waitUntil(lambda: not w.session.is_modified(str(path)), timeout=20000)
    after = Record.open(path)
    assert after.data["figtitle"].endswith(" edited")
    assert after.data["caption"] == Record(before).data["caption"]   # kept whole
    select(w, qtbot, big_folder / RECORD)
    assert not editor(w, "caption").isReadOnly()                  # a short one edits
