"""The pair scorer behind ``reader compare``: how much two sentences state the same thing, a
score in [0, 1] (``scorer.py``), from lexical features (``features.py``) of texts analysed once
(``textprep.py``), by a small learned model (``pair_model.json``)."""

from .features import FEATURE_NAMES
from .scorer import DEFAULT_MODEL, MODEL_FORMAT, PairScorer, Prepared, make_model

__all__ = ["DEFAULT_MODEL", "FEATURE_NAMES", "MODEL_FORMAT", "PairScorer", "Prepared",
           "make_model"]
