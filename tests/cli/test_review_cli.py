"""`curator review PATH`: the field-level changes of every record against HEAD, for a pull
request description or a CI check, on real git repositories."""

from __future__ import annotations

import json

import pytest
from gitrepos import AUTHOR, edit_line, git, isolate_git, make_collection, needs_git

from curator.cli.main import main

pytestmark = needs_git


@pytest.fixture
def figures(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    return make_collection(tmp_path / "repo")


def test_review_prints_each_changed_record_field_by_field(figures, capsys):
    first, second = sorted(figures.glob("*.md"))[:2]
    edit_line(first, "year:", "year: '1999'")
    second.unlink()
    assert main(["review", str(figures)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{first.name} (modified)"
    assert out[1].startswith("  year: ") and out[1].endswith("→ 1999")
    assert f"{second.name} (deleted)" in out
    assert out[-1] == "2 changed records"


def test_review_as_json_and_against_a_revision(figures, capsys):
    first = sorted(figures.glob("*.md"))[0]
    edit_line(first, "year:", "year: '1999'")
    git(figures, "commit", "-q", "-am", "Year", env=AUTHOR)
    assert main(["review", str(figures)]) == 0
    assert capsys.readouterr().out == "0 changed records\n"
    assert main(["review", str(figures), "--against", "HEAD~1", "--format", "json"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["path"] == first.name and entry["state"] == "modified"
    assert entry["changes"][0]["field"] == "year" and entry["changes"][0]["new"] == "1999"


def test_review_outside_git_or_of_an_unknown_revision_exits_2(figures, tmp_path, capsys):
    assert main(["review", str(tmp_path / "home")]) == 2
    assert "not in a git work tree" in capsys.readouterr().err
    assert main(["review", str(figures), "--against", "nope"]) == 2
    assert "not a commit" in capsys.readouterr().err


def test_a_renamed_record_is_one_entry_old_to_new_in_text_and_json(figures, capsys):
    first, second = sorted(figures.glob("*.md"))[:2]
    git(figures, "mv", first.name, "PMC1__moved.md")
    edit_line(figures / "PMC1__moved.md", "year:", "year: '1999'")
    git(figures, "mv", second.name, "PMC2__moved.md")   # a pure rename
    assert main(["review", str(figures)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{first.name} → PMC1__moved.md (renamed)"
    assert out[1].startswith("  year: ") and out[1].endswith("→ 1999")
    assert out[2] == f"{second.name} → PMC2__moved.md (renamed)"
    assert out[-1] == "2 changed records"
    assert main(["review", str(figures), "--format", "json"]) == 1
    moved, pure = json.loads(capsys.readouterr().out)
    assert (moved["path"], moved["old_path"], moved["state"]) == (
        "PMC1__moved.md", first.name, "renamed")
    assert [c["field"] for c in moved["changes"]] == ["year"]
    assert (pure["old_path"], pure["changes"]) == (second.name, [])
