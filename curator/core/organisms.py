"""The known-organism list (``resources/organisms.txt``) and its aliases."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import resources

BINOMIAL = re.compile(r"^[A-Z][a-z]+ [a-z][a-z-]+$")


@dataclass(frozen=True)
class Organisms:
    names: frozenset
    aliases: dict          # wrong or short name -> binomial name
    _sorted: tuple = ()
    _suggested: dict = field(default_factory=dict, compare=False, repr=False)

    def canonical(self, name: str) -> str | None:
        """The binomial name for ``name`` when it is known or a known alias."""
        if name in self.names:
            return name
        return self.aliases.get(name)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The closest known names, best first (remembered: the same noise recurs)."""
        key = (name, n)
        if key not in self._suggested:
            self._suggested[key] = difflib.get_close_matches(name, self._sorted, n=n,
                                                             cutoff=0.75)
        return list(self._suggested[key])


def _lines(text: str):
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def parse_organisms(names_text: str, aliases_text: str = "") -> Organisms:
    names = frozenset(_lines(names_text))
    aliases = {}
    for line in _lines(aliases_text):
        wrong, _, right = line.partition("\t")
        if right:
            aliases[wrong.strip()] = right.strip()
    return Organisms(names=names, aliases=aliases, _sorted=tuple(sorted(names)))


@lru_cache(maxsize=1)
def default_organisms() -> Organisms:
    aliases = resources.path("organism_aliases.txt")
    return parse_organisms(resources.read_text("organisms.txt"),
                           aliases.read_text(encoding="utf-8") if aliases.exists() else "")
