"""Full garbage collections pause during long work (a cross-referencing run) and always come
back, however pauses nest or overlap."""

from __future__ import annotations

import gc
import shutil
import threading

import pytest

from reader.core.gcpause import full_collections_paused
from reader.core.library import Library
from tests.helpers import SEEDS


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def paused() -> bool:
    return gc.get_threshold()[2] >= 1 << 30


def test_pause_nests_and_restores(thresholds):
    with full_collections_paused():
        assert paused()
        assert gc.get_threshold()[:2] == thresholds[:2]     # young generations still collected
        with full_collections_paused():
            assert paused()
        assert paused()
    assert gc.get_threshold() == thresholds


def test_restored_after_an_error(thresholds):
    with pytest.raises(RuntimeError):
        with full_collections_paused():
            raise RuntimeError("boom")
    assert gc.get_threshold() == thresholds


def test_overlapping_pauses_in_two_threads(thresholds):
    """The first pause ends before the second: the threshold stays paused until the second
    ends, then comes back as it was (not as the second pause found it)."""
    entered, release = threading.Event(), threading.Event()

    def other():
        with full_collections_paused():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=other)
    with full_collections_paused():
        t.start()
        assert entered.wait(5)
    assert paused()                  # the other thread's pause still holds
    release.set()
    t.join(5)
    assert gc.get_threshold() == thresholds


def test_xref_run_pauses_and_restores_even_when_abandoned(tmp_path, thresholds):
    lib = Library(tmp_path / "lib")
    try:
        for name in sorted(p.name for p in SEEDS.glob("*.txt")):
            shutil.copy(SEEDS / name, tmp_path / name)
            lib.import_paths([tmp_path / name]).run()
        run = lib.cross_reference(None)
        next(run)
        assert paused()              # while the run is under way
        run.close()                  # a consumer that stops early
        assert gc.get_threshold() == thresholds
        for _ in lib.cross_reference(None):
            pass
        assert gc.get_threshold() == thresholds and lib.links()
    finally:
        lib.close()
