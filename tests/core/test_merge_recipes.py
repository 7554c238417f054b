"""A cluster merge is one bulk operation changing only the merged lines, and recipes hold
operations (not data), read strictly with errors naming the file and line."""

from __future__ import annotations

import difflib
import pickle

import pytest
from planted import TRUE, VARIANTS, plant

from curator.core.edits import bulk
from curator.core.edits import operations as ops
from curator.core.collection.facets import counts_of
from curator.core.collection.index import FolderIndex
from curator.core.edits.merge import MergeValues, mapping_of, paths_holding
from curator.core.edits.recipes import RecipeError, dump_recipe, load_recipe, parse_recipe


def _changed_lines(old: bytes, new: bytes) -> list[tuple[str, str]]:
    a, b = old.decode().splitlines(), new.decode().splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            out.append(("\n".join(a[i1:i2]), "\n".join(b[j1:j2])))
    return out


def test_a_merge_changes_only_the_variant_lines_of_the_files_holding_them(tmp_path):
    planted = plant(tmp_path / "records")
    rows = [r for b in FolderIndex(planted.folder, cache=False).scan() for r in b]
    merge = MergeValues.of("organisms", [(VARIANTS, TRUE)])
    paths = paths_holding(rows, "organisms", VARIANTS)
    assert set(paths) == {str(p) for p in planted.variants}
    plan = bulk.plan([r.path for r in rows], [merge], jobs=1)
    assert {c.path for c in plan.changes} == set(paths)
    for change in plan.changes:
        path = next(p for p in planted.variants if str(p) == change.path)
        homo = [pair for pair in planted.planted_lines(path) if pair[1] == f"- {TRUE}"]
        assert _changed_lines(change.old, change.new) == homo
    bulk.write(plan.changes)
    again = [r for b in FolderIndex(planted.folder, cache=False).scan() for r in b]
    counts = counts_of(again, "organisms")
    assert all(counts[v] == 0 for v in VARIANTS)
    assert counts[TRUE] == counts_of(rows, "organisms")[TRUE] + len(VARIANTS)


def test_a_merged_value_already_in_the_list_is_not_written_twice():
    data = {"organisms": ["Homo Sapiens", "Mus musculus", "Homo sapiens"],
            "keywords": "aging | Aging | cancer",
            "genes": [{"hgnc_symbol": "TP-53"}, {"hgnc_symbol": "EGFR"}]}
    assert MergeValues.of("organisms", [(["Homo Sapiens"], TRUE)]).apply(data)
    assert data["organisms"] == ["Homo sapiens", "Mus musculus"]
    assert MergeValues.of("keywords", [(["aging"], "Aging")]).apply(data)
    assert data["keywords"] == "Aging | cancer"
    assert MergeValues.of("genes.*.hgnc_symbol", [(["TP-53"], "TP53")]).apply(data)
    assert [g["hgnc_symbol"] for g in data["genes"]] == ["TP53", "EGFR"]
    assert not MergeValues.of("organisms", [(["Homo Sapiens"], TRUE)]).apply(data)


def test_a_value_cannot_be_merged_two_ways():
    with pytest.raises(ValueError, match="'a' is merged into both 'b' and 'c'"):
        mapping_of([(["a"], "b"), (["a", "d"], "c")])


def test_a_recipe_round_trips_every_operation():
    operations = [ops.SetField(("figtype",), "Figure"),
                  ops.FillMissing(("organisms",), ["Homo sapiens"]),
                  ops.ClearMissing(None), ops.ClearMissing(("organisms_ner",)),
                  ops.ApplyFix("organisms.alias"),
                  ops.Replace(("figtitle",), r"\s+$", "", regex=True),
                  MergeValues.of("organisms", [(["homo sapiens ", "Homo Sapiens"], TRUE)])]
    text = dump_recipe(operations)
    assert "Homo sapiens" in text and "curator-recipe: 1" in text
    assert parse_recipe(text) == operations


def test_recipe_errors_name_the_file_and_line(tmp_path):
    path = tmp_path / "clean.yaml"
    path.write_text("curator-recipe: 1\noperations:\n- op: set\n  field: figtype\n"
                    "  value: Figure\n- op: merge\n  field: organisms\n  valuez: {}\n")
    with pytest.raises(RecipeError) as info:
        load_recipe(path)
    assert str(info.value) == f"{path}:8: merge: unknown parameter 'valuez'; merge takes " \
                              "field, values"
    err = pickle.loads(pickle.dumps(info.value))
    assert (err.path, err.line, err.message, str(err)) == \
        (info.value.path, 8, info.value.message, str(info.value))
    cases = {
        "curator-recipe: 1\noperations:\n- op: sett\n": (3, "unknown operation 'sett'"),
        "curator-recipe: 1\noperations:\n- op: fix\n  code: nope\n": (4, "no fix for"),
        "curator-recipe: 1\noperations:\n- op: replace\n  field: a\n  find: '('\n"
        "  replace: b\n  regex: true\n": (5, "replace:"),
        "curator-recipe: 2\noperations: []\n": (1, "unsupported recipe version 2"),
        "curator-recipe: 1\noperations:\n- op: set\n  value: 1\n": (3, "missing parameter"),
        "operations: [\n": (None, "not valid YAML"),
        "- a\n": (1, "not a Curator recipe"),
    }
    for text, (line, message) in cases.items():
        path.write_text(text)
        with pytest.raises(RecipeError) as info:
            load_recipe(path)
        assert info.value.path == str(path)
        assert (line is None or info.value.line == line) and message in info.value.message
    with pytest.raises(RecipeError, match="cannot read"):
        load_recipe(tmp_path / "absent.yaml")
