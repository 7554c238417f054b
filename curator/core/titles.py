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
    return any(ch in letters for ch in title) or \
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
