"""Unsaved edits survive a crash through the journal, and come back field by field."""

from __future__ import annotations

from recordfiles import SEEDS

from curator.core.journal import Journal, apply_entry, entry_for
from curator.core.record import Record

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
