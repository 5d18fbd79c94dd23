"""Work for the second core: helper processes, and the index writer that uses one.

Indexing a large import and scoring a large cross-referencing run are mostly pure Python,
which one process cannot spread over two cores. A ``HelperProcess`` takes a share of such
work: ``python -m reader.core.helper_process KIND``, started with ``subprocess`` (never a
fork: the window runs this work on a worker thread, and a fork of a threaded Qt process is
undefined behaviour; and none of multiprocessing's re-import of the caller's main module).
It reads pickled messages on its stdin and answers each request on its stdout:

* ``index``: ``("open", index_dir, index_name, limitmb)``, then ``("docs", [fields, ...])``
  any number of times, then ``("end",)``; it answers once, ``("ok", segment)`` (None when it
  got no documents) or ``("error", traceback)``. ``HelperWriter`` below is its parent.
* ``score`` (xref/pairs/score_helper.py): pair scores for batches of texts and pairs.

End of input without ``("end",)`` (its parent was killed, or cancelled) makes a helper drop
its work and exit, so a killed ``reader`` leaves no process behind. A helper that cannot
start, dies or raises costs time, never a result: its parent does the share itself.

The index helper writes only a new segment, which counts once the parent's commit (the
parent keeps the index's write lock) names it in the table of contents; until then it is
invisible, so a killed import leaves the index as it was (the store still marks those
documents unindexed, and the next open indexes them). The pipe bounds memory: a parent
waits when its helper is a batch behind.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from whoosh.writing import PostingPool, SegmentWriter

BATCH = 50          # documents per message to the index helper
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])   # the folder holding reader/


# kind -> its main(stdin, stdout), named (not imported) so that the kinds' modules can use
# this one without a circle
KINDS = {"index": "reader.core.helper_process:_index_main",
         "score": "reader.core.xref.pairs.score_helper:score_main"}


class HelperError(RuntimeError):
    pass


class HelperProcess:
    """One helper process of the given kind; every failure becomes ``HelperError`` (on
    ``receive``) and ``failure`` (a sentence)."""

    def __init__(self, kind: str):
        self.failure = ""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
        # one thread for numpy's BLAS: the helper is there to fill the one core its parent
        # leaves; BLAS threads of its own would contend with the parent (measured: a helper
        # scoring BBC's pairs waited 0.9 s on its parent with them, 0.3 s without)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[name] = "1"
        # stderr to a file: a pipe nobody reads while the helper works could fill and stall it
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "reader.core.helper_process", kind], env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as exc:
            self._proc = None
            self.failure = f"the {kind} helper process could not start ({exc})"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def send(self, message) -> bool:
        """False (and ``failure`` set) when the helper can no longer take work."""
        if self._proc is None or self.failure:
            return False
        try:
            pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.flush()
            return True
        except (OSError, ValueError) as exc:
            self.failure = f"the helper process stopped ({exc})"
            return False

    def receive(self):
        """The helper's next answer's value; HelperError when it failed."""
        if self._proc is None:
            raise HelperError(self.failure)
        try:
            status, value = pickle.load(self._proc.stdout)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            status, value = "error", ""
        if status == "ok":
            return value
        code = self._wait()
        self._stderr.seek(0)
        err = self._stderr.read().decode("utf-8", "replace")[-2000:]
        self.failure = (f"the helper process failed (exit {code}): "
                        f"{value or err or self.failure}").strip()
        raise HelperError(self.failure)

    def finish(self) -> None:
        """End of input; waits for the helper to exit (it has answered all it will)."""
        if self._proc is not None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            self._wait()
        self._close()

    def stop(self) -> None:
        """Abandon the helper's work now (cancel): its input ends and it is terminated; what
        it wrote is referenced by nothing."""
        if self._proc is not None and self._proc.poll() is None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            self._proc.terminate()
            self._wait(timeout=5)
        self._close()

    def _wait(self, timeout: float = 10) -> int:
        try:
            return self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            return self._proc.wait()

    def _close(self) -> None:
        files = [self._stderr]
        if self._proc is not None:
            files += [self._proc.stdin, self._proc.stdout]
        for f in files:
            try:
                f.close()
            except OSError:
                pass


class HelperWriter(SegmentWriter):
    """A ``SegmentWriter`` that hands every other batch of added documents to a helper.

    After ``commit``, ``left_out`` names the documents a failed helper had (the caller
    indexes them in-process, as ingest.py does) and ``failure`` says why."""

    def __init__(self, ix, *, limitmb: int = 1024, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._buffer: list[dict] = []
        self._turn = 0
        self._sent_ids: list[str] = []
        self.left_out: list[str] = []
        self.failure = ""
        self._helper = HelperProcess("index")
        self._helper.send(("open", self.storage.folder, self.indexname, limitmb))

    def add_document(self, **fields):
        self._buffer.append(fields)
        if len(self._buffer) >= BATCH:
            self._flush_buffer()

    def _flush_buffer(self) -> None:
        batch, self._buffer = self._buffer, []
        self._turn ^= 1
        if batch and self._turn and self._helper.send(("docs", batch)):
            self._sent_ids += (f["id"] for f in batch)
            return
        for fields in batch:
            SegmentWriter.add_document(self, **fields)

    def commit(self, mergetype=None, optimize=None, merge=None):
        # end the helper's input first: it finishes its segment while this one is finished
        try:
            self._flush_buffer()
            self._helper.send(("end",))
            self._check_state()
            finalsegments = self._merge_segments(mergetype, optimize, merge)
            if self._added:
                finalsegments.append(self._finalize_segment())
            else:
                self._close_segment()
        except BaseException:
            self.cancel()
            raise
        try:
            finalsegments.append(self._helper.receive())
        except HelperError as exc:
            self.failure, self.left_out = str(exc), list(self._sent_ids)
        finally:
            self._helper.finish()
        self._commit_toc([s for s in finalsegments if s is not None])
        self._finish()

    def cancel(self):
        try:
            self._helper.stop()
        finally:
            if not self.is_closed:
                SegmentWriter.cancel(self)


def _index_main(stdin, stdout) -> int:
    """The index helper: add the batches it reads to one segment, send the segment back."""
    from whoosh.index import open_dir
    writer = None
    try:
        _, folder, indexname, limitmb = pickle.load(stdin)
        ix = open_dir(folder, indexname=indexname)
        writer = SegmentWriter(ix, _lk=False, limitmb=limitmb)
        # a temporary folder of its own: Whoosh names one per index, and a writer's cancel
        # or finish deletes it, which would pull the parent's files from under it
        writer._tempstorage = ix.storage.temp_storage(f"{indexname}.helper-{os.getpid()}.tmp")
        writer.pool = PostingPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
        while True:
            try:
                message = pickle.load(stdin)
            except EOFError:              # the parent is gone or cancelled
                writer.cancel()
                return 1
            if message[0] == "end":
                break
            for fields in message[1]:
                writer.add_document(**fields)
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        writer._tempstorage.destroy()
        answer(stdout, "ok", segment)
        return 0
    except BaseException:   # noqa: BLE001 - reported to the parent, which does the work
        if writer is not None and not writer.is_closed:
            try:
                writer.cancel()
            except Exception:   # noqa: BLE001
                pass
        answer_error(stdout)
        return 1


def answer(stdout, status: str, value) -> None:
    pickle.dump((status, value), stdout, protocol=pickle.HIGHEST_PROTOCOL)
    stdout.flush()


def answer_error(stdout) -> None:
    import traceback
    try:
        answer(stdout, "error", traceback.format_exc(limit=5))
    except OSError:
        pass


def main(kind: str) -> int:
    import gc
    gc.set_threshold(700, 10, 1 << 30)    # as gcpause.py: no full collections mid-work
    # below its parent's priority: in the window, the parent's GUI thread, its worker thread
    # and the helper would otherwise share two cores as equals, and the event loop stalled
    # (p99 gap 65 ms while importing BBC, against 18-23 ms in one process); on an idle core
    # the helper runs as fast as ever
    try:
        os.nice(10)
    except OSError:
        pass
    if kind not in KINDS:
        print(f"unknown helper kind {kind!r}", file=sys.stderr)
        return 2
    import importlib
    module, name = KINDS[kind].split(":")
    target = getattr(importlib.import_module(module), name)
    with os.fdopen(sys.stdin.fileno(), "rb", closefd=False) as stdin, \
            os.fdopen(sys.stdout.fileno(), "wb", closefd=False) as stdout:
        return target(stdin, stdout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
