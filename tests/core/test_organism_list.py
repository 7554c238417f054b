"""Checks for the known-organism list (resources/organisms.txt) and its alias
table (resources/organism_aliases.txt), and that they cover the organisms named
in the test records."""

import re
from pathlib import Path

import pytest
import yaml

RESOURCES = Path(__file__).parents[2] / "resources"
RECORDS = Path(__file__).parents[1] / "data" / "records"

BINOMIAL = re.compile(r"^[A-Z][a-z]+ [a-z][a-z-]+$")
MISSING = {"NA", ".na.character", ""}

# Names in the test records' `organisms` / `organisms_ner` that are not species
# and so are deliberately absent from organisms.txt. Every binomial-looking name
# in the records turned out to be a real species (even the contextually
# implausible NER hits such as Diaporthe sclerotioides, a cucumber root-rot
# fungus, on a HER2 breast-cancer figure, or Matthiola incana on a coronavirus
# figure); those are in organisms.txt. What is left is noise of other kinds:
NOT_SPECIES = {
    # viruses: not binomial species (some, like these two, merely look binomial)
    "Murine coronavirus",
    "Sindbis virus",
    "Adeno-associated virus",
    "Enterovirus C",
    "Equine arteritis virus",
    "Human coronavirus 229E",
    "Murine coronavirus MHV-1",
    "Murine hepatitis virus",
    "Murine hepatitis virus strain A59",
    "Transmissible gastroenteritis virus",
    # NER hit for the RAS gene family ("rat sarcoma"), not an organism here
    "Rat sarcoma virus",
    # higher taxon (family)
    "Coronaviridae",
    # genus only
    "Aspergillus sp.",
    # not organisms at all
    "prion",
    "synthetic organisms",
}


def _data_lines(path):
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@pytest.fixture(scope="module")
def organisms():
    return _data_lines(RESOURCES / "organisms.txt")


@pytest.fixture(scope="module")
def aliases():
    pairs = []
    for line in _data_lines(RESOURCES / "organism_aliases.txt"):
        parts = line.split("\t")
        assert len(parts) == 2, f"not WRONG<TAB>RIGHT: {line!r}"
        pairs.append((parts[0], parts[1]))
    return pairs


def _front_matter(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---"), path.name
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _names(value):
    """Organism names in a field: a list, a comma- or semicolon-separated
    string (older records) or absent; NA markers and empty values are dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"[,;]", value)
    names = (str(item).strip() for item in value)
    return [name for name in names if name not in MISSING]


@pytest.fixture(scope="module")
def record_names():
    found = {}
    for path in sorted(RECORDS.glob("*.md")):
        fm = _front_matter(path)
        for key in ("organisms", "organisms_ner"):
            for name in _names(fm.get(key)):
                found.setdefault(name, path.name)
    return found


def test_lines_are_binomials(organisms):
    bad = [name for name in organisms if not BINOMIAL.match(name)]
    assert not bad


def test_no_duplicates(organisms):
    assert len(organisms) == len(set(organisms))


def test_sorted(organisms):
    assert organisms == sorted(organisms)


def test_list_size_is_plausible(organisms):
    assert 300 <= len(organisms) <= 700


def test_model_organisms_present(organisms):
    for name in (
        "Homo sapiens",
        "Mus musculus",
        "Rattus norvegicus",
        "Danio rerio",
        "Drosophila melanogaster",
        "Caenorhabditis elegans",
        "Saccharomyces cerevisiae",
        "Schizosaccharomyces pombe",
        "Arabidopsis thaliana",
        "Escherichia coli",
        "Canis familiaris",
        "Canis lupus",
    ):
        assert name in organisms


def test_alias_targets_are_known(organisms, aliases):
    known = set(organisms)
    bad = [(wrong, right) for wrong, right in aliases if right not in known]
    assert not bad


def test_alias_sources_are_not_known_names(organisms, aliases):
    known = set(organisms)
    bad = [wrong for wrong, _ in aliases if wrong in known]
    assert not bad


def test_alias_sources_unique_and_clean(aliases):
    wrongs = [wrong for wrong, _ in aliases]
    assert len(wrongs) == len(set(wrongs))
    for wrong, right in aliases:
        assert wrong and wrong == wrong.strip() and right == right.strip()
        assert wrong != right


def test_required_aliases(aliases):
    table = dict(aliases)
    assert table["Drosophlia melanogaster"] == "Drosophila melanogaster"
    assert table["C. elegans"] == "Caenorhabditis elegans"
    assert table["E. coli"] == "Escherichia coli"
    assert table["human"] == "Homo sapiens"


def test_record_organisms_are_known_or_noise(organisms, aliases, record_names):
    known = set(organisms)
    alias_table = dict(aliases)
    unexplained = {}
    for name, where in record_names.items():
        if name in known or name in NOT_SPECIES:
            continue
        if name in alias_table:  # e.g. "C. elegans" in an older record
            continue
        # strain / subspecies of a known species, e.g. "Escherichia coli C",
        # "Escherichia coli PBA5", "Bacillus subtilis subsp. subtilis str. 168"
        if " ".join(name.split()[:2]) in known and len(name.split()) > 2:
            continue
        unexplained[name] = where
    assert not unexplained


def test_noise_set_is_current(organisms, record_names):
    assert not NOT_SPECIES & set(organisms)
    stale = NOT_SPECIES - set(record_names)
    assert not stale, "noise names no longer in the test records"
