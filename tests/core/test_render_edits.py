"""Legitimate edits that render used to refuse or spread (issue 14, items 11 and 13).

Each edit must read back as the edited values, change only the edited field's lines and
keep every comment; the file around it stays byte for byte.
"""

from __future__ import annotations

import pytest
from recordfiles import RECORDS

from curator.core.files.fastload import parse_fast
from curator.core.files.record import Record
from curator.core.fields.values import same

GOOD = (RECORDS / "PMC100008__mb2411709009.md").read_bytes()


def _edit(raw: bytes, path: tuple, value=None, *, delete: bool = False) -> bytes:
    record = Record(raw)
    if delete:
        assert record.delete(path)
    else:
        assert record.set(path, value)
    out = record.render()
    assert same(parse_fast(out).data, record.data)
    for fast in (False, True):   # the bulk editor renders along libyaml's nodes alike
        again = Record(raw, fast=fast)
        again.delete(path) if delete else again.set(path, value)
        assert again.render() == out
    return out


# -- item 11: edits inside flow collections -------------------------------------------------

@pytest.mark.parametrize("raw, path, value, expected", [
    (b"---\na: [1, 2]\nb: 1\n---\n", ("a", 1), 3, b"---\na: [1, 3]\nb: 1\n---\n"),
    (b"---\na: [1, 2]\nb: 1\n---\n", ("a",), [1, 2, 3], b"---\na: [1, 2, 3]\nb: 1\n---\n"),
    (b"---\nzzk: {a: 1, b: 2}\nb: 1\n---\n", ("zzk", "a"), 3,
     b"---\nzzk: {a: 3, b: 2}\nb: 1\n---\n"),
    (b"---\nzzk: {a: 1}  # c\nb: 1\n---\n", ("zzk", "c"), "x",
     b"---\nzzk: {a: 1, c: x}  # c\nb: 1\n---\n"),
    (b"---\nm:\n  k: {x: [1, 2], y: 2}\n---\n", ("m", "k", "x", 0), "new value",
     b"---\nm:\n  k: {x: [new value, 2], y: 2}\n---\n"),
    (b"---\nl:\n- {a: 1}\n- [1, 2]\n---\n", ("l", 1, 0), 0, b"---\nl:\n- {a: 1}\n- [0, 2]\n---\n"),
], ids=["list item", "list append", "map value", "map key added", "nested", "in a list"])
def test_edit_inside_a_flow_collection_stays_flow(raw, path, value, expected):
    assert _edit(raw, path, value) == expected


def test_long_flow_list_wraps_as_valid_flow():
    raw = b"---\nkeywords: [a, b]\nb: 1\n---\n"
    words = ["signaling pathway of the receptor"] * 6
    out = _edit(raw, ("keywords",), words)
    assert out.startswith(b"---\nkeywords: [") and out.endswith(b"]\nb: 1\n---\n")


# -- item 11: explicit keys, "|+" values, CR-only files, trailing comments -----------------

def test_explicit_key_value_is_edited_and_a_key_added_after_it():
    raw = b"---\n# top\na: 1\n? b\n: 2\nc: 3\n---\n"
    assert _edit(raw, ("b",), 5) == b"---\n# top\na: 1\nb: 5\nc: 3\n---\n"
    raw = b"---\nm:\n  ? ''\n  : null\n---\n"
    assert _edit(raw, ("m", "figid"), "x") == b"---\nm:\n  ? ''\n  : null\n  figid: x\n---\n"


@pytest.mark.parametrize("raw, expected", [
    (b"---\na: |+\n  x\n\n---\n", b"---\na: |+\n  x\n\nc: 3\n---\n"),
    (b"---\r\na: |+\r\n  x\r\n\r\n---\r\n", b"---\r\na: |+\r\n  x\r\n\r\nc: 3\r\n---\r\n"),
    (b"---\na: >+\n  x\n\n\n# after\n---\n", b"---\na: >+\n  x\n\n\nc: 3\n# after\n---\n"),
], ids=["|+ last", "|+ CRLF", ">+ then comment"])
def test_key_added_after_a_keep_block(raw, expected):
    assert _edit(raw, ("c",), 3) == expected


def test_keep_block_value_replaced():
    raw = b"---\na: |+\n  x\n\nb: 1\n---\n"
    assert _edit(raw, ("a",), "y") == b"---\na: y\nb: 1\n---\n"


@pytest.mark.parametrize("value", ["x\n\n", "\n", "caption\n\n\n"])
def test_value_ending_in_blank_lines_before_a_blank_line(value):
    """A "|+" block would swallow the blank line after it: such values are quoted."""
    raw = b"---\na: old\n\nb: 1\n---\n"
    out = _edit(raw, ("a",), value)
    assert out.endswith(b"\n\nb: 1\n---\n")


@pytest.mark.parametrize("raw, expected", [
    (b"---\ra: 1\rb: 2\r---\r", b"---\ra: 1\rb: 2\rc: 3\r---\r"),
    (b"---\ra: 1\rb: 2\r---", b"---\ra: 1\rb: 2\rc: 3\r---"),
    (b"---\ra: 1  # c\r# end\r---\r", b"---\ra: 1  # c\rc: 3\r# end\r---\r"),
], ids=["final CR", "no final CR", "comments"])
def test_key_added_at_the_end_of_a_cr_only_file(raw, expected):
    assert _edit(raw, ("c",), 3) == expected


@pytest.mark.parametrize("raw, path, value, expected", [
    (b"---\na: x  # c\nb: 1\n---\n", ("a",), "l1\nl2", b"---\na: |-  # c\n  l1\n  l2\nb: 1\n---\n"),
    (b"---\r\na: x # c\r\n---\r\n", ("a",), "l1\nl2", b"---\r\na: |-  # c\r\n  l1\r\n  l2\r\n---\r\n"),
    (b"---\nl:\n- x  # c\n- y\n---\n", ("l", 0), "l1\nl2", b"---\nl:\n- |-  # c\n  l1\n  l2\n- y\n---\n"),
    (b"---\na: x  # c\n---\n", ("a",), {"p": 1, "q": "l1\nl2"},
     b"---\na:  # c\n  p: 1\n  q: |-\n    l1\n    l2\n---\n"),
    (b"---\nl:\n- x  # c\n---\n", ("l", 0), {"p": 1, "q": "l1\nl2"},
     b"---\nl:\n- p: 1  # c\n  q: |-\n    l1\n    l2\n---\n"),
], ids=["block scalar", "CRLF", "list item", "mapping", "mapping in a list"])
def test_multi_line_value_on_a_line_with_a_trailing_comment(raw, path, value, expected):
    assert _edit(raw, path, value) == expected


def test_long_value_on_a_line_with_a_trailing_comment_keeps_it_last():
    raw = b"---\na: x  # c\nb: 1\n---\n"
    out = _edit(raw, ("a",), "word " * 30 + "end")
    assert out.count(b"# c") == 1 and out.endswith(b"end  # c\nb: 1\n---\n")


# -- item 13: deleting a key of a CR-only file ----------------------------------------------

def test_deleting_a_key_of_a_cr_only_file_changes_only_its_lines():
    lf = GOOD.replace(b"number: F9\n", b"# numbered by PMC\nnumber: F9  # the figure\n")
    lf = lf.replace(b"seo: CreativeWork\n", b"seo: CreativeWork\n# schema below\n")
    raw = lf.replace(b"\n", b"\r")
    for key, line in [(b"pmcid", b"pmcid: PMC100008\r"), (b"figid",
                                                          b"figid: PMC100008__mb2411709009\r")]:
        out = _edit(raw, (key.decode(),), delete=True)
        assert out == raw.replace(line, b"", 1)
        assert out.count(b"#") == raw.count(b"#")
    out = _edit(raw, ("caption",), delete=True)
    before, after = raw.split(b"\rcaption: ", 1)
    assert out == before + b"\r" + after[after.index(b"\rpmcid:") + 1:]


def test_deleting_a_list_item_and_a_nested_key_of_a_cr_only_file():
    raw = b"---\r# top\rl:\r- 1\r- 2  # two\r- 3\rm:\r  a: 1\r  # mid\r  b: 2\r---\r"
    assert _edit(raw, ("l", 1), delete=True) == raw.replace(b"- 2  # two\r", b"")
    assert _edit(raw, ("m", "a"), delete=True) == raw.replace(b"  a: 1\r", b"")
