"""The claim matcher behind ``reader match``: the passages of the library that state a claim,
best first (``matcher.py`` says how). Its parts: ``claimtext`` (a pasted claim as plain prose),
``analysis`` (texts and documents as analysed), ``bm25`` (candidate documents over the index's
postings), ``wordvec`` and ``chargrams`` (soft matching by word vectors and character 4-grams),
``ranker`` (the learned model, ``match_model.json``)."""

from .claimtext import MAX_CLAIM_CHARS, clean_claim, split_claim
from .matcher import PAIR_RERANK, MatchHit, Matcher
from .ranker import FEATURES, MODEL_PATH, load_model

__all__ = ["FEATURES", "MAX_CLAIM_CHARS", "MODEL_PATH", "PAIR_RERANK", "MatchHit", "Matcher",
           "clean_claim", "load_model", "split_claim"]
