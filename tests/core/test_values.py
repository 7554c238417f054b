"""Value comparison: what counts as an edit."""

from __future__ import annotations

import math
import shutil

from recordfiles import SEEDS

from curator.cli.main import main
from curator.core.files.record import Record
from curator.core.fields.values import same

SEED = "PMC3092522__nihms289124f2.md"


def test_nan_is_the_same_as_nan_and_types_still_matter():
    assert same(math.nan, float("nan"))
    assert same({"a": [math.nan]}, {"a": [float("nan")]})
    assert not same(math.nan, 0.0) and not same(0.0, math.nan)
    assert not same(math.nan, "nan") and not same(1.0, 1)


def _nan_record(folder):
    path = folder / SEED
    shutil.copy2(SEEDS / SEED, path)
    raw = path.read_bytes()
    # a hand-added numeric field holding YAML's not-a-number, just after the opening ---
    path.write_bytes(raw.replace(b"---\n", b"---\nscore: .nan\n", 1))
    return path


def test_a_record_holding_nan_is_not_modified_when_opened_and_saves(tmp_path):
    path = _nan_record(tmp_path)
    rec = Record.open(path)
    assert math.isnan(rec.data["score"])
    assert not rec.modified and rec.changed_fields() == []
    assert rec.set(("year",), "1999")
    assert rec.changed_fields() == ["year"]
    assert rec.save()                         # the read-back check accepts the NaN
    assert b"score: .nan\n" in path.read_bytes()
    assert not Record.open(path).modified


def test_fix_of_a_record_holding_nan_is_not_refused(tmp_path, capsys):
    path = _nan_record(tmp_path)
    assert main(["fix", "--set", "figtitle=Nan title", str(path)]) == 0
    assert b"figtitle: Nan title\n" in path.read_bytes()
    before = path.read_bytes()
    assert main(["fix", "--set", "figtitle=Nan title", str(path)]) == 0   # a no-op
    assert path.read_bytes() == before
    assert "0 not readable or writable" in capsys.readouterr().err
