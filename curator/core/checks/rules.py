"""Validation rules that need logic, switched on per field by the schema's ``rules:``."""

from __future__ import annotations

import re

from curator.core.checks import organism_rules, titles
from curator.core.checks.organisms import BINOMIAL

_FIGLINK_PMCID = re.compile(r"^/?pmc/articles/(PMC\d+)/")
_PMCID = re.compile(r"^PMC\d+$")


def identity(check, spec, figid) -> None:
    """figid = <pmcid>__<filename without extension> = the file's own name."""
    pmcid, filename = check.data.get("pmcid"), check.data.get("filename")
    if isinstance(pmcid, str) and isinstance(filename, str) and "." in filename:
        expected = f"{pmcid}__{filename.rsplit('.', 1)[0]}"
        if figid != expected:
            check.add("figid.mismatch", "error", spec.name,
                      f"Figure ID {figid!r} should be {expected!r} (PMC ID and image file)")
    if check.name is not None and figid != check.name:
        check.add("figid.filename", "error", spec.name,
                  f"Figure ID {figid!r} differs from the file name {check.name + '.md'!r}")


def figlink(check, spec, link) -> None:
    """The figure link points into the record's own paper."""
    pmcid = check.data.get("pmcid")
    m = _FIGLINK_PMCID.match(link)
    if m and isinstance(pmcid, str) and _PMCID.match(pmcid) and m.group(1) != pmcid:
        check.add("figlink.pmcid", "error", spec.name,
                  f"Figure link names {m.group(1)}, not the record's {pmcid}", fixable=True)


def title(check, spec, text) -> None:
    conf = check.schema.title
    if titles.LABEL_TITLE.match(text):
        paper = check.data.get("papertitle")
        check.add("title.placeholder", "warning", spec.name,
                  f"Title {text.strip()!r} is a label, not a title; use the paper's title",
                  fixable=isinstance(paper, str) and len(paper.strip()) >= 10)
        return
    letters, words = conf.get("greek", {}), conf.get("greek_words", {})
    if titles.has_greek(text, letters, words):
        check.add("title.greek", "warning", spec.name,
                  "Title has Greek letters: " + titles.ungreek(text, letters, words),
                  fixable=True)
    if titles.strip_panel_label(text) != text:
        check.add("title.panel_label", "warning", spec.name,
                  "Title starts with a panel label", fixable=True)
    elif titles.needs_capital(text):
        check.add("title.capital", "warning", spec.name,
                  "Title should start with a capital letter", fixable=True)
    if titles.strip_period(text) != text.rstrip():
        check.add("title.period", "warning", spec.name, "Title ends with a period",
                  fixable=True)
    _title_defects(check, spec, text)
    if len(text) < conf.get("min_length", 0):
        check.add("title.short", "warning", spec.name,
                  f"Title is too short to describe a pathway ({len(text)} characters)")
    elif len(text) > conf.get("max_length", 10**9):
        check.add("title.long", "warning", spec.name,
                  f"Title is a paragraph ({len(text)} characters); shorten it")


def split_genus(text: str, organisms) -> str | None:
    """"P enicillium" in a title when "Penicillium" is an NCBI Taxonomy name."""
    for m in titles.SPLIT_INITIAL.finditer(text):
        joined = m.group(1) + m.group(2)
        if organisms.canonical(joined) == joined:
            return m.group(0)
    return None


def _title_defects(check, spec, text) -> None:
    """What PFOCR's titles taken from captions carry (issue 13): a preamble, a cut, caption
    text run in, words glued after un-Greeking, stray spaces."""
    found = titles.preamble(text)
    if found is not None:
        check.add("title.preamble", "warning", spec.name,
                  f"Title starts with a preamble ({found.strip()!r})",
                  fixable=titles.without_preamble(text) is not None)
    if titles.truncated(text):
        check.add("title.truncated", "warning", spec.name,
                  f"Title stops mid-phrase (…{text.rstrip()[-20:]!r})",
                  fixable=titles.completed(text, check.data.get("caption")) is not None)
    if titles.artifacts(text) is not None:
        check.add("title.artifact", "warning", spec.name,
                  "Title holds caption text or markup (\"see text\", \"Notes:\", \"[,]\")",
                  fixable=True)
    else:
        split = split_genus(text, check.organisms)
        if split is not None:
            check.add("title.artifact", "warning", spec.name,
                      f"Title has a genus split after its initial ({split!r})", fixable=True)
    m = titles.GLUED.search(text)
    if m:
        check.add("title.glued", "warning", spec.name,
                  f"Words run together in the title: {m.group(0)!r}", fixable=True)
    if titles.clean_spaces(text) != text:
        check.add("title.spaces", "warning", spec.name,
                  "Title has a double space or a space at an end", fixable=True)


def organism_names(value) -> list[str]:
    """The names in an organisms field: a list, or an old-style comma-separated string."""
    if isinstance(value, str):
        return [n.strip() for n in re.split(r"[,;]", value) if n.strip()]
    return [n for n in value if isinstance(n, str)]


def organisms(check, spec, value) -> None:
    if isinstance(value, str):
        check.add("organisms.old_style", "info", spec.name,
                  f"{spec.label} is a plain string (old style); make it a list",
                  fixable=True)
    markers = check.schema.missing_markers
    for i, name in enumerate(organism_names(value)):
        if name.strip() in markers:
            continue
        path = spec.path + (i,) if isinstance(value, list) else spec.path
        known = check.organisms.canonical(name)
        if known == name:
            continue
        if known is not None:
            check.add("organisms.alias", "warning", spec.name,
                      f"{name!r} is written {known!r}", path=path, fixable=True,
                      suggestions=[known])
            continue
        close = check.organisms.suggest(name)
        kind = ("not an NCBI Taxonomy scientific name" if BINOMIAL.match(name.split(" (")[0])
                or name[:1].isupper() else "text-mining noise, not an organism name")
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        check.add("organisms.unknown", "warning", spec.name, f"{name!r} is {kind}{hint}",
                  path=path, suggestions=close)


def organisms_text(check, spec, value) -> None:
    """``organisms`` agrees with the title, caption and paper title (organism_rules). The
    reports depend on those fields only: remembered per record text (the window validates
    on every keystroke, mostly in other fields)."""
    names = [] if value is None else \
        [n for n in organism_names(value) if n.strip() not in check.schema.missing_markers]
    key = (spec.name, tuple(names), isinstance(value, list)) + tuple(
        check.data.get(k) if isinstance(check.data.get(k), str) else None
        for k in ("figtitle", "papertitle", "caption"))
    memo = check.organisms.memo
    if key not in memo:
        recorder = _Recorder(check)
        organism_rules.text_disagrees(recorder, spec, names)
        if names:
            organism_rules.unmentioned(recorder, spec, names, check.organisms.common_names())
        if len(memo) > 20_000:
            memo.clear()
        memo[key] = recorder.calls
    for args, kwargs in memo[key]:
        check.add(*args, **kwargs)


class _Recorder:
    """Stands in for a Check to record what a rule adds (replayed on the real one)."""

    def __init__(self, check) -> None:
        self.data, self.organisms, self.schema = check.data, check.organisms, check.schema
        self.calls: list = []

    def add(self, *args, **kwargs) -> None:
        self.calls.append((args, kwargs))


def jsonld_keywords(check, spec, value) -> None:
    """A one-item ``keywords`` written as a plain string is valid schema.org (R's YAML
    writer writes one-item lists so); its markers and repeats are the list checks'."""


# rules that also judge a field holding a missing marker (called with value None)
ON_MISSING = frozenset({"organisms_text"})

RULES = {"identity": identity, "figlink": figlink, "title": title, "organisms": organisms,
         "organisms_text": organisms_text, "jsonld_keywords": jsonld_keywords}

