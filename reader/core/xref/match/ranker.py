"""The learned ranker of ``match``: its features, and its weights in ``match_model.json``
(written by ``benchmarks/train_match.py`` from training splits only)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("match_model.json")

FEATURES = (
    # the sentence
    "s_cos",        # IDF-weighted cosine (term sets) of claim and sentence
    "s_qcov",       # share of the claim's IDF mass found in the sentence
    "s_scov",       # share of the sentence's IDF mass found in the claim
    "s_bigram",     # share of the claim's word bigrams found in the sentence
    "s_num",        # numbers of the claim found in the sentence (share; 0 when it has none)
    "s_name",       # capitalised words (names) of the claim found in the sentence (share)
    "s_pair",       # PairScorer score (0 when unavailable)
    "s_fuzz",       # rapidfuzz partial token-sort ratio of the lowercased texts / 100
    "s_media",      # the claim shows or links a picture or video and the sentence speaks of one
    "s_len",        # log(1 + terms of the sentence)
    "s_pos",        # 1 / (1 + position of the sentence in its document)
    "s_soft_q",     # claim's IDF mass covered softly by the sentence (word vectors; wordvec.py)
    "s_soft_s",     # sentence's IDF mass covered softly by the claim
    "s_c4",         # TF-IDF cosine of the character 4-grams of claim and sentence (chargrams.py)
    "t_c4",         # the same for claim and the document's title
    # its document
    "t_cos",        # IDF-weighted cosine of claim and the document's title
    "d_cov",        # share of the claim's IDF mass found anywhere in the title or text
    "d_best",       # best s_cos over the sentences of the same document
    "d_bm25",       # BM25F score of the document / best score among candidates
    "d_bm25q",      # BM25F score of the document / IDF mass of the claim
    "d_rank",       # 1 / (1 + rank of the document among candidates)
    "d_name_x",     # share of the IDF mass of the document's names that the claim lacks
    "a_name",       # share of the words of a quoted tweet's author found in the document
    "c_sim",        # TF-IDF cosine of the context document and this document (0: no context)
    "c_sent",       # share of the sentence's IDF mass found in the context document
    "c_name",       # IDF-weighted cosine of the names (capitalised words) of the two documents
    "c_sim_rel",    # c_sim / the best c_sim among the candidate documents (0: no context)
    "c_num",        # numbers (2+ digits) shared by the context document and this document,
                    # over the fewer of the two documents' numbers (0: no context or none)
)

_DEFAULT_WEIGHTS = {
    "s_cos": 3.0, "s_qcov": 1.5, "s_scov": 0.5, "s_bigram": 0.5, "s_num": 0.3, "s_name": 0.3,
    "s_pair": 0.0, "s_fuzz": 0.0, "s_media": 0.0, "s_len": 0.0, "s_pos": 0.0,
    "s_soft_q": 0.0, "s_soft_s": 0.0, "s_c4": 0.0, "t_c4": 0.0, "t_cos": 0.5,
    "d_cov": 0.5, "d_best": 0.5, "d_bm25": 1.0, "d_bm25q": 0.0, "d_rank": 0.2, "d_name_x": 0.0,
    "a_name": 0.2, "c_sim": 3.0, "c_sent": 0.5, "c_name": 0.5,
    "c_sim_rel": 0.0, "c_num": 0.0}


PARTS = ("with_context_stage1", "without_context_stage1", "with_context", "without_context")


def load_model(path: Path = MODEL_PATH) -> dict:
    """The shipped ranker (``match_model.json``); fixed hand-set weights, without the pair
    score, if the file is missing, unreadable or made for other features."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if list(raw["features"]) != list(FEATURES):
            raise ValueError("feature list differs")
        model = {"mean": np.asarray(raw["mean"], float), "scale": np.asarray(raw["scale"], float),
                 "uses_pair": bool(raw.get("uses_pair", False))}
        for part in PARTS:
            if part not in raw:
                if part.endswith("_stage1"):
                    raise ValueError(f"no {part}")
                model["uses_pair"] = False
                continue
            w = np.asarray(raw[part]["w"], float)
            if w.shape != (len(FEATURES),) or not np.all(np.isfinite(w)):
                raise ValueError(f"bad weights in {part}")
            model[part] = {"w": w, "b": float(raw[part]["b"])}
        return model
    except Exception:   # noqa: BLE001
        w = np.asarray([_DEFAULT_WEIGHTS[f] for f in FEATURES], float)
        part = {"w": w, "b": -4.0}
        return {"mean": np.zeros(len(FEATURES)), "scale": np.ones(len(FEATURES)),
                "uses_pair": False, **{p: part for p in PARTS}}
