"""Why the window cannot start on X: the libraries Qt's xcb platform plugin misses.

Qt's own message, when ``libqxcb.so`` cannot load, names only ``libxcb-cursor0`` whatever
is missing. This asks the plugin itself: ``ldd`` on the bundled ``libqxcb.so`` lists every
library it needs and which of them the system lacks; those are named with their Debian
package (Debian's rule for a library package: the soname without ``.so``, its version
appended, with a hyphen when the name ends in a digit) and one ``apt-get`` line.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
from pathlib import Path

# libraries whose Debian package is not named by the soname rule
_PACKAGES = {"libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
             "libGLdispatch.so.0": "libglvnd0", "libX11.so.6": "libx11-6",
             "libfreetype.so.6": "libfreetype6"}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """The xcb platform plugin Qt would load (None when there is none)."""
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    path = plugins / "platforms" / "libqxcb.so"
    return path if path.exists() else None


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reported as not found, in its order, each once."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(ldd_output):
        if name not in seen:
            seen.append(name)
    return seen


def debian_package(soname: str) -> str:
    """The Debian package that ships ``soname`` (libxcb-icccm.so.4 -> libxcb-icccm4)."""
    if soname in _PACKAGES:
        return _PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    version = version.split(".")[0]
    return f"{stem}-{version}" if stem[-1:].isdigit() else f"{stem}{version}"


def ldd(path: Path) -> str:
    """``ldd``'s report on ``path`` ("" when ldd is not available)."""
    if shutil.which("ldd") is None:
        return ""
    run = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, LC_ALL="C"))
    return run.stdout + run.stderr


def describe(missing: list[str]) -> str:
    packages = list(dict.fromkeys(debian_package(name) for name in missing))
    return ("Qt's xcb platform plugin cannot load: missing "
            + ", ".join(missing) + ".\nInstall them with:  sudo apt-get install "
            + " ".join(packages))


def xcb_problem(ldd_output: str | None = None) -> str | None:
    """A message naming the libraries the xcb plugin lacks and how to install them, or
    None when nothing is missing (or it cannot be told). ``ldd_output`` is ldd's report
    on the plugin (asked for when not given)."""
    if ldd_output is None:
        plugin = xcb_plugin()
        if plugin is None:
            return None
        ldd_output = ldd(plugin)
    missing = missing_libraries(ldd_output)
    return describe(missing) if missing else None


def wants_xcb() -> bool:
    """Whether Qt will try the xcb platform: asked for, or the default on X11."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def check_xcb() -> str | None:
    """At start-up, before Qt (which aborts with a misleading message): None when the
    xcb plugin loads or is not wanted, else what to install. Cheap when all is well (the
    plugin is loaded as Qt would load it; ldd runs only when that fails)."""
    if not wants_xcb():
        return None
    plugin = xcb_plugin()
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as err:
        return xcb_problem() or f"Qt's xcb platform plugin cannot load: {err}"
    return None
