"""The indexing helper process (reader/core/helper_process.py): large imports use both cores."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.core import helper_process as index_helper
from reader.core.index import Index, index_fields
from reader.core.library import Library


def _articles(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    words = []
    for i in range(n):
        word = "zq" + "".join(chr(97 + int(c)) for c in f"{i:04d}")   # zqaaaa, zqaaab, ...
        words.append(word)
        (folder / f"a{i:03d}.txt").write_text(
            f"Article {i}\n\nThe report about {word} was published. It named {word} twice.\n",
            encoding="utf-8")
    return words


def _hits(lib: Library, word: str) -> int:
    with lib.index.searcher() as s:
        from whoosh.query import Term
        return len(s.search(Term("body", lib.index.analyzer.terms(word)[0]), limit=None))


def _segments(lib: Library) -> int:
    return len(lib.index._ix._segments())


def test_a_large_import_is_indexed_by_both_processes(tmp_path):
    words = _articles(tmp_path / "in", 130)
    lib = Library(tmp_path / "lib")
    lib.ingest.helper_min_bytes = 0
    report = lib.import_paths([tmp_path / "in"]).run()
    assert len(report.imported) == 130
    assert lib.index.doc_count() == 130
    assert _segments(lib) == 2            # the parent's and the helper's
    assert all(_hits(lib, w) == 1 for w in words)
    assert not lib.store.unindexed()
    # and the CLI's search sees every document, from both segments
    lib.close()
    lib = Library(tmp_path / "lib")
    assert all(_hits(lib, w) == 1 for w in words[::13])


def test_a_small_import_stays_in_one_process(tmp_path):
    _articles(tmp_path / "in", 5)
    lib = Library(tmp_path / "lib")
    lib.import_paths([tmp_path / "in"]).run()
    assert _segments(lib) == 1


def test_a_helper_that_dies_costs_time_not_documents(tmp_path, monkeypatch):
    words = _articles(tmp_path / "in", 120)
    lib = Library(tmp_path / "lib")
    lib.ingest.helper_min_bytes = 0
    # the helper's interpreter exits at once: every batch sent to it is lost on the way
    monkeypatch.setattr(index_helper.sys, "executable", "/bin/false")
    report = lib.import_paths([tmp_path / "in"]).run()
    assert len(report.imported) == 120 and not report.failed
    assert all(_hits(lib, w) == 1 for w in words)
    assert not lib.store.unindexed()


def test_cancel_leaves_the_index_as_it_was_and_stops_the_helper(tmp_path):
    ix = Index(tmp_path / "index")
    w = ix.writer(helper=True)
    for i in range(200):
        w.add_document(**index_fields(f"d{i}", "t", "", "", "", [], f"body number {i}"))
    pid = w._helper.pid
    w.cancel()
    assert _gone(pid)
    assert ix.doc_count() == 0
    w2 = ix.writer()                      # the write lock was released
    w2.cancel()


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status          # a zombie nobody reaped has ended all the same


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_parent_leaves_no_helper_behind(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(index_helper.__file__).parents[2])!r})
        from reader.core.index import Index, index_fields
        ix = Index(__import__("pathlib").Path({str(tmp_path / "index")!r}))
        w = ix.writer(helper=True)
        for i in range(300):
            w.add_document(**index_fields(f"d{{i}}", "t", "", "", "", [], f"body {{i}}"))
        print(w._helper.pid, flush=True)
        os._exit(9)                      # as a kill: no commit, no clean-up
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60)
    pid = int(out.stdout.split()[0])
    deadline = time.time() + 15
    while not _gone(pid) and time.time() < deadline:
        time.sleep(0.1)
    assert _gone(pid)
    assert Index(tmp_path / "index").doc_count() == 0


def test_reindexing_uses_the_helper_too(tmp_path, monkeypatch):
    words = _articles(tmp_path / "in", 120)
    lib = Library(tmp_path / "lib")
    lib.import_paths([tmp_path / "in"]).run()
    started = []
    real = index_helper.HelperProcess.__init__

    def counting(self, kind):
        started.append(kind)
        real(self, kind)
    monkeypatch.setattr(index_helper.HelperProcess, "__init__", counting)
    with lib.store.transaction():
        lib.store.mark_all_unindexed()      # as after the index was lost and rebuilt
    lib.ingest.helper_min_docs = 1
    for _ in lib.reindex_job():
        pass
    assert started == ["index"]
    assert lib.index.doc_count() == 120
    assert all(_hits(lib, w) == 1 for w in words)
    assert not lib.store.unindexed()
