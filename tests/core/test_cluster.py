"""Clustering finds the planted variants of a value and never joins species of a genus."""

from __future__ import annotations

import pytest
from planted import CAUGHT_BY, MOUSE, MOUSE_VARIANTS, SPECIES, TRUE, plant

from curator.core.collection.cluster import (
    METHODS, cluster, fingerprint, key_collision, ngram_fingerprint,
)
from curator.core.collection.facets import counts_of
from curator.core.collection.index import FolderIndex
from curator.core.checks.organisms import default_organisms


@pytest.fixture(scope="module")
def planted_counts(tmp_path_factory):
    planted = plant(tmp_path_factory.mktemp("planted") / "records")
    rows = [r for b in FolderIndex(planted.folder, cache=False).scan() for r in b]
    return counts_of(rows, "organisms")


@pytest.mark.parametrize("method", METHODS)
def test_the_planted_variants_cluster_with_the_true_name(planted_counts, method):
    clusters = cluster(planted_counts, method)
    ours = [c for c in clusters if TRUE in c.names]
    assert len(ours) == 1
    (found,) = ours
    expected = {v for v, methods in CAUGHT_BY.items() if method in methods}
    assert expected <= set(found.names)
    assert found.suggestion == TRUE       # the most frequent spelling is suggested
    assert found.records == sum(planted_counts[v] for v in found.names)
    (mouse,) = [c for c in clusters if MOUSE in c.names]
    assert set(mouse.names) == {MOUSE, *MOUSE_VARIANTS} and mouse.suggestion == MOUSE


@pytest.mark.parametrize("method", METHODS)
def test_species_of_one_genus_never_cluster(planted_counts, method):
    for found in cluster(planted_counts, method):
        assert len(set(found.names) & set(SPECIES)) <= 1, found.names


@pytest.mark.parametrize("method", METHODS)
def test_no_two_known_organisms_are_one_value(method):
    names = default_organisms().names
    assert cluster({n: 1 for n in names}, method) == []


def test_fingerprints_ignore_case_accents_punctuation_and_word_order():
    assert fingerprint(" Sapiens,  homo. ") == fingerprint("Homo sapiens") == "homo sapiens"
    assert fingerprint("Café") == "cafe"
    assert ngram_fingerprint("Homo sapiens") == ngram_fingerprint("Homosapiens")


def test_nearest_neighbour_counts_a_swap_as_one_edit_and_short_values_too():
    found = cluster({"MAPK1": 4, "MAKP1": 1, "TP53": 3}, "nearest")
    assert [c.names for c in found] == [["MAPK1", "MAKP1"]]
    assert cluster({"MAPK1": 4, "MAKP1": 1}, "nearest", radius=0) == []


def test_an_unknown_method_is_named():
    with pytest.raises(ValueError, match="unknown clustering method 'soundex'; methods: "
                                         "fingerprint, ngram"):
        cluster({}, "soundex")


def test_of_equally_frequent_spellings_the_one_not_in_capitals_is_suggested():
    """h18 saw "MARCHANTIA POLYMORPHA" suggested: capitals sort before lower case."""
    [cluster] = key_collision({"MARCHANTIA POLYMORPHA": 3, "Marchantia polymorpha": 3,
                               " Marchantia polymorpha": 3})
    assert cluster.suggestion == "Marchantia polymorpha"
    [cluster] = key_collision({"MARCHANTIA POLYMORPHA": 4, "Marchantia polymorpha": 3})
    assert cluster.suggestion == "MARCHANTIA POLYMORPHA"     # more records still win
