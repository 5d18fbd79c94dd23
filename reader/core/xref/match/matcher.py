"""Claim matching: the passages of the library that state a claim, best first.

``Matcher(library).match(text, limit)`` returns ``MatchHit``s: sentence spans of library
documents (``store.spans(doc, "sentences")``; offsets are ``str`` indices into the document's
normalised text, end exclusive), each with a score in [0, 1] and the relation of the passage
to the claim (``relations.classify``). The texts as analysed: ``analysis.py``.

How:

1. The claim is cleaned (``split_claim``): URLs and ``pic.twitter.com`` links are removed, the
   trailing "— Name (@handle) Month D, YYYY" signature of a quoted tweet is cut off (the name
   is kept apart, as weak evidence), hashtags and @mentions become words (CamelCase split).
   Very long input is cut to MAX_CLAIM_CHARS.
2. Candidate documents: BM25F over title + body of the claim's most informative analysed
   terms, any of them (an OR query: a long tweet never becomes an AND query), computed with
   numpy over the Whoosh index's postings (``IndexView``; no query parser, so no input is a
   syntax error).
3. Context: when the claim occurs verbatim (after normalisation) in a candidate document,
   that document is the claim's context, and its similarity to each other candidate
   document (TF-IDF cosine of the texts, of their names) is evidence: articles on the same
   story state the same claims.
4. Every sentence of the candidate documents (and each document's title, as evidence for its
   document) is compared with the claim (``FEATURES``): IDF-weighted overlap and coverage,
   bigrams, numbers, names, fuzzy ratio, soft coverage through word vectors learned from
   unlabeled news text (``wordvec.py``), TF-IDF cosine of character 4-grams (``chargrams.py``;
   run-together hashtags, spelling), the document's BM25F and coverage, the context.
5. A linear ranker trained on pairs (``benchmarks/train_match.py``, training splits only;
   weights in ``match_model.json``) scores all candidates; the best PAIR_RERANK are scored
   again by a second model that also sees the learned pair score of
   ``pairs.PairScorer``. Scores are calibrated probabilities; a passage that is the
   claim itself scores 1. Several passages of one document may be returned.
6. The relation of each returned passage to the claim comes from ``relations.classify``,
   given the pair score (what its thresholds are set on) when there is one.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz as _fuzz

from ...text.normalize import normalize
from ..relations import classify
from .analysis import MEDIA, MatchDoc, Terms, canon as canonical, cosine, numbers, overlap
from .analysis import names as names_of
from .bm25 import IndexView
from .chargrams import cosine as _c4_cosine
from .claimtext import MAX_CLAIM_CHARS, split_claim
from .ranker import FEATURES, load_model
from .wordvec import SoftMatch, word_vectors

MAX_QUERY_TERMS = 40         # the most informative terms go into the OR query
CANDIDATE_DOCS = 150         # at most this many documents' sentences are scored ...
MIN_CANDIDATE_DOCS = 30      # ... and at least this many (when the query finds them),
CANDIDATE_WORDS = 12_000     # stopping once the documents hold this many indexed words
DOC_CACHE = 1000             # analysed documents kept between calls
PAIR_RERANK = 48             # candidates re-scored with the pair score
MIN_CONTEXT_TERMS = 3        # a claim with fewer terms is not looked up as a passage

_S_PAIR = FEATURES.index("s_pair")
_D_BEST = FEATURES.index("d_best")
_C_SIM = FEATURES.index("c_sim")
_C_SIM_REL = FEATURES.index("c_sim_rel")


@dataclass
class MatchHit:
    doc: str
    start: int
    end: int
    text: str
    score: float
    relation: str
    why: str = ""

    def to_json(self) -> dict:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text,
                "score": round(self.score, 4), "relation": self.relation, "why": self.why}


class Matcher:
    """Finds the passages of ``library`` that state a claim. Keep one per library: it caches
    analysed documents and document frequencies between calls (thread-safe)."""

    def __init__(self, library, scorer=None):
        self.library = library
        self._scorer = scorer
        self._scorer_checked = scorer is not None
        self._analyze = Terms()
        self._lock = threading.RLock()
        self._searcher = None
        self._index_view: IndexView | None = None
        self._df: dict[str, float] = {}     # term -> IDF
        self._docs: OrderedDict[str, MatchDoc] = OrderedDict()
        self._model = load_model()
        self._classify = _relation_classifier()
        self._pair_claim = None
        self._vectors = word_vectors()      # None without the file: those features are 0

    # -- public -------------------------------------------------------------------------------
    def match(self, text: str, limit: int = 10) -> list[MatchHit]:
        """The passages of the library that state the claim ``text``, best first (at most
        ``limit``). Never raises on any text."""
        if limit is None or limit <= 0:
            return []
        with self._lock:
            cands = self.candidates(text)
            if cands is None:
                return []
            claim, items, X, has_context, exact = cands
            scores, pair = self.rank(claim, items, X, has_context)
            scores[exact] = 1.0
            order = np.argsort(-scores, kind="stable")[:limit]
            scorer = self._pair_scorer()
            hits = []
            for i in order:
                doc, (a, b) = items[i]
                passage = doc.text[a:b]
                score = float(min(1.0, max(0.0, scores[i])))
                if np.isnan(pair[i]) and scorer is not None:
                    pair[i] = self._pair([(doc, (a, b))], claim)[0]
                # the relation rules are calibrated on the pair score when there is one
                basis = score if np.isnan(pair[i]) else float(pair[i])
                relation, why = self._classify(claim, passage, basis)
                hits.append(MatchHit(doc.id, a, b, passage, score, relation, why))
            return hits

    def rank(self, claim: str, items, X: np.ndarray, has_context: bool):
        """Scores of the candidates: the first stage (no pair score) for all of them, then
        the best PAIR_RERANK re-scored with the pair score as one more feature. Returns
        (scores, pair scores with NaN where not computed)."""
        pair = np.full(len(items), np.nan)
        s1 = self.score(X, has_context, stage=1)
        scorer = self._pair_scorer()
        if scorer is None or not self._model.get("uses_pair"):
            return s1, pair
        top = np.argsort(-s1, kind="stable")[:PAIR_RERANK]
        values = self._pair([items[i] for i in top], claim)
        if values is None:
            return s1, pair
        pair[top] = values
        Xt = X[top].copy()
        Xt[:, _S_PAIR] = values
        s = s1.copy()
        s[top] = self.score(Xt, has_context, stage=2)
        rest = np.ones(len(items), dtype=bool)
        rest[top] = False
        if rest.any():
            s[rest] = np.minimum(s1[rest], s[top].min())
        return s, pair

    def _pair(self, items, claim: str) -> np.ndarray | None:
        scorer = self._pair_scorer()
        try:
            if self._pair_claim is None or self._pair_claim[0] != claim:
                self._pair_claim = (claim, scorer.prepare(claim))
            q = self._pair_claim[1]
            missing = [(doc, a, b) for doc, (a, b) in items if a not in doc.prepared]
            for (doc, a, _), p in zip(missing, scorer.prepare_many(
                    [doc.text[a:b] for doc, a, b in missing])):
                doc.prepared[a] = p
            pairs = [(q, doc.prepared[a]) for doc, (a, _) in items]
            return np.asarray(scorer.score_many(pairs), dtype=float)
        except Exception:   # noqa: BLE001 - the pair score is one feature among several
            return None

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
                self._index_view = None

    # -- scoring ------------------------------------------------------------------------------
    def score(self, X: np.ndarray, has_context: bool, stage: int = 1) -> np.ndarray:
        """Calibrated probability that each candidate states the claim (stage 1: without the
        pair score; stage 2: with it)."""
        m = self._model
        part = m[("with_context" if has_context else "without_context")
                 + ("" if stage == 2 else "_stage1")]
        z = (X - m["mean"]) / m["scale"]
        logit = z @ part["w"] + part["b"]
        return 1.0 / (1.0 + np.exp(-logit))

    # -- candidates and features -------------------------------------------------------------
    def candidates(self, text: str):
        """(claim, [(doc, span)], features, has_context, exact-mask) or None."""
        text = text if isinstance(text, str) else str(text or "")
        claim, author = split_claim(text)
        q_list = self._analyze(claim)
        if not q_list:
            return None
        view = self._view()
        if view.n_docs == 0:
            return None
        q_terms = frozenset(q_list)
        idf = self._idf
        query_terms = sorted(q_terms, key=lambda t: (-idf(t), t))[:MAX_QUERY_TERMS]
        found, words = [], 0.0
        for d, score, n_words in view.top_documents(query_terms, idf, CANDIDATE_DOCS):
            if len(found) >= MIN_CANDIDATE_DOCS and words + n_words > CANDIDATE_WORDS:
                break
            found.append((d, score))
            words += n_words
        if not found:
            return None
        docs = self._load([d for d, _ in found])
        found = [(d, s) for d, s in found if d in docs]
        if not found:
            return None
        top = max(s for _, s in found) or 1.0

        # context: the claim verbatim in one of the best documents
        context = None
        if len(q_terms) >= MIN_CONTEXT_TERMS:
            forms = {normalize(claim), normalize(text[:MAX_CLAIM_CHARS])} - {""}
            for d, _ in found:
                if any(f in docs[d].text for f in forms):
                    context = docs[d]
                    break
        if context is not None:
            self._weigh(context)
        a_terms = frozenset(self._analyze(author)) - q_terms if author else frozenset()

        q_w = {t: idf(t) for t in q_terms}
        q_norm2 = sum(w * w for w in q_w.values())
        q_sum = sum(q_w.values()) or 1.0
        q_bigrams = set(zip(q_list, q_list[1:]))
        q_nums = numbers(claim)
        q_names = names_of(claim, self._analyze)
        canon = canonical(claim)
        claim_low = claim.lower()
        q_media = bool(MEDIA.search(text[:MAX_CLAIM_CHARS * 2]))
        wv = self._vectors
        cg = wv.char_grams if wv is not None else None
        soft = SoftMatch(wv, list(q_w), list(q_w.values())) if wv is not None else None
        q_c4 = cg.vector(claim) if cg is not None else {}

        items, rows, exact = [], [], []
        for rank, (d, bm25) in enumerate(found):
            doc = self._weigh(docs[d])
            t_cos = self._cos(q_w, q_norm2, doc.title_terms)
            d_cov = sum(w for t, w in q_w.items() if t in doc.terms or t in doc.title_terms) / q_sum
            if context is None or doc is context:
                c_sim = c_name = c_num = 0.0   # no context, or no evidence about the claim's own
            else:
                c_sim = cosine(context.tfidf, doc.tfidf)
                c_name = cosine(context.name_w, doc.name_w)
                c_num = overlap(context.doc_numbers, doc.doc_numbers)
            nw = sum(doc.name_w.values())
            d_name_x = (sum(w for t, w in doc.name_w.items() if t not in q_terms) / nw) \
                if nw else 0.0
            a_name = (len([t for t in a_terms if t in doc.terms or t in doc.title_terms])
                      / len(a_terms)) if a_terms else 0.0
            doc_rows = []
            softs = soft.document(doc.sent_lists, idf) if soft is not None else None
            if cg is not None and doc.sent_c4 is None:
                doc.sent_c4 = [cg.vector(doc.text[a:b]) for a, b in doc.spans]
                doc.title_c4 = cg.vector(doc.title)
            t_c4 = _c4_cosine(q_c4, doc.title_c4) if q_c4 else 0.0
            for k, (span, terms, lst) in enumerate(zip(doc.spans, doc.sent_terms, doc.sent_lists)):
                if not terms:
                    continue
                soft_q, soft_s = softs[k] if softs is not None else (0.0, 0.0)
                s_c4 = _c4_cosine(q_c4, doc.sent_c4[k]) if q_c4 else 0.0
                shared = q_terms & terms
                sw = sum(q_w[t] for t in shared)
                s_norm2, s_sum = doc.sent_norm2[k], doc.sent_sum[k]
                s_cos = sum(q_w[t] ** 2 for t in shared) / math.sqrt(q_norm2 * s_norm2) \
                    if q_norm2 and s_norm2 else 0.0
                bigr = (len(q_bigrams & set(zip(lst, lst[1:]))) / len(q_bigrams)) \
                    if q_bigrams else 0.0
                nums = (len(q_nums & doc.numbers[k]) / len(q_nums)) if q_nums else 0.0
                names = (len(q_names & terms) / len(q_names)) if q_names else 0.0
                passage = doc.text[span[0]:span[1]]
                fuzz = _fuzz.partial_token_sort_ratio(claim_low, passage.lower()) / 100.0
                if context is not None and doc is not context:
                    c_sent = sum(idf(t) for t in terms if t in context.terms) / s_sum \
                        if s_sum else 0.0
                else:
                    c_sent = 0.0
                media = float(q_media and bool(MEDIA.search(passage)))
                doc_rows.append([s_cos, sw / q_sum, sw / s_sum if s_sum else 0.0, bigr, nums,
                                 names, 0.0, fuzz, media, math.log1p(len(lst)), 1.0 / (1 + k),
                                 soft_q, soft_s, s_c4, t_c4, t_cos, d_cov, 0.0, bm25 / top, bm25 / q_sum,
                                 1.0 / (1 + rank), d_name_x, a_name, c_sim, c_sent, c_name,
                                 0.0, c_num])
                items.append((doc, span))
                exact.append(abs(len(passage) - len(canon)) <= 8 + len(canon) // 10
                             and canonical(passage) == canon)
            if doc_rows:
                best = max(r[0] for r in doc_rows)
                for r in doc_rows:
                    r[_D_BEST] = best
                rows.extend(doc_rows)
        if not rows:
            return None
        X = np.asarray(rows, dtype=float)
        # the context's similarity to this document relative to the closest candidate
        # document: on a story with two events, the other event's articles rank lower
        X[:, _C_SIM_REL] = X[:, _C_SIM] / (X[:, _C_SIM].max() or 1.0)
        return claim, items, X, context is not None, np.asarray(exact, dtype=bool)

    def _weigh(self, doc: MatchDoc) -> MatchDoc:
        """Fill the IDF-dependent sums of a document (once per index generation)."""
        if doc.sent_norm2 is None:
            idf = self._idf
            norm2, sums = [], []
            for terms in doc.sent_terms:
                ws = [idf(t) for t in terms]
                norm2.append(sum(w * w for w in ws))
                sums.append(sum(ws))
            doc.sent_norm2, doc.sent_sum = norm2, sums
            doc.tfidf = {t: (1.0 + math.log(c)) * idf(t) for t, c in doc.terms.items()}
            doc.name_w = {t: idf(t) for t in doc.names}
        return doc

    def _view(self) -> "IndexView":
        if self._searcher is None:
            self._searcher = self.library.index.searcher()
        else:
            fresh = self._searcher.refresh()
            if fresh is not self._searcher:
                self._searcher = fresh
                self._index_view = None
        if self._index_view is None:
            self._df.clear()
            self._docs.clear()
            self._index_view = IndexView(self._searcher)
        return self._index_view

    def _idf(self, term: str) -> float:
        w = self._df.get(term)
        if w is None:
            view = self._index_view
            df = view.doc_frequency("body", term)
            n = view.n_docs
            w = self._df[term] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return w

    def _cos(self, q_w: dict, q_norm2: float, terms) -> float:
        if not terms or not q_norm2:
            return 0.0
        shared = sum(w * w for t, w in q_w.items() if t in terms)
        if not shared:
            return 0.0
        s_norm2 = sum(self._idf(t) ** 2 for t in terms)
        return shared / math.sqrt(q_norm2 * s_norm2)

    def _load(self, ids: list[str]) -> dict[str, MatchDoc]:
        out, missing = {}, []
        for d in ids:
            doc = self._docs.get(d)
            if doc is None:
                missing.append(d)
            else:
                self._docs.move_to_end(d)
                out[d] = doc
        if missing:
            store = self.library.store
            rows = store.get_many(missing, with_text=True)
            for d, row in rows.items():
                doc = MatchDoc(row, store.spans(d, "sentences"), self._analyze,
                               lambda t: names_of(t, self._analyze))
                self._docs[d] = doc
                out[d] = doc
            while len(self._docs) > DOC_CACHE:
                self._docs.popitem(last=False)
        return out

    def _pair_scorer(self):
        if not self._scorer_checked:
            self._scorer_checked = True
            try:
                from ..pairs import PairScorer
                self._scorer = PairScorer()
            except Exception:   # noqa: BLE001 - not built yet, or its model is missing
                self._scorer = None
        return self._scorer


def _relation_classifier():
    def run(a: str, b: str, score: float):
        try:
            relation, why = classify(a, b, score)
            return str(relation), str(why or "")
        except Exception:   # noqa: BLE001 - a relation is a label, never a failure
            return "related", ""
    return run
