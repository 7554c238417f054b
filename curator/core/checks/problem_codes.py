"""The documented problem codes (``resources/problem_codes.yaml``): what each means, its
severity, an example and its fix, as text for ``curator validate --list-codes`` and as
the Markdown page ``docs/problem-codes.md``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from curator.core import resources


@dataclass(frozen=True)
class CodeDoc:
    code: str
    severity: str          # "error", "warning", "info", or "warning|info"
    meaning: str
    example: str = ""
    fix: str = ""
    group: str = ""
    also: tuple = ()       # codes of the same kind this entry documents too

    @property
    def codes(self) -> tuple:
        return (self.code,) + self.also

    @property
    def severities(self) -> set:
        return set(self.severity.split("|"))


def parse_codes(text: str) -> list[CodeDoc]:
    raw = yaml.safe_load(text)
    out = []
    for group in raw["groups"]:
        for entry in group["codes"]:
            out.append(CodeDoc(code=entry["code"], severity=entry["severity"],
                               meaning=entry["meaning"], example=entry.get("example") or "",
                               fix=entry.get("fix") or "", group=group["name"],
                               also=tuple(entry.get("also") or ())))
    return out


@lru_cache(maxsize=1)
def documented() -> tuple:
    return tuple(parse_codes(resources.read_text("problem_codes.yaml")))


def by_code() -> dict:
    """code -> its CodeDoc (an ``also`` code maps to its entry)."""
    return {code: doc for doc in documented() for code in doc.codes}


def as_text(docs=None) -> str:
    lines = []
    for doc in docs or documented():
        fix = f"  fix: {doc.fix}" if doc.fix else ""
        lines.append(f"{', '.join(doc.codes)}  [{doc.severity}]  {doc.meaning}{fix}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(docs=None) -> str:
    docs = docs or documented()
    out = ["# Problem codes", "",
           "Every problem `curator validate` and the window report has a stable code. "
           "This page is generated from `resources/problem_codes.yaml` "
           "(`curator validate --list-codes --format markdown`); edit that file, not this one.",
           "",
           "- **error**: the record is broken or inconsistent (it cannot be read, a derived "
           "field disagrees, an id does not match the file name).",
           "- **warning**: a likely defect a curator should look at.",
           "- **info**: a note (a missing optional value, an older generation's format).",
           "",
           "Codes with a fix can be applied across records: `curator fix --fix CODE PATH`."]
    group = None
    for doc in docs:
        if doc.group != group:
            group = doc.group
            out += ["", f"## {group}", "", "| Code | Severity | Meaning | Example | Fix |",
                    "| --- | --- | --- | --- | --- |"]
        codes = "<br>".join(f"`{c}`" for c in doc.codes)
        example = f"`{_cell(doc.example)}`" if doc.example else ""
        out.append(f"| {codes} | {doc.severity.replace('|', ' or ')} | {_cell(doc.meaning)} "
                   f"| {example} | {_cell(doc.fix) or '-'} |")
    return "\n".join(out) + "\n"
