"""The record list's models hold what the list shows, and pass Qt's model tester."""

from __future__ import annotations

from curator.core.collection.index import FolderIndex
from curator.gui.records.problems_panel import ProblemListModel
from curator.gui.records.record_filter import RecordFilterModel
from curator.gui.records.record_table_model import RecordTableModel


def _rows(folder):
    index = FolderIndex(folder, cache=False)
    return [row for batch in index.scan() for row in batch]


def test_table_model_passes_the_model_tester(qtmodeltester, seeds_copy):
    model = RecordTableModel()
    qtmodeltester.check(model)
    rows = _rows(seeds_copy)
    model.append_rows(rows[:10])
    model.append_rows(rows[10:])
    qtmodeltester.check(model)
    assert model.rowCount() == 29
    model.set_modified(rows[3].path, True)
    assert model.modified_count() == 1
    qtmodeltester.check(model)


def test_proxy_passes_the_model_tester_while_filtering(qtmodeltester, seeds_copy):
    model = RecordTableModel()
    proxy = RecordFilterModel()
    proxy.setSourceModel(model)
    model.append_rows(_rows(seeds_copy))
    qtmodeltester.check(proxy)
    proxy.set_search("homo")
    qtmodeltester.check(proxy)
    proxy.set_quick_filter("errors")
    qtmodeltester.check(proxy)
    proxy.sort(RecordTableModel.PROBLEMS)
    qtmodeltester.check(proxy)


def test_search_matches_every_word_in_figid_title_caption_or_organisms(seeds_copy):
    model = RecordTableModel()
    proxy = RecordFilterModel()
    proxy.setSourceModel(model)
    model.append_rows(_rows(seeds_copy))
    proxy.set_search("TRASTUZUMAB")            # title and caption, any case
    assert [proxy.path_at(r).endswith("PMC3092522__nihms289124f2.md")
            for r in range(proxy.rowCount())] == [True]
    proxy.set_search("lapatinib her2")         # caption words, both needed
    assert proxy.rowCount() == 1
    proxy.set_search("lapatinib nosuchword")
    assert proxy.rowCount() == 0
    proxy.set_search("PMC10036500")            # the figure id
    assert proxy.rowCount() == 1


def test_quick_filters(seeds_copy):
    model = RecordTableModel()
    proxy = RecordFilterModel()
    proxy.setSourceModel(model)
    (seeds_copy / "broken.md").write_text("---\nfigid: [unclosed\n---\n", encoding="utf-8")
    rows = _rows(seeds_copy)
    model.append_rows(rows)
    proxy.set_quick_filter("errors")
    assert proxy.rowCount() == sum(r.worst == "error" for r in rows) >= 2
    proxy.set_quick_filter("unparsed")
    assert [proxy.path_at(r) for r in range(proxy.rowCount())] == \
        [str(seeds_copy / "broken.md")]
    proxy.set_quick_filter("missing")
    assert proxy.rowCount() == sum(r.missing for r in rows) > 0
    proxy.set_quick_filter("modified")
    assert proxy.rowCount() == 0
    model.set_modified(rows[0].path, True)
    assert proxy.rowCount() == 1
    proxy.set_quick_filter("all")
    assert proxy.rowCount() == 30


def test_pinned_record_stays_listed_under_any_quick_filter(seeds_copy):
    model = RecordTableModel()
    proxy = RecordFilterModel()
    proxy.setSourceModel(model)
    rows = _rows(seeds_copy)
    model.append_rows(rows)
    clean = next(r for r in rows if r.worst is None)
    proxy.set_quick_filter("errors")
    assert proxy.row_of(clean.path) == -1
    proxy.set_pinned(clean.path)
    assert proxy.row_of(clean.path) >= 0
    proxy.set_search("no such words")          # the search still applies
    assert proxy.row_of(clean.path) == -1


def test_problem_list_model(qtmodeltester, seeds_copy):
    rows = _rows(seeds_copy)
    model = ProblemListModel()
    model.set_problems(max(rows, key=lambda r: len(r.problems)).problems)
    assert model.rowCount() > 3
    severities = [model.problems()[i].severity for i in range(model.rowCount())]
    order = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.get)
    qtmodeltester.check(model)


def test_search_through_the_word_index_lists_what_the_scan_lists(qtmodeltester, seeds_copy):
    """A long list searches through a word index (core/collection/search_index.py): the
    same rows, in the same order, also for a row edited and rows added after it was built."""
    rows = _rows(seeds_copy)
    lists = []
    for indexed in (False, True):
        model = RecordTableModel()
        proxy = RecordFilterModel()
        proxy.setSourceModel(model)
        model.append_rows(rows[:20])
        proxy.sort(RecordTableModel.TITLE)
        if indexed:
            proxy.search_index.min_rows = 1
            proxy.search_index.prepare(model.records, wait=True)
            assert proxy.search_index.ready
        model.update_row(rows[5]._replace(search=rows[5].search + b" zzqq-x"))
        model.append_rows(rows[20:])
        listed = []
        for text in ("h", "ho", "homo", "homo sap", "kinase", "-", "zzqq", "zzqq-x",
                     "PMC10036500", "nosuchword", "a"):
            proxy.set_search(text)
            listed.append([proxy.path_at(r) for r in range(proxy.rowCount())])
        qtmodeltester.check(proxy)
        lists.append(listed)
    assert lists[0] == lists[1]
    assert lists[1][6] == [rows[5].path] == lists[1][7]


def test_the_word_index_is_built_only_while_the_event_loop_waits(qapp, seeds_copy):
    """Built in a thread, the index waits while the event loop is busy (a record switch
    or a keystroke never shares the interpreter lock with it) and is built when the loop
    waits for events; the search then goes through it."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    seeds = _rows(seeds_copy)
    rows = [seeds[i % len(seeds)]._replace(path=f"{seeds_copy}/copy{i}.md")
            for i in range(3000)]
    model = RecordTableModel()
    proxy = RecordFilterModel()
    proxy.search_index.min_rows = 1000
    proxy.setSourceModel(model)
    model.append_rows(rows)
    proxy.resort()                      # a folder is listed: the build begins
    assert proxy.search_index.building
    end = time.monotonic() + 0.5
    while time.monotonic() < end:       # busy: events, never a wait
        qapp.processEvents()
    assert not proxy.search_index.ready
    loop = QEventLoop()
    poll = QTimer(interval=20)
    poll.timeout.connect(lambda: proxy.search_index.ready and loop.quit())
    poll.start()
    QTimer.singleShot(60000, loop.quit)
    loop.exec()                         # the loop waits between the timer's turns
    assert proxy.search_index.ready
    proxy.set_search("trastuzumab")
    assert proxy.rowCount() == len([r for r in rows if b"trastuzumab" in r.search]) > 0


def test_each_source_row_maps_to_its_place_among_the_rows_shown(seeds_copy):
    """mapFromSource and row_of answer as the list shows (filtered, sorted, rows added
    after), and a row not shown maps to nothing."""
    rows = _rows(seeds_copy)
    model = RecordTableModel()
    proxy = RecordFilterModel()
    proxy.setSourceModel(model)
    model.append_rows(rows[:20])
    proxy.set_search("homo")
    proxy.sort(RecordTableModel.TITLE)
    model.append_rows(rows[20:])

    def check():
        shown = {proxy.mapToSource(proxy.index(r, 0)).row(): r
                 for r in range(proxy.rowCount())}
        assert 0 < len(shown) < model.rowCount()
        for s in range(model.rowCount()):
            mapped = proxy.mapFromSource(model.index(s, 0))
            assert (mapped.row() if mapped.isValid() else None) == shown.get(s)
            assert proxy.row_of(model.record_row(s).path) == shown.get(s, -1)
    check()
    proxy.set_search("")
    proxy.set_search("mus")
    check()
