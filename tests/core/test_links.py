"""One shape for a link (links.LinkRow / LinkEnd), its why read from either side, conflict
values stored as data, and the schema migration that brought them to existing libraries."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core import schema
from reader.core.library import Library
from reader.core.links import (DISPUTE, RELATIONS, LinkRow, flip_why, is_dispute, join_why,
                               legacy_values, read_update, read_values, said_by, shared_why,
                               updates_why, values_why)
from reader.core.store import Store

ROW = LinkRow("a", 0, 10, "b", 5, 9, "conflicts", 0.7,
              "troops: 1,500 vs approximately 14,000; shared: North Korean, deployed",
              "troops", "1,500", "approximately 14,000")


def test_relations_are_defined_once_most_visible_first():
    assert RELATIONS == ("conflicts", "updates", "agrees", "related")


def test_who_said_each_value_is_written_read_and_flipped():
    head = values_why("troops sent", "1,500", "14,000",
                      said_by("South Korea's intelligence service", "EuropeNews"),
                      said_by("Ukrainian military intelligence", "Reuters"))
    assert head == ("troops sent: 1,500 (South Korea's intelligence service, EuropeNews) vs "
                    "14,000 (Ukrainian military intelligence, Reuters)")
    why = join_why(head, DISPUTE, shared_why(["troops"]))
    assert is_dispute(why) and not is_dispute(ROW.why)
    assert read_values(why) == ("troops sent", "1,500", "South Korea's intelligence service, "
                                "EuropeNews", "14,000", "Ukrainian military intelligence, Reuters")
    row = ROW._replace(why=why, fact="troops sent", a_value="1,500", b_value="14,000")
    assert flip_why(row) == ("troops sent: 14,000 (Ukrainian military intelligence, Reuters) vs "
                             "1,500 (South Korea's intelligence service, EuropeNews); "
                             "dispute between speakers; shared: troops")
    assert read_values(ROW.why) == ("troops", "1,500", "", "approximately 14,000", "")
    assert values_why("troops", "1", "2", "a (b); c", "") == "troops: 1 vs 2"   # one side: none


def test_an_update_reads_oldest_first_from_both_sides():
    why = join_why(updates_why("death toll", "12", "31"), shared_why(["floods"]))
    assert why == "death toll: 12 → 31 (updated); shared: floods"
    assert read_update(why) == ("death toll", "12", "31")
    assert read_update(ROW.why) is None and read_values(why) is None
    row = ROW._replace(relation="updates", why=why, fact="death toll", a_value="31",
                       b_value="12")
    assert flip_why(row) == why


def test_a_link_seen_from_each_side():
    here, end = ROW.seen_from("a")
    assert here == ("a", 0, 10)
    assert (end.doc_id, end.start, end.end, end.own_value, end.other_value) == \
        ("b", 5, 9, "1,500", "approximately 14,000")
    assert end.why == ROW.why
    here, end = ROW.seen_from("b")
    assert here == ("b", 5, 9)
    assert (end.doc_id, end.own_value, end.other_value) == ("a", "approximately 14,000", "1,500")
    assert end.why == ("troops: approximately 14,000 vs 1,500; shared: North Korean, deployed")


def test_the_why_is_written_and_read_in_one_place():
    why = join_why(values_why("date", "Tuesday", "Wednesday"), "", shared_why(["vote"]))
    assert why == "date: Tuesday vs Wednesday; shared: vote"
    row = ROW._replace(why=why, fact="date", a_value="Tuesday", b_value="Wednesday")
    assert flip_why(row) == "date: Wednesday vs Tuesday; shared: vote"
    assert flip_why(ROW._replace(fact="", why="shared: x")) == "shared: x"
    assert legacy_values(ROW.why) == ("troops", "1,500", "approximately 14,000")
    assert legacy_values("one denies what the other states ('not'); shared: x") == ("", "", "")
    assert legacy_values("the two nations: Russia and North Korea") == ("", "", "")


def test_links_keep_their_values_in_the_store(tmp_path):
    store = Store(tmp_path / "lib.sqlite3")
    try:
        with store.transaction() as db:
            for doc in ("a", "b"):
                db.execute("INSERT INTO documents(id, origin, content_hash, text, words) "
                           "VALUES (?, ?, ?, 'x', 1)", (doc, doc, doc))
            store.add_links([ROW])
        assert store.links() == [ROW]
    finally:
        store.close()


_V2_LINKS = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '2');
CREATE TABLE links (
    a_doc TEXT NOT NULL, a_start INTEGER NOT NULL, a_end INTEGER NOT NULL,
    b_doc TEXT NOT NULL, b_start INTEGER NOT NULL, b_end INTEGER NOT NULL,
    relation TEXT NOT NULL, score REAL NOT NULL, why TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (a_doc, a_start, a_end, b_doc, b_start, b_end)) WITHOUT ROWID;
INSERT INTO links VALUES ('a', 0, 10, 'b', 5, 9, 'conflicts', 0.7,
                          'troops: 1,500 vs approximately 14,000; shared: North Korean');
INSERT INTO links VALUES ('a', 20, 30, 'b', 0, 4, 'agrees', 0.8, 'shared: ties');
"""


def test_a_schema_2_library_gains_the_values_of_its_conflicts(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(_V2_LINKS)
    db.close()
    store = Store(path)
    try:
        assert store.get_meta("schema_version") == str(schema.SCHEMA_VERSION)
        rows = store.links()
        assert [(r.relation, r.fact, r.a_value, r.b_value) for r in rows] == [
            ("conflicts", "troops", "1,500", "approximately 14,000"),
            ("agrees", "", "", "")]
        assert rows[0].why.startswith("troops: 1,500 vs approximately 14,000")
    finally:
        store.close()
    Store(path).close()                       # opening it again changes nothing


def test_a_library_of_a_newer_reader_is_refused_unchanged(tmp_path):
    path = tmp_path / "new.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     f"INSERT INTO meta VALUES ('schema_version', '{schema.SCHEMA_VERSION + 1}');")
    db.close()
    with pytest.raises(RuntimeError, match="newer Reader"):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta").fetchone()[0] == str(schema.SCHEMA_VERSION + 1)
    db.close()


def test_the_seed_conflicts_carry_their_values(tmp_path):
    with Library(tmp_path / "lib") as lib:
        lib.seed_if_new()
        for _ in lib.cross_reference():
            pass
        conflicts = lib.links(relation="conflicts")
        assert conflicts
        for r in conflicts:
            if r.fact:
                text_a, text_b = lib.get(r.a_doc).text, lib.get(r.b_doc).text
                assert r.a_value in text_a[r.a_start:r.a_end]
                assert r.b_value in text_b[r.b_start:r.b_end]
                assert r.why.startswith(values_why(r.fact, r.a_value, r.b_value))
        assert {r.fact for r in conflicts} >= {"troops"}
