"""The error types of the core: a record file that cannot be read or written, and a field
path that does not lead where an edit needs it to.

Both cross process boundaries (bulk plans and index scans run in worker processes, which
return errors as values), so each must round-trip through pickle: ``__reduce__`` passes
the arguments ``__init__`` needs, not ``str(self)`` (tests/core/test_error_pickling.py
checks every exception class of the package).
"""

from __future__ import annotations

from pathlib import Path


class RecordError(Exception):
    """A record file that cannot be parsed or written.

    ``code`` is a stable problem code (``parse.yaml``, ``parse.encoding`` ...),
    ``line`` the 1-based line in the file where it is known.
    """

    def __init__(self, path: Path | str | None, message: str, *, line: int | None = None,
                 code: str = "parse.error") -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        self.line = line
        self.code = code
        super().__init__(str(self))

    def __reduce__(self):
        return _record_error, (self.path, self.message, self.line, self.code)

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<record>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


def _record_error(path, message, line, code) -> RecordError:
    return RecordError(path, message, line=line, code=code)


class FieldPathError(KeyError):
    """A field path that does not lead to a place an edit can write: a list index past
    the end, a key under a text or number value (``organisms.0`` on ``organisms: Homo
    sapiens`` would silently turn the text into a mapping). A KeyError, as an absent
    path always was; ``str()`` is the message itself (KeyError would quote it)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path          # the dotted field path asked for
        self.message = message
        super().__init__(path, message)

    def __reduce__(self):
        return FieldPathError, (self.path, self.message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
