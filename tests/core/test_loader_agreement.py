"""The editor's loader and the index's loader read hand-edited text alike (issue 14,
item 16): the same data, or both refuse with the same error at the same line.

The editor (``Record``, ruamel.yaml's composer) and the index, ``curator validate`` and
the save's verify step (``parse_fast``, libyaml) used to disagree on a U+2028 inside a
plain value, a tab after ``key:``, a lone surrogate escape, an empty key: 128 of 4,000
mutated records were accepted by only one of them. 4,000 mutations of real records here
(each a slice of a real front matter, to keep the run short), seeded, so a failure
reproduces.
"""

from __future__ import annotations

import random

import pytest
from recordfiles import record_paths

from curator.core.errors import RecordError
from curator.core.files.fastload import parse_fast
from curator.core.files.record import Record
from curator.core.fields.values import same

REAL = [p.read_bytes().decode("utf-8") for p in record_paths()]
HAND_EDITS = ["\u2028", "\u2029", "\x85", "\t", "\t", " \t", ":\t", "\t# note", ": ",
              '"\\ud800"', "\\ud800", "\t- ", "? ", "\u2028 ", "'", "# c"]


def _outcome(read, raw: bytes):
    try:
        return read(raw)
    except RecordError as err:
        assert err.code.startswith("parse.") and err.message.strip()
        return err


def _agree(raw: bytes) -> str:
    fast, editor = _outcome(parse_fast, raw), _outcome(Record, raw)
    if isinstance(fast, RecordError) or isinstance(editor, RecordError):
        assert isinstance(fast, RecordError) and isinstance(editor, RecordError), \
            f"only one loader refused {raw!r}: index {fast!r}, editor {editor!r}"
        assert (fast.code, fast.line, fast.message) == (editor.code, editor.line,
                                                        editor.message), raw
        assert fast.line is None or 1 <= fast.line <= raw.count(b"\n") + 1, (fast, raw)
        return "refused"
    assert same(fast.data, editor.data), f"the loaders read {raw!r} differently"
    assert dict(fast.lines) == dict(editor.lines), raw
    assert editor.render() == raw
    return "read"


def _mutations(count: int, seed: int = 16):
    rnd = random.Random(seed)
    for _ in range(count):
        lines = rnd.choice(REAL).split("\n---\n", 1)[0].split("\n")[1:]
        start = rnd.randrange(len(lines))
        window = lines[start:start + rnd.randint(2, 10)]
        text = "\n".join(window)
        for _ in range(rnd.randint(1, 2)):
            at = rnd.randrange(len(text) + 1)
            if rnd.random() < 0.5:   # right after a "key:", where hand edits go
                colon = text.find(":", at)
                at = colon + 1 if colon >= 0 else at
            text = text[:at] + rnd.choice(HAND_EDITS) + text[at:]
        yield ("---\n" + text + "\n---\n").encode("utf-8")


def test_four_thousand_mutated_records_read_alike():
    seen = {"read": 0, "refused": 0}
    for raw in _mutations(4000):
        seen[_agree(raw)] += 1
    print(f"mutated records: {seen}")
    assert seen["read"] > 500 and seen["refused"] > 500   # both outcomes exercised


@pytest.mark.parametrize("raw", [
    "---\na: x\u2028 y\nb: 1\n---\n", "---\na: 'x\u2028  y'\nb: 1\n---\n",
    "---\nl:\n- a\u2028- b\n---\n", "---\na: x\x85b: y\n---\n", "---\na: \tb\n---\n",
    "---\na:\tb\n---\n", "---\na: b\t# c\n---\n",
], ids=["U+2028 plain", "U+2028 quoted", "U+2028 in a list", "U+0085", "tab after ': '",
        "tab after ':'", "tab before a comment"])
def test_hand_edited_text_reads_alike_and_saves(raw):
    raw = raw.encode()
    assert _agree(raw) == "read"
    record = Record(raw)
    record.set(("added",), "x")
    assert same(parse_fast(record.render()).data, record.data)


@pytest.mark.parametrize("raw", [
    "---\na: x\u2028y\nb: 1\n---\n", '---\na: "\\ud800"\nb: 1\n---\n', "---\n: \na: 1\n---\n",
    "---\na:\n- \tb\n---\n",
], ids=["U+2028 before a key-like word", "lone surrogate", "empty key", "tab after a dash"])
def test_text_one_loader_refused_is_refused_by_both(raw):
    assert _agree(raw.encode()) == "refused"


def test_a_refused_line_separator_is_named_with_its_line():
    with pytest.raises(RecordError) as info:
        Record("---\nz: 1\na: x\u2028y\nb: 1\n---\n".encode())
    assert "line 3 holds a raw U+2028 character" in info.value.message
    assert info.value.line <= 5


IMPLICIT_SCALARS = ["yes", "No", "on", "OFF", "true", "~", "null", "", "12", "-3", "0x1F",
                    "0o17", "1_000", "1e3", "1.5", ".inf", "-.Inf", ".nan", "2001-02-03",
                    "2001-12-14t21:59:43.10-05:00", "1:20", "TP53", "a b",
                    "+1", "0b101", "190:20:30"]


@pytest.mark.parametrize("rounds", [1, 2])
def test_remembered_tags_are_the_resolvers_own(rounds):
    # The fast loader remembers the tag of each short plain scalar: read a second time,
    # from what it remembered, every value is still the one PyYAML's safe loader makes.
    import yaml

    # each also quoted, after it: a quoted "yes" is a string, whatever a plain one was
    text = "".join(f"k{i}: {v}\nq{i}: '{v}'\n" for i, v in enumerate(IMPLICIT_SCALARS))
    raw = ("---\n" + text + "---\n").encode()
    for _ in range(rounds):
        data = parse_fast(raw, "x.md").data
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert data == expected
    assert [type(data[k]) for k in expected] == [type(v) for v in expected.values()]
