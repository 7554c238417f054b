"""The three-way field merge behind "Merge (keep both)": what each side changed is kept,
the same field changed differently on both sides waits for the curator's choice."""

from __future__ import annotations

import pytest

from curator.core.edits.field_merge import (
    BOTH, CONFLICT, KEPT, OURS, TAKEN, THEIRS, merge_fields,
)
from curator.core.fields.values import ABSENT

BASE = {"figid": "PMC1__a", "figtitle": "Wnt pathway", "caption": "Old caption",
        "organisms": ["Homo sapiens"],
        "schema-jsonld": {"name": "Wnt pathway", "description": "Old caption"}}


def _with(**changes):
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for key, value in changes.items():
        key = key.replace("_", "-") if key == "schema_jsonld" else key
        if value is ABSENT:
            data.pop(key)
        else:
            data[key] = value
    return data


def test_different_fields_changed_on_each_side_are_both_kept():
    ours = _with(caption="New caption")
    theirs = _with(figtitle="Wnt signaling pathway")
    merge = merge_fields(BASE, ours, theirs)
    assert {o.name: o.kind for o in merge.outcomes} == {"caption": KEPT, "figtitle": TAKEN}
    assert merge.resolved and not merge.conflicts
    result = merge.result()
    assert result["caption"] == "New caption" and result["figtitle"] == "Wnt signaling pathway"
    assert list(result) == list(theirs)                    # the disk's field order
    assert merge.our_values() == {("caption",): "New caption"}


def test_mappings_merge_key_by_key():
    ours = _with(caption="New", schema_jsonld={"name": "Wnt pathway", "description": "New"})
    theirs = _with(schema_jsonld={"name": "Wnt signaling", "description": "Old caption"})
    merge = merge_fields(BASE, ours, theirs)
    assert {o.name: o.kind for o in merge.outcomes} == {
        "caption": KEPT, "schema-jsonld.name": TAKEN, "schema-jsonld.description": KEPT}
    assert merge.result()["schema-jsonld"] == {"name": "Wnt signaling", "description": "New"}


def test_the_same_change_on_both_sides_is_no_conflict():
    both = _with(figtitle="Wnt signaling pathway")
    merge = merge_fields(BASE, both, dict(both))
    assert [o.kind for o in merge.outcomes] == [BOTH]
    assert merge.our_values() == {} and merge.result() == both


def test_one_field_changed_differently_on_both_sides_asks_which_to_keep():
    ours = _with(figtitle="Wnt signalling", caption="Mine")
    theirs = _with(figtitle="Wnt signaling pathway")
    merge = merge_fields(BASE, ours, theirs)
    [conflict] = merge.conflicts
    assert conflict.name == "figtitle" and conflict.kind == CONFLICT
    assert (conflict.base, conflict.ours, conflict.theirs) == \
        ("Wnt pathway", "Wnt signalling", "Wnt signaling pathway")
    assert not merge.resolved
    with pytest.raises(ValueError, match="figtitle"):
        merge.result()
    merge.choose(("figtitle",), THEIRS)
    assert merge.result()["figtitle"] == "Wnt signaling pathway"
    assert merge.result()["caption"] == "Mine"
    merge.choose(("figtitle",), OURS)
    assert merge.result()["figtitle"] == "Wnt signalling"
    with pytest.raises(KeyError):
        merge.choose(("caption",), OURS)                    # not a conflict


def test_deleted_and_added_fields():
    ours = _with(organisms=ABSENT)                          # the curator removed it
    theirs = _with(year="2023")                              # added on disk
    merge = merge_fields(BASE, ours, theirs)
    result = merge.result()
    assert "organisms" not in result and result["year"] == "2023"
    assert merge.our_values() == {("organisms",): ABSENT}


def test_deleted_on_one_side_and_edited_on_the_other_is_a_conflict():
    merge = merge_fields(BASE, _with(caption=ABSENT), _with(caption="Disk caption"))
    [conflict] = merge.conflicts
    assert conflict.ours is ABSENT and conflict.theirs == "Disk caption"
    merge.choose(("caption",), OURS)
    assert "caption" not in merge.result()


def test_lists_are_whole_values():
    merge = merge_fields(BASE, _with(organisms=["Homo sapiens", "Mus musculus"]),
                         _with(organisms=["Mus musculus"]))
    assert [o.kind for o in merge.outcomes] == [CONFLICT]
