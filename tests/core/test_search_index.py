"""The word index answers a search exactly as a scan of every text does: words inside
words, words with non-word bytes (``β-ar``), rows changed or added after the index."""

from __future__ import annotations

import random
import time
from types import SimpleNamespace

from curator.core.collection import search_index, word_postings
from curator.core.collection.search_index import LiveSearch, SearchIndex

ALPHABET = "abc-β_ 1\n"


def _texts(rng, n):
    return [SimpleNamespace(search="".join(rng.choice(ALPHABET) for _ in
                                           range(rng.randint(0, 30))).encode())
            for _ in range(n)]


def _words(rng):
    words = ("".join(rng.choice(ALPHABET[:-2]) for _ in range(rng.randint(1, 4))).encode()
             for _ in range(rng.randint(1, 3)))
    return [w for w in (w.strip() for w in words) if w]


def _scan(order, records, words):
    return [i for i in order if all(w in records[i].search for w in words)]


def test_the_index_finds_what_a_scan_finds(monkeypatch):
    monkeypatch.setattr(word_postings, "PAGE_ROWS", 300)     # several pages of rows
    monkeypatch.setattr(search_index, "PAGE_ROWS", 300)
    monkeypatch.setattr(search_index, "ROWS_AT_ONCE", 64)    # and gathers of postings
    rng = random.Random(20)
    records = _texts(rng, 2000)
    live = LiveSearch(min_rows=1)
    live.prepare(records, wait=True)
    assert live.ready
    order = list(range(len(records)))
    rng.shuffle(order)
    for _ in range(2000):
        words = _words(rng)
        assert live.filter(order, order, words, records) == _scan(order, records, words)
        some = order[::3]   # a narrower list keeps its own order
        assert live.filter(some, order, words, records) == _scan(some, records, words)


def test_rows_changed_or_added_after_the_index_are_searched_too():
    rng = random.Random(7)
    records = _texts(rng, 500)
    live = LiveSearch(min_rows=1)
    live.prepare(records, wait=True)
    records[3] = SimpleNamespace(search=b"kinase pathway")   # changed: dirty
    live.changed([3])
    records.append(SimpleNamespace(search=b"a kinase"))      # added after
    order = list(range(len(records)))
    assert live.filter(order, order, [b"kinase"], records) == [3, 500]
    assert live.filter(order, order, [b"nase", b"path"], records) == [3]
    for _ in range(300):
        words = _words(rng)
        assert live.filter(order, order, words, records) == _scan(order, records, words)


def test_a_word_with_no_word_bytes_and_an_empty_index():
    index = SearchIndex([])
    mask, exact = index.mask(b"abc")
    assert mask is not None and len(mask) == 0 and exact
    assert SearchIndex([b"x"]).mask(b"-") == (None, False)
    records = [SimpleNamespace(search=t) for t in (b"\xce\xb2-ar", b"b-ar", b"ar")]
    live = LiveSearch(min_rows=1)
    live.prepare(records, wait=True)
    order = [2, 1, 0]
    assert live.filter(order, order, ["β-ar".encode()], records) == [0]
    assert live.filter(order, order, [b"-"], records) == [1, 0]
    assert live.filter(order, order, [b"ar"], records) == [2, 1, 0]


def test_few_rows_are_scanned_and_clear_forgets_the_index():
    records = [SimpleNamespace(search=b"kinase")] * 10
    live = LiveSearch(min_rows=100)
    live.prepare(records, wait=True)
    assert not live.ready   # below min_rows: a scan is fast enough
    live = LiveSearch(min_rows=1)
    live.prepare(records, wait=True)
    live.clear()
    assert not live.ready
    assert live.filter(list(range(10)), list(range(10)), [b"nas"], records) == \
        list(range(10))



def test_a_build_in_a_thread_starts_only_once_the_window_is_idle(monkeypatch):
    """Nothing of it (numpy's import first) runs until ``idle`` is set: started at once,
    it imported numpy while the window painted its first rows (issue 20)."""
    records = _texts(random.Random(11), 300)
    started = []

    def counted(texts, pause):
        started.append(len(texts))
        return word_postings.word_postings(texts, pause)
    monkeypatch.setattr(search_index, "word_postings", counted)
    live = LiveSearch(min_rows=1)
    live.prepare(records)                  # no window's loop has gone idle yet
    assert live.building and not live.idle.is_set()
    time.sleep(0.2)                        # the thread has every chance to run
    assert started == [] and not live.ready
    live.idle.set()                        # the window's loop is about to wait
    deadline = time.monotonic() + 60
    while not live.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started == [300] and live.ready
    order = list(range(len(records)))
    assert live.filter(order, order, [b"kinase"], records) == _scan(order, records,
                                                                   [b"kinase"])
