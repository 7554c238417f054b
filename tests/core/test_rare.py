"""Rare values: the values few records hold, and those the validator does not know."""

from __future__ import annotations

from curator.core.collection.facets import MISSING
from curator.core.collection.rare import check_value, rare_values


def test_rare_and_unknown_values_come_with_the_validators_words():
    counts = {"Homo sapiens": 40, "Homo sapeins": 1, "Diaporthe sclerotioides": 2,
              "H. sapiens": 9, MISSING: 5}
    found = {r.value: r for r in rare_values(counts, "organisms", max_count=2)}
    assert set(found) == {"Homo sapeins", "Diaporthe sclerotioides", "H. sapiens"}
    assert found["Homo sapeins"].suggestions == ("Homo sapiens",)
    assert "not an NCBI Taxonomy scientific name" in found["Homo sapeins"].problem
    assert not found["Diaporthe sclerotioides"].unknown     # rare, but a known species
    assert found["H. sapiens"].suggestions == ("Homo sapiens",)   # frequent, an alias
    assert [r.value for r in rare_values(counts, "organisms", 2, unknown=False)] == \
        ["Homo sapeins", "Diaporthe sclerotioides"]


def test_other_fields_are_checked_by_their_schema_rules():
    assert "not one of: Figure" in check_value("figtype", "Figur")[0]
    assert check_value("figtype", "Figure") == ("", ())
    assert check_value("genes.*.hgnc_symbol", "TP53") == ("", ())
