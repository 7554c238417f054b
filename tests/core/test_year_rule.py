"""``year`` agrees with the reference text it is derived from (PFOCR's extractYear in
pfocr_merge.R takes it from ``reftext``), on real records of both generations."""

from __future__ import annotations

import copy

import pytest
from recordfiles import RECORDS

from curator.core.checks.fixes import apply_fix
from curator.core.files.record import Record
from curator.core.checks.validate import validate

OLD = "PMC17299__pq2202117006.md"     # year 2000, reftext "… Proc Natl Acad Sci U S A. 2000 Oct 24;…"
NEW = "PMC10036500__ga1.md"           # year '2023', reftext "… J Orthop Translat. 2023 Mar;39:177-190."


def _year_problems(name, **changes):
    record = Record.open(RECORDS / name)
    data = copy.deepcopy(record.data)
    data.update(changes)
    return record, data, [p for p in validate(data, name=record.path.stem, lines=record.lines)
                          if p.field == "year"]


@pytest.mark.parametrize("name", [OLD, NEW])
def test_the_real_years_agree_with_their_reference_text(name):
    assert _year_problems(name)[2] == []


@pytest.mark.parametrize("name, wrong, right", [(OLD, 2001, "2000"), (NEW, "2022", "2023")])
def test_a_year_the_reference_text_contradicts_is_an_error_fixed_from_it(name, wrong, right):
    record, data, problems = _year_problems(name, year=wrong)
    (p,) = problems
    assert (p.code, p.severity, p.fixable) == ("derived.year", "error", True)
    assert f"should be '{right}' (from reftext)" in p.message
    assert p.line == record.lines[("year",)]
    assert apply_fix(p, data) and data["year"] == right
    assert _year_problems(name, year=right)[2] == []


def test_an_integer_year_equal_to_the_reference_year_is_fine():
    assert _year_problems(OLD, year=2000)[2] == []


def test_a_year_without_a_year_in_the_reference_text_is_not_judged():
    _, _, problems = _year_problems(NEW, year="2019",
                                    reftext="Kewen Zhang, et al. J Orthop Translat. ;39:177-190.")
    assert problems == []
