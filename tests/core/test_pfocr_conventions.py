"""The validator follows PFOCR's own conventions (issue 13), on real records.

The references: the curation app (wikipathways/pfocr-curation, app.R: ungreekText, the
Capitalize button, the preamble list) and the post-processing script
(wikipathways/pfocr-postprocessing, pfocr_merge.R: formatFigLink, type.list, the 10..250
title length check, ungreekText). Each convention has a case PFOCR writes that must not be
flagged, next to the look-alike defect that must.
"""

from __future__ import annotations

import copy

import pytest
from recordfiles import RECORDS

from curator.core.checks.fixes import apply_fix
from curator.core.files.record import Record
from curator.core.checks.validate import validate

SEED = "PMC3092522__nihms289124f2.md"   # new generation
OLD = "PMC2221774__nihms34078f1.md"     # old generation: organisms 'Homo sapiens, C. elegans'
GA1 = "PMC10036500__ga1.md"             # a graphical abstract


def _record(name: str = SEED) -> Record:
    return Record.open(RECORDS / name)


def _problems(record: Record, data: dict):
    return validate(data, name=record.path.stem, lines=record.lines)


def _codes(name: str = SEED, **changes) -> dict:
    """code -> problems of the record with top-level ``changes``."""
    record = _record(name)
    data = copy.deepcopy(record.data)
    data.update(changes)
    out: dict = {}
    for p in _problems(record, data):
        out.setdefault(p.code, []).append(p)
    return out


# -- figlink: PFOCR strips https://www.ncbi.nlm.nih.gov/ and keeps no leading slash ------

@pytest.mark.parametrize("link", ["pmc/articles/PMC3092522/figure/F2/",
                                  "/pmc/articles/PMC3092522/figure/F2/"])
def test_both_figlink_forms_pfocr_writes_are_valid(link):
    codes = _codes(figlink=link)
    assert "figlink.format" not in codes and "figlink.pmcid" not in codes


def test_a_full_url_is_still_not_a_figlink():
    (p,) = _codes(figlink="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3092522/figure/F2/"
                  )["figlink.format"]
    assert p.severity == "error"


def test_figlink_fix_keeps_pfocr_form_without_slash():
    record = _record()
    data = copy.deepcopy(record.data)
    data["figlink"] = "pmc/articles/PMC3092523/figure/F2/"
    (p,) = [p for p in _problems(record, data) if p.code == "figlink.pmcid"]
    assert apply_fix(p, data)
    assert data["figlink"] == "pmc/articles/PMC3092522/figure/F2/"


# -- figtype: pfocr_merge.R's type.list ---------------------------------------------------

@pytest.mark.parametrize("figtype", ["Figure", "Scheme", "Supplemental figure",
                                     "Graphical abstract", "Appendix figure", "Extended view"])
def test_every_pfocr_figure_type_is_allowed(figtype):
    assert "figtype.unknown" not in _codes(GA1, figtype=figtype)


def test_a_figure_type_pfocr_does_not_have_is_flagged():
    assert "figtype.unknown" in _codes(GA1, figtype="Supplementary Figure")


# -- title.capital: symbols are written as is ----------------------------------------------

@pytest.mark.parametrize("title", [
    "cGMP signaling pathway", "p53 pathway in the DNA damage response", "mTOR signaling",
    "miR-21 targets in cardiac fibrosis", "iNOS induction in macrophages",
    "let-7 regulation of RAS", "pH regulation in the lysosome", "lncRNA H19 in cancer",
    "siRNA delivery to tumours", "p-ERK activation in neurons",
])
def test_a_title_starting_with_a_symbol_is_not_a_capitalisation_defect(title):
    codes = _codes(figtitle=title)
    assert "title.capital" not in codes


@pytest.mark.parametrize("title, fixed", [
    ("mechanisms of trastuzumab resistance", "Mechanisms of trastuzumab resistance"),
    ("anti-TNF therapy in arthritis", "Anti-TNF therapy in arthritis"),
])
def test_a_title_starting_with_a_lower_case_word_is_capitalised(title, fixed):
    record = _record()
    data = copy.deepcopy(record.data)
    data["figtitle"] = title
    (p,) = [p for p in _problems(record, data) if p.code == "title.capital"]
    assert apply_fix(p, data) and data["figtitle"] == fixed


def test_panel_label_fix_keeps_the_symbol_after_the_label():
    record = _record()
    data = copy.deepcopy(record.data)
    data["figtitle"] = "(A) p53 pathway in the DNA damage response"
    (p,) = [p for p in _problems(record, data) if p.code == "title.panel_label"]
    assert apply_fix(p, data)
    assert data["figtitle"] == "p53 pathway in the DNA damage response"


# -- Greek letters: PFOCR's set only; Δ marks a deletion mutant -----------------------------

@pytest.mark.parametrize("title", [
    "Phagocytosis of apoptotic cells in Cgulp2Δ mutants",
    "Ca2+ flux and the membrane potential ΔΨm",
    "Flux through the μ-opioid receptor",
])
def test_greek_letters_pfocr_keeps_are_not_flagged(title):
    assert "title.greek" not in _codes(figtitle=title)


def test_alpha_before_a_hyphen_is_spelled_out_anywhere():
    record = _record()
    data = copy.deepcopy(record.data)
    data["figtitle"] = "TNF-α-induced NF-κB activation"
    (p,) = [p for p in _problems(record, data) if p.code == "title.greek"]
    assert apply_fix(p, data)
    assert data["figtitle"] == "TNF-Alpha-induced NFKB activation"


# -- title length: PFOCR's QC keeps 10 .. 250 characters ------------------------------------

def test_a_title_of_ten_characters_is_long_enough():
    assert "title.short" not in _codes(figtitle="Wnt a CBC1")       # 10 characters


def test_a_title_of_nine_characters_is_short():
    (p,) = _codes(figtitle="Wnt/CBC 1")["title.short"]
    assert p.severity == "warning" and "9 characters" in p.message


# -- JSON-LD keywords: one keyword as a plain string ---------------------------------------

def _with_keywords(value):
    record = _record()
    data = copy.deepcopy(record.data)
    data["schema-jsonld"]["keywords"] = value
    return [p for p in _problems(record, data) if p.field == "schema-jsonld.keywords"]


def test_one_keyword_as_a_plain_string_is_valid():
    assert _with_keywords("ERBB2") == []


def test_keywords_as_a_mapping_is_still_wrong():
    (p,) = _with_keywords({"a": "ERBB2"})
    assert p.code == "field.type"


# -- organisms.old_style: that generation's format, an info note ----------------------------

def test_old_style_organisms_is_an_info_note():
    (p,) = _codes(OLD)["organisms.old_style"]
    assert p.severity == "info" and p.fixable
