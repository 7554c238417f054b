"""`curator facets` and `curator cluster` print values and clusters from the index;
`curator fix --recipe` replays a recipe."""

from __future__ import annotations

import json
import subprocess
import sys

from planted import TRUE, VARIANTS, plant

from curator.cli.main import main
from curator.core.edits.merge import MergeValues
from curator.core.edits.recipes import save_recipe


def test_facets_prints_values_and_counts(tmp_path, capsys):
    planted = plant(tmp_path / "records")
    assert main(["facets", "organisms", str(planted.folder), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    counts = {v["value"]: v["count"] for v in out["values"]}
    assert out["records"] == len(list(planted.folder.glob("*.md")))
    assert counts["Homo Sapiens"] == 1 and counts[TRUE] > 1 and None in counts
    assert out["values"][0]["value"] == TRUE        # the most frequent first
    assert main(["facets", "year", str(planted.folder)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[-1].endswith(f"values of year in {out['records']} records")
    assert any(line.endswith("  (missing)") for line in text)


def test_cluster_prints_the_variants_together(tmp_path, capsys):
    planted = plant(tmp_path / "records")
    assert main(["cluster", "organisms", str(planted.folder), "--method", "nearest",
                 "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    ours = [c for c in out["clusters"] if c["suggestion"] == TRUE]
    assert len(ours) == 1
    assert {v["value"] for v in ours[0]["values"]} >= set(VARIANTS)
    assert main(["cluster", "organisms", str(planted.folder)]) == 0
    assert "clusters of organisms values (fingerprint)" in capsys.readouterr().out


def test_unknown_fields_and_methods_are_usage_errors(tmp_path, capsys):
    assert main(["facets", "figid", str(tmp_path)]) == 2
    assert "'figid' is not a facet field" in capsys.readouterr().err
    assert main(["cluster", "organisms", str(tmp_path), "--method", "soundex"]) == 2


def test_fix_replays_a_recipe_and_its_dry_run_changes_nothing(tmp_path):
    planted = plant(tmp_path / "records")
    recipe = tmp_path / "recipe.yaml"
    save_recipe(recipe, [MergeValues.of("organisms", [(VARIANTS, TRUE)])])
    before = {p: p.read_bytes() for p in planted.folder.iterdir()}
    run = [sys.executable, "-m", "curator", "fix", "--recipe", str(recipe),
           str(planted.folder)]
    dry = subprocess.run(run[:-1] + ["--dry-run", run[-1]], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert {p: p.read_bytes() for p in planted.folder.iterdir()} == before
    assert dry.stdout.count("+++ ") == len(VARIANTS)
    done = subprocess.run(run, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    changed = {p for p in before if p.read_bytes() != before[p]}
    assert changed == set(planted.variants)


def test_a_bad_recipe_is_named_with_its_line(tmp_path, capsys):
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("curator-recipe: 1\noperations:\n- op: sett\n")
    assert main(["fix", "--recipe", str(recipe), str(tmp_path)]) == 2
    assert f"{recipe}:3: unknown operation 'sett'" in capsys.readouterr().err
