"""Pausing Python's cyclic garbage collector during a long computation.

Cross-referencing builds large tables of small objects (claims, spans, pairs) that hold no
reference cycles. Each full pass of the cyclic collector walks all of them again, and a run
over BBC triggers about ten such passes, about a tenth of its time. Reference counting still
frees every object at once; only the search for cycles waits until the last paused
computation ends. Pauses nest and may overlap across threads: the collector comes back, if it
was on when the first pause began, when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator


class _Pauses:
    def __init__(self):
        self.lock = threading.Lock()
        self.holders = 0
        self.resume = False


_state = _Pauses()     # process-wide, as the collector is


@contextmanager
def gc_paused() -> Iterator[None]:
    with _state.lock:
        if _state.holders == 0:
            _state.resume = gc.isenabled()
            gc.disable()
        _state.holders += 1
    try:
        yield
    finally:
        with _state.lock:
            _state.holders -= 1
            if _state.holders == 0 and _state.resume:
                gc.enable()
