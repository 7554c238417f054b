"""``curator`` names the X libraries Qt's xcb platform plugin lacks (Qt's own message
names libxcb-cursor0 whatever is missing), from ldd's report on the plugin itself."""

from __future__ import annotations

import re
import shutil

import pytest

from curator.gui.widgets.platform_check import (
    debian_package, describe, ldd, missing_libraries, xcb_plugin, xcb_problem,
)


@pytest.fixture(scope="module")
def plugin_ldd() -> str:
    plugin = xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no xcb platform plugin or no ldd here")
    return ldd(plugin)


def _without(report: str, soname: str) -> str:
    """ldd's real report as it reads on a system lacking ``soname``."""
    line = re.compile(rf"^(\s*){re.escape(soname)} => .*$", re.MULTILINE)
    assert line.search(report), f"the plugin does not need {soname}"
    return line.sub(rf"\1{soname} => not found", report)


def test_the_plugin_loads_here(plugin_ldd):
    assert xcb_problem(plugin_ldd) is None


def test_missing_icccm_and_keysyms_are_named_with_their_packages(plugin_ldd):
    report = _without(_without(plugin_ldd, "libxcb-icccm.so.4"), "libxcb-keysyms.so.1")
    assert missing_libraries(report) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    message = xcb_problem(report)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert message.endswith("apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "libxcb-cursor" not in message


@pytest.mark.parametrize("soname, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libGL.so.1", "libgl1"), ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0")])
def test_debian_package_names(soname, package):
    assert debian_package(soname) == package


def test_every_x_library_of_the_plugin_is_in_the_readme_and_the_deb(plugin_ldd):
    """The README's apt-get line and the .deb's Depends name the package of every
    system X library the plugin loads (checked against ldd's real report)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = root.joinpath("README.md").read_text()
    build = root.joinpath("packaging", "build.sh").read_text()
    libs = [m.group(1) for m in re.finditer(r"^\s*(\S+) => (/\S+)", plugin_ldd, re.MULTILINE)
            if "/PySide6/" not in m.group(2) and re.match(r"lib(xcb|X11|xkbcommon)", m.group(1))]
    assert libs, plugin_ldd
    for package in {debian_package(name) for name in libs}:
        assert re.search(rf"apt-get install -y [^\n]*\b{re.escape(package)}\b", readme), package
        assert re.search(rf"\b{re.escape(package)}\b", build), package
    assert describe(["libxcb-icccm.so.4"]).startswith("Qt's xcb platform plugin cannot load")


def test_curator_says_what_is_wrong_instead_of_qts_abort(plugin_ldd, tmp_path):
    """A whole process whose loader finds a broken libxcb-icccm.so.4 first: curator
    exits 1 naming it (Qt would abort naming libxcb-cursor0)."""
    import os
    import subprocess
    import sys

    (tmp_path / "libxcb-icccm.so.4").write_bytes(b"")
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path), QT_QPA_PLATFORM="xcb",
               DISPLAY=":1999")
    run = subprocess.run([sys.executable, "-m", "curator"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("curator: Qt's xcb platform plugin cannot load")
    assert "libxcb-icccm.so.4" in run.stderr and "xcb-cursor0" not in run.stderr
