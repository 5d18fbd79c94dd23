"""From documents on the same story to links between their claims (the engine's steps 4 and 5).

``Linker(corpus, doc_pairs, scorer, t).run(total, cancel)`` is a generator that yields
``XrefProgress`` and returns the links (``links.LinkRow``):

1. candidate claim pairs of each pair of neighbouring documents: lexical overlap (a sparse
   product per batch of documents), or counts of the same thing for the same subject however
   worded ("troops|north korea");
2. each pair scored by the pair scorer (pairs/), as read in context where a claim has a reading
   (discourse.py) and the reading makes it a restatement;
3. each pair related (relations.py) and kept only when the evidence, given how alike the two
   documents are and how far apart they were published, supports it;
4. at most a few links per claim; whys completed with named referents and the shared words.

Every number that decides a link is a ``Thresholds`` field (thresholds.py).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from ..links import RELATIONS, LinkRow, both_why, join_why, named_why, shared_why
from .copies import CopyRule
from .corpus import ClaimCorpus
from .discourse import referents
from .facts import dated_happenings, shared_slots
from .quantities import quantities_of
from .relations import Relation, relate, shared_words
from .reported import with_speakers
from .thresholds import Thresholds
from .when import has_when

PREPARE_BATCH = 2000       # claims analysed together for the pair scorer (speed only)
TWO_CORES_MIN_PAIRS = 20_000   # pairs from which a helper process scores half of them,
TWO_CORES_MAX_CLAIMS = 40_000  # and up to this many claims: beyond, the two processes hold
#                                more memory together than one alone (each analysed claim
#                                costs ~20 kB while it is scored; the 21.6k-document library
#                                took 1.2 GB + 0.8 GB on two cores, 1.4 GB on one)
DOCS_PER_PRODUCT = 64      # documents whose claims meet their partners' in one sparse product
_HAS_NUMBER = re.compile(r"\d|\b(?:dozens?|hundreds|thousands|millions|billions)\b", re.I)


@dataclass
class XrefProgress:
    done: int
    total: int
    phase: str


class Linker:
    """Links the claims of ``corpus`` between the document pairs ``doc_pairs`` ((row i, row j)
    with i < j → the documents' cosine)."""

    def __init__(self, corpus: ClaimCorpus, doc_pairs: dict[tuple[int, int], float], scorer,
                 t: Thresholds, copies: CopyRule | None = None):
        self.corpus = corpus
        self.copies = copies
        self.doc_pairs = doc_pairs
        self.scorer = scorer
        self.t = t
        self.quant_keys = quantity_keys(corpus)
        self.slot_keys, self.slot_values = slot_keys(corpus)
        self._days: dict[str, frozenset] = {}

    def run(self, total: int, cancel) -> Iterator[XrefProgress]:
        """Yields progress; returns the links (None when cancelled)."""
        candidates = yield from self._candidates(total, cancel)
        if candidates is None:
            return None
        yield XrefProgress(0, total, "scoring")
        corpus = self.corpus

        # one orientation per pair (the link's a before its b), so that a full run and an
        # incremental one describe a pair alike
        def order(pair):
            a, b = pair
            key = lambda r: (corpus.claim_doc[r], corpus.claim_span[r])  # noqa: E731
            return (a, b) if key(a) <= key(b) else (b, a)
        pairs = sorted({order(p) for p in candidates})
        scores = self._scores(pairs, cancel)
        if scores is None:
            return None
        yield XrefProgress(0, total, "relating")
        return self._explained(_cap(self._related(pairs, scores), self.t))

    # -- 1. candidates ------------------------------------------------------------------------
    def _candidates(self, total: int, cancel) -> Iterator[XrefProgress]:
        corpus, doc_pairs, quant_keys = self.corpus, self.doc_pairs, self.quant_keys
        slot_keys, same_story = self.slot_keys, self.t.same_story
        claims_m, _ = corpus.matrices()
        docs = corpus.doc_ids
        candidates: set[tuple[int, int]] = set()      # (claim row, claim row)
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
                keep = block.data >= self.t.claim_min_cosine
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
                    if doc_pairs[(min(i, j), max(i, j))] >= same_story and \
                            self._one_news_cycle(docs[i], docs[j]):
                        for rb in range(*corpus.rows[docs[j]]):    # one story: figures of
                            for k in slot_keys.get(rb, ()):         # the same thing, days of
                                by_key[k].append(rb)                # the same happening
                if by_key:
                    for ra in range(a0, a1):
                        for k in quant_keys.get(ra, ()):
                            candidates.update((ra, rb) for rb in by_key.get(k, ()))
                        for k in slot_keys.get(ra, ()):
                            candidates.update((ra, rb) for rb in by_key.get(k, ())
                                              if _may_differ(self.slot_values, ra, rb, k))
            if cancel is not None and cancel.is_set():
                return None
            yield XrefProgress(0, total, "candidates")
        if self.copies:             # copies of one article: their common text is linked once
            keep, doc, text = self.copies.keep, corpus.claim_doc, corpus.claim_text
            copied = self.copies.first
            candidates = {(a, b) for a, b in candidates
                          if doc[a] not in copied and doc[b] not in copied
                          or keep(doc[a], text(a), doc[b], text(b))}
        return candidates

    # -- 2. scores ----------------------------------------------------------------------------
    def _scores(self, pairs: list[tuple[int, int]], cancel) -> np.ndarray | None:
        corpus, scorer = self.corpus, self.scorer

        def score_locally(pairs):
            rows = list(dict.fromkeys(r for pair in pairs for r in pair))
            prepared: dict[int, object] = {}
            for s in range(0, len(rows), PREPARE_BATCH):     # batches: cancellable, bounded
                chunk = rows[s:s + PREPARE_BATCH]
                prepared.update(zip(chunk, scorer.prepare_many(
                    [corpus.claim_text(r) for r in chunk])))
                if cancel is not None and cancel.is_set():
                    return None
            scores = scorer.score_many([(prepared[a], prepared[b]) for a, b in pairs]) \
                if pairs else np.zeros(0)
            return scores, prepared

        if (len(pairs) >= TWO_CORES_MIN_PAIRS and getattr(scorer, "model_path", None)
                and len({r for pair in pairs for r in pair}) <= TWO_CORES_MAX_CLAIMS):
            from .pairs.score_helper import score_on_two_cores
            done = score_on_two_cores(
                scorer, lambda rows: [corpus.claim_text(r) for r in rows], pairs,
                score_locally)
        else:
            done = score_locally(pairs)
        if done is None:
            return None
        scores, prepared = done
        return self._with_readings(pairs, prepared, scores)

    def _with_readings(self, pairs, prepared, scores: np.ndarray) -> np.ndarray:
        """A pair in which a claim has a reading (``discourse.reading``: "the two nations"
        named, a frame or a leading concession set aside) scores as read when, so read, the
        two state the same thing (at least ``agree_score``); otherwise as written. A reading
        recognises a restatement; it does not make weaker links."""
        readings = self.corpus.readings
        at = [k for k, (a, b) in enumerate(pairs) if a in readings or b in readings]
        if not at:
            return scores
        rows = list(dict.fromkeys(r for k in at for r in pairs[k] if r in readings))
        read = dict(zip(rows, self.scorer.prepare_many([readings[r] for r in rows])))
        unread = list(dict.fromkeys(r for k in at for r in pairs[k] if r not in prepared))
        if unread:      # claims a helper process analysed (score_helper.py)
            prepared = {**prepared, **dict(zip(unread, self.scorer.prepare_many(
                [self.corpus.claim_text(r) for r in unread])))}
        again = self.scorer.score_many([(read.get(a, prepared[a]), read.get(b, prepared[b]))
                                        for a, b in (pairs[k] for k in at)])
        scores = np.asarray(scores, dtype=float).copy()
        scores[at] = np.where(again >= self.t.agree_score, np.maximum(scores[at], again),
                              scores[at])
        return scores

    # -- 3. relations -------------------------------------------------------------------------
    def _related(self, pairs: list[tuple[int, int]], scores: np.ndarray) -> list[LinkRow]:
        corpus, t, quant_keys, slot_keys = self.corpus, self.t, self.quant_keys, self.slot_keys
        doc_row = {d: i for i, d in enumerate(corpus.doc_ids)}
        links: list[LinkRow] = []
        for (a, b), score in zip(pairs, scores):
            score = float(score)
            i, j = doc_row[corpus.claim_doc[a]], doc_row[corpus.claim_doc[b]]
            story = self.doc_pairs[(min(i, j), max(i, j))]
            # Only a strong pair, or one whose counts count the same thing, can become a link.
            if score < min(t.related_min_score, t.agree_score - t.story_bonus) and not (
                    score >= t.conflict_min_score and story >= t.conflict_min_doc
                    and (quant_keys.get(a, frozenset()) & quant_keys.get(b, frozenset())
                         or slot_keys.get(a, frozenset()) & slot_keys.get(b, frozenset()))):
                continue
            ta, tb = corpus.claim_text(a), corpus.claim_text(b)
            dates = (corpus.dates.get(corpus.claim_doc[a]), corpus.dates.get(corpus.claim_doc[b]))
            known = (self._dated(corpus.claim_doc[a]), self._dated(corpus.claim_doc[b])) \
                if "w|" in "".join(slot_keys.get(a, ())) else (frozenset(), frozenset())
            figures = (corpus.figures(corpus.claim_doc[a]), corpus.figures(corpus.claim_doc[b]))
            rel = relate(ta, tb, score, t=t, dates=dates, known=known, figures=figures)
            apart = _days_apart(*dates)
            if rel.relation == "related" and rel.evidence == "score" \
                    and score >= _agree_threshold(story, apart, t):
                rel = Relation("agrees", rel.why)
            if not _supported(rel, score, story, apart, t):
                continue
            if rel.relation not in ("conflicts", "updates") and self.copies and \
                    self.copies.one_article(corpus.claim_doc[a], corpus.claim_doc[b]):
                continue        # copies agree by being one: only a changed value is worth a link
            links.append(self._row(a, b, rel, score))
        return links

    def _one_news_cycle(self, a: str, b: str) -> bool:
        """Were both documents published within a news cycle of each other? Only then can a
        slot alone (a figure, a day) make two of their claims worth scoring: in undated
        documents a figure conflicts only in a restatement, which shares its words anyway."""
        da, db = self.corpus.dates.get(a), self.corpus.dates.get(b)
        return da is not None and db is not None and abs((da - db).days) <= self.t.news_cycle_days

    def _dated(self, doc: str) -> frozenset:
        """The happenings a document dates, and to which days (``facts.dated_happenings``)."""
        found = self._days.get(doc)
        if found is None:
            corpus, date = self.corpus, self.corpus.dates.get(doc)
            first, end = corpus.rows[doc]
            found = self._days[doc] = frozenset().union(*(
                dated_happenings(corpus.claim_text(r), date) for r in range(first, end)))
        return found

    def _row(self, a: int, b: int, rel: Relation, score: float) -> LinkRow:
        """The link of claim rows a and b (ordered by ``run`` as the store orders them); a
        conflict of figures names who said each (reported.py; not a date's: "X announced")."""
        corpus = self.corpus
        (sa, ea), (sb, eb) = corpus.claim_span[a], corpus.claim_span[b]
        row = LinkRow(corpus.claim_doc[a], sa, ea, corpus.claim_doc[b], sb, eb, rel.relation,
                      score, rel.why, rel.fact, rel.a_value, rel.b_value)
        return row if rel.evidence != "quantity" else with_speakers(
            row, corpus.claim_text(a), corpus.claim_text(b), corpus.sources.get(row.a_doc, ""),
            corpus.sources.get(row.b_doc, ""))

    # -- 4. whys ------------------------------------------------------------------------------
    def _explained(self, kept: list[LinkRow]) -> list[LinkRow]:
        """The whys completed: referents named by a claim's document ("the two sanctioned
        nations: Russia and North Korea") and the words both share (as read)."""
        corpus = self.corpus
        row_of = {(corpus.claim_doc[r], corpus.claim_span[r][0]): r for r in corpus.readings}
        out = []
        for link in kept:
            ta = corpus.readings.get(row_of.get((link.a_doc, link.a_start)),
                                     corpus.texts[link.a_doc][link.a_start:link.a_end])
            tb = corpus.readings.get(row_of.get((link.b_doc, link.b_start)),
                                     corpus.texts[link.b_doc][link.b_start:link.b_end])
            parts = [link.why]
            for doc, s, e in (link.a, link.b):
                named = referents(corpus.texts[doc], s, e) if (doc, s) in row_of else None
                if named is not None:
                    parts.append(named_why(*named))
            words = shared_words(ta, tb)
            if link.relation == "agrees":       # the fact both state, by its slots first
                dates = (corpus.dates.get(link.a_doc), corpus.dates.get(link.b_doc))
                slots = shared_slots(ta, tb, dates)
                parts.append(both_why(slots))
                said = {w.lower() for slot in slots for w in slot.split()}
                words = [w for w in words if w.lower() not in said]
            parts.append(shared_why(words[:self.t.why_shared_words]))
            out.append(link._replace(why=join_why(*parts), score=round(link.score, 4)))
        return out


def quantity_keys(corpus: ClaimCorpus) -> dict[int, frozenset]:
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


def slot_keys(corpus: ClaimCorpus) -> tuple[dict[int, frozenset], dict[tuple, list]]:
    """Per claim row, the slots it could disagree on with a claim of the same story: figures of
    a kind of thing ("q|count|women", "q|money|USD") and days of a kind of happening
    ("w|vote"); and per (row, slot) the values (ranges of figures, days) that a claim of the
    other document must differ from to be worth scoring. Only claims of dated documents: see
    ``Linker._one_news_cycle``."""
    keys, values = {}, defaultdict(list)
    for r in range(len(corpus.claim_doc)):
        published = corpus.dates.get(corpus.claim_doc[r])
        if published is None:
            continue                # undated: a slot alone never makes a candidate (below)
        text = corpus.claim_text(r)
        ks = set()
        if _HAS_NUMBER.search(text):
            for q in quantities_of(text):
                if q.kind in ("count", "money", "measure") and q.unit and not q.hedged:
                    k = f"q|{q.kind}|{q.unit}"
                    ks.add(k)
                    values[(r, k)].append((q.low, q.high))
        if has_when(text):
            for h, first, last in dated_happenings(text, published):
                k = f"w|{h}"
                ks.add(k)
                values[(r, k)].append((first, last))
        if ks:
            keys[r] = frozenset(ks)
    return keys, values


def _may_differ(values: dict[tuple, list], ra: int, rb: int, key: str) -> bool:
    """Do two claims hold different values for one slot (figures whose ranges do not overlap,
    days that are not the same)? Only such a pair is a candidate by its slot alone."""
    va, vb = values.get((ra, key), ()), values.get((rb, key), ())
    if key.startswith("w|"):
        return any(x != y for x in va for y in vb)
    return any(x[1] <= y[0] or y[1] <= x[0] for x in va for y in vb)


def _supported(rel: Relation, score: float, story: float, days_apart: int | None,
               t: Thresholds) -> bool:
    """Is a relation between two claims backed by enough evidence, given how alike their
    documents are (``story``, the documents' cosine) and how far apart they were published?"""
    relation = rel.relation
    if relation == "updates":                 # a tally days or weeks later, of one story
        return story >= (t.conflict_min_doc if days_apart is None or days_apart <=
                         t.news_cycle_days else t.far_apart_story)
    if days_apart is not None and days_apart > t.news_cycle_days:
        return relation == "agrees" and score >= t.far_apart_score \
            and story >= t.far_apart_story
    if relation == "conflicts" or rel.evidence in ("quantity", "date", "negation"):
        return story >= t.conflict_min_doc    # quantities, dates or negation decided it
    if relation == "agrees":
        return (story >= t.same_story and score >= _agree_threshold(story, days_apart, t)) \
            or score >= t.restatement
    return story >= t.same_story and score >= t.related_min_score


def _agree_threshold(story: float, days_apart: int | None, t: Thresholds) -> float:
    if days_apart is not None and days_apart > t.news_cycle_days:
        return t.far_apart_score
    span = (t.strong_story - t.same_story) or 1.0
    strength = min(1.0, max(0.0, (story - t.same_story) / span))
    return t.agree_score - t.story_bonus * strength


def _days_apart(a: _dt.date | None, b: _dt.date | None) -> int | None:
    return abs((a - b).days) if a is not None and b is not None else None


def _cap(links: list[LinkRow], t: Thresholds) -> list[LinkRow]:
    """Per claim: every conflict and agreement (strongest first, up to ``links_per_claim``)
    and at most ``related_per_claim`` related links. A link survives if both of its claims
    keep it."""
    priority = {r: n for n, r in enumerate(RELATIONS)}
    ranked = sorted(links, key=lambda link: (priority[link.relation], -link.score))
    total: dict[tuple, int] = defaultdict(int)
    related: dict[tuple, int] = defaultdict(int)
    kept = []
    for link in ranked:
        ka, kb = (link.a_doc, link.a_start), (link.b_doc, link.b_start)
        if total[ka] >= t.links_per_claim or total[kb] >= t.links_per_claim:
            continue
        if link.relation == "related" and (related[ka] >= t.related_per_claim
                                           or related[kb] >= t.related_per_claim):
            continue
        kept.append(link)
        total[ka] += 1
        total[kb] += 1
        if link.relation == "related":
            related[ka] += 1
            related[kb] += 1
    kept.sort(key=lambda link: (link.a_doc, link.a_start, link.b_doc, link.b_start))
    return kept
