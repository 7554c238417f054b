"""The one error type for a record file that cannot be read or written."""

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

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<record>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"
