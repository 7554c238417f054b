"""Where the tests' real record files are (imported by tests; a conftest is not a module
to import from, since each test folder may have its own)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
RECORDS = DATA / "records"
COLLECTIONS = DATA / "collections"    # other collections than PFOCR (jekyll_blog, hugo_site)
SEEDS = Path(__file__).parents[1] / "seeds"


def record_paths() -> list[Path]:
    """The real PFOCR records kept under tests/data/records."""
    return sorted(RECORDS.glob("*.md"))


def pfocr_files() -> list[Path]:
    """Every PFOCR record file under tests/data (records, rule cases, the sample), not
    the other collections' files."""
    return sorted(p for p in DATA.rglob("*.md") if not p.is_relative_to(COLLECTIONS))


def many_records(folder: Path, count: int) -> list[Path]:
    """``count`` real record files in ``folder``: copies of the test records under
    numbered names (``<name>_<n>.md``), enough to make bulk runs use worker processes."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [(p.stem, p.read_bytes()) for p in record_paths()]
    out = []
    for i in range(count):
        stem, raw = sources[i % len(sources)]
        path = folder / f"{stem}_{i // len(sources)}.md"
        path.write_bytes(raw)
        out.append(path)
    return out
