"""A process killed mid-import, and two processes on one library, never damage the library."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from reader.core.library import Library
from tests.helpers import REPO, run_cli, synthetic_records, write_jsonl

N = 3000


def _count(db_path) -> int:
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _start_import(lib, path):
    env = dict(os.environ)
    env.pop("READER_LIBRARY", None)
    return subprocess.Popen([sys.executable, "-m", "reader", "--library", str(lib), "import",
                             str(path), "--json"], cwd=str(REPO), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _check_consistent(lib_dir):
    with Library(lib_dir) as lib:
        n = lib.store.count()
        db = sqlite3.connect(lib_dir / "library.sqlite3")
        try:
            no_spans = db.execute(
                "SELECT count(*) FROM documents d WHERE NOT EXISTS "
                "(SELECT 1 FROM sentences s WHERE s.doc_id = d.id)").fetchone()[0]
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()
        assert no_spans == 0                       # no half-imported document
        assert lib.store.unindexed() == []          # caught up on open
        assert lib.index.doc_count() == n
        hits = lib.search("report", limit=5).hits if n else []
        assert len(hits) == min(n, 5)
        return n


@pytest.mark.parametrize("when", ["early", "middle", "late"])
def test_sigkill_mid_import_leaves_a_library_that_opens(tmp_path, when):
    src = write_jsonl(tmp_path / "big.jsonl", synthetic_records(N, words=120))
    lib = tmp_path / "lib"
    proc = _start_import(lib, src)
    target = {"early": 1, "middle": N // 3, "late": (2 * N) // 3}[when]
    deadline = time.monotonic() + 60
    while _count(lib / "library.sqlite3") < target and proc.poll() is None:
        assert time.monotonic() < deadline, "import made no progress"
        time.sleep(0.01)
    if proc.poll() is not None:
        proc.communicate()
        pytest.fail("import finished before it could be killed; make the input larger")
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    n = _check_consistent(lib)
    assert n < N
    # A re-run completes the import.
    r = run_cli("import", str(src), "--json", library=lib)
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert len(out["imported"]) + len(out["unchanged"]) == N
    assert _check_consistent(lib) == N


def test_two_processes_importing_at_once(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", synthetic_records(1500, words=100, seed=1))
    recs_b = synthetic_records(300, words=100, seed=2)
    for r in recs_b:
        r["id"] = "b-" + r["id"]
    b = write_jsonl(tmp_path / "b.jsonl", recs_b)
    lib = tmp_path / "lib"
    p1 = _start_import(lib, a)
    while _count(lib / "library.sqlite3") < 1:
        time.sleep(0.01)
    p2 = _start_import(lib, b)         # waits for the first (default wait: 30 s)
    out1, err1 = p1.communicate(timeout=120)
    out2, err2 = p2.communicate(timeout=120)
    assert p1.returncode == 0, err1.decode()
    if p2.returncode == 0:
        assert len(json.loads(out2)["imported"]) == 300
        expected = 1800
    else:                               # it may also give up with a clear message
        assert p2.returncode == 3 and b"busy" in err2
        expected = 1500
    assert _check_consistent(lib) == expected


def test_readers_work_while_a_writer_imports(tmp_path):
    lib = tmp_path / "lib"
    run_cli("import", str(write_jsonl(tmp_path / "s.jsonl", synthetic_records(50, seed=3))),
            library=lib)
    big = synthetic_records(2000, words=100, seed=4)
    for r in big:
        r["id"] = "big-" + r["id"]
    p = _start_import(lib, write_jsonl(tmp_path / "big.jsonl", big))
    try:
        r = run_cli("search", "report", "--json", library=lib)
        assert r.returncode == 0 and len(json.loads(r.stdout)) == 10
        assert run_cli("list", "--json", library=lib).returncode == 0
    finally:
        p.communicate(timeout=120)
    assert p.returncode == 0


def test_stale_locks_of_a_killed_writer_are_recovered(tmp_path):
    """A process killed while it held the library lock and Whoosh's write lock."""
    lib = tmp_path / "lib"
    code = ("import sys, time\n"
            "from reader.core.library import Library\n"
            "lib = Library(sys.argv[1])\n"
            "with lib.lock.hold():\n"
            "    w = lib.index.writer()\n"
            "    print('holding', flush=True)\n"
            "    time.sleep(60)\n")
    p = subprocess.Popen([sys.executable, "-c", code, str(lib)], cwd=str(REPO),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline().strip() == b"holding"
    assert (lib / "index" / "MAIN_WRITELOCK").exists()
    p.send_signal(signal.SIGKILL)
    p.communicate()
    with Library(lib, lock_timeout=5) as library:
        report = library.import_paths([write_jsonl(tmp_path / "a.jsonl",
                                                   synthetic_records(3))]).run()
        assert len(report.imported) == 3 and library.index.doc_count() == 3
