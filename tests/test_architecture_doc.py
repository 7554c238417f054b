"""ARCHITECTURE.md and the README's layout stay true to the code: every subpackage of the
core and the GUI is in both trees, every module path ARCHITECTURE.md names exists, and no
module grows past the house limit."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "curator"
MAX_LINES = 420      # "under about 400 lines": a little slack, never a second module's worth


def _subpackages() -> list[str]:
    return sorted(f"{layer}/{p.parent.name}" for layer in ("core", "gui")
                  for p in (PACKAGE / layer).glob("*/__init__.py"))


def test_every_subpackage_is_in_the_architecture_tree_and_the_readme():
    arch = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    subs = _subpackages()
    assert len(subs) >= 10
    for sub in subs:
        name = sub.split("/")[1]
        assert re.search(rf"^\s+{name}/", arch, re.M), f"ARCHITECTURE.md's tree lacks {sub}"
        assert f"{name}/" in layout, f"the README's layout lacks {sub}"


def test_the_module_paths_architecture_names_exist():
    arch = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:core|gui|cli)/[\w/]+\.py)`", arch))
    assert len(named) >= 15
    missing = sorted(p for p in named if not (PACKAGE / p).exists())
    assert not missing, f"ARCHITECTURE.md names modules that are not there: {missing}"


def test_no_module_is_over_the_house_limit():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if "resources" not in p.parts
            and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by what they hold): {long}"
