"""BM25F over the Whoosh index's postings, in numpy.

``IndexView`` holds one generation of the index as arrays (which documents are live, the
length of each one's title and body) and reads postings block by block, so that a long OR
query scores every document a term occurs in at numpy speed (Whoosh's own matchers do the same
in pure Python, ten times slower on a long OR query). It relies on the reader internals of
Whoosh's default codec and falls back to the generic matcher API for any other.
"""

from __future__ import annotations

import numpy as np

FIELD_BOOST = {"title": 1.0, "body": 1.0}
BM25_K1, BM25_B = 1.2, 0.75


class IndexView:
    """One generation of the Whoosh index as arrays: which documents are live, the length of
    each one's title and body, and postings read block by block, for a BM25F that scores
    every document a query term occurs in (Whoosh's own matchers do the same in pure Python,
    ten times slower on a long OR query)."""

    def __init__(self, searcher):
        self.searcher = searcher
        reader = searcher.reader()
        self.leaves = list(reader.leaf_readers())
        self.n_all = sum(r.doc_count_all() for r, _ in self.leaves)
        self.live = np.ones(self.n_all, dtype=bool)
        self.lengths = {f: np.zeros(self.n_all) for f in FIELD_BOOST}
        for r, off in self.leaves:
            n = r.doc_count_all()
            if r.has_deletions():       # (Whoosh 2.7's segment readers keep them as a set)
                deleted = getattr(r, "deleted_docs_set", None)
                if not isinstance(deleted, (set, frozenset)):
                    deleted = [d for d in range(n) if r.is_deleted(d)]
                for d in deleted:
                    self.live[off + d] = False
            for f, arr in self.lengths.items():
                arr[off:off + n] = np.fromiter(
                    ((r.doc_field_length(i, f, 0) or 0) for i in range(n)), float, n)
        self.n_docs = int(self.live.sum())
        self.avg = {f: max(1.0, float(arr[self.live].mean()) if self.n_docs else 1.0)
                    for f, arr in self.lengths.items()}

    def doc_frequency(self, field: str, term: str) -> int:
        """Live documents holding ``term``: Whoosh's own count keeps deleted ones until a
        merge (which made the weights of common words negative), so where there are deletions
        the postings are counted."""
        try:
            if self.n_docs == self.n_all:
                return self.searcher.doc_frequency(field, term)
            ids, _ = self.postings(field, term)
            return int(self.live[ids].sum())
        except Exception:   # noqa: BLE001 - a term the index cannot read counts as absent
            return 0

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        ids, tfs = [], []
        for r, off in self.leaves:
            try:
                if (field, term) not in r:
                    continue
                m = r.postings(field, term)
            except Exception:   # noqa: BLE001
                continue
            i, w = read_postings(m)
            ids.append(i + off)
            tfs.append(w)
        if not ids:
            return np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(ids), np.concatenate(tfs)

    def top_documents(self, terms, idf, k: int) -> list[tuple[str, float, float]]:
        """[(id, BM25F score, indexed words)] of the best k documents."""
        if not self.n_all:
            return []
        scores = np.zeros(self.n_all)
        for t in terms:
            w = idf(t)
            for f, boost in FIELD_BOOST.items():
                ids, tf = self.postings(f, t)
                if not len(ids):
                    continue
                norm = BM25_K1 * (1 - BM25_B + BM25_B * self.lengths[f][ids] / self.avg[f])
                scores[ids] += boost * w * tf * (BM25_K1 + 1) / (tf + norm)
        scores[~self.live] = 0.0
        hits = np.flatnonzero(scores > 0)
        if not len(hits):
            return []
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        hits = hits[np.lexsort((hits, -scores[hits]))]
        out = []
        for d in hits:
            try:
                out.append((self.searcher.stored_fields(int(d))["id"], float(scores[d]),
                            float(self.lengths["body"][d] + self.lengths["title"][d])))
            except Exception:   # noqa: BLE001 - a document gone between two reads
                continue
        return out


def read_postings(m) -> tuple[np.ndarray, np.ndarray]:
    """All (document number, term frequency) of a fresh leaf matcher, a block at a time."""
    ids, tfs = [], []
    try:
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.append(np.asarray(m._ids, dtype=np.int64))
            tfs.append(np.asarray(m._weights, dtype=float))
            if m._lastblock:
                break
            m._next_block()
        if ids:
            return np.concatenate(ids), np.concatenate(tfs)
        return np.zeros(0, np.int64), np.zeros(0)
    except AttributeError:      # another codec: the generic (slower) way
        m.reset()
        a, w = [], []
        while m.is_active():
            a.append(m.id())
            w.append(m.weight())
            m.next()
        return np.asarray(a, dtype=np.int64), np.asarray(w, dtype=float)
