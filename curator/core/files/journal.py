"""The crash-recovery journal: unsaved edits, kept outside the collection until saved.

The window writes the journal a few seconds after each edit: for every modified record,
the top-level fields whose values differ from the file (and the fields removed), with the
digest of the file they were made against. After a crash the next start reads it and
offers to restore the edits; a clean exit or a save of everything removes it. A journal
that is not one Curator wrote is set aside (renamed, kept) and a fresh one started.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
import yaml

from curator.core.files.atomic import write_atomic
from curator.core.errors import RecordError


@dataclass
class JournalEntry:
    path: str                    # the record file
    digest: str                  # sha256 of the file the edits were made against
    fields: dict = field(default_factory=dict)     # top-level field -> value
    removed: list = field(default_factory=list)    # top-level fields removed


def journal_dir() -> Path:
    """$CURATOR_DATA_DIR, or the user's data directory."""
    override = os.environ.get("CURATOR_DATA_DIR")
    base = Path(override) if override else Path(platformdirs.user_data_dir("curator"))
    return base / "journal"


def entry_for(record) -> JournalEntry | None:
    """The journal entry of a modified record (None when it is not modified)."""
    if not record.modified or record.path is None:
        return None
    keys = record.changed_fields()
    changed = {k: record.data[k] for k in keys if k in record.data}
    removed = [k for k in keys if k not in record.data]
    return JournalEntry(str(record.path), record.digest, changed, removed)


def apply_entry(entry: JournalEntry, data: dict) -> None:
    """Put a journal entry's edits into a record's data."""
    for key in entry.removed:
        data.pop(key, None)
    for key, value in entry.fields.items():
        data[key] = value


class Journal:
    """The journal of one collection folder."""

    def __init__(self, folder: Path | str, directory: Path | None = None) -> None:
        self.folder = str(Path(folder).resolve())
        key = hashlib.sha256(self.folder.encode()).hexdigest()[:24]
        self.path = (directory or journal_dir()) / f"{key}.yaml"

    def write(self, entries: list[JournalEntry]) -> None:
        """Replace the journal with ``entries`` (none: remove it)."""
        if not entries:
            self.clear()
            return
        doc = {"folder": self.folder,
               "records": [{"path": e.path, "digest": e.digest, "fields": e.fields,
                            "removed": e.removed} for e in entries]}
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, text.encode("utf-8"))

    def read(self) -> list[JournalEntry]:
        """The journaled edits ([] when there are none, or the journal is another
        folder's). RecordError ``journal.damaged`` when it is not a journal Curator wrote
        (garbage, ``records: 5``, wrong types): ``set_aside`` it and start afresh;
        ``io.read`` when it cannot be read at all."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise RecordError(self.path, f"cannot read the recovery journal: "
                              f"{exc.strerror or exc}", code="io.read") from None
        try:
            doc = yaml.safe_load(raw.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise self._damaged(f"not YAML: {str(exc).splitlines()[0]}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("folder"), str):
            raise self._damaged("not a mapping with the folder it belongs to")
        if doc["folder"] != self.folder:
            return []
        records = doc.get("records")
        if not isinstance(records, list):
            raise self._damaged(f"'records' is {type(records).__name__}, not a list")
        return [self._entry(n, raw_entry) for n, raw_entry in enumerate(records, 1)]

    def _entry(self, n: int, raw) -> JournalEntry:
        if not isinstance(raw, dict):
            raise self._damaged(f"record {n} is not a mapping")
        path, digest = raw.get("path"), raw.get("digest")
        fields, removed = raw.get("fields") or {}, raw.get("removed") or []
        if not (isinstance(path, str) and isinstance(digest, str)
                and isinstance(fields, dict) and isinstance(removed, list)
                and all(isinstance(k, str) for k in [*fields, *removed])):
            raise self._damaged(f"record {n} lacks a path, digest, fields or removed "
                                "list of the right types")
        return JournalEntry(path, digest, dict(fields), list(removed))

    def _damaged(self, why: str) -> RecordError:
        return RecordError(self.path, f"the recovery journal is damaged ({why})",
                           code="journal.damaged")

    def set_aside(self) -> Path:
        """Rename a damaged journal out of the way (kept, never deleted) so a fresh one
        can be started; return its new path."""
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        for n in range(1000):
            target = self.path.with_name(f"{self.path.stem}.damaged-{stamp}"
                                         f"{f'-{n}' if n else ''}{self.path.suffix}")
            if not target.exists():
                break
        try:
            os.replace(self.path, target)
        except OSError as exc:
            raise RecordError(self.path, f"cannot set the damaged recovery journal aside: "
                              f"{exc.strerror or exc}", code="io.write") from None
        return target

    def clear(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise RecordError(self.path, f"cannot remove the recovery journal: "
                              f"{exc.strerror or exc}", code="io.write") from None
