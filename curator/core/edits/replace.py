"""Find and replace in a text field: plain text, or a regular expression.

The pattern and the replacement are checked when the operation is made, so a bad regular
expression (``( x``) or a replacement naming a group the pattern lacks (``\\1``) is a
ValueError before any file is read, never an error in the middle of a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from curator.core.fields.values import FieldPath, format_path, get, put


@dataclass(frozen=True)
class Replace:
    """Replace ``pattern`` by ``replacement`` in the text field at ``path``."""

    path: FieldPath
    pattern: str
    replacement: str
    regex: bool = False
    _compiled: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.pattern:
            raise ValueError("nothing to find: the pattern is empty")
        try:
            compiled = re.compile(self.pattern if self.regex else re.escape(self.pattern))
        except re.error as exc:
            raise ValueError(f"invalid regular expression {self.pattern!r}: {exc}") from None
        try:
            compiled.sub(self._template, "")     # parses the replacement's group references
        except (re.error, IndexError) as exc:
            raise ValueError(f"invalid replacement {self.replacement!r} for "
                             f"{self.pattern!r}: {exc}") from None
        object.__setattr__(self, "_compiled", compiled)

    @property
    def _template(self) -> str:
        return self.replacement if self.regex else self.replacement.replace("\\", "\\\\")

    def compiled(self) -> re.Pattern:
        return self._compiled

    def count(self, data: dict) -> int:
        value = get(data, self.path, None)
        return len(self._compiled.findall(value)) if isinstance(value, str) else 0

    def apply(self, data: dict, name: str | None = None) -> bool:
        value = get(data, self.path, None)
        if not isinstance(value, str):
            return False
        new = self._compiled.sub(self._template, value)
        if new == value:
            return False
        put(data, self.path, new)
        return True

    def describe(self) -> str:
        kind = "regex" if self.regex else "text"
        return f"replace {kind} {self.pattern!r} with {self.replacement!r} in " \
               f"{format_path(self.path)}"
