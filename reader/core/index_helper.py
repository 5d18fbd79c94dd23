"""A Whoosh writer that uses the second core: half the documents are indexed by a helper process.

Indexing a large import is mostly Whoosh's pure-Python analysis and posting writing, which
one process cannot spread over two cores. ``HelperWriter`` keeps every other batch of
documents for itself and sends the others to one helper process, which writes them into a
segment of its own; at commit both segments join the index's table of contents together
(Whoosh's ``MpWriter`` with ``multisegment=True`` does the same, but it forks, which is
undefined behaviour in the window's threaded process, and passes batches through temporary
files).

The helper is ``python -m reader.core.index_helper``, started with ``subprocess`` (no fork,
and none of multiprocessing's re-import of the caller's main module). It reads pickled
messages on its stdin and answers once on its stdout:

* ``("open", index_dir, index_name, limitmb)``, then ``("docs", [fields, ...])`` any number
  of times, then ``("end",)``: it answers ``("ok", segment)`` (``segment`` is None when it got
  no documents) or ``("error", traceback)``.
* End of input without ``("end",)`` (its parent was killed, or cancelled the writer): it
  cancels its segment and exits. A killed import leaves no process behind.

Safety: the parent keeps the index's write lock; the helper writes only a new segment, which
counts once the parent's commit names it in the table of contents. Until then it is
invisible, so a killed import leaves the index as it was (the store still marks those
documents unindexed, and the next open indexes them). A helper that cannot start, dies or
raises costs nothing but time: the parent commits its own half, and ``left_out`` names the
documents the helper had, which the caller indexes in-process (ingest.py does) and
``failure`` says why. The pipe bounds memory: the parent waits when the helper is a batch
behind.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from whoosh.writing import PostingPool, SegmentWriter

BATCH = 50          # documents per message to the helper
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])   # the folder holding reader/


class IndexHelperError(RuntimeError):
    pass


class HelperWriter(SegmentWriter):
    """A ``SegmentWriter`` that hands every other batch of added documents to a helper."""

    def __init__(self, ix, *, limitmb: int = 1024, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._buffer: list[dict] = []
        self._turn = 0
        self._failure = ""
        self._sent_ids: list[str] = []
        self.left_out: list[str] = []   # after commit: ids the helper had but did not index
        self.failure = ""               # after commit: why (empty when it worked)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
        # stderr to a file: a pipe nobody reads while the helper works could fill and stall it
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "reader.core.index_helper"], env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
            self._send(("open", self.storage.folder, self.indexname, limitmb))
        except OSError as exc:
            self._proc = None
            self._failure = f"the indexing helper process could not start ({exc})"

    def _send(self, message) -> bool:
        if self._proc is None or self._failure:
            return False
        try:
            pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.flush()
            return True
        except (OSError, ValueError) as exc:   # the helper died: its reason comes at commit
            self._failure = f"the indexing helper process stopped ({exc})"
            return False

    def add_document(self, **fields):
        self._buffer.append(fields)
        if len(self._buffer) >= BATCH:
            self._flush_buffer()

    def _flush_buffer(self) -> None:
        batch, self._buffer = self._buffer, []
        self._turn ^= 1
        if batch and self._turn and self._send(("docs", batch)):
            self._sent_ids += (f["id"] for f in batch)
            return
        for fields in batch:
            SegmentWriter.add_document(self, **fields)

    def _helper_segment(self):
        """Ends the helper's input and returns its segment (None when it got nothing)."""
        if self._proc is None:
            raise IndexHelperError(self._failure)
        self._send(("end",))
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            status, value = pickle.load(self._proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            status, value = "error", ""
        code = self._proc.wait()
        if status != "ok":
            self._stderr.seek(0)
            err = self._stderr.read().decode("utf-8", "replace")[-2000:]
            raise IndexHelperError(
                f"the indexing helper process failed (exit {code}): "
                f"{value or err or self._failure}".strip())
        return value

    def commit(self, mergetype=None, optimize=None, merge=None):
        try:
            self._flush_buffer()
            helper = self._helper_segment()
        except IndexHelperError as exc:
            helper, self.failure, self.left_out = None, str(exc), list(self._sent_ids)
        except BaseException:
            self.cancel()
            raise
        finally:
            self._close_pipes()
        self._check_state()
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        if helper is not None:
            finalsegments.append(helper)
        self._commit_toc(finalsegments)
        self._finish()

    def cancel(self):
        try:
            if self._proc is not None and self._proc.poll() is None:
                try:
                    self._proc.stdin.close()          # end of input: the helper cancels
                    self._proc.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    self._proc.kill()
                    self._proc.wait()
        finally:
            self._close_pipes()
            if not self.is_closed:
                SegmentWriter.cancel(self)

    def _close_pipes(self) -> None:
        files = [self._stderr]
        if self._proc is not None:
            files += [self._proc.stdin, self._proc.stdout]
        for f in files:
            try:
                f.close()
            except OSError:
                pass


def _helper_main(stdin, stdout) -> int:
    """The helper process: add the batches it reads to one segment, send the segment back."""
    import gc
    import traceback

    from whoosh.index import open_dir
    gc.set_threshold(700, 10, 1 << 30)    # as gcpause.py: no full collections mid-batch
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
        pickle.dump(("ok", segment), stdout)
        return 0
    except BaseException:   # noqa: BLE001 - reported to the parent, which fails the import
        try:
            if writer is not None and not writer.is_closed:
                writer.cancel()
        finally:
            pickle.dump(("error", traceback.format_exc(limit=5)), stdout)
        return 1


if __name__ == "__main__":
    with os.fdopen(sys.stdin.fileno(), "rb", closefd=False) as _in, \
            os.fdopen(sys.stdout.fileno(), "wb", closefd=False) as _out:
        sys.exit(_helper_main(_in, _out))
