"""One record file's row in the folder index: the row type (``IndexRow``), its cache
key (``file_key``), the search text (``search_key``), how a row is made from a record's
data and problems (``row_for``) or from a file (``index_file``), and the sharing of equal
problems across rows (``SharedValues``). The scan that makes many rows is ``index``."""

from __future__ import annotations

import os
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from curator.core.errors import RecordError
from curator.core.collection.facets import facet_values
from curator.core.files.fastload import read_fast
from curator.core.checks.problems import SEVERITIES, Problem, from_record_error
from curator.core.fields.profile import Profile, default_profile
from curator.core.checks.validate import validate

KEY_PIECE = 1 << 20     # characters lower-cased at a time by search_key
_MISSING_CODES = ("field.missing", "field.missing_optional")

class IndexRow(NamedTuple):
    """What the record list needs of one record file."""

    path: str
    size: int
    mtime_ns: int
    ident: str             # the profile's id field (or the file's name)
    title: str             # the profile's title field
    fields: tuple          # the profile's list columns (profile.columns), as text
    search: bytes          # the profile's search fields: see search_key
    problems: tuple        # Problem objects
    worst: str | None      # "error", "warning", "info" or None
    errors: int
    warnings: int
    missing: bool          # a field is missing (required or optional)
    parsed: bool           # False: the file cannot be parsed (its problem says why)
    inode: int = -1        # with size, mtime_ns and ctime_ns: the file's cache key
    ctime_ns: int = -1
    facets: dict = {}      # facet field -> its items (facets.facet_values); never changed
    #                        (rows read from the cache share equal ones)

    @property
    def field1(self) -> str:
        return self.fields[0] if self.fields else ""

    @property
    def field2(self) -> str:
        return self.fields[1] if len(self.fields) > 1 else ""

    def problem_list(self) -> list[Problem]:
        return list(self.problems)

    @property
    def key(self) -> tuple[int, int, int, int]:
        """What the file's stat must still say for this row to stand (``file_key``)."""
        return (self.size, self.mtime_ns, self.inode, self.ctime_ns)

    def with_key(self, key: tuple[int, int, int, int]) -> "IndexRow":
        size, mtime_ns, inode, ctime_ns = key
        return self._replace(size=size, mtime_ns=mtime_ns, inode=inode, ctime_ns=ctime_ns)


NO_KEY = (-1, -1, -1, -1)     # a file that cannot be stat'ed
# row_key(row) is row.key, in C (a warm scan asks it of every row); row_path(row) is row.path
row_key = itemgetter(*map(IndexRow._fields.index, ("size", "mtime_ns", "inode", "ctime_ns")))
row_path = itemgetter(IndexRow._fields.index("path"))


def file_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """A file's cache key from its stat: size, mtime, inode and ctime (ns)."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def stat_key(path: str) -> tuple[int, int, int, int]:
    """The cache key of the file at ``path`` now (``NO_KEY`` when it cannot be stat'ed)."""
    try:
        return file_key(os.stat(path))
    except OSError:
        return NO_KEY


def search_key(text: str) -> bytes:
    """Text as the list's search compares it: lower-cased, UTF-8. A substring of the
    lower-cased text is a substring of these bytes and back; and bytes take half the
    memory of a str for the many captions with one Greek letter (70,000 rows).

    A text longer than ``KEY_PIECE`` is lower-cased a piece at a time, each piece ending
    after a space: one ``lower()`` of a 50 MB caption holds the interpreter lock for a
    third of a second, which a window reading it in a worker thread feels as a freeze.
    Cut after white space, the pieces lower-case as the whole does (a final sigma looks
    no further than the nearest space)."""
    if len(text) <= KEY_PIECE:
        return text.lower().encode("utf-8", "surrogatepass")
    pieces, start = [], 0
    while start < len(text):
        end = text.find(" ", start + KEY_PIECE) + 1 or len(text)
        pieces.append(text[start:end].lower().encode("utf-8", "surrogatepass"))
        start = end
    return b"".join(pieces)


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def row_for(path: str, size: int, mtime_ns: int, data: dict | None,
            problems: list[Problem], inode: int = -1, ctime_ns: int = -1,
            profile: Profile | None = None) -> IndexRow:
    """The row of a record from its data (None: unparseable) and problems, with the
    columns ``profile`` names (the default profile's when None)."""
    profile = profile or default_profile()
    parsed = data is not None
    data = data or {}

    def text(name: str | None) -> str:
        return _text(data.get(name)) if name else ""

    ident = text(profile.id_field)
    fields = tuple(text(c.field) for c in profile.columns)
    search = search_key("\n".join(text(f) for f in profile.search))
    return IndexRow(path, size, mtime_ns, ident or Path(path).stem, text(profile.title_field),
                    fields, search, tuple(problems),
                    *problem_summary(problems), parsed, inode, ctime_ns,
                    facet_values(data, profile.schema) if parsed else {})


def problem_summary(problems) -> tuple[str | None, int, int, bool]:
    """What a row holds beside its problems: worst severity, errors, warnings, missing."""
    severities = [p.severity for p in problems]
    worst = next((s for s in SEVERITIES if s in severities), None)
    return (worst, severities.count("error"), severities.count("warning"),
            any(p.code in _MISSING_CODES for p in problems))


class SharedValues:
    """Makes equal problems (and equal lists of them) one object across rows: records
    of one collection share most of their problems, so 70,000 rows hold a few thousand
    Problem objects instead of 160,000. Equal facet values (and tuples of them) and
    equal column texts (a year, a list of organisms), and rows' equal tuples of them,
    are shared the same way (as the cache's reader shares them: a scan's own rows each
    held their tuple of columns, 3.7 MB more at 70,000 rows than the rows read back)."""

    def __init__(self) -> None:
        self._memo: dict = {}

    def rows(self, rows: list[IndexRow]) -> list[IndexRow]:
        memo = self._memo
        out = []
        for row in rows:
            problems = row.problems
            if problems:
                shared = memo.get(problems)
                if shared is None:
                    shared = tuple([memo.setdefault(p, p) for p in problems])
                    memo[shared] = shared
                if shared is not problems:
                    row = row._replace(problems=shared)
            fields = tuple([memo.setdefault(f, f) for f in row.fields])
            fields = memo.setdefault(fields, fields)
            if fields is not row.fields:
                row = row._replace(fields=fields)
            if row.facets:
                facets = row.facets
                for name, items in facets.items():
                    same = memo.get(items)
                    if same is None:
                        same = tuple([memo.setdefault(v, v) for v in items])
                        memo[same] = same
                    facets[name] = same
            out.append(row)
        return out


_PARTS = ("path", "ident", "title", "fields", "search", "problems", "facets")


def share_parts(row: IndexRow, other: IndexRow | None) -> IndexRow:
    """``row`` holding ``other``'s objects for the parts equal in both (the texts, the
    problems, the facet values, which no one changes): a bulk plan's row of a record's
    new bytes is mostly the listed row's, and its own copies (the search text above
    all, 1.1 KB a PFOCR row) were 8 MB of a plan of 5,000 records."""
    if other is None:
        return row
    same = {name: theirs for name, mine, theirs in
            zip(_PARTS, map(row.__getattribute__, _PARTS), map(other.__getattribute__, _PARTS))
            if mine is not theirs and mine == theirs}
    return row._replace(**same) if same else row


def index_file(path: str, size: int = -1, mtime_ns: int = -1, inode: int = -1,
               ctime_ns: int = -1, profile: Profile | None = None) -> IndexRow:
    """Parse and validate one record file into its row (a parse failure is a row too);
    the key (``file_key``) is the stat it was listed with; ``profile`` gives the schema
    and the columns (the default profile's when None)."""
    profile = profile or default_profile()
    try:
        parsed = read_fast(Path(path))
    except RecordError as err:
        return row_for(path, size, mtime_ns, None, [from_record_error(err)], inode,
                       ctime_ns, profile)
    problems = validate(parsed.data, name=Path(path).stem, lines=parsed.lines,
                        schema=profile.schema)
    return row_for(path, size, mtime_ns, parsed.data, problems, inode, ctime_ns, profile)
