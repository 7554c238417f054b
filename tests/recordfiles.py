"""Where the tests' real record files are (imported by tests; a conftest is not a module
to import from, since each test folder may have its own)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
RECORDS = DATA / "records"
SEEDS = Path(__file__).parents[1] / "seeds"


def record_paths() -> list[Path]:
    """The real PFOCR records kept under tests/data/records."""
    return sorted(RECORDS.glob("*.md"))
