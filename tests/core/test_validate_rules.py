"""Every validation rule, on real PFOCR records.

For each problem code: the clean record does not have it; the record carrying the defect
(as it occurs in PFOCR) has it, with the right severity, field, ``fixable`` flag and the
line of the field in the file; and where there is a fix, the fix removes the problem,
gives the value a curator expects and touches no other field.

The organism list is built here (``ORGANISMS``), not read from ``resources/``, so the
organism rules are deterministic.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

import pytest
from recordfiles import RECORDS

from curator.core.files.fastload import read_fast
from curator.core.checks.fixes import apply_fix, fixed_value
from curator.core.checks.organisms import parse_organisms
from curator.core.files.record import Record
from curator.core.collection.index import index_file
from curator.core.checks.validate import validate
from curator.core.fields.values import get, parse_path

SEED = "PMC3092522__nihms289124f2.md"   # new generation, .na.character fields, year ''
OLD = "PMC2221774__nihms34078f1.md"     # old generation: organisms 'Homo sapiens, C. elegans'
GA1 = "PMC10036500__ga1.md"             # graphical abstract with `caption: Figure`

ORGANISMS = parse_organisms(
    "# test list\nHomo sapiens\nMus musculus\nCaenorhabditis elegans\nDanio rerio\n"
    "Diaporthe sclerotioides\nEscherichia coli\nDrosophila melanogaster\n",
    "C. elegans\tCaenorhabditis elegans\nzebrafish\tDanio rerio\nhuman\tHomo sapiens\n")

_ABSENT = object()


# -- helpers ------------------------------------------------------------------------------

def _open(name: str) -> Record:
    return Record.open(RECORDS / name)


def _problems(record: Record, data: dict | None = None):
    return validate(record.data if data is None else data, name=record.path.stem,
                    lines=record.lines, organisms=ORGANISMS)


def _with(problems, code: str, field: str | None = None):
    return [p for p in problems if p.code == code and (field is None or p.field == field)]


def _file_line(name: str, line: int) -> str:
    return (RECORDS / name).read_text(encoding="utf-8").splitlines()[line - 1]


def _key_on_line(field: str) -> str:
    """What the file line of ``field`` starts with: its last key, or ``-`` for a list item."""
    last = field.split(".")[-1]
    return "-" if last.isdigit() else last


def _set(path: str, value):
    def change(data):
        keys = parse_path(path)
        get(data, keys[:-1])[keys[-1]] = value
    return change


def _delete(path: str):
    def change(data):
        keys = parse_path(path)
        del get(data, keys[:-1])[keys[-1]]
    return change


def _both(*changes):
    def change(data):
        for c in changes:
            c(data)
    return change


def _same(data):
    return None


# -- the rules ------------------------------------------------------------------------------

@dataclass
class Case:
    """One rule on one real record. ``defect`` turns the record as read into the record
    carrying the problem, ``clean`` into the record free of it (the identity for both
    when the file on disk already is that version)."""

    id: str
    record: str
    code: str
    field: str
    severity: str
    line: int | None                 # the field's line in the file (None: not on disk)
    defect: Callable = _same
    clean: Callable = _same
    fixed: object = _ABSENT          # the value the fix gives; _ABSENT: not fixable
    suggestions: tuple = ()
    message: str = ""                # a part of the message a curator reads
    at: str = ""                     # what the file line starts with ("": the field's key)

    @property
    def fixable(self) -> bool:
        return self.fixed is not _ABSENT


SEED_CAPTION = read_fast(RECORDS / SEED).data["caption"]
SEED_JSONLD_ID = "https://pfocr.wikipathways.org/figures/PMC3092522__nihms289124f2.html"
LONG_TITLE = SEED_CAPTION.replace("(A) ", "")  # a whole caption pasted as the title

CASES = [
    # -- presence ---------------------------------------------------------------------
    Case("required field absent, derivable", SEED, "field.missing", "figid_alias", "error",
         34, defect=_delete("figid_alias"), fixed="PMC3092522__F2"),
    Case("required redirect_from absent", SEED, "field.missing", "redirect_from", "error",
         38, defect=_delete("redirect_from"), fixed="/figures/PMC3092522__F2"),
    Case("required nested @id absent", SEED, "field.missing", "schema-jsonld.@id", "error",
         43, defect=_delete("schema-jsonld.@id"), fixed=SEED_JSONLD_ID),
    Case("required field holds a missing marker", SEED, "field.missing", "papertitle",
         "error", 24, defect=_set("papertitle", "NA"), message="(\'NA\')"),
    Case("caption is the 'Figure' placeholder (real)", GA1, "field.missing", "caption",
         "error", 16, clean=_set("caption", "MACF1 overexpression in BMSCs promotes bone "
                                            "formation through TCF4/miR-335-5p signaling."),
         message="'Figure'"),
    Case("year empty, reftext without a year (real)", OLD, "field.missing_optional", "year",
         "info", 21, clean=_set("year", "2006"), message="Year is missing ('')"),
    Case("year empty, reftext with a year", OLD, "field.missing_optional", "year", "info",
         21, defect=_set("reftext", "Bob Goldstein, et al. Dev Cell. 2006 Mar;10(3):391-396."),
         clean=_set("year", "2006"), fixed="2006"),
    Case("description .na.character", SEED, "field.missing_optional",
         "schema-jsonld.description", "info", 45,
         defect=_set("schema-jsonld.description", ".na.character"), fixed=SEED_CAPTION),
    Case("doi .na.character (real)", SEED, "field.missing_optional", "doi", "info", 28,
         clean=_set("doi", "10.1586/era.10.81"), message=".na.character"),
    # -- types --------------------------------------------------------------------------
    Case("number field holds text", SEED, "field.type", "automl_pathway", "error", 33,
         defect=_set("automl_pathway", "high")),
    Case("organisms_ner as a string", SEED, "field.type", "organisms_ner", "error", 36,
         defect=_set("organisms_ner", "Homo sapiens"), message="should be a list"),
    Case("year as a float", OLD, "field.type", "year", "error", 21,
         defect=_set("year", 2006.0)),
    # -- patterns and allowed values ------------------------------------------------------
    Case("figid without PMC", SEED, "figid.format", "figid", "error", 2,
         defect=_set("figid", "3092522__nihms289124f2")),
    Case("pmcid lower case", SEED, "pmcid.format", "pmcid", "error", 9,
         defect=_set("pmcid", "pmc3092522")),
    Case("filename not an image", SEED, "filename.format", "filename", "error", 10,
         defect=_set("filename", "nihms289124f2.pdf")),
    Case("figlink as a full URL", SEED, "figlink.format", "figlink", "error", 11,
         defect=_set("figlink", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3092522/"
                                "figure/F2/")),
    Case("doi as a doi.org URL", GA1, "doi.format", "doi", "error", 21,
         defect=_set("doi", "https://doi.org/10.1016/j.jot.2023.02.003")),
    Case("ndex UUID truncated", SEED, "ndex.format", "ndex", "error", 39,
         defect=_set("ndex", "206ed19c-debd-11ea-99da")),
    Case("figtype lower case", GA1, "figtype.unknown", "figtype", "warning", 28,
         defect=_set("figtype", "graphical abstract"), message="Graphical abstract"),
    # -- derived fields -------------------------------------------------------------------
    Case("figid_alias stale", SEED, "derived.figid_alias", "figid_alias", "error", 34,
         defect=_set("figid_alias", "PMC3092522__F3"), fixed="PMC3092522__F2"),
    Case("redirect_from stale", SEED, "derived.redirect_from", "redirect_from", "error", 38,
         defect=_set("redirect_from", "/figures/PMC3092522__F9"),
         fixed="/figures/PMC3092522__F2"),
    Case("JSON-LD @id names the alias", SEED, "derived.jsonld_id", "schema-jsonld.@id",
         "error", 43, defect=_set("schema-jsonld.@id",
                                  "https://pfocr.wikipathways.org/figures/PMC3092522__F2.html"),
         fixed=SEED_JSONLD_ID),
    Case("description stale after a caption edit", SEED, "derived.description",
         "schema-jsonld.description", "error", 45,
         defect=_set("caption", SEED_CAPTION.replace("TDM-1", "T-DM1")),
         fixed=SEED_CAPTION.replace("TDM-1", "T-DM1")),
    # -- identity -------------------------------------------------------------------------
    Case("figid disagrees with filename", SEED, "figid.mismatch", "figid", "error", 2,
         defect=_set("filename", "nihms289124f3.jpg"), message="PMC3092522__nihms289124f3"),
    Case("figid disagrees with the file name", SEED, "figid.filename", "figid", "error", 2,
         defect=_both(_set("figid", "PMC3092522__nihms289124f3"),
                      _set("filename", "nihms289124f3.jpg")),
         message="PMC3092522__nihms289124f2.md"),
    Case("figlink into another paper", SEED, "figlink.pmcid", "figlink", "error", 11,
         defect=_set("figlink", "/pmc/articles/PMC3092523/figure/F2/"),
         fixed="/pmc/articles/PMC3092522/figure/F2/"),
    # -- titles ---------------------------------------------------------------------------
    Case("Greek letter in title", SEED, "title.greek", "figtitle", "warning", 3,
         defect=_set("figtitle", "HER2 and TGF-β pathway in trastuzumab resistance"),
         fixed="HER2 and TGFB pathway in trastuzumab resistance",
         message="TGFB pathway"),
    Case("title starts lower case", SEED, "title.capital", "figtitle", "warning", 3,
         defect=_set("figtitle", "mechanisms of trastuzumab resistance in breast cancer"),
         fixed="Mechanisms of trastuzumab resistance in breast cancer"),
    Case("title ends with a period", SEED, "title.period", "figtitle", "warning", 3,
         defect=_set("figtitle", "HER2 signaling and trastuzumab resistance."),
         fixed="HER2 signaling and trastuzumab resistance"),
    # issue 13: "Figure 2" is now title.placeholder (a label); PFOCR's minimum is 10
    Case("title too short", SEED, "title.short", "figtitle", "warning", 3,
         defect=_set("figtitle", "HER2 loop"), message="9 characters"),
    Case("figure label as title", SEED, "title.placeholder", "figtitle", "warning", 3,
         defect=_set("figtitle", "Figure 2"),
         fixed="HER2-amplified breast cancer: mechanisms of trastuzumab resistance and "
               "novel targeted therapies"),
    Case("caption pasted as title", SEED, "title.long", "figtitle", "warning", 3,
         defect=_set("figtitle", LONG_TITLE), message=f"{len(LONG_TITLE)} characters"),
    Case("title starts with a panel label", SEED, "title.panel_label", "figtitle", "warning",
         3, defect=_set("figtitle", "(A) Lapatinib and neratinib inhibit EGFR/HER2"),
         fixed="Lapatinib and neratinib inhibit EGFR/HER2"),
    # -- year -----------------------------------------------------------------------------
    Case("year two digits", OLD, "year.format", "year", "error", 21,
         defect=_set("year", "85"), message="'85'"),
    Case("year typo in the future", GA1, "year.range", "year", "error", 20,
         defect=_set("year", "2203"), message="2203"),
    Case("year before PMC", GA1, "year.range", "year", "error", 20,
         defect=_set("year", "1985")),
    # -- organisms ------------------------------------------------------------------------
    Case("organisms as a comma string (real)", OLD, "organisms.old_style", "organisms",
         "info", 22, clean=_set("organisms", ["Homo sapiens", "Caenorhabditis elegans"]),
         fixed=["Homo sapiens", "C. elegans"]),
    Case("abbreviated species in old string (real)", OLD, "organisms.alias", "organisms",
         "warning", 22, clean=_set("organisms", ["Homo sapiens", "Caenorhabditis elegans"]),
         fixed=["Homo sapiens", "Caenorhabditis elegans"],
         suggestions=("Caenorhabditis elegans",), message="'C. elegans'"),
    Case("common name in organisms_ner list", GA1, "organisms.alias", "organisms_ner",
         "warning", 11, defect=_set("organisms_ner.2", "zebrafish"),
         fixed=["Homo sapiens", "Mus musculus", "Danio rerio"],
         suggestions=("Danio rerio",), at="- Danio rerio"),
    Case("misspelt species", GA1, "organisms.unknown", "organisms_ner", "warning", 11,
         defect=_set("organisms_ner.2", "Danio reri"), suggestions=("Danio rerio",),
         message="did you mean 'Danio rerio'", at="- Danio rerio"),
    Case("strain instead of species", SEED, "organisms.unknown", "organisms", "warning", 8,
         defect=_set("organisms.2", "Escherichia coli K-12"),
         suggestions=("Escherichia coli",), message="not an NCBI Taxonomy scientific name",
         at="- Diaporthe sclerotioides"),
    # -- genes ----------------------------------------------------------------------------
    Case("gene entry without entrez", OLD, "genes.entry", "genes.1", "error", 71,
         defect=_delete("genes.1.entrez"), message="has no entrez"),
    Case("gene entry that is not a mapping", OLD, "genes.entry", "genes.1", "error", 71,
         defect=_set("genes.1", "WNT5A"), message="should be a mapping"),
    Case("entrez not a number", OLD, "genes.entrez", "genes.1.entrez", "error", 75,
         defect=_set("genes.1.entrez", "abc"), message="'abc'"),
]

FIXABLE = [c for c in CASES if c.fixable]
NOT_FIXABLE = [c for c in CASES if not c.fixable]


def _ids(cases):
    return [c.id for c in cases]


def _version(case: Case, which: str):
    record = _open(case.record)
    data = copy.deepcopy(record.data)
    (case.defect if which == "defect" else case.clean)(data)
    return record, data


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_clean_record_does_not_have_the_problem(case):
    record, data = _version(case, "clean")
    found = _with(_problems(record, data), case.code, case.field)
    assert found == [], f"{case.code} on the clean {case.record}: {found}"


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_defect_is_reported_at_the_field_line(case):
    record, data = _version(case, "defect")
    found = _with(_problems(record, data), case.code, case.field)
    assert len(found) == 1, f"expected one {case.code} on {case.field}: {found}"
    problem = found[0]
    assert problem.severity == case.severity
    assert problem.fixable is case.fixable
    assert problem.line == case.line
    if case.line is not None:   # the line is the field's line in the file on disk
        assert _file_line(case.record, case.line).lstrip().lstrip("'").startswith(
            case.at or _key_on_line(case.field))
    assert problem.suggestions == case.suggestions
    assert case.message in problem.message


@pytest.mark.parametrize("case", FIXABLE, ids=_ids(FIXABLE))
def test_fix_gives_the_expected_value_and_removes_the_problem(case):
    record, data = _version(case, "defect")
    problem = _with(_problems(record, data), case.code, case.field)[0]
    before = copy.deepcopy(data)
    assert apply_fix(problem, data, organisms=ORGANISMS) is True
    assert get(data, parse_path(case.field)) == case.fixed
    assert _with(_problems(record, data), case.code, case.field) == []
    # the fix touches the problem's own field only
    top = parse_path(case.field)[0]
    assert {k: v for k, v in data.items() if k != top} == \
        {k: v for k, v in before.items() if k != top}
    if isinstance(data[top], dict):
        key = parse_path(case.field)[1]
        assert {k: v for k, v in data[top].items() if k != key} == \
            {k: v for k, v in before[top].items() if k != key}
    # a second application changes nothing
    assert apply_fix(problem, data, organisms=ORGANISMS) is False


@pytest.mark.parametrize("case", NOT_FIXABLE, ids=_ids(NOT_FIXABLE))
def test_problem_without_fix_leaves_the_record_alone(case):
    record, data = _version(case, "defect")
    problem = _with(_problems(record, data), case.code, case.field)[0]
    before = copy.deepcopy(data)
    assert fixed_value(problem, data, organisms=ORGANISMS) is None
    assert apply_fix(problem, data, organisms=ORGANISMS) is False
    assert data == before


def test_every_rule_of_the_issue_has_a_case():
    codes = {c.code for c in CASES}
    assert codes >= {
        "field.missing", "field.missing_optional", "field.type", "figid.format",
        "pmcid.format", "filename.format", "figlink.format", "doi.format", "ndex.format",
        "figtype.unknown", "derived.figid_alias", "derived.redirect_from",
        "derived.jsonld_id", "derived.description", "figid.mismatch", "figid.filename",
        "figlink.pmcid", "title.greek", "title.capital", "title.period", "title.short",
        "title.long", "title.panel_label", "year.format", "year.range",
        "organisms.old_style", "organisms.alias", "organisms.unknown", "genes.entry",
        "genes.entrez"}


def test_the_real_records_carry_their_known_defects():
    """The defects some cases start from are on disk, not made up."""
    assert read_fast(RECORDS / OLD).data["organisms"] == "Homo sapiens, C. elegans"
    assert read_fast(RECORDS / GA1).data["caption"] == "Figure"
    assert read_fast(RECORDS / SEED).data["year"] == ""


# -- titles: the un-Greek fix and its neighbours -------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("α-synuclein aggregation", "Alpha-synuclein aggregation"),
    ("β-catenin signaling", "Beta-catenin signaling"),
    ("TGF-β pathway", "TGFB pathway"),
    ("NF-κB signaling pathway", "NFKB signaling pathway"),
    ("Wnt/β-catenin signaling in breast cancer", "Wnt/Beta-catenin signaling in breast cancer"),
    ("Aβ-induced toxicity in neurons", "ABeta-induced toxicity in neurons"),
    ("PPARγ and IFN-γ in macrophages", "PPARG and IFNG in macrophages"),
    ("Role of PKCδ in ω-3 fatty acid signaling", "Role of PKCD in omega-3 fatty acid signaling"),
    ("IKKε and TNF-ϵ in innate immunity", "IKKE and TNFE in innate immunity"),
])
def test_greek_letters_in_titles_are_replaced_as_curators_write_them(title, expected):
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["figtitle"] = title
    (problem,) = _with(_problems(record, data), "title.greek")
    assert problem.message == f"Title has Greek letters: {expected}"
    assert apply_fix(problem, data) is True
    assert data["figtitle"] == expected
    assert _with(_problems(record, data), "title.greek") == []


@pytest.mark.parametrize("title, expected", [
    ("(A) Lapatinib and neratinib inhibit EGFR/HER2", "Lapatinib and neratinib inhibit EGFR/HER2"),
    ("(b) pertuzumab blocks HER2 dimerization", "Pertuzumab blocks HER2 dimerization"),
    ("[C] HSP90 inhibitors promote HER2 degradation", "HSP90 inhibitors promote HER2 degradation"),
    ("D) TDM-1 delivers a microtubule inhibitor", "TDM-1 delivers a microtubule inhibitor"),
])
def test_panel_labels_are_removed_from_titles(title, expected):
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["figtitle"] = title
    (problem,) = _with(_problems(record, data), "title.panel_label")
    assert _with(_problems(record, data), "title.capital") == []   # the label fix covers it
    assert apply_fix(problem, data) is True
    assert data["figtitle"] == expected


@pytest.mark.parametrize("title", [
    # "Proposed model" (a real title) is now title.placeholder (issue 13: judged a
    # preamble with nothing after it)
    "Wnt signaling in the crypt",
    "Wnt signaling: the good and the bad",              # real
    "Pathways of HIF-1A synthesis/degradation under normoxic and hypoxic conditions",
    "Wnt pathway in the crypt...",                      # an ellipsis is not a period
])
def test_acceptable_titles_have_no_title_problems(title):
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["figtitle"] = title
    found = [p for p in _problems(record, data) if p.code.startswith("title.")]
    assert found == []


def test_title_starting_with_a_greek_letter_ends_spelled_out_whatever_the_fix_order():
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["figtitle"] = "α-synuclein aggregation"
    for code in ("title.capital", "title.greek"):
        for problem in _with(_problems(record, data), code):
            apply_fix(problem, data)
    assert data["figtitle"] == "Alpha-synuclein aggregation"


@pytest.mark.parametrize("title", [
    "E. coli central carbon metabolism",
    "C. elegans insulin signaling pathway",
    "A. thaliana flowering time pathway",
])
def test_species_abbreviation_is_not_a_panel_label(title):
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["figtitle"] = title
    assert _with(_problems(record, data), "title.panel_label") == []


@pytest.mark.parametrize("title, expected", [
    ("17β-estradiol signaling in breast cancer", "17Beta-estradiol signaling in breast cancer"),
    ("5α-reductase in steroid metabolism", "5Alpha-reductase in steroid metabolism"),
])
def test_greek_letter_before_a_hyphen_is_spelled_out_anywhere_as_pfocr_does(title, expected):
    """pfocr_merge.R's ungreekText replaces "β-" by "Beta-" wherever it stands."""
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["figtitle"] = title
    (problem,) = _with(_problems(record, data), "title.greek")
    apply_fix(problem, data)
    assert data["figtitle"] == expected


# -- year derived from the reference text ---------------------------------------------------

def test_page_numbers_are_not_taken_for_the_year():
    record = _open(OLD)
    data = copy.deepcopy(record.data)
    data["reftext"] = "Bob Goldstein, et al. Blood. ;112(5):1993-2001."
    (problem,) = _with(_problems(record, data), "field.missing_optional", "year")
    assert problem.fixable is False
    assert apply_fix(problem, data) is False
    assert data["year"] == ""


# -- a fix must not make the field invalid -------------------------------------------------

def test_figlink_fix_never_writes_an_invalid_link():
    record = _open(SEED)
    data = copy.deepcopy(record.data)
    data["pmcid"] = "3092522"
    for problem in _with(_problems(record, data), "figlink.pmcid"):
        apply_fix(problem, data)
    assert _with(_problems(record, data), "figlink.format") == []


# -- files that cannot be parsed -----------------------------------------------------------

GOOD = (RECORDS / SEED).read_bytes()

UNPARSEABLE = {
    "invalid YAML": (GOOD.replace(b"number: F2", b"number: F2: F3"), "parse.yaml", 12),
    "no front matter": (GOOD[4:], "parse.frontmatter", 1),
    "never closed": (GOOD[:GOOD.rindex(b"---")], "parse.frontmatter", 1),
    "Latin-1 byte": (GOOD.replace(b"Devika Gajria", b"Devika Gajr\xeda"), "parse.encoding",
                     26),
    "duplicate key": (GOOD.replace(b"number: F2\n", b"number: F2\nnumber: F3\n"),
                      "parse.duplicate", 13),
    "python tag": (GOOD.replace(b"seo: CreativeWork",
                                b"seo: !!python/object/apply:os.system ['true']"),
                   "parse.tag", 40),
    "alias": (GOOD.replace(b"figid_alias: PMC3092522__F2",
                           b"aliases: &a [PMC3092522__F2]\nfigid_alias: *a"), "parse.alias", 35),
    "deep nesting": (b"---\nfigid: " + b"[" * 200 + b"]" * 200 + b"\n---\n", "parse.depth",
                     2),
    "not a mapping": (b"---\n- figid\n- figtitle\n---\n", "parse.notmapping", 2),
}


@pytest.mark.parametrize("name", sorted(UNPARSEABLE))
def test_unparseable_file_is_one_parse_problem_with_its_line(name, tmp_path):
    raw, code, line = UNPARSEABLE[name]
    path = tmp_path / SEED
    path.write_bytes(raw)
    result = index_file(str(path))
    assert result.parsed is False
    (problem,) = result.problems
    assert (problem.code, problem.severity, problem.field, problem.line) == \
        (code, "error", "", line)
    assert problem.fixable is False
    assert path.read_bytes() == raw


def test_scalar_alias_is_reported_on_the_alias_line(tmp_path):
    path = tmp_path / SEED
    path.write_bytes(GOOD.replace(b"figid_alias: PMC3092522__F2",
                                  b"figid_alias: &a PMC3092522__F2\nalias2: *a"))
    (problem,) = index_file(str(path)).problems
    assert (problem.code, problem.line) == ("parse.alias", 35)
