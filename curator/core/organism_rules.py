"""The rules on ``organisms``: names NCBI Taxonomy knows, and agreement with the record's
own text.

PFOCR's pipeline filled ``organisms`` with "Homo sapiens" where nothing else was found
(pfocr_merge.R: "Fill in 'Homo sapiens' for any missing in 'latin'"), so old records of
yeast, worm, plant and rat figures say Homo sapiens; and text mining added species that
no text of the record mentions (OCR noise: "Diaporthe sclerotioides" on a HER2 figure).
"""

from __future__ import annotations

import re

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
_CUES = {name: tuple(re.compile(p) if p else None for p in pair)
         for name, pair in CUES.items()}
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


def _found(pair, text: str, scientific_only: bool = False):
    for i, cue in enumerate(pair):
        if cue is not None and not (scientific_only and i) and (m := cue.search(text)):
            return m.group(0)
    return None


def text_disagrees(check, spec, names: list[str]) -> None:
    """A species the title or paper title names that ``organisms`` lacks ("Regulation of
    autophagy in yeast" with organisms [Homo sapiens]); from the caption, see CUES."""
    genera = {_genus(check.organisms.canonical(n) or n) for n in names}
    texts = _texts(check.data)
    for binomial, pair in _CUES.items():
        if _genus(binomial) in genera:
            continue
        where = [k for k in ("figtitle", "papertitle") if k in texts and _found(pair, texts[k])]
        severity = "warning"
        if where:
            word = _found(pair, texts[where[0]])
        elif "caption" in texts and (word := _found(pair, texts["caption"])):
            where = ["caption"]
            scientific = _found(pair, texts["caption"], scientific_only=True)
            severity = "warning" if scientific and binomial not in _TOOLS else "info"
            word = scientific or word
        else:
            continue
        named = " and ".join(_LABELS[w] for w in where) + (" name " if len(where) > 1
                                                          else " names ")
        check.add("organisms.text_disagrees", severity, spec.name,
                  f"The {named}{word!r} ({binomial}), which {spec.label} lacks",
                  suggestions=[binomial])


_LABELS = {"figtitle": "title", "papertitle": "paper title", "caption": "caption"}


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
        genus, rest = name.split(" ", 1)
        words = [genus, f"{genus[0]}. {rest.split(' ', 1)[0]}"] + common_names.get(name, [])
        if any(re.search(r"\b" + re.escape(w) + r"\b", texts, re.IGNORECASE) for w in words):
            continue
        path = spec.path + (i,) if isinstance(check.data.get(spec.name), list) else spec.path
        check.add("organisms.unmentioned", "info", spec.name,
                  f"{name!r} is named by no title, caption or paper title (text-mining "
                  f"noise?)", path=path)
