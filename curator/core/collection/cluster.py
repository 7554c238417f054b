"""Clusters of facet values that are probably one value written several ways.

The methods are OpenRefine's (its "Cluster and edit" dialog):

* key collision: values with the same key are one cluster. ``fingerprint`` (case,
  accents, punctuation, whitespace and word order do not count), ``ngram`` (the sorted
  distinct character bigrams of the value without punctuation and spaces: also catches
  words run together or split), ``phonetic`` (the metaphone of each fingerprint word, from
  ``jellyfish``: catches misspellings that sound alike).
* ``nearest`` neighbour: values within an edit distance (optimal string alignment, so a
  swap of two letters is one edit; from ``rapidfuzz``) of each other, compared only within
  blocks of values sharing a first or last half or a 6-character substring, so that 10,000
  values take well under a second instead of 50 million comparisons.

A cluster lists its values with their record counts, most frequent first; the most
frequent is the suggested merged value (of equally frequent ones, not the one in capitals).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Mapping

import jellyfish
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from curator.core.collection.facets import MISSING

METHODS = ("fingerprint", "ngram", "phonetic", "nearest")
METHOD_LABELS = {
    "fingerprint": "Fingerprint (case, accents, punctuation, word order)",
    "ngram": "Character bigrams (also joined or split words)",
    "phonetic": "Sounds alike (metaphone)",
    "nearest": "Nearest neighbour (edit distance)",
}
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"[\W_]+", re.UNICODE)
_BIG_BLOCK = 48       # blocks with more values are compared with one cdist call


@dataclass(frozen=True)
class Cluster:
    """Values that are probably one, with their counts (most frequent first)."""

    values: tuple          # ((value, count), ...)
    key: str = ""

    @property
    def suggestion(self) -> str:
        return self.values[0][0]

    @property
    def records(self) -> int:
        return sum(n for _, n in self.values)

    @property
    def names(self) -> list[str]:
        return [v for v, _ in self.values]


def _fold(text: str) -> str:
    """Lower-cased, accents removed (é -> e), NFKC-compatible forms."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def fingerprint(value: str) -> str:
    """OpenRefine's fingerprint: folded, punctuation dropped, distinct words sorted."""
    return " ".join(sorted(set(_PUNCT.sub("", _fold(value)).split())))


def ngram_fingerprint(value: str, n: int = 2) -> str:
    """OpenRefine's n-gram fingerprint: the sorted distinct n-grams of the folded value
    without punctuation or whitespace."""
    text = _SPACE.sub("", _fold(value))
    if len(text) <= n:
        return text
    return "".join(sorted({text[i:i + n] for i in range(len(text) - n + 1)}))


def phonetic_key(value: str) -> str:
    """The metaphone of each word of the fingerprint, in order."""
    return " ".join(jellyfish.metaphone(word) for word in fingerprint(value).split())


KEYERS: dict[str, Callable[[str], str]] = {
    "fingerprint": fingerprint, "ngram": ngram_fingerprint, "phonetic": phonetic_key}


def _suggestion_order(pair) -> tuple:
    """Most records first; among equal counts a value written as text usually is (not
    all capitals, no spaces around it) before ``"MARCHANTIA POLYMORPHA"``."""
    value, count = pair
    text = str(value)
    return (-count, text.isupper(), text != text.strip(), text)


def _clusters(groups, counts: Mapping) -> list[Cluster]:
    out = []
    for key, members in groups:
        if len(members) < 2:
            continue
        values = sorted(((v, counts[v]) for v in members), key=_suggestion_order)
        out.append(Cluster(tuple(values), key))
    out.sort(key=lambda c: (-len(c.values), -c.records, c.suggestion))
    return out


def key_collision(counts: Mapping, method: str = "fingerprint") -> list[Cluster]:
    """Clusters of the values (keys of ``counts``, value -> records) sharing a key."""
    keyer = KEYERS[method]
    groups: dict[str, list] = defaultdict(list)
    for value in counts:
        if value is not MISSING:
            key = keyer(value)
            if key:
                groups[key].append(value)
    return _clusters(groups.items(), counts)


def _blocks(texts: list[str], size: int) -> dict:
    """Block key -> positions of the texts in it. Each text is in the blocks of its first
    and its last half, as split for its own length and for lengths one shorter and one
    longer: a pair within one edit always shares one (the edit leaves one half alone).
    A long text is also in the block of each ``size``-character substring, which pairs
    most values a few edits apart."""
    blocks: dict = defaultdict(list)
    for i, text in enumerate(texts):
        n = len(text)
        keys = set()
        for m in (n - 1, n, n + 1):
            if m > 0:
                keys.add(("<", text[:m // 2]))
                keys.add((">", text[n - (m - m // 2):] if m - m // 2 else ""))
        if n >= 2 * size:
            keys.update(text[k:k + size] for k in range(n - size + 1))
        for key in keys:
            blocks[key].append(i)
    return blocks


def nearest_neighbour(counts: Mapping, radius: int = 1, block: int = 6) -> list[Cluster]:
    """Clusters of values within ``radius`` edits of one another (case and runs of
    whitespace do not count), joined transitively."""
    values = [v for v in counts if v is not MISSING]
    texts = [" ".join(v.lower().split()) for v in values]
    parent = list(range(len(values)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra

    pairs = set()
    for members in _blocks(texts, block).values():
        if len(members) < 2:
            continue
        if len(members) > _BIG_BLOCK:    # all pairs at once, in C
            group = [texts[i] for i in members]
            matrix = cdist(group, group, scorer=OSA.distance, score_cutoff=radius,
                           workers=1)
            for a, b in zip(*(matrix <= radius).nonzero()):
                if a < b:
                    union(members[a], members[b])
            continue
        for x in range(len(members)):
            a = members[x]
            for b in members[x + 1:]:
                pairs.add((a, b) if a < b else (b, a))
    distance = OSA.distance
    for a, b in pairs:
        if root(a) != root(b) and distance(texts[a], texts[b], score_cutoff=radius) \
                <= radius:
            union(a, b)
    groups: dict[int, list] = defaultdict(list)
    for i, value in enumerate(values):
        groups[root(i)].append(value)
    return _clusters(((texts[k], m) for k, m in groups.items()), counts)


def cluster(counts: Mapping, method: str = "fingerprint", **options) -> list[Cluster]:
    """Clusters of the values of ``counts`` (value -> records) by one of ``METHODS``."""
    if method not in METHODS:
        raise ValueError(f"unknown clustering method {method!r}; methods: "
                         f"{', '.join(METHODS)}")
    if method == "nearest":
        return nearest_neighbour(counts, **options)
    return key_collision(counts, method)
