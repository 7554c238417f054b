"""Every problem code is documented once, in ``resources/problem_codes.yaml``, and the
user-facing page ``docs/problem-codes.md`` is generated from it (issue 13: "Document each
code in one place … and generate the user-facing list from it").

A code added anywhere in ``curator/`` without an entry fails
``test_every_code_in_the_source_is_documented``: add the entry to its group in the YAML
file and regenerate the page with
``curator validate --list-codes --format markdown > docs/problem-codes.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from recordfiles import pfocr_files

from curator.cli.main import main
from curator.core.files.fastload import read_fast
from curator.core.checks.fixes import fix_codes
from curator.core.checks.problem_codes import as_markdown, by_code, documented
from curator.core.fields.schema import default_schema
from curator.core.checks.validate import validate

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "problem-codes.md"
# codes issue-14 work reports (documented ahead, so their authors only add the source)
AHEAD = {"journal.damaged", "edit.failed"}
_LITERAL = re.compile(r"""["']([a-z]+\.[a-z_]+)["']""")
_FILE = re.compile(r"\.(?:txt|yaml|yml|xz|json|md|py|desktop|svg|png|ico|icns|spec|sh)$")


def _source_codes() -> set:
    """The string literals of curator/ that look like problem codes of a known family."""
    families = {c.split(".")[0] for c in by_code()} | {"parse", "io", "journal", "edit"}
    found = set()
    for path in (ROOT / "curator").rglob("*.py"):
        for m in _LITERAL.finditer(path.read_text(encoding="utf-8")):
            code = m.group(1)
            family = code.split(".")[0]
            if family in families and (family in ("parse", "io") or not _FILE.search(code)):
                found.add(code)
    return found


def _schema_codes() -> set:
    """The codes the schema's declarations produce (validate.py builds them)."""
    schema = default_schema()
    out = set()
    for spec in schema.fields.values():
        last = spec.path[-1]
        if spec.pattern is not None:
            out.add(f"{last}.format")
        if spec.allowed:
            out.add(f"{last}.unknown")
        if spec.code:
            out.add(spec.code)
        if spec.type == "records":
            out.add(f"{spec.name}.entry")
            out |= {f"{spec.name}.{key}" for key in spec.entry}
        if spec.type == "year":
            out |= {"year.format", "year.range"}
    return out


def test_the_page_is_generated_from_the_yaml_and_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == as_markdown(), \
        "regenerate: curator validate --list-codes --format markdown > docs/problem-codes.md"


def test_each_code_is_documented_once_with_a_severity_meaning_and_example():
    codes = [c for doc in documented() for c in doc.codes]
    assert len(codes) == len(set(codes))
    for doc in documented():
        assert doc.severities <= {"error", "warning", "info"}, doc.code
        assert doc.meaning.strip(), doc.code
        assert doc.group, doc.code


def test_every_code_in_the_source_is_documented():
    found = _source_codes()
    assert {"title.capital", "organisms.unknown", "parse.yaml", "io.conflict"} <= found
    missing = found - set(by_code())
    assert not missing, f"document these in resources/problem_codes.yaml: {sorted(missing)}"


def test_every_code_the_schema_produces_is_documented():
    missing = _schema_codes() - set(by_code())
    assert not missing, sorted(missing)


def test_codes_other_work_will_report_are_documented_ahead():
    assert AHEAD <= set(by_code())


def test_a_code_has_a_documented_fix_exactly_when_it_has_one():
    documented_fixes = {c for doc in documented() if doc.fix for c in doc.codes}
    assert documented_fixes == set(fix_codes())


def test_what_the_real_records_report_is_documented_with_its_severity():
    docs = by_code()
    seen = set()
    for path in pfocr_files():
        parsed = read_fast(path)
        if parsed.data is None:
            continue
        for p in validate(parsed.data, name=path.stem, lines=parsed.lines):
            assert p.code in docs, (path.name, p.code)
            assert p.severity in docs[p.code].severities, (path.name, p.code, p.severity)
            seen.add(p.code)
    assert len(seen) >= 5


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_curator_validate_lists_the_codes(fmt, capsys):
    assert main(["validate", "--list-codes", "--format", fmt]) == 0
    out = capsys.readouterr().out
    for code in ("title.preamble", "organisms.text_disagrees", "derived.year",
                 "journal.damaged"):
        assert code in out


def test_curator_validate_without_paths_is_a_usage_error(capsys):
    assert main(["validate"]) == 2
    assert "--list-codes" in capsys.readouterr().err
