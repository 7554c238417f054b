"""The collection under git, on real repositories: every state a record can have against
HEAD, field-level review, a record's history, staging, discarding and committing."""

from __future__ import annotations

import pickle
import subprocess

import pytest
from gitrepos import AUTHOR, edit_line, git, isolate_git, make_collection, needs_git

from curator.core.history import vcs
from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.history.review import history, review

pytestmark = needs_git


@pytest.fixture
def home(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path / "home")
    return tmp_path / "home"


@pytest.fixture
def figures(tmp_path, home):
    return make_collection(tmp_path / "repo")


def _records(figures):
    return sorted(figures.glob("*.md"))


def test_a_folder_outside_any_repository_has_no_history(tmp_path, home):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert vcs.Repo.discover(plain) is None


def test_a_bare_repository_is_not_a_work_tree(tmp_path, home):
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    assert vcs.Repo.discover(bare) is None


def test_a_corrupt_repository_is_an_error_saying_so(tmp_path, home):
    broken = tmp_path / "broken"
    make_collection(broken)
    (broken / ".git" / "HEAD").write_text("garbage\n")
    (broken / ".git" / "refs").rename(broken / ".git" / "refs-gone")
    # git no longer sees a repository here, or cannot read it: never a crash, never a guess
    try:
        found = vcs.Repo.discover(broken / "_figures")
    except vcs.GitError as exc:
        assert "git" in str(exc)
    else:
        assert found is None


def test_a_corrupt_index_is_a_clear_error_and_no_file_is_touched(figures):
    before = {p: p.read_bytes() for p in figures.iterdir()}
    (figures.parent / ".git" / "index").write_bytes(b"DIRC garbage, not an index")
    repo = vcs.Repo.discover(figures)
    with pytest.raises(vcs.GitError) as err:
        review(figures, repo=repo)
    assert "git status failed" in str(err.value) and "index" in str(err.value)
    assert {p: p.read_bytes() for p in figures.iterdir()} == before


def test_every_state_against_head_is_shown_right(figures):
    repo = vcs.Repo.discover(figures)
    assert repo is not None and repo.root == figures.parent
    modified, staged, both, deleted, gone_staged, *_ = _records(figures)
    edit_line(modified, "year:", "year: '1999'")
    edit_line(staged, "year:", "year: '1998'")
    git(figures, "add", staged.name)
    edit_line(both, "year:", "year: '1997'")
    git(figures, "add", both.name)
    edit_line(both, "year:", "year: '1996'")
    deleted.unlink()
    git(figures, "rm", "-q", gone_staged.name)
    new = figures / "PMC0000001__new.md"
    new.write_bytes(modified.read_bytes())

    states = {p.name: s for p, s in repo.status(figures).items()}
    assert states[modified.name].state == vcs.MODIFIED
    assert not states[modified.name].staged and states[modified.name].unstaged
    assert states[staged.name].state == vcs.STAGED
    assert states[staged.name].staged and not states[staged.name].unstaged
    assert states[both.name].staged and states[both.name].unstaged
    assert states[deleted.name].state == vcs.DELETED
    assert states[gone_staged.name].state == vcs.DELETED
    assert states[new.name].state == vcs.NEW
    assert len(states) == 6   # unchanged records are absent
    assert repo.branch() == "main"


def test_a_staged_and_an_unstaged_change_in_one_file_review_as_one(figures):
    record = _records(figures)[0]
    edit_line(record, "year:", "year: '1997'")
    git(figures, "add", record.name)
    edit_line(record, "organisms:", "organisms: Mus musculus")
    (entry,) = review(figures)
    assert entry.staged and entry.unstaged
    described = {c.field: c.describe() for c in entry.changes}
    assert described["year"].endswith("→ 1997")
    assert described["organisms"] == "organisms: Homo sapiens → Mus musculus"
    assert "+organisms: Mus musculus" in entry.line_diff(figures)


def test_review_names_list_items_added_and_removed(figures):
    record = _records(figures)[1]
    text = record.read_text()
    data = parse_fast(record.read_bytes()).data
    assert isinstance(data["schema-jsonld"]["keywords"], list)
    first = data["schema-jsonld"]["keywords"][0]
    record.write_text(text.replace(f"  - {first}\n", "  - Added keyword\n", 1))
    (entry,) = review(figures)
    (change,) = entry.changes
    assert change.field == "schema-jsonld.keywords"
    assert change.items_added == ["Added keyword"] and change.items_removed == [first]


def test_a_deleted_and_a_renamed_record(figures):
    gone, moved, *_ = _records(figures)
    git(figures, "rm", "-q", gone.name)
    git(figures, "mv", moved.name, "PMC1__renamed.md")
    entries = {e.path.name: e for e in review(figures)}
    assert entries[gone.name].state == vcs.DELETED
    assert entries[gone.name].changes[0].kind == "removed"
    # a pure rename is one entry, old path -> new path, with no field changed
    assert set(entries) == {gone.name, "PMC1__renamed.md"}
    renamed = entries["PMC1__renamed.md"]
    assert renamed.state == vcs.RENAMED and renamed.old_path == moved
    assert renamed.changes == [] and renamed.error is None and renamed.staged
    assert renamed.name(figures) == f"{moved.name} → PMC1__renamed.md"
    git(figures, "commit", "-q", "-m", "Rename a record", env=AUTHOR)
    log = history(figures / "PMC1__renamed.md")
    assert [e.commit.subject for e in log] == ["Rename a record", "Import records"]
    assert log[0].commit.old_path.endswith(moved.name) and log[0].changes == []


def test_a_moved_and_edited_record_is_one_rename_with_its_field_diff(figures):
    moved = _records(figures)[1]
    git(figures, "mv", moved.name, "PMC2__moved.md")
    edit_line(figures / "PMC2__moved.md", "year:", "year: '1989'")
    repo = vcs.Repo.discover(figures)
    st = repo.status(figures)[figures / "PMC2__moved.md"]
    assert st.state == vcs.RENAMED and st.orig_path == moved and st.staged and st.unstaged
    assert moved not in repo.status(figures)
    (entry,) = review(figures)
    assert entry.old_path == moved and [c.field for c in entry.changes] == ["year"]
    assert entry.changes[0].describe().endswith("→ 1989")
    diff = entry.line_diff(figures)
    assert f"--- a/{moved.name}" in diff and "+++ b/PMC2__moved.md" in diff
    assert "+year: '1989'" in diff and diff.count("\n+") == 2   # +++ and the one line
    assert entry.as_json(figures)["old_path"] == moved.name
    git(figures, "commit", "-q", "-am", "Move and correct", env=AUTHOR)
    (against,) = review(figures, "HEAD~1")   # rename detection against a revision too
    assert against.state == vcs.RENAMED and against.old_path == moved
    assert [c.field for c in against.changes] == ["year"]


def test_discarding_a_rename_puts_the_record_back_and_undo_moves_it_again(figures):
    moved = _records(figures)[0]
    original = moved.read_bytes()
    git(figures, "mv", moved.name, "PMC3__moved.md")
    new = figures / "PMC3__moved.md"
    edit_line(new, "year:", "year: '1988'")
    edited = new.read_bytes()
    repo = vcs.Repo.discover(figures)
    assert repo.discard(new, moved) == edited
    assert not new.exists() and moved.read_bytes() == original
    assert repo.status(figures) == {}
    repo.undiscard(new, edited, moved)
    assert new.read_bytes() == edited and not moved.exists()
    (entry,) = review(figures)
    assert entry.state == vcs.RENAMED and entry.old_path == moved


def test_a_large_review_compared_in_worker_processes_is_the_same(figures, monkeypatch):
    from curator.core.history import review as review_module
    for i, record in enumerate(_records(figures)):
        edit_line(record, "year:", f"year: '19{50 + i}'")
    git(figures, "mv", _records(figures)[0].name, "PMC4__moved.md")
    here = review(figures, jobs=1)
    monkeypatch.setattr(review_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(review_module, "CHUNK", 2)
    assert review(figures, jobs=2) == here
    assert len(here) == 6 and all(e.changes for e in here)


def test_a_long_caption_change_is_shown_whole_with_the_words_that_changed(figures):
    record = _records(figures)[0]
    caption = parse_fast(record.read_bytes()).data["caption"]
    assert len(caption) > 100
    record.write_text(record.read_text().replace("\ncaption: ", "\ncaption: (Corrected) ", 1))
    (entry,) = review(figures)
    (change,) = entry.changes
    assert change.describe().endswith("…")          # one line: cut at 80 characters
    lines = change.detail().splitlines()
    assert lines[:2] == ["caption:", "  words: +(Corrected)"]   # first: what changed
    assert lines[2] == f"  was: {' '.join(caption.split())}"
    assert lines[3].startswith("  now: (Corrected) ") and not lines[3].endswith("…")


def test_a_real_merge_conflict_is_listed_unparseable_with_its_lines(figures):
    record = _records(figures)[0]
    git(figures, "checkout", "-q", "-b", "other")
    edit_line(record, "year:", "year: '1990'")
    git(figures, "commit", "-q", "-am", "Year on a branch", env=AUTHOR)
    git(figures, "checkout", "-q", "main")
    edit_line(record, "year:", "year: '1991'")
    git(figures, "commit", "-q", "-am", "Year on main", env=AUTHOR)
    merge = subprocess.run(["git", "merge", "-q", "other"], cwd=figures, capture_output=True)
    assert merge.returncode != 0
    repo = vcs.Repo.discover(figures)
    assert repo.status(figures)[record].state == vcs.CONFLICTED
    with pytest.raises(RecordError) as err:
        parse_fast(record.read_bytes(), record)
    assert err.value.code == "parse.conflict"
    assert "git merge conflict" in err.value.message and "lines" in err.value.message
    (entry,) = review(figures)
    assert entry.state == vcs.CONFLICTED and "conflict" in entry.error


def test_history_of_a_record_newest_first_and_by_field(figures):
    record = _records(figures)[2]
    for year in ("2001", "2002"):
        edit_line(record, "year:", f"year: '{year}'")
        git(figures, "commit", "-q", "-am", f"Year {year}", env=AUTHOR)
    edit_line(record, "- Mus musculus", "- Rattus norvegicus")
    git(figures, "commit", "-q", "-am", "Rat, not human", env=AUTHOR)
    log = history(record)
    assert [e.commit.subject for e in log] == ["Rat, not human", "Year 2002", "Year 2001",
                                               "Import records"]
    assert log[0].commit.author == "Ada Curator"
    assert [c.field for c in log[0].changes] == ["organisms"]
    assert log[-1].changes and all(c.kind == "added" for c in log[-1].changes)
    assert [e.commit.subject for e in history(record, "year")] == [
        "Year 2002", "Year 2001", "Import records"]
    assert [e.commit.subject for e in history(record, "organisms")] == [
        "Rat, not human", "Import records"]


def test_stage_unstage_discard_and_commit_are_real_git(figures):
    repo = vcs.Repo.discover(figures)
    first, second, *_ = _records(figures)
    original = first.read_bytes()
    edit_line(first, "year:", "year: '1995'")
    edit_line(second, "year:", "year: '1994'")
    repo.stage([first])
    assert repo.status(figures)[first].state == vcs.STAGED
    repo.unstage([first])
    assert repo.status(figures)[first].state == vcs.MODIFIED
    kept = repo.discard(second)
    assert b"year: '1994'" in kept and second not in repo.status(figures)
    repo.stage([first])
    sha = repo.commit("Correct the year of one record")
    assert git(figures, "log", "-1", "--format=%H %an <%ae> %s") == (
        f"{sha} Ada Curator <ada@example.org> Correct the year of one record\n")
    shown = git(figures, "show", "--stat", "--format=", sha)
    assert first.name in shown and second.name not in shown
    assert repo.status(figures) == {}
    assert git(figures, "show", f"HEAD~1:_figures/{first.name}") == original.decode()


def test_discarding_a_new_record_removes_it_and_returns_its_bytes(figures):
    repo = vcs.Repo.discover(figures)
    new = figures / "PMC2__new.md"
    new.write_bytes(_records(figures)[0].read_bytes())
    assert repo.discard(new) == _records(figures)[0].read_bytes()
    assert not new.exists()
    # staged, then edited again: git rm --cached alone refuses ("staged content different")
    new.write_bytes(_records(figures)[0].read_bytes())
    git(figures, "add", new.name)
    edit_line(new, "year:", "year: '1987'")
    assert b"year: '1987'" in repo.discard(new)
    assert not new.exists() and repo.status(figures) == {}


def test_commit_without_an_author_is_a_clear_error(tmp_path, home):
    figures = make_collection(tmp_path / "anon", user=False)
    repo = vcs.Repo.discover(figures)
    edit_line(_records(figures)[0], "year:", "year: '1993'")
    repo.stage(_records(figures)[:1])
    with pytest.raises(vcs.GitError) as err:
        repo.commit("A change")
    assert "user.name" in str(err.value) and "user.email" in str(err.value)
    assert git(figures, "rev-list", "--count", "HEAD") == "1\n"


def test_an_empty_commit_message_and_nothing_staged_are_refused(figures):
    repo = vcs.Repo.discover(figures)
    with pytest.raises(vcs.GitError, match="nothing is staged"):
        repo.commit("Nothing")
    with pytest.raises(vcs.GitError, match="message"):
        repo.commit("   ")


def test_review_against_another_revision(figures):
    record = _records(figures)[0]
    edit_line(record, "year:", "year: '1992'")
    git(figures, "commit", "-q", "-am", "Year", env=AUTHOR)
    assert review(figures) == []
    (entry,) = review(figures, "HEAD~1")
    assert [c.field for c in entry.changes] == ["year"]
    with pytest.raises(vcs.GitError, match="not a commit"):
        review(figures, "no-such-branch")


def test_review_outside_a_repository_is_an_error(tmp_path, home):
    with pytest.raises(vcs.GitError, match="not in a git work tree"):
        review(tmp_path)


def test_git_errors_cross_process_boundaries():
    err = pickle.loads(pickle.dumps(vcs.GitError("boom")))
    assert isinstance(err, vcs.GitError) and err.message == "boom"
