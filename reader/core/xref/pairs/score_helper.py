"""Pair scoring on two cores: a helper process scores one share of a large run's pairs.

A cross-referencing run over a large library scores tens of thousands of claim pairs, each
claim analysed once (``prepare_many``) and each pair turned into features (``score_many``):
pure Python and numpy that one process runs on one core. ``score_on_two_cores`` sends the
later share of the pairs (they are sorted by document, so the two shares need few claims
in common) with their claims' texts to a helper process (``reader.core.helper_process``,
kind ``score``), scores the earlier share itself meanwhile, and joins the two. The helper
loads the same model file, so the scores are the very ones one process gives (a test
checks it). Anything wrong with the helper costs time, not scores: the parent scores its
share too.
"""

from __future__ import annotations

import pickle
from typing import Callable, Sequence

import numpy as np

PREPARE_BATCH = 2000   # texts analysed together (as linking.py)
HELPER_SHARE = 0.5     # the helper's share of the pairs


def score_on_two_cores(scorer, texts: Callable[[list[int]], list[str]],
                       pairs: Sequence[tuple[int, int]],
                       score_locally: Callable[[Sequence[tuple[int, int]]], tuple],
                       ) -> tuple[np.ndarray, dict] | None:
    """Scores ``pairs`` of claim rows: ``texts(rows)`` gives the rows' texts;
    ``score_locally(pairs)`` gives (scores, prepared claims) or None when cancelled.
    Returns (scores, the prepared claims of the parent's share) or None when cancelled."""
    from reader.core.helper_process import HelperError, HelperProcess
    cut = int(len(pairs) * (1 - HELPER_SHARE))
    mine, theirs = list(pairs[:cut]), list(pairs[cut:])
    rows = list(dict.fromkeys(r for pair in theirs for r in pair))
    local = {r: k for k, r in enumerate(rows)}
    helper = HelperProcess("score")
    sent = (helper.send(("open", scorer.model_path))
            and helper.send(("score", texts(rows),
                             np.array([(local[a], local[b]) for a, b in theirs],
                                      dtype=np.int32).reshape(-1, 2))))
    cancelled = True
    try:
        done = score_locally(mine)
        if done is None:
            return None
        scores, prepared = done
        other = None
        if sent:
            try:
                other = helper.receive()
            except HelperError:
                other = None
        if other is None or len(other) != len(theirs):
            again = score_locally(theirs)
            if again is None:
                return None
            other, more = again
            prepared.update(more)
        cancelled = False
        return np.concatenate([np.asarray(scores, dtype=float),
                               np.asarray(other, dtype=float)]), prepared
    finally:
        if cancelled:           # a cancelled run (or an error) does not wait for the helper
            helper.stop()
        else:
            helper.send(("end",))
            helper.finish()


def score_main(stdin, stdout) -> int:
    """The helper: load the model named by ``("open", path)``, then answer each
    ``("score", texts, pairs)`` with the pairs' scores until ``("end",)``."""
    from reader.core.helper_process import answer, answer_error

    from .scorer import PairScorer
    try:
        _, model_path = pickle.load(stdin)
        scorer = PairScorer(model_path)
        while True:
            try:
                message = pickle.load(stdin)
            except EOFError:            # the parent is gone or cancelled
                return 1
            if message[0] == "end":
                return 0
            _, texts, pairs = message
            prepared = []
            for s in range(0, len(texts), PREPARE_BATCH):
                prepared += scorer.prepare_many(texts[s:s + PREPARE_BATCH])
            scores = scorer.score_many([(prepared[a], prepared[b]) for a, b in pairs.tolist()]) \
                if len(pairs) else np.zeros(0)
            answer(stdout, "ok", np.asarray(scores, dtype=float))
    except BaseException:   # noqa: BLE001 - reported to the parent, which scores the share
        answer_error(stdout)
        return 1
