"""Figure-title transforms shared by validation, fixes and the curation helpers."""

from __future__ import annotations

import re

# "(A) ", "[B] ", "C) " -- not "E. coli", which starts many real titles
PANEL_LABEL = re.compile(r"^(?:\(\s*[A-Za-z0-9]{1,3}\s*\)|\[[A-Za-z0-9]{1,3}\]|[A-H]\))\s+")


def ungreek(title: str, letters: dict, words: dict) -> str:
    """Replace Greek letters by Latin ones as PFOCR does (``ungreekText`` in
    pfocr_merge.R): a letter followed by "-" is spelled out anywhere ("α-synuclein" ->
    "Alpha-synuclein"), then each letter becomes its Latin one, taking a hyphen before it
    along ("TGF-β" -> "TGFB", "NF-κB" -> "NFKB"). Letters not in ``letters`` stay."""
    for ch, word in words.items():
        title = title.replace(ch + "-", word + "-")
    if letters:
        pattern = "-?[" + "".join(letters) + "]"
        title = re.sub(pattern, lambda m: letters[m.group(0)[-1]], title)
    return title


def has_greek(title: str, letters: dict, words: dict | None = None) -> bool:
    if title.isascii():
        return False
    return any(map(title.__contains__, letters)) or \
        any(ch + "-" in title for ch in (words or ()))


# a first word written as a symbol keeps its case: "mTOR", "p53", "cGMP", "miR-21",
# "iNOS", "let-7", "pH": a capital or a digit after its first letter
_SYMBOL = re.compile(r"^\S[^\s]*?[A-Z0-9]")


# English prefixes before a hyphen: "anti-TNF therapy" starts with a word, not a symbol
_PREFIXES = frozenset({"anti", "pro", "non", "pre", "post", "co", "self", "cross", "multi",
                       "inter", "intra", "de", "re", "up", "down", "over", "under"})


def is_symbol(word: str) -> bool:
    """Whether ``word`` is written like a gene, protein or molecule symbol (its case is
    not a capitalisation defect)."""
    if word[:1].isupper() or not _SYMBOL.match(word):
        return False
    return word.split("-", 1)[0].lower() not in _PREFIXES or "-" not in word


def first_word(title: str) -> str:
    parts = title.split(None, 1)
    return parts[0] if parts else ""


def sentence_start(title: str) -> str:
    """Capitalize a title's first letter unless its first word is written like a symbol
    ("mTOR", "p53", "cAMP"), which keeps its case."""
    if is_symbol(first_word(title)):
        return title
    return capitalize_first(title)


def needs_capital(title: str) -> bool:
    """Whether the title starts with a lower-case Latin letter that is not part of a
    symbol ("mechanisms of …" does; "p53 pathway", "cGMP signaling" do not)."""
    return starts_lowercase_latin(title[:1]) and not is_symbol(first_word(title))


def capitalize_first(title: str) -> str:
    """Upper-case the first letter when it is a Latin one, leaving the rest alone (a Greek
    first letter is the un-Greek helper's business: "α-" becomes "Alpha-")."""
    for i, ch in enumerate(title):
        if ch.isalpha():
            if not starts_lowercase_latin(ch):
                return title
            return title[:i] + ch.upper() + title[i + 1:]
    return title


def starts_lowercase_latin(text: str) -> bool:
    """Whether the first letter of ``text`` is a lower-case Latin letter."""
    for ch in text:
        if ch.isalpha():
            return ch.islower() and ch.upper() != ch and ord(ch) < 0x370
    return False


def strip_period(title: str) -> str:
    """Remove a final period (not an ellipsis)."""
    title = title.rstrip()
    if title.endswith(".") and not title.endswith("..."):
        return title[:-1].rstrip()
    return title


def strip_panel_label(title: str) -> str:
    """Remove a leading panel label such as "(A) " or "B. "."""
    return PANEL_LABEL.sub("", title, count=1)


# -- curation helpers (one click each in the window) -------------------------------------

DEFAULT_PREAMBLES = (
    "Schematic diagram of the", "Schematic diagram of", "Schematic representation of the",
    "Schematic representation of", "Schematic illustration of the",
    "Schematic illustration of", "Schematic overview of the", "Schematic overview of",
    "Schematic model of the", "Schematic model of", "Schematic of the", "Schematic of",
    "Proposed model for the", "Proposed model for", "Proposed model of the",
    "Proposed model of", "Proposed mechanism of the", "Proposed mechanism of",
    "Proposed mechanism for", "A model for the", "A model for", "Model of the", "Model of",
    "Model for the", "Model for", "Overview of the", "Overview of", "Diagram of the",
    "Diagram of", "Illustration of the", "Illustration of", "Summary of the", "Summary of",
    "The role of", "Role of", "Working model of the", "Working model of",
    "Hypothetical model of the", "Hypothetical model of", "Hypothetical model for",
    "Simplified model of the", "Simplified model of", "Simplified scheme of the",
    "Simplified scheme of", "Graphical abstract of", "Representation of the",
    "Representation of",
)


def remove_preamble(title: str, preambles=DEFAULT_PREAMBLES) -> str:
    """Remove the longest leading preamble ("Schematic diagram of the …"), case-blind,
    and capitalize what is left."""
    lowered = title.lower()
    for preamble in sorted(preambles, key=len, reverse=True):
        p = preamble.lower().rstrip()
        if lowered.startswith(p) and (len(title) == len(p) or not title[len(p)].isalnum()):
            rest = title[len(p):].lstrip(" :,-–")
            if rest:
                return sentence_start(rest)
    return title


def learned_preamble(old: str, new: str) -> str | None:
    """The preamble a curator removed by hand, when ``new`` is ``old`` without a leading
    run of words (case of the first letter aside)."""
    old_s, new_s = old.strip(), new.strip()
    if not new_s or len(new_s) >= len(old_s):
        return None
    tail = old_s[len(old_s) - len(new_s):]
    if tail[1:] != new_s[1:] or tail[:1].lower() != new_s[:1].lower():
        return None
    head = old_s[:len(old_s) - len(new_s)]
    if not head.endswith((" ", ":", ",", "-")):
        return None
    head = head.rstrip(" :,-–")
    return head if head and len(head.split()) <= 8 else None


def remove_first_word(title: str) -> str:
    parts = title.split(None, 1)
    return sentence_start(parts[1]) if len(parts) == 2 else title


def from_paper_title(papertitle: str) -> str:
    """The paper's title as a figure title: without its final period."""
    return strip_period(papertitle.strip())


_PATHWAY = re.compile(
    r"((?:[\w/+\-–αβγδεκ′']+\s+){0,5}?(?:signal(?:l)?ing\s+)?(?:pathways?|cascades?|axis))\b",
    re.IGNORECASE)
_STOP = {"of", "the", "in", "on", "for", "by", "and", "with", "showing", "via", "through",
         "a", "an", "to", "from", "that", "which", "depicting", "illustrating", "during",
         "between", "under", "into", "is", "are", "its"}


def pathway_phrase(title: str) -> str | None:
    """The "… pathway" / "… signaling pathway" phrase of a long title, or None."""
    m = _PATHWAY.search(title)
    if m is None:
        return None
    words = m.group(1).split()
    while words and words[0].lower() in _STOP:
        words = words[1:]
    # keep only the words after the last stop word before "pathway"
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _STOP:
            words = words[i + 1:]
            break
    if len(words) < 2:
        return None
    return sentence_start(" ".join(words))


# -- defects found on real titles (issue 13) ---------------------------------------------

# A preamble: words that say what kind of picture the figure is, not what it shows
# ("Schematic of", "Illustration of", "Cartoon depicting", "Proposed model of", "A model
# for", "Overview of": PFOCR's curators removed these, pfocr_preambles). "Role of",
# "Mechanism of" (without an adjective) and "Regulation of" head real titles.
_ADJ = (r"(?:simplified|proposed|hypothetical|working|putative|general|graphical|schematic|"
        r"diagrammatic|conceptual|summary|overall)")
_DRAWING = (r"(?:schematic(?:\s+(?:drawing|diagram|representation|illustration|overview|model|"
            r"view|presentation|depiction|summary|of\s+the\s+model))?|illustration|diagram|"
            r"cartoon|drawing|depiction|sketch|graphical\s+(?:representation|abstract)|"
            r"diagrammatic\s+representation|pictorial\s+representation)")
_WEAK = r"(?:model|scheme|overview|summary|representation|pathway\s+model)"
_LINK = (r"(?:(?:that\s+|which\s+)?(?:shows?|showing|depicting|depicts|illustrating|illustrates|"
         r"summari[sz]ing|summari[sz]es|describing|describes|outlining|highlighting|of|for|"
         r"on)\b|:)")
PREAMBLE = re.compile(
    rf"^\s*(?:(?:an?|the)\s+)?(?:(?:{_ADJ}\s+)*{_DRAWING}|(?:{_ADJ}\s+)*{_WEAK}"
    rf"|(?:{_ADJ}\s+)+mechanism)s?"
    rf"\s*{_LINK}\s*(?:(?:the|an?|how)\s+)?", re.IGNORECASE)


def preamble(title: str) -> str | None:
    """The leading preamble of a title ("Schematic drawing that shows the "), or None."""
    m = PREAMBLE.match(title)
    return m.group(0) if m and m.end() < len(title) else None


def without_preamble(title: str) -> str | None:
    """The title without its preamble, capitalized (a symbol kept as written), or None
    when too little would be left to be a title (PFOCR's app applies it only then too)."""
    found = preamble(title)
    if found is None:
        return None
    rest = title[len(found):].strip()
    if len(rest.split()) < 2 or len(rest) < 10:
        return None
    return sentence_start(rest)


# Cut at a genus abbreviation: PFOCR's first-sentence titles stop at "C. elegans"'s period
_CUT_AT_GENUS = re.compile(r"\b(?:in|of|from|by|and|with|for|to|on|between)\s+([A-Z])$")
_BEFORE_GENUS = frozenset({"in", "of", "from", "by", "and", "with", "for", "to", "on",
                           "between"})
_LINK_WORDS = frozenset({"of", "the", "and", "in", "for", "to", "with", "by", "an", "from",
                         "via", "on", "or", "between", "into", "through", "that", "which"})
_SENTENCE_END = re.compile(r"\.(?:\s+(?=[A-Z(\[])|\s*$)")


def truncated(title: str) -> bool:
    """Whether a title stops mid-phrase: at a genus abbreviation ("… in C") or a
    preposition, article or conjunction ("… and the")."""
    words = title.rsplit(None, 2)
    if len(words) < 2:
        return False
    last = words[-1]
    if last in _LINK_WORDS:
        return True
    return len(last) == 1 and "A" <= last <= "Z" and words[-2] in _BEFORE_GENUS


def completed(title: str, source: str) -> str | None:
    """A title cut at a genus abbreviation, completed from the caption (or paper title)
    it was taken from: "Insulin signaling in C" -> "Insulin signaling in C. elegans"."""
    text = title.rstrip()
    if not isinstance(source, str) or not _CUT_AT_GENUS.search(text):
        return None
    source = " ".join(source.split())
    i = source.find(text + ". ")
    if i < 0:
        return None
    rest = source[i + len(text) + 2:]
    if not rest[:1].islower():
        return None
    end = _SENTENCE_END.search(rest)
    rest = re.split(r"\s*[,;:]|\s+[(\[]", rest[:end.start()] if end else rest, maxsplit=1)[0]
    full = f"{text}. {' '.join(rest.split()[:8])}"   # the species and the phrase it ends
    return full if len(full) <= 250 else None


# A label standing where the title should be (PFOCR's app offers the paper title then)
LABEL_TITLE = re.compile(
    rf"^\s*(?:graphical\s+abstract|abstract|untitled|image|figure|fig\.?|scheme|"
    rf"supplementary\s+figure|(?:(?:an?|the)\s+)?(?:{_ADJ}\s+)*(?:{_DRAWING}|{_WEAK}|"
    rf"mechanism))(?:\s*[A-Z]?\d+[A-Za-z]?)?\s*\.?\s*$", re.IGNORECASE)
# text that belongs to a caption, not a title; PFOCR's stripArtifacts removes "[,]"
_ARTIFACTS = (
    re.compile(r"\s*[(\[]\s*(?:see|for details,? see|details (?:are )?(?:in|see))\s+(?:the\s+)?"
               r"(?:main\s+)?text(?:\s+for\s+(?:more\s+)?details?)?\s*[)\]]", re.IGNORECASE),
    re.compile(r"\s*\[.?\]"),
)
_RUN_IN = re.compile(r"\s*\b(?:Notes?|Abbreviations?|Key|Legend|Source)\s*:.*$")
_RUN_IN_WORDS = re.compile(r"Note|Abbreviation|Key|Legend|Source")
# the caption's next sentence and panel label run in: "Photorespiration.(A) Schematic of"
_NEXT_PANEL = re.compile(r"\.\s*\(\s*[A-Za-z]\s*\).*$")
# an italic genus initial split off in PMC's text: "P enicillium" (rules.py checks the
# joined word against NCBI Taxonomy)
SPLIT_INITIAL = re.compile(r"\b([A-Z]) ([a-z]{4,})\b")
# a Latin gene symbol run into a word after its Greek letter went ("TGFBsignaling")
GLUED = re.compile(r"\b([A-Z][A-Z0-9-]*[A-Z0-9])(signal(?:l)?ing|pathways?|receptors?|activation|"
                   r"induced|mediated|dependent|expression|inhibition|production|complex|"
                   r"cascade|axis|family|secretion|release|levels?)\b")


def artifacts(title: str) -> str | None:
    """The title without the caption text and markup run into it ("(see text for
    details)", "Notes: …", "[,]"), or None when it has none."""
    new = title
    if "(" in title or "[" in title:
        for pattern in _ARTIFACTS:
            new = pattern.sub("", new)
    m = _RUN_IN.search(new) if ":" in new and _RUN_IN_WORDS.search(new) else None
    if m and m.start() >= 10:
        new = new[:m.start()]
    m = _NEXT_PANEL.search(new) if "." in new else None
    if m and m.start() >= 10:
        new = new[:m.start()]
    if new == title:
        return None
    new = strip_period(new.rstrip(" ,;:"))
    return new or None


def unglued(title: str) -> str:
    return GLUED.sub(lambda m: f"{m.group(1)} {m.group(2)}", title)


def clean_spaces(title: str) -> str:
    """One space between words, none at the ends."""
    if "  " not in title and title[:1] != " " and title[-1:] != " " and "\n" not in title:
        return title
    return re.sub(r"\s{2,}", " ", title).strip()
