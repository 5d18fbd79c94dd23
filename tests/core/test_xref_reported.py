"""Who reported a value and when, in the engine: a later running tally is an update of the
earlier one (not a conflict), and a conflict between two attributed figures names both
speakers and outlets and is a dispute between speakers. Real libraries, two documents each."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.links import is_dispute, read_update, read_values
from tests.helpers import write_jsonl

FLOODS = [
    {"id": "early", "title": "Floods hit the northern province", "source": "EuropeNews",
     "date": "2024-05-01",
     "text": "Heavy floods swept through the northern province of Valdora on Tuesday, destroying "
             "homes and bridges. The death toll from the floods in Valdora stood at 12 on "
             "Tuesday evening, local officials said. Rescue teams were searching for survivors "
             "in the flooded villages along the river."},
    {"id": "later", "title": "Valdora floods: death toll rises", "source": "Reuters",
     "date": "2024-05-03",
     "text": "Rescue teams were still searching for survivors in the flooded villages of the "
             "northern province of Valdora. The death toll from the floods in Valdora has risen "
             "to 31, local officials said on Thursday. Heavy floods swept through the province "
             "on Tuesday, destroying homes and bridges."},
]

TROOPS = [
    {"id": "seoul", "title": "North Korean troops in Russia", "source": "EuropeNews",
     "date": "2024-10-20",
     "text": "North Korea has sent soldiers to fight for Russia in its war against Ukraine. "
             "According to South Korea's National Intelligence Service, 1,500 North Korean "
             "troops have been sent to Russia for the war in Ukraine. The soldiers were flown "
             "to Vladivostok for training before being sent to the front."},
    {"id": "kyiv", "title": "Kyiv counts North Korean troops", "source": "Reuters",
     "date": "2024-10-20",
     "text": "North Korea has sent soldiers to fight for Russia in its war against Ukraine. "
             "Ukraine's military intelligence said 14,000 North Korean troops have been sent to "
             "Russia for the war in Ukraine. The soldiers were flown to Vladivostok for "
             "training before being sent to the front."},
]


def _library(tmp_path, records):
    write_jsonl(tmp_path / "articles.jsonl", records)
    lib = Library(tmp_path / "lib")
    lib.import_paths([tmp_path / "articles.jsonl"]).run()
    for _ in lib.cross_reference():
        pass
    return lib


def _texts(lib, link):
    return lib.get(link.a_doc).text[link.a_start:link.a_end], \
        lib.get(link.b_doc).text[link.b_start:link.b_end]


@pytest.fixture
def floods(tmp_path):
    lib = _library(tmp_path, FLOODS)
    yield lib
    lib.close()


def test_a_later_death_toll_updates_the_earlier_one(floods):
    links = floods.links()
    tolls = [link for link in links if any("death toll" in t for t in _texts(floods, link))
             and all("death toll" in t for t in _texts(floods, link))]
    assert [link.relation for link in tolls] == ["updates"], links
    link = tolls[0]
    assert read_update(link.why) == ("death toll", "12", "31")      # old → new, by date
    assert link.why.startswith("death toll: 12 → 31 (updated)")
    assert link.fact == "death toll"
    by_doc = {link.a_doc: link.a_value, link.b_doc: link.b_value}
    assert {floods.get(d).date[:10]: v for d, v in by_doc.items()} == \
        {"2024-05-01": "12", "2024-05-03": "31"}
    assert not [link for link in links if link.relation == "conflicts"]
    assert floods.links(relation="updates") == tolls


def test_the_update_reads_oldest_first_from_either_side(floods):
    link = floods.links(relation="updates")[0]
    for doc in (link.a_doc, link.b_doc):
        _, end = link.seen_from(doc)
        assert end.why.startswith("death toll: 12 → 31 (updated)")


def test_a_toll_that_falls_unrevised_is_no_update(tmp_path):
    records = [dict(FLOODS[0]), dict(FLOODS[1])]
    records[1]["text"] = records[1]["text"].replace("has risen to 31", "stood at 7")
    lib = _library(tmp_path, records)
    try:
        assert lib.links(relation="updates") == []
    finally:
        lib.close()


def test_two_speakers_figures_are_a_dispute_naming_both(tmp_path):
    lib = _library(tmp_path, TROOPS)
    try:
        conflicts = lib.links(relation="conflicts")
        assert len(conflicts) == 1, lib.links()
        link = conflicts[0]
        fact, first, first_by, second, second_by = read_values(link.why)
        said = {first: first_by, second: second_by}
        assert said == {"1,500": "South Korea's National Intelligence Service, EuropeNews",
                        "14,000": "Ukraine's military intelligence, Reuters"}
        assert is_dispute(link.why)
        assert link.why.startswith(f"{link.fact}: {link.a_value} (")
    finally:
        lib.close()


def test_an_unattributed_conflict_keeps_its_why(tmp_path):
    records = [dict(r) for r in TROOPS]
    records[0]["text"] = records[0]["text"].replace(
        "According to South Korea's National Intelligence Service, 1,500", "In all, 1,500")
    lib = _library(tmp_path, records)
    try:
        link = lib.links(relation="conflicts")[0]
        assert link.why.startswith(f"{link.fact}: {link.a_value} vs {link.b_value}")
        assert not is_dispute(link.why) and "Reuters" not in link.why
    finally:
        lib.close()


def test_one_speaker_named_twice_is_no_dispute():
    from reader.core.links import LinkRow
    from reader.core.xref.reported import with_speakers
    row = LinkRow("a", 0, 9, "b", 0, 9, "conflicts", 0.5, "troops: 1,500 vs 14,000; shared: x",
                  "troops", "1,500", "14,000")
    same = with_speakers(row, "President Trump said 1,500 troops were sent.",
                         "Trump said 14,000 troops were sent.", "fox", "hpo")
    assert same.why == "troops: 1,500 (President Trump, fox) vs 14,000 (Trump, hpo); shared: x"
    one_named = with_speakers(row, "President Trump said 1,500 troops were sent.",
                              "Some 14,000 troops were sent.", "fox", "hpo")
    assert one_named == row
