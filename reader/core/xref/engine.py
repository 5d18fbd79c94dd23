"""The cross-referencing engine: links every claim to the claims of other documents that agree
with it, conflict with it or relate to it, and keeps those links in the library.

How (no query per sentence; everything in bulk):
1. claims of each document (claims.py), kept in the store;
2. claims and documents as TF-IDF vectors over stemmed words (corpus.py; document frequencies
   from the Whoosh index, so a full run and an incremental one weigh words alike);
3. candidate documents: each document's nearest documents by cosine (sparse matrix products
   in chunks for a full run; the Whoosh index, then the same cosine, for a few new documents);
4. and 5. candidate claim pairs between neighbouring documents, scored, related and kept or
   dropped (linking.py).

Every number that decides claims and links is a ``Thresholds`` field (thresholds.py); the
version stored with each document's links (``engine_version``) is derived from them.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from typing import Iterable, Iterator

import numpy as np

from ..gcpause import full_collections_paused
from ..index import TextAnalyzer
from .claims import extract_claims
from .copies import CopyRule, find_copies, first_copies
from .corpus import ClaimCorpus
from .linking import Linker, XrefProgress
from .quantities import quantities_of
from ..stories.pairs import set_story_pairs
from .thresholds import DEFAULT, Thresholds, engine_version
from .when import read_when

STORY_NEIGHBOURS = 40     # same-story documents kept per document (core/stories/pairs.py): a
#                            story's matrix needs no more to be found; bounds the table
BATCH_MODE_SHARE = 0.2     # more new documents than this share of the library: a full pass
#                            (speed only: a full and an incremental run make the same links)

__all__ = ["CrossReferencer", "XrefProgress"]


class CrossReferencer:
    """Computes and stores links. ``run()`` is a generator yielding progress."""

    def __init__(self, library, scorer=None, thresholds: Thresholds = DEFAULT):
        self.lib = library
        self._scorer = scorer
        self._analyzer = TextAnalyzer()
        self.thresholds = thresholds
        self.version = engine_version(thresholds)

    @property
    def scorer(self):
        if self._scorer is None:
            from .pairs import PairScorer
            self._scorer = PairScorer()
        return self._scorer

    # -- what needs doing ---------------------------------------------------------------------
    def pending(self) -> list[str]:
        """Documents whose links are missing or were computed for other text or rules."""
        state = self.lib.store.xref_state()
        return [d for d, h in self.lib.store.hashes().items()
                if state.get(d) != (h, self.version)]

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

                corpus = ClaimCorpus(self._analyzer, df, n_docs, self.thresholds)
                yield XrefProgress(0, len(targets), "claims")
                if full:
                    members = list(hashes)
                else:
                    members = self._neighbour_candidates(targets, searcher)
                self._load(corpus, members, cancel)
                if cancel is not None and cancel.is_set():
                    return
                yield XrefProgress(0, len(targets), "candidates")
                pairs, story = self._doc_pairs(corpus, targets, full)
                copies, rule = self._copies(corpus, pairs, targets)
                linker = Linker(corpus, pairs, self.scorer, self.thresholds, copies=rule)
                links = yield from linker.run(len(targets), cancel)
                if links is None:
                    return
            finally:
                searcher.close()
                quantities_of.cache_clear()     # memoised for this run only
                read_when.cache_clear()
            with store.transaction():
                if full:
                    store.delete_links(None if len(targets) == len(hashes) else targets)
                else:
                    store.delete_links(targets)
                store.add_links(links)
                store.set_copies(copies, None if len(targets) == len(hashes) else targets)
                set_story_pairs(store, story, None if len(targets) == len(hashes) else targets)
                for d in targets:
                    store.set_xref_state(d, hashes[d], self.version)
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
            terms = [t for _, t in weighted[-self.thresholds.query_terms:]]
            if not terms:
                continue
            q = wq.Or([wq.Term("body", t) for t in terms])
            for hit in searcher.search(q, limit=self.thresholds.neighbours * 4):
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
            if state.get(d) == (hashes.get(d), self.version):
                claims = store.spans(d, "claims")
            else:
                claims = extract_claims(row.text, store.spans(d, "sentences"),
                                        store.spans(d, "paragraphs"), self.thresholds)
                fresh[d] = claims
            corpus.add(d, row.text, claims, row.date, row.source)
            if cancel is not None and cancel.is_set():
                return
        if fresh:
            with store.transaction():
                for d, claims in fresh.items():
                    store.set_claims(d, claims)

    def _copies(self, corpus: ClaimCorpus, pairs: dict[tuple[int, int], float],
                targets: list[str]) -> tuple[list[tuple[str, str, float]], CopyRule]:
        """The copies among the document pairs, and the rule that keeps their links single:
        with the copies recorded before between documents this run leaves alone."""
        docs, store = corpus.doc_ids, self.lib.store
        found = find_copies(corpus.texts, ((docs[i], docs[j], c) for (i, j), c in pairs.items()),
                            self.thresholds)
        redo = set(targets)
        groups: dict[str, set[str]] = defaultdict(set)
        for a, b, _ in found:
            groups[a].add(b)
            groups[b].add(a)
        for d, others in store.copies().items():
            if d not in redo:
                groups[d].update(o for o in others if o not in redo)
        if not groups:
            return found, CopyRule({}, {})
        first = first_copies(groups, store.first_imported(groups))
        heads = set(first.values())
        claims = {h: [corpus.texts[h][s:e] for s, e in corpus.claims[h]]
                  for h in heads if h in corpus.texts}
        missing = store.get_many(heads - set(claims), with_text=True)
        claims.update((h, [row.text[s:e] for s, e in store.spans(h, "claims")])
                      for h, row in missing.items())
        return found, CopyRule(first, claims)

    def _doc_pairs(self, corpus: ClaimCorpus, targets: list[str],
                   full: bool) -> tuple[dict[tuple[int, int], float], list]:
        """Pairs of document rows (i < j) whose claims may be linked, with their cosine; and the
        document pairs on one story (cosine at least ``same_story``, up to ``STORY_NEIGHBOURS``
        a document), as (doc, doc, cosine)."""
        _, docs = corpus.matrices()
        index = {d: i for i, d in enumerate(corpus.doc_ids)}
        rows = [index[d] for d in targets if d in index] if not full else list(range(len(index)))
        pairs: dict[tuple[int, int], float] = {}
        story: dict[tuple[int, int], float] = {}
        docs_t = docs.T.tocsc()
        for start in range(0, len(rows), 1000):
            chunk = rows[start:start + 1000]
            sims = (docs[chunk] @ docs_t).toarray()
            for k, i in enumerate(chunk):
                sims[k, i] = 0.0
                order = np.argsort(-sims[k])[:self.thresholds.neighbours]
                for j in order:
                    if sims[k, j] >= self.thresholds.doc_min_cosine:
                        pairs[(min(i, j), max(i, j))] = float(sims[k, j])
                near = np.flatnonzero(sims[k] >= self.thresholds.same_story)
                for j in near[np.argsort(-sims[k][near])][:STORY_NEIGHBOURS]:
                    if self._one_story(corpus, i, j, float(sims[k, j])):
                        story[(min(i, j), max(i, j))] = float(sims[k, j])
        ids = corpus.doc_ids
        return pairs, [(ids[i], ids[j], round(c, 4)) for (i, j), c in story.items()]

    def _one_story(self, corpus: ClaimCorpus, i: int, j: int, cosine: float) -> bool:
        """Two documents this alike tell one story when published within a news cycle of each
        other (or either undated); further apart, only when as alike as the engine asks of
        far-apart articles it links (a follow-up weeks later, not the next event of a topic)."""
        t = self.thresholds
        a, b = corpus.dates.get(corpus.doc_ids[i]), corpus.dates.get(corpus.doc_ids[j])
        near = a is None or b is None or abs((a - b).days) <= t.news_cycle_days
        return near or cosine >= t.far_apart_story
