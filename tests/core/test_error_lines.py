"""A front matter that cannot be read is reported at the line that holds the fault
(issue 14, item 15): a value its tag cannot convert (``2001-02-30``, ``!!int abc``) and a
control character, by every reader (the editor, the bulk editor, the index), whatever the
file's line endings."""

from __future__ import annotations

import pytest
from recordfiles import RECORDS

from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.collection.index import index_file
from curator.core.files.record import Record
from curator.core.files.rtload import parse_roundtrip

GOOD = (RECORDS / "PMC100008__mb2411709009.md").read_bytes()
LINE = 27


def _with_line_27(text: bytes, *, replace_year: bool = False, append: bytes = b"") -> bytes:
    """The real record with ``text`` as its line 27 (and its own ``year`` line dropped
    when ``replace_year``), or with ``append`` at the end of its line 27."""
    lines = GOOD.split(b"\n")
    if replace_year:
        lines = [line for line in lines if not line.startswith(b"year:")]
        lines.insert(LINE - 1, text)
    else:
        lines[LINE - 1] += append
    assert lines[0] == b"---" and len(lines) > LINE + 5
    return b"\n".join(lines)


FAULTS = {
    "invalid date": _with_line_27(b"year: 2001-02-30", replace_year=True),
    "!!int abc": _with_line_27(b"year: !!int abc", replace_year=True),
    "!!float abc": _with_line_27(b"year: !!float abc", replace_year=True),
    "!!bool maybe": _with_line_27(b"year: !!bool maybe", replace_year=True),
    "!!timestamp abc": _with_line_27(b"year: !!timestamp abc", replace_year=True),
    "control character ending the line": _with_line_27(b"", append=b"\x06"),
    "DEL ending the line": _with_line_27(b"", append=b"\x7f"),
    "control character inside the line": _with_line_27(b"", append=b" x\x1bx"),
}
ENDINGS = {"LF": lambda raw: raw, "CRLF": lambda raw: raw.replace(b"\n", b"\r\n"),
           "CR": lambda raw: raw.replace(b"\n", b"\r")}


def _readers(path):
    return {
        "editor": lambda raw: Record(raw, path),
        "bulk editor": lambda raw: Record(raw, path, fast=True),
        "parse_fast": lambda raw: parse_fast(raw, path),
        "parse_roundtrip": lambda raw: parse_roundtrip(raw, path),
    }


@pytest.mark.parametrize("ending", sorted(ENDINGS))
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_is_reported_at_its_line(fault, ending, tmp_path):
    raw = ENDINGS[ending](FAULTS[fault])
    path = tmp_path / "PMC100008__mb2411709009.md"
    path.write_bytes(raw)
    for name, read in _readers(path).items():
        with pytest.raises(RecordError) as info:
            read(raw)
        err = info.value
        assert (err.line, err.code) == (LINE, "parse.yaml"), f"{name}: {err}"
        assert str(err).startswith(f"{path}:{LINE}: ")
    row = index_file(str(path))
    assert not row.parsed
    assert (row.problems[0].code, row.problems[0].line) == ("parse.yaml", LINE)
    assert path.read_bytes() == raw


def test_unconvertible_value_names_the_value():
    with pytest.raises(RecordError) as info:
        parse_fast(FAULTS["invalid date"])
    assert "'2001-02-30' is not a valid date" in info.value.message
    with pytest.raises(RecordError) as info:
        Record(FAULTS["!!int abc"])
    assert "'abc' is not a valid int" in info.value.message


def test_a_bad_key_is_reported_at_its_line():
    raw = b"---\na: 1\nb: 2\n!!int x: 3\n---\n"
    for read in (parse_fast, Record):
        with pytest.raises(RecordError) as info:
            read(raw)
        assert info.value.line == 4
