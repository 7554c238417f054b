"""The mechanical fix of each fixable problem code, shared by the window and the CLI.

``apply_fix(problem, data)`` changes the record's data in place and returns whether it
changed anything. Fixes never touch a field other than the problem's own.
"""

from __future__ import annotations

import re

from curator.core.checks import titles
from curator.core.fields.derive import derived_value, is_missing
from curator.core.edits.edits import follow_sources
from curator.core.checks.organisms import Organisms, default_organisms
from curator.core.checks.problems import Problem
from curator.core.checks.rules import organism_names, split_genus
from curator.core.fields.schema import Schema, default_schema
from curator.core.fields.values import get, parse_path, put


def _derive(problem, data, schema, organisms):
    spec = schema.spec(problem.field)
    value = derived_value(spec, data, schema) if spec is not None else None
    return value


def _title(transform):
    def fix(problem, data, schema, organisms):
        text = get(data, parse_path(problem.field), None)
        return transform(text, schema) if isinstance(text, str) else None
    return fix


def _organisms_list(problem, data, schema, organisms):
    value = get(data, parse_path(problem.field), None)
    return organism_names(value) if isinstance(value, str) else None


def _organism_alias(problem, data, schema, organisms):
    value = get(data, parse_path(problem.field), None)
    if isinstance(value, str):
        value = organism_names(value)
    if not isinstance(value, list):
        return None
    fixed = [organisms.canonical(n) or n if isinstance(n, str) else n for n in value]
    return [v for i, v in enumerate(fixed) if v not in fixed[:i]]   # no name twice


def _list_without(keep):
    def fix(problem, data, schema, organisms):
        value = get(data, parse_path(problem.field), None)
        return keep(value, schema) if isinstance(value, list) else None
    return fix


def _real_items(items, schema):
    return [v for v in items if not (isinstance(v, str) and is_missing(v, schema))]


def _unique_items(items, schema):
    return [v for i, v in enumerate(items) if v not in items[:i]]


def _figlink_pmcid(problem, data, schema, organisms):
    link, pmcid = data.get("figlink"), data.get("pmcid")
    if not (isinstance(link, str) and isinstance(pmcid, str) and re.fullmatch(r"PMC\d+", pmcid)):
        return None
    return re.sub(r"^(/?)pmc/articles/PMC\d+/", lambda m: f"{m.group(1)}pmc/articles/{pmcid}/",
                  link)


def _ungreek(text, schema):
    return titles.ungreek(text, schema.title.get("greek", {}),
                          schema.title.get("greek_words", {}))


def _paper_title(problem, data, schema, organisms):
    paper = data.get("papertitle")
    return titles.from_paper_title(paper) if isinstance(paper, str) else None


def _completed_title(problem, data, schema, organisms):
    text = data.get("figtitle")
    return titles.completed(text, data.get("caption")) if isinstance(text, str) else None


def _artifact(problem, data, schema, organisms):
    text = data.get("figtitle")
    if not isinstance(text, str):
        return None
    fixed = titles.artifacts(text)
    if fixed is not None:
        return fixed
    split = split_genus(text, organisms)
    return text.replace(split, split.replace(" ", "", 1), 1) if split else None


FIXERS = {
    "field.missing": _derive,
    "field.missing_optional": _derive,
    "title.greek": _title(_ungreek),
    "title.capital": _title(lambda t, s: titles.sentence_start(t)),
    "title.period": _title(lambda t, s: titles.strip_period(t)),
    "title.panel_label": _title(lambda t, s: titles.sentence_start(
        titles.strip_panel_label(t))),
    "title.placeholder": _paper_title,
    "title.preamble": _title(lambda t, s: titles.without_preamble(t)),
    "title.truncated": _completed_title,
    "title.artifact": _artifact,
    "title.glued": _title(lambda t, s: titles.unglued(t)),
    "title.spaces": _title(lambda t, s: titles.clean_spaces(t)),
    "organisms.old_style": _organisms_list,
    "organisms.alias": _organism_alias,
    "figlink.pmcid": _figlink_pmcid,
    "list.missing_item": _list_without(_real_items),
    "list.duplicate": _list_without(_unique_items),
}


def fix_codes(schema: Schema | None = None) -> list[str]:
    """Every problem code that has a fix."""
    schema = schema or default_schema()
    derived = [f.code for f in schema.derived_fields() if f.code]
    return sorted(set(FIXERS) | set(derived))


def fixed_value(problem: Problem, data: dict, schema: Schema | None = None,
                organisms: Organisms | None = None):
    """The value the problem's field gets from its fix, or None when there is none."""
    schema = schema or default_schema()
    organisms = organisms or default_organisms()
    fixer = FIXERS.get(problem.code)
    if fixer is None and problem.code.startswith("derived."):
        fixer = _derive
    if fixer is None or not problem.fixable:
        return None
    return fixer(problem, data, schema, organisms)


def apply_fix(problem: Problem, data: dict, schema: Schema | None = None,
              organisms: Organisms | None = None) -> bool:
    """Fix one problem in ``data``, and bring the fields derived from the fixed one along
    (a fixed figid_alias updates redirect_from); return whether the data changed."""
    schema = schema or default_schema()
    value = fixed_value(problem, data, schema, organisms)
    if value is None:
        return False
    path = parse_path(problem.field)
    if get(data, path, object()) == value:
        return False
    put(data, path, value)
    follow_sources(data, problem.field, schema)
    return True
