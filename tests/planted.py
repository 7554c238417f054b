"""Real PFOCR records (tests/data/records) with planted variants of organism names, for
the facet, cluster and merge tests.

``plant(folder)`` copies every test record into ``folder`` and, in the records whose
``organisms`` list holds "Homo sapiens", writes that item the ways OCR and hand typing
write it (``VARIANTS``, one record each, in turn); records without "Homo sapiens" get two
real species of one genus added to their list (``SPECIES``), which no clustering may join.
It returns what it planted so tests can check exactly those lines.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from recordfiles import record_paths

TRUE = "Homo sapiens"
VARIANTS = ("Homo Sapiens", "homo sapiens ", "Homo  sapiens", "HOMO SAPIENS",
            "Homo sapeins", "Homo sapien")
# Which methods must put each variant beside "Homo sapiens" (the others may or may not).
CAUGHT_BY = {
    "Homo Sapiens": {"fingerprint", "ngram", "phonetic", "nearest"},
    "homo sapiens ": {"fingerprint", "ngram", "phonetic", "nearest"},
    "Homo  sapiens": {"fingerprint", "ngram", "phonetic", "nearest"},
    "HOMO SAPIENS": {"fingerprint", "ngram", "phonetic", "nearest"},
    "Homo sapeins": {"phonetic", "nearest"},
    "Homo sapien": {"nearest"},
}
# Species of one genus (all in resources/organisms.txt): never one value.
SPECIES = ("Aspergillus niger", "Aspergillus nidulans", "Aspergillus fumigatus",
           "Aspergillus flavus", "Mycobacterium tuberculosis", "Mycobacterium bovis",
           "Mycobacterium leprae", "Plasmodium falciparum", "Plasmodium vivax",
           "Plasmodium berghei", "Candida albicans", "Candida glabrata")

_LIST_ITEM = re.compile(r"^(organisms:\n(?:- .*\n)*?)- Homo sapiens\n", re.MULTILINE)
_LIST_HEAD = re.compile(r"^organisms:\n(?=- )", re.MULTILINE)


def _quoted(value: str) -> str:
    return f"'{value}'" if value != value.strip() else value


@dataclass
class Planted:
    folder: Path
    variants: dict = field(default_factory=dict)   # path -> the variant written there
    species: dict = field(default_factory=dict)    # path -> species added there

    def paths_with(self, values) -> set[Path]:
        values = set(values)
        return {p for p, v in self.variants.items() if v in values}


def plant(folder: Path) -> Planted:
    """Copy the test records into ``folder`` and plant the variants (see the module)."""
    folder.mkdir(parents=True, exist_ok=True)
    planted = Planted(folder)
    v = s = 0
    for src in record_paths():
        dst = folder / src.name
        shutil.copy2(src, dst)
        text = dst.read_text(encoding="utf-8")
        if _LIST_ITEM.search(text) and v < len(VARIANTS):
            variant = VARIANTS[v]
            v += 1
            text = _LIST_ITEM.sub(lambda m: f"{m.group(1)}- {_quoted(variant)}\n", text,
                                  count=1)
            planted.variants[dst] = variant
        elif _LIST_HEAD.search(text) and TRUE not in text.split("organisms_ner:")[0]:
            pair = SPECIES[s % len(SPECIES)], SPECIES[(s + 1) % len(SPECIES)]
            s += 2
            text = _LIST_HEAD.sub(lambda m: "organisms:\n" + "".join(
                f"- {name}\n" for name in pair), text, count=1)
            planted.species[dst] = pair
        else:
            continue
        dst.write_text(text, encoding="utf-8")
    assert v == len(VARIANTS), "the test records have too few Homo sapiens lists"
    return planted
