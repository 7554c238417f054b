"""The bulk build of the word index finds the words ``re.findall(rb"\\w+")`` finds, of
every length (each width class of its keys), and the rows of each, in order."""

from __future__ import annotations

import random
import re

import numpy as np

from curator.core.collection import word_postings as wp


def _reference(texts):
    rows: dict[bytes, list[int]] = {}
    for i, text in enumerate(texts):
        for word in sorted(set(re.findall(rb"\w+", text))):
            rows.setdefault(word, []).append(i)
    return rows


def _built(texts):
    pages, joined, starts = wp.word_postings(texts)
    assert len(pages) == -(-len(texts) // wp.PAGE_ROWS)
    words = joined.tobytes().split(b"\n")[:-1] if len(joined) else []
    assert len(words) == len(starts)
    assert [joined.tobytes()[s:s + len(w)] for s, w in zip(starts.tolist(), words)] == words
    out: dict = {}
    for page, (ptr, post) in enumerate(pages):
        assert post.dtype == np.uint16 and len(ptr) == len(words) + 1
        for k, w in enumerate(words):
            rows = [page * wp.PAGE_ROWS + r for r in post[ptr[k]:ptr[k + 1]].tolist()]
            if rows:
                out.setdefault(w, []).extend(rows)
    return out


def test_words_of_every_length_and_their_rows(monkeypatch):
    monkeypatch.setattr(wp, "TOKEN_ROWS", 7)      # many pieces, words seen again later
    monkeypatch.setattr(wp, "PAGE_ROWS", 32)      # and pages of rows (not a multiple)
    rng = random.Random(21)
    alphabet = b"ab_9Z- .\n\xce\xb2"
    texts = []
    for _ in range(300):
        pieces = []
        for _ in range(rng.randint(0, 12)):
            n = rng.choice((1, 2, 7, 8, 9, 15, 16, 17, 40, 200))
            pieces.append(bytes(rng.choice(alphabet) for _ in range(n)))
        texts.append(b" ".join(pieces))
    texts += [b"", b"---", b"x" * 1000, b"x" * 1000 + b"-y"]
    assert _built(texts) == _reference(texts)


def test_no_words_and_no_texts():
    assert _built([]) == {}
    assert _built([b"", b"- -", "β".encode()]) == {}
    assert _built([b"a", b"", b"a"]) == {b"a": [0, 2]}


def test_a_pause_between_pieces():
    calls = []
    wp.word_postings([b"kinase"] * (3 * wp.TOKEN_ROWS), lambda: calls.append(1))
    assert len(calls) == 6     # three pieces, two passes
