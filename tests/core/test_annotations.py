"""JSON export (W3C Web Annotations) followed by an import into a fresh library."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.core.export import import_annotations
from reader.core.errors import InvalidArgument
from reader.core.export import export
from reader.core.library import Library
from tests.annotated import SEED0, SEED2, SEED3, annotate, seeded_library
from tests.helpers import SEEDS, write, write_jsonl


def _xref(lib):
    for _ in lib.cross_reference():
        pass


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The JSON export of the annotated seeds, with one link rejected and one accepted."""
    tmp = tmp_path_factory.mktemp("annotations")
    lib = seeded_library(tmp / "lib")
    annotate(lib)
    _xref(lib)
    conflicts = lib.links(relation="conflicts")
    lib.highlights.decide(conflicts[0], "rejected")
    lib.highlights.decide(conflicts[1], "accepted")
    data = json.loads(export(lib, "json", kind="all"))
    state = _state(lib)
    rejected, accepted = conflicts[0], conflicts[1]
    lib.close()
    return data, state, rejected, accepted


def _state(lib):
    return ([(h.doc_id, h.start, h.end, h.quote, h.prefix, h.suffix, h.color, h.note, h.tags,
              h.link, h.created, h.updated, h.orphaned) for h in lib.highlights.list()],
            lib.highlights.labels())


def test_export_is_a_web_annotation_collection(exported):
    data, *_ = exported
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["first"]["type"] == "AnnotationPage"
    items = data["first"]["items"]
    mine = [a for a in items if a["motivation"] == "highlighting"]
    assert len(mine) == 5 and data["total"] == len(items)
    pinned = next(a for a in mine if a["target"]["source"] == f"reader:doc/{SEED3}"
                  and a.get("reader:color") == "pink")
    purposes = [b["purpose"] for b in pinned["body"]]
    assert purposes == ["commenting", "tagging", "tagging", "linking"]
    link = pinned["body"][-1]
    assert link["type"] == "SpecificResource" and link["source"] == f"reader:doc/{SEED0}"
    assert link["reader:relation"] == "conflicts"
    assert [s["type"] for s in pinned["target"]["selector"]] == ["TextQuoteSelector",
                                                                 "TextPositionSelector"]
    linking = [a for a in items if a["motivation"] == "linking"]
    assert linking and all(len(a["target"]) == 2 for a in linking)
    assert {a["reader:decision"] for a in linking} == {None, "accepted"}
    assert sorted(d["decision"] for d in data["reader:linkDecisions"]) == ["accepted", "rejected"]


def test_round_trip_into_a_fresh_library(exported, tmp_path):
    data, state, rejected, accepted = exported
    with seeded_library(tmp_path / "fresh") as lib:
        report = import_annotations(lib, data)
        assert report.failed == [] and len(report.restored) == 5 and report.decisions == 2
        assert _state(lib) == state
        _xref(lib)
        assert rejected in lib.store.links() and rejected not in lib.links()
        assert lib.highlights.decision(accepted) == "accepted"
        again = import_annotations(lib, data)
        assert again.unchanged == 5 and again.restored == [] and len(lib.highlights.list()) == 5


def test_documents_matched_by_content_when_ids_differ(exported, tmp_path):
    data, state, *_ = exported
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = tmp_path / "file.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([folder]).run()
        ids = {d.source or d.title[:8]: d.id for d in lib.documents()}
        assert SEED0 not in ids.values()
        report = import_annotations(lib, path)
        assert report.failed == [] and len(report.restored) == 5
        by_doc = {}
        for h in lib.highlights.list():
            by_doc.setdefault(h.doc_id, []).append(h.quote)
        expected = {}
        for doc, s, e, quote, *_ in state[0]:
            expected.setdefault(doc, []).append(quote)
        assert sorted(map(sorted, by_doc.values())) == sorted(map(sorted, expected.values()))
        pinned = next(h for h in lib.highlights.list() if h.link)
        assert pinned.link.doc_id == ids["EuropeNews"]


def test_what_cannot_be_restored_is_reported(exported, tmp_path):
    data, *_ = exported
    with seeded_library(tmp_path / "lib") as lib:
        lib.remove([SEED2])
        old = lib.get(SEED0)
        from reader.core.library import Source
        changed = write(tmp_path / "000.txt", f"EuropeNews\n\n{old.title}\n\nA new first "
                        "paragraph.\n\n" + old.text.replace("mathematics", "arithmetic"))
        lib.import_sources([Source(changed, old.origin, SEED0)]).run()
        report = import_annotations(lib, data)
        assert [f["reason"] for f in report.failed] == [
            f"no document in this library matches 'reader:doc/{SEED2}'"]
        text = lib.get(SEED0).text
        restored = {h.quote: h for h in lib.highlights.list([SEED0])}
        assert len(report.restored) + len(report.orphaned) == 4
        claim = next(q for q in restored if "1,500" in q)
        h = restored[claim]
        assert text[h.start:h.end] == claim and h.start > 127 and not h.orphaned
        assert "“the only thing that works in war is arithmetic”" in restored   # fuzzily


def test_annotations_from_elsewhere(tmp_path):
    rec = {"id": "w1", "title": "Wire story", "url": "https://example.org/story",
           "text": "Officials confirmed the figure on Monday.\n\nNothing else was said."}
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([write_jsonl(tmp_path / "r.jsonl", [rec])]).run()
        foreign = [{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
                    "body": {"type": "TextualBody", "value": "check this"},
                    "target": {"source": "https://example.org/story", "selector": {
                        "type": "TextQuoteSelector", "exact": "confirmed the figure"}}},
                   {"type": "Annotation", "target": {"source": "https://elsewhere.org/x"}}]
        report = import_annotations(lib, foreign)
        (h,) = lib.highlights.list()
        assert (h.doc_id, h.quote, h.note, h.color) == ("w1", "confirmed the figure",
                                                       "check this", "yellow")
        assert len(report.failed) == 1 and "elsewhere.org" in report.failed[0]["reason"]
        for bad in ({"type": "Nothing"}, "no-such-file.json"):
            with pytest.raises(InvalidArgument):
                import_annotations(lib, bad)
        broken = write(tmp_path / "broken.json", "{not json")
        with pytest.raises(InvalidArgument, match="not JSON"):
            import_annotations(lib, broken)
