"""A module imported when one of its names is first used, not when its importer is.

Starting the window imported numpy (0.16-0.19 s of a 2-core machine's start-up) for the
facet counts and the word index, neither of which the first rows painted need. ``np =
lazy("numpy")`` names it at the top of a module as before; the import happens on the first
``np.something`` (on whichever thread: ``importlib.import_module`` holds the import lock).
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for the module ``name``: each attribute is looked up on the module, which is
    imported the first time (a dictionary look-up after that)."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{'' if self._module is None else ' (imported)'}>"


def lazy(name: str) -> LazyModule:
    return LazyModule(name)
