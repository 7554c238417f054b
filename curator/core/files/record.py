"""A record file open for editing: its original text and data beside the current data.

Edits change ``data`` only. Rendering compares ``data`` with the data read from disk and
rewrites just the values that differ (see ``render``), so a record edited and edited back
renders to its original bytes, and a save changes only the edited fields' lines.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

from curator.core.files import atomic, render, rtload, style
from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast, read_record_bytes
from curator.core.fields.values import ABSENT, FieldPath, changed_keys, get, put, remove, same


class Record:
    """One record file. ``original`` is what is on disk, ``data`` what the curator has."""

    def __init__(self, raw: bytes, path: Path | str | None = None, *,
                 fast: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        # The spans come from ruamel.yaml's round-trip composer, or (``fast``, for bulk
        # edits of thousands of files) from libyaml's: both give the same marks.
        self._parse = parse_fast if fast else rtload.parse_roundtrip
        self._load(raw)

    @classmethod
    def open(cls, path: Path | str, *, fast: bool = False) -> "Record":
        """Read a record file; RecordError (naming the file and line) if it cannot be."""
        return cls(read_record_bytes(path), path, fast=fast)

    def _load(self, raw: bytes) -> None:
        parsed = self._parse(raw, self.path)
        self.raw = raw
        self.digest = hashlib.sha256(raw).hexdigest()
        self._rt = parsed
        self.original = parsed.data
        self.data = copy.deepcopy(parsed.data)

    @property
    def _parsed(self):
        """The parse of ``raw``; after a save it is redone when next needed."""
        if self._rt is None:
            self._rt = self._parse(self.raw, self.path)
        return self._rt

    # -- reading ------------------------------------------------------------------------
    @property
    def lines(self) -> dict:
        """Field path -> 1-based line in the file as it is on disk."""
        return self._parsed.lines

    @property
    def front(self):
        return self._parsed.front

    def get(self, path: FieldPath, default=None):
        return get(self.data, path, default)

    # -- editing ------------------------------------------------------------------------
    def set(self, path: FieldPath, value) -> bool:
        """Set a field (creating missing parent mappings); return whether data changed."""
        if same(get(self.data, path, ABSENT), value):
            return False
        back = len(path) == 1 and path[0] not in self.data and path[0] in self.original
        put(self.data, path, value)
        if back:        # a removed field set again (an undo) goes back where it was
            rank = {key: i for i, key in enumerate(self.original)}
            for key in sorted(self.data, key=lambda k: rank.get(k, len(rank))):
                self.data[key] = self.data.pop(key)
        return True

    def delete(self, path: FieldPath) -> bool:
        """Remove a field or list item; return whether it was there."""
        try:
            remove(self.data, path)
        except KeyError:
            return False
        return True

    def revert(self) -> None:
        self.data = copy.deepcopy(self.original)

    def changed_fields(self) -> list:
        """Top-level fields the edits changed, added or removed."""
        return changed_keys(self.original, self.data)

    @property
    def modified(self) -> bool:
        return not same(self.original, self.data)

    # -- writing ------------------------------------------------------------------------
    def render(self) -> bytes:
        """The file's bytes with the current data: the original bytes where nothing changed."""
        if not self.modified:
            return self.raw
        front = self.front
        root = self._parsed.root
        yaml_text = render.render_yaml(front.yaml, root, self.original, self.data,
                                       style.detect_style(root, source=front.yaml),
                                       front.newline)
        new = front.encode(front.replace_yaml(yaml_text))
        check = parse_fast(new, self.path)
        if not same(check.data, self.data):
            raise RecordError(self.path, "refusing to write: the edited front matter would "
                              "not read back as the edited values", code="io.verify")
        return new

    def save(self, *, sync_folder: bool = True, overwrite: bool = False) -> bool:
        """Write the record atomically if it changed; return whether it was written.

        The file must still hold what was read: a file changed on disk since is not
        overwritten (RecordError with code ``io.conflict``) unless ``overwrite`` says the
        curator chose to replace it. The check holds Curator's write lock and is made
        again just before the new file takes the name (see ``atomic.write_atomic``, which
        also refuses read-only and hard-linked files and writes through symlinks).

        The same as ``save_request``, ``SaveRequest.write`` and ``saved`` in turn (the
        window's Save All writes the requests on a worker thread)."""
        request = self.save_request(overwrite=overwrite)
        if request is None:
            return False
        request.write(sync_folder=sync_folder)
        self.saved(request)
        return True

    def save_request(self, *, overwrite: bool = False) -> "SaveRequest | None":
        """What saving the record now would write (None: it is not modified); the bytes
        are rendered here, on the thread that edits the record."""
        if self.path is None:
            raise RecordError(None, "the record has no file to save to", code="io.write")
        if not self.modified:
            return None
        return SaveRequest(self.path, self.render(), self.digest,
                           copy.deepcopy(self.data), overwrite)

    def saved(self, request: "SaveRequest") -> bool:
        """Take a written request as the record's file: the bytes on disk and the data
        they hold (edits made since the request stay unsaved edits). False, and nothing
        changed, when the record was read again since the request was made."""
        if request.read_digest != self.digest:
            return False
        self.raw = request.new
        self.digest = hashlib.sha256(request.new).hexdigest()
        self._rt = None
        self.original = request.data
        return True

    def changed_on_disk(self) -> bytes | None:
        """The file's bytes when they differ from what was read (None: unchanged; b"" for
        a deleted file)."""
        if self.path is None:
            return None
        try:
            current = read_record_bytes(self.path)
        except RecordError:
            if not self.path.exists():
                return b""
            raise
        return None if hashlib.sha256(current).hexdigest() == self.digest else current

    def reload(self, raw: bytes | None = None) -> None:
        """Read the file again (or take ``raw``), dropping the edits."""
        if raw is None:
            raw = read_record_bytes(self.path)
        self._load(raw)




class SaveRequest:
    """One record's save, made by ``Record.save_request``: the bytes to write, and the
    digest of the file as read, which the file must still hold (unless ``overwrite``).
    ``write`` touches no record, so a worker thread may call it."""

    __slots__ = ("path", "new", "read_digest", "data", "overwrite")

    def __init__(self, path: Path, new: bytes, read_digest: str, data: dict,
                 overwrite: bool) -> None:
        self.path, self.new, self.read_digest = path, new, read_digest
        self.data, self.overwrite = data, overwrite

    def write(self, *, sync_folder: bool = True) -> None:
        """Write the new bytes atomically; RecordError when the file cannot be written or
        changed on disk (``io.conflict``) since it was read."""
        path, expected = self.path, self.read_digest

        def check(current: bytes | None) -> bool:      # under the write lock
            if self.overwrite:
                return True
            if current is None:
                raise RecordError(path, "the file was deleted since it was opened",
                                  code="io.conflict")
            if hashlib.sha256(current).hexdigest() != expected:
                raise RecordError(path, "the file changed on disk since it was opened",
                                  code="io.conflict")
            return True

        atomic.write_atomic(path, self.new, sync_folder=sync_folder, check=check)
