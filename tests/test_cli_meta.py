"""`reader meta`: show and edit a document's metadata, end to end (separate processes)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ARTICLE, run_cli, write

FRONT = ("---\ntitle: Troops sent north\nsource: Daily Planet\nauthor: Lois Lane\n"
         "date: 2024-10-20\nurl: https://planet.example/troops\n---\n\n")


@pytest.fixture
def article(tmp_path):
    """(library, the file, its document id)."""
    lib = tmp_path / "lib"
    path = write(tmp_path / "in" / "troops.md", FRONT + ARTICLE)
    r = run_cli("import", str(path), "--json", library=lib)
    assert r.returncode == 0, r.stderr.decode()
    (doc,) = json.loads(r.stdout)["imported"]
    return lib, path, doc["id"]


def _meta(lib, *args):
    r = run_cli("meta", *args, "--json", library=lib)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_meta_shows_the_fields_as_text_and_json(article):
    lib, _, doc = article
    out = _meta(lib, doc)
    assert out == {"id": doc, "title": "Troops sent north", "source": "Daily Planet",
                   "author": "Lois Lane", "date": "2024-10-20",
                   "url": "https://planet.example/troops", "edited": []}
    text = run_cli("meta", doc, library=lib).stdout.decode()
    assert text.splitlines() == [f"id:     {doc}", "title:  Troops sent north",
                                 "source: Daily Planet", "author: Lois Lane",
                                 "date:   2024-10-20", "url:    https://planet.example/troops"]


def test_meta_edits_and_prints_the_result(article):
    lib, path, doc = article
    out = _meta(lib, doc, "--title", "Quokka  dispatch", "--date", "3 December 2024",
                "--author", "")
    assert out == {"id": doc, "title": "Quokka dispatch", "source": "Daily Planet",
                   "author": "", "date": "2024-12-03", "url": "https://planet.example/troops",
                   "edited": ["title", "author", "date"]}
    text = run_cli("meta", doc, "--source", "Wombat Gazette", library=lib).stdout.decode()
    assert "title:  Quokka dispatch  (edited)" in text
    assert "source: Wombat Gazette  (edited)" in text and "author:  (edited)" in text
    # the other commands see the edit; a re-import of the same file keeps it
    (listed,) = json.loads(run_cli("list", "--json", library=lib).stdout)
    assert (listed["title"], listed["date"]) == ("Quokka dispatch", "2024-12-03")
    hits = json.loads(run_cli("search", "title:quokka", "--json", library=lib).stdout)
    assert [h["id"] for h in hits] == [doc]
    r = run_cli("import", str(path), "--json", library=lib)
    assert [d["id"] for d in json.loads(r.stdout)["unchanged"]] == [doc]
    assert _meta(lib, doc)["title"] == "Quokka dispatch"


@pytest.mark.parametrize("args, reason", [
    (["--date", "next Tuesday"], "reader: the date 'next Tuesday' cannot be read"),
    (["--title", ""], "reader: the title cannot be empty"),
    (["--url", "planet.example"], "reader: the url 'planet.example' is not a web address"),
])
def test_a_bad_value_exits_2_and_changes_nothing(article, args, reason):
    lib, _, doc = article
    before = _meta(lib, doc)
    r = run_cli("meta", doc, "--source", "Changed", *args, library=lib)
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode().startswith(reason)
    assert _meta(lib, doc) == before


def test_an_unknown_id_exits_1_like_show(article):
    lib, _, _ = article
    for args in (["nope"], ["nope", "--title", "x", "--json"]):
        r = run_cli("meta", *args, library=lib)
        assert r.returncode == 1 and r.stdout == b""
        assert r.stderr.decode().strip() == "reader: no document with id 'nope'"
