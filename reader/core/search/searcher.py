"""Searching the library with Whoosh's query language, with snippets as character spans.

Query syntax (Whoosh): words (all must match), "exact phrases", "phrase slack"~3, AND / OR / NOT,
field:value (title, body, source, author, tags, date), wildcards (troop*, ?ar), ranges and dates
(date:2024, date:[2024-01-01 to 2024-06-30], date:>2023), grouping with parentheses, boosts (word^2);
and the links: has:conflicts, has:agrees, linked:ID (linkterms.py).

Snippets are computed from the normalised text in the store, not from Whoosh's stored fields,
so they have no length limit (Whoosh's highlighter stops at 32 KB by default) and their offsets
are the library's one coordinate system: Python str indices into the normalised text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.query import MultiTerm, Not, NullQuery, Phrase, Term

from ..index import Index
from ..store import Store
from . import query as _query
from .linkterms import LinkSource, parse_schema, quote_ids, resolve, unread_message
from .query import (MAX_QUERY_CHARS, MAX_SUGGEST_CHARS, MIN_WILDCARD_LETTERS,
                    _day_ranges, _within_expansions, _newest_first, _rewrite_dates, _timed_search,
                    _without_bare_wildcards)

SNIPPETS_PER_HIT = 3
SNIPPET_MAX_CHARS = 240
SEARCH_FIELDS = ("title", "body")
# A plain word of a query: not a field name (followed by ":"), not part of a wildcard.
_PLAIN_WORD = re.compile(r"(?<![\w:*?])[^\W\d_]+(?![\w:*?])")
_OPERATORS = {"and", "or", "not", "to", "andnot", "andmaybe"}


@dataclass
class Snippet:
    start: int
    end: int
    text: str
    matches: list[tuple[int, int]] = field(default_factory=list)   # absolute spans of hits

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Hit:
    id: str
    title: str
    source: str
    date: str
    score: float
    snippets: list[Snippet]
    author: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "source": self.source, "date": self.date,
                "score": round(self.score, 4), "snippets": [s.to_json() for s in self.snippets]}


@dataclass(frozen=True)
class Marks:
    """What a query looks for in the body, analysed: phrases as (words, slop), and single
    terms (wildcards already expanded). ``spans`` finds them in a document's text."""
    phrases: tuple = ()
    terms: frozenset = frozenset()

    def spans(self, analyzer, text: str) -> list[tuple[int, int]]:
        """The spans to mark in ``text``: an exact phrase as one span from its first word to
        its last, the words of a phrase with slop (``"a b"~3``) each where they occur within
        its window, and every single term."""
        return _spans(analyzer, text, self.terms, self.phrases, whole=True)


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int                   # matching documents (may exceed len(hits))
    suggestion: str | None = None
    message: str | None = None   # a parse problem, said plainly
    marks: Marks | None = None    # what of the query to mark in an opened document's body


class QueryError(ValueError):
    """The query could not be understood at all."""


class Searcher:
    """Parses queries, runs them against the index and builds snippets from the store."""

    def __init__(self, index: Index, store: Store, links: LinkSource = tuple):
        """``links``: the library's links, for ``has:`` and ``linked:`` (linkterms.py)."""
        self._index = index
        self._store = store
        self._links = links
        self._analyzer = index.analyzer      # its stem cache lasts from one search to the next
        parser = qparser.MultifieldParser(list(SEARCH_FIELDS), parse_schema(index.schema),
                                          group=qparser.AndGroup)
        parser.add_plugin(DateParserPlugin(free=False))
        parser.add_plugin(qparser.PlusMinusPlugin())
        self._parser = parser
        self._searcher = None
        self._vocab: tuple[int, dict[str, int]] | None = None

    # -- query parsing ------------------------------------------------------------------------
    def parse(self, text: str):
        """Best-effort parse, within bounds (``MAX_QUERY_CHARS``, ``MIN_WILDCARD_LETTERS``):
        (query, message or None). Whoosh's parser recovers from most malformed input by itself;
        anything it still raises on is re-tried with the words alone."""
        notes = []
        if len(text) > MAX_QUERY_CHARS:
            cut = text.rfind(" ", 0, MAX_QUERY_CHARS + 1)
            text = text[:cut if cut > 0 else MAX_QUERY_CHARS]
            notes.append(f"the query was cut to its first {len(text):,} characters")
        query, message = self._parse(text)
        query, unread = resolve(query, self._links)
        if unread:
            notes.append(unread_message(unread))
        query, dropped = _without_bare_wildcards(query)
        if dropped:
            notes.append(f"a wildcard needs at least {MIN_WILDCARD_LETTERS} letters, so "
                         f"{', '.join(sorted(set(dropped)))} was left out")
        if message:
            notes.append(message)
        return query, "; ".join(notes) or None

    def _parse(self, text: str):
        try:
            return _day_ranges(self._parser.parse(quote_ids(_rewrite_dates(text)))), None
        except Exception as exc:   # noqa: BLE001 - a query string must never raise
            # the words alone: no syntax characters, no operator words ("NOT NOT troops")
            words = [w for w in "".join(c if c.isalnum() or c.isspace() else " "
                                        for c in text).split()
                     if not (w.isupper() and w.lower() in _OPERATORS)]
            why = str(exc) or type(exc).__name__
            if not words:
                return NullQuery, f"could not parse the query ({why}); no words to search for"
            try:
                return _day_ranges(self._parser.parse(" ".join(words))), \
                    f"could not parse the query ({why}); searched for the words: {words}"
            except Exception as exc2:   # noqa: BLE001
                raise QueryError(f"could not parse the query: {exc2}") from exc2

    def _whoosh_searcher(self):
        if self._searcher is None:
            self._searcher = self._index.searcher()
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- search -------------------------------------------------------------------------------
    def search(self, text: str, *, limit: int = 10, sort: str = "relevance") -> SearchResult:
        text = text or ""
        if not text.strip():
            return SearchResult(text, [], 0, message="empty query")
        query, message = self.parse(text)
        s = self._whoosh_searcher()
        query, wide = _within_expansions(query, s.reader())
        if wide:
            message = _noted(message, f"{', '.join(wide)} stands for more than "
                                      f"{_query.MAX_EXPANSION:,} words and was left out")
        kwargs = dict(limit=max(1, limit) + 20)   # spare rows for stale index hits
        if sort == "date":
            kwargs.update(sortedby=_newest_first())
        try:
            results, late = _timed_search(s, query, kwargs)
            if late:
                message = _noted(message, f"the search stopped after {_query.QUERY_SECONDS:g} s: "
                                          "the results are those it had found")
        except Exception as exc:   # noqa: BLE001 - e.g. a pathological wildcard or range
            return SearchResult(text, [], 0, message=f"the query could not be run: {exc}")
        ids = [r["id"] for r in results]
        rows = self._store.get_many(ids, with_text=True)
        phrases, plain = _body_terms(query, s.reader())
        hits: list[Hit] = []
        for r in results:
            row = rows.get(r["id"])
            if row is None:        # removed from the store, index not yet caught up
                continue
            snippets = self.snippets(row.id, row.text, plain, phrases)
            # sorted by date, a hit's score is its sort key, whose last part is the relevance
            # negated (query._newest_first's ScoreFacet)
            score = -r.score[-1] if sort == "date" else r.score
            hits.append(Hit(row.id, row.title, row.source, row.date, float(score or 0.0),
                            snippets, row.author))
            if len(hits) >= limit:
                break
        total = results.estimated_length() if results.has_exact_length() is False \
            else len(results)
        suggestion = None
        if not hits:
            suggestion = self.suggest(text)
        return SearchResult(text, hits, max(total, len(hits)), suggestion, message,
                            Marks(tuple((tuple(w), n) for w, n in phrases), frozenset(plain)))

    def suggest(self, text: str) -> str | None:
        """A corrected query when some plain word of it is unknown but a close word is common.

        Candidates come from the library's vocabulary of surface words (``vocab`` in the store),
        within edit distance 2, ranked by distance then document frequency; the corrected query
        is offered only if it finds something."""
        vocab = self._vocabulary()
        if not vocab:
            return None
        changed = False
        pieces, pos = [], 0
        for m in _PLAIN_WORD.finditer(text):
            word = m.group(0)
            low = word.lower()
            if low in _OPERATORS or low in vocab or len(low) < 3 or len(low) > MAX_SUGGEST_CHARS:
                continue
            best = self._closest(low, vocab)
            if best is None:
                continue
            pieces += [text[pos:m.start()], best]
            pos = m.end()
            changed = True
        if not changed:
            return None
        corrected = "".join(pieces) + text[pos:]
        try:
            q, _ = self.parse(corrected)
            if self._whoosh_searcher().search(q, limit=1).scored_length() == 0:
                return None
        except Exception:   # noqa: BLE001 - a suggestion is optional
            return None
        return corrected

    def _vocabulary(self) -> dict[str, int]:
        size = self._store.vocab_size()
        if self._vocab is None or self._vocab[0] != size:
            self._vocab = (size, self._store.vocab())
        return self._vocab[1]

    @staticmethod
    def _closest(word: str, vocab: dict[str, int]) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein
        maxdist = 1 if len(word) <= 4 else 2
        found = process.extract(word, vocab.keys(), scorer=Levenshtein.distance,
                                score_cutoff=maxdist, limit=30)
        if not found:
            return None
        return min(found, key=lambda f: (f[1], -vocab[f[0]], f[0]))[0]

    # -- snippets -----------------------------------------------------------------------------
    def match_spans(self, text: str, terms: set[str],
                    phrases: list[tuple[list[str], int]] = ()) -> list[tuple[int, int]]:
        """Spans of the words of ``text`` that match: a token whose analysed form is one of
        ``terms``, or each token of a run that matches one of the (words, slop) ``phrases``."""
        return _spans(self._analyzer, text, terms, phrases, whole=False)

    def snippets(self, doc_id: str, text: str, terms: set[str],
                 phrases: list[tuple[list[str], int]] = ()) -> list[Snippet]:
        matches = self.match_spans(text, terms, phrases)
        sentences = self._store.spans(doc_id, "sentences") or [(0, len(text))]
        if not matches:
            s, e = sentences[0]
            return [_clip(text, s, e, [])]
        starts = [s for s, _ in sentences]
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for m in matches:
            i = max(0, bisect.bisect_right(starts, m[0]) - 1)
            by_sentence.setdefault(i, []).append(m)
        # Best sentences: most distinct matched words, then most matches, then earliest.
        def rank(i):
            ms = by_sentence[i]
            distinct = len({text[a:b].lower() for a, b in ms})
            return (-distinct, -len(ms), i)
        best = sorted(by_sentence, key=rank)[:SNIPPETS_PER_HIT]
        return [_clip(text, *sentences[i], by_sentence[i]) for i in sorted(best)]


def _spans(analyzer, text: str, terms, phrases, *, whole: bool) -> list[tuple[int, int]]:
    """Matched words of ``text`` (see ``Searcher.match_spans``); ``whole``: a phrase without
    slop is one span, from the start of its first word to the end of its last."""
    if not terms and not phrases:
        return []
    toks = [(t.text, t.startchar, t.endchar)
            for t in analyzer(text, chars=True, removestops=True, mode="index")]
    spans = {(a, b) for w, a, b in toks if w in terms}
    for words, slop in phrases:
        first, rest = words[0], words[1:]
        for i, (w, _, _) in enumerate(toks):
            if w != first:
                continue
            run, j = [i], i
            for nxt in rest:
                window = range(j + 1, min(j + 1 + max(slop, 1), len(toks)))
                j = next((k for k in window if toks[k][0] == nxt), -1)
                if j < 0:
                    break
                run.append(j)
            else:
                if whole and slop <= 1:
                    spans.add((toks[run[0]][1], toks[run[-1]][2]))
                else:
                    spans.update((toks[k][1], toks[k][2]) for k in run)
    return sorted(spans)


def _noted(message: str | None, note: str) -> str:
    """A search's message with one more note."""
    return f"{message}; {note}" if message else note


def _body_terms(query, reader) -> tuple[list[tuple[list[str], int]], set[str]]:
    """What to mark in the body: (phrases as (words, slop), single terms). Words under NOT are
    left out, wildcards are expanded against the index, and a word that occurs only inside a
    phrase is marked only where the phrase is."""
    phrases, plain = [], set()

    def walk(q):
        if isinstance(q, Not):
            return
        if q.is_leaf():
            if getattr(q, "fieldname", None) != "body":
                return
            if isinstance(q, Phrase) and q.words:
                phrases.append((list(q.words), int(q.slop)))
            elif isinstance(q, Term) and isinstance(q.text, str):
                plain.add(q.text)
            elif isinstance(q, MultiTerm):
                for n, t in enumerate(q._btexts(reader)):
                    if n >= 500:
                        break
                    plain.add(t.decode("utf-8") if isinstance(t, bytes) else t)
            return
        children = list(q.children())
        if type(q).__name__ == "AndNot":       # AndNot(positive, negative)
            children = children[:1]
        for c in children:
            walk(c)

    walk(query)
    return phrases, plain


def _clip(text: str, start: int, end: int, matches: list[tuple[int, int]]) -> Snippet:
    """The sentence, or a window of it around its first match when it is long."""
    if end - start > SNIPPET_MAX_CHARS:
        centre = matches[0][0] if matches else start
        lo = max(start, centre - SNIPPET_MAX_CHARS // 3)
        hi = min(end, lo + SNIPPET_MAX_CHARS)
        lo = max(start, hi - SNIPPET_MAX_CHARS)
        # snap to word boundaries
        if lo > start:
            sp = text.find(" ", lo, centre if matches else hi)
            lo = sp + 1 if sp != -1 else lo
        if hi < end:
            sp = text.rfind(" ", lo, hi)
            hi = sp if sp > lo else hi
        start, end = lo, hi
    inside = [(a, b) for a, b in matches if a >= start and b <= end]
    return Snippet(start, end, text[start:end], inside)
