"""The word index's build in bulk: the words (maximal runs of ASCII ``\\w`` bytes) of
many byte texts, their vocabulary and the rows holding each word (CSR postings), found
by numpy passes over a few hundred texts at a time, with no Python object per word.

Tokenising with ``re.findall`` made a bytes object per word (10 million at 70,000 PFOCR
rows) and a dict entry per distinct word, and their freeing left the heap fragmented: the
window's memory after the build stayed 50-100 MB above what it holds (issue 20). Here a
word is a row of a byte matrix as wide as its class (8, 16, 32 ... bytes, zero padded:
a word holds no zero byte), keyed exactly: an unsigned 64-bit integer for words of up to
8 bytes, a fixed-width numpy byte string for longer ones. Each class keeps its distinct
words sorted, beside their ids (numbered as first seen).

Two passes: the first finds the vocabulary and how many rows of each page hold each
word, the second the postings, straight into their final arrays (keeping the first pass's word ids
would need as much memory again as the postings, at the build's peak).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

from curator.core.lazy import lazy

np = lazy("numpy")    # imported when the index is first built, not at start-up

WORD_BYTES = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
TOKEN_ROWS = 256        # texts tokenised at a time (a few hundred KB)
PAGE_ROWS = 1 << 16     # rows of a page of postings (a row's place in it: 16 bits)

_SCATTER = 1 << 12      # words placed in the vocabulary bytes at a time


@lru_cache(maxsize=None)
def _is_word():
    """Whether each byte value is a word byte (made on the first build: numpy is lazy)."""
    table = np.zeros(256, bool)
    table[np.frombuffer(WORD_BYTES, np.uint8)] = True
    return table


class _Vocabulary:
    """The distinct words seen, by class: sorted keys and their ids."""

    def __init__(self) -> None:
        self.keys: dict[int, np.ndarray] = {}    # class width -> sorted keys
        self.ids: dict[int, np.ndarray] = {}     # class width -> their ids
        self.size = 0

    def lookup(self, width: int, keys: np.ndarray, grow: bool) -> np.ndarray:
        """The ids of ``keys`` (distinct and sorted), new ones numbered next when
        ``grow`` (else every key must be known)."""
        known = self.keys.get(width)
        if known is None:
            known = self.keys[width] = keys[:0].copy()
            self.ids[width] = np.zeros(0, np.int64)
        pos = np.searchsorted(known, keys)
        hit = pos < len(known)
        hit[hit] = known[pos[hit]] == keys[hit]
        out = np.empty(len(keys), np.int64)
        out[hit] = self.ids[width][pos[hit]]
        if grow and not hit.all():
            new = ~hit
            fresh = np.arange(self.size, self.size + int(new.sum()), dtype=np.int64)
            out[new] = fresh
            self.size += len(fresh)
            self.keys[width] = np.insert(known, pos[new], keys[new])
            self.ids[width] = np.insert(self.ids[width], pos[new], fresh)
        return out

    def joined(self) -> tuple[np.ndarray, np.ndarray]:
        """(the words in id order, each followed by ``\\n``, as bytes; each one's start)."""
        lengths = np.zeros(self.size, np.int64)
        for width, keys in self.keys.items():
            lengths[self.ids[width]] = np.count_nonzero(_matrix_of(keys, width), axis=1)
        starts = np.zeros(self.size, np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        out = np.full(int(lengths.sum()) + self.size, ord("\n"), np.uint8)
        for width, keys in self.keys.items():
            ids = self.ids[width]
            for lo in range(0, len(ids), _SCATTER):
                matrix = _matrix_of(keys[lo:lo + _SCATTER], width)
                places = starts[ids[lo:lo + _SCATTER], None] + np.arange(width)
                used = matrix != 0
                out[places[used]] = matrix[used]
        return out, starts


def _matrix_of(keys: np.ndarray, width: int) -> np.ndarray:
    """The (n, width) bytes of ``keys`` of one class."""
    if width == 8:
        keys = keys.astype(">u8")
    return keys.view(np.uint8).reshape(len(keys), width)


def _chunk_pairs(texts: Sequence[bytes], first: int, vocab: _Vocabulary,
                 grow: bool) -> np.ndarray:
    """The distinct (word id, row) pairs of ``texts`` (rows numbered from ``first``), as
    ``id << 32 | row``, sorted."""
    joined = b"\n".join(texts)
    size = len(joined)
    if not size:
        return np.zeros(0, np.int64)
    joined += bytes(8)                     # the last word's 8 bytes can be read
    buf = np.frombuffer(joined, np.uint8)
    edges = np.diff(_is_word()[buf[:size]].view(np.int8), prepend=np.int8(0),
                    append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    if not len(starts):
        return np.zeros(0, np.int64)
    lengths = np.flatnonzero(edges == -1) - starts
    del edges
    ends = np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)) + 1) - 1
    rows = np.searchsorted(ends, starts, "right") + first
    classes = np.ceil(np.log2(np.maximum(lengths, 8))).astype(np.int64)
    ids = np.empty(len(starts), np.int64)
    for cls in np.flatnonzero(np.bincount(classes)).tolist():
        width = 1 << cls
        which = np.flatnonzero(classes == cls)
        if width == 8:     # the 8 bytes at each start, big-endian, cut after the word
            at = np.ndarray((size,), ">u8", joined, strides=(1,))[starts[which]]
            cut = (64 - 8 * lengths[which]).astype(np.uint64)
            keys = (at.astype(np.uint64) >> cut) << cut
        else:
            places = starts[which, None] + np.arange(width)
            np.minimum(places, size - 1, out=places)
            matrix = buf[places]
            matrix[np.arange(width) >= lengths[which, None]] = 0
            keys = matrix.view(f"S{width}").ravel()
        distinct, inverse = _distinct(keys)
        ids[which] = vocab.lookup(width, distinct, grow)[inverse]
    pairs = np.sort((ids << 32) | rows)
    return pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct keys sorted, each key's place among them): ``np.unique`` with
    ``return_inverse``, by a sort (numpy 2's hashing unique was 5 times slower here)."""
    order = np.argsort(keys)
    ordered = keys[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    inverse = np.empty(len(keys), np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def _pieces(n: int) -> list[tuple[int, int]]:
    """(first, last) of the texts tokenised at a time: ``TOKEN_ROWS``, never across a
    page of ``PAGE_ROWS``."""
    out = []
    for page in range(0, n, PAGE_ROWS):
        end = min(n, page + PAGE_ROWS)
        out += [(first, min(end, first + TOKEN_ROWS)) for first in range(page, end, TOKEN_ROWS)]
    return out


def word_postings(texts: Sequence[bytes], pause: Callable[[], None] | None = None
                  ) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray, np.ndarray]:
    """(pages, vocabulary bytes, word starts) of ``texts``. A page is the rows
    ``[k * PAGE_ROWS, (k + 1) * PAGE_ROWS)``, as (ptr, postings): word ``w``'s rows in it
    are ``postings[ptr[w]:ptr[w + 1]]``, in order, less the page's first row (uint16:
    half the memory of int32 rows, 14 MB at 70,000 PFOCR rows). Word ``w``'s bytes start
    at ``starts[w]`` of the vocabulary, each word followed by ``\\n``. ``pause()`` is
    called between pieces of work (a build in a thread waits there while the window is
    busy)."""
    vocab = _Vocabulary()
    pieces = _pieces(len(texts))
    counts = [np.zeros(1024, np.int64) for _ in range(0, len(texts), PAGE_ROWS)]
    for first, last in pieces:
        if pause is not None:
            pause()
        pairs = _chunk_pairs(texts[first:last], first, vocab, True)
        page = first // PAGE_ROWS
        if len(counts[page]) < vocab.size:
            grown = np.zeros(max(vocab.size, 2 * len(counts[page])), np.int64)
            grown[:len(counts[page])] = counts[page]
            counts[page] = grown
        counts[page][:vocab.size] += np.bincount(pairs >> 32, minlength=vocab.size)
    pages, fills = [], []
    for page_counts in counts:
        ptr = np.zeros(vocab.size + 1, np.int64)    # (words first seen on later pages:
        ptr[1:len(page_counts) + 1] = page_counts[:vocab.size]   # none on this one)
        np.cumsum(ptr, out=ptr)
        pages.append((ptr, np.empty(int(ptr[-1]), np.uint16)))
        fills.append(ptr[:-1].copy())       # each word's next free place in the page
    del counts
    for first, last in pieces:
        if pause is not None:
            pause()
        pairs = _chunk_pairs(texts[first:last], first, vocab, False)
        if not len(pairs):
            continue
        page = first // PAGE_ROWS
        post, fill = pages[page][1], fills[page]
        ids = pairs >> 32
        heads = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1])))
        sizes = np.diff(np.append(heads, len(ids)))
        rank = np.arange(len(ids)) - np.repeat(heads, sizes)
        post[fill[ids] + rank] = (pairs & 0xFFFFFFFF) - page * PAGE_ROWS
        fill[ids[heads]] += sizes
    del fills
    joined, starts = vocab.joined()
    return pages, joined, starts
