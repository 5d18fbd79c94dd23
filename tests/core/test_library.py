"""The library on disk: real SQLite and a real Whoosh index in a temporary folder."""

from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest

from reader.core.errors import LibraryBusy, NotFound
from reader.core.library import Library
from tests.helpers import ARTICLE, SEEDS, synthetic_records, write, write_jsonl


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib")
    yield library
    library.close()


def _ids(report_part):
    return [d["id"] for d in report_part]


def test_import_seeds_and_search_them(lib, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    report = lib.import_paths([folder]).run()
    assert len(report.imported) == 3 and not report.failed
    docs = {d.title: d for d in lib.documents()}
    europe = next(d for d in docs.values() if d.source == "EuropeNews")
    assert europe.title == "Russia Relies on North Korean Forces and Foreign Labor for Ukraine War"
    hits = lib.search("troops").hits
    assert len(hits) == 3
    for h in hits:
        text = lib.get(h.id).text
        for s in h.snippets:
            assert text[s.start:s.end] == s.text
            assert any(text[a:b].lower().startswith("troop") for a, b in s.matches)


def test_sentences_and_paragraphs_are_spans_into_the_text(lib, tmp_path):
    lib.import_paths([write(tmp_path / "a.txt", ARTICLE)]).run()
    (doc,) = lib.documents()
    text = lib.get(doc.id).text
    paras = lib.paragraphs(doc.id)
    sents = lib.sentences(doc.id)
    assert [text[s:e] for s, e in paras] == text.split("\n\n")
    assert text[sents[0][0]:sents[0][1]] == ("North Korea has sent troops to Russia, officials "
                                              "in Seoul said on Monday.")
    assert len(sents) == 4   # "U.S." and "Mr." / "Jan." do not end sentences


def test_reimport_unchanged_changed_and_duplicate(lib, tmp_path):
    a = write(tmp_path / "a.txt", ARTICLE)
    first = lib.import_paths([a]).run()
    (doc_id,) = _ids(first.imported)
    again = lib.import_paths([a]).run()
    assert _ids(again.unchanged) == [doc_id] and not again.imported
    changed_text = ARTICLE + "\n\nA new closing paragraph was added later."
    write(a, changed_text)
    changed = lib.import_paths([a]).run()
    assert _ids(changed.imported) == [doc_id]            # same id, updated in place
    assert "closing paragraph" in lib.get(doc_id).text
    assert len(lib.search('"closing paragraph"').hits) == 1
    b = write(tmp_path / "copy" / "b.txt", changed_text)
    dup = lib.import_paths([b]).run()
    assert _ids(dup.duplicates) == [doc_id] and not dup.imported
    assert lib.store.count() == 1
    assert len(lib.search("Pyongyang").hits) == 1         # not indexed twice


def test_record_ids_are_kept_and_bad_records_reported(lib, tmp_path):
    recs = synthetic_records(3)
    path = write_jsonl(tmp_path / "c.jsonl", recs)
    with path.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    report = lib.import_paths([path]).run()
    assert sorted(_ids(report.imported)) == ["rec-00000", "rec-00001", "rec-00002"]
    assert len(report.failed) == 1 and "line 4" in report.failed[0]["error"]
    assert lib.get("rec-00001").title == "Report number 1"


def test_remove_deletes_everywhere(lib, tmp_path):
    lib.import_paths([write_jsonl(tmp_path / "c.jsonl", synthetic_records(2))]).run()
    removed, missing = lib.remove(["rec-00000", "nope"])
    assert removed == ["rec-00000"] and missing == ["nope"]
    with pytest.raises(NotFound):
        lib.get("rec-00000")
    assert lib.index.doc_count() == 1
    assert all(h.id != "rec-00000" for h in lib.search("report").hits)
    assert lib.store.spans("rec-00000", "sentences") == []


def test_index_is_rebuilt_when_missing_or_damaged(tmp_path):
    root = tmp_path / "lib"
    with Library(root) as lib:
        lib.import_paths([write_jsonl(tmp_path / "c.jsonl", synthetic_records(5))]).run()
    shutil.rmtree(root / "index")
    with Library(root) as lib:
        assert lib.index.doc_count() == 5
        assert len(lib.search("report", limit=50).hits) == 5
    for f in (root / "index").glob("*.toc"):
        f.write_bytes(b"garbage")
    with Library(root) as lib:
        assert lib.index.doc_count() == 5


def test_unindexed_documents_and_pending_removals_are_caught_up(tmp_path):
    """What a process killed between the SQLite commit and the Whoosh commit leaves behind."""
    root = tmp_path / "lib"
    with Library(root) as lib:
        lib.import_paths([write_jsonl(tmp_path / "c.jsonl", synthetic_records(4))]).run()
    db = sqlite3.connect(root / "library.sqlite3")
    with db:
        db.execute("UPDATE documents SET indexed = 0")
        db.execute("DELETE FROM documents WHERE id = 'rec-00003'")
        db.execute("INSERT INTO pending_removals VALUES ('rec-00003')")
    db.close()
    with Library(root) as lib:
        assert lib.store.unindexed() == [] and lib.store.pending_removals() == []
        assert lib.index.doc_count() == 3


def test_second_writer_waits_then_gets_a_clear_message(tmp_path):
    root = tmp_path / "lib"
    with Library(root, lock_timeout=0.3) as one, Library(root, lock_timeout=0.3) as two:
        with one.lock.hold():
            with pytest.raises(LibraryBusy, match="busy"):
                two.import_paths([write(tmp_path / "a.txt", ARTICLE)]).run()
        report = two.import_paths([tmp_path / "a.txt"]).run()
        assert len(report.imported) == 1


def test_cancel_keeps_finished_documents_consistent(lib, tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", synthetic_records(400, words=60))
    cancel = threading.Event()
    job = lib.import_paths([path], cancel=cancel)
    for p in job:
        if p.imported >= 100:
            cancel.set()
    assert job.report.cancelled
    n = lib.store.count()
    assert 100 <= n < 400
    assert lib.index.doc_count() == n and lib.store.unindexed() == []
    rest = lib.import_paths([path]).run()
    assert len(rest.unchanged) == n and len(rest.imported) == 400 - n


def test_failed_file_leaves_the_rest_imported(lib, tmp_path):
    good = write(tmp_path / "in" / "good.txt", ARTICLE)
    write(tmp_path / "in" / "empty.txt", "")
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    report = lib.import_paths([tmp_path / "in"]).run()
    assert [d["path"] for d in report.imported] == [str(good)]
    reasons = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report.failed}
    assert set(reasons) == {"empty.txt", "bin.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["bin.txt"]
