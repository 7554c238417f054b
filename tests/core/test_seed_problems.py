"""The problems of the real seed records, as ``curator validate seeds/`` reports them.

The seed record PMC3092522__nihms289124f2 has ``.na.character`` in five fields, an empty
``year`` and ``[NA]`` in ``organisms_ner``: each is reported once, as missing (info), on
the line of its field. Every record validates without crashing, and an old-generation
record's comma-separated ``organisms`` is an info note, never an error.
"""

from __future__ import annotations

import re

import pytest
from recordfiles import RECORDS, record_paths

from curator.cli.main import main
from curator.core.files.fastload import read_fast
from curator.core.checks.organisms import parse_organisms
from curator.core.checks.problems import SEVERITIES
from curator.core.collection.index import index_file
from curator.core.checks.validate import validate

SEED = RECORDS / "PMC3092522__nihms289124f2.md"

# field -> (its line in the seed file, the value the message quotes)
SEED_MISSING = {
    "year": (27, "''"),
    "doi": (28, "'.na.character'"),
    "journal_title": (29, "'.na.character'"),
    "journal_nlm_ta": (30, "'.na.character'"),
    "publisher_name": (31, "'.na.character'"),
    "keywords": (32, "'.na.character'"),
    "organisms_ner": (36, "['NA']"),
}


def _line_of(path, key: str) -> int:
    """The 1-based line of a top-level key, read from the file (independent of Curator)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    raise AssertionError(f"{key} not in {path}")


def test_seed_file_holds_the_markers_the_issue_names():
    data = read_fast(SEED).data
    for key in ("doi", "journal_title", "journal_nlm_ta", "publisher_name", "keywords"):
        assert data[key] == ".na.character"
    assert data["year"] == ""
    assert data["organisms_ner"] == ["NA"]


@pytest.mark.parametrize("field", sorted(SEED_MISSING))
def test_seed_field_is_reported_missing_on_its_line(field):
    line, quoted = SEED_MISSING[field]
    assert _line_of(SEED, field) == line
    result = index_file(str(SEED))
    found = [p for p in result.problems if p.field == field]
    assert len(found) == 1, found
    (problem,) = found
    assert problem.code == "field.missing_optional"
    assert problem.severity == "info"
    assert problem.line == line
    assert problem.fixable is False    # nothing to derive them from (reftext has no year)
    assert problem.message.endswith(f"is missing ({quoted})")


def test_seed_has_no_other_problems():
    organisms = parse_organisms("Homo sapiens\nMus musculus\nDiaporthe sclerotioides\n")
    parsed = read_fast(SEED)
    problems = validate(parsed.data, name=SEED.stem, lines=parsed.lines, organisms=organisms)
    # issue 13: the seed's Diaporthe sclerotioides (a cucumber root-rot fungus on a HER2
    # breast-cancer figure) and Mus musculus are named by no text of the record: notes
    assert sorted((p.code, p.field) for p in problems) == \
        sorted([("field.missing_optional", f) for f in SEED_MISSING]
               + [("organisms.unmentioned", "organisms")] * 2)
    noise = [p for p in problems if p.code == "organisms.unmentioned"]
    assert {p.severity for p in noise} == {"info"}
    assert sorted(p.message.split("'")[1] for p in noise) == \
        ["Diaporthe sclerotioides", "Mus musculus"]


def test_curator_validate_lists_the_seed_problems_with_lines(capsys):
    assert main(["validate", "--no-cache", str(SEED)]) == 0
    out = capsys.readouterr().out.splitlines()
    for field, (line, _) in SEED_MISSING.items():
        assert any(row.startswith(f"{SEED}:{line}: info field.missing_optional {field}: ")
                   for row in out), field
    # warnings depend on the shipped organism list, which is not this test's business
    # (+2 info: the unmentioned Diaporthe sclerotioides and Mus musculus, issue 13)
    assert re.fullmatch(rf"1 record: 0 errors, \d+ warnings?, {len(SEED_MISSING) + 2} info",
                        out[-1]), out[-1]


@pytest.mark.parametrize("path", record_paths(), ids=lambda p: p.stem)
def test_every_record_validates_without_crashing(path):
    result = index_file(str(path))
    assert result.parsed, result.problems
    assert result.ident == path.stem
    for problem in result.problems:
        assert problem.severity in SEVERITIES
        assert problem.code and "." in problem.code
        assert problem.line is None or isinstance(problem.line, int) and problem.line > 1
        assert problem.message


OLD_GENERATION = [p for p in record_paths()
                  if isinstance(read_fast(p).data.get("organisms"), str)]


def test_records_of_both_generations_are_kept_under_tests():
    assert len(OLD_GENERATION) >= 5
    assert len(OLD_GENERATION) < len(record_paths())


@pytest.mark.parametrize("path", OLD_GENERATION, ids=lambda p: p.stem)
def test_old_generation_organisms_string_is_only_a_note(path):
    """Issue 13: a plain string is that generation's format; old_style is an info note
    (it was a warning), and the other organism problems are warnings, never errors."""
    organisms = parse_organisms("Homo sapiens\nCaenorhabditis elegans\n",
                                "C. elegans\tCaenorhabditis elegans\n")
    parsed = read_fast(path)
    problems = validate(parsed.data, name=path.stem, lines=parsed.lines,
                        organisms=organisms)
    on_organisms = [p for p in problems if p.field == "organisms"]
    assert "organisms.old_style" in {p.code for p in on_organisms}
    assert {p.severity for p in on_organisms if p.code == "organisms.old_style"} == {"info"}
    assert all(p.severity in ("warning", "info") for p in on_organisms), on_organisms
    # nor does any other field of a clean old record make it an error
    assert [p for p in problems if p.severity == "error"] == []
    # the old-generation fields (pathway_score, genes ...) are not unknown or missing
    assert not [p for p in problems if p.field in ("pathway_score", "genes", "chemicals",
                                                  "diseases", "annotations")]


def test_old_generation_record_without_new_fields_misses_nothing():
    """An old record has no doi, journal_title ... : absent optional fields are fine."""
    path = RECORDS / "PMC2221774__nihms34078f1.md"
    data = read_fast(path).data
    assert "doi" not in data and "organisms_ner" not in data
    problems = index_file(str(path)).problems
    assert not [p for p in problems if p.field in ("doi", "journal_title", "organisms_ner",
                                                  "automl_pathway", "keywords")]
