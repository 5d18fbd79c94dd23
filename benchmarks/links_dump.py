"""Dump the links and claims of all of BBC News as JSON, to compare two versions of the engine
link for link (a refactor must leave the file unchanged).

    python benchmarks/links_dump.py OUT.json      # prints the xref time and the link count
    cmp old.json new.json

Reads ../shared/data/corpora/bbc_news.jsonl; imports into a fresh temporary library.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.library import Library  # noqa: E402

BBC = ROOT.parent / "shared" / "data" / "corpora" / "bbc_news.jsonl"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if not BBC.is_file():
        sys.exit(f"links_dump: {BBC} is missing (../shared beside the checkout)")
    with tempfile.TemporaryDirectory() as tmp:
        with Library(Path(tmp) / "lib") as lib:
            lib.import_paths([BBC]).run()
            t = time.perf_counter()
            for _ in lib.cross_reference():
                pass
            print(f"xref {time.perf_counter() - t:.2f} s")
            links = [list(r) for r in lib.links()]
            claims = {d.id: lib.store.spans(d.id, "claims") for d in lib.documents()}
    Path(sys.argv[1]).write_text(json.dumps({"links": links, "claims": claims}), "utf-8")
    print(f"{len(links)} links, {sum(map(len, claims.values()))} claims")


if __name__ == "__main__":
    main()
