"""Background work: importing with progress, cancelling, failures collected in one panel,
paste and drop as imports, and the empty library's drop target."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from tests.helpers import ARTICLE, synthetic_records, write, write_jsonl
from tests.ui.uihelpers import close_window, make_window


def test_import_collects_failures_in_one_panel_and_refreshes_the_library(
        qtbot, window, tmp_path, monkeypatch):
    modals = []
    monkeypatch.setattr(QMessageBox, "exec", lambda *a: modals.append(a))
    folder = tmp_path / "incoming"
    write(folder / "one.txt", "First article\n\n" + ARTICLE)
    write(folder / "two.md", "# Second article\n\nTroops were sent to the border on Monday, "
                             "officials in the capital said in a statement.")
    write(folder / "empty.txt", "")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    before = window.library_panel.model.rowCount()
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        window.tasks.import_paths([folder])
    report = done.args[0].report
    assert len(report.imported) == 2
    assert {f["path"].rsplit("/", 1)[-1] for f in report.failed} == {"empty.txt", "binary.txt"}
    assert window.problems_dock.isVisible()
    failures = window.problems.failures()
    assert [p.rsplit("/", 1)[-1] for p, _ in sorted(failures)] == ["binary.txt", "empty.txt"]
    assert all(reason for _, reason in failures)
    assert modals == []                                      # no dialog per file
    qtbot.waitUntil(lambda: window.library_panel.model.rowCount() == before + 2, timeout=5000)
    assert "could not be read" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)   # the xref that follows


def test_progress_shows_after_half_a_second_and_cancel_keeps_the_library_consistent(
        qtbot, window, library, tmp_path):
    big = write_jsonl(tmp_path / "big.jsonl", synthetic_records(3000, words=250))
    reports = []
    window.tasks.job_progress.connect(reports.append)
    with qtbot.waitSignal(window.tasks.import_finished, timeout=60000) as done:
        window.tasks.import_paths([big])
        qtbot.waitUntil(lambda: window.progress.isVisible(), timeout=5000)
        assert reports and reports[-1].total == 1
        assert window.progress.label.text().startswith("Importing")
        qtbot.mouseClick(window.progress.cancel, Qt.MouseButton.LeftButton)
        assert window.progress.label.text() == "Cancelling…"
    report = done.args[0].report
    assert report.cancelled
    assert 0 < len(report.imported) < 3000
    qtbot.waitUntil(lambda: not window.progress.isVisible(), timeout=5000)
    # consistent: every stored document is indexed and searchable
    assert library.store.unindexed() == []
    assert library.store.count() == 3 + len(report.imported)
    assert library.index.doc_count() == library.store.count()
    first = report.imported[0]["id"]
    hits = library.search("title:\"Report number 0\"", limit=5).hits
    assert first in [h.id for h in hits]
    qtbot.waitUntil(lambda: window.library_panel.model.row_of(first) >= 0, timeout=5000)
    assert "cancelled" in window.statusBar().currentMessage().lower()


def test_paste_text_becomes_an_article_in_the_inbox(qtbot, window, library):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText(
        "Harvest Report From The Valley\n\nFarmers in the valley brought in a record wheat "
        "harvest this year, the regional council said on Tuesday.")
    window.reading.view.setFocus()
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        qtbot.keyClick(window.reading.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    imported = done.args[0].report.imported
    assert len(imported) == 1
    doc = library.get(imported[0]["id"])
    assert doc.title == "Harvest Report From The Valley"
    assert "record wheat harvest" in doc.text
    inbox = list((library.root / "inbox").glob("pasted-*.md"))
    assert len(inbox) == 1 and not list((library.root / "inbox").glob(".paste-*"))
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)


def test_paste_in_the_search_field_stays_a_paste(qtbot, window):
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText("kursk")
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.text() == "kursk"
    assert not window.tasks.busy()


def test_dropping_files_imports_them(qtbot, window, tmp_path):
    path = write(tmp_path / "dropped.txt", "Dropped article\n\n" + ARTICLE)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        window.dropEvent(event)
    assert [d["path"] for d in done.args[0].report.imported] == [str(path)]
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)


def test_empty_library_shows_a_drop_target_then_the_first_import(
        qtbot, empty_library, settings, tmp_path):
    window = make_window(qtbot, empty_library, settings)
    try:
        assert window.center.currentWidget() is window.empty
        assert window.library_panel.stack.currentWidget() is window.library_panel.empty
        assert window.acceptDrops()
        path = write(tmp_path / "first.txt", "First article\n\n" + ARTICLE)
        with qtbot.waitSignal(window.tasks.import_finished, timeout=20000):
            window.tasks.import_paths([path])
        assert window.center.currentWidget() is window.reading     # opened at once
        qtbot.waitUntil(lambda: window.library_panel.stack.currentIndex() == 1, timeout=5000)
        qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)
    finally:
        close_window(window)


def test_removing_the_open_document_from_the_keyboard(qtbot, window, library, monkeypatch):
    from tests.ui.uihelpers import SEED_000, SEED_003
    qtbot.waitActive(window)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    window.nav.open_document(SEED_003)
    window.nav.open_document(SEED_000)
    window.library_panel.select_ids([SEED_000])
    window.library_panel.focus_list()
    with qtbot.waitSignal(window.tasks.removed, timeout=20000) as removed:
        qtbot.keyClick(window.library_panel.table, Qt.Key.Key_Delete)
    assert removed.args == [[SEED_000]]
    assert "Russia Relies on North Korean Forces" in asked[0]
    assert library.store.get(SEED_000) is None
    assert library.search("EuropeNews", limit=5).hits == []
    qtbot.waitUntil(lambda: window.library_panel.model.row_of(SEED_000) == -1, timeout=5000)
    assert window.center.currentWidget() is window.welcome
    assert not window.commands.forward.isEnabled()
    window.nav.on_back()                          # history forgot the removed document
    assert window.reading.view.doc_id == SEED_003


def test_long_jobs_pause_full_collections_and_restore_them(qtbot):
    import gc

    from reader.ui.work.worker import JobQueue
    before = gc.get_threshold()
    seen = {}

    def job(cancel):
        seen["during"] = gc.get_threshold()
        yield 1
        return "ok"

    for long_jobs in (True, False):
        queue = JobQueue(threads=1, long_jobs=long_jobs)
        j = queue.submit("xref", "test", job)
        with qtbot.waitSignal(j.signals.ended, timeout=10000):
            pass
        assert gc.get_threshold() == before
        assert (seen["during"][2] > before[2]) is long_jobs
        assert seen["during"][:2] == before[:2]
        queue.shutdown()


def test_a_quick_job_cannot_end_before_its_caller_connects(qtbot):
    import time

    from reader.ui.work.worker import JobQueue

    def quick(cancel):
        return "done"
        yield  # noqa: unreachable

    queue = JobQueue(threads=1)
    job = queue.submit("search", "quick", quick)
    time.sleep(0.3)                 # the pool thread would have finished it by now
    got = []
    job.signals.finished.connect(got.append)
    qtbot.waitUntil(lambda: not queue.busy(), timeout=5000)
    assert got == ["done"]
    queue.shutdown()


def test_shutting_down_while_a_job_runs_collects_nothing_on_its_thread(qtbot):
    """Closing the window while a search still runs: the job winds down with the cyclic
    garbage collector paused (a collection there could free Qt objects from the wrong thread),
    and the garbage is collected afterwards, on the GUI thread."""
    import gc
    import threading
    import time

    from reader.ui.work.worker import JobQueue, shutdown_all

    seen = {"collections_on_pool": 0, "steps": 0}
    gui = threading.get_ident()

    def on_gc(phase, info):
        if phase == "start" and threading.get_ident() != gui:
            seen["collections_on_pool"] += 1

    def busy(cancel):
        started = time.monotonic()
        while time.monotonic() - started < 5:
            for _ in range(2000):          # cyclic garbage, enough to set off collections
                a = []
                a.append(a)
            seen["steps"] += 1
            yield seen["steps"]
            if cancel.is_set():
                # the job still allocates as it winds down, as a real search does
                for _ in range(20000):
                    b = []
                    b.append(b)
                return "cancelled"

    enabled = gc.isenabled()       # off where the application's GuiThreadCollector runs
    gc.enable()
    queues = [JobQueue(threads=1), JobQueue(threads=1)]
    jobs = [q.submit("search", "busy", busy) for q in queues]
    qtbot.waitUntil(lambda: seen["steps"] > 5, timeout=5000)
    gc.callbacks.append(on_gc)
    try:
        assert shutdown_all(*queues, timeout_ms=10000)
    finally:
        gc.callbacks.remove(on_gc)
        restored = gc.isenabled()
        if not enabled:
            gc.disable()
    assert seen["collections_on_pool"] == 0
    assert restored
    assert all(j.cancelled for j in jobs)


def test_cyclic_garbage_is_collected_on_the_gui_thread_only(qtbot):
    import gc
    import threading

    from reader.ui.work.collector import GuiThreadCollector

    gui = threading.get_ident()
    where: list[bool] = []

    def on_gc(phase, info):
        if phase == "start":
            where.append(threading.get_ident() == gui)

    def make_garbage():
        for _ in range(50_000):
            a = []
            a.append(a)

    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    gc.callbacks.append(on_gc)
    try:
        t = threading.Thread(target=make_garbage)
        t.start()
        t.join()
        assert where == []                      # the worker thread collected nothing
        qtbot.waitUntil(lambda: bool(where), timeout=3000)
        assert all(where)                       # the timer collected, on the GUI thread
    finally:
        gc.callbacks.remove(on_gc)
        collector.stop()
        collector.deleteLater()
    assert gc.isenabled() == was_enabled


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(64)


def _import(qtbot, window, paths):
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000) as done:
        window.tasks.import_paths(paths)
    return done.args[0].report


def test_import_problems_show_the_last_import_and_keep_the_earlier_ones(qtbot, window, tmp_path):
    """Fix 6: a clean import after a failing one shows a clean panel; the failures stay one
    step away in the batch list."""
    write(tmp_path / "a" / "empty.txt", "")
    write(tmp_path / "a" / "ok.txt", "Harbour opens\n\n" + ARTICLE)
    write(tmp_path / "b" / "fine.md", "# Bridge reopens\n\nThe bridge reopened on Monday after "
                                      "repairs, the city council said in a statement.")
    assert len(_import(qtbot, window, [tmp_path / "a"]).failed) == 1
    assert [p.rsplit("/", 1)[-1] for p, _ in window.problems.failures()] == ["empty.txt"]
    assert not _import(qtbot, window, [tmp_path / "b"]).failed
    problems = window.problems
    assert problems.failures() == []                          # the last import: no problems
    assert "Every file was imported" in problems.summary.text()
    assert problems.batch_box.count() == 2
    problems.batch_box.setFocus()
    qtbot.keyClick(problems.batch_box, Qt.Key.Key_Down)       # the earlier import
    assert [p.rsplit("/", 1)[-1] for p, _ in problems.failures()] == ["empty.txt"]
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)


def test_a_paste_leaves_a_summary_until_it_is_dismissed(qtbot, window):
    """Fix 8: the summary outlives the status bar's message; Esc or × dismisses it."""
    qtbot.waitActive(window)
    QGuiApplication.clipboard().setText(
        "Harvest Report From The Valley\n\nFarmers in the valley brought in a record wheat "
        "harvest this year, the regional council said on Tuesday.")
    with qtbot.waitSignal(window.tasks.import_finished, timeout=20000):
        qtbot.keyClick(window.reading.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    bar = window.summary_bar
    assert bar.isVisible()
    assert "The pasted text was imported as “Harvest Report From The Valley”" in bar.text()
    window.statusBar().clearMessage()                         # the fleeting one has gone
    qtbot.wait(50)
    assert bar.isVisible()
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)


def test_a_large_import_summary_names_misnamed_files_by_their_real_type(qtbot, window, tmp_path):
    folder = tmp_path / "batch"
    for n in range(5):
        write(folder / f"story{n}.txt", f"Story number {n}\n\n" + ARTICLE.replace("the", f"the {n}"))
    (folder / "photo.html").write_bytes(PNG)
    report = _import(qtbot, window, [folder])
    assert len(report.imported) == 5 and len(report.failed) == 1
    assert report.failed[0]["error"].startswith("a PNG image, not HTML")
    bar = window.summary_bar
    assert bar.isVisible()
    text = bar.text()
    assert "Imported 5 documents" in text and "1 failed" in text
    assert "photo.html: a PNG image, not HTML" in text
    with qtbot.waitSignal(bar.problems_requested):
        bar.label.linkActivated.emit("problems")
    assert window.problems_dock.isVisible()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)


def test_a_small_clean_import_leaves_no_lasting_summary(qtbot, window, tmp_path):
    write(tmp_path / "one.txt", "Harbour opens\n\n" + ARTICLE)
    _import(qtbot, window, [tmp_path / "one.txt"])
    assert not window.summary_bar.isVisible()
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=30000)
