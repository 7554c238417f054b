"""The core and the GUI name no PFOCR field outside the PFOCR profile: every string in
their code (docstrings aside) that is a field of PFOCR's schema is listed below with the
reason it must stay. A new one is a field name leaking out of the profile: read it from
``Profile`` / the schema instead, or add it here with its reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from curator.core.fields.profile import shipped

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("curator/core", "curator/gui")
# words that are PFOCR fields but also type names or ordinary words of any schema
GENERIC = {"number", "year", "description", "keywords", "source", "word", "symbol",
           "identifier", "@id"}
# the names no other collection would use: found inside longer strings too
DISTINCT = re.compile(r"\b(figid|figtitle|papertitle|pmcid|figlink|reftext|schema-jsonld)\b")
_RULES = "PFOCR's rule code (rules.py, organism_rules.py, fixes.py): it runs only for a " \
         "schema naming the rule in rules: (identity, figlink, title, organisms), and " \
         "reads the PFOCR fields that rule is about; its problem codes carry the names"
ALLOWED = {
    "curator/core/checks/rules.py": _RULES,
    "curator/core/checks/organism_rules.py": _RULES,
    "curator/core/checks/fixes.py": _RULES,
    "curator/core/edits/curation.py": "the curation log's JSON key ('figid'): logs written by "
                                "earlier Curators must stay readable",
    ("curator/gui/form/organism_completer.py", "organisms"): "the rule name 'organisms' "
                                                        "(editors of fields with that "
                                                        "rule complete species names)",
}


def _pfocr_names() -> set[str]:
    schema = shipped("pfocr").schema
    names = set(schema.fields)
    for name, spec in schema.fields.items():
        names.update(name.split("."))
        names.update(spec.entry)
    return names - GENERIC


def _strings(path: Path):
    """(line, text) of every string constant in ``path`` that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docs:
            yield node.lineno, node.value


def found() -> dict:
    names = _pfocr_names()
    out: dict = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for line, text in _strings(path):
                hit = text if text in names else (DISTINCT.search(text) or [None])[0]
                if hit:
                    out.setdefault((rel, hit), []).append(line)
    return out


def test_no_pfocr_field_name_outside_the_profile():
    leaks = {f"{rel}:{lines[0]}: {name!r}" for (rel, name), lines in found().items()
             if rel not in ALLOWED and (rel, name) not in ALLOWED}
    assert not leaks, "PFOCR field names outside the profile:\n" + "\n".join(sorted(leaks))


def test_every_allowance_is_still_needed():
    hits = found()
    used = {rel for rel, _ in hits} | set(hits)
    assert not set(ALLOWED) - used, f"no longer needed: {set(ALLOWED) - used}"


def test_the_scan_finds_a_leak(tmp_path):
    assert _pfocr_names() >= {"figtitle", "schema-jsonld", "seo", "caption", "organisms"}
    sample = tmp_path / "leak.py"
    sample.write_text('"""Docstrings may name figtitle."""\nTITLE = "figtitle"\n'
                      'x = f"{d}.schema-jsonld"\n')
    assert [text for _, text in _strings(sample)] == ["figtitle", ".schema-jsonld"]
