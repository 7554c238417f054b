"""Cyclic garbage is collected on the GUI thread only, never in the window's threads."""

from __future__ import annotations

import gc
import threading

from curator.gui.widgets.gc_pin import MainThreadCollector, pin_gc_to_gui_thread


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.freed_in: list[str] = []


def test_the_window_turns_automatic_collection_off_and_collects_on_its_timer(window, qtbot):
    collector = pin_gc_to_gui_thread()
    assert isinstance(collector, MainThreadCollector)
    assert pin_gc_to_gui_thread() is collector          # one per application
    assert not gc.isenabled()
    seen = []

    class Tracked(_Cycle):
        def __del__(self):
            seen.append(threading.current_thread() is threading.main_thread())

    kept = []

    def make_garbage():   # a thread allocating far past the threshold never collects
        for _ in range(20):
            Tracked()
        kept.extend([] for _ in range(50 * gc.get_threshold()[0]))

    worker = threading.Thread(target=make_garbage)
    worker.start()
    worker.join()
    assert seen == []
    qtbot.waitUntil(lambda: len(seen) == 20, timeout=5000)
    assert all(seen)


def test_a_listed_folder_is_not_walked_by_later_collections(loaded):
    """folder_loaded froze what was alive: the rows are out of the collector's reach."""
    assert gc.get_freeze_count() > loaded.model.rowCount()


def test_garbage_held_while_a_folder_is_listed_is_collected_once_it_is_listed(
        window, seeds_copy, qtbot):
    """While rows arrive they are held out of the collections (gc_pin.hold); a cycle that
    became garbage in that time is still collected when the listing ends."""
    from curator.gui.widgets import gc_pin
    freed = []

    class Tracked(_Cycle):
        def __del__(self):
            freed.append(1)

    Tracked()                    # garbage, not yet collected
    gc_pin.hold()                # what a listing does: frozen with the rest
    assert freed == []
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(seeds_copy)
    qtbot.waitUntil(lambda: freed == [1], timeout=5000)
