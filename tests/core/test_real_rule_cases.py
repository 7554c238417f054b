"""Issue 13's rules on the real records that carry their defects (tests/data/rule_cases,
and the seed-set records): the defect is reported, and the look-alike beside it is not."""

from __future__ import annotations

import copy

import pytest
from recordfiles import DATA, RECORDS

from curator.core.checks.fixes import apply_fix
from curator.core.files.record import Record
from curator.core.checks.validate import validate

CASES = DATA / "rule_cases"


def _problems(path):
    record = Record.open(path)
    return record, validate(record.data, name=record.path.stem, lines=record.lines)


def _codes(problems, field=None):
    return {p.code for p in problems if field is None or p.field == field}


def _fix(path, code):
    record, problems = _problems(path)
    (p,) = [p for p in problems if p.code == code]
    data = copy.deepcopy(record.data)
    assert apply_fix(p, data)
    return data


def test_title_cut_at_chlamydomonas_with_the_next_panel_run_in():
    """'… Photorespiration.(A) Schematic of the Calvin cycle … in C' (C. reinhardtii)."""
    path = CASES / "PMC3442575__PC_097949_wc_f4.md"
    _, problems = _problems(path)
    assert {"title.truncated", "title.artifact"} <= _codes(problems, "figtitle")
    assert _fix(path, "title.artifact")["figtitle"] == \
        "Genes Involved in the Calvin Cycle and Photorespiration"


def test_title_cut_at_methylomicrobium():
    path = CASES / "PMC5222806__fmicb-07-02167-g0001.md"
    _, problems = _problems(path)
    assert "title.truncated" in _codes(problems, "figtitle")
    fixed = _fix(path, "title.truncated")["figtitle"]
    assert fixed.startswith("Metabolic pathways for methane oxidation (A) and FA synthesis (B) "
                            "in M. buryatense ") and len(fixed) <= 250
    assert "title.panel_label" not in _codes(problems)   # "(A)" inside is no label


def test_genus_split_after_its_initial_and_na_among_organisms():
    path = CASES / "PMC4720407__MBT2-9-089-g001.md"
    _, problems = _problems(path)
    assert _fix(path, "title.artifact")["figtitle"] == \
        "Pyrimidine biosynthetic pathway in Penicillium spp"
    assert "list.missing_item" in _codes(problems, "organisms")
    # its 'Fusarium oxysporum f. sp. ...' names are NCBI Taxonomy's
    assert not [p for p in problems if p.code == "organisms.unknown"
                and "f. sp." in p.message]


def test_species_of_the_title_with_organisms_missing():
    _, problems = _problems(CASES / "PMC10034394__gr8.md")
    (p,) = [p for p in problems if p.code == "organisms.text_disagrees"]
    assert p.severity == "warning" and p.suggestions == ("Candida albicans",)


def test_h9c2_cells_are_rat_cells():
    _, problems = _problems(CASES / "PMC3810482__ECAM2013-802784.011.md")
    (p,) = [p for p in problems if p.code == "organisms.text_disagrees"]
    assert p.suggestions == ("Rattus norvegicus",) and "'H9c2'" in p.message


def test_current_ncbi_names_are_not_aliases():
    """'Canis lupus familiaris' is NCBI's name for the dog (it was in the alias table)."""
    _, problems = _problems(CASES / "PMC6459625__nihms-1015170-f0032.md")
    assert not [p for p in problems if p.code in ("organisms.alias", "organisms.unknown")
                and "Canis lupus familiaris" in p.message]


def test_unnamed_species_of_a_genus_are_known():
    _, problems = _problems(CASES / "PMC10039701__fuad010fig2.md")
    unknown = [p.message for p in problems if p.code == "organisms.unknown"]
    assert not [m for m in unknown if "Bacteriophage sp." in m]
    assert [m for m in unknown if "Citrus deliciosa" in m]   # not NCBI's: still reported


def test_proposed_model_alone_is_a_placeholder():
    path = RECORDS / "PMC11482725__ppat.1012188.g007.md"
    record, problems = _problems(path)
    assert "title.placeholder" in _codes(problems, "figtitle")
    assert _fix(path, "title.placeholder")["figtitle"] == \
        record.data["papertitle"].strip().rstrip(".")


@pytest.mark.parametrize("name", ["PMC2707780__nihms112197f1.md",      # 'Model of the role …'
                                  "PMC2736391__nihms100151f2.md"])     # 'Simplified model of the'
def test_real_preambles(name):
    _, problems = _problems(RECORDS / name)
    assert "title.preamble" in _codes(problems, "figtitle")


def test_role_of_is_a_title_not_a_preamble():
    """The seed record titled 'Role of E2F1 in the DNA damage response'."""
    hits = [p for p in sorted(RECORDS.glob("*.md"))
            if Record.open(p).data.get("figtitle", "").startswith("Role of")]
    assert hits
    for path in hits:
        assert "title.preamble" not in _codes(_problems(path)[1])
