"""No automatic full (generation-2) garbage collection while long work runs.

Importing and cross-referencing keep hundreds of thousands to millions of objects alive
(claims, spans, pairs, postings), few of them in reference cycles. A full collection walks all
of them while holding the GIL: a cross-referencing run over BBC triggered about ten, a tenth
of its time, and in the window each froze the event loop for 70-120 ms. Young generations
are still collected, and reference counting still frees everything at once; the full-pass
threshold comes back when the last paused work ends.

Pauses nest and may overlap across threads (a long job in the window runs a core generator
that pauses too): the threshold is saved when the first pause begins and restored, keeping
the young generations' thresholds as they are then, when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_NEVER = 1 << 30


class _Pauses:
    def __init__(self):
        self.lock = threading.Lock()
        self.holders = 0
        self.saved = 10


_state = _Pauses()     # process-wide, as the collector is


@contextmanager
def full_collections_paused() -> Iterator[None]:
    with _state.lock:
        if _state.holders == 0:
            t0, t1, _state.saved = gc.get_threshold()
            gc.set_threshold(t0, t1, _NEVER)
        _state.holders += 1
    try:
        yield
    finally:
        with _state.lock:
            _state.holders -= 1
            if _state.holders == 0:
                t0, t1, _ = gc.get_threshold()
                gc.set_threshold(t0, t1, _state.saved)
