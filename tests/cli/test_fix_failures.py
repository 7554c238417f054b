"""`curator fix` never stops part-way with a traceback (issue 14, items 1 and 3).

One unparseable record among 300 (the parallel path) is named and the others are edited;
an operation that fails on some records names each of them and edits the others, leaving
the failed ones untouched; a bad pattern, replacement or --jobs is a usage error (exit 2)
before any file is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from recordfiles import many_records

from curator.cli.main import main
from curator.core.edits.bulk import PARALLEL_FROM
from curator.core.files.fastload import read_fast

REPO = Path(__file__).parents[2]
BROKEN = b"---\nfigid: PMC1__broken\nfigtitle: [unclosed\n---\n"


def _run(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "curator", "fix", *map(str, args)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def folder_with_one_broken(tmp_path) -> tuple[Path, list[Path], Path]:
    folder = tmp_path / "records"
    good = many_records(folder, 300)
    broken = folder / "PMC1__broken.md"
    broken.write_bytes(BROKEN)
    assert len(good) + 1 > PARALLEL_FROM       # the run uses worker processes
    return folder, good, broken


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "write"])
def test_one_unparseable_file_among_300_is_named_and_every_other_file_is_done(
        folder_with_one_broken, dry_run):
    folder, good, broken = folder_with_one_broken
    before = _snapshot(folder)
    result = _run(*(["--dry-run"] if dry_run else []), "--jobs", 2,
                  "--set", "figtitle=Parallel title", folder)
    assert "Traceback" not in result.stderr and "BrokenProcessPool" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert f"curator fix: {broken}:" in result.stderr and "invalid YAML" in result.stderr
    assert f"301 records: 300 {'would change' if dry_run else 'changed'}, 1 not readable" \
        in result.stderr
    assert broken.read_bytes() == BROKEN
    if dry_run:
        assert _snapshot(folder) == before
        assert result.stdout.count("\n+figtitle: Parallel title\n") == 300
    else:
        assert all(read_fast(p).data["figtitle"] == "Parallel title" for p in good)


def test_an_operation_failing_on_some_records_names_each_and_edits_the_others(
        records_copy, capsys):
    before = _snapshot(records_copy)
    code = main(["fix", "--set", "figtitle=Edited", "--set", "genes.15.hgnc_symbol=TP53",
                 str(records_copy)])
    err = capsys.readouterr().err
    assert code == 2
    edited, failed = [], []
    for name, raw in before.items():
        data = read_fast(records_copy / name).data
        long_list = isinstance(data.get("genes"), list) and len(data["genes"]) > 15
        if long_list:
            edited.append(name)
            assert data["genes"][15]["hgnc_symbol"] == "TP53"
            assert data["figtitle"] == "Edited"
        else:   # not a single operation written: the record is as it was
            failed.append(name)
            assert (records_copy / name).read_bytes() == raw
            assert f"{records_copy / name}: set genes.15.hgnc_symbol to 'TP53': " in err
    assert edited and failed
    assert "genes has 10 items: there is no item 15" in err
    assert "genes is not a list: there is no item 15" in err


def test_a_key_under_a_list_of_text_is_refused_by_file(records_copy, capsys):
    before = _snapshot(records_copy)
    code = main(["fix", "--set", "organisms.0.x=1", str(records_copy)])
    err = capsys.readouterr().err
    assert code == 2 and _snapshot(records_copy) == before
    assert "organisms.0 is a text value ('Homo sapiens'), not a list or mapping" in err
    assert err.count("curator fix: ") == len(before)


@pytest.mark.parametrize("args, message", [
    (["--replace", "caption", "( x", "y", "--regex"],
     "--replace: invalid regular expression '( x': missing ), unterminated subpattern"),
    (["--replace", "caption", "a", r"\1", "--regex"],
     r"--replace: invalid replacement '\\1' for 'a': invalid group reference 1"),
    (["--replace", "caption", "", "y"], "--replace: nothing to find: the pattern is empty"),
    (["--jobs", "-1", "--set", "year=2001"], "argument --jobs: expected a number of worker "
                                             "processes (1 or more; 0: one per core), got '-1'"),
    (["--jobs", "two", "--set", "year=2001"], "argument --jobs: expected a number"),
], ids=["regex", "group", "empty", "jobs-negative", "jobs-text"])
def test_a_bad_operation_is_a_usage_error_before_any_file_is_written(tmp_path, args,
                                                                        message):
    folder = tmp_path / "records"
    many_records(folder, PARALLEL_FROM + 10)
    before = _snapshot(folder)
    result = _run(*args, folder)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert _snapshot(folder) == before


def test_validate_refuses_a_negative_jobs_count_as_a_usage_error(records_copy, capsys):
    assert main(["validate", "--jobs", "-1", str(records_copy)]) == 2
    assert "argument --jobs: expected a number of worker processes" in capsys.readouterr().err
