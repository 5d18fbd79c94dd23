"""The cross-referencing engine: links every claim to the claims of other documents that agree
with it, conflict with it or relate to it, and keeps those links in the library.

How (no query per sentence; everything in bulk):
1. claims of each document (claims.py), kept in the store;
2. claims and documents as TF-IDF vectors over stemmed words (document frequencies from the
   Whoosh index, so a full run and an incremental one weigh words alike);
3. candidate documents: each document's nearest documents by cosine (sparse matrix products
   in chunks for a full run; the Whoosh index, then the same cosine, for a few new documents);
4. candidate claim pairs between neighbouring documents: lexical overlap, or quantities that
   count the same thing for the same subject;
5. each candidate pair scored by the pair scorer (similarity.py) and related (relations.py):
   conflicts, agreements, and a few strong related links per claim are kept.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from ..gcpause import full_collections_paused
from ..index import TextAnalyzer
from .claims import extract_claims
from .corpus import ClaimCorpus
from .discourse import referents
from .relations import (AGREE_SCORE, CONFLICT_MIN_SCORE, Relation, quantities_of, relate,
                        shared_words)

ENGINE_VERSION = "2"       # bump when claims or linking rules change: links are recomputed
NEIGHBOURS = 6             # candidate documents per document
QUERY_TERMS = 60           # words of a new document asked of the index for its neighbours
DOC_MIN_COSINE = 0.15      # documents less alike than this are never linked
CLAIM_MIN_COSINE = 0.25    # claim pairs below this lexical overlap are not scored
# A link says two sources state the same fact (or facts of the same event). Its evidence is
# the claims' similarity AND their documents' similarity (the same story): the less alike the
# documents, the closer the claims must be.
# News reports of one event appear within days of each other: articles published more than
# NEWS_CYCLE_DAYS apart (when both are dated) are linked only by a near-restatement in
# documents that are very alike (a follow-up quoting the original).
SAME_STORY = 0.25          # document cosine from which two articles are on the same story
RESTATEMENT = 0.80         # a claim pair this close agrees even across less alike documents
CONFLICT_MIN_DOC = 0.25    # a quantity conflict needs documents at least this alike
RELATED_MIN_SCORE = 0.50   # related links need this score, and the same story
NEWS_CYCLE_DAYS = 7
# Within one story the prior that two claims state the same fact is higher, so less similarity
# is needed to say so: the agreement threshold falls by up to STORY_BONUS as the documents'
# cosine rises from SAME_STORY to STRONG_STORY.
STRONG_STORY = 0.60
STORY_BONUS = 0.08
FAR_APART_SCORE = 0.85     # articles further apart: an agreement needs this score...
FAR_APART_STORY = 0.50     # ...and documents this alike
RELATED_PER_CLAIM = 1      # related links kept per claim (the strongest)
LINKS_PER_CLAIM = 8        # links of any kind kept per claim
BATCH_MODE_SHARE = 0.2     # more new documents than this share of the library: full pass
PREPARE_BATCH = 2000       # claims analysed together for the pair scorer
DOCS_PER_PRODUCT = 64      # documents whose claims meet their partners' in one sparse product
_HAS_NUMBER = re.compile(r"\d|\b(?:dozens?|hundreds|thousands|millions|billions)\b", re.I)


@dataclass
class XrefProgress:
    done: int
    total: int
    phase: str


@dataclass
class Link:
    a_doc: str
    a_start: int
    a_end: int
    b_doc: str
    b_start: int
    b_end: int
    relation: str
    score: float
    why: str

    def row(self) -> tuple:
        return (self.a_doc, self.a_start, self.a_end, self.b_doc, self.b_start, self.b_end,
                self.relation, round(self.score, 4), self.why)


class CrossReferencer:
    """Computes and stores links. ``run()`` is a generator yielding progress."""

    def __init__(self, library, scorer=None):
        self.lib = library
        self._scorer = scorer
        self._analyzer = TextAnalyzer()

    @property
    def scorer(self):
        if self._scorer is None:
            from .similarity import PairScorer
            self._scorer = PairScorer()
        return self._scorer

    # -- what needs doing ---------------------------------------------------------------------
    def pending(self) -> list[str]:
        """Documents whose links are missing or were computed for other text or rules."""
        state = self.lib.store.xref_state()
        return [d for d, h in self.lib.store.hashes().items()
                if state.get(d) != (h, ENGINE_VERSION)]

    def run(self, doc_ids: Iterable[str] | None = None, *,
            cancel: threading.Event | None = None) -> Iterator[XrefProgress]:
        """Cross-reference ``doc_ids`` (default: every pending document) against the library.
        Cancelling between steps writes nothing: the previous links stay as they were."""
        store = self.lib.store
        targets = list(doc_ids) if doc_ids is not None else self.pending()
        hashes = store.hashes()
        targets = [d for d in dict.fromkeys(targets) if d in hashes]
        if not targets:
            return
        full = len(targets) > max(3, BATCH_MODE_SHARE * len(hashes))
        with full_collections_paused(), self.lib.lock.hold():
            searcher = self.lib.index.searcher()
            try:
                reader = searcher.reader()
                n_docs = reader.doc_count()

                def df(stem: str) -> int:
                    return reader.doc_frequency("body", stem)

                corpus = ClaimCorpus(self._analyzer, df, n_docs)
                yield XrefProgress(0, len(targets), "claims")
                if full:
                    members = list(hashes)
                else:
                    members = self._neighbour_candidates(targets, searcher)
                self._load(corpus, members, cancel)
                if cancel is not None and cancel.is_set():
                    return
                yield XrefProgress(0, len(targets), "candidates")
                pairs = self._doc_pairs(corpus, targets, full)
                links = yield from self._link(corpus, pairs, len(targets), cancel)
                if links is None:
                    return
            finally:
                searcher.close()
                quantities_of.cache_clear()     # memoised for this run only
            with store.transaction():
                if full:
                    store.delete_links(None if len(targets) == len(hashes) else targets)
                else:
                    store.delete_links(targets)
                store.add_links(link.row() for link in links)
                for d in targets:
                    store.set_xref_state(d, hashes[d], ENGINE_VERSION)
            yield XrefProgress(len(targets), len(targets), "done")

    # -- steps ----------------------------------------------------------------------------------
    def _neighbour_candidates(self, targets: list[str], searcher) -> list[str]:
        """The targets and, for each, the documents the index finds most like it."""
        from whoosh import query as wq
        store = self.lib.store
        members = dict.fromkeys(targets)
        reader = searcher.reader()
        n = max(reader.doc_count(), 1)
        for d in targets:
            row = store.get(d)
            if row is None:
                continue
            counts: dict[str, int] = defaultdict(int)
            for term in self._analyzer.terms(row.text):
                counts[term] += 1
            # the document's most telling words (many of them: a word only this document
            # uses finds nothing else, and document frequencies still count deleted versions)
            weighted = sorted(((1 + math.log(c)) * (math.log((n + 1) / (
                reader.doc_frequency("body", t) + 1)) + 1.0), t) for t, c in counts.items())
            terms = [t for _, t in weighted[-QUERY_TERMS:]]
            if not terms:
                continue
            q = wq.Or([wq.Term("body", t) for t in terms])
            for hit in searcher.search(q, limit=NEIGHBOURS * 4):
                members.setdefault(hit["id"])
        return list(members)

    def _load(self, corpus: ClaimCorpus, doc_ids: list[str], cancel) -> None:
        """Texts and claims of the documents (claims computed and stored where missing)."""
        store = self.lib.store
        state = store.xref_state()
        hashes = store.hashes()
        rows = store.get_many(doc_ids, with_text=True)
        fresh: dict[str, list[tuple[int, int]]] = {}
        for d in doc_ids:
            row = rows.get(d)
            if row is None:
                continue
            if state.get(d) == (hashes.get(d), ENGINE_VERSION):
                claims = store.spans(d, "claims")
            else:
                claims = extract_claims(row.text, store.spans(d, "sentences"),
                                        store.spans(d, "paragraphs"))
                fresh[d] = claims
            corpus.add(d, row.text, claims, row.date)
            if cancel is not None and cancel.is_set():
                return
        if fresh:
            with store.transaction():
                for d, claims in fresh.items():
                    store.set_claims(d, claims)

    def _doc_pairs(self, corpus: ClaimCorpus, targets: list[str],
                   full: bool) -> dict[tuple[int, int], float]:
        """Pairs of document rows (i < j) whose claims may be linked, with their cosine."""
        _, docs = corpus.matrices()
        index = {d: i for i, d in enumerate(corpus.doc_ids)}
        rows = [index[d] for d in targets if d in index] if not full else list(range(len(index)))
        pairs: dict[tuple[int, int], float] = {}
        docs_t = docs.T.tocsc()
        for start in range(0, len(rows), 1000):
            chunk = rows[start:start + 1000]
            sims = (docs[chunk] @ docs_t).toarray()
            for k, i in enumerate(chunk):
                sims[k, i] = 0.0
                order = np.argsort(-sims[k])[:NEIGHBOURS]
                for j in order:
                    if sims[k, j] >= DOC_MIN_COSINE:
                        pairs[(min(i, j), max(i, j))] = float(sims[k, j])
        return pairs

    def _link(self, corpus: ClaimCorpus, doc_pairs: dict[tuple[int, int], float], total: int,
              cancel) -> Iterator[XrefProgress]:
        claims_m, _ = corpus.matrices()
        docs = corpus.doc_ids
        quant_keys = self._quantity_keys(corpus)
        candidates: set[tuple[int, int]] = set()      # (claim row, claim row)
        doc_row = {d: i for i, d in enumerate(docs)}
        partners: dict[int, list[int]] = defaultdict(list)
        for i, j in doc_pairs:
            partners[i].append(j)
        # claim pairs of linked documents, a batch of documents per sparse product (one
        # product per document costs more in scipy's overhead than in arithmetic)
        claim_doc = np.repeat(np.arange(len(docs)), [corpus.rows[d][1] - corpus.rows[d][0]
                                                     for d in docs])
        codes = np.sort(np.fromiter((i * len(docs) + j for i, j in doc_pairs), dtype=np.int64,
                                    count=len(doc_pairs)))
        firsts = sorted(partners)
        for n in range(0, len(firsts), DOCS_PER_PRODUCT):
            chunk = firsts[n:n + DOCS_PER_PRODUCT]
            rows = np.concatenate([np.arange(*corpus.rows[docs[i]]) for i in chunk])
            cols = np.unique(np.concatenate(
                [np.arange(*corpus.rows[docs[j]]) for i in chunk for j in partners[i]]))
            if len(rows) and len(cols):
                block = (claims_m[rows] @ claims_m[cols].T).tocoo()
                keep = block.data >= CLAIM_MIN_COSINE
                ra, rb = rows[block.row[keep]], cols[block.col[keep]]
                code = claim_doc[ra] * len(docs) + claim_doc[rb]
                at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
                same = codes[at] == code            # the two documents are a linked pair
                candidates.update(zip(ra[same].tolist(), rb[same].tolist()))
            for i in chunk:                         # counts of the same thing, however worded
                a0, a1 = corpus.rows[docs[i]]
                by_key: dict[str, list[int]] = defaultdict(list)
                for j in partners[i]:
                    for rb in range(*corpus.rows[docs[j]]):
                        for k in quant_keys.get(rb, ()):
                            by_key[k].append(rb)
                if by_key:
                    for ra in range(a0, a1):
                        for k in quant_keys.get(ra, ()):
                            for rb in by_key.get(k, ()):
                                candidates.add((ra, rb))
            if cancel is not None and cancel.is_set():
                return None
            yield XrefProgress(0, total, "candidates")
        yield XrefProgress(0, total, "scoring")
        # one orientation per pair (the link's a before its b), so that a full run and an
        # incremental one describe a pair alike
        def order(pair):
            a, b = pair
            key = lambda r: (corpus.claim_doc[r], corpus.claim_span[r])
            return (a, b) if key(a) <= key(b) else (b, a)
        pairs = sorted({order(p) for p in candidates})
        scorer = self.scorer
        rows = list(dict.fromkeys(r for pair in pairs for r in pair))
        prepared: dict[int, object] = {}
        for s in range(0, len(rows), PREPARE_BATCH):     # batches: cancellable, bounded
            chunk = rows[s:s + PREPARE_BATCH]
            prepared.update(zip(chunk, scorer.prepare_many(
                [corpus.claim_text(r) for r in chunk])))
            if cancel is not None and cancel.is_set():
                return None
        if cancel is not None and cancel.is_set():
            return None
        scores = scorer.score_many([(prepared[a], prepared[b]) for a, b in pairs]) \
            if pairs else np.zeros(0)
        scores = self._with_readings(corpus, pairs, prepared, scores)
        yield XrefProgress(0, total, "relating")
        links: list[Link] = []
        for (a, b), score in zip(pairs, scores):
            score = float(score)
            i, j = doc_row[corpus.claim_doc[a]], doc_row[corpus.claim_doc[b]]
            story = doc_pairs[(min(i, j), max(i, j))]
            # Only a strong pair, or one whose counts count the same thing, can become a link.
            if score < min(RELATED_MIN_SCORE, AGREE_SCORE - STORY_BONUS) and not (
                    score >= CONFLICT_MIN_SCORE and story >= CONFLICT_MIN_DOC
                    and quant_keys.get(a, frozenset()) & quant_keys.get(b, frozenset())):
                continue
            ta, tb = corpus.claim_text(a), corpus.claim_text(b)
            rel = relate(ta, tb, score)
            apart = _days_apart(corpus.dates.get(corpus.claim_doc[a]),
                                corpus.dates.get(corpus.claim_doc[b]))
            if rel.relation == "related" and score >= _agree_threshold(story, apart):
                rel = Relation("agrees", rel.why)
            if not _supported(rel, score, story, apart):
                continue
            links.append(self._make_link(corpus, a, b, rel, score))
        kept = _cap(links)
        row_of = {(corpus.claim_doc[r], corpus.claim_span[r][0]): r for r in corpus.readings}
        for link in kept:            # the words both share, for a "why" a person can check
            # (as read: "the two nations" named)
            ta = corpus.readings.get(row_of.get((link.a_doc, link.a_start)),
                                     corpus.texts[link.a_doc][link.a_start:link.a_end])
            tb = corpus.readings.get(row_of.get((link.b_doc, link.b_start)),
                                     corpus.texts[link.b_doc][link.b_start:link.b_end])
            shared = ", ".join(shared_words(ta, tb)[:6])
            for doc, (s, e) in ((link.a_doc, (link.a_start, link.a_end)),
                                (link.b_doc, (link.b_start, link.b_end))):
                named = referents(corpus.texts[doc], s, e) \
                    if (doc, s) in row_of else None
                if named is not None:       # "the two sanctioned nations: Russia and ..."
                    link.why = f"{link.why}; {named[0]}: {named[1]}" if link.why \
                        else f"{named[0]}: {named[1]}"
            if shared:
                link.why = f"{link.why}; shared: {shared}" if link.why else f"shared: {shared}"
        return kept

    def _with_readings(self, corpus: ClaimCorpus, pairs, prepared, scores: np.ndarray) -> np.ndarray:
        """A pair in which a claim has a reading (``discourse.reading``: "the two nations"
        named, a frame or a leading concession set aside) scores as read when, so read, the
        two state the same thing (at least AGREE_SCORE); otherwise as written. A reading
        recognises a restatement; it does not make weaker links."""
        readings = corpus.readings
        at = [k for k, (a, b) in enumerate(pairs) if a in readings or b in readings]
        if not at:
            return scores
        rows = list(dict.fromkeys(r for k in at for r in pairs[k] if r in readings))
        read = dict(zip(rows, self.scorer.prepare_many([readings[r] for r in rows])))
        again = self.scorer.score_many([(read.get(a, prepared[a]), read.get(b, prepared[b]))
                                        for a, b in (pairs[k] for k in at)])
        scores = np.asarray(scores, dtype=float).copy()
        scores[at] = np.where(again >= AGREE_SCORE, np.maximum(scores[at], again), scores[at])
        return scores

    def _quantity_keys(self, corpus: ClaimCorpus) -> dict[int, frozenset]:
        """Per claim row: what its counts count, for whom ("troops|north korea")."""
        keys = {}
        for r in range(len(corpus.claim_doc)):
            text = corpus.claim_text(r)
            if not _HAS_NUMBER.search(text):
                continue
            ks = frozenset(f"{q.kind}|{q.unit}|{q.subject}" for q in quantities_of(text)
                           if q.kind == "count" and q.unit and q.subject)
            if ks:
                keys[r] = ks
        return keys

    @staticmethod
    def _make_link(corpus: ClaimCorpus, a: int, b: int, rel, score: float) -> Link:
        da, db = corpus.claim_doc[a], corpus.claim_doc[b]
        (sa, ea), (sb, eb) = corpus.claim_span[a], corpus.claim_span[b]
        if (db, sb) < (da, sa):
            da, sa, ea, db, sb, eb = db, sb, eb, da, sa, ea
        return Link(da, sa, ea, db, sb, eb, rel.relation, score, rel.why)


def _supported(rel: Relation, score: float, story: float, days_apart: int | None) -> bool:
    """Is a relation between two claims backed by enough evidence, given how alike their
    documents are (``story``, the documents' cosine) and how far apart they were published?"""
    relation = rel.relation
    if days_apart is not None and days_apart > NEWS_CYCLE_DAYS:
        return relation == "agrees" and score >= FAR_APART_SCORE and story >= FAR_APART_STORY
    if relation == "conflicts" or rel.evidence != "score":
        return story >= CONFLICT_MIN_DOC    # quantities, dates or negation decided it
    if relation == "agrees":
        return (story >= SAME_STORY and score >= _agree_threshold(story, days_apart)) \
            or score >= RESTATEMENT
    return story >= SAME_STORY and score >= RELATED_MIN_SCORE


def _agree_threshold(story: float, days_apart: int | None) -> float:
    if days_apart is not None and days_apart > NEWS_CYCLE_DAYS:
        return FAR_APART_SCORE
    strength = min(1.0, max(0.0, (story - SAME_STORY) / (STRONG_STORY - SAME_STORY)))
    return AGREE_SCORE - STORY_BONUS * strength


def _days_apart(a: _dt.date | None, b: _dt.date | None) -> int | None:
    return abs((a - b).days) if a is not None and b is not None else None


def _cap(links: list[Link]) -> list[Link]:
    """Per claim: every conflict and agreement (strongest first, up to LINKS_PER_CLAIM) and at
    most RELATED_PER_CLAIM related links. A link survives if both of its claims keep it."""
    priority = {"conflicts": 0, "agrees": 1, "related": 2}
    ranked = sorted(links, key=lambda l: (priority[l.relation], -l.score))
    total: dict[tuple, int] = defaultdict(int)
    related: dict[tuple, int] = defaultdict(int)
    kept = []
    for link in ranked:
        ka, kb = (link.a_doc, link.a_start), (link.b_doc, link.b_start)
        if total[ka] >= LINKS_PER_CLAIM or total[kb] >= LINKS_PER_CLAIM:
            continue
        if link.relation == "related" and (related[ka] >= RELATED_PER_CLAIM
                                           or related[kb] >= RELATED_PER_CLAIM):
            continue
        kept.append(link)
        total[ka] += 1
        total[kb] += 1
        if link.relation == "related":
            related[ka] += 1
            related[kb] += 1
    kept.sort(key=lambda l: (l.a_doc, l.a_start, l.b_doc, l.b_start))
    return kept
