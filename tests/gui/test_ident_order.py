"""The list's order of record ids: all at once as one at a time."""

from __future__ import annotations

from curator.gui.records.ident_order import ident_key, ident_keys

IDS = ["PMC10__ga1", "PMC9__g2", "pmc9__G1", "", "Figure 3", "12", "abc", "PMC007x",
       "PMC10__ga1", "X_1", "a-9"]


def test_the_keys_of_many_ids_at_once_are_the_keys_of_each():
    assert ident_keys(IDS) == list(map(ident_key, IDS))
    assert sorted(IDS, key=ident_key)[:3] == ["12", "PMC007x", "pmc9__G1"]


def test_ids_not_ascii_or_holding_a_newline_are_keyed_one_at_a_time():
    for odd in (["İ5", "PMC2"], ["PMC1\nPMC2", "PMC3"], ["PMC1", "Σ2ΑΣ"], []):
        assert ident_keys(odd) == list(map(ident_key, odd))
