"""A word index of the list's search texts, so a search keystroke at 70,000 rows is a few
numpy passes instead of a regular expression over every row (issue 20: that pass was
60-140 ms a keystroke, most of all the second character of a word, which the first
barely narrows).

The index keeps each text's words (maximal runs of ASCII ``\\w`` bytes), once each, with
the rows they occur in (CSR arrays a page of 65,536 rows each, 2 bytes a posting: 7
million postings, 14 MB, at 70,000 PFOCR rows; built by ``word_postings``). A search word that is itself one run of ``\\w`` bytes occurs in a
text exactly when it is a substring of one of the text's words, so its rows are the
postings of the vocabulary words containing it, found by a vectorised scan of the
vocabulary (a few MB). Any other search word (``β-ar``, ``il-6``) has its ``\\w`` pieces
each inside a word of every text holding it: the index narrows to those rows and
``in`` checks only them. Rows whose text changed since the index was built, and rows
added after it, are checked with ``in`` too (``LiveSearch``).
"""

from __future__ import annotations

import re
import threading
import time

from curator.core.heap import give_back_memory
from curator.core.lazy import lazy

np = lazy("numpy")    # imported when the index is first built, not at start-up

from curator.core.collection.word_postings import PAGE_ROWS, WORD_BYTES, word_postings

_WORD = re.compile(rb"\w+")
_ASCII_WORD = set(WORD_BYTES)
ROWS_AT_ONCE = 1 << 18   # postings gathered at a time by _rows_of


class SearchIndex:
    """The words of ``texts`` (bytes) and the rows holding each."""

    def __init__(self, texts, go: threading.Event | None = None) -> None:
        """``go``: built in a thread, it waits while the event is clear (the window is
        busy) and lets the interpreter lock go every few rows, so a window's event
        never waits long for it."""
        def pause():
            if go is not None:
                go.wait()
                time.sleep(0)
        self.rows = len(texts)
        pause()    # nothing, numpy's import first (0.05-0.1 s), while the window is busy
        self._pages, self._vocab, self._starts = word_postings(texts, pause)
        self._single: dict[int, np.ndarray] = {}   # one byte -> its rows' mask, packed
        #   eight rows a byte (np.packbits): 37 masks of 70,000 rows were 2.6 MB as bools
        for byte in set(np.unique(self._vocab).tolist()) & _ASCII_WORD:
            pause()
            self._single[byte] = np.packbits(self._rows_of(self._words_holding(byte)))

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self._vocab, self._starts, *self._single.values(),
                                      *(a for page in self._pages for a in page)))

    def _single_mask(self, byte: int) -> np.ndarray:
        """A mask of the rows holding ``byte`` in a word."""
        packed = self._single.get(byte)
        if packed is None:
            return np.zeros(self.rows, bool)
        return np.unpackbits(packed, count=self.rows).view(bool)

    def _words_holding(self, byte: int) -> np.ndarray:
        """The ids of the vocabulary words holding ``byte`` (``_tokens_with`` of one
        byte, without the places of every one of its occurrences)."""
        return np.flatnonzero(np.logical_or.reduceat(self._vocab == byte, self._starts))

    def _tokens_with(self, piece: bytes) -> np.ndarray:
        """The ids of the vocabulary words containing ``piece`` (a run of \\w bytes)."""
        vocab, k = self._vocab, len(piece)
        if k > len(vocab):
            return np.zeros(0, np.int64)
        at = np.flatnonzero(vocab[:len(vocab) - k + 1] == piece[0])
        for j in range(1, k):
            at = at[vocab[at + j] == piece[j]]
        return np.unique(np.searchsorted(self._starts, at, "right") - 1)

    def _rows_of(self, tokens: np.ndarray) -> np.ndarray:
        """A mask of the rows holding any of ``tokens``, a page of rows at a time (their
        postings gathered about ``ROWS_AT_ONCE`` at a time: the words holding an ``e``
        have nearly all 7 million postings, whose int64 places at once were 170 MB at
        the build's peak)."""
        mask = np.zeros(self.rows, bool)
        if len(tokens) == 0:
            return mask
        for page, (ptr, post) in enumerate(self._pages):
            rows = mask[page * PAGE_ROWS:(page + 1) * PAGE_ROWS]    # a view
            lo, hi = ptr[tokens], ptr[tokens + 1]
            lengths = hi - lo
            ends = np.cumsum(lengths)
            a = 0
            while a < len(tokens) and ends[-1]:
                before = int(ends[a - 1]) if a else 0
                b = max(a + 1, int(np.searchsorted(ends, before + ROWS_AT_ONCE, "right")))
                span, last = lengths[a:b], ends[a:b] - before
                if last[-1]:
                    index = np.repeat(lo[a:b] - last + span, span) + np.arange(int(last[-1]))
                    rows[post[index]] = True
                a = b
        return mask

    def mask(self, word: bytes) -> tuple[np.ndarray | None, bool]:
        """(a mask of the rows that may contain ``word``, whether exactly those do);
        (None, False) when the index cannot narrow (no \\w byte in the word)."""
        pieces = _WORD.findall(word)
        if not pieces:
            return None, False
        mask = None
        for piece in pieces:
            m = self._single_mask(piece[0]) if len(piece) == 1 \
                else self._rows_of(self._tokens_with(piece))
            mask = m if mask is None else mask & m   # never changed in place
        return mask, pieces == [word]


class LiveSearch:
    """The rows of a list of records (each with ``.search`` bytes) containing every word,
    from a ``SearchIndex`` once it is built (in a thread, 2-5 s at 70,000 rows, while
    ``idle`` is set: a window sets it while its event loop waits, and a build started
    in a thread waits for that to begin), by scanning until then. ``changed(rows)``
    names rows whose text may have changed; ``clear()`` forgets the index (the rows
    were replaced or reordered)."""

    def __init__(self, min_rows: int = 5000) -> None:
        self.min_rows = min_rows
        self.idle = threading.Event()   # clear: the build in a thread waits (busy)
        self.idle.set()
        self._index: SearchIndex | None = None
        self._dirty: set[int] = set()
        self._generation = 0
        self._building = False
        self._order_key = None
        self._order_arr = None

    @property
    def ready(self) -> bool:
        return self._index is not None

    @property
    def building(self) -> bool:
        return self._building

    @property
    def nbytes(self) -> int:
        return self._index.nbytes if self._index is not None else 0

    def clear(self) -> None:
        self._generation += 1
        self._index, self._building = None, False
        self._dirty = set()

    def changed(self, rows) -> None:
        if self._index is not None or self._building:
            self._dirty.update(rows)
            if self._index is not None and len(self._dirty) > self._index.rows // 8:
                self.clear()   # many rows changed (outside Curator): index them again

    def prepare(self, records, wait: bool = False) -> None:
        """Build the index of ``records`` (when there are enough of them), in a thread
        unless ``wait``."""
        if self._index is not None or self._building or len(records) < self.min_rows:
            return
        texts = [r.search for r in records]   # a snapshot: later changes are dirty
        self._dirty = set()
        self._building = True
        generation = self._generation

        def build():
            index = SearchIndex(texts, None if wait else self.idle)
            give_back_memory()
            if generation == self._generation:
                self._index, self._building = index, False
        if wait:
            build()
        else:   # from the next time the window's loop waits (IdleBuild sets ``idle``);
            # started at once, it imported numpy while the first rows were being painted
            self.idle.clear()
            threading.Thread(target=build, name="search-index", daemon=True).start()

    def filter(self, rows: list[int], order: list[int], words, records) -> list[int]:
        """The rows (of ``rows``, a subset of ``order`` kept in its order) whose search
        text contains every one of ``words``."""
        index = self._index
        if index is None:
            self.prepare(records)   # for the next keystrokes
            for word in words:   # each word narrows the rows the next one looks at
                rows = scan(rows, records, word)
            return rows
        n = len(records)
        mask = np.ones(n, bool)
        for word in words:
            m, exact = index.mask(word)
            if m is not None:
                mask[:index.rows] &= m
            if not exact:
                cand = np.flatnonzero(mask)
                mask[:] = False
                mask[scan(cand.tolist(), records, word)] = True
        late = [i for i in self._dirty if i < n] + list(range(index.rows, n))
        for i in late:   # changed or added since the index: look at them
            text = records[i].search
            mask[i] = all(w in text for w in words)
        rows = self._order_array(order) if rows is order else np.asarray(rows, np.int64)
        return rows[mask[rows]].tolist()

    def _order_array(self, order: list[int]) -> np.ndarray:
        key = (id(order), len(order))
        if key != self._order_key:
            self._order_key, self._order_arr = key, np.asarray(order, np.int64)
        return self._order_arr


BUILD_ROWS = 2048   # rows whose postings are sorted at a time


def _postings(ids: np.ndarray, counts: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """The rows of each word in order (the CSR postings of ``ptr``), from each row's word
    ids (``ids``, ``counts`` of them a row, rows in order). The ids of ``BUILD_ROWS`` rows
    are sorted at a time (stable: a word's rows stay in order) and put in their words'
    places: one sort of all 7 million ids needed their int64 order and each posting's
    row beside it, 100 MB more at the build's peak than these 4-byte postings (70,000
    rows, measured), all while the window may be busy with something else."""
    post = np.empty(len(ids), np.int32)
    fill = ptr[:-1].copy()        # each word's next free place in ``post``
    ends = np.cumsum(counts, dtype=np.int64)
    for first in range(0, len(counts), BUILD_ROWS):
        last = min(first + BUILD_ROWS, len(counts))
        lo = int(ends[first - 1]) if first else 0
        hi = int(ends[last - 1]) if last else 0
        if hi == lo:
            continue
        order = np.argsort(ids[lo:hi], kind="stable")
        words = ids[lo:hi][order]
        owners = np.repeat(np.arange(first, last, dtype=np.int32), counts[first:last])[order]
        heads = np.flatnonzero(np.concatenate(([True], words[1:] != words[:-1])))
        sizes = np.diff(np.append(heads, len(words)))
        rank = np.arange(len(words)) - np.repeat(heads, sizes)
        post[fill[words] + rank] = owners
        fill[words[heads]] += sizes
    return post


def scan(rows: list[int], records, word: bytes) -> list[int]:
    """The rows whose search text contains ``word``: ``in`` (memchr) is fastest for one
    byte, a compiled regular expression for longer words (about twice as fast as ``in``
    on 1 KB texts, measured)."""
    if len(word) == 1:
        return [i for i in rows if word in records[i].search]
    search = re.compile(re.escape(word)).search
    return [i for i in rows if search(records[i].search)]
