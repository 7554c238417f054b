"""A problem found in a record: a stable code, a severity, the field and a message."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")   # most severe first


@dataclass(frozen=True, slots=True)
class Problem:
    code: str             # stable: "field.missing", "title.greek", "derived.figid_alias" ...
    severity: str         # "error", "warning" or "info"
    field: str            # dotted path of the field ("" for the whole record)
    message: str
    line: int | None = None          # 1-based line in the file, where known
    fixable: bool = False            # a mechanical fix exists (curator.core.checks.fixes)
    suggestions: tuple = ()          # replacement values a curator may pick

    def at_least(self, severity: str) -> bool:
        """Whether this problem is as severe as ``severity`` or more."""
        return SEVERITIES.index(self.severity) <= SEVERITIES.index(severity)

    def as_json(self, path: str) -> dict:
        out = {"path": path, "field": self.field, "severity": self.severity,
               "code": self.code, "message": self.message, "line": self.line,
               "fixable": self.fixable}
        if self.suggestions:
            out["suggestions"] = list(self.suggestions)
        return out


def worst(problems) -> str | None:
    """The most severe severity among ``problems`` (None when there are none)."""
    found = {p.severity for p in problems}
    return next((s for s in SEVERITIES if s in found), None)


def from_record_error(err) -> Problem:
    """A file that cannot be read or parsed, as a problem."""
    return Problem(code=err.code, severity="error", field="", message=err.message,
                   line=err.line)
