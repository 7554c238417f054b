"""The organism names a record may use: NCBI Taxonomy's scientific names, the curated list
of species PFOCR figures name most (``resources/organisms.txt``), PFOCR's placeholders
("Unspecified plant") and the aliases of common misspellings and common names.

The NCBI names (``resources/taxonomy_names.xz``, built by ``resources/build_taxonomy.py``:
about 1.1 million species, strains and viruses) are read on first use only, when a name is
in none of the small lists, so validating records that name common species never loads
them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from curator.core import resources
from curator.core.checks import taxonomy_names
from curator.core.checks.taxonomy_names import SortedNames
from curator.core.lazy import lazy

fuzz = lazy("rapidfuzz.fuzz")         # imported when first asked: start-up
process = lazy("rapidfuzz.process")

BINOMIAL = re.compile(r"^[A-Z][a-z]+ [a-z][a-z-]+$")
# "Aspergillus sp.", "Microbacterium sp. 11": an unnamed species or isolate of a genus
# (NCBI writes them so; taxonomy_names.xz leaves the isolates out and keeps the genera)
_GENUS_SP = re.compile(r"^([A-Z][a-z]+) sp\.(?: \S.*)?$")
_CUTOFF = 85          # rapidfuzz ratio (0..100) a near miss must reach


class Taxonomy:
    """NCBI Taxonomy scientific names, sorted, read on first use (thread-safe).

    The names are kept as one block of UTF-8 lines and a table of where each line starts
    (``SortedNames``), not as a million Python strings: about 33 MB instead of 90 (133 at
    the peak of a load). On first use the lzma file is unpacked once into the user's cache
    folder (``taxonomy``), keyed by the file's size and mtime; later loads, in this and
    in every worker process, map that file instead of unpacking again (0.35 s)."""

    def __init__(self, path: Path, cache: Path | None = None) -> None:
        self.path = path
        self._cache = cache
        self._names: SortedNames | None = None
        self._lock = threading.Lock()

    @property
    def names(self) -> "SortedNames":
        if self._names is None:
            with self._lock:
                if self._names is None:
                    self._names = taxonomy_names.load(self.path, self._cache)
        return self._names

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def near(self, name: str, n: int) -> list[str]:
        """Names close to ``name`` among those sharing its first three letters (a typo
        there is the curated list's to catch)."""
        prefix = name[:3]
        if len(prefix) < 3:
            return []
        names = self.names
        lo, hi = names.prefix_range(prefix)
        found = process.extract(name, names[lo:hi], scorer=fuzz.ratio, limit=n,
                                score_cutoff=_CUTOFF)
        return [m[0] for m in found]


@dataclass(frozen=True)
class Organisms:
    names: frozenset
    aliases: dict          # wrong or short name -> binomial name
    _sorted: tuple = ()
    taxonomy: Taxonomy | None = None
    placeholders: frozenset = frozenset()   # "Unspecified plant": valid, not a species
    _suggested: dict = field(default_factory=dict, compare=False, repr=False)
    _known: dict = field(default_factory=dict, compare=False, repr=False)
    _common: dict = field(default_factory=dict, compare=False, repr=False)
    _abbreviations: dict = field(default_factory=dict, compare=False, repr=False)
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # rules' results

    def canonical(self, name: str) -> str | None:
        """``name`` when it is a known name (curated, placeholder or NCBI Taxonomy), the
        name an alias stands for, or None."""
        if name in self.names or name in self.placeholders:
            return name
        alias = self.aliases.get(name)
        if alias is not None:
            return alias
        if self.taxonomy is None:
            return None
        if name not in self._known:
            m = _GENUS_SP.match(name)
            self._known[name] = name in self.taxonomy or bool(m and m.group(1) in self.taxonomy)
        return name if self._known[name] else None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest known names, best first: the curated list's, then NCBI Taxonomy's
        (remembered: the same noise recurs)."""
        key = (name, n)
        if key not in self._suggested:
            found = [m[0] for m in process.extract(name, self._sorted, scorer=fuzz.ratio,
                                                   limit=n, score_cutoff=_CUTOFF)]
            if self.taxonomy is not None and len(found) < n:
                found += [c for c in self.taxonomy.near(name, n) if c not in found]
            self._suggested[key] = found[:n]
        return list(self._suggested[key])

    def abbreviations(self) -> dict:
        """"C. albicans" -> "Candida albicans", for the curated species whose abbreviation
        is not shared by another."""
        if not self._abbreviations:
            seen: dict = {}
            for name in self._sorted:
                parts = name.split(" ")
                if len(parts) == 2:
                    seen.setdefault(f"{parts[0][0]}. {parts[1]}", []).append(name)
            self._abbreviations.update((k, v[0]) for k, v in seen.items() if len(v) == 1)
            self._abbreviations.setdefault("", "")
        return self._abbreviations

    def common_names(self) -> dict:
        """binomial -> its common names from the aliases ("Mus musculus": mouse, mice)."""
        if not self._common:
            for alias, binomial in self.aliases.items():
                if alias[:1].islower():
                    self._common.setdefault(binomial, []).append(alias)
            self._common.setdefault("", [])          # computed, even when empty
        return self._common


def _lines(text: str):
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def parse_organisms(names_text: str, aliases_text: str = "", *,
                    taxonomy: Taxonomy | None = None, placeholders_text: str = "") -> Organisms:
    names = frozenset(_lines(names_text))
    aliases = {}
    for line in _lines(aliases_text):
        wrong, _, right = line.partition("\t")
        if right:
            aliases[wrong.strip()] = right.strip()
    return Organisms(names=names, aliases=aliases, _sorted=tuple(sorted(names)),
                     taxonomy=taxonomy, placeholders=frozenset(_lines(placeholders_text)))


def _optional(name: str) -> str:
    path = resources.path(name)
    return path.read_text(encoding="utf-8") if path.exists() else ""


@lru_cache(maxsize=1)
def default_organisms() -> Organisms:
    taxonomy = resources.path("taxonomy_names.xz")
    return parse_organisms(resources.read_text("organisms.txt"),
                           _optional("organism_aliases.txt"),
                           taxonomy=Taxonomy(taxonomy, resources.cache_folder("taxonomy"))
                           if taxonomy.exists() else None,
                           placeholders_text=_optional("organism_placeholders.txt"))
