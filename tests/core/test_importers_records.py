"""Collections: JSON Lines and CSV, streamed, with per-record failures."""

import codecs
import csv
import json

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import Limits, read_path
from reader.core.model import Extracted, RecordFailure

NEWSWIRE = ("Oil prices fell on Monday as traders\nweighed rising supplies against demand.\n\n"
            "Brent crude was down 1.2 percent.")


def lines(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                   for r in records)


def test_jsonl_fields_aliases_and_failures(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(lines(
        {"id": 17, "title": "Oil falls", "text": NEWSWIRE, "source": "Reuters",
         "authors": ["A. Smith", "B. Jones"], "date": "2019-03-04 10:00:00 +0000",
         "url": "https://x.example/1", "tags": ["oil", "markets"]},
        {"headline": "Second", "body": "One line body.", "outlet": "AP", "author": "C. Doe",
         "published": "March 5, 2019", "link": "https://x.example/2", "tags": "a, b"},
        '{"title": "broken", "text": "x" "y"}',
        "",
        {"title": "No body here"},
        ["not", "an", "object"],
        {"content": "Third body.", "publication_date": "sometime in spring", "sitename": "S"},
    ), encoding="utf-8")
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["Extracted", "Extracted", "RecordFailure",
                                                 "RecordFailure", "RecordFailure", "Extracted"]
    a, b, bad_json, no_text, not_obj, c = items
    assert (a.record_id, a.locator, a.title, a.source, a.author) == (
        "17", "line 1", "Oil falls", "Reuters", "A. Smith, B. Jones")
    assert (a.date, a.url, a.tags, a.reflow) == ("2019-03-04T10:00:00+00:00",
                                                 "https://x.example/1", ["oil", "markets"], True)
    assert a.text == NEWSWIRE
    assert (b.record_id, b.title, b.source, b.author, b.date, b.tags, b.reflow) == (
        None, "Second", "AP", "C. Doe", "2019-03-05", ["a", "b"], False)
    assert bad_json == RecordFailure("line 3", "invalid JSON: Expecting ',' delimiter")
    assert no_text == RecordFailure("line 5", "no text/body field")
    assert not_obj == RecordFailure("line 6", "not a JSON object")
    assert (c.locator, c.date, c.source) == ("line 7", "sometime in spring", "S")


def test_ndjson_with_bom_crlf_and_bad_utf8_line(tmp_path):
    p = tmp_path / "c.ndjson"
    good = json.dumps({"id": "a", "text": "Grüße aus Köln."}, ensure_ascii=False).encode()
    p.write_bytes(codecs.BOM_UTF8 + good + b"\r\n" + b'{"text": "bad \xff byte"}\r\n' + good
                  + b"\r\n")
    items = list(read_path(p))
    assert isinstance(items[0], Extracted) and items[0].text == "Grüße aus Köln."
    assert items[1] == RecordFailure("line 2", "not valid UTF-8 (invalid byte 0xFF at column 15)")
    assert isinstance(items[2], Extracted) and items[2].locator == "line 3"


def test_jsonl_in_a_legacy_encoding(tmp_path):
    p = tmp_path / "legacy.jsonl"
    rec = {"title": "Œuvres", "text": "L’œuf de volaille est un produit agricole « français »."}
    p.write_bytes((json.dumps(rec, ensure_ascii=False) + "\n").encode("cp1252") * 30)
    items = list(read_path(p))
    assert len(items) == 30 and items[0].text == rec["text"] and items[0].title == "Œuvres"


def test_jsonl_utf16(tmp_path):
    p = tmp_path / "u16.jsonl"
    p.write_bytes(codecs.BOM_UTF16_LE + lines({"text": "Grüße."}, {"text": "Zwei."})
                  .encode("utf-16-le"))
    assert [i.text for i in read_path(p)] == ["Grüße.", "Zwei."]


def test_overlong_record_is_skipped(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(lines({"text": "x" * 5000}, {"text": "small"}), encoding="utf-8")
    items = list(read_path(p, Limits(record_bytes=1000)))
    assert items[0] == RecordFailure("line 1", "record over the 1000 bytes limit")
    assert items[1].text == "small" and items[1].locator == "line 2"


def test_collection_is_streamed_lazily(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text(lines(*({"id": str(i), "text": f"Body {i}."} for i in range(1000))),
                 encoding="utf-8")
    it = read_path(p)
    first = next(it)
    assert first.record_id == "0"
    assert sum(1 for _ in it) == 999


def test_empty_collection_file(tmp_path):
    p = tmp_path / "e.jsonl"
    p.write_bytes(b"")
    with pytest.raises(ImportFailure, match="^empty file$"):
        list(read_path(p))


def test_binary_collection_file(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    with pytest.raises(ImportFailure, match="^a zip archive, not JSON Lines: binary data, not text"):
        list(read_path(p))


def write_csv(path, rows, **kw):
    with open(path, "w", encoding=kw.pop("encoding", "utf-8"), newline="") as fh:
        csv.writer(fh, **kw).writerows(rows)
    return path


def test_csv_rows_quoting_and_failures(tmp_path):
    p = write_csv(tmp_path / "c.csv", [
        ["id", "Title", "Body", "Source", "Authors", "Date", "Link", "Tags"],
        ["a1", "Oil falls", NEWSWIRE, "Reuters", "A. Smith", "2019-03-04", "https://x/1",
         "oil, markets"],
        ["a2", "No text", "", "AP", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
        ["a3", "Comma, inside", 'She said "yes", then left.', "AP", "", "05.03.2019", "", ""],
        ["a4", "Too many", "text", "AP", "", "", "", "", "extra"],
    ])
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["Extracted", "RecordFailure", "Extracted",
                                                 "RecordFailure"]
    a, no_text, c, extra = items
    assert (a.record_id, a.locator, a.title, a.text, a.reflow, a.tags, a.date) == (
        "a1", "row 2", "Oil falls", NEWSWIRE, True, ["oil", "markets"], "2019-03-04")
    assert no_text == RecordFailure("row 3", "no text/body field")
    assert (c.locator, c.text, c.date) == ("row 5", 'She said "yes", then left.', "2019-03-05")
    assert extra == RecordFailure("row 6", "9 fields but the header names 8 columns")


def test_csv_semicolons_and_cp1252(tmp_path):
    p = write_csv(tmp_path / "eu.csv", [["titre", "texte"], ["Été", "Un œuf « frais » — déjà."]]
                  * 1, delimiter=";", encoding="cp1252")
    p.write_bytes(p.read_bytes().replace(b"texte", b"content"))
    (item,) = list(read_path(p))
    assert item.text == "Un œuf « frais » — déjà."


def test_csv_needs_a_header_with_a_text_column(tmp_path):
    p = write_csv(tmp_path / "nohead.csv", [["Oil falls", "Prices fell on Monday."]])
    with pytest.raises(ImportFailure, match=r"^CSV has no header row naming a text column"):
        list(read_path(p))


def test_csv_huge_field(tmp_path):
    p = write_csv(tmp_path / "huge.csv", [["text"], ["word " * 100_000]])
    (item,) = list(read_path(p))
    assert len(item.text) == len("word " * 100_000) - 1


def test_csv_tabs_and_utf16(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes(codecs.BOM_UTF16_LE + "title\ttext\nOne\tBody; with, separators.\n"
                  .encode("utf-16-le"))
    (item,) = list(read_path(p))
    assert (item.title, item.text) == ("One", "Body; with, separators.")


def test_single_column_csv_with_punctuated_text(tmp_path):
    p = write_csv(tmp_path / "one.csv", [["text"], ["Prices rose; analysts, surprised, wait."],
                                         ["Second; row."]])
    assert [i.text for i in read_path(p)] == ["Prices rose; analysts, surprised, wait.",
                                              "Second; row."]
