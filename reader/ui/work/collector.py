"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects whichever thread happens to allocate past a threshold. When that is a pool
thread running a search or an import, the cycles it frees may hold Qt objects of a closed
window or dialog, whose C++ side must be destroyed on the GUI thread: PySide crashed
(segmentation fault, "Garbage-collecting" on the search thread) in most runs of
``benchmarks/ui_speed.py`` that closed a window while a job wound down.

``GuiThreadCollector`` turns automatic collection off and does what CPython would do, from a
timer on the GUI thread: collect the young generation when its count passes its threshold,
the older ones likewise (the pattern of pyqtgraph's ``GarbageCollector``). The thresholds are
CPython's own, so ``core.gcpause`` still pauses full collections during long work.
Reference counting, which frees almost everything, is untouched.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 50


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if c0 > t0:
            gc.collect(0)
            if c1 + 1 > t1:
                gc.collect(1)
                if c2 + 1 > t2:
                    gc.collect(2)

    def stop(self) -> None:
        """Automatic collection back as it was (at shutdown, once the pool threads are done)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def freeze_survivors() -> None:
    """Once, with the window started and idle: every object alive now (modules, widgets, the
    library's caches) leaves the collector's reach (``gc.freeze``). A full collection, which
    ``check`` runs every tenth older one, walked them all on the GUI thread for 50-100 ms, an
    event-loop stall (story_speed.py: the longest gap of a story's opening went from 94-127 ms
    to 18-23 ms). Garbage made later is collected as before; ``thaw`` undoes it."""
    if not gc.get_freeze_count():
        gc.freeze()


def thaw() -> None:
    """The frozen objects back in the collector's reach (a window closes: its cycles, frozen
    with the rest, can be collected); the next window's ``freeze_survivors`` freezes again."""
    gc.unfreeze()
