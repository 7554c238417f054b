"""Facets count a field's values over the index rows, without reading a file again."""

from __future__ import annotations

import pickle

import pytest
from planted import SPECIES, VARIANTS, plant

from curator.core.collection import facets
from curator.core.collection.facets import (
    MISSING, FacetColumn, counts_of, facet_field, histogram, sorted_counts,
)
from curator.core.collection.index import FolderIndex, index_file


def _rows(folder, **kwargs):
    index = FolderIndex(folder, **kwargs)
    return [row for batch in index.scan() for row in batch]


def test_organisms_are_counted_per_item_with_missing_as_one_entry(records_copy):
    rows = _rows(records_copy, cache=False)
    counts = counts_of(rows, "organisms")
    # the seed record: a human breast-cancer figure with OCR noise among its organisms
    seed = next(r for r in rows if r.ident == "PMC3092522__nihms289124f2")
    assert seed.facets["organisms"] == ("Homo sapiens", "Mus musculus",
                                        "Diaporthe sclerotioides")
    assert counts["Diaporthe sclerotioides"] == 1
    # old-style strings are split like the validator splits them
    assert counts["C. elegans"] == 1 and "Homo sapiens, C. elegans" not in counts
    # ["NA"] lists and marker items are the missing entry, counted once a record
    na = [r for r in rows if r.facets.get("organisms") == (MISSING,)]
    marked = [r for r in rows if MISSING in r.facets.get("organisms", ())]
    assert na and len(marked) > len(na) and counts[MISSING] == len(marked)
    # as are absent fields and empty lists
    assert counts_of(rows, "organisms_ner")[MISSING] >= sum(
        "organisms_ner" not in r.facets for r in rows) > 0
    assert sum(1 for r in rows if "Homo sapiens" in r.facets.get("organisms", ())) \
        == counts["Homo sapiens"]


def test_gene_symbols_and_keywords_are_list_facets(records_copy):
    rows = _rows(records_copy, cache=False)
    genes = counts_of(rows, "genes.*.hgnc_symbol")
    old = [r for r in rows if "genes.*.hgnc_symbol" in r.facets]
    assert old and genes["BRAF"] == sum("BRAF" in r.facets["genes.*.hgnc_symbol"]
                                        for r in old)
    keywords = counts_of(rows, "keywords")
    assert keywords["Immunotherapy"] == 2      # "a | b | c" strings, per keyword


def test_sorted_by_count_or_by_value_missing_last():
    counts = facets.Counter({"b": 2, "A": 2, "c": 5, MISSING: 9})
    assert sorted_counts(counts) == [("c", 5), ("A", 2), ("b", 2), (MISSING, 9)]
    assert sorted_counts(counts, "value") == [("A", 2), ("b", 2), ("c", 5), (MISSING, 9)]


def test_the_year_facet_is_a_histogram_with_one_bin_a_year(records_copy):
    rows = _rows(records_copy, cache=False)
    counts = counts_of(rows, "year")
    bins, other = histogram(counts)
    assert facet_field("year").numeric
    assert bins[0].low == 2000 and bins[-1].low == 2024
    by_year = {int(b.low): b.count for b in bins}
    assert by_year[2023] == counts["2023"] and by_year[2024] == counts["2024"]
    assert other == counts[MISSING]


def test_a_column_counts_any_filter_and_follows_changed_rows(tmp_path):
    planted = plant(tmp_path / "records")
    rows = _rows(planted.folder, cache=False)
    column = FacetColumn("organisms", rows)
    assert column.counts() == counts_of(rows, "organisms")
    for by in ("count", "value"):
        assert column.sorted_pairs(None, by) == sorted_counts(column.counts(), by)
        assert column.sorted_pairs(range(3, 20), by) == \
            sorted_counts(column.counts(range(3, 20)), by)
    some = list(range(0, len(rows), 2))
    assert column.counts(some) == counts_of([rows[i] for i in some], "organisms")
    variant_rows = column.matching(VARIANTS)
    assert {rows[i].path for i in variant_rows} == {str(p) for p in planted.variants}
    both = column.matching(SPECIES[:2], mode="all")
    assert both and all(set(SPECIES[:2]) <= set(rows[i].facets["organisms"])
                        for i in both)
    years = FacetColumn("year", rows).in_range(2000, 2005.5)
    assert {rows[i].field1 for i in years} == {"2000", "2001", "2004", "2005"}
    path = planted.folder / next(iter(planted.variants)).name
    text = path.read_text().replace("- Homo Sapiens\n", "- Homo sapiens\n")
    path.write_text(text)
    i = next(k for k, r in enumerate(rows) if r.path == str(path))
    column.put(i, index_file(str(path)))
    assert column.counts()["Homo Sapiens"] == 0


def test_rows_with_facets_survive_the_cache(records_copy):
    first = {r.path: r.facets for r in _rows(records_copy)}
    again = _rows(records_copy)
    assert {r.path: r.facets for r in again} == first
    assert all(pickle.loads(pickle.dumps(r)) == r for r in again[:3])


def test_an_unknown_field_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match="'figid' is not a facet field; facet fields: "
                                         "organisms"):
        facet_field("figid")
