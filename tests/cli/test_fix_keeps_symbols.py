"""``curator fix --fix CODE`` over real records never changes a gene, protein or molecule
symbol, and changes no field but the problem's own (issue 13: "a maintainer who runs
`curator fix --fix CODE` across 12,000 files damages them").

The folder holds every real record kept under tests/data, and copies of one real record
whose title carries a defect next to symbols written as PFOCR writes them ("p53", "cGMP",
"mTOR", "miR-21", "iNOS"), set with ``curator fix --set`` itself. Every fixable code is
run over a fresh copy of the folder.
"""

from __future__ import annotations

import re
import shutil

import pytest
from recordfiles import RECORDS, pfocr_files

from curator.cli.main import main
from curator.core.files.fastload import read_fast
from curator.core.checks.fixes import fix_codes
from curator.core.checks.titles import is_symbol

SEED = RECORDS / "PMC3092522__nihms289124f2.md"
TITLES = [
    "(A) p53 pathway in the DNA damage response",
    "cGMP signaling pathway.",
    "mTOR signaling in  skeletal muscle",
    "Schematic of miR-21 targets in cardiac fibrosis",
    "iNOS induction by TGF-β in macrophages",
    "Proposed model of the NF-κB pathway (see text for details)",
    "TGFBsignaling and SMAD2/3 in fibrosis",
    "mechanisms of HER2 resistance in the cGMP pathway",
    "α-synuclein and LRRK2 in Parkinson's disease",
    "lncRNA H19 and let-7 in muscle Notes: arrows show activation",
    "pH regulation by NHE1 in cancer cells ",
    "Graphical abstract",
]
# the codes the variants carry: their run must change something (the test can fail)
CARRIED = {"title.panel_label", "title.period", "title.spaces", "title.preamble",
           "title.greek", "title.artifact", "title.glued", "title.capital",
           "title.placeholder"}
# fixes that remove the defect's words (a preamble, caption text, a label, a cut): the
# symbols they keep keep their case, but some words go
REMOVING = {"title.preamble", "title.artifact", "title.placeholder", "title.truncated",
            "title.glued"}
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'/-]*")


def _symbols(title: str) -> list[str]:
    """The symbol-like words, but those a Greek letter continues ("TGF-" of "TGF-β":
    un-Greeking makes it "TGFB", as PFOCR does)."""
    return [m.group(0) for m in _TOKEN.finditer(title)
            if title[m.end():m.end() + 1].isascii() and _symbol_like(m.group(0))]


def _symbol_like(t: str) -> bool:
    return (is_symbol(t) or sum(c.isupper() for c in t) >= 2
            or (any(c.isdigit() for c in t) and any(c.isalpha() for c in t)))


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    for path in pfocr_files():
        shutil.copy2(path, folder / path.name)
    for i, title in enumerate(TITLES):
        copy = folder / f"PMC3092522__variant{i}.md"
        shutil.copy2(SEED, copy)
        assert main(["fix", "--jobs", "1", "--set", f"figtitle={title}", str(copy)]) == 0
    return folder


def _read(folder):
    return {p.name: read_fast(p).data for p in sorted(folder.glob("*.md"))}


def test_the_folder_holds_real_records_and_the_symbol_titles(source):
    titles = {d["figtitle"] for d in _read(source).values()}
    assert set(TITLES) <= titles
    assert len(titles) >= 29 + len(TITLES) - 1


@pytest.mark.parametrize("code", fix_codes())
def test_fix_changes_no_symbol_and_no_other_field(code, source, tmp_path, capsys):
    folder = tmp_path / "r"
    shutil.copytree(source, folder)
    before = _read(folder)
    assert main(["fix", "--jobs", "1", "--fix", code, str(folder)]) == 0
    capsys.readouterr()
    after = _read(folder)
    if code in CARRIED:
        assert before != after, code
    for name, old in before.items():
        new = after[name]
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if not changed:
            continue
        # a fix touches its own field and the fields derived from it
        allowed = {"figtitle"} if code.startswith("title.") else None
        if allowed is not None:
            assert changed <= allowed, (name, code, changed)
        if "figtitle" not in changed:
            continue
        old_title, new_title = old["figtitle"], new["figtitle"]
        assert code.startswith("title."), (name, code)
        new_tokens = _TOKEN.findall(new_title)
        for symbol in _symbols(old_title):
            if symbol.isascii() and code not in REMOVING:
                assert symbol in new_tokens, (code, old_title, new_title, symbol)
        # no word changes case, but the first one when it is not a symbol
        old_forms: dict = {}
        for t in _TOKEN.findall(old_title):
            old_forms.setdefault(t.lower(), set()).add(t)
        for i, token in enumerate(new_tokens):
            was = old_forms.get(token.lower(), set())
            if not was or token in was or len(token) == 1:    # "(A)" is not the article
                continue
            assert i == 0 and any(not is_symbol(w) and token == w[:1].upper() + w[1:]
                                  for w in was), (code, old_title, new_title, was, token)
