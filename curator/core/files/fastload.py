"""Fast read-only parsing of a record's front matter with PyYAML's C loader.

Used wherever many records are read and none is edited: the folder index, ``curator
validate``. Values are resolved the same way as the round-trip loader (YAML 1.1 as
PyYAML does it), so both give the validator the same data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

from curator.core.files import frontmatter, yamlnodes
from curator.core.errors import RecordError
from curator.core.files.fileio import open_regular, read_all

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: correct, only slower
    _Base = yaml.SafeLoader

MEMO_LIMIT = 1 << 16    # distinct short plain scalars whose tags a process remembers
MEMO_LENGTH = 64        # longer ones (captions, titles) are rarely seen twice


class _Loader(_Base):
    """The safe loader with the implicit tag of each short plain scalar remembered.

    libyaml's composer calls the Python resolver for every node: its regular expressions
    for each scalar, and two calls that track paths (``yaml_path_resolvers``, which no
    loader of ours has). A record holds about 200 scalars, most of them gene symbols and
    identifiers seen in record after record; with their tags remembered, composing a front
    matter takes about a fifth less time (the largest part of indexing a file). The tag of
    a plain scalar depends on its text alone when there are no path resolvers, so the
    remembered tag is the one the resolver would give."""

    _memo: dict = {}

    def resolve(self, kind, value, implicit, _base=_Base.resolve, _memo=_memo):
        if kind is ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = _memo.get(value)
            if tag is None:
                tag = _base(self, kind, value, implicit)
                if len(value) <= MEMO_LENGTH:
                    if len(_memo) >= MEMO_LIMIT:
                        _memo.clear()
                    _memo[value] = tag
            return tag
        return _base(self, kind, value, implicit)

    def descend_resolver(self, current_node, current_index):
        if self.yaml_path_resolvers:
            _Base.descend_resolver(self, current_node, current_index)

    def ascend_resolver(self):
        if self.yaml_path_resolvers:
            _Base.ascend_resolver(self)


@dataclass
class Parsed:
    """A record's front matter as plain data, with the 1-based line of each field path,
    and the composed node tree whose marks give each value's span in the text (None for
    an empty front matter)."""

    front: frontmatter.FrontMatter
    data: dict
    lines: Mapping   # yamlnodes.LineMap
    root: object = None


def parse_fast(raw: bytes, path: Path | str | None = None) -> Parsed:
    """Parse a record file's bytes; raise RecordError naming the file and line."""
    front = frontmatter.split(raw, path)
    text = front.yaml
    first = yamlnodes.first_line_of(text, front.first_line)
    yamlnodes.precheck(text, path, first)
    loader = _Loader(text)
    try:
        with yamlnodes.errors_named(path, first, text, yaml.YAMLError):
            node = loader.get_single_node()
            data = yamlnodes.build(node, path, first, aliases="*" in text)
    finally:
        loader.dispose()
    data = yamlnodes.as_fields(data, path, first)
    if node is not None and node.id != "mapping":
        node = None
    return Parsed(front, data, yamlnodes.LineMap(node, first), node)


MAX_BYTES = 64 * 1024 * 1024   # no record comes near; a larger file is not read


def read_record_bytes(path: Path | str) -> bytes:
    """A record file's bytes; RecordError for what is not a regular file of sane size
    (a FIFO or device would block or never end: it is checked once open, without
    blocking, so one swapped in after a listing cannot hang) or cannot be read."""
    try:
        fd, st = open_regular(path)
        try:
            if st.st_size > MAX_BYTES:
                raise RecordError(path, f"file too large for a record ({st.st_size:,} "
                                  "bytes)", code="io.read")
            return read_all(fd, MAX_BYTES)
        finally:
            os.close(fd)
    except OSError as exc:
        raise RecordError(path, f"cannot read: {exc.strerror or exc}", code="io.read") from None


def read_fast(path: Path) -> Parsed:
    """Read and parse one record file; RecordError on I/O or parse errors."""
    return parse_fast(read_record_bytes(path), path)
