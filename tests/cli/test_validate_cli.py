"""`curator validate` on copies of the real records, and `curator fix --fix CODE`.

Text output is one line per problem, ``path:line: severity code field: message``, then a
summary line; ``--format json`` is a list of problem objects. Exit 0 when no record has
errors, 1 when some do, 2 for usage errors and paths that do not exist. A file that cannot
be parsed is one problem (its ``parse.*`` code and line); the other files are still checked.
"""

from __future__ import annotations

import difflib
import json
import os
import re

import pytest
from recordfiles import RECORDS, record_paths

from curator.cli.main import main
from curator.core.files.fastload import read_fast

SEED = "PMC3092522__nihms289124f2.md"
OLD = "PMC2221774__nihms34078f1.md"     # organisms: Homo sapiens, C. elegans
GA1 = "PMC10036500__ga1.md"             # caption: Figure (the one error of the records)

LINE = re.compile(r"(?P<path>.+?\.md)(?::(?P<line>\d+))?: (?P<severity>error|warning|info) "
                  r"(?P<code>[a-z_]+(?:\.[a-z_]+)+)(?: (?P<field>[^\s:]+))?: (?P<message>.+)")
SUMMARY = re.compile(r"(?P<records>[\d,]+) records?: (?P<errors>[\d,]+) errors?, "
                     r"(?P<warnings>[\d,]+) warnings?, (?P<info>[\d,]+) info")
JSON_KEYS = {"path", "field", "severity", "code", "message", "line", "fixable"}


def _validate(capsys, *args) -> tuple[int, list[dict], dict, str]:
    """Run `curator validate`; return the exit code, the parsed problem lines, the summary
    counts and stderr."""
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    rows = []
    for line in lines[:-1]:
        m = LINE.fullmatch(line)
        assert m, f"not a problem line: {line!r}"
        rows.append(m.groupdict())
    summary = SUMMARY.fullmatch(lines[-1]) if lines else None
    assert summary, f"no summary line at the end: {lines[-1:]!r}"
    counts = {k: int(v.replace(",", "")) for k, v in summary.groupdict().items()}
    return code, rows, counts, err


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    return [d for d in difflib.unified_diff(before.decode().splitlines(),
                                            after.decode().splitlines(), n=0, lineterm="")
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]


def _snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _rewrite(path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert raw.count(old) == 1, old
    path.write_bytes(raw.replace(old, new))


# -- text output ------------------------------------------------------------------------

def test_text_lines_name_file_line_severity_code_field_and_end_with_a_summary(
        records_copy, capsys):
    code, rows, counts, _ = _validate(capsys, records_copy)
    assert code == 1                            # GA1's `caption: Figure`
    assert counts["records"] == len(record_paths())
    for severity in ("error", "warning", "info"):
        n = sum(r["severity"] == severity for r in rows)
        assert counts[severity if severity == "info" else severity + "s"] == n
    names = {p.name for p in records_copy.iterdir()}
    assert {os.path.basename(r["path"]) for r in rows} <= names
    assert all(r["path"].startswith(str(records_copy)) for r in rows)
    assert all(r["line"] is not None for r in rows)     # every problem here is on disk
    assert {"path": str(records_copy / GA1), "line": "16", "severity": "error",
            "code": "field.missing", "field": "caption",
            "message": "Caption is missing ('Figure')"} in rows
    assert {"path": str(records_copy / SEED), "line": "28", "severity": "info",
            "code": "field.missing_optional", "field": "doi",
            "message": "DOI is missing ('.na.character')"} in rows
    assert {"path": str(records_copy / OLD), "line": "22", "severity": "info",
            "code": "organisms.old_style", "field": "organisms",
            "message": "Organisms is a plain string (old style); make it a list"} in rows


def test_problem_lines_are_grouped_by_file_in_path_order(records_copy, capsys):
    _, rows, _, _ = _validate(capsys, records_copy)
    paths = [r["path"] for r in rows]
    firsts = list(dict.fromkeys(paths))
    assert firsts == sorted(firsts)
    assert paths == sorted(paths, key=firsts.index)     # each file's lines together


def test_a_single_file_can_be_validated(records_copy, capsys):
    code, rows, counts, _ = _validate(capsys, records_copy / SEED)
    assert code == 0
    assert counts["records"] == 1 and counts["errors"] == 0
    assert {r["field"] for r in rows if r["code"] == "field.missing_optional"} == {
        "year", "doi", "journal_title", "journal_nlm_ta", "publisher_name", "keywords",
        "organisms_ner"}


# -- json output ------------------------------------------------------------------------

def test_json_is_a_list_of_problem_objects(records_copy, capsys):
    _, rows, _, _ = _validate(capsys, records_copy)
    assert main(["validate", "--format", "json", str(records_copy)]) == 1
    out = capsys.readouterr().out
    problems = json.loads(out)
    assert isinstance(problems, list) and len(problems) == len(rows)
    for p in problems:
        assert JSON_KEYS <= set(p) <= JSON_KEYS | {"suggestions"}
        assert p["severity"] in ("error", "warning", "info")
        assert isinstance(p["fixable"], bool)
        assert p["line"] is None or isinstance(p["line"], int)
    assert {"path": str(records_copy / GA1), "field": "caption", "severity": "error",
            "code": "field.missing", "message": "Caption is missing ('Figure')",
            "line": 16, "fixable": False} in problems
    old_style = [p for p in problems if p["path"] == str(records_copy / OLD)
                 and p["code"] == "organisms.old_style"]
    assert old_style == [{"path": str(records_copy / OLD), "field": "organisms",
                          "severity": "info", "code": "organisms.old_style",
                          "message": "Organisms is a plain string (old style); make it a list",
                          "line": 22, "fixable": True}]
    # the same problems as the text lines, in the same order
    assert [(p["path"], p["code"], p["field"]) for p in problems] == \
        [(r["path"], r["code"], r["field"] or "") for r in rows]


def test_json_of_a_clean_selection_is_an_empty_list(records_copy, capsys):
    assert main(["validate", "--format", "json", "--severity", "error",
                 str(records_copy / SEED)]) == 0
    assert json.loads(capsys.readouterr().out) == []


# -- severity filter --------------------------------------------------------------------

@pytest.mark.parametrize("severity, shown", [
    ("error", {"error"}), ("warning", {"error", "warning"}),
    ("info", {"error", "warning", "info"})])
def test_severity_option_hides_milder_problems(records_copy, capsys, severity, shown):
    _, all_rows, all_counts, _ = _validate(capsys, records_copy)
    code, rows, counts, _ = _validate(capsys, "--severity", severity, records_copy)
    assert code == 1
    assert {r["severity"] for r in rows} == shown
    assert rows == [r for r in all_rows if r["severity"] in shown]
    assert counts == all_counts         # the summary still counts every problem


# -- exit codes -------------------------------------------------------------------------

def test_exit_0_when_no_record_has_errors(records_copy, capsys):
    (records_copy / GA1).unlink()
    code, rows, counts, _ = _validate(capsys, records_copy)
    assert code == 0
    assert counts["errors"] == 0 and counts["warnings"] > 0
    assert rows                                 # warnings and info are still listed


def test_exit_1_after_breaking_a_figid_alias(records_copy, capsys):
    (records_copy / GA1).unlink()
    path = records_copy / SEED
    _rewrite(path, b"figid_alias: PMC3092522__F2", b"figid_alias: PMC3092522__F3")
    code, rows, counts, _ = _validate(capsys, records_copy)
    assert code == 1
    # the broken alias, and redirect_from, which no longer follows from it
    assert counts["errors"] == 2
    assert [r for r in rows if r["severity"] == "error"] == [
        {"path": str(path), "line": "34", "severity": "error",
         "code": "derived.figid_alias", "field": "figid_alias",
         "message": "Figure alias should be 'PMC3092522__F2' (from pmcid and number)"},
        {"path": str(path), "line": "38", "severity": "error",
         "code": "derived.redirect_from", "field": "redirect_from",
         "message": "Redirect from should be '/figures/PMC3092522__F3' (from figid_alias)"}]


def test_the_cached_validate_sees_a_same_size_edit_that_kept_the_mtime(records_copy, capsys):
    (records_copy / GA1).unlink()
    assert _validate(capsys, records_copy)[0] == 0          # the cache is written
    path = records_copy / SEED
    st = path.stat()
    raw = path.read_bytes()                 # the alias broken in place, the mtime put back
    path.write_bytes(raw.replace(b"figid_alias: PMC3092522__F2", b"figid_alias: PMC3092522__F3"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    code, rows, counts, _ = _validate(capsys, records_copy)
    assert code == 1 and counts["errors"] == 2
    assert {r["code"] for r in rows if r["severity"] == "error"} == {
        "derived.figid_alias", "derived.redirect_from"}


@pytest.mark.parametrize("argv", [
    ["validate", "{folder}/no-such-folder"],
    ["validate", "{folder}/" + SEED, "{folder}/missing.md"],
    ["validate", "--severity", "fatal", "{folder}"],
    ["validate", "--format", "xml", "{folder}"],
    ["validate"],
    ["validate", "--no-such-option", "{folder}"],
])
def test_exit_2_for_missing_paths_and_bad_options(records_copy, capsys, argv):
    argv = [a.format(folder=records_copy) for a in argv]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.strip()
    assert not any(SUMMARY.fullmatch(line) for line in out.splitlines())  # nothing checked


def test_missing_path_is_named_on_stderr(records_copy, capsys):
    missing = records_copy / "no-such-folder"
    assert main(["validate", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == f"curator validate: {missing}: no such file or folder"


# -- files that cannot be parsed --------------------------------------------------------

def _malformed(good: bytes, tmp) -> dict[str, tuple[bytes, str, int]]:
    """name -> (bytes, parse code, line)."""
    return {
        "PMC1__unclosed.md": (good[:good.rindex(b"---")], "parse.frontmatter", 1),
        "PMC2__invalid_yaml.md": (good.replace(b"number: F2", b"number: F2: F3"),
                                  "parse.yaml", 12),
        "PMC3__latin1.md": (good.replace(b"Devika Gajria", b"Devika Gajr\xeda"),
                            "parse.encoding", 26),
        "PMC4__duplicate.md": (good.replace(b"number: F2\n", b"number: F2\nnumber: F3\n"),
                               "parse.duplicate", 13),
        "PMC5__python_tag.md": (good.replace(
            b"seo: CreativeWork",
            b"seo: !!python/object/apply:os.system ['touch " + str(tmp).encode()
            + b"/pwned']"), "parse.tag", 40),
    }


def test_malformed_files_are_listed_with_code_and_line_and_the_others_checked(
        records_copy, tmp_path, capsys):
    bad = _malformed((records_copy / SEED).read_bytes(), tmp_path)
    for name, (raw, _, _) in bad.items():
        (records_copy / name).write_bytes(raw)
    code, rows, counts, _ = _validate(capsys, records_copy)
    assert code == 1
    assert counts["records"] == len(record_paths()) + len(bad)
    for name, (raw, parse_code, line) in bad.items():
        listed = [r for r in rows if r["path"] == str(records_copy / name)]
        assert len(listed) == 1, listed
        assert listed[0]["code"] == parse_code
        assert listed[0]["severity"] == "error"
        assert listed[0]["line"] == str(line)
        assert listed[0]["field"] is None
        assert (records_copy / name).read_bytes() == raw        # never written
    assert not (tmp_path / "pwned").exists()
    # the good records are still validated, with their own problems
    assert any(r["path"] == str(records_copy / SEED) and r["field"] == "doi" for r in rows)
    assert any(r["path"] == str(records_copy / GA1) and r["field"] == "caption" for r in rows)
    good = {r["path"] for r in rows} - {str(records_copy / n) for n in bad}
    assert len(good) >= 20


def test_malformed_file_in_json(records_copy, tmp_path, capsys):
    raw, _, _ = _malformed((records_copy / SEED).read_bytes(), tmp_path)["PMC4__duplicate.md"]
    path = records_copy / "PMC4__duplicate.md"
    path.write_bytes(raw)
    assert main(["validate", "--format", "json", str(path)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)
    assert problem == {"path": str(path), "field": "", "severity": "error",
                       "code": "parse.duplicate",
                       "message": "duplicate key 'number' (first on line 12)",
                       "line": 13, "fixable": False}


# -- curator fix --fix CODE -------------------------------------------------------------

def _fix(capsys, *args) -> tuple[int, str, str]:
    code = main(["fix", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _diffed_files(out: str) -> list[str]:
    return [line[len("+++ b/"):] for line in out.splitlines() if line.startswith("+++ b/")]


def _diff_body(out: str) -> list[str]:
    return [line for line in out.splitlines()
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_fix_figid_alias_dry_run_prints_a_diff_and_writes_nothing(records_copy, capsys):
    path = records_copy / SEED
    _rewrite(path, b"figid_alias: PMC3092522__F2", b"figid_alias: PMC3092522__F3")
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = _snapshot(records_copy)
    code, out, err = _fix(capsys, "--dry-run", "--fix", "derived.figid_alias", records_copy)
    assert code == 0
    assert _snapshot(records_copy) == before             # bytes and mtimes
    assert _diffed_files(out) == [str(path)]
    assert f"--- a/{path}" in out.splitlines()
    assert "@@ -31,7 +31,7 @@" in out.splitlines()       # line 34, 3 lines of context
    assert _diff_body(out) == ["-figid_alias: PMC3092522__F3", "+figid_alias: PMC3092522__F2"]
    assert f"{len(before)} records: 1 would change, 0 not readable or writable" in err


def test_fix_figid_alias_changes_only_its_line(records_copy, capsys):
    path = records_copy / SEED
    _rewrite(path, b"figid_alias: PMC3092522__F2", b"figid_alias: PMC3092522__F3")
    broken = path.read_bytes()
    others = {p.name: p.stat().st_mtime_ns for p in records_copy.iterdir() if p != path}
    code, out, err = _fix(capsys, "--fix", "derived.figid_alias", records_copy)
    assert code == 0 and out == ""
    assert _changed_lines(broken, path.read_bytes()) == [
        "-figid_alias: PMC3092522__F3", "+figid_alias: PMC3092522__F2"]
    assert path.read_bytes() == (RECORDS / SEED).read_bytes()   # back to the real file
    assert {p.name: p.stat().st_mtime_ns for p in records_copy.iterdir() if p != path} \
        == others                                          # nothing else written
    code, rows, counts, _ = _validate(capsys, "--no-cache", path)
    assert code == 0
    assert not [r for r in rows if r["code"].startswith("derived.")]


def test_fix_after_a_number_edit_updates_alias_then_redirect(records_copy, capsys):
    """A curator corrects the figure number: figid_alias, then redirect_from, follow."""
    path = records_copy / SEED
    _rewrite(path, b"number: F2", b"number: F3")
    edited = path.read_bytes()
    code, _, _ = _fix(capsys, "--fix", "derived.figid_alias", "--fix",
                      "derived.redirect_from", path)
    assert code == 0
    assert _changed_lines(edited, path.read_bytes()) == [
        "-figid_alias: PMC3092522__F2", "+figid_alias: PMC3092522__F3",
        "-redirect_from: /figures/PMC3092522__F2", "+redirect_from: /figures/PMC3092522__F3"]


OLD_GENERATION = [p.name for p in record_paths()
                  if isinstance(read_fast(p).data.get("organisms"), str)]


def test_fix_organisms_old_style_dry_run_then_real_run(records_copy, capsys):
    before = _snapshot(records_copy)
    code, out, err = _fix(capsys, "--dry-run", "--fix", "organisms.old_style", records_copy)
    assert code == 0
    assert _snapshot(records_copy) == before
    assert sorted(os.path.basename(f) for f in _diffed_files(out)) == sorted(OLD_GENERATION)
    assert f"{len(before)} records: {len(OLD_GENERATION)} would change" in err

    code, out, err = _fix(capsys, "--fix", "organisms.old_style", records_copy)
    assert code == 0
    after = _snapshot(records_copy)
    for name in before:
        if name not in OLD_GENERATION:
            assert after[name] == before[name], name        # bytes and mtime
            continue
        changed = _changed_lines(before[name][0], after[name][0])
        removed = [c for c in changed if c.startswith("-")]
        assert len(removed) == 1 and removed[0].startswith("-organisms: "), (name, changed)
        added = [c for c in changed if c.startswith("+")]
        assert added[0] == "+organisms:" and all(a.startswith("+- ") for a in added[1:])
        data = read_fast(records_copy / name).data
        assert isinstance(data["organisms"], list) and data["organisms"]
    assert read_fast(records_copy / OLD).data["organisms"] == ["Homo sapiens", "C. elegans"]
    # the old-style warning is gone, the alias warning stays for the curator
    _, rows, _, _ = _validate(capsys, "--no-cache", records_copy / OLD)
    codes = {r["code"] for r in rows}
    assert "organisms.old_style" not in codes and "organisms.alias" in codes


def test_fix_title_greek_dry_run_then_real_run(records_copy, capsys):
    path = records_copy / SEED
    _rewrite(path, b"figtitle: 'HER2-amplified breast cancer: mechanisms of trastuzumab "
                   b"resistance and\n  novel targeted therapies'",
             "figtitle: HER2 and TGF-β signaling in trastuzumab resistance".encode())
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    greek = path.read_bytes()
    code, out, _ = _fix(capsys, "--dry-run", "--fix", "title.greek", records_copy)
    assert code == 0
    assert path.read_bytes() == greek
    assert path.stat().st_mtime_ns == 1_600_000_000_000_000_000
    assert _diffed_files(out) == [str(path)]
    assert _diff_body(out) == [
        "-figtitle: HER2 and TGF-β signaling in trastuzumab resistance",
        "+figtitle: HER2 and TGFB signaling in trastuzumab resistance"]

    code, out, _ = _fix(capsys, "--fix", "title.greek", path)
    assert code == 0
    assert _changed_lines(greek, path.read_bytes()) == [
        "-figtitle: HER2 and TGF-β signaling in trastuzumab resistance",
        "+figtitle: HER2 and TGFB signaling in trastuzumab resistance"]
    _, rows, _, _ = _validate(capsys, "--no-cache", path)
    assert not [r for r in rows if r["code"].startswith("title.")]


def test_fix_with_nothing_to_fix_writes_nothing(records_copy, capsys):
    before = _snapshot(records_copy)
    code, out, err = _fix(capsys, "--fix", "title.greek", records_copy)
    assert code == 0 and out == ""
    assert _snapshot(records_copy) == before
    assert f"{len(before)} records: 0 changed" in err


def test_fix_of_a_code_without_a_fix_is_a_usage_error(records_copy, capsys):
    code, _, err = _fix(capsys, "--fix", "year.format", records_copy)
    assert code == 2
    assert "no fix for 'year.format'" in err
