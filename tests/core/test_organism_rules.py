"""Organism names against NCBI Taxonomy, and against the record's own text (issue 13).

These use the shipped data (``resources/taxonomy_names.xz``, ``organisms.txt``, the
aliases and placeholders): the point is that PFOCR's real names validate.
"""

from __future__ import annotations

import copy

import pytest
from recordfiles import RECORDS

from curator.core.checks.fixes import apply_fix
from curator.core.checks.organisms import default_organisms
from curator.core.files.record import Record
from curator.core.checks.validate import validate

SEED = "PMC3092522__nihms289124f2.md"          # organisms [Homo sapiens, Mus musculus, Diaporthe ...]
WORM = "PMC1440875__pgen.0020057.g005.md"      # old: 'Homo sapiens'; the caption names C. elegans
CORONA = "PMC1298938__ppat.0010039.g007.md"    # organisms [..., Matthiola incana, NA]
NK = "PMC1193534__pgen.0010027.g001.md"        # caption: "(STE20 homolog, yeast)"
SEAWEED = "PMC10035662__fpls-14-1114172-g008.md"


def _problems(name: str, **changes):
    record = Record.open(RECORDS / name)
    data = copy.deepcopy(record.data)
    data.update(changes)
    return record, data, validate(data, name=record.path.stem, lines=record.lines)


def _with(problems, code):
    return [p for p in problems if p.code == code]


# -- NCBI Taxonomy -------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Severe acute respiratory syndrome coronavirus 2",
    "Escherichia coli str. K-12 substr. MG1655",
    "Murine hepatitis virus strain A59",
    "Arabidopsis thaliana",
    "Nakaseomyces glabratus",
    "Aspergillus sp.",                       # a species of a known genus
    "Bacteriophage sp.",                     # real (PMC10039701)
    "Microbacterium sp. 11",                 # real (PMC5222806): an isolate of a genus
    "synthetic organisms", "prion",          # NCBI Taxonomy has these too
    "Unspecified plant",                     # PFOCR's placeholders
    "Microbes",
])
def test_names_pfocr_uses_are_known(name):
    _, _, problems = _problems(SEED, organisms=["Homo sapiens", name])
    assert _with(problems, "organisms.unknown") == []


@pytest.mark.parametrize("name, suggestion", [
    ("Saccharomyces cerevisiee", "Saccharomyces cerevisiae"),
    ("Arabidopsis thalianna", "Arabidopsis thaliana"),
    ("Nakaseomyces glabrata", "Nakaseomyces glabratus"),   # not in the curated list
])
def test_a_near_miss_is_unknown_with_the_taxonomy_name_suggested(name, suggestion):
    _, _, problems = _problems(SEED, organisms=["Homo sapiens", name])
    (p,) = _with(problems, "organisms.unknown")
    assert p.severity == "warning" and suggestion in p.suggestions
    assert "not an NCBI Taxonomy scientific name" in p.message
    assert p.line == 7


def test_lowercase_text_is_called_noise_not_an_unknown_species():
    _, _, problems = _problems(SEED, organisms=["Homo sapiens", "receptor cells"])
    (p,) = _with(problems, "organisms.unknown")
    assert "text-mining noise" in p.message


def test_the_taxonomy_is_read_only_for_a_name_the_small_lists_lack():
    organisms = default_organisms()
    assert organisms.canonical("Homo sapiens") == "Homo sapiens"
    assert organisms.canonical("Thermobifida fusca") == "Thermobifida fusca"
    assert organisms.canonical("Thermobifida fuscaa") is None
    assert len(organisms.taxonomy.names) > 1_000_000


# -- organisms against the record's text ---------------------------------------------------

def test_caption_naming_c_elegans_on_a_homo_sapiens_record_is_a_warning():
    """The real old record: the pipeline defaulted a worm figure to Homo sapiens."""
    _, _, problems = _problems(WORM)
    (p,) = _with(problems, "organisms.text_disagrees")
    assert p.severity == "warning" and p.suggestions == ("Caenorhabditis elegans",)
    assert "'C. elegans'" in p.message and p.line == 20


def test_c_elegans_listed_by_alias_agrees_with_the_caption():
    _, _, problems = _problems(WORM, organisms="Homo sapiens, C. elegans")
    assert _with(problems, "organisms.text_disagrees") == []


@pytest.mark.parametrize("title, species", [
    ("Regulation of autophagy in yeast", "Saccharomyces cerevisiae"),
    ("Insulin signaling in C. elegans dauer formation", "Caenorhabditis elegans"),
    ("Auxin transport in Arabidopsis roots", "Arabidopsis thaliana"),
    ("Cardiac hypertrophy in rats after infarction", "Rattus norvegicus"),
    ("Central carbon metabolism of E. coli", "Escherichia coli"),
])
def test_a_title_naming_a_species_organisms_lacks_is_a_warning(title, species):
    _, _, problems = _problems(SEED, figtitle=title, organisms=["Homo sapiens"])
    (p,) = _with(problems, "organisms.text_disagrees")
    assert p.severity == "warning" and p.suggestions == (species,)


@pytest.mark.parametrize("title", [
    "Yeast two-hybrid screen of HER2 partners",
    "Ras sarcoma signaling: rat sarcoma virus oncogene",
    "Pathways of the fission yeast cell cycle in Schizosaccharomyces pombe",
])
def test_look_alike_species_words_are_not_taken_for_species(title):
    _, _, problems = _problems(SEED, figtitle=title, papertitle=title,
                               organisms=["Schizosaccharomyces pombe"])
    assert _with(problems, "organisms.text_disagrees") == []


def test_gene_names_in_a_caption_are_at_most_a_note():
    """The real caption spells out "(STE20 homolog, yeast)" and "v-akt murine thymoma"."""
    _, _, problems = _problems(NK)
    assert {p.severity for p in _with(problems, "organisms.text_disagrees")} <= {"info"}


def _unmentioned(problems) -> dict:
    return {p.message.split("'")[1]: p for p in problems if p.code == "organisms.unmentioned"}


def test_species_no_text_mentions_is_a_note():
    _, _, problems = _problems(SEED)
    notes = _unmentioned(problems)
    p = notes["Diaporthe sclerotioides"]
    assert p.severity == "info" and p.line == 8
    assert "Homo sapiens" not in notes        # nothing else named: the default stays


def test_species_the_text_mentions_by_genus_abbreviation_or_common_name_is_fine():
    for caption, name in (("Signaling in D. sclerotioides hyphae", "Diaporthe sclerotioides"),
                          ("Diaporthe infection of roots", "Diaporthe sclerotioides"),
                          ("HER2 in mice", "Mus musculus")):
        _, _, problems = _problems(SEED, caption=caption)
        assert name not in _unmentioned(problems), caption


def test_a_genus_is_matched_as_written():
    """NCBI's 'Sar' clade is not the SAR (systemic acquired resistance) of a caption."""
    _, _, problems = _problems(SEED, caption="SAR signaling in leaves", organisms=["Sar"])
    assert "Sar" in _unmentioned(problems)


def test_homo_sapiens_on_a_figure_about_another_species_is_a_note():
    """Real: the Arabidopsis metabolomics record lists Homo sapiens (the pipeline's
    default); its title names Arabidopsis thaliana and nothing human."""
    _, _, problems = _problems(SEAWEED)
    assert _unmentioned(problems)["Homo sapiens"].severity == "info"


def test_homo_sapiens_on_a_figure_naming_patients_is_fine():
    _, _, problems = _problems(SEAWEED, caption="Metabolites in patients and Arabidopsis")
    assert "Homo sapiens" not in _unmentioned(problems)


def test_title_naming_a_species_when_organisms_is_missing_is_a_warning():
    _, _, problems = _problems(SEED, organisms=["NA"],
                               figtitle="Virulence pathways of Candida albicans hyphae")
    (p,) = _with(problems, "organisms.text_disagrees")
    assert p.severity == "warning" and p.suggestions == ("Candida albicans",)
    assert "is missing" in p.message and p.line == 5


def test_abbreviated_species_and_cell_lines_in_a_title():
    _, _, problems = _problems(SEED, organisms=["Homo sapiens"],
                               figtitle="Hyphal growth of C. albicans and H9c2 cells")
    assert {p.suggestions[0] for p in _with(problems, "organisms.text_disagrees")} == \
        {"Candida albicans", "Rattus norvegicus"}


# -- missing markers and repeats inside lists ----------------------------------------------

def test_na_among_real_organisms_is_a_warning_fixed_by_dropping_it():
    """The real record lists 'NA' after six names."""
    record, data, problems = _problems(CORONA)
    (p,) = _with(problems, "list.missing_item")
    assert p.severity == "warning" and p.fixable and p.field == "organisms" and p.line == 19
    before = list(data["organisms"])
    assert apply_fix(p, data)
    assert data["organisms"] == before[:-1]
    assert _with(validate(data, name=record.path.stem), "list.missing_item") == []


def test_a_list_of_only_na_is_missing_not_a_stray_item():
    _, _, problems = _problems(SEED, organisms=["NA"])
    assert _with(problems, "list.missing_item") == []
    assert [p.severity for p in problems if p.field == "organisms"] == ["info"]


def test_keywords_holding_a_missing_marker_and_a_repeat():
    record = Record.open(RECORDS / SEED)
    data = copy.deepcopy(record.data)
    data["schema-jsonld"]["keywords"] = ["ERBB2", ".na.character", "EGFR", "ERBB2"]
    problems = validate(data, name=record.path.stem, lines=record.lines)
    (na,) = _with(problems, "list.missing_item")
    (dup,) = _with(problems, "list.duplicate")
    assert na.field == dup.field == "schema-jsonld.keywords"
    assert apply_fix(na, data) and apply_fix(dup, data)
    assert data["schema-jsonld"]["keywords"] == ["ERBB2", "EGFR"]


def test_distinct_keywords_are_fine():
    record = Record.open(RECORDS / SEED)
    problems = validate(record.data, name=record.path.stem, lines=record.lines)
    assert _with(problems, "list.duplicate") == [] == _with(problems, "list.missing_item")
