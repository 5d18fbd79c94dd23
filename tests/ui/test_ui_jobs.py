"""The plain-Python parts behind the window: pasted text as an article, history, link index."""

from __future__ import annotations

from reader.core.links import LinkRow
from reader.ui.reading.linkindex import LinkIndex
from reader.ui.window.history import History, Location
from reader.ui.work.jobs import pasted_article, write_inbox_file


def test_pasted_text_becomes_markdown_with_its_first_line_as_title():
    name, content = pasted_article("Harvest news\n\nFarmers brought in a record harvest.", 0)
    assert name.startswith("pasted-") and name.endswith(".md")
    assert content.startswith('---\ntitle: "Harvest news"\n---\n\nFarmers brought in')


def test_a_pasted_list_of_addresses_is_kept_as_links_and_never_fetched(tmp_path):
    name, content = pasted_article("https://example.org/a\nhttps://example.org/b\n", 0)
    assert name.startswith("links-")
    assert "<https://example.org/a>" in content and "<https://example.org/b>" in content
    first = write_inbox_file(tmp_path, name, content)
    second = write_inbox_file(tmp_path, name, content)      # never overwrites
    assert first != second and first.read_text() == content == second.read_text()


def test_history_goes_back_and_forward_like_a_browser():
    h = History()
    a, b, c = Location("a", 0), Location("b", 10), Location("c", 20)
    h.visit(a)               # leaving a for b
    h.visit(b)               # leaving b for c
    assert h.back(c) == b and h.back(b) == a and h.back(a) is None
    assert h.forward(a) == b and h.forward(b) == c
    h.back(c)
    h.visit(b)               # a new place drops the forward list
    assert not h.can_forward()


def test_link_index_turns_rows_around_and_finds_claims():
    rows = [LinkRow("a", 0, 10, "b", 5, 9, "conflicts", 0.7,
                    "troops: 1,500 vs 14,000; shared: x", "troops", "1,500", "14,000"),
            LinkRow("b", 20, 30, "c", 0, 4, "agrees", 0.8, "")]
    idx = LinkIndex("b", rows)
    assert [(c.start, c.end) for c in idx.claims] == [(5, 9), (20, 30)]
    end = idx.at(6).links[0]
    assert (end.doc_id, end.start, end.other_value, end.own_value) == ("a", 0, "1,500", "14,000")
    assert end.why.startswith("troops: 14,000 vs 1,500; shared: x")
    assert idx.next(9).start == 20 and idx.next(9, "conflicts") is None
    assert idx.previous(20).start == 5 and idx.at(15) is None
