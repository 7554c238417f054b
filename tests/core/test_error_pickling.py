"""Every exception type of Curator survives pickling (issue 14, item 1).

Bulk plans and index scans run in worker processes that return errors as values; an error
that cannot be unpickled broke the whole pool (``BrokenProcessPool``) and no file was
named. Each class gets an example here, and a test walks every module of the package so a
new exception class without an example fails.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from pathlib import Path

import pytest

import curator
from curator.core.files import render
from curator.core.errors import FieldPathError, RecordError
from curator.core.fields.profile import ProfileError
from curator.core.fields.schema import SchemaError
from curator.core.collection.index_cache import CacheDamaged
from curator.core.edits.recipes import RecipeError
from curator.core.history.vcs import GitError

EXAMPLES = [
    RecordError(Path("/records/PMC1__f1.md"), "invalid YAML: did not find node content",
                line=3, code="parse.yaml"),
    RecordError("PMC1__f1.md", "the file changed on disk since it was opened",
                code="io.conflict"),
    RecordError(None, "the record has no file to save to", code="io.write"),
    FieldPathError("genes.3.hgnc_symbol", "genes has 2 items: there is no item 3"),
    SchemaError("field 'year': unknown type 'date'"),
    ProfileError("blog/.curator/profile.yaml:3: profile: unknown key 'colums'"),
    render._Rewrite(),
    GitError("git commit failed: nothing to commit"),
    RecipeError("clean.yaml", 4, "operation 2: unknown kind 'sett'"),
    CacheDamaged("a row of the wrong types"),
]


def _state(exc: BaseException):
    return type(exc), str(exc), exc.args, vars(exc)


@pytest.mark.parametrize("exc", EXAMPLES, ids=lambda e: type(e).__name__)
def test_an_error_reads_back_from_pickle_as_it_was(exc):
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(exc, protocol=protocol))
        assert _state(copy) == _state(exc)


def _exception_classes() -> set[type]:
    found = set()
    for info in pkgutil.walk_packages(curator.__path__, "curator."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__.startswith("curator."):
                found.add(obj)
    return found


def test_every_exception_class_of_curator_has_a_pickling_example():
    classes = _exception_classes()
    assert RecordError in classes and FieldPathError in classes     # the walk works
    missing = classes - {type(e) for e in EXAMPLES}
    assert not missing, f"add an example to EXAMPLES for {sorted(c.__qualname__ for c in missing)}"
