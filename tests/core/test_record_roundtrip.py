"""A record opened and saved changes no byte the curator did not change."""

from __future__ import annotations

import difflib

import pytest
from recordfiles import SEEDS, record_paths
from variants import VARIANTS

from curator.core.files.fastload import parse_fast
from curator.core.files.record import Record
from curator.core.fields.values import format_path, get, same

PATHS = record_paths()
SEED_PATHS = sorted(SEEDS.glob("*.md"))


def _ids(paths):
    return [p.stem[:28] for p in paths]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", PATHS + SEED_PATHS, ids=_ids(PATHS + SEED_PATHS))
@pytest.mark.parametrize("fast", [False, True], ids=["ruamel", "libyaml"])
def test_noop_save_is_byte_identical(path, variant, fast, tmp_path):
    raw = VARIANTS[variant](path.read_bytes())
    target = tmp_path / path.name
    target.write_bytes(raw)
    record = Record.open(target, fast=fast)
    assert record.render() == raw
    assert record.save() is False
    assert target.read_bytes() == raw


def _leaf_paths(lines: dict) -> list[tuple]:
    """Every field path of a record, with at most two entries of each long list."""
    return [p for p in lines if not any(isinstance(k, int) and k >= 2 for k in p)]


def _new_value(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        if len(value) > 60:  # long text: a different long text, wrapped anew
            return "Edited: " + " ".join(reversed(value.split()))
        return value + " (edited)" if value else "filled in"
    if isinstance(value, list):
        return value + ["Added item"]
    if isinstance(value, dict):
        return {**value, "added": "new key"}
    return "was null"


def _field_lines(lines: dict, path: tuple, last_line: int) -> range:
    """1-based file lines the field occupies: up to the next field that is not inside it."""
    start = lines[path]
    later = [n for p, n in lines.items() if n > start and p[:len(path)] != path]
    return range(start, (min(later) if later else last_line + 1))


def _changed_original_lines(old: str, new: str) -> set[int]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    changed = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            changed.update(range(i1 + 1, max(i2, i1 + 1) + 1) if i1 == i2 else range(i1 + 1, i2 + 1))
    return changed


@pytest.mark.parametrize("fast", [False, True], ids=["ruamel", "libyaml"])
@pytest.mark.parametrize("variant", ["plain", "crlf", "indented-lists", "comments"])
@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_each_field_edit_changes_only_its_lines_and_reverts_exactly(path, variant, fast):
    raw = VARIANTS[variant](path.read_bytes())
    record = Record(raw, path, fast=fast)
    text = raw.decode("utf-8-sig")
    last_line = text.count("\n") + 1
    for field in _leaf_paths(record.lines):
        old = get(record.original, field)
        new = _new_value(old)
        assert record.set(field, new)
        out = record.render()
        reread = parse_fast(out, path).data
        assert same(get(reread, field), new), format_path(field)
        assert same(reread, record.data), format_path(field)
        allowed = _field_lines(record.lines, field, last_line)
        # an insertion just after the field's last line touches at most the next line
        allowed = range(allowed.start, allowed.stop + 1)
        changed = _changed_original_lines(text, out.decode("utf-8-sig"))
        assert changed <= set(allowed), (format_path(field), sorted(changed), allowed)
        if variant == "crlf":
            assert b"\n" not in out.replace(b"\r\n", b"")
        assert record.set(field, old) or same(old, new)
        assert record.render() == raw, format_path(field)
        assert not record.modified


def test_seed_record_edit_changes_only_the_edited_lines(tmp_path):
    path = SEEDS / "PMC3092522__nihms289124f2.md"
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    record = Record.open(target)
    record.set(("figtitle",), "Mechanisms of trastuzumab resistance in HER2-amplified "
                              "breast cancer")
    record.set(("schema-jsonld", "description"), record.get(("caption",)) + " Edited.")
    record.set(("organisms",), ["Homo sapiens", "Mus musculus"])
    assert record.save()
    diff = list(difflib.unified_diff(path.read_text().splitlines(),
                                     target.read_text().splitlines(), n=0, lineterm=""))
    removed = [d for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d for d in diff if d.startswith("+") and not d.startswith("+++")]
    assert removed == [
        "-figtitle: 'HER2-amplified breast cancer: mechanisms of trastuzumab resistance and",
        "-  novel targeted therapies'",
        "-- Diaporthe sclerotioides",
    ]
    assert added == [
        "+figtitle: Mechanisms of trastuzumab resistance in HER2-amplified breast cancer",
        "+    Edited.",
    ]
    assert not any(line.rstrip() != line for line in target.read_text().splitlines())


def test_new_long_value_wraps_like_the_file_and_has_no_trailing_spaces():
    path = SEEDS / "PMC3092522__nihms289124f2.md"
    record = Record.open(path)
    caption = record.get(("caption",))
    record.set(("caption",), caption + " Added sentence.")
    out = record.render().decode()
    caption_lines = out.split("caption: ", 1)[1].split("\npapertitle:")[0].split("\n")
    original_lines = record.raw.decode().split("caption: ", 1)[1].split("\npapertitle:")[0] \
        .split("\n")
    assert caption_lines[:-1] == original_lines[:-1]  # same wrapping up to the new end
    assert all(line == line.rstrip() for line in out.splitlines())


def test_new_fields_nested_fields_and_deletions(tmp_path):
    path = SEEDS / "PMC11482725__ppat.1012188.g007.md"
    record = Record(path.read_bytes(), path)
    record.set(("curation", "status"), "curated")
    record.set(("schema-jsonld", "creator", "url"), "https://wikipathways.org")
    record.delete(("seo",))
    out = record.render().decode()
    assert out.endswith("  - ATP\ncuration:\n  status: curated\n---\n")
    assert "    name: WikiPathways\n    url: https://wikipathways.org\n" in out
    assert "\nseo:" not in out
    assert same(parse_fast(out.encode()).data, record.data)


def test_list_items_append_remove_and_empty():
    path = SEEDS / "PMC3092522__nihms289124f2.md"
    record = Record(path.read_bytes(), path)
    record.set(("organisms",), ["Homo sapiens", "Mus musculus", "Diaporthe sclerotioides",
                                "Rattus norvegicus"])
    assert "- Diaporthe sclerotioides\n- Rattus norvegicus\npmcid:" in record.render().decode()
    record.set(("organisms",), ["Mus musculus"])
    assert "organisms:\n- Mus musculus\npmcid:" in record.render().decode()
    record.set(("organisms",), [])
    assert "organisms: []\npmcid:" in record.render().decode()
    record.set(("organisms_ner",), None)
    assert "organisms_ner:\nredirect_from:" in record.render().decode() or \
        "organisms_ner: null\n" in record.render().decode()


def test_gene_symbol_edit_changes_one_line():
    path = next(p for p in PATHS if p.name.startswith("PMC100008__"))
    record = Record(path.read_bytes(), path)
    record.set(("genes", 1, "hgnc_symbol"), "PRKACA")
    diff = [d for d in difflib.unified_diff(record.raw.decode().splitlines(),
                                            record.render().decode().splitlines(), n=0)
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    assert diff == ["-  hgnc_symbol: PRKAR2A", "+  hgnc_symbol: PRKACA"]


def test_values_needing_quotes_and_multiline_values():
    path = SEEDS / "PMC3092522__nihms289124f2.md"
    record = Record(path.read_bytes(), path)
    record.set(("year",), "2011")
    record.set(("doi",), "yes")
    record.set(("journal_title",), "Expert Review: Anticancer Therapy")
    record.set(("keywords",), "breast cancer | HER2\ntrastuzumab")
    out = record.render().decode()
    assert "year: '2011'\n" in out
    assert "doi: 'yes'\n" in out
    assert "journal_title: 'Expert Review: Anticancer Therapy'\n" in out
    assert "keywords: |-\n  breast cancer | HER2\n  trastuzumab\n" in out
    assert parse_fast(out.encode()).data["year"] == "2011"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_both_composers_give_the_same_spans(path, variant):
    raw = VARIANTS[variant](path.read_bytes())
    slow, fast = Record(raw, path), Record(raw, path, fast=True)
    assert slow.lines == fast.lines
    assert same(slow.data, fast.data)
    for field in _leaf_paths(slow.lines):
        new = _new_value(get(slow.original, field))
        slow.set(field, new)
        fast.set(field, new)
        assert slow.render() == fast.render(), format_path(field)
        slow.revert()
        fast.revert()
