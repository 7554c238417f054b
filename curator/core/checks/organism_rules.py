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
_TEXT_FIELDS = ("figtitle", "papertitle", "caption")


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


# a binomial written out ("Candida albicans") or abbreviated ("C. albicans") in a text;
# NCBI Taxonomy (or the curated list, for abbreviations) says whether it is a species
_BINOMIAL = re.compile(r"\b([A-Z][a-z]{2,}) ([a-z]{3,})\b")
_ABBREVIATED = re.compile(r"\b([A-Z])\. ?([a-z]{3,})\b")
# cell lines a title names by themselves (H9c2 cells are rat cardiomyoblasts)
CELL_LINES = {"H9c2": "Rattus norvegicus", "PC12": "Rattus norvegicus",
              "RAW264.7": "Mus musculus", "RAW 264.7": "Mus musculus",
              "NIH3T3": "Mus musculus", "NIH 3T3": "Mus musculus"}
_CELL_LINE = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in CELL_LINES) + r")\b")


@lru_cache(maxsize=4096)
def _written_species(text: str) -> tuple:
    """(binomial-looking pairs, abbreviated pairs, cell lines) of a text."""
    return (tuple(m.group(0) for m in _BINOMIAL.finditer(text)),
            tuple(m.group(0) for m in _ABBREVIATED.finditer(text)),
            tuple(m.group(0) for m in _CELL_LINE.finditer(text)))


def species_in(text: str, organisms) -> dict:
    """binomial -> (the word the text names it by, whether that word is its scientific
    name) for the species ``text`` names: the words curators read (CUES), binomials NCBI
    Taxonomy knows, abbreviations of curated species, cell lines."""
    out = {name: (sci or common, bool(sci)) for name, (sci, common) in named(text).items()}
    pairs, abbreviated, cells = _written_species(text)
    for pair in pairs:
        if pair not in out and organisms.canonical(pair) == pair:
            out[pair] = (pair, True)
    abbreviations = organisms.abbreviations()
    for short in abbreviated:
        full = abbreviations.get(short.replace(". ", ".").replace(".", ". "))
        if full and full not in out:
            out[full] = (short, True)
    for cell in cells:
        out.setdefault(CELL_LINES[cell], (cell, False))
    return out


def text_disagrees(check, spec, names: list[str]) -> None:
    """A species the title or paper title names that ``organisms`` lacks ("Regulation of
    autophagy in yeast" with organisms [Homo sapiens], or organisms missing); from the
    caption, a warning for a scientific name of CUES, else a note."""
    texts = _texts(check.data)
    found = {k: species_in(v, check.organisms) for k, v in texts.items()}
    if not any(found.values()):
        return
    genera = {_genus(check.organisms.canonical(n) or n) for n in names}
    for binomial in dict.fromkeys(b for f in found.values() for b in f):
        if _genus(binomial) in genera:
            continue
        where = [k for k in ("figtitle", "papertitle") if binomial in found.get(k, ())]
        severity = "warning"
        if where:
            word = found[where[0]][binomial][0]
        elif binomial in found.get("caption", ()):
            where = ["caption"]
            word, scientific = found["caption"][binomial]
            severity = "warning" if scientific and binomial in _CUES_SCIENTIFIC else "info"
        else:
            continue
        named_in = " and ".join(_LABELS[w] for w in where) + (" name " if len(where) > 1
                                                             else " names ")
        lacks = f"which {spec.label} lacks" if names else f"and {spec.label} is missing"
        check.add("organisms.text_disagrees", severity, spec.name,
                  f"The {named_in}{word!r} ({binomial}), {lacks}", suggestions=[binomial])


_LABELS = {"figtitle": "title", "papertitle": "paper title", "caption": "caption"}
# the species a caption's scientific name makes a warning: those of CUES but the tools
_CUES_SCIENTIFIC = frozenset(CUES) - _TOOLS
# words that say a figure is about people
_HUMAN = re.compile(r"\b(?:[Hh]umans?|[Pp]atients?|Homo sapiens|H\. sapiens|[Cc]linical|"
                    r"[Pp]eople|[Ww]omen|[Mm]en|[Cc]hild(?:ren)?|[Ii]nfants?)\b")
_NOT_BINOMIAL = re.compile(r"virus|phage|viroid|\bstr\.|\bsubsp\.|\bserovar\b")


@lru_cache(maxsize=4096)
def _mentioned(name: str, common: tuple, texts: str) -> bool:
    """Whether ``texts`` name ``name``: a species by its genus (as written: "Sar" is not
    "SAR"), "G. species" or a common name; a virus or other name by the whole name."""
    parts = name.split(" ")
    if len(parts) >= 2 and parts[0][:1].isupper() and parts[1][:1].islower() \
            and not _NOT_BINOMIAL.search(name):
        if re.search(rf"\b{re.escape(parts[0])}\b|\b{parts[0][0]}\. ?{re.escape(parts[1])}\b",
                     texts):
            return True
    elif any(not (m.group(0).isupper() and not name.isupper())    # "SAR" is not "Sar"
             for m in re.finditer(rf"\b{re.escape(name)}", texts, re.IGNORECASE)):
        return True
    return any(re.search(rf"\b{re.escape(w)}\b", texts, re.IGNORECASE) for w in common)


def unmentioned(check, spec, names: list[str], common_names: dict) -> None:
    """A name of ``organisms`` no text of the record mentions (likely text-mining noise
    from the paper's body). Homo sapiens, the pipeline's default, only when the texts name
    another species and nothing human."""
    parts = _texts(check.data)
    texts = " ".join(parts.values())
    if not texts:
        return
    others = None
    for i, name in enumerate(names):
        if check.organisms.canonical(name) is None:
            continue                         # organisms.unknown's business
        if _mentioned(name, tuple(common_names.get(name, ())), texts):
            continue
        if name == "Homo sapiens":
            if others is None:
                others = any(n != name and _mentioned(n, tuple(common_names.get(n, ())), texts)
                             for n in names) or \
                    any(b != name for v in parts.values() for b in named(v))
            if not others or _HUMAN.search(texts):
                continue
        path = spec.path + (i,) if isinstance(check.data.get(spec.name), list) else spec.path
        check.add("organisms.unmentioned", "info", spec.name,
                  f"{name!r} is named by no title, caption or paper title (text-mining "
                  f"noise?)", path=path)
