"""Real PFOCR records (tests/data/records) with planted variants of organism names, for
the facet, cluster and merge tests.

``plant(folder)`` copies every test record into ``folder`` and, in the records whose
``organisms`` list holds "Homo sapiens", writes that item the ways OCR and hand typing
write it (``VARIANTS``, one record each, in turn); records without "Homo sapiens" get two
real species of one genus added to their list (``SPECIES``), which no clustering may join.
Two records with "Mus musculus" get it written ``MOUSE_VARIANTS`` (a second cluster).
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
MOUSE = "Mus musculus"
MOUSE_VARIANTS = ("Mus Musculus", "mus musculus")    # every method catches these
# Species of one genus (all in resources/organisms.txt): never one value.
SPECIES = ("Aspergillus niger", "Aspergillus nidulans", "Aspergillus fumigatus",
           "Aspergillus flavus", "Mycobacterium tuberculosis", "Mycobacterium bovis",
           "Mycobacterium leprae", "Plasmodium falciparum", "Plasmodium vivax",
           "Plasmodium berghei", "Candida albicans", "Candida glabrata")

_LIST_ITEM = re.compile(r"^(organisms:\n(?:- .*\n)*?)- Homo sapiens\n", re.MULTILINE)
_MOUSE_ITEM = re.compile(r"^(organisms:\n(?:- .*\n)*?)- Mus musculus\n", re.MULTILINE)
_LIST_HEAD = re.compile(r"^organisms:\n(?=- )", re.MULTILINE)


def _quoted(value: str) -> str:
    return f"'{value}'" if value != value.strip() else value


@dataclass
class Planted:
    folder: Path
    variants: dict = field(default_factory=dict)   # path -> the variant written there
    species: dict = field(default_factory=dict)    # path -> species added there
    mouse: dict = field(default_factory=dict)      # path -> the mouse variant written

    def planted_lines(self, path) -> list[tuple[str, str]]:
        """(line written, the line it stands for) of every variant planted in ``path``."""
        out = []
        for planted, true in ((self.variants, TRUE), (self.mouse, MOUSE)):
            if path in planted:
                out.append((f"- {_quoted(planted[path])}", f"- {true}"))
        return out

    def paths_with(self, values) -> set[Path]:
        values = set(values)
        return {p for p, v in self.variants.items() if v in values}


def plant(folder: Path) -> Planted:
    """Copy the test records into ``folder`` and plant the variants (see the module)."""
    folder.mkdir(parents=True, exist_ok=True)
    planted = Planted(folder)
    v = s = m = 0
    for src in record_paths():
        dst = folder / src.name
        shutil.copy2(src, dst)
        text = dst.read_text(encoding="utf-8")
        if _MOUSE_ITEM.search(text) and m < len(MOUSE_VARIANTS):
            variant = MOUSE_VARIANTS[m]
            m += 1
            text = _MOUSE_ITEM.sub(lambda k: f"{k.group(1)}- {variant}\n", text, count=1)
            planted.mouse[dst] = variant
            dst.write_text(text, encoding="utf-8")
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
    assert v == len(VARIANTS) and m == len(MOUSE_VARIANTS), \
        "the test records have too few Homo sapiens or Mus musculus lists"
    return planted
