"""The one edit function (issue 17): a field edit as data, with the fields derived from it,
its undo values and how keystrokes merge; bulk operations on open records. No Qt here: the
window's undo commands only apply and revert these."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from curator.core.edits import operations as ops
from curator.core.edits.edits import apply_values, edit_field, follow_sources
from curator.core.edits.open_records import edit_open_record, plan_open_record
from curator.core.files.record import Record
from curator.core.fields.schema import default_schema
from curator.core.fields.values import ABSENT

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "pfocr_sample"
NAME = "PMC100008__mb2411709009"


@pytest.fixture
def record() -> Record:
    return Record((SAMPLE / f"{NAME}.md").read_bytes(), f"{NAME}.md")


def test_a_caption_edit_brings_the_description_along_and_undo_restores_both(record):
    data = record.data
    edit = edit_field("r.md", data, "caption", "A new caption.", default_schema())
    assert edit.new == {("caption",): "A new caption.",
                        ("schema-jsonld", "description"): "A new caption."}
    assert edit.old[("caption",)] == data["caption"]
    assert data["caption"] != "A new caption."          # the data given is left alone
    after = copy.deepcopy(data)
    apply_values(after, edit.new)
    apply_values(after, edit.undo_values)
    assert after == data


def test_a_figid_edit_follows_the_chain_of_derived_fields_in_order(record):
    data = copy.deepcopy(record.data)
    data["pmcid"], data["number"] = "PMC1", "F2"
    edit = edit_field("r.md", data, "number", "F3", default_schema())
    assert list(edit.new) == [("number",), ("figid_alias",), ("redirect_from",)]
    assert edit.new[("figid_alias",)] == "PMC1__F3"
    assert edit.new[("redirect_from",)] == "/figures/PMC1__F3"


def test_a_derived_field_the_record_lacks_is_not_created_by_an_edit(record):
    data = copy.deepcopy(record.data)
    del data["schema-jsonld"]["description"]
    edit = edit_field("r.md", data, "caption", "New.", default_schema())
    assert edit.new == {("caption",): "New."}


def test_a_derived_field_holding_a_missing_marker_follows_its_source(record):
    data = copy.deepcopy(record.data)
    data["schema-jsonld"]["description"] = "NA"
    edit = edit_field("r.md", data, "caption", "New.", default_schema())
    assert edit.new[("schema-jsonld", "description")] == "New."


def test_keystrokes_merge_and_typing_back_to_the_start_is_a_noop(record):
    schema, data = default_schema(), copy.deepcopy(record.data)
    first = edit_field("r.md", data, "figtitle", "A", schema)
    apply_values(data, first.new)
    second = edit_field("r.md", data, "figtitle", record.data["figtitle"], schema)
    first.absorb(second)
    assert first.new[("figtitle",)] == record.data["figtitle"]
    assert first.old[("figtitle",)] == record.data["figtitle"]
    assert first.is_noop
    assert first.fields == ["figtitle"]


def test_adding_a_field_undoes_to_absent(record):
    edit = edit_field("r.md", record.data, "notes", "x", default_schema())
    assert edit.old == {("notes",): ABSENT}
    data = copy.deepcopy(record.data)
    apply_values(data, edit.new)
    apply_values(data, edit.undo_values)
    assert "notes" not in data


def test_the_bulk_set_operation_follows_derived_fields_like_a_form_edit(record):
    """Before, ``curator fix --set caption=...`` left schema-jsonld.description stale (a
    derived.description error in every record it touched)."""
    data = copy.deepcopy(record.data)
    assert ops.SetField(("caption",), "Bulk.").apply(data)
    assert data["schema-jsonld"]["description"] == "Bulk."
    form = edit_field("r.md", record.data, "caption", "Bulk.", default_schema())
    applied = copy.deepcopy(record.data)
    apply_values(applied, form.new)
    assert applied == data


def test_follow_sources_names_what_changed(record):
    data = copy.deepcopy(record.data)
    data["caption"] = "Changed."
    assert follow_sources(data, "caption", default_schema()) == ["schema-jsonld.description"]
    assert follow_sources(data, "caption", default_schema()) == []


def test_an_open_records_bulk_edit_lists_only_the_top_level_fields_it_changes(record):
    edit = edit_open_record("r.md", record.data, [ops.SetField(("year",), "1999")])
    assert edit.new == {("year",): "1999"} and edit.old == {("year",): "2001"}
    assert edit_open_record("r.md", record.data, [ops.SetField(("year",), "2001")]) is None


def test_an_operation_failing_on_an_open_record_names_the_file(record):
    from curator.core.errors import RecordError
    with pytest.raises(RecordError) as info:
        edit_open_record("r.md", record.data, [ops.SetField(("figtitle", "x"), "1")])
    assert "r.md" in str(info.value) and info.value.code == "edit.failed"


def test_the_plan_of_an_open_record_diffs_the_file_against_its_edits_and_the_operation(
        record):
    record.set(("figtitle",), "Edited title")
    plan = plan_open_record(record, [ops.SetField(("year",), "1999")])
    [change] = plan.changes
    assert change.old == record.raw
    written = Record(change.new)
    assert written.data["figtitle"] == "Edited title" and written.data["year"] == "1999"


def test_absent_stays_itself_when_copied_or_sent_to_a_worker():
    """It was ``object()``: ``deepcopy`` made a new one, so an undo entry holding it (a
    field added, to be removed again) set the field to a stray object instead."""
    import pickle
    assert copy.deepcopy({"a": [ABSENT]})["a"][0] is ABSENT
    assert pickle.loads(pickle.dumps(ABSENT)) is ABSENT
    assert copy.copy(ABSENT) is ABSENT and repr(ABSENT) == "ABSENT"
