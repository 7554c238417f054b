"""Figure-title transforms shared by validation, fixes and the curation helpers."""

from __future__ import annotations

import re

PANEL_LABEL = re.compile(r"^(?:\(\s*[A-Za-z0-9]{1,3}\s*\)|\[[A-Za-z0-9]{1,3}\]|[A-H][.)])\s+")


def ungreek(title: str, letters: dict, words: dict) -> str:
    """Replace Greek letters by Latin ones; a letter starting a word before "-" is spelled
    out ("α-synuclein" -> "Alpha-synuclein", "TGF-β" -> "TGF-B")."""
    if words:
        pattern = r"(?<![^\W\d_])([" + "".join(words) + r"])(?=-)"
        title = re.sub(pattern, lambda m: words[m.group(1)], title)
    return "".join(letters.get(ch, ch) for ch in title)


def has_greek(title: str, letters: dict) -> bool:
    return any(ch in letters for ch in title)


def capitalize_first(title: str) -> str:
    """Upper-case the first letter, leaving the rest alone."""
    for i, ch in enumerate(title):
        if ch.isalpha():
            return title[:i] + ch.upper() + title[i + 1:]
    return title


def strip_period(title: str) -> str:
    """Remove a final period (not an ellipsis)."""
    title = title.rstrip()
    if title.endswith(".") and not title.endswith("..."):
        return title[:-1].rstrip()
    return title


def strip_panel_label(title: str) -> str:
    """Remove a leading panel label such as "(A) " or "B. "."""
    return PANEL_LABEL.sub("", title, count=1)
