"""The cyclic collector is paused during a cross-referencing run and always comes back."""

from __future__ import annotations

import gc
import shutil
import threading

import pytest

from reader.core.gcpause import gc_paused
from reader.core.library import Library
from tests.helpers import SEEDS


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_pause_nests_and_restores(collector_on):
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error(collector_on):
    with pytest.raises(RuntimeError):
        with gc_paused():
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads(collector_on):
    entered, release = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=other)
    with gc_paused():
        t.start()
        assert entered.wait(5)
    assert not gc.isenabled()         # the other thread's pause still holds
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_xref_run_pauses_and_restores_even_when_abandoned(tmp_path, collector_on):
    lib = Library(tmp_path / "lib")
    try:
        for name in sorted(p.name for p in SEEDS.glob("*.txt")):
            shutil.copy(SEEDS / name, tmp_path / name)
            lib.import_paths([tmp_path / name]).run()
        run = lib.cross_reference(None)
        next(run)
        assert not gc.isenabled()     # paused while the run is under way
        run.close()                   # a consumer that stops early
        assert gc.isenabled()
        for _ in lib.cross_reference(None):
            pass
        assert gc.isenabled() and lib.links()
    finally:
        lib.close()
