"""The desktop integration files a packager ships: the icon in every size, the menu entry,
and the install scripts. Quick checks; the built bundle is tested in test_bundle.py."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from curator.core import resources

REPO = Path(__file__).resolve().parents[2]
APP_ID = "org.wikipathways.Curator"
SIZES = (16, 32, 48, 64, 128, 256)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_icon_is_an_svg_with_a_png_for_every_size():
    svg = resources.path("icons/curator.svg")
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    for size in SIZES:
        assert png_size(resources.path(f"icons/curator-{size}.png")) == (size, size)


def test_committed_pngs_are_what_the_svg_renders_to():
    pytest.importorskip("PySide6.QtSvg")
    result = subprocess.run([sys.executable, str(REPO / "packaging" / "render_icons.py"),
                             "--check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_desktop_entry_starts_the_window_and_claims_no_file_type():
    path = resources.path(f"{APP_ID}.desktop")
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string(path.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Curator" and entry["Comment"]
    assert entry["Exec"] == "curator %F"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].split(";")[:3] == ["Science", "Biology", "Office"]
    # no MimeType: declaring inode/directory offered Curator as a handler of every folder
    # on the desktop (issue 15); folders still open with "curator %F" or a drop
    assert "MimeType" not in entry
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True)
        problems = [line for line in result.stdout.splitlines() if ": hint: " not in line]
        assert result.returncode == 0 and not problems, result.stdout


def test_resources_are_declared_as_package_data():
    text = (REPO / "pyproject.toml").read_text()
    for pattern in ('"*.desktop"', '"icons/*"', '"*.svg"'):
        assert pattern in text


@pytest.mark.parametrize("script", ["install.sh", "uninstall.sh", "../build.sh"])
def test_scripts_parse(script):
    path = REPO / "packaging" / "linux" / script
    shell = "bash" if script.endswith("build.sh") else "sh"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", "-S", "warning", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout
