"""The title defects PFOCR's caption-derived titles carry (issue 13), on real records.

Each rule has the real or realistic defect, the fix a curator expects, and the look-alike
PFOCR writes on purpose that must not be flagged.
"""

from __future__ import annotations

import copy

import pytest
from recordfiles import RECORDS

from curator.core.checks.fixes import apply_fix, fixed_value
from curator.core.files.record import Record
from curator.core.checks.validate import validate

SEED = "PMC3092522__nihms289124f2.md"
WORM = "PMC1440875__pgen.0020057.g005.md"   # caption: "… downstream of the muscarinic GPCRs in C. elegans."
CREB = "PMC17299__pq2202117006.md"          # title with a double space (real)
CSR = "PMC2660918__rstb20080196f02.md"      # 'Hypothetical model for the end-joining …' (real)
LEPTIN = "PMC2736391__nihms100151f2.md"     # 'Simplified model of the leptin signaling pathway' (real)
GA1 = "PMC10036500__ga1.md"                 # a graphical abstract


def _check(name: str, title: str | None = None):
    record = Record.open(RECORDS / name)
    data = copy.deepcopy(record.data)
    if title is not None:
        data["figtitle"] = title
    return record, data, validate(data, name=record.path.stem, lines=record.lines)


def _one(problems, code):
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, (code, problems)
    return found[0]


def _none(problems, code):
    return [p for p in problems if p.code == code] == []


def _fixed(name, code, title=None):
    record, data, problems = _check(name, title)
    p = _one(problems, code)
    assert p.severity == "warning" and p.field == "figtitle" and p.line == record.lines[("figtitle",)]
    assert apply_fix(p, data)
    assert _none(validate(data, name=record.path.stem), code)
    return data["figtitle"]


# -- preambles ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    (CSR, "End-joining mechanisms during CSR"),
    (LEPTIN, "Leptin signaling pathway"),
])
def test_real_preamble_titles_lose_their_preamble(name, expected):
    assert _fixed(name, "title.preamble") == expected


@pytest.mark.parametrize("title, expected", [
    ("Schematic drawing that shows the Wnt/Beta-catenin pathway in colon cancer",
     "Wnt/Beta-catenin pathway in colon cancer"),
    ("Illustration of the HER2 signaling network", "HER2 signaling network"),
    ("Simplified schematic of insulin signaling in the liver", "Insulin signaling in the liver"),
    ("Proposed model of mTOR regulation by amino acids", "mTOR regulation by amino acids"),
    ("Schematic representation of p53 activation", "p53 activation after DNA damage"),
])
def test_preambles_are_removed_and_symbols_kept(title, expected):
    if expected.startswith("p53"):
        title += " after DNA damage"
    assert _fixed(SEED, "title.preamble", title) == expected


@pytest.mark.parametrize("title, expected", [
    # real (PMC2707780); PFOCR's curators removed "Model of the" (pfocr_preambles)
    ("Model of the role of MAPK cascades in cardiomyocyte hypertrophy",
     "Role of MAPK cascades in cardiomyocyte hypertrophy"),
    ("A model for transcriptional regulation of RGC differentiation",
     "Transcriptional regulation of RGC differentiation"),
    ("Overview of cholangiocyte role in biliary functions",
     "Cholangiocyte role in biliary functions"),
])
def test_title_words_used_as_preambles_are_removed(title, expected):
    assert _fixed(SEED, "title.preamble", title) == expected


@pytest.mark.parametrize("title", [
    "Role of E2F1 in the DNA damage response",                # real
    "Diagrammatic features of Wnt signaling",
    "Mechanism of action of metformin in the liver",
    "Regulation of autophagy by mTORC1",
    "Modeling of the HER2 network in breast cancer",
])
def test_titles_starting_with_a_title_word_have_no_preamble(title):
    _, _, problems = _check(SEED, title)
    assert _none(problems, "title.preamble")


def test_a_preamble_before_too_little_is_reported_without_a_fix():
    _, data, problems = _check(SEED, "Schematic of the HER2 loop")
    p = _one(problems, "title.preamble")
    assert p.fixable is False and fixed_value(p, data) is None


# -- truncated titles -----------------------------------------------------------------------

CUT = ("The molecular components of the signaling pathways downstream of the muscarinic "
       "GPCRs in C")


def test_title_cut_at_a_genus_abbreviation_is_completed_from_the_caption():
    record = Record.open(RECORDS / WORM)
    caption = record.data["caption"].replace("The diagram shows the molecular",
                                             "The molecular")
    record2, data, _ = _check(WORM, CUT)
    data["caption"] = caption
    p = _one(validate(data, name=record2.path.stem, lines=record2.lines), "title.truncated")
    assert p.fixable and "in C" in p.message
    assert apply_fix(p, data)
    assert data["figtitle"] == CUT + ". elegans"


@pytest.mark.parametrize("title", [
    "Insulin signaling in S", "Regulation of the TCA cycle in E",
    "Crosstalk between the Wnt and the", "Mechanisms of trastuzumab resistance and",
])
def test_titles_stopping_mid_phrase_are_truncated(title):
    _, _, problems = _check(SEED, title)
    assert _one(problems, "title.truncated").fixable is False   # the caption lacks them


@pytest.mark.parametrize("title", [
    "Protein kinase A signaling in cardiomyocytes", "Role of vitamin C",
    "Activation of protein kinase C", "Hepatitis B virus replication cycle",
    "Wnt signaling: the good and the bad",
])
def test_titles_ending_with_a_letter_that_is_a_name_are_not_truncated(title):
    _, _, problems = _check(SEED, title)
    assert _none(problems, "title.truncated")


# -- labels and artifacts -------------------------------------------------------------------

@pytest.mark.parametrize("title", ["Proposed model", "Schematic diagram", "Working model",
                                   "Graphical Abstract", "Figure 3"])
def test_a_picture_word_alone_is_a_placeholder(title):
    """Real: PMC11482725's title is 'Proposed model'."""
    _, _, problems = _check(SEED, title)
    assert _one(problems, "title.placeholder").fixable


def test_graphical_abstract_as_title_takes_the_paper_title():
    record, data, problems = _check(GA1, "Graphical abstract")
    p = _one(problems, "title.placeholder")
    assert p.fixable
    assert apply_fix(p, data)
    assert data["figtitle"] == record.data["papertitle"].rstrip(".")


def test_a_title_about_graphical_abstracts_is_a_title():
    _, _, problems = _check(GA1, "Graphical abstract of MACF1 signaling in bone formation")
    assert _none(problems, "title.placeholder")


@pytest.mark.parametrize("title, expected", [
    ("Wnt signaling in the intestinal crypt (see text for details)",
     "Wnt signaling in the intestinal crypt"),
    ("HER2 signaling network Notes: arrows show activation", "HER2 signaling network"),
    ("Trastuzumab resistance mechanisms [,]", "Trastuzumab resistance mechanisms"),
])
def test_caption_text_run_into_the_title_is_removed(title, expected):
    assert _fixed(SEED, "title.artifact", title) == expected


@pytest.mark.parametrize("title", [
    "Notes on the HER2 signaling network",
    "Wnt signaling in the intestinal crypt (stem cell niche)",
])
def test_title_words_that_look_like_artifacts_are_fine(title):
    _, _, problems = _check(SEED, title)
    assert _none(problems, "title.artifact")


def test_next_sentence_and_panel_label_run_in_are_cut():
    """Real (PMC3442575): 'Photorespiration.(A) Schematic of'."""
    assert _fixed(SEED, "title.artifact", "Photorespiration in Chlamydomonas.(A) Schematic of "
                  "the glycolate pathway") == "Photorespiration in Chlamydomonas"


def test_a_genus_split_after_its_initial_is_joined():
    """Real (PMC4720407): 'P enicillium' from an italic initial in PMC's text."""
    assert _fixed(SEED, "title.artifact", "Secondary metabolism of P enicillium expansum") == \
        "Secondary metabolism of Penicillium expansum"


@pytest.mark.parametrize("title", ["Two tales concerning skeletal muscle.",
                                   "Activation of protein kinase C signaling",
                                   "Vitamin A metabolism in the liver"])
def test_a_period_or_a_letter_name_is_not_an_artifact(title):
    """Real (PMC1952649): a final period is title.period's, not an artifact."""
    _, _, problems = _check(SEED, title)
    assert _none(problems, "title.artifact")


def test_words_glued_after_un_greeking_are_split():
    assert _fixed(SEED, "title.glued", "TGFBsignaling in fibrosis") == "TGFB signaling in fibrosis"


@pytest.mark.parametrize("title", ["TGFBR1 signaling in fibrosis", "HER2-dependent signaling",
                                   "ATPases in the mitochondrion"])
def test_symbols_followed_by_words_properly_are_not_glued(title):
    _, _, problems = _check(SEED, title)
    assert _none(problems, "title.glued")


def test_the_real_double_space_is_collapsed():
    assert _fixed(CREB, "title.spaces") == \
        "Phosphorylation-dependent targeting of CREB to proteasomal degradation by hypoxia"


def test_leading_and_trailing_spaces_are_removed():
    assert _fixed(SEED, "title.spaces", " HER2 signaling in breast cancer ") == \
        "HER2 signaling in breast cancer"
