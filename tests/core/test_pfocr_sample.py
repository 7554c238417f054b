"""The validator measured on a real PFOCR sample (issue 13): precision and recall held.

``tests/data/pfocr_sample/`` holds real records of ``wikipathways/pfocr-database`` (CC0),
byte for byte, with two files of curator's work:

- ``judgments.yaml``: a verdict (true / false / debatable) on every warning and error the
  validator reports on the sample, keyed by (file, code, field) and, where one field has
  several reports, the first quoted value of the message (``item``);
- ``defects.yaml``: the real defects found by reading the records, each with the code
  that should flag it.

Precision = true / (true + false) over the reported warnings and errors, debatable left
out (also printed with debatable counted as false). Recall = the share of defects whose
code the validator reports on that file and field (at any severity).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from curator.core.collection.index import index_file

SAMPLE = Path(__file__).parents[1] / "data" / "pfocr_sample"
MIN_PRECISION = 0.90
MIN_RECALL = 0.80
VERDICTS = ("true", "false", "debatable")
_ITEM = re.compile(r"'((?:[^'\\]|\\.)*)'")


def record_files() -> list[Path]:
    return sorted(SAMPLE.glob("PMC*.md"))


def _load(name: str) -> list[dict]:
    data = yaml.safe_load((SAMPLE / name).read_text(encoding="utf-8"))
    return data[name.split(".")[0]]


def item_of(message: str) -> str | None:
    """The first quoted value of a message: the list value a report is about."""
    m = _ITEM.search(message)
    return m.group(1) if m else None


@pytest.fixture(scope="module")
def reports() -> list[tuple]:
    """(file, code, field, severity, message) of every problem on the sample."""
    out = []
    for path in record_files():
        for p in index_file(str(path)).problems:
            out.append((path.name, p.code, p.field, p.severity, p.message))
    return out


@pytest.fixture(scope="module")
def judged(reports) -> tuple[list, list]:
    """The warnings and errors with their judgment, and those without one."""
    index: dict = {}
    for j in _load("judgments.yaml"):
        index[(j["file"], j["code"], j["field"], j.get("item"))] = j
    found, missing = [], []
    for report in reports:
        name, code, field, severity, message = report
        if severity not in ("warning", "error"):
            continue
        j = index.get((name, code, field, item_of(message))) or \
            index.get((name, code, field, None))
        (found if j else missing).append((report, j))
    return found, missing


def test_the_sample_is_real_records_kept_byte_for_byte():
    files = record_files()
    assert len(files) >= 110, f"only {len(files)} records in {SAMPLE}"
    sources = [line.split("\t") for line in
               (SAMPLE / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")]
    assert len(sources) >= 85
    for name, chars, commit in sources:
        text = (SAMPLE / name).read_text(encoding="utf-8")
        assert len(text) == int(chars), f"{name} is not the text read at {commit}"
        assert text.startswith("---\n") and text.endswith("---\n"), name
    years = {int(m.group(1)) for p in files
             if (m := re.search(r"^year: '?(\d{4})", p.read_text(encoding="utf-8"), re.M))}
    assert min(years) <= 2000 and max(years) >= 2025
    generations = Counter("pmc_ranked_result_index" in p.read_text(encoding="utf-8")
                          for p in files)
    assert generations[True] >= 20 and generations[False] >= 60


def test_judgments_and_defects_name_sample_files_and_valid_verdicts():
    names = {p.name for p in record_files()}
    for j in _load("judgments.yaml"):
        assert j["file"] in names, j
        assert j["verdict"] in VERDICTS and j["reason"].strip(), j
    keys = Counter((d["file"], d["field"], d["code"], d.get("item")) for d in _load("defects.yaml"))
    for d in _load("defects.yaml"):
        assert d["file"] in names and d["note"].strip(), d
    assert not [k for k, n in keys.items() if n > 1], "a defect listed twice"


def test_every_reported_warning_and_error_is_judged(judged):
    _, missing = judged
    lines = []
    for (name, code, field, severity, message), _ in missing:
        item = item_of(message)
        lines.append(f"- file: {name}\n  code: {code}\n  field: {field}\n"
                     + (f"  item: {item!r}\n" if item else "")
                     + f"  verdict: ?   # {severity}: {message}")
    assert not missing, (f"{len(missing)} reported warnings/errors have no judgment in "
                         "judgments.yaml:\n" + "\n".join(lines))


def precision(found) -> tuple[float, float, Counter]:
    counts = Counter(j["verdict"] for _, j in found)
    t, f, d = counts["true"], counts["false"], counts["debatable"]
    return (t / (t + f) if t + f else 1.0), (t / (t + f + d) if t + f + d else 1.0), counts


def test_precision_of_warnings_and_errors(judged):
    found, _ = judged
    p, strict, counts = precision(found)
    print(f"\nprecision {p:.1%} (debatable as false: {strict:.1%}) over {len(found)} "
          f"warnings+errors: {dict(counts)}")
    wrong = sorted({(r[0], r[1], r[2]) + ((item_of(r[4]),) if j.get("item") else ())
                    for r, j in found if j["verdict"] == "false"})
    assert p >= MIN_PRECISION, (f"precision {p:.1%} < {MIN_PRECISION:.0%}; false reports:\n"
                                + "\n".join(map(str, wrong)))


def flags(defect: dict, reports) -> bool:
    """Whether the validator reports the defect's code on its file and field (and, when
    the defect names an ``item``, on that value)."""
    item = defect.get("item")
    return any((name, code, field) == (defect["file"], defect["code"], defect["field"])
               and (item is None or f"'{item}'" in message)
               for name, code, field, _, message in reports)


def recall(reports) -> tuple[float, list, list]:
    defects = _load("defects.yaml")
    flagged = [d for d in defects if flags(d, reports)]
    missed = [d for d in defects if not flags(d, reports)]
    return len(flagged) / len(defects), flagged, missed


def test_recall_of_the_defects_found_by_reading(reports):
    r, flagged, missed = recall(reports)
    print(f"\nrecall {r:.1%}: {len(flagged)} of {len(flagged) + len(missed)} defects flagged")
    assert r >= MIN_RECALL, (f"recall {r:.1%} < {MIN_RECALL:.0%}; missed:\n" + "\n".join(
        f"{d['file']} {d['field']} {d['code']}: {d['note']}" for d in missed))
