"""The About dialog: version, licenses of Curator and of what it is built on."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from curator import __version__

_COMPONENTS = (  # (distribution, license)
    ("ruamel.yaml", "MIT"),
    ("PyYAML", "MIT"),
    ("platformdirs", "MIT"),
)


def about_text() -> str:
    rows = [f"Qt {qVersion()} and PySide6 {pyside_version} — LGPLv3",
            f"Python {platform.python_version()} — PSF License"]
    for name, license_ in _COMPONENTS:
        try:
            rows.append(f"{name} {version(name)} — {license_}")
        except PackageNotFoundError:
            continue
    return (f"<h3>Curator {__version__}</h3>"
            "<p>An editor for collections of records kept as Markdown files with YAML "
            "front matter, first of all the Pathway Figure OCR figures of "
            "WikiPathways.</p><p>MIT License.</p><p>Built on:<br>"
            + "<br>".join(rows) + "</p>")


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Curator", about_text())
