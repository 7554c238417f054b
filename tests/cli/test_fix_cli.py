"""`curator fix` edits fields headless with the same minimal diffs as the window."""

from __future__ import annotations

import difflib

import pytest

from curator.cli.main import main
from curator.core.files.fastload import read_fast

SEED = "PMC3092522__nihms289124f2.md"
OLD = "PMC2221774__nihms34078f1.md"   # old generation: organisms is a string


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    return [d for d in difflib.unified_diff(before.decode().splitlines(),
                                            after.decode().splitlines(), n=0, lineterm="")
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]


def _snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_dry_run_prints_minimal_diffs_and_writes_nothing(records_copy, capsys):
    before = _snapshot(records_copy)
    assert main(["fix", "--dry-run", "--set", "figtitle=X", str(records_copy)]) == 0
    out, err = capsys.readouterr()
    assert _snapshot(records_copy) == before
    files = [line for line in out.splitlines() if line.startswith("+++ ")]
    assert len(files) == len(before)
    added = [line for line in out.splitlines() if line.startswith("+") and
             not line.startswith("+++")]
    assert added == ["+figtitle: X"] * len(before)
    assert f"{len(before)} records: {len(before)} would change" in err


def test_set_writes_only_the_field_and_a_rerun_writes_nothing(records_copy, capsys):
    path = records_copy / SEED
    before = path.read_bytes()
    assert main(["fix", "--set", "figtitle=Trastuzumab resistance", str(path)]) == 0
    after = path.read_bytes()
    assert _changed_lines(before, after) == [
        "-figtitle: 'HER2-amplified breast cancer: mechanisms of trastuzumab resistance and",
        "-  novel targeted therapies'",
        "+figtitle: Trastuzumab resistance"]
    mtime = path.stat().st_mtime_ns
    assert main(["fix", "--set", "figtitle=Trastuzumab resistance", str(path)]) == 0
    assert path.stat().st_mtime_ns == mtime
    assert "0 changed" in capsys.readouterr().err


@pytest.mark.parametrize("assignment, expected", [
    ("organisms:=[Homo sapiens, Mus musculus]", ["Homo sapiens", "Mus musculus"]),
    ("organisms:=[]", []),
    ("ndex:=null", None),
    ("automl_pathway:=0.5", 0.5),
    ("year=2011", "2011"),
    ("schema-jsonld.description=Short.", "Short."),
])
def test_set_takes_strings_and_yaml_values(records_copy, assignment, expected):
    path = records_copy / SEED
    assert main(["fix", "--set", assignment, str(path)]) == 0
    data = read_fast(path).data
    field = assignment.split("=")[0].rstrip(":")
    value = data
    for part in field.split("."):
        value = value[part]
    assert value == expected and type(value) is type(expected)


def test_fill_missing_clear_missing_and_replace(records_copy):
    path = records_copy / SEED
    before = path.read_bytes()
    assert main(["fix", "--fill-missing", "year=2011", "--fill-missing", "figtype=Scheme",
                 "--clear-missing", "doi", "--replace", "caption", "HER2", "ERBB2",
                 str(path)]) == 0
    data = read_fast(path).data
    assert data["year"] == "2011"
    assert data["figtype"] == "Figure"           # present: not filled
    assert data["doi"] == ""
    assert "HER2" not in data["caption"] and data["caption"].count("ERBB2") == 7
    assert data["journal_title"] == ".na.character"   # other fields untouched
    changed = _changed_lines(before, path.read_bytes())
    assert "-year: ''" in changed and "+year: '2011'" in changed
    assert "-doi: .na.character" in changed and "+doi: ''" in changed


def test_replace_with_regex(records_copy):
    path = records_copy / SEED
    assert main(["fix", "--replace", "figtitle", r"^(\S+)-amplified", r"\1-positive",
                 "--regex", str(path)]) == 0
    assert read_fast(path).data["figtitle"].startswith("HER2-positive breast cancer")


def test_fix_code_makes_organisms_a_list(records_copy):
    path = records_copy / OLD
    before = path.read_bytes()
    assert main(["fix", "--fix", "organisms.old_style", str(path)]) == 0
    assert _changed_lines(before, path.read_bytes()) == [
        "-organisms: Homo sapiens, C. elegans", "+organisms:", "+- Homo sapiens",
        "+- C. elegans"]


def test_usage_and_io_errors_exit_2_naming_the_file(records_copy, capsys):
    assert main(["fix", "--set", "figtitle", str(records_copy)]) == 2
    assert main(["fix", str(records_copy)]) == 2
    assert main(["fix", "--set", "a=b", str(records_copy / "missing.md")]) == 2
    assert "missing.md" in capsys.readouterr().err
    broken = records_copy / "PMC1__broken.md"
    broken.write_bytes(b"---\nfigid: [unclosed\n---\n")
    assert main(["fix", "--set", "figtitle=X", str(records_copy)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:2:" in err or f"{broken}:3:" in err
    assert broken.read_bytes() == b"---\nfigid: [unclosed\n---\n"
    assert read_fast(records_copy / SEED).data["figtitle"] == "X"   # the others were fixed
