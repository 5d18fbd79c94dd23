"""A work-around for a reference-counting bug of the Qt binding.

PySide6 6.12.0 returns ``None`` (from every method that returns nothing) and ``True`` (from
``Signal.emit``) without a new reference. On Python 3.12 and later those objects are immortal
and nothing happens; on Python 3.10 and 3.11 each call takes one reference away, and after a
few thousand signal emissions the interpreter aborts ("Fatal Python error: bool_dealloc:
deallocating True or False"). PySide6 6.11.3 does not do this.

``protect_singletons()`` checks whether the binding in use drops references and, if it does,
gives None, True and False a reference count too large to run out, which is what Python 3.12
does for every process (PEP 683). Nothing is done on Python 3.12+ or with a correct binding.
"""

from __future__ import annotations

import ctypes
import sys

PROBE_CALLS = 8
HEADROOM = 1 << 40          # references added: ~10^12 calls before they could run out


def binding_drops_references() -> bool:
    """Does a void call or a signal emission of the binding take a reference from None/True?"""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")        # returns None
        probe.ping.emit()                   # returns True
    lost = (none_before - sys.getrefcount(None)) + (true_before - sys.getrefcount(True))
    return lost >= PROBE_CALLS


def protect_singletons() -> bool:
    """Returns whether the work-around was needed (and applied)."""
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects"):   # immortal, or a debug build
        return False
    if sys.getrefcount(None) > HEADROOM:                 # done already
        return True
    if not binding_drops_references():
        return False
    for obj in (None, True, False):
        cell = ctypes.c_ssize_t.from_address(id(obj))    # ob_refcnt, the first field
        before = sys.getrefcount(obj)
        cell.value += HEADROOM
        if sys.getrefcount(obj) - before != HEADROOM:    # not the layout we expect: undo
            cell.value -= HEADROOM
            return False
    return True
