"""An import-linter contract type: no module reaches into another module's private names.

Registered in pyproject.toml (``contract_types``); lint-imports puts the current directory on
sys.path, so run it from the repository root. A module of the checked packages breaks it by

- importing a private name of another module: ``from x import _y`` (any level, relative too);
- reaching a private attribute through anything but ``self``, ``cls`` or ``super()``:
  ``window._update_header()``, ``record_session._helper``, ``self.table._model``.

A private name starts with one underscore and is not a dunder (``__init__``, ``__all__``).
A private name the module defines itself (a method of its class, an attribute it sets on
``self``) may be reached on another object of that class. ``allowed_attributes`` names the
few private names that are someone else's public API: ``_replace`` (any object: namedtuples)
or ``sys._MEIPASS`` (only through that name). The check reads each module's source with
``ast``; the import graph supplies the modules. Not seen: ``getattr(x, "_y")``, and a
private name reached on another object under a name the module also defines itself.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from importlinter import Contract, ContractCheck, fields, output

OWN = {"self", "cls"}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _base_name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _is_own(node: ast.expr) -> bool:
    if isinstance(node, ast.Name) and node.id in OWN:
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "super")


def own_names(tree: ast.Module) -> set[str]:
    """The private names a module defines itself: its functions, classes and methods, names it
    assigns, attributes it sets on ``self``/``cls`` and its ``__slots__``. Reaching one of these
    on another object (``other._merge`` in ``mergeWith``, ``change._old`` in the class's own
    module) stays inside the module."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and _is_own(node.value)):
            names.add(node.attr)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__slots__"
                                                 for t in node.targets)):
            names |= {c.value for c in ast.walk(node.value)
                      if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return {name for name in names if is_private(name)}


def violations_in_source(source: str,
                         allowed: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, what) for each reach into another module's private name in one module's source."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    allowed = allowed | own_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            origin = "." * node.level + (node.module or "")
            for alias in node.names:
                if is_private(alias.name):
                    found.append((node.lineno, f"from {origin} import {alias.name}"))
        elif isinstance(node, ast.Attribute) and is_private(node.attr):
            if _is_own(node.value) or node.attr in allowed:
                continue
            base = _base_name(node.value)
            if base is not None and f"{base}.{node.attr}" in allowed:
                continue
            shown = f"{base}.{node.attr}" if base else f"<{type(node.value).__name__}>.{node.attr}"
            found.append((node.lineno, shown))
    return sorted(found)


def module_file(module: str) -> Path | None:
    """The source file of a module, found from its root package's folder without importing it."""
    root, *rest = module.split(".")
    spec = importlib.util.find_spec(root)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


class PrivateNamesContract(Contract):
    """Modules of source_modules (and their descendants) use only public names of others.

    Configuration options:
        - source_modules:     the packages whose modules are checked.
        - allowed_attributes: private names that are public API elsewhere, bare (``_replace``)
                              or through one name (``sys._MEIPASS``). (Optional.)
    """

    type_name = "private_names"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_attributes = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph, verbose: bool) -> ContractCheck:
        allowed = frozenset(self.allowed_attributes or ())
        modules = set()
        for package in self.source_modules:  # type: ignore[attr-defined]
            modules.add(package)
            modules |= graph.find_descendants(package)
        broken = []
        for module in sorted(modules):
            path = module_file(module)
            if path is None:
                continue
            for line, what in violations_in_source(path.read_text(encoding="utf-8"), allowed):
                broken.append({"module": module, "line": line, "what": what})
        return ContractCheck(kept=not broken, warnings=[], metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Private names of another module reached:", bold=False)
        output.new_line()
        for item in check.metadata["broken"]:
            output.print_error(f"- {item['module']} (l.{item['line']}): {item['what']}",
                               bold=False)
        output.new_line()
