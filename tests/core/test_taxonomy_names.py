"""The NCBI names kept as one block and an offsets table (``taxonomy_names``) answer as the
sorted list of strings they replace, from memory and from the mapped cache files."""

from __future__ import annotations

import bisect
import lzma

import pytest

from curator.core import resources
from curator.core.checks import organisms, taxonomy_names

NAMES = sorted(["Aedes aegypti", "Aedes albopictus", "Arabidopsis thaliana", "Bos taurus",
                "Danio rerio", "Homo sapiens", "Mus musculus", "Mus musculus domesticus",
                "Zea mays", "Ölandia bacterium", "Ωmega virus", "αproteobacterium"])


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "names.xz"
    path.write_bytes(lzma.compress("\n".join(NAMES).encode("utf-8")))
    return path


def test_the_block_answers_as_the_sorted_list():
    names = taxonomy_names.from_text("\n".join(NAMES).encode("utf-8"))
    assert len(names) == len(NAMES)
    assert [names[i] for i in range(len(names))] == NAMES
    assert names[-1] == NAMES[-1] and names[2:5] == NAMES[2:5]
    for name in NAMES:
        assert name in names
    for absent in ("Homo", "Homo sapiens neanderthalensis", "Mus", "Zea may", "", "ω",
                   "Aaa", "zzz"):
        assert (absent in names) is (absent in NAMES)
    lo, hi = names.prefix_range("Mus")
    assert names[lo:hi] == ["Mus musculus", "Mus musculus domesticus"]
    assert names.prefix_range("Xyz") == (bisect.bisect_left(NAMES, "Xyz"),) * 2
    with pytest.raises(IndexError):
        names[len(NAMES)]


def test_the_first_load_writes_the_cache_the_next_maps_it(source, tmp_path):
    cache = tmp_path / "cache"
    first = taxonomy_names.load(source, cache)
    written = sorted(p.name for p in cache.iterdir())
    assert len(written) == 2 and not any(n.endswith(".tmp") for n in written)
    again = taxonomy_names.load(source, cache)
    assert type(again._blob).__name__ == "mmap"          # mapped, not unpacked again
    assert again[0:len(again)] == first[0:len(first)] == NAMES


def test_a_damaged_or_unwritable_cache_costs_only_speed(source, tmp_path):
    cache = tmp_path / "cache"
    taxonomy_names.load(source, cache)
    table = next(cache.glob("*.starts"))
    table.write_bytes(table.read_bytes()[:-4])            # cut short: the blob disagrees
    assert taxonomy_names.load(source, cache)[0:len(NAMES)] == NAMES
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert taxonomy_names.load(source, blocked / "cache")[0:len(NAMES)] == NAMES
    assert taxonomy_names.load(source, None)[0:len(NAMES)] == NAMES


def test_the_shipped_taxonomy_knows_its_names_and_near_misses():
    path = resources.path("taxonomy_names.xz")
    if not path.exists():
        pytest.skip("taxonomy_names.xz is not in this checkout")
    every = lzma.decompress(path.read_bytes()).decode("utf-8").split("\n")
    assert every == sorted(every)                 # bisection needs code point order
    taxonomy = organisms.Taxonomy(path, resources.cache_folder("taxonomy"))
    assert len(taxonomy.names) == len(every)
    for name in every[::5000]:
        assert name in taxonomy
        assert name + "x" not in taxonomy or name + "x" in every
    assert "Escherichia coli" in taxonomy.near("Escherichia colli", 3)


def test_a_bisection_through_the_sample_answers_as_the_sorted_list():
    """Names around the sample's (every SAMPLE-th name kept in memory) and between."""
    every = sorted({f"{chr(65 + i % 26)}{i * 7919 % 100003:06d} sp." for i in range(5000)})
    names = taxonomy_names.from_text("\n".join(every).encode("utf-8"))
    step = taxonomy_names.SAMPLE
    for i in [0, 1, step - 1, step, step + 1, 2 * step, len(every) - 1, *range(3, 5000, 97)]:
        name = every[i]
        assert name in names and name[:-1] not in names
        assert names.prefix_range(name[:3]) == (bisect.bisect_left(every, name[:3]),
                                                bisect.bisect_left(every, name[:3] + "\uffff"))
    assert "" not in names and "~" not in names and "0" not in names


def test_looking_names_up_keeps_few_mapped_pages_resident(tmp_path):
    """The map's pages are let go as lookups go on: a window's session of lookups kept
    25-29 MB of the 33 MB of names resident (issue 20)."""
    path = resources.path("taxonomy_names.xz")
    smaps = "/proc/self/smaps"
    if not path.exists() or not __import__("os").path.exists(smaps):
        pytest.skip("needs taxonomy_names.xz and Linux's /proc/self/smaps")
    taxonomy_names.load(path, tmp_path)                  # writes the cache
    names = taxonomy_names.load(path, tmp_path)          # maps it
    assert type(names._blob).__name__ == "mmap"
    for i in range(0, len(names), len(names) // 400):    # 400 lookups across all of it
        assert names[i] in names

    def resident_kb() -> int:
        total, inside = 0, False
        for line in open(smaps, encoding="utf-8"):
            if "-" in line.split(" ", 1)[0] and ":" not in line.split(" ", 1)[0]:
                inside = str(tmp_path) in line
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
        return total
    assert resident_kb() < 4 * 1024, resident_kb()        # of 33 MB mapped
