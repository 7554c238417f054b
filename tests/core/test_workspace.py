"""The Qt-free workspace (issue 17): open records, their problems, the modified set, save,
reload, revert, and edits applied forward (redo) and backward (undo), on real files. The
window's RecordSession and undo commands only wrap what is tested here."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from curator.core.edits.workspace import Workspace, write_saves
from curator.core.errors import RecordError
from curator.core.files.journal import JournalEntry
from curator.core.fields.values import ABSENT

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "pfocr_sample"
NAME = "PMC100008__mb2411709009"
OTHER = "PMC10017456__fpls-14-1084358-g002"


class Told:
    """What a workspace's listeners were told, in order."""

    def __init__(self, ws: Workspace) -> None:
        self.events: list[tuple] = []
        ws.edited.append(lambda path, names: self.events.append(("edited", path, names)))
        ws.modified.append(lambda path, on: self.events.append(("modified", path, on)))
        ws.saved.append(lambda path: self.events.append(("saved", path)))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in (NAME, OTHER):
        shutil.copy(SAMPLE / f"{name}.md", tmp_path / f"{name}.md")
    return tmp_path


@pytest.fixture
def path(folder: Path) -> str:
    return str(folder / f"{NAME}.md")


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(),
                                lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_opening_a_record_gives_its_data_and_problems_and_it_is_not_modified(path):
    ws = Workspace()
    rec = ws.record(path)
    assert rec.data["figid"] == NAME
    assert ws.is_open(path) and ws.open_paths() == [path]
    assert [p.code for p in ws.problems(path)] == ["organisms.old_style"]
    assert not ws.is_modified(path) and ws.modified_paths() == []


def test_a_file_that_cannot_be_read_raises_and_is_not_opened(folder):
    bad = folder / "bad.md"
    bad.write_bytes(b"---\ncaption: [unclosed\n---\n")
    ws = Workspace()
    with pytest.raises(RecordError):
        ws.record(str(bad))
    assert not ws.is_open(str(bad))
    assert ws.read(str(bad)).error is not None
    assert ws.problems(str(bad))[0].code == "parse.yaml"


def test_a_caption_edit_brings_its_derived_field_and_tells_the_listeners(path):
    ws = Workspace()
    told = Told(ws)
    edit = ws.edit(path, "caption", "A new caption.")
    data = ws.record(path).data
    assert data["caption"] == data["schema-jsonld"]["description"] == "A new caption."
    assert edit.fields == ["caption", "schema-jsonld.description"]
    assert told.events == [("edited", path, ["caption", "schema-jsonld.description"]),
                           ("modified", path, True)]
    assert ws.modified_paths() == [path]


def test_a_figid_edit_follows_the_chain_and_undo_puts_all_back(path):
    ws = Workspace()
    before = ws.record(path).data.copy()
    edit = ws.edit(path, "number", "F10")
    data = ws.record(path).data
    assert (data["figid_alias"], data["redirect_from"]) == ("PMC100008__F10",
                                                            "/figures/PMC100008__F10")
    ws.unapply(edit)
    assert ws.record(path).data == before
    assert not ws.is_modified(path)


def test_problems_follow_an_edit_and_its_undo(path):
    ws = Workspace()
    edit = ws.edit(path, "caption", "")
    assert "field.missing" in [p.code for p in ws.problems(path)]
    ws.unapply(edit)
    assert [p.code for p in ws.problems(path)] == ["organisms.old_style"]
    ws.edit(path, "organisms", ["Homo sapiens"])
    assert "organisms.old_style" not in [p.code for p in ws.problems(path)]


def test_undo_redo_sequences_leave_the_original_bytes(path):
    original = Path(path).read_bytes()
    ws = Workspace()
    edits = [ws.edit(path, "caption", "First."), ws.edit(path, "year", "2002"),
             ws.edit(path, "number", "F10"), ws.edit(path, "caption", "Second.")]
    for edit in reversed(edits):            # undo all
        ws.unapply(edit)
    assert ws.record(path).render() == original
    assert not ws.is_modified(path)
    assert ws.save(path) is False           # nothing to write
    for edit in edits[:2]:                  # redo two, undo one, redo the rest
        ws.apply(edit)
    ws.unapply(edits[1])
    for edit in edits[1:]:
        ws.apply(edit)
    assert ws.record(path).data["caption"] == "Second."
    assert ws.save(path) is True
    assert Path(path).read_bytes() != original
    for edit in reversed(edits):            # undo all after the save, save again
        ws.unapply(edit)
    assert ws.is_modified(path)
    assert ws.save(path) is True
    assert Path(path).read_bytes() == original


def test_keystrokes_merged_into_one_edit_undo_as_one(path):
    original = Path(path).read_bytes()
    ws = Workspace()
    first = ws.edit(path, "caption", "A")
    for text in ("AB", "ABC"):
        first.absorb(ws.edit(path, "caption", text))
    assert first.new[("caption",)] == "ABC"
    ws.unapply(first)
    assert ws.record(path).render() == original
    ws.apply(first)
    assert ws.record(path).data["schema-jsonld"]["description"] == "ABC"


def test_a_save_writes_only_the_edited_line(path):
    original = Path(path).read_bytes()
    ws = Workspace()
    told = Told(ws)
    ws.edit(path, "year", "2002")
    assert ws.save(path) is True
    assert _changed_lines(original, Path(path).read_bytes()) == ["-year: '2001'",
                                                                "+year: '2002'"]
    assert told.events[-2:] == [("modified", path, False), ("saved", path)]
    assert not ws.is_modified(path)


def test_a_derived_field_is_saved_with_its_source(path):
    original = Path(path).read_bytes()
    ws = Workspace()
    ws.edit(path, "number", "F10")
    ws.save(path)
    assert _changed_lines(original, Path(path).read_bytes()) == [
        "-number: F9", "+number: F10",
        "-figid_alias: PMC100008__F9", "-redirect_from: /figures/PMC100008__F9",
        "+figid_alias: PMC100008__F10", "+redirect_from: /figures/PMC100008__F10"]
    assert Workspace().record(path).data["redirect_from"] == "/figures/PMC100008__F10"


def test_revert_drops_the_edits_and_the_discard_edit_can_be_undone(path):
    original = Path(path).read_bytes()
    ws = Workspace()
    ws.edit(path, "caption", "Changed.")
    ws.edit(path, "year", "1999")
    discard = ws.discard_edit(path)
    assert sorted(p for p, in discard.new) == ["caption", "schema-jsonld", "year"]
    ws.apply(discard)
    assert not ws.is_modified(path) and ws.record(path).render() == original
    ws.unapply(discard)
    assert ws.record(path).data["year"] == "1999" and ws.is_modified(path)
    told = Told(ws)
    assert sorted(ws.revert(path)) == ["caption", "schema-jsonld", "year"]
    assert ws.record(path).render() == original
    assert told.events[-1] == ("modified", path, False)
    assert ws.revert(path) == []
    assert Path(path).read_bytes() == original


def test_reload_after_an_outside_change_reads_the_file_and_drops_the_edits(path):
    ws = Workspace()
    ws.edit(path, "caption", "Mine.")
    text = Path(path).read_text(encoding="utf-8")
    Path(path).write_text(text.replace("year: '2001'", "year: '2003'"), encoding="utf-8")
    with pytest.raises(RecordError) as err:
        ws.save(path)                       # not overwritten behind the curator's back
    assert err.value.code == "io.conflict" and ws.is_modified(path)
    told = Told(ws)
    names = ws.reload(path)
    assert sorted(names) == ["caption", "schema-jsonld", "year"]
    assert ws.record(path).data["year"] == "2003"
    assert not ws.is_modified(path)
    assert told.events == [("edited", path, names), ("modified", path, False)]
    ws.edit(path, "year", "2004")           # the edit is planned from the new file
    assert ws.save(path) is True


def test_save_all_writes_every_modified_record_and_reports_the_ones_it_cannot(folder, path):
    other = str(folder / f"{OTHER}.md")
    ws = Workspace()
    ws.edit(path, "year", "2002")
    ws.edit(other, "year", "2004")
    Path(other).write_bytes(Path(other).read_bytes() + b"\n")    # changed on disk
    failed = ws.save_all()
    assert [(p, err.code) for p, err in failed] == [(other, "io.conflict")]
    assert ws.modified_paths() == [other]
    assert Workspace().record(path).data["year"] == "2002"


def test_a_save_request_written_elsewhere_keeps_the_edits_made_since(folder, path):
    """Save All renders requests, a worker writes them, then the workspace takes each
    written one: an edit made in between stays an unsaved edit, and the next save writes
    it over the file just written (no conflict with our own write)."""
    ws = Workspace()
    told = Told(ws)
    ws.edit(path, "year", "2002")
    requests, failed = ws.save_requests()
    assert failed == [] and [str(r.path) for r in requests] == [path]
    ws.edit(path, "year", "2003")                   # while the request is being written
    written, not_written = write_saves(requests)
    assert written == requests and not_written == []
    assert Workspace().record(path).data["year"] == "2002"
    told.events.clear()
    assert ws.saved_as(requests[0]) is True
    assert told.events == [("saved", path)]         # still modified: 2003 is unsaved
    assert ws.is_modified(path) and ws.record(path).changed_fields() == ["year"]
    assert ws.save(path) is True
    assert Workspace().record(path).data["year"] == "2003" and not ws.is_modified(path)


def test_a_request_is_not_taken_by_a_record_read_again_since(folder, path):
    ws = Workspace()
    ws.edit(path, "year", "2002")
    [request], _ = ws.save_requests()
    Path(path).write_bytes(Path(path).read_bytes().replace(b"year:", b"year:", 1) + b"\n")
    ws.reload(path)                                 # the curator took the disk's version
    write_saves([request], cancelled=lambda: False)
    assert ws.saved_as(request) is False
    assert not ws.is_modified(path)


def test_write_saves_stops_before_the_next_file_when_cancelled(folder, path):
    other = str(folder / f"{OTHER}.md")
    ws = Workspace()
    ws.edit(path, "year", "2002")
    ws.edit(other, "year", "2004")
    requests, _ = ws.save_requests()
    seen = []
    written, failed = write_saves(requests, lambda done, total: seen.append((done, total)),
                                  lambda: bool(seen))
    assert [str(r.path) for r in written] == sorted([path, other])[:1] and failed == []
    assert seen == [(1, 2)]
    for request in written:
        ws.saved_as(request)
    assert ws.modified_paths() == sorted([path, other])[1:]


def test_journaled_edits_are_restored_and_taken_out_again_as_edits(folder, path):
    """Crash recovery's step, without Qt: the workspace turns journal entries into one
    edit per readable record; applying restores the values (a removed field goes),
    unapplying puts the file's values back, and an entry for a gone file is skipped."""
    before = Workspace().record(path).data
    entries = [JournalEntry(path, "x", {"year": "1999"}, ["pathway_score"]),
               JournalEntry(str(folder / "gone.md"), "x", {"year": "1"}, [])]
    ws = Workspace()
    [edit] = ws.restore_edits(entries)
    assert edit.record == path and not ws.is_modified(path)    # nothing applied yet
    ws.apply(edit)
    data = ws.record(path).data
    assert data["year"] == "1999" and "pathway_score" not in data
    assert ws.is_modified(path)
    ws.unapply(edit)
    assert ws.record(path).data == before and not ws.is_modified(path)


def test_a_removed_field_set_again_goes_back_where_it_was(folder, path):
    """Undo of a removal (a bulk clear, a restored journal, a merge) sets the field again:
    it takes its old place among the fields, so the record is not modified and renders
    to its file's bytes (it went to the end before, and a save moved its line)."""
    ws = Workspace()
    raw = ws.record(path).raw
    ws.set_values(path, {("pathway_score",): ABSENT, ("extra",): "new"})
    edit = ws.edit(path, "year", "1999")
    ws.set_values(path, {("pathway_score",): 0.96405})
    keys = list(ws.record(path).data)
    assert keys.index("pathway_score") == keys.index("year") - 3 and keys[-1] == "extra"
    ws.unapply(edit)
    ws.set_values(path, {("extra",): ABSENT})
    assert not ws.is_modified(path) and ws.record(path).render() == raw


def test_release_forgets_only_a_record_without_edits(folder, path):
    other = str(folder / f"{OTHER}.md")
    ws = Workspace()
    ws.edit(path, "year", "2002")
    ws.record(other)
    ws.release(path)
    ws.release(other)
    assert ws.open_paths() == [path]
    ws.set_values(path, {("year",): ABSENT})
    assert "year" not in ws.record(path).data


def test_the_workspace_imports_no_qt():
    code = ("import sys, curator.core.edits.workspace;"
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
