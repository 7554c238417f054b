"""Field-level differences between two versions of a record: the fast path that parses only
the top-level fields whose lines changed gives exactly what parsing both versions whole
gives, on every real PFOCR record in tests/data/pfocr_sample and for every kind of edit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.edits import field_diff
from curator.core.errors import RecordError
from curator.core.edits.field_diff import data_of, diff_bytes, diff_data

SAMPLE = Path(__file__).parents[1] / "data" / "pfocr_sample"
RECORDS = sorted(SAMPLE.glob("*.md"))


def whole(old: bytes, new: bytes):
    return diff_data(data_of(old), data_of(new))


def _edits(text: str) -> list[str]:
    """Edits a curator makes: a scalar, a caption word, a list item added and removed, a
    field added, removed and moved, a nested value, formatting only."""
    out = [re.sub(r"\nyear: '?(\d+)'?", "\nyear: '1999'", text, count=1),
           text.replace("\ncaption: ", "\ncaption: (Corrected) ", 1),
           text.replace("\norganisms:\n", "\norganisms:\n- Mus musculus\n", 1),
           re.sub(r"\n(organisms:\n)- [^\n]+\n", r"\n\1", text, count=1),
           text.replace("\n---", "\ncurator_note: checked by hand\n---", 1),
           re.sub(r"\ndoi: [^\n]*", "", text, count=1),
           text.replace("\n  '@type': ", "\n  '@type': Dataset\n  old_type: ", 1),
           text.replace("\nyear: ", "\nyear:   ", 1)]
    lines = text.split("\n")
    keys = [i for i, line in enumerate(lines) if re.match(r"[a-z_]+: \S", line)]
    if len(keys) > 2:   # two one-line fields swap places: nothing changed but the order
        i, j = keys[1], keys[2]
        lines[i], lines[j] = lines[j], lines[i]
        out.append("\n".join(lines))
    return [e for e in out if e != text]


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.name[:24])
def test_the_fast_field_diff_equals_parsing_both_versions_whole(path):
    raw = path.read_bytes()
    for edited in _edits(raw.decode("utf-8")):
        new = edited.encode("utf-8")
        try:
            expected = whole(raw, new)
        except RecordError:
            with pytest.raises(RecordError):
                diff_bytes(raw, new, path)
            continue
        assert diff_bytes(raw, new, path) == expected


def test_the_fast_path_is_taken_for_plain_records_and_refused_for_the_rest():
    plain = RECORDS[0].read_bytes().decode("utf-8")
    assert field_diff._blocks(plain.split("---\n")[1]) is not None
    for text in ("a: &x 1\nb: *x\n",            # an anchor and an alias
                 "a: !!str 1\n",                # a tag
                 '"quoted key": 1\n',           # a key that is not plain
                 'a: "runs on\nb: x"\n',        # a quoted value running past its line
                 "a: 1\na: 2\n",                # a duplicate key
                 "  a: 1\n",                    # an indented mapping
                 "a: [1,\n2]\n"):               # a flow value running past its line
        assert field_diff._blocks(text) is None, text


def test_a_broken_edit_is_an_error_naming_the_file():
    raw = RECORDS[0].read_bytes()
    broken = raw.replace(b"\nyear: ", b"\nyear: [unclosed ", 1)
    with pytest.raises(RecordError) as err:
        diff_bytes(raw, broken, "x.md")
    assert "x.md" in str(err.value)


_values = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                    st.lists(st.text(max_size=10), max_size=3))


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(["year", "figtitle", "organisms", "new_field", "caption"]),
       value=_values, index=st.integers(0, len(RECORDS) - 1))
def test_any_value_written_by_yaml_diffs_the_same_both_ways(key, value, index):
    import yaml
    raw = RECORDS[index].read_bytes()
    text = raw.decode("utf-8")
    head, body = text.split("\n---\n", 1)
    block = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=60)
    kept = re.sub(rf"\n{key}:[^\n]*(\n[ -][^\n]*)*", "", head)
    new = (kept + "\n" + block.rstrip("\n") + "\n---\n" + body).encode("utf-8")
    assert diff_bytes(raw, new) == whole(raw, new)
