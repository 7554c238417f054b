"""Unsaved edits survive a crash through the journal, and come back field by field."""

from __future__ import annotations

import pytest
from recordfiles import SEEDS

from curator.core.errors import RecordError
from curator.core.files.journal import Journal, apply_entry, entry_for
from curator.core.files.record import Record

SEED = "PMC3092522__nihms289124f2.md"


def test_journal_round_trip_restores_the_edits(tmp_path, records_copy):
    record = Record.open(records_copy / SEED)
    record.set(("figtitle",), "Trastuzumab resistance")
    record.set(("schema-jsonld", "description"), "Edited")
    record.delete(("seo",))
    journal = Journal(records_copy, tmp_path / "journal")
    journal.write([entry_for(record)])
    (entry,) = Journal(records_copy, tmp_path / "journal").read()
    assert entry.path == str(records_copy / SEED) and entry.digest == record.digest
    assert set(entry.fields) == {"figtitle", "schema-jsonld"} and entry.removed == ["seo"]
    fresh = Record.open(records_copy / SEED)
    apply_entry(entry, fresh.data)
    assert fresh.render() == record.render()
    journal.clear()
    assert journal.read() == []


def test_an_unmodified_record_has_no_entry_and_an_empty_journal_is_removed(tmp_path):
    record = Record.open(SEEDS / SEED)
    assert entry_for(record) is None
    journal = Journal(SEEDS, tmp_path / "journal")
    journal.write([])
    assert not journal.path.exists()


def test_a_journal_of_another_folder_is_ignored(tmp_path, records_copy):
    record = Record.open(records_copy / SEED)
    record.set(("year",), "2011")
    Journal(records_copy, tmp_path).write([entry_for(record)])
    other = Journal(tmp_path, tmp_path)
    other.path.write_bytes(Journal(records_copy, tmp_path).path.read_bytes())
    assert other.read() == []


DAMAGED = {
    "records is a number": "folder: {folder}\nrecords: 5\n",
    "garbage": "\x00\x01 not: [yaml\n",
    "not utf-8": b"\xff\xfe folder",
    "a list": "- 1\n- 2\n",
    "empty": "",
    "a record of wrong types": "folder: {folder}\nrecords:\n- path: 3\n  digest: [x]\n",
    "fields not a mapping": "folder: {folder}\nrecords:\n- {{path: a, digest: b, fields: 7}}\n",
}


@pytest.mark.parametrize("what", DAMAGED)
def test_a_damaged_journal_is_reported_and_set_aside_unchanged(tmp_path, records_copy, what):
    journal = Journal(records_copy, tmp_path / "journal")
    text = DAMAGED[what]
    raw = text if isinstance(text, bytes) else \
        text.format(folder=journal.folder).encode("utf-8")
    journal.path.parent.mkdir(parents=True)
    journal.path.write_bytes(raw)
    with pytest.raises(RecordError) as caught:
        journal.read()
    assert caught.value.code == "journal.damaged" and caught.value.path == journal.path
    kept = journal.set_aside()
    assert kept.read_bytes() == raw and kept.parent == journal.path.parent
    assert not journal.path.exists() and journal.read() == []
    record = Record.open(records_copy / SEED)     # a fresh journal works
    record.set(("year",), "2011")
    journal.write([entry_for(record)])
    assert [e.fields for e in journal.read()] == [{"year": "2011"}]
    assert journal.set_aside() != kept            # a second one does not replace the first
