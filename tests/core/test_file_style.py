"""Edits keep a file's own style (issue 14, item 14).

A record written at another width than PFOCR's 80 columns, or never wrapped, gets new
values wrapped as it wraps; a field written in double or single quotes or as a ``>`` or
``|`` block keeps that style for its new value where YAML can hold the value so, and falls
back to the default where it cannot. PFOCR's own files are the default style and are
written exactly as before. Every case is checked byte for byte, with both loaders.

The default-80, fallback and PFOCR tests are guards that the new rules do not reach too
far (main already wrote those cases so); every other test failed before the change.
"""

from __future__ import annotations

import re

import pytest
import yaml
from recordfiles import record_paths

from curator.core.files import emit
from curator.core.files.record import Record
from curator.core.files.style import detect_style

LOADERS = pytest.mark.parametrize("fast", [False, True], ids=["roundtrip", "fast"])

WORDS = ("Integrins are transmembrane proteins connecting chemical and mechanical stimuli "
         "between the outside ECMs and inside of chondrocytes and the integrin-mediated "
         "signaling pathway is critical for osteoarthritis development").split()
OLD_CAPTION = " ".join(WORDS * 3)
NEW_CAPTION = " ".join(reversed(WORDS * 3)) + " Edited."


def _edit(raw: bytes, path: tuple, value, fast: bool, undo: bool = True) -> bytes:
    """The file with ``path`` set to ``value``; ``undo``: check that the saved file,
    reopened and set back, is the original file."""
    record = Record(raw, fast=fast)
    assert record.set(path, value)
    out = record.render()
    reopened = Record(out, fast=fast)
    assert reopened.get(path) == value
    if undo:
        reopened.set(path, Record(raw, fast=fast).get(path))
        assert reopened.render() == raw
    return out


def _pyyaml_file(data: dict, width) -> bytes:
    """A record as PyYAML writes it at ``width`` (PFOCR's writer at 80)."""
    return ("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=width)
            + "---\nBody.\n").encode()


def _pyyaml_entry(key: str, value: str, style: str, width: int = 80) -> bytes:
    """``key: value`` as PyYAML writes it with ``value`` in ``style``."""
    str_ = "tag:yaml.org,2002:str"
    node = yaml.MappingNode("tag:yaml.org,2002:map", [
        (yaml.ScalarNode(str_, key), yaml.ScalarNode(str_, value, style=style))])
    return yaml.serialize(node, width=width, allow_unicode=True).encode()


def _record(caption: str) -> dict:
    return {"figid": "PMC1__f1", "caption": caption, "papertitle": "Short title.",
            "genes": [{"hgnc_symbol": "TP53", "source": "caption"}]}


# -- file style: the wrap width ---------------------------------------------------------------

@LOADERS
@pytest.mark.parametrize("width", [120, float("inf")], ids=["width 120", "unwrapped"])
def test_a_wider_file_gets_its_own_wrapping(width, fast):
    raw = _pyyaml_file(_record(OLD_CAPTION), width)
    out = _edit(raw, ("caption",), NEW_CAPTION, fast)
    assert out == _pyyaml_file(_record(NEW_CAPTION), width)
    if width == float("inf"):
        assert f"caption: {NEW_CAPTION}\n".encode() in out      # one line, never folded


@LOADERS
def test_a_width_120_file_wraps_new_list_items_and_keys_at_120(fast):
    raw = _pyyaml_file({"caption": OLD_CAPTION, "keywords": ["a"]}, 120)
    record = Record(raw, fast=fast)
    record.set(("keywords",), ["a", NEW_CAPTION])
    record.set(("summary",), NEW_CAPTION)
    expected = {"caption": OLD_CAPTION, "keywords": ["a", NEW_CAPTION], "summary": NEW_CAPTION}
    assert record.render() == _pyyaml_file(expected, 120)


@LOADERS
@pytest.mark.parametrize("caption", [OLD_CAPTION, "A caption of one short line."],
                         ids=["wrapped at 80", "no long value"])
def test_a_file_at_80_or_showing_no_width_keeps_80(caption, fast):
    """The default: PFOCR's writer. A file without long values shows no width."""
    raw = _pyyaml_file(_record(caption), 80)
    assert _edit(raw, ("caption",), NEW_CAPTION, fast) == _pyyaml_file(_record(NEW_CAPTION), 80)


@pytest.mark.parametrize("text, width", [
    ("a: " + " ".join(["word"] * 24) + "\n", 120),         # a space at 117, never folded
    ("a: " + " ".join(["word"] * 60) + "\n", emit.UNWRAPPED),
    ("a: " + " ".join(["word"] * 20) + "\n", 120),         # a space at 97, past 80
    ("a: " + " ".join(["word"] * 15) + "\n", 80),
    # Hand-wrapped at 40: breaks no one width explains beside the long line -> 80.
    ("a: aaaa bbbb cccc\n  dddd\nb: " + " ".join(["word"] * 30) + "\n", 80),
    # Wrapped at 60 by a writer: 60 is in the range the breaks allow.
    (yaml.safe_dump({"a": OLD_CAPTION}, width=60), 60),
    # 'single quotes' wrapped at 120 count as plain text does.
    (yaml.safe_dump({"a": "yes " + OLD_CAPTION}, width=120), 120),
])
def test_the_width_is_read_from_the_file(text, width):
    for fast in (False, True):
        record = Record(("---\n" + text + "---\n").encode(), fast=fast)
        assert detect_style(record._parsed.root, record.front.yaml).width == width


# -- field style: quotes ----------------------------------------------------------------------

@LOADERS
@pytest.mark.parametrize("raw, path, value, expected", [
    (b'---\ntitle: "Plain words"\nn: 1\n---\n', ("title",), "New words",
     b'---\ntitle: "New words"\nn: 1\n---\n'),
    (b"---\ntitle: 'Plain words'\nn: 1\n---\n", ("title",), "New words",
     b"---\ntitle: 'New words'\nn: 1\n---\n"),
    (b"---\ntitle: 'Plain words'\nn: 1\n---\n", ("title",), "it's",
     b"---\ntitle: 'it''s'\nn: 1\n---\n"),
    (b'---\nl:\n- "a"\n- b\n---\n', ("l", 0), "c", b'---\nl:\n- "c"\n- b\n---\n'),
    (b"---\nl:\n  - 'a'\n  - b\n---\n", ("l", 0), "c", b"---\nl:\n  - 'c'\n  - b\n---\n"),
    # A long double-quoted value is wrapped as PyYAML wraps double quotes.
    (b'---\ntitle: "Plain words"\n---\n', ("title",), OLD_CAPTION,
     b"---\n" + _pyyaml_entry("title", OLD_CAPTION, '"') + b"---\n"),
], ids=["double", "single", "single, doubled quote", "double list item",
        "single list item", "double, wrapped"])
def test_quotes_the_value_did_not_need_are_kept(raw, path, value, expected, fast):
    assert _edit(raw, path, value, fast) == expected


@LOADERS
def test_multi_line_text_pyyaml_quoted_stays_quoted_as_pyyaml_writes_it(fast):
    raw = _pyyaml_file({"note": "first line\nsecond line", "n": 1}, 80)
    assert raw.startswith(b"---\nnote: 'first line\n\n  second line'\n")
    value = "third line\n\nfourth " + OLD_CAPTION
    assert _edit(raw, ("note",), value, fast) == _pyyaml_file({"note": value, "n": 1}, 80)


@LOADERS
@pytest.mark.parametrize("raw, value, expected", [
    # Quotes the value needed: the new value is written as the default writes it.
    (b"---\nt: 'yes'\n---\n", "plain", b"---\nt: plain\n---\n"),
    (b'---\nt: "a\\tb"\n---\n', "plain", b"---\nt: plain\n---\n"),
    # Single quotes cannot hold a tab: double quotes.
    (b"---\nt: 'Plain words'\n---\n", "a\tb", b'---\nt: "a\\tb"\n---\n'),
    # PyYAML-quoted multi-line text set to one plain line: plain, as PyYAML writes it.
    (b"---\nt: 'first\n\n  second'\n---\n", "one line", b"---\nt: one line\n---\n"),
], ids=["needed single", "needed double", "tab in single", "multi-line to plain"])
def test_quotes_fall_back_to_the_default(raw, value, expected, fast):
    record = Record(raw, fast=fast)
    record.set(("t",), value)
    assert record.render() == expected


# -- field style: blocks ----------------------------------------------------------------------

@LOADERS
@pytest.mark.parametrize("raw, value, expected", [
    (b"---\nsummary: >-\n  A paragraph\n  folded.\nn: 1\n---\n", NEW_CAPTION,
     b"---\n" + _pyyaml_entry("summary", NEW_CAPTION, ">") + b"n: 1\n---\n"),
    (b"---\nsummary: >\n  A paragraph.\nn: 1\n---\n", "Other text\n",
     b"---\nsummary: >\n  Other text\nn: 1\n---\n"),
    (b"---\nsummary: >\n  A paragraph.\nn: 1\n---\n", "Other text",      # chomping follows
     b"---\nsummary: >-\n  Other text\nn: 1\n---\n"),
    (b"---\nnote: |-\n  one line\nn: 1\n---\n", "other line",
     b"---\nnote: |-\n  other line\nn: 1\n---\n"),
    (b"---\nnote: |-\n  one line\nn: 1\n---\n", "other\nlines\n",
     b"---\nnote: |\n  other\n  lines\nn: 1\n---\n"),
    (b"---\nnote: |\n  one\n  two\nn: 1\n---\n", "three\nfour",
     b"---\nnote: |-\n  three\n  four\nn: 1\n---\n"),
    (b"---\nl:\n- >-\n  one\n- b\n---\n", "two", b"---\nl:\n- >-\n  two\n- b\n---\n"),
    # Leading spaces: the block says its indentation.
    (b"---\nnote: |-\n  one line\nn: 1\n---\n", "  indented",
     b"---\nnote: |2-\n    indented\nn: 1\n---\n"),
], ids=[">- refolded at 80", "> clip", "> to >-", "|- one line", "|- to |", "| to |-",
        ">- list item", "|- leading spaces"])
def test_a_block_stays_a_block_of_its_kind(raw, value, expected, fast):
    path = ("l", 0) if raw.startswith(b"---\nl:") else (raw[4:].split(b":")[0].decode(),)
    assert _edit(raw, path, value, fast, undo=False) == expected


@LOADERS
@pytest.mark.parametrize("raw", [
    b"---\nnote: |-\n  one line\nn: 1\n---\n", b"---\nnote: >-\n  one line\nn: 1\n---\n",
    b"---\nnote: >\n  one line\nn: 1\n---\n", b"---\nnote: |2-\n    indented\nn: 1\n---\n",
    b"---\nnote: >-\n  two\n\n  lines\n---\n", b"---\nl:\n- >-\n  one\n- b\n---\n"])
@pytest.mark.parametrize("value", [NEW_CAPTION, "other words", "yes"])
def test_a_block_edit_undone_gives_the_original_bytes(raw, value, fast):
    """(A value the block cannot hold is written in the default style, and the field is
    then that style's: set back, its old value is written so too.)"""
    path = ("l", 0) if raw.startswith(b"---\nl:") else ("note",)
    _edit(raw, path, value, fast)


@LOADERS
def test_a_folded_block_in_a_width_120_file_is_folded_at_120(fast):
    raw = _pyyaml_file({"caption": OLD_CAPTION}, 120)
    raw = raw.replace(b"---\nBody", b"s: >-\n  x\n---\nBody")
    expected = raw.replace(b"s: >-\n  x\n", _pyyaml_entry("s", NEW_CAPTION, ">", 120))
    assert expected.count(b"\n  ") > 3                   # folded, over several lines
    assert _edit(raw, ("s",), NEW_CAPTION, fast) == expected


@LOADERS
@pytest.mark.parametrize("raw, value, expected", [
    # Trailing spaces cannot end a block: written as the default writes them.
    (b"---\nnote: |-\n  one line\n---\n", "trailing ", b"---\nnote: 'trailing '\n---\n"),
    (b"---\nnote: >-\n  one line\n---\n", "trailing ", b"---\nnote: 'trailing '\n---\n"),
    # Blank lines at the end: a '|+' block would take the blank lines after it.
    (b"---\nnote: |-\n  one line\n\nn: 1\n---\n", "blank\n\n",
     b'---\nnote: "blank\\n\\n"\n\nn: 1\n---\n'),
    # A deeper comment after the value would be read as the block's text.
    (b"---\nnote: >-\n  one line\n # c\nn: 1\n---\n", "two\nlines",
     b'---\nnote: "two\\nlines"\n # c\nn: 1\n---\n'),
    (b"---\nl:\n- >-\n    one\n  # c\n- b\n---\n", "two\nlines",
     b'---\nl:\n- "two\\nlines"\n  # c\n- b\n---\n'),
    # A block holding multi-line text is how the app writes it: one line goes plain.
    (b"---\nnote: |\n  one\n  two\nn: 1\n---\n", "one line", b"---\nnote: one line\nn: 1\n---\n"),
], ids=["| trailing space", "> trailing space", "| blank end", "> before a comment",
        "> item before a comment", "| multi-line to one line"])
def test_a_block_falls_back_where_it_cannot_hold_the_value(raw, value, expected, fast):
    path = ("l", 0) if raw.startswith(b"---\nl:") else ("note",)
    record = Record(raw, fast=fast)
    record.set(path, value)
    assert record.render() == expected


# -- PFOCR's files are the default style ------------------------------------------------------

def test_pfocr_sample_fields_are_all_in_the_writers_own_style():
    """No field of the real records asks for a style of its own, and every file is 80."""
    for path in record_paths():
        record = Record(path.read_bytes(), fast=True)
        assert detect_style(record._parsed.root, record.front.yaml) == emit.Style(), path
        stack = [record._parsed.root]
        while stack:
            node = stack.pop()
            if node.id == "mapping":
                stack.extend(v for _, v in node.value)
            elif node.id == "sequence":
                stack.extend(node.value)
            elif node.style in ("'", '"'):
                assert node.style == emit.writer_style(node.value), (path, node.value)


@pytest.mark.parametrize("fast", [False, True], ids=["roundtrip", "fast"])
def test_pfocr_sample_caption_edit_is_written_as_pyyaml_writes_it(fast):
    for path in record_paths():
        raw = path.read_bytes()
        record = Record(raw, fast=fast)
        caption = record.get(("caption",))
        if not isinstance(caption, str) or "\n" in caption:
            continue
        assert record.render() == raw
        new = caption + " Edited: a sentence added by the curator."
        record.set(("caption",), new)
        out = record.render().decode()
        text = raw.decode()
        start = text.index("\ncaption:") + 1
        end = re.compile(r"\n(?! )").search(text, start).start() + 1
        entry = yaml.safe_dump({"caption": new}, allow_unicode=True, width=80)
        assert out == text[:start] + entry + text[end:], path
