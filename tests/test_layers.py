"""Dependencies point one way: gui -> core, cli -> core; the core never imports Qt; no module
reaches into another module's private names (tools/private_names.py, a contract type)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:           # tools/ lives at the repository root, as for lint-imports
    sys.path.insert(0, str(ROOT))

from tools.private_names import violations_in_source  # noqa: E402


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_core_and_the_cli_run_without_qt():
    code = ("import sys, curator.core.files.record, curator.core.collection.index, curator.cli.main;"
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_private_names_reached_from_another_module_are_found():
    source = (
        "from curator.gui.bulk.bulk_failures import plural, _why\n"
        "from . import _helper\n"
        "def install(window, record):\n"
        "    window._update_header()\n"
        "    self_ish = record.table._model\n"
        "    return record.__class__, window.update_status\n")
    assert violations_in_source(source) == [
        (1, "from curator.gui.bulk.bulk_failures import _why"),
        (2, "from . import _helper"),
        (4, "window._update_header"),
        (5, "<Attribute>._model"),
    ]


def test_own_privates_and_allowed_names_are_not_violations():
    source = (
        "import sys\n"
        "class Command:\n"
        "    __slots__ = ('_old',)\n"
        "    def __init__(self):\n"
        "        self._merge = True\n"
        "    def merge_with(self, other):\n"
        "        return other._merge and other._old and super()._x and cls._y\n"
        "def where(row):\n"
        "    return sys._MEIPASS, row._replace(a=1)\n")
    assert violations_in_source(source, frozenset({"_replace", "sys._MEIPASS"})) == []
    assert violations_in_source(source) == [(9, "row._replace"), (9, "sys._MEIPASS")]


# the window's parts built from typed pieces (ARCHITECTURE.md: the window and its parts)
TYPED_PARTS = ("window/disk_watch", "window/recovery", "window/window_resume",
               "window/window_figure", "window/window_git", "window/window_facets",
               "window/window_curation", "curation/curation_workflow",
               "facets/field_summary", "window/window_operations", "window/window_keys")


def test_the_typed_parts_are_not_given_the_window():
    import ast
    for name in TYPED_PARTS:
        tree = ast.parse((ROOT / "curator" / "gui" / f"{name}.py").read_text())
        held = sorted(node.lineno for node in ast.walk(tree)
                if (isinstance(node, ast.arg) and node.arg == "window")
                or (isinstance(node, ast.Attribute) and node.attr == "window")
                or (isinstance(node, ast.Name) and node.id == "window"))
        assert not held, f"{name}.py takes or reaches the window (lines {held})"
