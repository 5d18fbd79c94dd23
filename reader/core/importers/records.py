"""Collections of articles: JSON Lines (.jsonl, .ndjson) and CSV (.csv), streamed.

Files are never read whole (they may be gigabytes): the encoding is decided from a prefix
(BOM, else UTF-8, else legacy detection with :func:`decode_bytes`), then records are read one
at a time. Each good record yields an Extracted (``record_id`` = its own "id", ``locator`` =
"line N" / "row N"); a bad record yields a RecordFailure and the rest goes on. A
RecordFailure's ``reason`` does not repeat its ``locator`` (the library shows
"locator: reason", e.g. "line 7: invalid JSON: Expecting ',' delimiter").

Fields (keys are matched case-insensitively; the first present wins):

=========  ============================================================
text       text, body, content, article, articleBody, maintext
title      title, headline
source     source, outlet, sitename, site, publisher
author     author, authors (a list is joined "A, B"), byline
date       date, published, publication_date, pubdate, published_at, datetime
           (ISO when parseable, else kept as given)
url        url, link
tags       tags, keywords, categories (a list, or a comma-separated string)
id         id, _id, guid (kept as a string)
=========  ============================================================

``reflow`` is set for a record whose text contains single newlines (hard-wrapped bodies such
as Reuters newswire). CSV rows are numbered as a spreadsheet shows them: the header is row 1,
the first record row 2. A CSV must have a header row naming a text column.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Iterator

from reader.core.errors import ImportFailure
from reader.core.model import Extracted, RecordFailure

from .decode import decode_bytes, iso_date
from .safety import DEFAULT_LIMITS, Limits, check_file, human_limit, os_reason

FIELDS = {
    "text": ("text", "body", "content", "article", "articlebody", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "sitename", "site", "publisher"),
    "author": ("author", "authors", "byline"),
    "date": ("date", "published", "publication_date", "pubdate", "published_at", "datetime"),
    "url": ("url", "link"),
    "tags": ("tags", "keywords", "categories"),
    "id": ("id", "_id", "guid"),
}
_PREFIX = 256 * 1024
_SINGLE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")


def _flat(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("text") or ""
    if isinstance(value, (list, tuple)):
        return ", ".join(s for s in (_flat(v) for v in value) if s)
    return " ".join(str(value).split())


def _tags(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        items = [_flat(v) for v in value]
    else:
        items = str(value or "").split(",")
    return list(dict.fromkeys(t.strip() for t in items if t and t.strip()))


def make_record(fields: dict, locator: str) -> Extracted | RecordFailure:
    """An Extracted from one record's fields (keys in any case), or a RecordFailure."""
    lower = {str(k).strip().lower(): v for k, v in fields.items() if k is not None}

    def get(name: str):
        for key in FIELDS[name]:
            value = lower.get(key)
            if value not in (None, "", [], {}):
                return value
        return None

    text = get("text")
    if isinstance(text, (list, tuple)):
        text = "\n\n".join(str(t) for t in text if t)
    if text is not None and not isinstance(text, str):
        text = str(text)
    if not text or not text.strip():
        return RecordFailure(locator, "no text/body field")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    record_id = get("id")
    date = get("date")
    return Extracted(
        text=text,
        title=_flat(get("title")),
        source=_flat(get("source")),
        author=_flat(get("author")),
        date=iso_date(date, keep=True) if not isinstance(date, (int, float)) else str(date),
        url=_flat(get("url")),
        reflow=bool(_SINGLE_NEWLINE.search(text)),
        record_id=None if record_id is None else _flat(record_id),
        locator=locator,
        tags=_tags(get("tags")),
    )


def _encoding(path: Path) -> str:
    """The codec for a collection, decided from its first 256 KiB."""
    try:
        with open(path, "rb") as fh:
            prefix = fh.read(_PREFIX)
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    if not prefix:
        raise ImportFailure("empty file")
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if prefix.startswith(bom):
            return name  # bad bytes further on are reported record by record
    if len(prefix) == _PREFIX:  # do not judge a character cut in half at the end
        cut = prefix.rfind(b"\n")
        prefix = prefix[: cut + 1] if cut > 0 else prefix
    _text, encoding = decode_bytes(prefix)
    if encoding == "utf-8+cp1252":
        return "utf-8"  # mostly UTF-8: bad lines are reported one by one
    return encoding


def _ascii_compatible(encoding: str) -> bool:
    return not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _decode_error(exc: UnicodeDecodeError, encoding: str) -> str:
    bad = exc.object[exc.start:exc.start + 1]
    name = "UTF-8" if encoding.startswith("utf") else encoding
    return f"not valid {name} (invalid byte 0x{bad.hex().upper()} at column {exc.start + 1})"


def read_jsonl(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Extracted | RecordFailure]:
    check_file(path, limits.collection_bytes, "collections")
    encoding = _encoding(path)
    return _jsonl_records(path, encoding, limits)


def _binary_lines(fh, limit: int) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line over ``limit`` bytes (skipped to its end)."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # discard the rest of the overlong line
                rest = fh.readline(1024 * 1024)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


def _jsonl_records(path: Path, encoding: str, limits: Limits):
    try:
        with open(path, "rb") as fh:
            if _ascii_compatible(encoding):
                codec = "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding
                lines = _binary_lines(fh, limits.record_bytes)
                for number, raw in enumerate(lines, 1):
                    locator = f"line {number}"
                    if raw is None:
                        yield RecordFailure(locator, "record over the "
                                            f"{human_limit(limits.record_bytes)} limit")
                        continue
                    try:
                        line = raw.decode(codec if number == 1 else codec.replace("-sig", ""))
                    except UnicodeDecodeError as exc:
                        yield RecordFailure(locator, _decode_error(exc, encoding))
                        continue
                    yield from _json_record(line, locator)
            else:
                reader = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline=None)
                for number, line in enumerate(reader, 1):
                    yield from _json_record(line.lstrip("\ufeff"), f"line {number}")
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"not valid {encoding.upper()} ({exc.reason})") from None
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None


def _json_record(line: str, locator: str):
    if not line.strip():
        return
    try:
        data = json.loads(line)
    except ValueError as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        yield RecordFailure(locator, f"invalid JSON: {msg}")
        return
    if not isinstance(data, dict):
        yield RecordFailure(locator, "not a JSON object")
        return
    yield make_record(data, locator)


def read_csv(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Extracted | RecordFailure]:
    check_file(path, limits.collection_bytes, "collections")
    encoding = _encoding(path)
    if csv.field_size_limit() < limits.record_bytes:
        csv.field_size_limit(min(limits.record_bytes, sys.maxsize))
    try:
        fh = open(path, "r", encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                  errors="surrogateescape", newline="")
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None
    try:
        first_line = fh.readline(64 * 1024)
        fh.seek(0)
        # The delimiter is the one the header row uses most (column names rarely contain one).
        delimiter = max(",;\t|", key=lambda d: (first_line.count(d), d == ","))
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportFailure("empty file") from None
        except csv.Error as exc:
            raise ImportFailure(f"not a readable CSV file ({exc})") from None
        columns = [h.strip().lstrip("\ufeff") for h in header]
        if not any(c.lower() in FIELDS["text"] for c in columns):
            shown = ", ".join(repr(c) for c in columns[:8]) + (" ..." if len(columns) > 8 else "")
            raise ImportFailure(
                "CSV has no header row naming a text column (text, body or content); "
                f"first row: {shown}")
    except BaseException:
        fh.close()
        raise
    return _csv_records(fh, reader, columns, encoding)


def _csv_records(fh, reader, columns: list[str], encoding: str):
    with fh:
        row_number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row_number = max(row_number + 1, reader.line_num)
                yield RecordFailure(f"row {row_number}", f"not readable CSV: {exc}")
                continue
            except OSError as exc:
                raise ImportFailure(os_reason(exc)) from None
            row_number += 1
            locator = f"row {row_number}"
            if not any(cell.strip() for cell in row):
                continue
            if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
                name = "UTF-8" if encoding.startswith("utf") else encoding
                yield RecordFailure(locator, f"not valid {name}")
                continue
            if len(row) > len(columns):
                yield RecordFailure(locator, f"{len(row)} fields but the header "
                                    f"names {len(columns)} columns")
                continue
            yield make_record(dict(zip(columns, row)), locator)
