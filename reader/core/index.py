"""The Whoosh full-text index beside the SQLite store.

The index holds no text of its own (the text is stored once, in SQLite): only postings for
title, body, source, author, tags and a sortable date. It is derived data. If it is missing,
unreadable or built with another schema, it is set aside and rebuilt from the store.
"""

from __future__ import annotations

import datetime as _dt
import gc
import heapq
import json
import re
import shutil
import time
import warnings
from functools import cached_property
from pathlib import Path
from typing import Iterable

from whoosh import index as _windex
from whoosh.analysis import (STOP_WORDS, Analyzer, Filter, LowercaseFilter, RegexTokenizer,
                             StemFilter, StopFilter, Token)
from whoosh.lang.porter import stem as _porter_stem
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.writing import PostingPool

# Bump when the schema or the analyzers change: existing indexes are then rebuilt.
INDEX_VERSION = "2"

# Words, numbers with thousands separators or decimals kept whole ("14,000", "1.5"),
# dotted abbreviations ("U.S") as one token.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:\.?\w+)*"
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


class ChunkSortedPool(PostingPool):
    """Whoosh's posting pool, sorted in chunks that are merged lazily at commit.

    Whoosh sorts the whole in-memory pool with one ``sorted()`` call at commit: for the BBC
    corpus that single call held the GIL for over 250 ms, and the window's event loop with it.
    Sorting chunks and merging them with ``heapq.merge`` costs about the same in total, in
    steps short enough for other threads to run between them. Runs spilled to disk (pools
    larger than ``limitmb``) keep Whoosh's own path."""

    CHUNK = 32_768

    def items(self, maxfiles=128):
        if self.runs:
            return super().items(maxfiles)
        current, self.current = self.current, []
        chunks = [sorted(current[i:i + self.CHUNK]) for i in range(0, len(current), self.CHUNK)]
        return heapq.merge(*chunks)


class NumberFilter(Filter):
    """Makes "14,000" and "14000" the same term."""

    def __call__(self, tokens):
        for t in tokens:
            if "," in t.text and _THOUSANDS.match(t.text):
                t.text = t.text.replace(",", "")
            yield t


def reference_text_analyzer():
    """The analysis chain, written with Whoosh's parts: tokenise, lowercase, unify numbers,
    drop stop words (renumbering positions), Porter-stem. ``TextAnalyzer`` does the same in
    one pass (a test checks they agree token for token)."""
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | NumberFilter()
            | StopFilter(minsize=1) | StemFilter(cachesize=100_000))


class TextAnalyzer(Analyzer):
    """``reference_text_analyzer`` fused into one loop: indexing spends most of its time
    in analysis, and the chain of generators costs about three times as much."""

    _CACHE_MAX = 200_000

    def __init__(self):
        self._expr = re.compile(TOKEN_PATTERN, re.UNICODE)
        self._stops = frozenset(STOP_WORDS)
        self._stems: dict[str, str] = {}

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))

    def __getstate__(self):           # the schema is pickled into the index's TOC
        return {}

    def __setstate__(self, state):
        self.__init__()

    def _stem(self, word: str) -> str:
        stems = self._stems
        s = stems.get(word)
        if s is None:
            if len(stems) > self._CACHE_MAX:
                stems.clear()
            s = stems[word] = _porter_stem(word)
        return s

    def terms(self, value: str) -> list[str]:
        """The indexed terms of ``value`` in order (stop words dropped): what ``__call__``
        yields as ``token.text``, without building tokens (for cross-referencing)."""
        stops, stems, stem, thousands = self._stops, self._stems, self._stem, _THOUSANDS
        out = []
        for word in self._expr.findall(value):
            text = word.lower()
            if "," in text and thousands.match(text):
                text = text.replace(",", "")
            if text and text not in stops:
                out.append(stems.get(text) or stem(text))
        return out

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stops, stems, stem, thousands = self._stops, self._stems, self._stem, _THOUSANDS
        if not tokenize:
            matches = [(value, 0, len(value))]
        else:
            matches = ((m.group(), m.start(), m.end()) for m in self._expr.finditer(value))
        pos = None
        for n, (word, a, b) in enumerate(matches):
            text = word.lower()
            if "," in text and thousands.match(text):
                text = text.replace(",", "")
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            if chars:
                t.startchar = start_char + a
                t.endchar = start_char + b
            if not text or text in stops:
                if not removestops:
                    t.text = text
                    t.stopped = True
                    if positions:
                        t.pos = start_pos + n
                    yield t
                continue
            t.stopped = False
            if positions:      # StopFilter's renumbering: positions close up over stop words
                pos = start_pos + n if pos is None else pos + 1
                t.pos = pos
            t.text = stems.get(text) or stem(text)
            yield t


def text_analyzer():
    return TextAnalyzer()


def name_analyzer():
    """For source and author: words, lowercased, no stemming ("source:reuters")."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()


def make_schema() -> Schema:
    body = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=body, field_boost=2.0),
        body=TEXT(analyzer=body),
        source=TEXT(analyzer=names),
        author=TEXT(analyzer=names),
        tags=KEYWORD(lowercase=True, commas=True, scorable=True),
        date=DATETIME(sortable=True),
        # Days since 1970-01-01: date ranges are rewritten to this field (search.py), whose
        # coarse trie answers a month or a year with a few terms instead of a thousand.
        day=NUMERIC(int, bits=32, signed=True, shift_step=4),
    )


EPOCH = _dt.datetime(1970, 1, 1)


def day_number(d: _dt.datetime) -> int:
    return (d - EPOCH).days


def parse_date(value: str) -> _dt.datetime | None:
    """ISO 8601 date or timestamp → naive UTC datetime (Whoosh wants naive); None if not a date."""
    if not value:
        return None
    v = value.strip().replace("Z", "+00:00")
    try:
        d = _dt.datetime.fromisoformat(v)
    except ValueError:
        try:
            d = _dt.datetime.strptime(v[:10], "%Y-%m-%d")
        except ValueError:
            return None
    if d.tzinfo is not None:
        d = d.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return d


def index_fields(doc_id: str, title: str, source: str, author: str, date: str, tags,
                 text: str) -> dict:
    """The keyword arguments for writer.update_document for one stored document."""
    if isinstance(tags, str):
        tags = json.loads(tags)
    fields = dict(id=doc_id, title=title, body=text, source=source, author=author,
                  tags=",".join(tags))
    d = parse_date(date)
    if d is not None:
        fields["date"] = d
        fields["day"] = day_number(d)
    return fields


class Index:
    """Opens (or creates, or rebuilds) the Whoosh index in ``path``."""

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        self.rebuilt = False      # true when this open created a fresh, empty index
        self._ix = self._open_read_only() if read_only else self._open()

    def _open_read_only(self):
        """The index as it is (a read-only library cannot rebuild a damaged or missing one:
        search then says why)."""
        try:
            ix = _windex.open_dir(str(self.path))
            ix.doc_count()
            return ix
        except Exception as exc:   # noqa: BLE001 - any damage: one clear reason
            from .errors import ReadOnlyLibrary
            raise ReadOnlyLibrary(f"the library at {self.path.parent} is read-only and its "
                                  f"search index cannot be read ({exc})") from None

    def _open(self):
        version_file = self.path / "reader-index-version"
        if self.path.is_dir() and any(self.path.iterdir()):
            with warnings.catch_warnings():
                # Whoosh leaves a damaged TOC's file open; it is closed (quietly) by the
                # collection below.
                warnings.simplefilter("ignore", ResourceWarning)
                try:
                    if (version_file.read_text().strip() == INDEX_VERSION
                            and _windex.exists_in(str(self.path))):
                        ix = _windex.open_dir(str(self.path))
                        ix.doc_count()   # reads the TOC and segments: fails if damaged
                        return ix
                except Exception:   # noqa: BLE001 - any damage means: set aside, rebuild
                    pass
                gc.collect()
            aside = self.path.with_name(f"{self.path.name}.old-{time.time_ns()}")
            self.path.rename(aside)
            shutil.rmtree(aside, ignore_errors=True)
        self.path.mkdir(parents=True, exist_ok=True)
        ix = _windex.create_in(str(self.path), make_schema())
        version_file.write_text(INDEX_VERSION)
        self.rebuilt = True
        return ix

    @property
    def schema(self) -> Schema:
        """Whoosh unpickles the schema on every access: read it once where it is reused."""
        return self._ix.schema

    @cached_property
    def analyzer(self) -> TextAnalyzer:
        """The body text's analyzer, one for the index's lifetime (its stem cache lasts)."""
        return TextAnalyzer()

    def searcher(self):
        return self._ix.searcher()

    def writer(self, *, helper: bool = False):
        """The index's writer; ``helper=True`` (large imports) indexes half the documents in a
        helper process on the second core (helper_process.py)."""
        # Every write goes through the library's single writer (see library.py), so the
        # Whoosh lock is free here; the timeout only covers a lock file left mid-release.
        # limitmb: the posting pool spills to disk beyond this (RSS stays far below it: 430 MB
        # peak importing Reuters-21578); 256 made that import 35% slower.
        if helper:
            from .helper_process import HelperWriter
            writer = HelperWriter(self._ix, limitmb=1024, timeout=10.0)
        else:
            writer = self._ix.writer(limitmb=1024, timeout=10.0)
        if type(getattr(writer, "pool", None)) is PostingPool:
            writer.pool.__class__ = ChunkSortedPool
        return writer

    def doc_count(self) -> int:
        return self._ix.doc_count()

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        w = self.writer()
        try:
            for i in ids:
                w.delete_by_term("id", i)
        except BaseException:
            w.cancel()
            raise
        w.commit()

    def close(self) -> None:
        self._ix.close()
