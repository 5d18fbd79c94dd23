"""The claims of a set of documents as texts and TF-IDF vectors, for the engine (engine.py):
claims × terms and documents × terms, rows L2-normalised, document frequencies from the
Whoosh index. A claim with a context reading (discourse.py) is weighed as read, the words the
reading sets aside at ``Thresholds.reading_aside``."""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter

import numpy as np
from scipy import sparse

from ..index import TextAnalyzer
from .discourse import reading, worth_reading
from .quantities import quantities_of
from .thresholds import DEFAULT, Thresholds


class ClaimCorpus:
    """Claims of a set of documents, as texts and TF-IDF vectors."""

    def __init__(self, analyzer: TextAnalyzer, df, n_docs: int, t: Thresholds = DEFAULT):
        self.t = t
        self._an = analyzer
        self._df = df                      # callable: stem -> document frequency
        self._n = max(n_docs, 1)
        self.vocab: dict[str, int] = {}
        self.idf: list[float] = []
        self.doc_ids: list[str] = []
        self.texts: dict[str, str] = {}
        self.dates: dict[str, _dt.date] = {}
        self.sources: dict[str, str] = {}      # doc -> its outlet, where known
        self.claims: dict[str, list[tuple[int, int]]] = {}
        self.rows: dict[str, tuple[int, int]] = {}     # doc -> (first claim row, end row)
        self.claim_doc: list[str] = []
        self.claim_span: list[tuple[int, int]] = []
        self.readings: dict[int, str] = {}   # claim row -> discourse.reading, where it differs
        self._figures: dict[str, tuple] = {}    # doc -> every quantity of its claims
        self._data: list[float] = []
        self._indices: list[int] = []
        self._indptr: list[int] = [0]

    def figures(self, doc_id: str) -> tuple:
        """Every quantity of a document's claims (``facts.quantity_conflict``), memoised."""
        found = self._figures.get(doc_id)
        if found is None:
            first, end = self.rows[doc_id]
            found = self._figures[doc_id] = tuple(
                q for r in range(first, end) for q in quantities_of(self.claim_text(r)))
        return found

    def add(self, doc_id: str, text: str, claims: list[tuple[int, int]], date: str = "",
            source: str = "") -> None:
        first = len(self.claim_doc)
        if source:
            self.sources[doc_id] = source
        try:
            self.dates[doc_id] = _dt.date.fromisoformat(date[:10])
        except ValueError:
            pass
        vocab, idf, terms, log = self.vocab, self.idf, self._an.terms, math.log
        indices, data = self._indices, self._data
        readings = self.readings
        for s, e in claims:
            claim = text[s:e]
            counts = Counter(terms(claim))
            read = reading(text, s, e, self.t) if worth_reading(claim, counts) else None
            weight = {}
            if read is not None:
                # the claim as read weighs in full, the words it sets aside (a frame, a
                # concession) count half
                readings[len(self.claim_doc)] = read
                read_counts = Counter(terms(read))
                aside = self.t.reading_aside
                weight = {t: aside for t in counts if t not in read_counts}
                counts = read_counts + Counter({t: counts[t] for t in weight})
            for term, c in counts.items():
                tid = vocab.get(term)
                if tid is None:
                    tid = vocab[term] = len(vocab)
                    idf.append(log((self._n + 1) / (self._df(term) + 1)) + 1.0)
                indices.append(tid)
                data.append((1.0 + log(c)) * idf[tid] * weight.get(term, 1.0))
            self._indptr.append(len(indices))
            self.claim_doc.append(doc_id)
            self.claim_span.append((s, e))
        self.doc_ids.append(doc_id)
        self.texts[doc_id] = text
        self.claims[doc_id] = claims
        self.rows[doc_id] = (first, len(self.claim_doc))

    def matrices(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(claims × terms, documents × terms), rows L2-normalised."""
        shape = (len(self.claim_doc), max(len(self.vocab), 1))
        x = sparse.csr_matrix((np.asarray(self._data, dtype=np.float32),
                               np.asarray(self._indices, dtype=np.int32),
                               np.asarray(self._indptr, dtype=np.int64)), shape=shape)
        row_of = {d: i for i, d in enumerate(self.doc_ids)}
        owner = sparse.csr_matrix(           # documents × claims: which claim is whose
            (np.ones(len(self.claim_doc), dtype=np.float32),
             ([row_of[d] for d in self.claim_doc], np.arange(len(self.claim_doc)))),
            shape=(len(self.doc_ids), len(self.claim_doc)))
        return _normalise(x), _normalise(owner @ x)

    def claim_text(self, row: int) -> str:
        s, e = self.claim_span[row]
        return self.texts[self.claim_doc[row]][s:e]


def _normalise(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m, dtype=np.float32)
