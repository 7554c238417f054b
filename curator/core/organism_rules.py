"""The rules on ``organisms``: names NCBI Taxonomy knows, and agreement with the record's
own text.

PFOCR's pipeline filled ``organisms`` with "Homo sapiens" where nothing else was found
(pfocr_merge.R: "Fill in 'Homo sapiens' for any missing in 'latin'"), so old records of
yeast, worm, plant and rat figures say Homo sapiens; and text mining added species that
no text of the record mentions (OCR noise: "Diaporthe sclerotioides" on a HER2 figure).
"""

from __future__ import annotations

import re
from functools import lru_cache

# species a title, paper title or caption names (binomial -> its scientific forms, its
# common words); any species of the same genus in ``organisms`` agrees. A title or paper
# title naming one is a warning; a caption is one when it names the species by its
# scientific name (captions spell out gene names: "v-akt murine thymoma viral oncogene",
# "STE20 homolog, yeast"), else a note. E. coli and B. subtilis are tools as often as
# subjects: in a caption, a note.
CUES = {
    "Saccharomyces cerevisiae": (r"\bS\. ?cerevisiae\b|\bSaccharomyces cerevisiae\b",
                                 r"(?<!fission )\byeasts?\b(?![- ]two[- ]hybrid)"),
    "Schizosaccharomyces pombe": (r"\bS\. ?pombe\b|\bSchizosaccharomyces\b",
                                  r"\bfission yeast\b"),
    "Caenorhabditis elegans": (r"\bC\. ?elegans\b|\bCaenorhabditis\b", None),
    "Arabidopsis thaliana": (r"\bArabidopsis\b|\bA\. ?thaliana\b", None),
    "Rattus norvegicus": (r"\bRattus\b", r"\b[Rr]ats?\b(?![- ]?sarcoma)"),
    "Escherichia coli": (r"\bE\. ?coli\b|\bEscherichia coli\b", None),
    "Drosophila melanogaster": (r"\bDrosophila\b|\bD\. ?melanogaster\b",
                                r"\bfruit ?fl(?:y|ies)\b"),
    "Danio rerio": (r"\bDanio rerio\b", r"\b[Zz]ebrafish\b"),
    "Mus musculus": (r"\bMus musculus\b",
                     r"\b[Mm]ice\b|\b[Mm]ouse\b|\b[Mm]urine\b(?! (?:coronavirus|hepatitis|"
                     r"thymoma|sarcoma|leukemia))"),
    "Bacillus subtilis": (r"\bB\. ?subtilis\b|\bBacillus subtilis\b", None),
    "Mycobacterium tuberculosis": (r"\bM\. ?tuberculosis\b|\bMycobacterium tuberculosis\b",
                                   None),
    "Plasmodium falciparum": (r"\bP\. ?falciparum\b|\bPlasmodium\b", None),
    "Xenopus laevis": (r"\bXenopus\b", None),
}
_TOOLS = frozenset({"Escherichia coli", "Bacillus subtilis"})
_SPECIES = list(CUES)
# one pattern for all cues, scanned once per text: group s<i> the scientific form of
# species i, c<i> its common word
_ALL_CUES = re.compile("|".join(
    f"(?P<{kind}{i}>{pattern})" for i, name in enumerate(_SPECIES)
    for kind, pattern in zip("sc", CUES[name]) if pattern))
# species that models and defaults name without the text saying so: never "noise"
COMMON = frozenset({"Homo sapiens", "Mus musculus", "Rattus norvegicus"})
_TEXT_FIELDS = ("figtitle", "papertitle", "caption")
# a longer list is the paper's text-mined species (PFOCR's NER), not the figure's own:
# its species are in the paper's body, which the record does not hold
SHORT_LIST = 4


def _genus(name: str) -> str:
    return name.split(" ", 1)[0]


def _texts(data: dict) -> dict:
    return {k: data[k] for k in _TEXT_FIELDS if isinstance(data.get(k), str)}


@lru_cache(maxsize=4096)
def named(text: str) -> dict:
    """binomial -> (the scientific form found or None, the common word found or None), for
    the species ``text`` names (remembered: the window validates on every keystroke)."""
    out: dict = {}
    for m in _ALL_CUES.finditer(text):
        group = m.lastgroup
        name = _SPECIES[int(group[1:])]
        sci, common = out.get(name, (None, None))
        if group[0] == "s":
            sci = sci or m.group(0)
        else:
            common = common or m.group(0)
        out[name] = (sci, common)
    return out


def text_disagrees(check, spec, names: list[str]) -> None:
    """A species the title or paper title names that ``organisms`` lacks ("Regulation of
    autophagy in yeast" with organisms [Homo sapiens]); from the caption, see CUES."""
    texts = _texts(check.data)
    found = {k: named(v) for k, v in texts.items()}
    if not any(found.values()):
        return
    genera = {_genus(check.organisms.canonical(n) or n) for n in names}
    candidates = set().union(*found.values())
    for binomial in _SPECIES:
        if binomial not in candidates or _genus(binomial) in genera:
            continue
        where = [k for k in ("figtitle", "papertitle") if binomial in found.get(k, ())]
        severity = "warning"
        if where:
            sci, common = found[where[0]][binomial]
            word = sci or common
        elif binomial in found.get("caption", ()):
            where = ["caption"]
            sci, common = found["caption"][binomial]
            severity = "warning" if sci and binomial not in _TOOLS else "info"
            word = sci or common
        else:
            continue
        named_in = " and ".join(_LABELS[w] for w in where) + (" name " if len(where) > 1
                                                             else " names ")
        check.add("organisms.text_disagrees", severity, spec.name,
                  f"The {named_in}{word!r} ({binomial}), which {spec.label} lacks",
                  suggestions=[binomial])


_LABELS = {"figtitle": "title", "papertitle": "paper title", "caption": "caption"}


@lru_cache(maxsize=4096)
def _mentioned(name: str, common: tuple, texts: str) -> bool:
    genus, rest = name.split(" ", 1)
    words = (genus, f"{genus[0]}. {rest.split(' ', 1)[0]}") + common
    return any(re.search(r"\b" + re.escape(w) + r"\b", texts, re.IGNORECASE) for w in words)


def unmentioned(check, spec, names: list[str], common_names: dict) -> None:
    """A species no text of the record mentions (by name, genus, "G. species"
    abbreviation or common name), besides the species defaults and models name: likely
    text-mining noise."""
    texts = " ".join(_texts(check.data).values())
    if not texts or len(names) > SHORT_LIST:
        return
    for i, name in enumerate(names):
        if name in COMMON or " " not in name or check.organisms.canonical(name) is None:
            continue
        if _mentioned(name, tuple(common_names.get(name, ())), texts):
            continue
        path = spec.path + (i,) if isinstance(check.data.get(spec.name), list) else spec.path
        check.add("organisms.unmentioned", "info", spec.name,
                  f"{name!r} is named by no title, caption or paper title (text-mining "
                  f"noise?)", path=path)
